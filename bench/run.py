"""The whole benchmark, one archive size after another, in one run.

For each size N: generate the corpus; import it per format (text, wxr, feed) with the
real `clippings import`; build it with `invoke build`, plain Pelican and Hugo; index the
built site with Pagefind and compare searches in Chromium; add 20 articles and build
again. Results go to `WORK/results.json` (after every size) and the report to stdout
and docs/BENCHMARKS.md. Progress goes to stderr.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import statistics
import sys
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench import builds, formats, profile, report, search
from bench.generate import DEFAULT_SEED, LAST_DAY, generate, newer
from bench.measure import Measured, changes, checked, run_measured, snapshot, tree_size

ROOT = builds.ROOT
WORK = ROOT / "cache" / "bench"
REPORT = ROOT / "docs" / "BENCHMARKS.md"
PLOT = ROOT / "docs" / "benchmarks-scaling.png"
FORMATS = ("text", "wxr", "feed")
EXTRA_ARTICLES = 20


@dataclass
class Options:
    """What `invoke bench` asks for."""

    sizes: list[int] = field(default_factory=lambda: [1000, 10000])
    runs: int = 0  # 0: 3 runs up to 2,000 articles, 1 above
    queries: list[str] = field(default_factory=lambda: list(search.QUERIES))
    query_runs: int = 5  # cold runs of each query in the browser (median and range)
    ner_max: int = 2000  # above: the import with NER is measured on the text dumps only
    ner_upto: int = 0  # above: no import with NER at all; 0: no limit
    skip_ner: bool = False  # no import with NER at all (it takes ~100 s per 1,000 articles)
    seed: int = DEFAULT_SEED
    skip_import: bool = False
    skip_plain: bool = False
    skip_hugo: bool = False
    baseline_timeout: float = 0  # seconds after which a plain Pelican or Hugo build is stopped
    skip_search: bool = False
    search_max: int = 0  # above: no search comparison (Pagefind's memory grows fast); 0: none
    formats_max: int = 0  # above: only the text dumps are imported; 0: no limit
    skip_incremental: bool = False
    profile: bool = False  # py-spy profile of our build of the largest size
    work: Path = WORK
    report: Path = REPORT
    report_only: bool = False
    command: str = "python3 -m invoke bench"


def log(message: str) -> None:
    """Progress on stderr, with the time of day."""
    print(f"[bench {datetime.now():%H:%M:%S}] {message}", file=sys.stderr, flush=True)


def _fresh(folder: Path) -> Path:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


def _run(measured: Any) -> dict[str, Any]:
    return {"seconds": measured.seconds, "peak_rss": measured.peak_rss, "load": measured.load}


def _corpus(n: int, options: Options, folder: Path) -> tuple[formats.Corpus, dict[str, Any]]:
    started = time.perf_counter()
    records = generate(n, options.seed)
    corpus, written = formats.write_corpus(records, _fresh(folder) / "corpus")
    seconds = time.perf_counter() - started
    tags = Counter(t for r in records for t in r.tags)
    stats = {
        "generate_s": seconds,
        "outlets": len({r.outlet for r in records}),
        "tags": len(tags),
        "top_tag_share": tags.most_common(1)[0][1] / n if tags else 0.0,
        "median_body_chars": int(
            statistics.median(sum(len(b.text) for b in r.blocks) for r in records)
        ),
        "written": {k: asdict(v) for k, v in written.items()},
    }
    return corpus, stats


def _imports(n: int, corpus: formats.Corpus, options: Options, folder: Path) -> dict[str, Any]:
    """`clippings import` of each format into a fresh content folder, checked to give N.

    Named-entity recognition (the importer's default, spaCy) is most of an import's time
    and costs the same per article whatever the format, so when the importer can skip it
    each format is measured `--no-entities` (`runs` times), and with NER once: every
    format up to `ner_max` articles, the text dumps only above.
    """
    runs = options.runs or (3 if n <= 2000 else 1)
    inputs = {"text": corpus.dumps, "wxr": corpus.wxr, "feed": corpus.feeds}
    ner_formats = FORMATS if n <= options.ner_max else ("text",)
    formats = FORMATS if not options.formats_max or n <= options.formats_max else ("text",)
    variants = [(fmt, fmt, (), runs) for fmt in formats]
    if builds.import_has_option("--no-entities"):
        variants = [(f"{f} --no-entities", f, ("--no-entities",), runs) for f in formats]
        ner = not options.skip_ner and (not options.ner_upto or n <= options.ner_upto)
        variants += [(f"{f} (with NER)", f, (), 1) for f in ner_formats * ner]
    out: dict[str, list[dict[str, Any]]] = {label: [] for label, *_ in variants}
    for label, fmt, extra, count in variants:
        for run in range(count):
            work = _fresh(folder / f"import-{fmt}")
            command = builds.import_command(inputs[fmt], work / "content", *extra)
            measured = checked(run_measured(command, work), f"clippings import ({label}, {n})")
            found, created = builds.import_counts(measured.stdout)
            log(f"{n}: import {label} run {run + 1}: {measured.seconds:.1f} s, {created} created")
            if not found == created == n:
                sys.exit(f"bench: importing the {fmt} corpus gave {created}/{found}, not {n}")
            out[label].append({**_run(measured), "found": found, "created": created})
            shutil.rmtree(work)
    return out


def _build(
    tool: str, corpus: formats.Corpus, work: Path, timeout: float = 0
) -> tuple[Measured, Path]:
    """Build with `tool` into `work/out`; only a baseline build (not ours) gets `timeout`.

    Our build must finish, so it has no limit; a failed build of any tool ends the bench,
    a baseline stopped at its time limit does not (it is reported as a lower bound).
    """
    output = work / "out"
    if tool == "ours":
        command = builds.ours_command(corpus.content, output)
        timeout = 0
    elif tool == "plain":
        command = builds.plain_command(corpus.native, output, work)
    else:
        site = builds.hugo_site(corpus.content, work / "site")
        command = builds.hugo_command(site, output, work)
    measured = run_measured(command, work, builds.ENV, timeout)
    return (measured if measured.timed_out else checked(measured, f"{tool} build")), output


def _build_run(measured: Measured, timeout: float) -> dict[str, Any]:
    """A build run as results.json records it: a stopped one says so, with its limit."""
    run = {**_run(measured), "timed_out": measured.timed_out}
    if measured.timed_out:
        run["limit_s"] = timeout
    return run


def _builds(
    n: int,
    corpus: formats.Corpus,
    runs: int,
    tools: list[str],
    folder: Path,
    baseline_timeout: float = 0,
) -> tuple[dict[str, Any], dict[str, Any], dict[str, Path]]:
    """Build `runs` times with each tool: the runs, the output sizes and output folders.

    Sizes and folders come from each tool's last run, when it finished: a stopped build's
    output is incomplete (and the run before it is removed before it starts).
    """
    results: dict[str, list[dict[str, Any]]] = {tool: [] for tool in tools}
    last: dict[str, Path] = {}
    for run in range(runs):
        for tool in tools:
            work = _fresh(folder / f"build-{tool}-{run}")
            if run:
                shutil.rmtree(folder / f"build-{tool}-{run - 1}", ignore_errors=True)
            last.pop(tool, None)
            measured, output = _build(tool, corpus, work, baseline_timeout)
            results[tool].append(_build_run(measured, baseline_timeout))
            if measured.timed_out:
                shutil.rmtree(output, ignore_errors=True)  # incomplete, and maybe gigabytes
                log(
                    f"{n}: {tool} build run {run + 1}: did not finish within "
                    f"{baseline_timeout:g} s (stopped), peak so far "
                    f"{measured.peak_rss / 1e6:.0f} MB"
                )
                continue
            log(
                f"{n}: {tool} build run {run + 1}: {measured.seconds:.1f} s, "
                f"peak {measured.peak_rss / 1e6:.0f} MB"
            )
            last[tool] = output
    sizes = {tool: asdict(tree_size(path)) for tool, path in last.items()}
    return results, sizes, last


def _search(n: int, output: Path, options: Options) -> dict[str, Any]:
    ours_index = asdict(tree_size(output / "search"))
    indexed = checked(search.pagefind_index(output), "pagefind")
    log(f"{n}: pagefind indexed in {indexed.seconds:.1f} s")
    lunr = search.lunr_check(output, options.queries)
    log(f"{n}: top 10 = unsharded lunr for {sum(v['equal'] for v in lunr.values())} queries")
    browser = search.browser_queries(output, options.queries, options.query_runs)
    load = os.getloadavg()[0]
    log(f"{n}: {len(options.queries)} queries in Chromium done (load {load:.1f})")
    return {
        "queries": options.queries,
        "ours_index": ours_index,
        "pagefind_index": asdict(tree_size(output / "pagefind")),
        "pagefind_seconds": indexed.seconds,
        "pagefind_peak_rss": indexed.peak_rss,
        "lunr": lunr,
        "browser": {k: [asdict(x) for x in v] for k, v in browser.items()},
        "load": load,
    }


def _incremental(n: int, corpus: formats.Corpus, output: Path, options: Options) -> dict[str, Any]:
    """Rebuild with nothing changed, then add 20 articles to the content folder the last
    full build read and build again.

    Same content folder, output folder and working folder (caches) as that build, as a
    maintainer's next build after an import; the 20 files are removed afterwards.
    """
    # First a rebuild after something else wrote into the output folder (Pagefind's index,
    # and a file of ours to be sure): the build cannot know what changed there, so it
    # checks every page, rendering none whose fingerprint and file are as it left them.
    (output / "bench-touched.txt").write_text(str(time.time()), encoding="utf-8")
    checked_rebuild = checked(
        run_measured(builds.ours_command(corpus.content, output), output.parent, builds.ENV),
        "checked rebuild",
    )
    log(f"{n}: rebuild checking every page {checked_rebuild.seconds:.1f} s")
    # Then a rebuild with nothing changed at all since the last build.
    noop = checked(
        run_measured(builds.ours_command(corpus.content, output), output.parent, builds.ENV),
        "no-op rebuild",
    )
    log(f"{n}: no-op rebuild {noop.seconds:.1f} s")
    extra = newer(generate(n + EXTRA_ARTICLES, options.seed)[n:], LAST_DAY)
    formats.write_markdown(extra, corpus.content)
    before = snapshot(output)
    try:
        measured = checked(
            run_measured(builds.ours_command(corpus.content, output), output.parent, builds.ENV),
            "incremental build",
        )
    finally:
        for record in extra:
            path = corpus.content / formats.article_path(record)
            path.unlink()
            with contextlib.suppress(OSError):  # the new month folders, now empty
                path.parent.rmdir()
                path.parent.parent.rmdir()
    after = snapshot(output)
    log(f"{n}: incremental build (+{EXTRA_ARTICLES}) {measured.seconds:.1f} s")
    return {
        **_run(measured),
        "changes": changes(before, after),
        "noop": _run(noop),
        "checked": _run(checked_rebuild),
    }


def _commands() -> dict[str, str]:
    return {
        "import": "python3 -m clippings import INPUTS/FORMAT --content X  # text, wxr, feed",
        "ours": "python3 -m invoke build --content X --output Y",
        "plain": "pelican X -o Y -s plain.py  # bench/builds.py PLAIN_SETTINGS",
        "hugo": "hugo --source SITE --destination Y --cacheDir DIR --quiet  # bench/builds.py",
        "pagefind": (
            f"python3 -m pagefind --site Y --output-subdir pagefind --glob '{search.ARTICLE_GLOB}'"
            " --root-selector article --exclude-selectors .article-nav"
        ),
    }


def write_report(results: dict[str, Any], options: Options) -> str:
    """Render the report and the plot; write them to docs/ and return the Markdown."""
    plot = PLOT if report.plot(results, PLOT) else None
    plot_name = plot.relative_to(options.report.parent).as_posix() if plot else None
    text = report.render(results, plot_name)
    options.report.parent.mkdir(parents=True, exist_ok=True)
    options.report.write_text(text, encoding="utf-8")
    return text


def _save(results: dict[str, Any], path: Path) -> None:
    path.write_text(json.dumps(results, indent=1), encoding="utf-8")


def main(options: Options) -> str:
    """Run the benchmark (or only re-render the report) and return the report's text."""
    results_file = options.work / "results.json"
    if options.report_only:
        results = json.loads(results_file.read_text(encoding="utf-8"))
        return write_report(results, options)
    tools = ["ours", *(["plain"] * (not options.skip_plain))]
    if not options.skip_hugo:
        if not builds.have_hugo():
            sys.exit("bench: hugo is missing (apt-get install hugo), or pass --skip-hugo")
        tools.append("hugo")
    options.work.mkdir(parents=True, exist_ok=True)
    results: dict[str, Any] = {
        "command": options.command,
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M"),
        "seed": options.seed,
        "baseline_timeout": options.baseline_timeout,
        "machine": report.machine(),
        "commands": _commands(),
        "sizes": {},
    }
    if not options.skip_search:
        results["machine"]["Chromium"] = search.chromium_version()
    for n in options.sizes:
        runs = options.runs or (3 if n <= 2000 else 1)
        folder = options.work / str(n)
        log(f"{n}: generating the corpus")
        corpus, stats = _corpus(n, options, folder)
        entry: dict[str, Any] = {"runs": runs, "corpus": stats}
        results["sizes"][str(n)] = entry
        log(f"{n}: corpus written in {stats['generate_s']:.1f} s")
        entry["build"], entry["output"], outputs = _builds(
            n, corpus, runs, tools, folder, options.baseline_timeout
        )
        _save(results, results_file)
        if not options.skip_search and (not options.search_max or n <= options.search_max):
            entry["search"] = _search(n, outputs["ours"], options)
            _save(results, results_file)
        if not options.skip_incremental:
            entry["incremental"] = _incremental(n, corpus, outputs["ours"], options)
            entry["incremental"]["full_before"] = entry["build"]["ours"][-1]
            _save(results, results_file)
        if options.profile and n == max(options.sizes):
            if not profile.have_py_spy():
                sys.exit("bench: --profile needs py-spy (pip install py-spy)")
            log(f"{n}: profiling our build with py-spy")
            entry["profile"] = profile.profile_build(corpus.content, folder / "profile")
            _save(results, results_file)
        if not options.skip_import:  # last: with NER it is the slowest part
            entry["import"] = _imports(n, corpus, options, folder)
            _save(results, results_file)
        log(f"{n}: done; results in {results_file}")
    return write_report(results, options)
