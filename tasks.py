"""Maintainer tasks for the Clippings archive: `python3 -m invoke TASK` (or `invoke TASK`).

Thin wrappers: the site commands live in clippings/site/commands.py (also `clippings
build|check|serve|publish`), the benchmark in bench/. Machine set-up (Debian's chromium
and rsync for the tests) is in the README and .ci/run, not here.
"""

from __future__ import annotations

import re
import shlex
import shutil
import sys
from pathlib import Path

from invoke import Context, task

from clippings.chromium import CHROMIUM, CHROMIUM_ARGS
from clippings.site import commands
from clippings.site.build import has_articles

ROOT = Path(__file__).resolve().parent
CONTENT = ROOT / "content"
OUTPUT = ROOT / "output"
SAMPLES = ROOT / "samples"
SERVE_PORT = commands.SERVE_PORT


@task(
    name="import",
    help={"paths": "input files or folders (default: samples/)", "content": "content folder"},
)
def import_(c: Context, paths: str = "", content: str = str(CONTENT)) -> None:
    """Import text dumps into content/ as Markdown (default: the samples)."""
    from clippings.cli import main as clippings_main

    inputs = shlex.split(paths) if paths else [str(SAMPLES)]
    code = clippings_main(["import", *inputs, "--content", content])
    if code:
        sys.exit(code)


@task(
    help={
        "sources": "YAML list of the blog's feeds and pages (default: sources.yaml)",
        "content": "content folder",
        "output": "output folder",
        "publish": "build with publishconf.py",
    }
)
def update(
    c: Context,
    sources: str = str(ROOT / "sources.yaml"),
    content: str = str(CONTENT),
    output: str = str(OUTPUT),
    publish: bool = False,
) -> None:
    """Import the live feeds and pages listed in sources.yaml, then build the site."""
    from clippings.cli import main as clippings_main

    if not Path(sources).is_file():
        sys.exit(f"update: {sources}: no such file (list the blog's feeds there, see docs/)")
    code = clippings_main(["import", "--sources", sources, "--content", content])
    if code == 2:  # a usage or configuration error: nothing was imported
        sys.exit(code)
    if code:  # a source could not be fetched: the others were imported, still build
        print("update: some sources could not be read (see above); building", file=sys.stderr)
    build(c, publish=publish, content=content, output=output)
    if code:
        sys.exit(code)


@task(
    help={
        "publish": "use publishconf.py (absolute feed URLs from CLIPPINGS_SITEURL)",
        "content": "content folder",
        "output": "output folder",
    }
)
def build(
    c: Context, publish: bool = False, content: str = str(CONTENT), output: str = str(OUTPUT)
) -> None:
    """Build the site into output/ (importing samples/ first if content/ has no article)."""
    content_dir = Path(content)
    if not has_articles(content_dir):
        print(f"{content_dir} holds no article: importing {SAMPLES.name}/", file=sys.stderr)
        import_(c, content=str(content_dir))
    commands.build(ROOT, content_dir, Path(output), publish=publish)


@task(
    help={
        "content": "content folder",
        "output": "output folder (built)",
        "html5": "parse every page with html5lib (slow on large sites; --no-html5 skips)",
    }
)
def check(
    c: Context, content: str = str(CONTENT), output: str = str(OUTPUT), html5: bool = True
) -> None:
    """Check the built site against content/: every article listed once, links, feeds."""
    if commands.check(ROOT, Path(content), Path(output), html5=html5):
        sys.exit(1)


@task(
    help={
        "port": f"port to listen on (default {SERVE_PORT})",
        "reload": "rebuild when content/, theme/ or plugins/ change and reload the browser",
    }
)
def serve(c: Context, port: int = SERVE_PORT, reload: bool = True) -> None:
    """Serve output/ on http://127.0.0.1:PORT, rebuilding and reloading on changes."""
    if not (OUTPUT / "index.html").exists():
        build(c)
    commands.serve(ROOT, CONTENT, OUTPUT, port=port, reload=reload)


@task(
    help={
        "target": "rsync destination (default: $CLIPPINGS_PUBLISH_TARGET), e.g. host:/srv/archive/",
        "dry_run": "show what would be sent, change nothing",
        "delete": "delete files on the target that output/ no longer has (off by default)",
    }
)
def publish(c: Context, target: str = "", dry_run: bool = False, delete: bool = False) -> None:
    """Build with publishconf.py and rsync output/ to the publishing target."""
    commands.publish(ROOT, CONTENT, OUTPUT, target=target, dry_run=dry_run, delete=delete)


