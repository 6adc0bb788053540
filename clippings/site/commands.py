"""The site commands: build, check, serve and publish an archive folder.

`clippings build|check|serve|publish` (clippings/cli.py) and the maintainers' `invoke`
tasks (tasks.py) both call these. Each works from any folder holding a content folder;
the settings are the folder's own `pelicanconf.py` / `publishconf.py`, else Clippings'
defaults (clippings/site/build.py `settings_file`).
"""

from __future__ import annotations

import gc
import http.server
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

from clippings.site.build import has_articles, run_pelican, settings_file
from clippings.site.notfound import http_handler, livereload_handler

SERVE_PORT = 8000


def build(folder: Path, content: Path, output: Path, publish: bool = False) -> None:
    """Build `content` into `output`; exit with a one-line error if the build fails."""
    if not has_articles(content):
        sys.exit(f"build: {content} holds no article (run `clippings import` first)")
    run_pelican(settings_file(folder, publish), content, output)
    # What the build left is freed with the process: a last collection over its
    # millions of objects at exit would take a second for nothing.
    gc.freeze()


def check(folder: Path, content: Path, output: Path, html5: bool = True) -> int:
    """Check the built site against `content`: every article listed once, links, feeds.

    The report goes to stdout; returns the number of problems found.
    """
    from pelican.settings import read_settings

    from clippings.site.check import crawl
    from clippings.site.reconcile import reconcile, stored_articles

    if not (output / "index.html").exists():
        sys.exit(f"check: {output} holds no built site (run the build first)")
    # Clippings' shipped defaults name `content` relative to their own folder: the
    # archive's folders are given here, as the build gives them to Pelican.
    override = {"PATH": str(content.resolve()), "OUTPUT_PATH": str(output.resolve())}
    settings = read_settings(str(settings_file(folder)), override=override)
    print(f"check: crawling {output} …", file=sys.stderr)
    found = crawl(output, html5=html5)
    problems = found.problems + reconcile(content, output, settings, found)
    articles, _ = stored_articles(content, settings["ARTICLE_SAVE_AS"])
    print(
        f"{len(articles)} article(s) in {content}, {found.pages} page(s) in {output}: "
        f"{len(problems)} problem(s)"
    )
    for problem in problems:
        print(f"  {problem}")
    return len(problems)


def serve(folder: Path, content: Path, output: Path, port: int = SERVE_PORT,
          reload: bool = True) -> None:  # fmt: skip
    """Serve `output` on http://127.0.0.1:PORT; with `reload`, rebuild on every change
    of the content, the settings, the theme or the plugins and reload the browser."""
    from clippings.site import resources

    if not (output / "index.html").exists():
        build(folder, content, output)
    url = f"http://127.0.0.1:{port}/index.html"
    if not reload:
        # Missing paths get the site's 404.html, as a configured web server gives it.
        with http.server.ThreadingHTTPServer(("127.0.0.1", port), http_handler(output)) as server:
            print(f"Serving {output} at {url}", file=sys.stderr)
            server.serve_forever()
        return
    from livereload import Server

    settings = settings_file(folder)

    def rebuild() -> None:
        try:
            run_pelican(settings, content, output)
        except SystemExit as exc:  # keep serving: the error is on screen
            print(f"build failed ({exc.code}); fix and save again", file=sys.stderr)

    server = Server()
    server.SFH = livereload_handler()  # missing paths get the site's 404.html
    for watched in (content, resources.theme_dir(), resources.plugins_dir(), settings):
        server.watch(str(watched), rebuild, delay=1)
    print(f"Serving {output} at {url} (live reload)", file=sys.stderr)
    server.serve(host="127.0.0.1", port=port, root=str(output))


def publish(folder: Path, content: Path, output: Path, target: str = "",
            dry_run: bool = False, delete: bool = False) -> None:  # fmt: skip
    """Build with the publishing settings and rsync `output` to `target`."""
    destination = target or os.environ.get("CLIPPINGS_PUBLISH_TARGET", "")
    if not destination:
        sys.exit("publish: give --target or set CLIPPINGS_PUBLISH_TARGET (an rsync destination)")
    if not os.environ.get("CLIPPINGS_SITEURL"):
        sys.exit("publish: set CLIPPINGS_SITEURL to the archive's public address")
    if shutil.which("rsync") is None:
        sys.exit("publish: rsync is not installed (apt-get install rsync)")
    build(folder, content, output, publish=True)
    flags = ["--archive", "--compress", "--checksum", "--itemize-changes"]
    flags += ["--dry-run"] * dry_run + ["--delete"] * delete
    command = ["rsync", *flags, f"{output}/", destination]
    print(shlex.join(command), file=sys.stderr)
    result = subprocess.run(command, check=False)
    if result.returncode:
        sys.exit(f"publish: rsync failed with exit status {result.returncode}")
