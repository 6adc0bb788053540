"""A small crawler over a built output/ folder: internal links, assets, HTML5 parsing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

import html5lib
from bs4 import BeautifulSoup

LINK_ATTRS = (("a", "href"), ("link", "href"), ("img", "src"), ("script", "src"), ("source", "src"))


def html_files(output: Path) -> list[Path]:
    """Every HTML page in `output`, sorted."""
    return sorted(output.rglob("*.html"))


def internal_links(page: Path) -> Iterator[str]:
    """Every link or asset reference in `page` that points inside the site."""
    soup = BeautifulSoup(page.read_bytes(), "html.parser")
    for tag, attr in LINK_ATTRS:
        for element in soup.find_all(tag):
            value = element.get(attr)
            if not value:
                continue
            parts = urlsplit(value)
            if parts.scheme or parts.netloc or value.startswith(("#", "mailto:")):
                continue
            yield value


def broken_links(output: Path) -> list[str]:
    """`page: link (reason)` for every internal reference that does not resolve to a file.

    Links must be relative (the site is served from any sub-path) and must name a file,
    not a folder (folders do not open index.html under file://).
    """
    problems = []
    for page in html_files(output):
        for link in internal_links(page):
            where = f"{page.relative_to(output)}: {link}"
            path = unquote(urlsplit(link).path)
            if link.startswith("/"):
                problems.append(f"{where} (absolute path)")
            elif path.endswith("/") or path == "":
                problems.append(f"{where} (folder link: breaks under file://)")
            elif not (page.parent / path).resolve().is_file():
                problems.append(f"{where} (missing)")
            elif not (page.parent / path).resolve().is_relative_to(output.resolve()):
                problems.append(f"{where} (outside the site)")
    return problems


def html5_errors(page: Path) -> list[str]:
    """The HTML5 parse errors html5lib reports for `page`."""
    parser = html5lib.HTMLParser(strict=False)
    parser.parse(page.read_bytes())
    return [f"{page.name}: {pos}: {code}" for pos, code, _ in parser.errors]
