"""Maintainer tasks for the Clippings archive: `python3 -m invoke TASK` (or `invoke TASK`)."""

from __future__ import annotations

import os
import shlex
import shutil
import sys
from pathlib import Path

from invoke import Context, task

ROOT = Path(__file__).resolve().parent
CONTENT = ROOT / "content"
OUTPUT = ROOT / "output"
SAMPLES = ROOT / "samples"
SETTINGS = ROOT / "pelicanconf.py"
PUBLISH_SETTINGS = ROOT / "publishconf.py"
SERVE_PORT = 8000
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _has_articles(content: Path) -> bool:
    return any((content / "articles").rglob("*.md"))


def _pelican(settings: Path, content: Path, output: Path) -> None:
    """Run Pelican in-process; exit non-zero on any warning or error."""
    from pelican import main as pelican_main

    argv = ["-s", str(settings), "-o", str(output), str(content), "--fatal", "warnings"]
    try:
        pelican_main(argv)
    except SystemExit as exc:
        if exc.code:
            raise


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
    }
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for device, width in (("phone", 390), ("desktop", 1280)):
            page = browser.new_page(viewport={"width": width, "height": 900})
            for name, path in pages.items():
                page.goto((OUTPUT / path).as_uri())
                page.screenshot(path=str(folder / f"{name}-{device}.png"), full_page=False)
            page.close()
        browser.close()
    print(f"screenshots written to {folder}", file=sys.stderr)


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


@task
def lint(c: Context) -> None:
    """Check the code with ruff."""
    c.run(f"{shlex.quote(sys.executable)} -m ruff check .", pty=False)


@task
def goldens(c: Context) -> None:
    """Regenerate the golden Markdown and HTML files under tests/golden/ (review the diff)."""
    c.run(
        f"{shlex.quote(sys.executable)} -m pytest -q tests/test_golden.py",
        env={"CLIPPINGS_UPDATE_GOLDENS": "1"},
        pty=False,
    )
