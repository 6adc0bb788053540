"""An RSS/WXR document cut at its `<item>` boundaries, each item parsed on its own.

A single damaged item (a bare `<` in a title, a stray `&`, a missing end tag, a 10 MB
text node, a control character) must not cost the items after it, which is what one
streaming parse of the whole document does: the parser's recovery swallows the rest.
So the raw bytes are scanned (CDATA sections and comments skipped, so an `<item>`
written inside a post body is not a boundary) and each item is parsed separately,
wrapped in the document's own `<rss …><channel>` start tags so its namespaces resolve.

Parsing never expands entities, loads DTDs or uses the network (`check_prolog` has
refused entity declarations before this runs). An item that does not parse cleanly is
repaired where the repair is unambiguous (a bare `&` or a `<` that cannot start a tag
becomes text, control characters are dropped) and reported as repaired; otherwise it
is reported as damaged, with its line and the parser's message.
"""

from __future__ import annotations

import codecs
import mmap
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree

from clippings.errors import InputError
from clippings.importer.sources.wide import wide_encoding

# One item larger than this is refused (lxml's own limit on one text node is 10 MB).
MAX_ITEM_BYTES = 10 * 1024 * 1024
# Parser errors that lose nothing (an HTML entity such as &nbsp; that XML does not know).
HARMLESS_ERRORS = frozenset({"ERR_UNDECLARED_ENTITY"})
_SCAN = re.compile(rb"<!\[CDATA\[|<!--|<item[\s>/]|</channel\s*>")
_ROOT = re.compile(rb"<rss\b[^>]*>", re.IGNORECASE)
_DECLARATION = re.compile(rb"\s*<\?xml[^>]*\?>")  # used with match(): at the start
_ENCODING = re.compile(rb"""encoding\s*=\s*["'][^"']*["']""")
_CDATA = re.compile(rb"(<!\[CDATA\[.*?\]\]>)", re.DOTALL)
_BARE_AMP = re.compile(rb"&(?!(?:#[0-9]+|#x[0-9a-fA-F]+|[A-Za-z_][\w.-]*);)")
_BARE_LT = re.compile(rb"<(?![A-Za-z_/!?])")
_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")
PARSER_OPTIONS: dict[str, Any] = {
    "recover": True,
    "resolve_entities": False,
    "load_dtd": False,
    "no_network": True,
    "huge_tree": False,
    "remove_comments": True,
    "remove_pis": True,
}


@dataclass
class Chunk:
    """One item's bytes (or the channel header's) and the line it starts on."""

    data: bytes
    line: int


@dataclass
class Parsed:
    """An item parsed: its element (None if nothing usable), and what went wrong."""

    element: Any
    error: str | None = None  # damage that made the item unusable
    repaired: str | None = None  # damage repaired (the item is usable)


