"""docs/BENCHMARKS.md with a baseline stopped at its time limit: bounds, never bogus numbers."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from bench import report

N = 100_000
CORPUS = {
    "generate_s": 80.0,
    "outlets": 300,
    "tags": 1200,
    "top_tag_share": 0.1,
    "median_body_chars": 4000,
    "written": {
        fmt: {"files": 100, "bytes": 1_000_000_000, "disk": 1_000_000_000}
        for fmt in ("markdown", "native", "text", "wxr", "feed")
    },
}


def _run(seconds: float, peak_mb: float, limit: float = 0) -> dict[str, Any]:
    stopped = {"timed_out": True, "limit_s": limit} if limit else {"timed_out": False}
    return {"seconds": seconds, "peak_rss": int(peak_mb * report.MB), "load": 1.0, **stopped}


def _results(plain: list[dict[str, Any]]) -> dict[str, Any]:
    """One size: our build (732 s, 3,000 MB), plain Pelican's `plain` runs, Hugo (150 s)."""
    output = {"files": 500_000, "bytes": 9_000_000_000, "disk": 9_000_000_000}
    return {
        "command": "python3 -m invoke bench --sizes 100000 --baseline-timeout 1200",
        "date": "2026-12-01 10:00",
        "seed": 1,
        "baseline_timeout": 1200,
        "machine": {"cores": "2"},
        "commands": {"pagefind": "python3 -m pagefind --site Y"},
        "sizes": {
            str(N): {
                "runs": len(plain),
                "corpus": CORPUS,
                "build": {
                    "ours": [_run(732.0, 3000.0)],
                    "plain": plain,
                    "hugo": [_run(150.0, 2000.0)],
                },
                # Sizes of finished builds only: a stopped one's output is incomplete.
                "output": {"ours": output, "hugo": output},
            }
        },
    }


def _row(text: str, label: str) -> list[str]:
    """The cells of the full-build table's row of `label`."""
    section = text.split("## Full build", 1)[1].split("\n## ", 1)[0]
    rows = [ln for ln in section.splitlines() if ln.startswith(f"| {N:,} | {label} |")]
    assert len(rows) == 1, section
    return [cell.strip() for cell in rows[0].strip("|").split("|")]


def test_a_stopped_baseline_shows_its_bound_and_bounded_ratios() -> None:
    text = report.render(_results([_run(1200.4, 5000.0, limit=1200)]), None)
    _, _, runs, wall, per_s, peak, files, size, time_ratio, mem_ratio, _ = _row(
        text, "plain Pelican"
    )
    assert runs == "1"
    assert wall == "> 1,200 s (stopped)"
    assert per_s == "< 83"  # 100,000 articles in more than 1,200 s
    assert peak == "≥ 5,000.0"  # the peak up to the stop
    assert (files, size) == ("–", "–")
    assert time_ratio == "< 0.61×"  # 732 / 1,200: ours takes less than 0.61 of it
    assert mem_ratio == "≤ 0.60×"
    assert "1200.4" not in text and "1,200.4" not in text


def test_other_builds_of_that_size_keep_their_plain_numbers() -> None:
    text = report.render(_results([_run(1200.4, 5000.0, limit=1200)]), None)
    ours = _row(text, "ours (invoke build)")
    hugo = _row(text, "Hugo")
    assert ours[3] == "732.0"
    assert hugo[3] == "150.0"
    assert hugo[8] == "4.88×"  # 732 / 150, exact: Hugo finished
    assert hugo[6] == "500,000"


def test_a_median_with_some_runs_stopped_is_a_lower_bound() -> None:
    plain = [_run(900.0, 4000.0), _run(1100.0, 4100.0), _run(1200.2, 4200.0, limit=1200)]
    cells = _row(report.render(_results(plain), None), "plain Pelican")
    assert cells[3] == "≥ 1,100.0 (1 of 3 runs stopped)"
    assert cells[8] == "≤ 0.67×"  # 732 / 1,100


def test_finished_baselines_are_reported_as_before() -> None:
    plain = [_run(1000.0, 4000.0), _run(1100.0, 4100.0), _run(1050.0, 4200.0)]
    cells = _row(report.render(_results(plain), None), "plain Pelican")
    assert cells[3] == "1,050.0 (1,000.0–1,100.0)"
    assert cells[8] == "0.70×"
    assert cells[5] == "4,200.0"


