"""What went wrong in a build, as one line a maintainer can act on (no traceback).

Pelican logs any exception with its traceback and exits 1. The errors a maintainer fixes
(a file, a folder, a setting: Clippings' own errors, a template error, a full disk, a
folder that cannot be written, a damaged cache file) are turned into one line each,
`FILE[:LINE]: message`, with an exit status: 2 for configuration, 1 otherwise.
"""

from __future__ import annotations

import errno
import gzip
import logging
import os
import pickle
import re
import sys
import zlib
from pathlib import Path
from typing import Any

# Errors a maintainer fixes (a file, a folder, a setting): one line each, no traceback.
_WRITE_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EFBIG}
# What a damaged Pelican cache file (a build killed while saving it) raises on loading.
_DAMAGED_CACHE = (EOFError, pickle.UnpicklingError, zlib.error, gzip.BadGzipFile)


def _chain(error: BaseException) -> list[BaseException]:
    """`error` and the exceptions it was raised from or while handling."""
    chain: list[BaseException] = []
    while error is not None and error not in chain:
        chain.append(error)
        error = error.__cause__ or error.__context__  # type: ignore[assignment]
    return chain


def _frames(error: BaseException) -> list[Any]:
    """The frames of `error`'s traceback, innermost first."""
    frames, tb = [], error.__traceback__
    while tb is not None:
        frames.append(tb.tb_frame)
        tb = tb.tb_next
    return frames[::-1]


def _failed_path(error: OSError, output: Path) -> str:
    """The file or folder an OSError is about: its own `filename`, else the one the
    failing code was writing (a full disk reports no name), else the output folder."""
    from clippings.site.settingscheck import display

    for name in (error.filename, error.filename2):
        if name:
            return display(os.fsdecode(name))
    for frame in _frames(error):
        candidates = [getattr(frame.f_locals.get("self"), "path", None)]
        candidates += [frame.f_locals.get(k) for k in ("path", "complete_path", "filename")]
        for value in candidates:
            if isinstance(value, str | os.PathLike) and os.path.isabs(value):
                return display(value)
    return display(output)


def _not_writable(error: OSError, path: str) -> bool:
    """True when `error` is a failed write (full disk, or a folder we may not write)."""
    if error.errno in _WRITE_ERRNOS:
        return True
    if error.errno not in (errno.EACCES, errno.EPERM):
        return False
    existing = Path(path).absolute()
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    return not os.access(existing, os.W_OK)


def _one_line(error: BaseException, output: Path) -> tuple[str, int] | None:
    """A one-line message and exit status for an error the maintainer can fix, or None
    for anything else (a bug: Pelican's traceback is kept)."""
    import jinja2

    from clippings.errors import ClippingsError, ConfigError
    from clippings.site.settingscheck import display

    for exc in _chain(error):
        if isinstance(exc, ClippingsError):
            return str(exc), 2 if isinstance(exc, ConfigError) else 1
        if isinstance(exc, jinja2.TemplateSyntaxError):
            where = f"{display(exc.filename)}:{exc.lineno}" if exc.filename else exc.name
            return f"{where}: template error: {exc.message}", 2
        if isinstance(exc, jinja2.TemplateNotFound):
            return f"{exc.name}: missing template (the theme has no such file)", 2
        if type(exc).__name__ == "PelicanTemplateNotFound":
            found = re.search(r"unable to load (\S+?)\[(\S+?)[,\]].*? from \[?'([^']+)'", str(exc))
            if found:
                name, ext, folder = found.groups()
                return f"{display(Path(folder) / (name + ext))}: missing template", 2
            return str(exc), 2
        if isinstance(exc, OSError):
            path = _failed_path(exc, output)
            verb = "cannot write: " if _not_writable(exc, path) else ""
            return f"{path}: {verb}{exc.strerror or exc}", 1
    return None


def _damaged_cache(error: BaseException) -> Path | None:
    """The Pelican cache file `error` says is damaged (truncated, not a pickle), if any."""
    if not any(isinstance(exc, _DAMAGED_CACHE) for exc in _chain(error)):
        return None
    for frame in _frames(error):
        cache = getattr(frame.f_locals.get("self"), "_cache_path", None)
        if cache and frame.f_code.co_filename.endswith(os.path.join("pelican", "cache.py")):
            return Path(cache)
    return None


class BuildErrors(logging.Filter):
    """Keeps the errors `_one_line` knows out of Pelican's log, which would add a traceback.

    Pelican's `main` logs any exception with its traceback (wrapped by rich) and exits 1.
    A `ClippingsError` raised by one of our plugins (a `ConfigError` for a malformed
    `content/outlets.yaml`, …), a folder that cannot be written, a full disk or a missing
    template names a file for the maintainer to fix, so `run_pelican` (clippings.site.build)
    reports it as one line instead. Attached to the `pelican` logger (where `main` logs)
    and to Pelican's log handler: a warning logged while handling such an error
    (Pelican's "Could not save cache …") stops the build just the same, and is reported
    the same way.
    """

    def __init__(self, output: Path) -> None:
        super().__init__()
        self.output = output
        self.errors: list[tuple[str, int]] = []
        self.damaged: Path | None = None

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if error is None and record.levelno >= logging.WARNING:
            error = sys.exc_info()[1]  # a warning logged in an `except` block
        if error is None:
            return True
        damaged = _damaged_cache(error)
        if damaged is not None:
            self.damaged = damaged
            return False
        found = _one_line(error, self.output)
        if found is None:
            return True
        if found not in self.errors:
            self.errors.append(found)
        return False
