"""Input format detection by content (the first bytes), not by file name."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

from clippings.model import Article, Note, Skipped
from clippings.options import ImportOptions
from clippings.xmlsafe import read_head

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
    head = _as_utf8(read_head(path, SNIFF_BYTES)).lstrip(b"\xef\xbb\xbf \t\r\n")
    if _FEED.search(head):
        return "wxr" if _WXR.search(head) else "feed"
    if _HTML.search(head):
        return "html"
    if head.startswith(b"<?xml"):
        return "feed"  # an XML document of some other kind: the feed parser says what it is
    return "text"


_WIDE_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)


def _as_utf8(head: bytes) -> bytes:
    """The first bytes re-encoded as UTF-8 when a BOM says UTF-16/32 (so a UTF-16 feed
    is recognised as a feed, not refused as binary), else as they are."""
    for bom, name in _WIDE_BOMS:
        if head.startswith(bom):
            width = 4 if "32" in name else 2
            usable = head[len(bom) : len(bom) + (len(head) - len(bom)) // width * width]
            return usable.decode(name, "replace").encode("utf-8")
    return head


def parser_for(fmt: str) -> Parser:
    """The `parse(path, options)` function of format `fmt`."""
    if fmt == "text":
        from clippings.sources import text

        return text.parse
    if fmt == "wxr":
        from clippings.sources import wxr

        return wxr.parse
    if fmt == "feed":
        from clippings.sources import feed

        return feed.parse
    if fmt == "html":
        from clippings.sources import html

        return html.parse
    raise ValueError(f"unknown format {fmt!r} (expected one of {', '.join(FORMATS)})")
