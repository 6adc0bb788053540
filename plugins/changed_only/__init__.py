"""changed_only: every output file is written atomically, and only if its bytes change.

Pelican opens each output file for writing and truncates it, then renders into it: a
build killed midway leaves half-written pages, and every build gives every file a new
modification time, so `rsync` mirrors re-send the whole site. This writer (registered
through `signals.get_writer`) collects what Pelican writes, compares it with the file
on disk, and only when it differs writes a temporary file beside it and renames it
into place. Pelican's own rules about writing a file twice are kept.

Files written outside the writer (the theme's static files, which Pelican copies at
every build, and pelican-sitemap's `sitemap.xml`) get their old modification time
back when their bytes did not change.
"""

from __future__ import annotations

import io
import os
import sys
import tempfile
from pathlib import Path
from typing import Any, ClassVar

from pelican import signals
from pelican.writers import FileOverwriteFailedError, Writer


class ChangedOnlyFile(io.StringIO):
    """A text buffer that replaces `path` atomically on close, if its content differs."""

    def __init__(self, path: str, encoding: str, stats: dict[str, int]) -> None:
        super().__init__()
        self.path = Path(path)
        self.target_encoding = encoding
        self.stats = stats

    def close(self) -> None:
        if not self.closed:
            data = self.getvalue().encode(self.target_encoding)
            try:
                same = self.path.read_bytes() == data
            except OSError:
                same = False
            if same:
                self.stats["unchanged"] += 1
            else:
                self._replace(data)
                self.stats["written"] += 1
        super().close()

    def _replace(self, data: bytes) -> None:
        # No fsync: output is rebuilt from content/ at will; the rename is what makes
        # a reader (or a mirror) never see half a file.
        handle, temp = tempfile.mkstemp(dir=self.path.parent, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.chmod(temp, 0o644)
            os.replace(temp, self.path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise


class ChangedOnlyWriter(Writer):
    """Pelican's Writer, opening ChangedOnlyFile buffers instead of truncating files."""

    # The counts of the current build, for the report at its end.
    stats: ClassVar[dict[str, int]] = {"written": 0, "unchanged": 0}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ChangedOnlyWriter.stats = self.stats = {"written": 0, "unchanged": 0}

    def _open_w(self, filename: str, encoding: str, override: bool = False) -> Any:
        # Pelican's bookkeeping (Writer._open_w), then a buffer rather than open(…, "w").
        if filename in self._overridden_files:
            if override:
                raise FileOverwriteFailedError(
                    f'Failed to overwrite "{filename}" a second time (was previously overwritten)'
                )
            return open(os.devnull, "w", encoding=encoding)
        if filename in self._written_files and not override:
            raise FileOverwriteFailedError(
                f'Failed to overwrite "{filename}" as Pelican has already written to it '
                "previously (set `override=True` if intended)"
            )
        if override:
            self._overridden_files.add(filename)
        self._written_files.add(filename)
        return ChangedOnlyFile(filename, encoding, self.stats)


# Written outside Pelican's writer: (output-relative) folders and files to watch.
OUTSIDE_WRITER = ("theme", "sitemap.xml")
_before: dict[Path, tuple[int, int, bytes]] = {}


def remember_outside_files(pelican: Any) -> None:
    """Note the time stamps and bytes of the files written outside the writer."""
    _before.clear()
    output = Path(pelican.output_path)
    for name in OUTSIDE_WRITER:
        base = output / name
        for path in [base] if base.is_file() else base.rglob("*") if base.is_dir() else []:
            if path.is_file():
                stat = path.stat()
                _before[path] = (stat.st_atime_ns, stat.st_mtime_ns, path.read_bytes())


def restore_unchanged_times(pelican: Any) -> None:
    """Give back their old time stamps to those files whose bytes are the same."""
    for path, (atime, mtime, data) in _before.items():
        try:
            if path.read_bytes() == data:
                os.utime(path, ns=(atime, mtime))
        except OSError:
            continue
    _before.clear()


def get_writer(pelican: Any) -> type[Writer]:
    return ChangedOnlyWriter


def report(pelican: Any) -> None:
    """Say how many pages and feeds changed: what a mirror has to fetch."""
    stats = ChangedOnlyWriter.stats
    print(
        f"output: {stats['written']} page(s) and feed(s) written, {stats['unchanged']} unchanged",
        file=sys.stderr,
    )


def register() -> None:
    signals.initialized.connect(remember_outside_files)
    signals.get_writer.connect(get_writer)
    signals.finalized.connect(restore_unchanged_times)
    signals.finalized.connect(report)
