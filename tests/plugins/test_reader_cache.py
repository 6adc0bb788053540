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


def test_content_hashes_are_remembered_by_stat_and_never_trusted_after_a_write(
    tmp_path: Path, monkeypatch
) -> None:
    import hashlib
    import os
    import time

    from clippings.plugins import reader_cache

    hashed: list[str] = []

    def md5(name: str) -> bytes:
        hashed.append(name)
        return hashlib.md5(Path(name).read_bytes()).digest()

    article = tmp_path / "a.md"
    article.write_text("title: A\n\nbody one", encoding="utf-8")
    memo_file = tmp_path / "cache.stamps"
    memo = reader_cache.StampMemo(md5, "md5", memo_file)
    first = memo(str(article))
    memo.save()
    assert hashed == [str(article)]
    assert not memo_file.exists()  # written just now: may still change within a tick
    monkeypatch.setattr(reader_cache, "RACY_NS", 0)
    reader_cache.StampMemo(md5, "md5", memo_file)(str(article))
    memo = reader_cache.StampMemo(md5, "md5", memo_file)
    memo(str(article))
    memo.save()
    assert memo_file.is_file()
    hashed.clear()
    # Unchanged: read back, not hashed.
    again = reader_cache.StampMemo(md5, "md5", memo_file)
    assert again(str(article)) == first and hashed == []
    # The same size and modification time put back, different bytes: hashed again.
    stat = article.stat()
    time.sleep(0.01)
    article.write_text("title: A\n\nbody two", encoding="utf-8")
    os.utime(article, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    after = reader_cache.StampMemo(md5, "md5", memo_file)
    assert after(str(article)) != first and hashed == [str(article)]
    # Another hash method: nothing remembered applies.
    hashed.clear()
    reader_cache.StampMemo(md5, "sha1", memo_file)(str(article))
    assert hashed == [str(article)]
