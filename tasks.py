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
    if not _has_articles(content_dir):
        print(f"{content_dir} holds no article: importing {SAMPLES.name}/", file=sys.stderr)
        import_(c, content=str(content_dir))
    _pelican(PUBLISH_SETTINGS if publish else SETTINGS, content_dir, Path(output))


@task(help={"port": f"port to listen on (default {SERVE_PORT})"})
def serve(c: Context, port: int = SERVE_PORT) -> None:
    """Serve output/ on http://localhost:PORT (build first)."""
    import functools
    import http.server

    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(OUTPUT))
    with http.server.ThreadingHTTPServer(("127.0.0.1", port), handler) as server:
        print(f"Serving {OUTPUT} at http://127.0.0.1:{port}/index.html", file=sys.stderr)
        server.serve_forever()


@task
def clean(c: Context) -> None:
    """Remove generated files (output/ and caches); content/ is never touched."""
    for path in (OUTPUT, ROOT / "cache"):
        if path.exists():
            shutil.rmtree(path)


def _ensure_chromium(c: Context) -> None:
    """Install Debian's Chromium for the browser tests if it is missing (root only)."""
    if Path(CHROMIUM).exists():
        return
    if os.geteuid() != 0:
        sys.exit(f"The browser tests need {CHROMIUM}: run `sudo apt-get install chromium`.")
    print("installing Debian's chromium for the browser tests", file=sys.stderr)
    c.run("apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium")


@task(help={"args": "extra arguments passed to pytest"})
def test(c: Context, args: str = "") -> None:
    """Run the whole test suite (ruff lint included), installing Chromium if needed."""
    lint(c)
    _ensure_chromium(c)
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
