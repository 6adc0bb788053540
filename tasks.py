"""Maintainer tasks for the Clippings archive: `python3 -m invoke TASK` (or `invoke TASK`)."""

from __future__ import annotations

import errno
import gc
import gzip
import logging
import os
import pickle
import re
import shlex
import shutil
import sys
import zlib
from pathlib import Path
from typing import Any

from invoke import Context, task

from clippings.chromium import CHROMIUM, CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parent
CONTENT = ROOT / "content"
OUTPUT = ROOT / "output"
SAMPLES = ROOT / "samples"
SETTINGS = ROOT / "pelicanconf.py"
PUBLISH_SETTINGS = ROOT / "publishconf.py"
SERVE_PORT = 8000


def _has_articles(content: Path) -> bool:
    return any((content / "articles").rglob("*.md"))


# Errors a maintainer fixes (a file, a folder, a setting): one line each, no traceback.
_WRITE_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EFBIG}
# What a damaged Pelican cache file (a build killed while saving it) raises on loading.
_DAMAGED_CACHE = (EOFError, pickle.UnpicklingError, zlib.error, gzip.BadGzipFile)


def _chain(error: BaseException) -> list[BaseException]:
    """`error` and the exceptions it was raised from or while handling."""
    chain: list[BaseException] = []
    while error is not None and error not in chain:
        chain.append(error)
        error = error.__cause__ or error.__context__  # type: ignore[assignment]
    return chain


def _frames(error: BaseException) -> list[Any]:
    """The frames of `error`'s traceback, innermost first."""
    frames, tb = [], error.__traceback__
    while tb is not None:
        frames.append(tb.tb_frame)
        tb = tb.tb_next
    return frames[::-1]


def _failed_path(error: OSError, output: Path) -> str:
    """The file or folder an OSError is about: its own `filename`, else the one the
    failing code was writing (a full disk reports no name), else the output folder."""
    from clippings.settingscheck import display

    for name in (error.filename, error.filename2):
        if name:
            return display(os.fsdecode(name))
    for frame in _frames(error):
        candidates = [getattr(frame.f_locals.get("self"), "path", None)]
        candidates += [frame.f_locals.get(k) for k in ("path", "complete_path", "filename")]
        for value in candidates:
            if isinstance(value, str | os.PathLike) and os.path.isabs(value):
                return display(value)
    return display(output)


def _not_writable(error: OSError, path: str) -> bool:
    """True when `error` is a failed write (full disk, or a folder we may not write)."""
    if error.errno in _WRITE_ERRNOS:
        return True
    if error.errno not in (errno.EACCES, errno.EPERM):
        return False
    existing = Path(path).absolute()
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    return not os.access(existing, os.W_OK)


def _one_line(error: BaseException, output: Path) -> tuple[str, int] | None:
    """A one-line message and exit status for an error the maintainer can fix, or None
    for anything else (a bug: Pelican's traceback is kept)."""
    import jinja2

    from clippings.errors import ClippingsError, ConfigError
    from clippings.settingscheck import display

    for exc in _chain(error):
        if isinstance(exc, ClippingsError):
            return str(exc), 2 if isinstance(exc, ConfigError) else 1
        if isinstance(exc, jinja2.TemplateSyntaxError):
            where = f"{display(exc.filename)}:{exc.lineno}" if exc.filename else exc.name
            return f"{where}: template error: {exc.message}", 2
        if isinstance(exc, jinja2.TemplateNotFound):
            return f"{exc.name}: missing template (the theme has no such file)", 2
        if type(exc).__name__ == "PelicanTemplateNotFound":
            found = re.search(r"unable to load (\S+?)\[(\S+?)[,\]].*? from \[?'([^']+)'", str(exc))
            if found:
                name, ext, folder = found.groups()
                return f"{display(Path(folder) / (name + ext))}: missing template", 2
            return str(exc), 2
        if isinstance(exc, OSError):
            path = _failed_path(exc, output)
            verb = "cannot write: " if _not_writable(exc, path) else ""
            return f"{path}: {verb}{exc.strerror or exc}", 1
    return None


def _damaged_cache(error: BaseException) -> Path | None:
    """The Pelican cache file `error` says is damaged (truncated, not a pickle), if any."""
    if not any(isinstance(exc, _DAMAGED_CACHE) for exc in _chain(error)):
        return None
    for frame in _frames(error):
        cache = getattr(frame.f_locals.get("self"), "_cache_path", None)
        if cache and frame.f_code.co_filename.endswith(os.path.join("pelican", "cache.py")):
            return Path(cache)
    return None