def test_the_method_names_the_limit_only_when_there_was_one() -> None:
    results = _results([_run(1000.0, 4000.0)])
    assert "is stopped (its whole process tree killed)" in report.render(results, None)
    results["baseline_timeout"] = 0
    assert "stopped" not in report.render(results, None)


def test_the_plot_marks_a_stopped_build_as_a_bound_not_a_point(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import matplotlib.axes

    drawn: list[tuple[list[float], list[float], str]] = []
    plot = matplotlib.axes.Axes.plot

    def record(ax: Any, xs: Any, ys: Any, *args: Any, **kwargs: Any) -> Any:
        drawn.append((list(xs), list(ys), kwargs.get("marker", "")))
        return plot(ax, xs, ys, *args, **kwargs)

    monkeypatch.setattr(matplotlib.axes.Axes, "plot", record)
    results = _results([_run(60.0, 900.0)])
    results["sizes"]["10000"] = copy.deepcopy(results["sizes"][str(N)])
    results["sizes"][str(N)]["build"]["plain"] = [_run(1200.4, 5000.0, limit=1200)]
    assert report.plot(results, tmp_path / "plot.png")
    assert (tmp_path / "plot.png").stat().st_size > 0
    # Plain Pelican's time: a line through the finished size, a triangle at the limit.
    plain = [(xs, ys, marker) for xs, ys, marker in drawn if 60.0 in ys or 1200 in ys]
    assert plain == [([10_000], [60.0], "o"), ([N], [1200], "^")]
    assert ([N], [5000.0], "^") in drawn  # and its memory up to the stop


def test_the_plot_takes_a_size_where_every_baseline_was_stopped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import matplotlib.axes

    markers: list[tuple[list[float], str]] = []
    plot = matplotlib.axes.Axes.plot

    def record(ax: Any, xs: Any, ys: Any, *args: Any, **kwargs: Any) -> Any:
        markers.append((list(ys), kwargs.get("marker", "")))
        return plot(ax, xs, ys, *args, **kwargs)

    monkeypatch.setattr(matplotlib.axes.Axes, "plot", record)
    results = _results([_run(1200.4, 5000.0, limit=1200)])
    assert report.plot(results, tmp_path / "plot.png") is True
    assert (tmp_path / "plot.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    # The stopped baseline is drawn as bounds only (time and memory), never as a point.
    assert ([1200], "^") in markers and ([5000.0], "^") in markers
    assert not [ys for ys, marker in markers if marker == "o" and (1200 in ys or 5000.0 in ys)]


def _search(times: list[float]) -> dict[str, Any]:
    """A search comparison of one query, run len(times) times by each side."""

    def result(ms: float, prefix: str) -> dict[str, Any]:
        return {
            "query": "russia",
            "bytes_total": 200_000 if prefix == "search" else 300_000,
            "bytes_index": 150_000,
            "requests": 17,
            "first_result_ms": ms,
            "hits": 900,
            "top": ["a.html"],
        }

    tree = {"files": 10, "bytes": 1_000_000, "disk": 1_000_000}
    return {
        "queries": ["russia"],
        "ours_index": tree,
        "pagefind_index": tree,
        "pagefind_seconds": 4.0,
        "pagefind_peak_rss": 300 * report.MB,
        "lunr": {"russia": {"equal": True, "urls": ["a.html"]}},
        "browser": {
            "ours": [result(ms, "search") for ms in times],
            "pagefind": [result(ms * 2, "pagefind") for ms in times],
        },
        "load": 1.2,
    }


def test_search_times_are_medians_with_their_range() -> None:
    results = _results([_run(900.0, 5000.0)])
    results["sizes"][str(N)]["search"] = _search([180.0, 150.0, 240.0, 170.0, 200.0])
    text = report.render(results, None).split("## Search", 1)[1]
    assert "Each query ran 5 times" in text and "load at the end: 1.2" in text
    row = next(line for line in text.splitlines() if line.startswith("| `russia`"))
    cells = [c.strip() for c in row.strip("|").split("|")]
    assert cells[6] == "180 (150–240)"  # ours: median (min–max)
    assert cells[7] == "360 (300–480)"  # Pagefind
    assert cells[4] == "0.67×"


def test_a_single_search_run_shows_its_time_alone() -> None:
    results = _results([_run(900.0, 5000.0)])
    results["sizes"][str(N)]["search"] = _search([180.0])
    text = report.render(results, None).split("## Search", 1)[1]
    assert "Each query ran once" in text
    row = next(line for line in text.splitlines() if line.startswith("| `russia`"))
    assert [c.strip() for c in row.strip("|").split("|")][6] == "180"