@task(help={"output": "folder for the PNG files (default docs/screenshots)"})
def screenshots(c: Context, output: str = str(ROOT / "docs" / "screenshots")) -> None:
    """Take phone (390 px) and desktop (1280 px) screenshots of the main page types."""
    from playwright.sync_api import sync_playwright

    if not (OUTPUT / "index.html").exists():
        build(c)
    _check_debian_packages()
    folder = Path(output)
    folder.mkdir(parents=True, exist_ok=True)
    article = sorted(OUTPUT.glob("2*/*/*/index.html"))[0].relative_to(OUTPUT).as_posix()
    pages = {
        "home": "index.html",
        "article": article,
        "tag": next((OUTPUT / "tag").iterdir()).relative_to(OUTPUT).as_posix() + "/index.html",
        "archives": "archives/index.html",
        "entity": "entity/sergey-lavrov/index.html",
        "search": "search.html?q=lavrov+sanctions",
    }
    pages = {k: v for k, v in pages.items() if (OUTPUT / v.partition("?")[0]).exists()}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for device, width in (("phone", 390), ("desktop", 1280)):
            page = browser.new_page(viewport={"width": width, "height": 900})
            for name, path in pages.items():
                file, _, query = path.partition("?")
                page.goto((OUTPUT / file).as_uri() + (f"?{query}" if query else ""))
                if query:  # search results arrive after the shards load
                    page.wait_for_selector("#search-results li", timeout=10_000)
                page.screenshot(path=str(folder / f"{name}-{device}.png"), full_page=False)
            page.close()
        browser.close()
    print(f"screenshots written to {folder}", file=sys.stderr)


@task(
    auto_shortflags=False,
    help={
        "sizes": "archive sizes, comma-separated (default 1000,10000; 100000 works too)",
        "runs": "runs per measurement (default: 3 up to 2,000 articles, else 1)",
        "queries": "search queries, separated by '|' (default: bench/search.py QUERIES)",
        "skip_import": "do not measure `clippings import`",
        "ner_max": "import with NER in every format up to this size, text only above (2000)",
        "skip_ner": "do not measure the import with named-entity recognition (slow)",
        "ner_upto": "measure the import with NER up to this size only (0: every size)",
        "skip_plain": "do not build with plain Pelican",
        "skip_hugo": "do not build with Hugo",
        "baseline_timeout": (
            "stop a plain Pelican or Hugo build after this many seconds, kill its process tree"
            " and report the time as a lower bound (default 0: no limit; never our build)"
        ),
        "skip_search": "do not compare search with Pagefind in Chromium",
        "search_max": "compare search with Pagefind up to this size only (0: every size)",
        "formats_max": "import WXR and feeds up to this size, text dumps only above (0: all)",
        "skip_incremental": "do not measure the incremental build",
        "profile": "profile our build of the largest size with py-spy (pip install py-spy)",
        "report_only": "only re-render docs/BENCHMARKS.md from the last run's results",
        "query_runs": "cold runs of each search query in the browser (default 5)",
    },
)
def bench(
    c: Context,
    sizes: str = "1000,10000",
    runs: int = 0,
    queries: str = "",
    skip_import: bool = False,
    ner_max: int = 2000,
    skip_ner: bool = False,
    ner_upto: int = 0,
    skip_plain: bool = False,
    skip_hugo: bool = False,
    baseline_timeout: int = 0,
    skip_search: bool = False,
    search_max: int = 0,
    formats_max: int = 0,
    skip_incremental: bool = False,
    profile: bool = False,
    report_only: bool = False,
    query_runs: int = 5,
) -> None:
    """Benchmark import, build and search on synthetic archives; write docs/BENCHMARKS.md."""
    from bench.run import Options, main

    _ensure_node_tools(c, only_if_missing=True)
    argv = sys.argv[sys.argv.index("bench") :] if "bench" in sys.argv else ["bench"]
    options = Options(
        sizes=[int(n) for n in sizes.split(",") if n.strip()],
        runs=runs,
        skip_import=skip_import,
        ner_max=ner_max,
        skip_ner=skip_ner,
        ner_upto=ner_upto,
        skip_plain=skip_plain,
        skip_hugo=skip_hugo,
        baseline_timeout=baseline_timeout,
        skip_search=skip_search,
        search_max=search_max,
        formats_max=formats_max,
        skip_incremental=skip_incremental,
        profile=profile,
        report_only=report_only,
        query_runs=query_runs,
        command="python3 -m invoke " + shlex.join(argv),
    )
    if queries:
        options.queries = [q.strip() for q in queries.split("|") if q.strip()]
    print(main(options))


@task
def pipeline(c: Context) -> None:
    """Print each Pelican signal's receivers in the order the build runs them."""
    from clippings.site.pipeline_order import describe

    print(describe())


@task
def clean(c: Context) -> None:
    """Remove generated files (output/ and caches); content/ is never touched."""
    for path in (OUTPUT, ROOT / "cache"):
        if path.exists():
            shutil.rmtree(path)


def _check_debian_packages() -> None:
    """Stop with the command to run if Debian's chromium or rsync (tests) is missing."""
    missing = [pkg for pkg, binary in (("chromium", CHROMIUM), ("rsync", "rsync"))
               if not (Path(binary).exists() or shutil.which(binary))]  # fmt: skip
    if missing:
        packages = " ".join(missing)
        sys.exit(f"The tests need Debian's {packages}: sudo apt-get install -y {packages}")


