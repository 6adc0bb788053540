"""Tests for clippings.importer.parallel: parsing in worker processes gives what parsing here gives."""

from __future__ import annotations

import hashlib
from pathlib import Path

from conftest import ROOT, SAMPLES, run_clippings

from clippings.cli import FORMAT_ORDER
from clippings.errors import InputError
from clippings.importer.options import ImportOptions
from clippings.importer.parallel import parsed_inputs
from clippings.importer.sources.detect import detect

FIXTURES = ROOT / "tests" / "fixtures"


def _inputs(*paths: Path) -> list[tuple[Path, str]]:
    pairs = [(path, detect(path)) for path in paths]
    return sorted(pairs, key=lambda pair: FORMAT_ORDER[pair[1]])


def _everything(inputs: list[tuple[Path, str]], jobs: int) -> tuple[list[object], list[str]]:
    options = ImportOptions()
    seen: list[object] = []
    for path, items in parsed_inputs(inputs, options, jobs=jobs, min_parallel_bytes=0):
        try:
            seen.extend((path.name, item) for item in items)
        except InputError as exc:
            seen.append((path.name, str(exc)))
    return seen, options.vocabulary.names()


def test_workers_find_what_the_main_process_finds() -> None:
    # Every real input format; WXR, HTML and feeds teach categories to the vocabulary
    # the text dumps then use to split their footers.
    files = sorted(SAMPLES.glob("*.txt"))
    files += sorted((FIXTURES / "wxr").glob("*.xml")) + sorted((FIXTURES / "feeds").iterdir())
    files += sorted((FIXTURES / "html").glob("*.html"))
    inputs = _inputs(*files)
    here, here_vocabulary = _everything(inputs, jobs=1)
    workers, workers_vocabulary = _everything(inputs, jobs=3)
    assert len(here) > 60
    assert workers == here
    assert workers_vocabulary == here_vocabulary


def test_an_unreadable_input_fails_in_its_place(tmp_path: Path) -> None:
    binary = tmp_path / "zz-binary.txt"
    binary.write_bytes(b"\x00\x01binary")
    inputs = [(path, "text") for path in sorted(SAMPLES.glob("*.txt"))] + [(binary, "text")]
    here, _ = _everything(inputs, jobs=1)
    workers, _ = _everything(inputs, jobs=2)
    assert workers == here
    assert here[-1] == (
        "zz-binary.txt",
        f"{binary}: binary file (contains NUL bytes), not a text dump",
    )


def _tree(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*.md"))
    }


def test_parallel_import_writes_the_same_content(tmp_path: Path) -> None:
    """A real `clippings import` of dumps large enough for workers, against --jobs 1."""
    from bench.formats import write_dumps
    from bench.generate import generate

    write_dumps(generate(2000), tmp_path / "dumps")  # two dumps, ~10 MB: workers start
    trees = []
    for jobs in ("1", "2"):
        content = tmp_path / f"content-{jobs}"
        done = run_clippings(
            "import", str(tmp_path / "dumps"), "--content", str(content), "--no-entities",
            "--jobs", jobs,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        assert done.stdout.startswith("2000 item(s) in 2 input(s): 2000 created")
        trees.append(_tree(content))
    assert len(trees[0]) == 2000
    assert trees[1] == trees[0]
