"""A crawler over a built site: internal links and assets, HTML5 parsing, feeds, sizes.

Links must be relative (the site is served from any sub-path) and name a file, not a
folder (folders do not open `index.html` under `file://`). Pages are parsed once with
lxml for their links; html5lib then reports HTML5 parse errors.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import feedparser
import html5lib
import lxml.html

LINK_ATTRS = (("a", "href"), ("link", "href"), ("img", "src"), ("script", "src"), ("source", "src"))
PAGE_BUDGET = 1024 * 1024  # bytes an HTML page may weigh


def html_files(output: Path) -> list[Path]:
    """Every HTML page in `output`, sorted."""
    return sorted(output.rglob("*.html"))


def internal_links(page: Path) -> Iterator[str]:
    """Every link or asset reference in `page` that points inside the site."""
    data = page.read_bytes()
    if not data.strip():
        return
    root = lxml.html.document_fromstring(data)
    for tag, attr in LINK_ATTRS:
        for element in root.iter(tag):
            value = element.get(attr)
            if not value:
                continue
            parts = urlsplit(value)
            if parts.scheme or parts.netloc or value.startswith(("#", "mailto:")):
                continue
            yield value


def link_problem(output: Path, page: Path, link: str) -> tuple[Path | None, str | None]:
    """(the file `link` in `page` names, or None; what is wrong with it, or None)."""
    path = unquote(urlsplit(link).path)
    if link.startswith("/"):
        return None, "absolute path"
    if path.endswith("/") or path == "":
        return None, "folder link: breaks under file://"
    target = (page.parent / path).resolve()
    if not target.is_relative_to(output.resolve()):
        return None, "outside the site"
    if not target.is_file():
        return target, "missing"
    return target, None


@dataclass
class Crawl:
    """What a crawl found: links between pages, and every problem as one line."""

    pages: int = 0
    links_to: dict[Path, set[Path]] = field(default_factory=dict)  # target → linking pages
    problems: list[str] = field(default_factory=list)


def crawl(output: Path, html5: bool = True, budget: int = PAGE_BUDGET) -> Crawl:
    """Check every page and feed of `output`; record which page links to which."""
    result = Crawl()
    for page in html_files(output):
        result.pages += 1
        name = page.relative_to(output).as_posix()
        size = page.stat().st_size
        if size > budget:
            result.problems.append(f"{name}: {size} bytes, over the {budget}-byte page budget")
        for link in internal_links(page):
            target, problem = link_problem(output, page, link)
            if problem:
                result.problems.append(f"{name}: {link} ({problem})")
            if target is not None:
                result.links_to.setdefault(target, set()).add(page.resolve())
        if html5:
            result.problems.extend(f"{name}: {e}" for e in html5_errors(page))
    for feed in sorted(output.rglob("*.xml")):
        if feed.name == "sitemap.xml":
            continue
        parsed = feedparser.parse(feed.read_bytes())
        if parsed.bozo:
            result.problems.append(
                f"{feed.relative_to(output)}: feed does not parse: {parsed.bozo_exception}"
            )
    return result


def broken_links(output: Path) -> list[str]:
    """`page: link (reason)` for every internal reference that does not resolve to a file."""
    problems = []
    for page in html_files(output):
        for link in internal_links(page):
            _, problem = link_problem(output, page, link)
            if problem:
                problems.append(f"{page.relative_to(output)}: {link} ({problem})")
    return problems


def html5_errors(page: Path) -> list[str]:
    """The HTML5 parse errors html5lib reports for `page`."""
    parser = html5lib.HTMLParser(strict=False)
    parser.parse(page.read_bytes())
    return [f"{pos}: {code}" for pos, code, _ in parser.errors]
