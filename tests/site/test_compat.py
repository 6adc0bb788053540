"""clippings.site.compat: the Pelican internals Clippings relies on, checked at start."""

from __future__ import annotations

import dataclasses
import subprocess
import sys

import pytest
from conftest import ROOT

from clippings.site import compat


def test_the_installed_pelican_is_the_one_the_stages_were_written_against() -> None:
    assert compat.problems() == []


def test_a_changed_internal_is_named_in_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    changed = dataclasses.replace(compat.INTERNALS[9], digest="0" * 16)  # Writer._open_w
    monkeypatch.setattr(compat, "INTERNALS", (*compat.INTERNALS[:9], changed))
    (problem,) = compat.problems()
    assert problem.startswith("pelican.writers:Writer._open_w changed in Pelican 4.12")
    assert "the plugin changed_only relies on it" in problem


def test_a_missing_internal_and_a_missing_log_message_are_named(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    gone = compat.Internal("pelican.writers:Writer._no_such_method", "0" * 16, "changed_only")
    monkeypatch.setattr(compat, "INTERNALS", (gone,))
    monkeypatch.setattr(compat, "MESSAGES", {"pelican.contents": ("Skipping %s: not said",)})
    problems = compat.problems()
    assert problems[0].startswith("pelican.writers:Writer._no_such_method (used by changed_only)")
    assert problems[1] == (
        "pelican.contents no longer logs 'Skipping %s: not said' (the build account reads it)"
    )


def test_an_untested_pelican_version_stops_unless_allowed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(compat, "version", lambda _: "4.13.0")
    monkeypatch.delenv(compat.UNTESTED_ALLOWED, raising=False)
    (problem,) = compat.problems()
    assert problem.startswith("Pelican 4.13.0 is installed, Clippings is tested on 4.12.x")
    monkeypatch.setenv(compat.UNTESTED_ALLOWED, "1")
    assert compat.problems() == []


def test_only_listed_internals_can_be_replaced() -> None:
    with pytest.raises(KeyError, match="not listed"):
        compat.replace("pelican.writers:Writer.write_file_somewhere", lambda: None)
    assert compat.original("pelican.cache:FileDataCacher.save_cache").__qualname__ == (
        "FileDataCacher.save_cache"
    )


def test_a_changed_pelican_stops_the_build_in_one_line(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """End to end: a build against a Pelican whose Writer._open_w differs stops at once."""
    content = tmp_path / "content"
    article = content / "articles" / "2025" / "11" / "one.md"
    article.parent.mkdir(parents=True)
    article.write_text("---\ntitle: One\ndate: 2025-11-01\n---\nText.\n", encoding="utf-8")
    code = (
        "import sys, pelican.writers as w\n"
        "def _open_w(self, filename, encoding, override=False):\n"
        "    return open(filename, 'w', encoding=encoding)\n"
        "w.Writer._open_w = _open_w\n"
        "import inspect; inspect.getsource = lambda o, _g=inspect.getsource: "
        "'changed' if o is _open_w else _g(o)\n"
        "from pathlib import Path\n"
        "from clippings.site.build import run_pelican\n"
        "run_pelican(Path('pelicanconf.py'), Path(sys.argv[1]), Path(sys.argv[2]))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(content), str(tmp_path / "output")],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 2, result.stderr
    assert (
        result.stderr.strip()
        .splitlines()[-1]
        .startswith("build: error: pelican: pelican.writers:Writer._open_w changed in Pelican")
    )
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "output" / "index.html").exists()
