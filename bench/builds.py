"""The commands measured: `clippings import`, our build, plain Pelican and Hugo.

Every run gets a fresh working folder as its current directory, so caches that live
relative to it (Pelican's `cache/`, which holds our search-index cache) start cold; the
incremental build reuses the folder of the full build it follows.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ENV = {**os.environ, "LC_ALL": "C.UTF-8", "TZ": "UTC"}
_SUMMARY = re.compile(r"^(\d+) item\(s\) in \d+ input\(s\): (\d+) created", re.MULTILINE)


def import_command(inputs: Path, content: Path, *extra: str) -> list[str]:
    """`clippings import INPUTS --content CONTENT [EXTRA…]` (the real command line)."""
    return [
        *(sys.executable, "-m", "clippings", "import", str(inputs)),
        *("--content", str(content), *extra),
    ]


def import_has_option(option: str) -> bool:
    """True when `clippings import --help` lists `option` (e.g. `--no-entities`)."""
    done = subprocess.run(
        [sys.executable, "-m", "clippings", "import", "--help"],
        capture_output=True,
        text=True,
        check=False,
    )
    return option in done.stdout


def import_counts(stdout: str) -> tuple[int, int]:
    """(found, created) from the account `clippings import` prints."""
    m = _SUMMARY.search(stdout)
    if not m:
        raise ValueError(f"no import summary in: {stdout[:200]!r}")
    return int(m[1]), int(m[2])


def ours_command(content: Path, output: Path) -> list[str]:
    """`python3 -m invoke build --content X --output Y`, run from any folder."""
    return [
        *(sys.executable, "-m", "invoke", "--search-root", str(ROOT), "build"),
        *("--content", str(content), "--output", str(output)),
    ]


PLAIN_SETTINGS = """\
# Plain Pelican: no plugins, the default theme, the same page size as ours.
SITENAME = "Plain Pelican baseline"
AUTHOR = "Bench"
PATH = {content!r}
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
DEFAULT_PAGINATION = 20
RELATIVE_URLS = True
"""


def plain_command(native: Path, output: Path, workdir: Path) -> list[str]:
    """`pelican CONTENT -o OUT -s plain.py` with a minimal settings file in `workdir`."""
    settings = workdir / "plain.py"
    settings.write_text(PLAIN_SETTINGS.format(content=str(native)), encoding="utf-8")
    return [sys.executable, "-m", "pelican", str(native), "-o", str(output), "-s", str(settings)]


HUGO_CONFIG = """\
baseURL = "http://127.0.0.1:8000/"
title = "Hugo baseline"
languageCode = "en"
contentDir = {content!r}
timeZone = "UTC"
paginate = 20
[taxonomies]
  tag = "tags"
"""
HUGO_HEAD = (
    '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
    "<title>{{ .Title }} — {{ site.Title }}</title></head><body><main>\n"
)
HUGO_SINGLE = (
    HUGO_HEAD
    + """<article><h1>{{ .Title }}</h1>
<p>{{ with .Params.outlet }}{{ . }} · {{ end }}<time>{{ .Date.Format "2 January 2006" }}</time></p>
{{ .Content }}
<ul>{{ range .GetTerms "tags" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>
{{ end }}</ul>
<nav>{{ with .PrevInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}
{{ with .NextInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</nav>
</article></main></body></html>
"""
)
HUGO_LIST = (
    HUGO_HEAD
    + """<h1>{{ .Title }}</h1>
{{ $pages := .Pages }}{{ if .IsHome }}{{ $pages = site.RegularPages }}{{ end }}
<ol>{{ range (.Paginate $pages).Pages }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>
<time>{{ .Date.Format "2006-01-02" }}</time><p>{{ .Summary }}</p></li>{{ end }}</ol>
{{ template "_internal/pagination.html" . }}
</main></body></html>
"""
)


def hugo_site(content: Path, site: Path) -> Path:
    """A minimal Hugo site over our content (YAML front-matter as is): config + 2 layouts."""
    layouts = site / "layouts" / "_default"
    layouts.mkdir(parents=True, exist_ok=True)
    (site / "hugo.toml").write_text(HUGO_CONFIG.format(content=str(content)), encoding="utf-8")
    (layouts / "single.html").write_text(HUGO_SINGLE, encoding="utf-8")
    (layouts / "list.html").write_text(HUGO_LIST, encoding="utf-8")
    return site


def hugo_command(site: Path, output: Path, workdir: Path) -> list[str]:
    """`hugo --source SITE --destination OUT` with a cache folder of its own."""
    return [
        *("hugo", "--source", str(site), "--destination", str(output)),
        *("--cacheDir", str(workdir / "hugo-cache"), "--quiet"),
    ]


def have_hugo() -> bool:
    """True when Debian's `hugo` is installed."""
    return shutil.which("hugo") is not None


def version(command: list[str]) -> str:
    """The first line a `--version`-style command prints ('' if it cannot run)."""
    try:
        out = subprocess.run(command, capture_output=True, text=True, check=False, timeout=60)
    except OSError:
        return ""
    return (out.stdout or out.stderr).strip().splitlines()[0] if (out.stdout or out.stderr) else ""
