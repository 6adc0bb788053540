"""Where the installed package keeps its theme, plugins and shipped scripts.

Everything is found through the `clippings` package (`importlib.resources`), never by
walking up from a file: a plain `pip install clippings` builds an archive from any
folder. In a checkout, `theme/` and `plugins/` are mapped into the package by
pyproject.toml (`clippings.theme`, `clippings.plugins`), so both ways find the same files.
"""

from __future__ import annotations

import re
from functools import cache
from importlib.resources import files
from pathlib import Path

LUNR_VERSION = re.compile(rb"lunr - http://lunrjs\.com - .*? - (\d+\.\d+\.\d+)")


def _folder(package: str) -> Path:
    # Both the editable and the wheel install give a real folder for these packages.
    return Path(str(files(package)))


def theme_dir() -> Path:
    """The Pelican theme (templates/ and static/)."""
    return _folder("clippings.theme")


def plugins_dir() -> Path:
    """The folder of the Pelican plugins (the `clippings.plugins` package)."""
    return _folder("clippings.plugins")


def package_dir() -> Path:
    """The `clippings` package's own folder."""
    return _folder("clippings")


def lunr_js() -> Path:
    """lunr.min.js as shipped with the package (a copy of npm's lunr, see docs/architecture.md)."""
    return _folder("clippings.search") / "lunr.min.js"


@cache
def lunr_js_version() -> str:
    """The version lunr.min.js's licence header names (e.g. `2.3.9`)."""
    found = LUNR_VERSION.search(lunr_js().read_bytes()[:400])
    return found.group(1).decode() if found else "unknown"


def code_folders() -> tuple[Path, ...]:
    """The folders whose files make up the build's code: theme, plugins, Clippings."""
    return (theme_dir(), plugins_dir(), package_dir())
