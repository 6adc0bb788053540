"""The synthetic archive of the benchmark: deterministic, complete, and really importable."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_clippings

from bench.formats import write_corpus
from bench.generate import generate
from clippings.importer.markdown import read_markdown

N = 50


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    corpus, written = write_corpus(generate(N), tmp_path_factory.mktemp("bench") / "corpus")
    return corpus, written


def test_same_seed_same_bytes(corpus, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    first, _ = corpus
    again, _ = write_corpus(generate(N), tmp_path / "again")
    assert _files(first.root) == _files(again.root)
    other, _ = write_corpus(generate(N, seed=7), tmp_path / "other")
    assert _files(other.root) != _files(first.root)


def test_a_larger_archive_starts_with_the_smaller_one() -> None:
    assert generate(N + 10)[:N] == generate(N)


def test_counts(corpus) -> None:  # type: ignore[no-untyped-def]
    corpus, written = corpus
    records = generate(N)
    assert len(list((corpus.content / "articles").rglob("*.md"))) == N
    assert len(list((corpus.native / "articles").rglob("*.md"))) == N
    assert written["markdown"].files == written["native"].files == N
    assert written["text"].files == written["feed"].files == written["wxr"].files == 1
    assert len({r.slug for r in records}) == N  # every article has a page of its own
    assert len({r.date.year for r in generate(500)}) == 15


@pytest.mark.parametrize("fmt", ["text", "wxr", "feed"])
def test_every_format_imports_to_exactly_n_articles(corpus, fmt: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    corpus, _ = corpus
    inputs = {"text": corpus.dumps, "wxr": corpus.wxr, "feed": corpus.feeds}[fmt]
    result = run_clippings("import", str(inputs), "--content", str(tmp_path / "content"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == (
        f"{N} item(s) in 1 input(s): {N} created, 0 updated, 0 unchanged, 0 merged, 0 skipped"
    )
    imported = _files(tmp_path / "content" / "articles")
    assert len(imported) == N
    if fmt == "text":  # the generated Markdown is what the importer writes of the dump
        assert _comparable(imported) == _comparable(_files(corpus.content / "articles"))


def _comparable(files: dict[str, bytes]) -> dict[str, tuple[dict, str]]:
    """Front-matter and body per file, less what the importer derives by itself.

    The importer finds `entities` in the text (NER) where the generator draws them from
    a Zipf distribution; the checksum covers them.
    """
    out = {}
    for name, data in files.items():
        meta, body = read_markdown(data.decode("utf-8"))
        out[name] = ({k: v for k, v in meta.items() if k not in ("entities", "checksum")}, body)
    return out


def test_pelican_native_copy_has_the_same_titles_and_bodies(corpus) -> None:  # type: ignore[no-untyped-def]
    corpus, _ = corpus
    paths = sorted((corpus.content / "articles").rglob("*.md"))
    assert len(paths) == N  # (a loop over no file would pass)
    for path in paths:
        meta, body = read_markdown(path.read_text(encoding="utf-8"))
        native = (corpus.native / path.relative_to(corpus.content)).read_text(encoding="utf-8")
        head, _, native_body = native.partition("\n\n")
        fields = dict(line.split(": ", 1) for line in head.splitlines())
        assert fields["Title"] == meta["title"]
        assert fields["Date"] == meta["date"].isoformat()
        assert [t.strip() for t in fields["Tags"].split(";") if t.strip()] == meta["tags"]
        assert native_body == body
