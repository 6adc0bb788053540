"""The bench's build step with a baseline time limit, on tiny stand-in commands."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from bench import builds, run
from bench.formats import Corpus

# Writes one page into the output folder (argv[1]) after sleeping argv[2] seconds.
BUILD = (
    "import pathlib, sys, time; time.sleep(float(sys.argv[2])); "
    "out = pathlib.Path(sys.argv[1]); out.mkdir(parents=True); (out / 'index.html').write_text('x')"
)


def _build(seconds: float, output: Path) -> list[str]:
    return [sys.executable, "-c", BUILD, str(output), str(seconds)]


@pytest.fixture
def stand_ins(monkeypatch: pytest.MonkeyPatch) -> None:
    """Ours takes 1.5 s, plain Pelican 30 s (it never ends in time), Hugo none."""
    monkeypatch.setattr(builds, "ours_command", lambda content, output: _build(1.5, output))
    monkeypatch.setattr(builds, "plain_command", lambda native, out, work: _build(30, out))
    monkeypatch.setattr(builds, "hugo_site", lambda content, site: site)
    monkeypatch.setattr(builds, "hugo_command", lambda site, out, work: _build(0, out))


@pytest.mark.usefixtures("stand_ins")
def test_a_stopped_baseline_is_recorded_and_the_run_goes_on(tmp_path: Path) -> None:
    corpus = Corpus(tmp_path / "corpus", 1)
    results, sizes, outputs = run._builds(
        1, corpus, 1, ["ours", "plain", "hugo"], tmp_path / "1", baseline_timeout=1
    )
    # Ours takes longer than the baselines' limit and is not stopped: it has none.
    [ours] = results["ours"]
    assert ours["timed_out"] is False and ours["seconds"] >= 1.5
    [plain] = results["plain"]
    assert plain["timed_out"] is True and plain["limit_s"] == 1
    assert 1 <= plain["seconds"] < 10
    assert results["hugo"][0]["timed_out"] is False  # built after the stopped baseline
    assert sorted(sizes) == sorted(outputs) == ["hugo", "ours"]  # no incomplete output
    assert sizes["ours"]["files"] == 1
    assert json.loads(json.dumps(results))["plain"][0]["timed_out"] is True


@pytest.mark.usefixtures("stand_ins")
def test_without_a_limit_nothing_is_stopped(tmp_path: Path) -> None:
    corpus = Corpus(tmp_path / "corpus", 1)
    results, sizes, _ = run._builds(1, corpus, 1, ["ours", "hugo"], tmp_path / "1")
    assert [x["timed_out"] for x in (*results["ours"], *results["hugo"])] == [False, False]
    assert sorted(sizes) == ["hugo", "ours"]
