"""clippings/search/publish.py: the search folder is written whole, changed files only."""

from __future__ import annotations

from pathlib import Path

import pytest

from clippings.search import publish as publish_module
from clippings.search.documents import SearchDoc
from clippings.search.publish import Published, publish


def _docs(n: int) -> list[SearchDoc]:
    return [
        SearchDoc(
            url=f"2025/01/a{i}/index.html",
            title=f"Article {i} on ceasefire talks",
            date=f"2025-01-{1 + i % 28:02d}",
            outlet="Reuters" if i % 2 else "TASS",
            tags=("Ukraine",),
            entities=("Lavrov",) if i % 3 else (),
            body=f"Talks number {i} went on in Geneva; the envoy spoke of progress. " * 5,
            snippet=f"Talks number {i}",
        )
        for i in range(n)
    ]


def _publish(folder: Path, docs: list[SearchDoc]) -> Published:
    return publish(folder, docs, 2048, 4, {"lunr.js": "/* lunr */"}, folder / "stamp", "k")


def _hashed(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.js") if p.parent != folder)


def test_a_second_publish_writes_nothing_and_reads_no_hashed_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs = _docs(40)
    first = _publish(tmp_path, docs)
    assert first.written == first.files and first.removed == 0
    hashed = set(_hashed(tmp_path))
    assert len(hashed) > 10

    read: list[Path] = []
    original = Path.read_bytes

    def spy(self: Path) -> bytes:
        read.append(self)
        return original(self)

    monkeypatch.setattr(Path, "read_bytes", spy)
    again = _publish(tmp_path, docs)
    assert again.written == 0 and again.removed == 0
    # Files named by their content are known by name and size; the others are compared.
    assert not hashed & set(read), sorted(hashed & set(read))[:3]
    assert {p.name for p in read} == {"manifest.js", "lunr.js"}


def test_damaged_files_are_rewritten(tmp_path: Path) -> None:
    docs = _docs(40)
    _publish(tmp_path, docs)
    clean = {p: p.read_bytes() for p in tmp_path.rglob("*.js")}
    shard = next(p for p in _hashed(tmp_path) if p.parent.name == "t")
    shard.write_bytes(shard.read_bytes()[:-10])  # cut short, as by a full disk
    text = next(p for p in _hashed(tmp_path) if p.parent.name == "x")
    text.unlink()
    manifest = tmp_path / "manifest.js"
    data = manifest.read_bytes()
    manifest.write_bytes(data.replace(b'"docs":40', b'"docs":41'))  # same size, edited
    assert len(manifest.read_bytes()) == len(data)
    again = _publish(tmp_path, docs)
    assert again.written == 3
    assert {p: p.read_bytes() for p in tmp_path.rglob("*.js")} == clean


def test_new_documents_rename_the_files_they_change_and_remove_the_old(tmp_path: Path) -> None:
    _publish(tmp_path, _docs(40))
    before = {p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.js")}
    result = _publish(tmp_path, _docs(44))
    after = {p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.js")}
    assert result.removed == len(before - after) > 0
    assert result.written == len(after - before) + 1  # and the manifest, same name
    assert (tmp_path / "stamp").read_text(encoding="utf-8") == "k"


def test_an_unreadable_file_counts_as_changed(tmp_path: Path) -> None:
    path = tmp_path / "t" / "abc.js"
    assert publish_module._unchanged(path, "t/abc.js", b"x") is False
    assert publish_module._unchanged(tmp_path / "manifest.js", "manifest.js", b"x") is False
