"""docs/BENCHMARKS.md and its plot, from the results the benchmark recorded."""

from __future__ import annotations

import itertools
import json
import os
import platform
import subprocess
import sys
from collections import Counter
from importlib import metadata
from pathlib import Path
from typing import Any

from bench.builds import ROOT, version
from bench.measure import median

MB = 1_000_000
TOOLS = (("ours", "ours (invoke build)"), ("plain", "plain Pelican"), ("hugo", "Hugo"))


def machine() -> dict[str, str]:
    """CPU, cores, memory, OS and tool versions of this machine."""
    cpu = ""
    with open("/proc/cpuinfo", encoding="utf-8") as fh:
        cpu = next((ln.split(":", 1)[1].strip() for ln in fh if ln.startswith("model name")), "")
    with open("/proc/meminfo", encoding="utf-8") as fh:
        kib = int(next(ln.split()[1] for ln in fh if ln.startswith("MemTotal")))
    try:
        with open("/etc/os-release", encoding="utf-8") as fh:
            info = dict(ln.rstrip().split("=", 1) for ln in fh if "=" in ln)
        system = info.get("PRETTY_NAME", "").strip('"')
    except OSError:
        system = platform.platform()
    lunr_js = ROOT / "node_modules" / "lunr" / "package.json"
    head = version(["git", "-C", str(ROOT), "log", "-1", "--format=%h %cI %s"])[:90]
    dirty = subprocess.run(
        ["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.count("\n")
    return {
        "Clippings code": f"{head} (+{dirty} uncommitted changed files)",
        "CPU": cpu or platform.processor(),
        "cores": str(os.cpu_count()),
        "memory": f"{kib / 1024 / 1024:.1f} GiB",
        "OS": f"{system} (Linux {platform.release()})",
        "Python": platform.python_version(),
        "Pelican": metadata.version("pelican"),
        "lunr.py / lunr.js": (
            f"{metadata.version('lunr')} / "
            + (json.loads(lunr_js.read_text())["version"] if lunr_js.exists() else "?")
        ),
        "Hugo": version(["hugo", "version"]),
        "Pagefind": version([sys.executable, "-m", "pagefind", "--version"]),
        "Node.js": version(["node", "--version"]),
    }


def _mb(n: float) -> str:
    return f"{n / MB:,.1f}"


def _s(values: list[float], decimals: int = 1) -> str:
    """The median, and the range when there was more than one run."""
    if not values:
        return "–"
    if len(values) == 1:
        return f"{values[0]:,.{decimals}f}"
    low, mid, high = (f"{v:,.{decimals}f}" for v in (min(values), median(values), max(values)))
    return f"{mid} ({low}–{high})"


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return [*lines, ""]


def _load(runs: list[dict[str, Any]]) -> str:
    loads = [x["load"] for x in runs if "load" in x]
    return f"{max(loads):.1f}" if loads else "–"


def _query_runs(search: dict[str, Any]) -> str:
    """How many cold runs each query had in the browser, in words."""
    runs = Counter(x["query"] for x in search["browser"]["ours"])
    n = max(runs.values(), default=0)
    return "ran once" if n == 1 else f"ran {n} times (a fresh browser context each time)"


def _ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}×" if a and b else "–"


# A stopped baseline's time and memory are lower bounds: what divides by them is an upper one.
_UPPER = {"": "", ">": "<", "≥": "≤"}


def _stopped(runs: list[dict[str, Any]]) -> int:
    """How many of `runs` were stopped at the baseline time limit."""
    return sum(1 for x in runs if x.get("timed_out"))


def _build_seconds(runs: list[dict[str, Any]]) -> tuple[float, str]:
    """Median wall time of build `runs` and what it is: exact (''), or a lower bound.

    A stopped run counts as its time limit, which its real time exceeds, so with any
    stopped run the median is a lower bound: strict ('>') when every run stopped, else '≥'
    (the stopped runs may or may not be the ones the median falls on).
    """
    seconds = [x.get("limit_s", x["seconds"]) if x.get("timed_out") else x["seconds"] for x in runs]
    stopped = _stopped(runs)
    return median(seconds), "" if not stopped else ">" if stopped == len(runs) else "≥"


def _build_peak(runs: list[dict[str, Any]]) -> tuple[float, str]:
    """Largest peak RSS of build `runs`; a lower bound ('≥') when one was stopped early."""
    return max(x["peak_rss"] for x in runs), "≥" if _stopped(runs) else ""


def _bounded(text: str, op: str) -> str:
    """`text` preceded by the bound `op` ('' for an exact value; '–' is left alone)."""
    return f"{op} {text}" if op and text != "–" else text


def _wall(runs: list[dict[str, Any]]) -> str:
    """The wall-time cell of a build: median (range), or the bound when runs were stopped."""
    stopped = _stopped(runs)
    if not stopped:
        return _s([x["seconds"] for x in runs])
    seconds, op = _build_seconds(runs)
    if stopped == len(runs):
        return f"> {seconds:,.0f} s (stopped)"
    return f"{op} {seconds:,.1f} ({stopped} of {len(runs)} runs stopped)"


def _limit_note(limit: float) -> str:
    """What the methodology says about the baselines' time limit (nothing without one)."""
    if not limit:
        return ""
    return (
        f" A baseline build still running after {limit:,.0f} s is stopped (its whole process "
        f"tree killed): its cell reads *> {limit:,.0f} s (stopped)*, a lower bound, with the "
        "peak RSS up to then (*≥*), no output size, and ratios against it are bounds "
        "(*<*). Of several runs, a stopped one counts as the limit and the median is a "
        "lower bound (*≥*)."
    )


def render(results: dict[str, Any], plot_name: str | None) -> str:
    """The Markdown report of `results` (as written by bench.run)."""
    sizes = results["sizes"]
    out = [
        "# Benchmarks",
        "",
        f"Generated by `{results['command']}` on {results['date']} (UTC); regenerate the",
        "same way rather than editing by hand (`--report-only` re-renders this file from",
        "the last run's `results.json` in the bench work folder).",
        "",
        "## Machine",
        "",
        *_table(["", ""], [[k, v] for k, v in results["machine"].items()]),
        "## How it is measured",
        "",
        "- **Corpus**: `bench/generate.py` makes a deterministic synthetic archive (seed "
        f"{results['seed']}) from the 21 sample articles: recombined titles, 15 years of "
        "dates (2011–2025), ~300 outlets, categories, tags and entities drawn from Zipf "
        "distributions, bodies made of the samples' paragraphs and headings with the samples' "
        "length distribution. The same records are written as our Markdown "
        "(`clippings.importer.store.render`, i.e. `to_markdown` + checksum), Pelican-native "
        "Markdown, "
        "text dumps (blank-line/footer style, 1,000 posts per file), one WXR export and RSS "
        "feed pages (1,000 items each). Importing the dumps gives back the generated Markdown "
        "(same files, front-matter and bodies; only the `entities` differ, which the importer "
        "finds by NER) — checked by `tests/bench/test_generate.py`.",
        "- **Time and memory**: wall time of the whole command; peak memory is the largest "
        "summed PSS (proportional set size: a page shared by processes, such as the pages a "
        "forked rendering worker shares with its parent, is counted once, in shares) of the "
        "command's process tree, sampled every 50 ms (and never below the kernel's `wait4` "
        "maximum RSS of the main process); the tables say RSS for short. Every run starts in "
        "a fresh folder with a fresh output folder, so caches relative to the working folder "
        "(Pelican's `cache/`, which holds our search-index cache) start cold. Times are "
        "medians, with the range in brackets. "
        "*load*: the highest 1-minute load average at the end of the runs (2 cores; one "
        "single-threaded measurement gives about 1, more means other work shared the machine).",
        "- **Baselines**: plain Pelican (same Pelican, no plugins, default theme, "
        "`DEFAULT_PAGINATION = 20`, Pelican-native metadata); Hugo from Debian (our Markdown "
        "files as they are, a single and a list layout, paginated by 20, tag pages). Hugo "
        "uses every core, Pelican one." + _limit_note(results.get("baseline_timeout", 0)),
        "- **Incremental**: after the last full build, 20 new articles (dated after the "
        "newest) are written into the same content folder and `invoke build` runs again into "
        "the same output folder, from the same working folder (so with the caches the full "
        "build left). Before that, two rebuilds with no content changed: the first after "
        "Pagefind wrote its index into the output folder (the build then checks every page "
        "and renders none whose fingerprint and file are as it left them: *rebuild "
        "checking every page*), the second with nothing changed at all since (*no-op "
        "rebuild*: the build finds its inputs and output unchanged and stops, "
        "docs/commands.md). Our build "
        "renders on every core (`BUILD_PROCESSES = 0`), plain Pelican on one, Hugo on all.",
        "- **Search**: the built site and a Pagefind index of its article pages "
        f"(`{results['commands']['pagefind']}`) served by one `http.server` on 127.0.0.1, "
        "queried in headless Chromium via Playwright, one fresh browser context per query "
        "(cold cache). Bytes: all response bodies the page loaded until the network was "
        "idle (HTML, CSS, scripts, index files, result data); *index* bytes are those under "
        "`search/` or `pagefind/`. Time: navigation start to the first result on screen (or "
        "the no-match message), in page time. Pagefind is queried through its JS API from a "
        "minimal page (`pf.search(q)`, then `data()` of the first 10 results). "
        "Pagefind matches every word of a query, lunr any (ranking those with more first), so "
        "hit counts differ. *Top 10 = unsharded*: our sharded index, queried through the "
        "shipped `search.js` with lunr.js in node, returns the same top 10 (documents and "
        "scores) as one unsharded lunr index: the index lunr.py built, reassembled from all "
        "its term shards and queried whole by lunr.js.",
        "",
        "Commands (X, Y: the folders of one run):",
        "",
        "```sh",
        *results["commands"].values(),
        "```",
        "",
    ]
    out += ["## Corpus", ""]
    rows = []
    for n, r in sizes.items():
        c, w = r["corpus"], r["corpus"]["written"]
        rows.append(
            [
                f"{int(n):,}",
                f"{c['generate_s']:.1f}",
                f"{c['outlets']}",
                f"{c['tags']:,} (top: {c['top_tag_share']:.0%})",
                f"{c['median_body_chars']:,}",
                _mb(w["markdown"]["bytes"]),
                f"{w['text']['files']} / {_mb(w['text']['bytes'])}",
                _mb(w["wxr"]["bytes"]),
                f"{w['feed']['files']} / {_mb(w['feed']['bytes'])}",
            ]
        )
    out += _table(
        [
            "articles",
            "generate + write s",
            "outlets used",
            "distinct tags (share of the top tag)",
            "median body chars",
            "Markdown MB",
            "dumps files / MB",
            "WXR MB",
            "RSS files / MB",
        ],
        rows,
    )
    out += ["## Import throughput (`clippings import` into an empty content folder)", ""]
    rows = []
    for n, r in sizes.items():
        for fmt, runs in r.get("import", {}).items():
            secs = [x["seconds"] for x in runs]
            ok = all(x["found"] == x["created"] == int(n) for x in runs)
            rows.append(
                [
                    f"{int(n):,}",
                    fmt,
                    str(len(runs)),
                    _s(secs),
                    f"{int(n) / median(secs):,.0f}",
                    _mb(max(x["peak_rss"] or 0 for x in runs)) if runs[0]["peak_rss"] else "–",
                    f"{runs[-1]['created']:,} {'✓' if ok else '✗'}",
                    _load(runs),
                ]
            )
    out += _table(
        [
            "articles",
            "format",
            "runs",
            "seconds",
            "articles/s",
            "peak RSS MB",
            "created = N",
            "load",
        ],
        rows,
    )
    out += ["## Full build", ""]
    rows = []
    for n, r in sizes.items():
        builds = r.get("build", {})
        ours = median([x["seconds"] for x in builds.get("ours", [])])
        ours_mem = max((x["peak_rss"] for x in builds.get("ours", [])), default=0)
        for tool, label in TOOLS:
            runs = builds.get(tool)
            if not runs:
                continue
            secs, secs_op = _build_seconds(runs)
            mem, mem_op = _build_peak(runs)
            size = r["output"].get(tool)  # none when the last run was stopped
            rows.append(
                [
                    f"{int(n):,}",
                    label,
                    str(len(runs)),
                    _wall(runs),
                    _bounded(f"{int(n) / secs:,.0f}", _UPPER[secs_op]),
                    _bounded(_mb(mem), mem_op),
                    f"{size['files']:,}" if size else "–",
                    _mb(size["bytes"]) if size else "–",
                    _bounded(_ratio(ours, secs), _UPPER[secs_op]) if tool != "ours" else "1",
                    _bounded(_ratio(ours_mem, mem), _UPPER[mem_op]) if tool != "ours" else "1",
                    _load(runs),
                ]
            )
    out += _table(
        [
            "articles",
            "build",
            "runs",
            "wall s",
            "articles/s",
            "peak RSS MB",
            "output files",
            "output MB",
            "ours / this (time)",
            "ours / this (memory)",
            "load",
        ],
        rows,
    )
    out += ["## Incremental build (+20 articles, same output folder; and a no-op rebuild)", ""]
    rows = []
    for n, r in sizes.items():
        inc = r.get("incremental")
        if not inc:
            continue
        # The full build the incremental one followed, else the median full build.
        before = inc.get("full_before", {}).get("seconds")
        full = before or median([x["seconds"] for x in r["build"]["ours"]])
        ch = inc["changes"]
        rows.append(
            [
                f"{int(n):,}",
                f"{full:,.1f}",
                f"{inc['seconds']:,.1f}",
                _ratio(inc["seconds"], full),
                f"{inc['noop']['seconds']:,.1f}" if "noop" in inc else "–",
                f"{inc['checked']['seconds']:,.1f}" if "checked" in inc else "–",
                _mb(inc["peak_rss"]),
                f"{ch['added']:,} / {ch['changed']:,} / {ch['removed']:,} of {ch['total']:,}",
                f"{ch['rewritten']:,}",
                _load([inc]),
            ]
        )
    out += _table(
        [
            "articles",
            "full build s",
            "incremental s",
            "incremental / full",
            "no-op rebuild s",
            "rebuild checking every page s",
            "peak RSS MB",
            "files added / changed / removed",
            "files rewritten (new mtime)",
            "load",
        ],
        rows,
    )
    out += ["## Search", ""]
    for n, r in sizes.items():
        s = r.get("search")
        if not s:
            continue
        out += [
            f"### {int(n):,} articles",
            "",
            f"Index on disk: ours `search/` {s['ours_index']['files']:,} files, "
            f"{_mb(s['ours_index']['bytes'])} MB; Pagefind `pagefind/` "
            f"{s['pagefind_index']['files']:,} files, {_mb(s['pagefind_index']['bytes'])} MB "
            f"(indexing took {s['pagefind_seconds']:.1f} s, peak "
            f"{_mb(s['pagefind_peak_rss'])} MB).",
            "",
            f"Each query {_query_runs(s)}; 1-minute load at the end: {s['load']:.1f}."
            if "load" in s
            else f"Each query {_query_runs(s)}.",
            "",
        ]
        rows = []
        ratios = []
        for q in s["queries"]:
            ours = [x for x in s["browser"]["ours"] if x["query"] == q]
            pf = [x for x in s["browser"]["pagefind"] if x["query"] == q]
            ob = median([x["bytes_total"] for x in ours])
            pb = median([x["bytes_total"] for x in pf])
            ratios.append(ob / pb if pb else 0.0)
            check = s["lunr"][q]
            shown = list(ours[-1]["top"]) == check["urls"][: len(ours[-1]["top"])]
            rows.append(
                [
                    f"`{q}`",
                    f"{ours[-1]['hits']:,} / {pf[-1]['hits']:,}",
                    f"{ob / 1000:,.0f} ({median([x['bytes_index'] for x in ours]) / 1000:,.0f})",
                    f"{pb / 1000:,.0f} ({median([x['bytes_index'] for x in pf]) / 1000:,.0f})",
                    _ratio(ob, pb),
                    f"{median([x['requests'] for x in ours]):.0f} / "
                    f"{median([x['requests'] for x in pf]):.0f}",
                    _s([x["first_result_ms"] for x in ours], 0),
                    _s([x["first_result_ms"] for x in pf], 0),
                    ("✓" if check["equal"] else "✗") + ("" if shown else " (page differs)"),
                ]
            )
        out += _table(
            [
                "query",
                "hits ours / Pagefind",
                "ours kB (index)",
                "Pagefind kB (index)",
                "ours / Pagefind bytes",
                "requests ours / Pagefind",
                "ours ms to first result (range)",
                "Pagefind ms (range)",
                "top 10 = unsharded",
            ],
            rows,
        )
        out += [f"Median bytes ratio ours / Pagefind: {median(ratios):.2f}×.", ""]
    if plot_name:
        out += ["## Scaling", "", f"![Build time and peak memory against N]({plot_name})", ""]
    profiles = (("profile", "full build"), ("incremental_profile", "incremental build, +20"))
    for (n, r), (key, what) in itertools.product(sizes.items(), profiles):
        prof = r.get(key)
        if not prof:
            continue
        out += [
            f"## Where our build spends its time ({int(n):,} articles, {what})",
            "",
            f"py-spy, {prof['samples']:,} samples of one `invoke build`; *inclusive*: the "
            "function and everything it calls, *self*: the function alone (% of samples).",
            "",
        ]
        rows = [
            [f"`{a[0]}`", f"{a[1]:.1f}", f"`{b[0]}`" if b else "", f"{b[1]:.1f}" if b else ""]
            for a, b in itertools.zip_longest(prof["inclusive"], prof["self"])
            if a
        ]
        out += _table(["function (inclusive)", "%", "function (self)", "%"], rows)
    if results.get("notes"):
        out += ["## Notes", "", *results["notes"], ""]
    return "\n".join(out)


def plot(results: dict[str, Any], path: Path) -> bool:
    """Build time and peak memory against N for every build, as a PNG; False without data.

    A build stopped at the time limit is no point on its line but an open triangle
    pointing up at its lower bounds (the limit, the peak RSS up to then).
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sizes = sorted(int(n) for n in results["sizes"])
    if not sizes:
        return False
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4), constrained_layout=True)
    for i, (tool, label) in enumerate(TOOLS):
        xs, times, mems, bound_xs, bound_times, bound_mems = [], [], [], [], [], []
        for n in sizes:
            runs = results["sizes"][str(n)].get("build", {}).get(tool)
            if not runs:
                continue
            seconds, op = _build_seconds(runs)
            peak = _build_peak(runs)[0] / MB
            if op:
                bound_xs.append(n)
                bound_times.append(seconds)
                bound_mems.append(peak)
            else:
                xs.append(n)
                times.append(seconds)
                mems.append(peak)
        for ax, ys, bounds in ((left, times, bound_times), (right, mems, bound_mems)):
            if xs:
                ax.plot(xs, ys, marker="o", color=f"C{i}", label=label)
            if bound_xs:
                ax.plot(
                    bound_xs,
                    bounds,
                    linestyle="none",
                    marker="^",
                    markerfacecolor="none",
                    color=f"C{i}",
                    label=f"{label}: stopped (lower bound)",
                )
    # Ours again, after the full build: +20 articles, and a rebuild with nothing changed.
    extra = (("seconds", "ours: +20 articles", "--"), ("noop", "ours: no-op rebuild", ":"))
    for key, label, style in extra:
        points = []
        for n in sizes:
            inc = results["sizes"][str(n)].get("incremental") or {}
            value = inc.get("noop", {}).get("seconds") if key == "noop" else inc.get("seconds")
            if value:
                points.append((n, value))
        if points:
            left.plot(*zip(*points, strict=True), marker="s", linestyle=style, color="C0",
                      label=label)  # fmt: skip
    for ax, title, unit in ((left, "Build time", "seconds"), (right, "Peak memory", "MB")):
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("articles")
        ax.set_ylabel(unit)
        ax.set_title(title)
        ax.grid(True, which="both", alpha=0.3)
        ax.legend()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return True
