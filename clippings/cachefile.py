"""Pickled cache files: read back when whole and of the expected type, else nothing.

A cache only saves work, so a missing, damaged or unreadable file is the same as none,
and a file that cannot be written is left unwritten. Writes are atomic (temporary file
and rename, not fsync'd: a crash may lose a cache, never leave half of one).
"""

from __future__ import annotations

import contextlib
import pickle
from pathlib import Path
from typing import TypeVar

from clippings.atomic import atomic_write_bytes

T = TypeVar("T")


def read_cache(path: Path, kind: type[T]) -> T | None:
    """The object pickled in `path` if it is a `kind`, else None."""
    try:
        with path.open("rb") as handle:
            value = pickle.load(handle)
    except Exception:  # any damage (truncated, another format): no cache
        return None
    return value if isinstance(value, kind) else None


def write_cache(path: Path, value: object) -> None:
    """Pickle `value` into `path` atomically; give up quietly if it cannot be written."""
    with contextlib.suppress(OSError):
        atomic_write_bytes(path, pickle.dumps(value, pickle.HIGHEST_PROTOCOL), sync=False)
