"""Bare http(s) URLs in plain text: where they are, so importers can link them."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

URL = re.compile(r"https?://[^\s<>\"…]+")
# Punctuation that ends a sentence around a URL rather than belonging to it.
URL_TRAILING = ".,;:!?)]}”’'\""


def split_urls(text: str) -> Iterator[tuple[str, bool]]:
    """Yield the non-empty pieces of `text` in order, each with whether it is a URL."""
    pos = 0
    for m in URL.finditer(text):
        url = m.group(0).rstrip(URL_TRAILING)
        if m.start() > pos:
            yield text[pos : m.start()], False
        yield url, True
        pos = m.start() + len(url)
    if pos < len(text):
        yield text[pos:], False


def linkify(text: str) -> str:
    """Escape `text` for HTML, turning bare http(s) URLs into links to themselves."""
    return "".join(
        f'<a href="{html.escape(piece)}">{html.escape(piece, quote=False)}</a>'
        if is_url
        else html.escape(piece, quote=False)
        for piece, is_url in split_urls(text)
    )
