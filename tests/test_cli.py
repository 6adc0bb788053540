"""Tests for clippings.cli: the `clippings import` command, run as a real subprocess."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from conftest import SAMPLES, run_clippings

from clippings.cli import build_parser


def _tree_digest(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_import_samples_then_rerun_changes_nothing(tmp_path: Path) -> None:
    content = tmp_path / "content"
    first = run_clippings("import", str(SAMPLES), "--content", str(content))
    assert first.returncode == 0, first.stderr
    assert first.stdout.splitlines()[0] == (
        "21 item(s) in 2 input(s): 21 created, 0 updated, 0 unchanged, 0 merged, 0 skipped"
    )
    before = _tree_digest(content)
    mtimes = {p: p.stat().st_mtime_ns for p in content.rglob("*.md")}
    second = run_clippings("import", str(SAMPLES), "--content", str(content))
    assert second.returncode == 0
    assert second.stdout.splitlines()[0] == (
        "21 item(s) in 2 input(s): 0 created, 0 updated, 21 unchanged, 0 merged, 0 skipped"
    )
    assert _tree_digest(content) == before
    assert {p: p.stat().st_mtime_ns for p in content.rglob("*.md")} == mtimes


def test_reports_go_to_stdout_and_errors_to_stderr(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\x00")
    dump = tmp_path / "dump.txt"
    dump.write_text(
        "Good title\nRT | November 8, 2025\nText.\nStray text at the end without byline.\n",
        encoding="utf-8",
    )
    result = run_clippings(
        "import",
        str(dump),
        str(bad),
        str(tmp_path / "missing.txt"),
        "--content",
        str(tmp_path / "c"),
    )
    assert result.returncode == 1  # some input could not be read at all
    assert "Traceback" not in result.stderr
    assert f"{bad}: binary file" in result.stderr
    assert "missing.txt: cannot read" in result.stderr
    assert result.stdout.splitlines()[0].startswith("1 item(s) in 1 input(s): 1 created")
    assert "skipped: dump.txt:3: " not in result.stdout  # the body line is part of the article
    assert (tmp_path / "c" / "articles" / "2025" / "11" / "good-title.md").exists()


def test_unparseable_piece_reported_with_file_and_line_rest_imports(tmp_path: Path) -> None:
    dump = tmp_path / "dump.txt"
    dump.write_text(
        "Commentary without byline\n\nOpinion.\n\n"
        "November 9, 2025 Posted by | Militarism | , | Leave a comment\n\n"
        "Title\n\nRT | November 8, 2025\n\nText.\n\n"
        "November 9, 2025 Posted by | Militarism | , | Leave a comment\n",
        encoding="utf-8",
    )
    result = run_clippings("import", str(dump), "--content", str(tmp_path / "c"))
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert (
        lines[0]
        == "2 item(s) in 1 input(s): 1 created, 0 updated, 0 unchanged, 0 merged, 1 skipped"
    )
    assert lines[1].startswith("skipped: dump.txt:1: post without a byline")


def test_bad_categories_file_is_a_config_error(tmp_path: Path) -> None:
    content = tmp_path / "c"
    content.mkdir()
    (content / "categories.yaml").write_text("- a\n- [b\n", encoding="utf-8")
    result = run_clippings("import", str(SAMPLES), "--content", str(content))
    assert result.returncode == 2
    assert "categories.yaml:" in result.stderr and "invalid YAML" in result.stderr
    assert "Traceback" not in result.stderr


def test_folder_inputs_and_categories_option(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    shutil.copytree(SAMPLES, inputs)
    vocab = tmp_path / "cats.yaml"
    vocab.write_text("- Militarism, Russophobia\n", encoding="utf-8")
    content = tmp_path / "c"
    result = run_clippings(
        "import", str(inputs), "--content", str(content), "--categories", str(vocab)
    )
    assert result.returncode == 0
    nato = next(content.rglob("nato-to-deploy-*.md")).read_text(encoding="utf-8")
    assert "tags:\n- Militarism, Russophobia\ntitle:" in nato


def test_every_command_and_option_is_documented() -> None:
    docs = Path(__file__).resolve().parent.parent / "docs"
    readme = "".join((docs / n).read_text(encoding="utf-8") for n in ("commands.md", "import.md"))
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    for name, command in sub.choices.items():  # type: ignore[union-attr]
        assert f"clippings {name}" in readme
        for action in command._actions:
            for flag in action.option_strings:
                if flag.startswith("--") and flag != "--help":
                    assert flag in readme, f"{flag} of `clippings {name}` not documented"
