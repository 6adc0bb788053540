"""UTF-16 and UTF-32 inputs, told by their byte-order mark (Windows Notepad's "Unicode").

Sniffing by content (`detect`) and line reading (`text`) work on bytes; a wide encoding
puts a NUL beside every ASCII character and would look binary. These helpers say which
wide encoding a file's first bytes announce and give those bytes back as UTF-8.
"""

from __future__ import annotations

# Longest first: the UTF-32 LE mark starts with the UTF-16 LE one.
WIDE_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)


def wide_encoding(head: bytes) -> str | None:
    """ "utf-16-le" etc. when `head` starts with that byte-order mark, else None."""
    return next((name for bom, name in WIDE_BOMS if head.startswith(bom)), None)


def _usable(head: bytes, encoding: str) -> bytes:
    """`head` without its BOM, cut to whole code units."""
    width = 4 if "32" in encoding else 2
    body = head[width if width == 4 else 2 :]
    return body[: len(body) // width * width]


def as_utf8(head: bytes) -> bytes:
    """`head` re-encoded as UTF-8 when a BOM says UTF-16/32 (undecodable parts replaced;
    a cut character at the end is dropped), else `head` as it is."""
    encoding = wide_encoding(head)
    if encoding is None:
        return head
    return _usable(head, encoding).decode(encoding, "replace").encode("utf-8")


def is_wide_text(head: bytes, encoding: str) -> bool:
    """True if `head` (a file's first bytes) is text in `encoding`: it decodes, holds
    some text and no NUL (a BOM followed by binary data is not text)."""
    try:
        text = _usable(head, encoding).decode(encoding)
    except UnicodeDecodeError:
        return False
    return bool(text) and "\x00" not in text