class Document:
    """The bytes of an RSS/WXR file, its header and its item chunks."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._buffer: Any = None
        self._file: Any = None
        try:
            with path.open("rb") as fh:
                head = fh.read(4)
                encoding = wide_encoding(head)
                if encoding is not None:
                    # Rare and small in practice: converted to UTF-8 in memory.
                    text = (head + fh.read()).decode(encoding).lstrip("\ufeff")
                    self._buffer = _ENCODING.sub(b'encoding="utf-8"', text.encode("utf-8"), 1)
            if self._buffer is None:
                self._file = path.open("rb")
                size = path.stat().st_size
                self._buffer = (
                    mmap.mmap(self._file.fileno(), 0, access=mmap.ACCESS_READ) if size else b""
                )
        except UnicodeDecodeError as exc:
            raise InputError(str(path), f"not valid text in its encoding: {exc.reason}") from None
        except OSError as exc:
            raise InputError(str(path), f"cannot read: {exc.strerror or exc}") from None
        data = self._buffer
        start = 3 if data[:3] == codecs.BOM_UTF8 else 0
        declaration = _DECLARATION.match(data, start)
        self.declaration = declaration.group(0).strip() if declaration else b""
        root = _ROOT.search(data, start, start + 64 * 1024)
        if root is None:
            self.close()
            raise InputError(str(path), "not an RSS or WXR document (no <rss> element)")
        self.root = root.group(0)
        self._body_start = root.end()

    def close(self) -> None:
        if isinstance(self._buffer, mmap.mmap):
            self._buffer.close()
        if self._file is not None:
            self._file.close()

    def __enter__(self) -> Document:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def chunks(self) -> Iterator[tuple[str, Chunk]]:
        """("header", chunk) for what precedes the first item, then ("item", chunk)s."""
        data = self._buffer
        counted = [0, 1]  # position up to which newlines are counted, and its line

        def line_at(position: int) -> int:
            counted[1] += bytes(data[counted[0] : position]).count(b"\n")
            counted[0] = position
            return counted[1]

        pos = self._body_start
        header_done = False
        item_start: int | None = None
        item_line = 0
        while True:
            m = _SCAN.search(data, pos)
            if m is not None and m.group(0) in (b"<![CDATA[", b"<!--"):
                close = data.find(b"]]>" if m.group(0) == b"<![CDATA[" else b"-->", m.end())
                pos = len(data) if close == -1 else close + 3
                continue
            end = len(data) if m is None else m.start()
            if not header_done:
                header_done = True
                yield (
                    "header",
                    Chunk(bytes(data[self._body_start : end]), line_at(self._body_start)),
                )
            if item_start is not None:
                yield "item", Chunk(bytes(data[item_start:end]), item_line)
                item_start = None
            if m is None or m.group(0).startswith(b"</channel"):
                return
            item_start = m.start()
            item_line = line_at(item_start)
            pos = m.end()

    def parse(self, chunk: Chunk, kind: str = "item") -> Parsed:
        """The element of one chunk (the `<channel>` for the header, else the `<item>`)."""
        if len(chunk.data) > MAX_ITEM_BYTES:
            return Parsed(
                None,
                f"line {chunk.line}: item of {len(chunk.data):,} bytes is larger than the "
                f"limit of {MAX_ITEM_BYTES:,}, not read",
            )
        first = self._parse(chunk, chunk.data, kind)
        if first.error is None or kind == "header":
            return first
        repaired_data = _repair(chunk.data)
        if repaired_data != chunk.data:
            second = self._parse(chunk, repaired_data, kind)
            if second.error is None:
                return Parsed(second.element, None, first.error)
        return first

    def _parse(self, chunk: Chunk, data: bytes, kind: str) -> Parsed:
        prefix = (self.declaration + b"\n" if self.declaration else b"") + self.root
        if kind != "header":  # the header chunk holds the <channel> start tag itself
            prefix += b"<channel>"
        # The wrapper's lines before the chunk: chunk line 1 is the prefix's last line.
        offset = chunk.line - 1 - prefix.count(b"\n")
        suffix = b"</channel></rss>" if kind == "header" else b"\n</channel></rss>"
        parser = etree.XMLParser(**PARSER_OPTIONS)
        try:
            root = etree.fromstring(prefix + data + suffix, parser)
        except etree.XMLSyntaxError as exc:
            return Parsed(None, f"line {(exc.lineno or 1) + offset}: {exc.msg}")
        error = None
        for entry in parser.error_log:
            if entry.type_name not in HARMLESS_ERRORS:
                error = f"line {entry.line + offset}: {entry.message}"
                break
        channel = root.find("channel") if root is not None else None
        if channel is None:
            return Parsed(None, error or f"line {chunk.line}: no <channel> element")
        if kind == "header":
            return Parsed(channel, error)
        item = channel.find("item")
        if item is None:
            return Parsed(None, error or f"line {chunk.line}: the <item> could not be read")
        return Parsed(item, error)


def _repair(data: bytes) -> bytes:
    """`data` with unambiguous damage outside CDATA made text: bare `&`, a `<` that
    cannot start a tag (`<3`, `< b`), control characters (dropped)."""
    parts = _CDATA.split(data)
    for i in range(0, len(parts), 2):  # even parts are outside CDATA
        part = _BARE_AMP.sub(b"&amp;", parts[i])
        parts[i] = _BARE_LT.sub(b"&lt;", part)
    return _CONTROL.sub(b"", b"".join(parts))