class _BuildErrors(logging.Filter):
    """Keeps the errors `_one_line` knows out of Pelican's log, which would add a traceback.

    Pelican's `main` logs any exception with its traceback (wrapped by rich) and exits 1.
    A `ClippingsError` raised by one of our plugins (a `ConfigError` for a malformed
    `content/outlets.yaml`, …), a folder that cannot be written, a full disk or a missing
    template names a file for the maintainer to fix, so `_pelican` reports it as one
    line instead. Attached to the `pelican` logger (where `main` logs) and to Pelican's
    log handler: a warning logged while handling such an error (Pelican's "Could not
    save cache …") stops the build just the same, and is reported the same way.
    """

    def __init__(self, output: Path) -> None:
        super().__init__()
        self.output = output
        self.errors: list[tuple[str, int]] = []
        self.damaged: Path | None = None

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if error is None and record.levelno >= logging.WARNING:
            error = sys.exc_info()[1]  # a warning logged in an `except` block
        if error is None:
            return True
        damaged = _damaged_cache(error)
        if damaged is not None:
            self.damaged = damaged
            return False
        found = _one_line(error, self.output)
        if found is None:
            return True
        if found not in self.errors:
            self.errors.append(found)
        return False


def _pelican(settings: Path, content: Path, output: Path) -> None:
    """Run Pelican in-process; exit non-zero on any warning or error.

    The settings file is checked first (`clippings.settingscheck`: unknown settings,
    templates missing from the theme), each problem one line, exit status 2. Clippings'
    own errors (e.g. a malformed `content/outlets.yaml`), unwritable folders, a full
    disk and missing templates are printed as one line, `build: error: FILE[:LINE]:
    message`, with exit status 2 (configuration) or 1. Pelican's own output goes to
    stderr: stdout holds only the build's account (plugins/build_account). A Pelican
    cache file cut short (by a build killed while writing it) stops the build in one
    line too, and is removed, so that the next build runs.
    """
    from pelican import main as pelican_main
    from pelican.log import DEFAULT_LOG_HANDLER, console

    from clippings.settingscheck import check, display, load

    try:
        problems = check(settings, content, load(settings))
    except SyntaxError as exc:  # in the settings file itself
        problems = [f"{display(exc.filename or settings)}:{exc.lineno}: {exc.msg}"]
    for problem in problems:
        print(f"build: error: {problem}", file=sys.stderr)
    if problems:
        raise SystemExit(2)
    argv = ["-s", str(settings), "-o", str(output), str(content), "--fatal", "warnings"]
    errors = _BuildErrors(output)
    pelican_log = logging.getLogger("pelican")
    pelican_log.addFilter(errors)
    DEFAULT_LOG_HANDLER.addFilter(errors)
    console.file = sys.stderr  # Pelican's messages, its "Done" line: not stdout
    # A build holds millions of long-lived objects (articles, their HTML, metadata):
    # with Python's default thresholds the collector walks them again and again
    # (a tenth of a rebuild). Collections are made rarer, not stopped.
    thresholds = gc.get_threshold()
    gc.set_threshold(100_000, 50, 1000)
    try:
        pelican_main(argv)
    except SystemExit as exc:
        if errors.damaged is not None:  # a cache is only a cache: the next build runs
            errors.damaged.unlink(missing_ok=True)
            damaged = f"{display(errors.damaged)}: damaged cache (cut short by a killed build?)"
            errors.errors.insert(0, (f"{damaged}, removed: run the build again", 1))
        if errors.errors:
            message, status = errors.errors[0]
            print(f"build: error: {message}", file=sys.stderr)
            raise SystemExit(status) from None
        if exc.code:
            raise
    finally:
        gc.set_threshold(*thresholds)
        console.file = None  # back to Pelican's default: the current sys.stdout
        pelican_log.removeFilter(errors)
        DEFAULT_LOG_HANDLER.removeFilter(errors)
    if errors.errors:  # kept out of the log, yet Pelican did not stop: stop here
        print(f"build: error: {errors.errors[0][0]}", file=sys.stderr)
        raise SystemExit(errors.errors[0][1])


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
    _ensure_node_tools(c, only_if_missing=True)  # lunr.js, shipped with the search page
    if not _has_articles(content_dir):
        print(f"{content_dir} holds no article: importing {SAMPLES.name}/", file=sys.stderr)
        import_(c, content=str(content_dir))
    _pelican(PUBLISH_SETTINGS if publish else SETTINGS, content_dir, Path(output))
    # What the build left is freed with the process: a last collection over its
    # millions of objects at exit would take a second for nothing.
    gc.freeze()


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
    from pelican.settings import read_settings

    from clippings.reconcile import reconcile, stored_articles
    from clippings.sitecheck import crawl

    content_dir, output_dir = Path(content), Path(output)
    if not (output_dir / "index.html").exists():
        sys.exit(f"check: {output_dir} holds no built site (run `invoke build` first)")
    settings = read_settings(str(SETTINGS))
    print(f"check: crawling {output_dir} …", file=sys.stderr)
    found = crawl(output_dir, html5=html5)
    problems = found.problems + reconcile(content_dir, output_dir, settings, found)
    articles, _ = stored_articles(content_dir, settings["ARTICLE_SAVE_AS"])
    print(
        f"{len(articles)} article(s) in {content_dir}, {found.pages} page(s) in {output_dir}: "
        f"{len(problems)} problem(s)"
    )
    for problem in problems:
        print(f"  {problem}")
    if problems:
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
    url = f"http://127.0.0.1:{port}/index.html"
    if not reload:
        import functools
        import http.server

        handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(OUTPUT))
        with http.server.ThreadingHTTPServer(("127.0.0.1", port), handler) as server:
            print(f"Serving {OUTPUT} at {url}", file=sys.stderr)
            server.serve_forever()
        return
    from livereload import Server

    def rebuild() -> None:
        try:
            _pelican(SETTINGS, CONTENT, OUTPUT)
        except SystemExit as exc:  # keep serving: the error is on screen
            print(f"build failed ({exc.code}); fix and save again", file=sys.stderr)

    server = Server()
    for watched in (CONTENT, ROOT / "theme", ROOT / "plugins", SETTINGS):
        server.watch(str(watched), rebuild, delay=1)
    print(f"Serving {OUTPUT} at {url} (live reload)", file=sys.stderr)
    server.serve(host="127.0.0.1", port=port, root=str(OUTPUT))


