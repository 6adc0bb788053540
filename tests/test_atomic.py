"""Tests for clippings.atomic."""

from __future__ import annotations

from pathlib import Path

import pytest

from clippings.atomic import atomic_write


def test_atomic_write_replaces_and_leaves_no_temp_files(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b.md"
    atomic_write(target, "one\n")
    atomic_write(target, "two\n")
    assert target.read_text(encoding="utf-8") == "two\n"
    assert sorted(p.name for p in target.parent.iterdir()) == ["b.md"]


def test_failed_write_keeps_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "b.md"
    atomic_write(target, "old\n")
    with pytest.raises(UnicodeEncodeError):
        atomic_write(target, "bad \udc80 surrogate")
    assert target.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.md"]


def test_written_files_get_the_usual_mode(tmp_path: Path) -> None:
    # Not mkstemp's owner-only 0600: a web server must be able to read the output.
    import os

    umask = os.umask(0)
    os.umask(umask)
    atomic_write(tmp_path / "f.txt", "x")
    assert (tmp_path / "f.txt").stat().st_mode & 0o777 == 0o666 & ~umask
    assert umask & 0o044 or (tmp_path / "f.txt").stat().st_mode & 0o044
