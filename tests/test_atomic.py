"""Tests for clippings.atomic."""

from __future__ import annotations

from pathlib import Path

import pytest

from clippings.atomic import AtomicBatch, atomic_write, sync_files


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


def test_batch_lands_whole_at_commit(tmp_path: Path) -> None:
    old = tmp_path / "old.md"
    atomic_write(old, "old\n")
    batch = AtomicBatch()
    batch.write(old, "first\n")
    batch.write(old, "second\n")  # restaged: the first temporary file goes
    batch.write(tmp_path / "sub" / "new.md", "new\n")
    assert old.read_text(encoding="utf-8") == "old\n"  # nothing visible before commit
    assert not (tmp_path / "sub" / "new.md").exists()
    assert old in batch and batch.text_of(old) == "second\n" and len(batch) == 2
    assert sorted(batch.commit()) == [old, tmp_path / "sub" / "new.md"]
    assert old.read_text(encoding="utf-8") == "second\n"
    assert (tmp_path / "sub" / "new.md").read_text(encoding="utf-8") == "new\n"
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["new.md", "old.md", "sub"]
    assert len(batch) == 0 and batch.commit() == []


def test_aborted_batch_leaves_no_trace(tmp_path: Path) -> None:
    batch = AtomicBatch()
    batch.write(tmp_path / "a.md", "a\n")
    with pytest.raises(UnicodeEncodeError):
        batch.write(tmp_path / "b.md", "bad \udc80 surrogate")
    batch.abort()
    assert list(tmp_path.iterdir()) == []


def test_sync_files_syncs_any_file(tmp_path: Path) -> None:
    files = [tmp_path / f"{n}.txt" for n in range(3)]
    for file in files:
        file.write_text("x", encoding="utf-8")
    sync_files(str(file) for file in files)  # syncfs here; fsync where there is none
    with pytest.raises(FileNotFoundError):
        sync_files([str(tmp_path / "missing")])
