"""Refusal of XML that declares entities (billion laughs, external entities).

Structured inputs never need entity declarations. Before any XML parser sees a file, its
prolog is checked: a document type declaration whose internal subset declares entities
makes the whole file unreadable, with a clear error. External DTD references (RSS 0.91's
Netscape DTD) are allowed: the parsers never load DTDs, expand entities or use the network.
"""

from __future__ import annotations

import re
from pathlib import Path

from clippings.errors import InputError

PROLOG_BYTES = 64 * 1024
_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)
_ENTITY = re.compile(rb"<!ENTITY", re.IGNORECASE)


def check_prolog(path: Path, head: bytes) -> None:
    """Raise InputError if `head` (the file's first bytes) declares entities or a DTD."""
    doctype = _DOCTYPE.search(head)
    if doctype is None:
        return
    line = head[: doctype.start()].count(b"\n") + 1
    tail = head[doctype.start() :]
    if _ENTITY.search(tail):
        raise InputError(
            str(path), f"line {line}: XML entity declarations are not allowed (refused unread)"
        )


def read_head(path: Path, size: int = PROLOG_BYTES) -> bytes:
    """The first `size` bytes of `path` (InputError if it cannot be read)."""
    try:
        with path.open("rb") as fh:
            return fh.read(size)
    except OSError as exc:
        raise InputError(str(path), f"cannot read: {exc.strerror or exc}") from None