@task(
    help={
        "target": "rsync destination (default: $CLIPPINGS_PUBLISH_TARGET), e.g. host:/srv/archive/",
        "dry_run": "show what would be sent, change nothing",
        "delete": "delete files on the target that output/ no longer has (off by default)",
    }
)
def publish(c: Context, target: str = "", dry_run: bool = False, delete: bool = False) -> None:
    """Build with publishconf.py and rsync output/ to the publishing target."""
    destination = target or os.environ.get("CLIPPINGS_PUBLISH_TARGET", "")
    if not destination:
        sys.exit("publish: give --target or set CLIPPINGS_PUBLISH_TARGET (an rsync destination)")
    if not os.environ.get("CLIPPINGS_SITEURL"):
        sys.exit("publish: set CLIPPINGS_SITEURL to the archive's public address")
    if shutil.which("rsync") is None:
        sys.exit("publish: rsync is not installed (apt-get install rsync)")
    build(c, publish=True)
    flags = ["--archive", "--compress", "--checksum", "--itemize-changes"]
    flags += ["--dry-run"] * dry_run + ["--delete"] * delete
    c.run(shlex.join(["rsync", *flags, f"{OUTPUT}/", destination]), pty=False)


@task(help={"output": "folder for the PNG files (default docs/screenshots)"})
def screenshots(c: Context, output: str = str(ROOT / "docs" / "screenshots")) -> None:
    """Take phone (390 px) and desktop (1280 px) screenshots of the main page types."""
    from playwright.sync_api import sync_playwright

    if not (OUTPUT / "index.html").exists():
        build(c)
    _ensure_debian_packages(c)
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
def clean(c: Context) -> None:
    """Remove generated files (output/ and caches); content/ is never touched."""
    for path in (OUTPUT, ROOT / "cache"):
        if path.exists():
            shutil.rmtree(path)


def _ensure_debian_packages(c: Context) -> None:
    """Install Debian's chromium (browser tests) and rsync (publish test) if missing."""
    missing = [pkg for pkg, binary in (("chromium", CHROMIUM), ("rsync", "rsync"))
               if not (Path(binary).exists() or shutil.which(binary))]  # fmt: skip
    if not missing:
        return
    if os.geteuid() != 0:
        sys.exit(f"The tests need {', '.join(missing)}: sudo apt-get install {' '.join(missing)}")
    print(f"installing Debian packages: {' '.join(missing)}", file=sys.stderr)
    c.run(
        "apt-get update -qq && DEBIAN_FRONTEND=noninteractive "
        f"apt-get install -y -qq {' '.join(missing)}"
    )


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
    """Run the whole test suite (ruff included); installs Chromium, rsync, npm tools if needed."""
    lint(c)
    _ensure_debian_packages(c)
    _ensure_node_tools(c)
    c.run(f"{shlex.quote(sys.executable)} -m pytest {args}", pty=False)


@task(help={"examples": "examples per property (default 20000)"})
def fuzz(c: Context, examples: int = 20_000) -> None:
    """Run the property tests with a large example budget; write docs/FUZZ.md."""
    import re
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
