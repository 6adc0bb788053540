"""Input format detection by content (the first bytes), not by file name."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

from clippings.importer.model import Article, Note, Skipped
from clippings.importer.options import ImportOptions
from clippings.importer.sources.wide import as_utf8
from clippings.importer.xmlsafe import read_head

FORMATS = ("text", "wxr", "feed", "html")
SNIFF_BYTES = 8192
# Folders are expanded to files with these endings; files named explicitly are always read.
INPUT_SUFFIXES = frozenset({".txt", ".xml", ".wxr", ".rss", ".atom", ".rdf", ".html", ".htm"})

_WXR = re.compile(rb"wordpress\.org/export/|<wp:wxr_version", re.IGNORECASE)
_FEED = re.compile(rb"<(?:rss|feed|rdf:rdf)[\s>]", re.IGNORECASE)
_HTML = re.compile(rb"<(?:!doctype\s+html|html|head|body|article|meta|div)[\s>]", re.IGNORECASE)

Parser = Callable[[Path, ImportOptions], Iterator[Article | Skipped | Note]]


def detect(path: Path) -> str:
    """The format of the file at `path`: one of FORMATS (text when nothing else fits)."""
    head = as_utf8(read_head(path, SNIFF_BYTES)).lstrip(b"\xef\xbb\xbf \t\r\n")
    if _FEED.search(head):
        return "wxr" if _WXR.search(head) else "feed"
    if _HTML.search(head):
        return "html"
    if head.startswith(b"<?xml"):
        return "feed"  # an XML document of some other kind: the feed parser says what it is
    return "text"


def parser_for(fmt: str) -> Parser:
    """The `parse(path, options)` function of format `fmt`."""
    if fmt == "text":
        from clippings.importer.sources import text

        return text.parse
    if fmt == "wxr":
        from clippings.importer.sources import wxr

        return wxr.parse
    if fmt == "feed":
        from clippings.importer.sources import feed

        return feed.parse
    if fmt == "html":
        from clippings.importer.sources import html

        return html.parse
    raise ValueError(f"unknown format {fmt!r} (expected one of {', '.join(FORMATS)})")
