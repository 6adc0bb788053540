"""plugins/reader_cache: Pelican's content cache saved only on change, atomically."""

from __future__ import annotations

import gzip
import pickle
import shutil
from pathlib import Path

from conftest import run_pelican


def _build(content: Path, output: Path, cache: Path, *extra: str) -> None:
    done = run_pelican(content, output, cache, *extra)
    assert done.returncode == 0, done.stdout + done.stderr


def _entries(cache_file: Path) -> dict[str, object]:
    data = cache_file.read_bytes()
    return pickle.loads(gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data)  # type: ignore[no-any-return]


def test_saved_once_then_only_when_an_article_changes(sample_content: Path, tmp_path: Path) -> None:
    content = Path(shutil.copytree(sample_content, tmp_path / "content"))
    cache = tmp_path / "cache"
    cache_file = cache / "ArticlesGenerator-Readers"
    _build(content, tmp_path / "out", cache)
    entries = _entries(cache_file)
    assert len(entries) == len(list((content / "articles").rglob("*.md"))) == 21
    before = cache_file.stat()

    _build(content, tmp_path / "out", cache)  # nothing changed: the cache file is not touched
    after = cache_file.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)

    article = sorted((content / "articles").rglob("*.md"))[0]
    article.write_text(article.read_text(encoding="utf-8") + "\nOne more line.\n", "utf-8")
    _build(content, tmp_path / "out", cache)
    assert cache_file.stat().st_ino != before.st_ino  # replaced by a rename
    (_, (html, _)) = _entries(cache_file)[str(article)]  # type: ignore[misc]
    assert "One more line." in html
    assert sorted(p.name for p in cache.iterdir() if p.name.startswith(".")) == []


def test_a_gzipd_cache_from_before_is_read(sample_content: Path, tmp_path: Path) -> None:
    content = Path(shutil.copytree(sample_content, tmp_path / "content"))
    cache = tmp_path / "cache"
    cache_file = cache / "ArticlesGenerator-Readers"
    _build(content, tmp_path / "out", cache, "GZIP_CACHE=true")
    assert cache_file.read_bytes()[:2] == b"\x1f\x8b"
    before = cache_file.stat()
    _build(content, tmp_path / "out", cache)  # plain pickles now: the old file still serves
    after = cache_file.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    article = sorted((content / "articles").rglob("*.md"))[0]
    article.write_text(article.read_text(encoding="utf-8") + "\nOne more line.\n", "utf-8")
    _build(content, tmp_path / "out", cache)
    assert cache_file.read_bytes()[:2] != b"\x1f\x8b"
    assert len(_entries(cache_file)) == 21