def _ensure_node_tools(c: Context, only_if_missing: bool = False) -> None:
    """Install the npm packages package-lock.json pins: lunr.js (site), axe-core (tests)."""
    if only_if_missing and (ROOT / "node_modules" / "lunr" / "package.json").exists():
        return
    if not shutil.which("npm"):
        sys.exit("npm is missing: install Node.js and npm (apt-get install nodejs npm)")
    with c.cd(str(ROOT)):
        c.run("npm ci --no-audit --no-fund --loglevel=error", out_stream=sys.stderr)


@task(help={"args": "extra arguments passed to pytest"})
def test(c: Context, args: str = "") -> None:
    """Run the whole test suite (ruff included); installs the npm tools (axe-core) if needed."""
    lint(c)
    _check_debian_packages()
    _ensure_node_tools(c)
    c.run(f"{shlex.quote(sys.executable)} -m pytest {args}", pty=False)


@task(help={"examples": "examples per property (default 20000)"})
def fuzz(c: Context, examples: int = 20_000) -> None:
    """Run the property tests with a large example budget; write docs/FUZZ.md."""
    import time

    started = time.monotonic()
    result = c.run(
        f"{shlex.quote(sys.executable)} -m pytest -q -p no:cacheprovider "
        "tests/test_properties.py tests/test_markdown.py -k 'parser or round_trips or fast_path' "
        "--hypothesis-show-statistics",
        env={"HYPOTHESIS_PROFILE": "fuzz", "CLIPPINGS_FUZZ_EXAMPLES": str(examples)},
        warn=True,
        pty=False,
        hide="stdout",
    )
    seconds = time.monotonic() - started
    rows = re.findall(
        r"^(tests/\S+::\S+):\s*\n\n\s*- during generate phase .*?\n\s*- (\d+) passing examples, "
        r"(\d+) failing examples, (\d+) invalid examples",
        result.stdout,
        flags=re.MULTILINE | re.DOTALL,
    )
    lines = [
        "# Fuzzing",
        "",
        f"`python3 -m invoke fuzz --examples {examples}` ({time.strftime('%Y-%m-%d')}, "
        f"{seconds:.0f} s): hypothesis property tests over the byline, footer and dump parsers, "
        "the Markdown writer's round trip and the plain-text Markdown path.",
        "",
        "| property | inputs passing | failing | invalid |",
        "|---|---|---|---|",
        *(
            f"| `{name.split('::')[-1]}` | {ok} | {bad} | {invalid} |"
            for name, ok, bad, invalid in rows
        ),
        "",
        "Result: " + ("all properties hold." if result.ok else "FAILURES (see pytest output)."),
        "",
    ]
    (ROOT / "docs" / "FUZZ.md").write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))
    if not result.ok:
        print(result.stdout[-3000:], file=sys.stderr)
        sys.exit(1)


@task
def lint(c: Context) -> None:
    """Check the code with ruff."""
    c.run(f"{shlex.quote(sys.executable)} -m ruff check .", pty=False)


@task
def goldens(c: Context) -> None:
    """Regenerate the golden Markdown and HTML files under tests/golden/ (review the diff)."""
    c.run(
        # Every test that compares with a golden file calls check_golden; `-k golden`
        # would miss some, so the whole suite runs with rewriting on.
        f"{shlex.quote(sys.executable)} -m pytest -q -p no:cacheprovider tests",
        env={"CLIPPINGS_UPDATE_GOLDENS": "1"},
        pty=False,
    )


@task(
    help={
        "module": "one target (footer, byline, detect, dates, sanitize, fingerprints, store, "
        "ranking, search); default: all of them, one after another",
        "json": "append each Python module's result as a JSON line to this file",
    }
)
def mutants(c: Context, module: str = "", json: str = "") -> None:
    """Mutation-test the core modules with their own tests; see docs/MUTANTS.md."""
    # Slow (minutes per module), so not part of CI or `invoke test`. Needs the `mutants`
    # extra (cosmic-ray) and, for ranking/search, the npm packages (node runs the tests).
    sys.path.insert(0, str(ROOT / "tests"))
    import mutation
    import mutation_js

    names = [module] if module else [*mutation.TARGETS, "ranking", "search"]
    python = [n for n in names if n in mutation.TARGETS]
    scripts = [n for n in names if n in ("ranking", "search")]
    unknown = sorted(set(names) - set(python) - set(scripts))
    if unknown:
        sys.exit(f"unknown module {', '.join(unknown)}; see `invoke --help mutants`")
    if python and not shutil.which("cosmic-ray"):
        sys.exit("cosmic-ray is missing: pip install -e '.[mutants]'")
    if scripts:
        _ensure_node_tools(c, only_if_missing=True)
    code = mutation.main([*python, *(["--json", json] if json else [])]) if python else 0
    code |= mutation_js.main(scripts) if scripts else 0
    if code:
        sys.exit(code)
