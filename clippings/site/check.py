"""A crawler over a built site: internal links and assets, HTML5 parsing, feeds, sizes,
and markup that could run (the last check of docs/security.md's three layers).

Links must be relative (the site is served from any sub-path) and name a file, not a
folder (folders do not open `index.html` under `file://`). Pages are parsed once with
lxml for their links and executable markup; html5lib then reports HTML5 parse errors.
Every feed entry's HTML (content and summary, read unsanitised) is checked the same way.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import feedparser
import html5lib
import lxml.html

# Attributes a browser loads or follows as a URL (a `javascript:` there runs).
URL_ATTRS = frozenset(
    {"href", "src", "action", "formaction", "data", "poster", "cite", "background",
     "xlink:href", "{http://www.w3.org/1999/xlink}href", "srcset", "longdesc", "ping"}
)  # fmt: skip
_SCRIPT_SCHEMES = ("javascript:", "vbscript:", "livescript:")
_EMBEDDING = ("iframe", "frame", "object", "embed", "applet")
CSP_META = "content-security-policy"
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
    yield from _internal_links(lxml.html.document_fromstring(data))


def _internal_links(root: Any) -> Iterator[str]:
    for tag, attr in LINK_ATTRS:
        for element in root.iter(tag):
            value = element.get(attr)
            if not value:
                continue
            parts = urlsplit(value)
            if parts.scheme or parts.netloc or value.startswith(("#", "mailto:")):
                continue
            yield value


# The 404 page is served for missing paths at any depth, so it links from the site's path
# on its server (SITEPATH, e.g. `/` or `/archive/`): its root-absolute links are checked
# as the site path followed by a file of the output.
NOT_FOUND = "404.html"


def _from_site_path(output: Path, path: str) -> tuple[Path | None, str | None]:
    parts = [p for p in path.split("/") if p]
    if path.endswith("/") or not parts:
        return None, "folder link: breaks under file://"
    for start in range(len(parts)):
        target = (output / "/".join(parts[start:])).resolve()
        if target.is_relative_to(output.resolve()) and target.is_file():
            return target, None
    return None, "missing"


def link_problem(output: Path, page: Path, link: str) -> tuple[Path | None, str | None]:
    """(the file `link` in `page` names, or None; what is wrong with it, or None)."""
    path = unquote(urlsplit(link).path)
    if link.startswith("/") and page.name == NOT_FOUND and page.parent == output:
        return _from_site_path(output, path)
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
        data = page.read_bytes()
        root = lxml.html.document_fromstring(data) if data.strip() else None
        for link in _internal_links(root) if root is not None else ():
            target, problem = link_problem(output, page, link)
            if problem:
                result.problems.append(f"{name}: {link} ({problem})")
            if target is not None:
                result.links_to.setdefault(target, set()).add(page.resolve())
        if root is not None:
            result.problems.extend(f"{name}: {p}" for p in executable_markup(root, page=True))
        if html5:
            result.problems.extend(f"{name}: {e}" for e in html5_errors(page))
    for feed in sorted(output.rglob("*.xml")):
        if feed.name == "sitemap.xml":
            continue
        # Unsanitised: feedparser would otherwise clean what a feed reader may not.
        parsed = feedparser.parse(feed.read_bytes(), sanitize_html=False)
        name = feed.relative_to(output).as_posix()
        if parsed.bozo:
            result.problems.append(f"{name}: feed does not parse: {parsed.bozo_exception}")
        for number, entry in enumerate(parsed.entries, 1):
            for problem in feed_entry_problems(entry):
                result.problems.append(f"{name}: entry {number}: {problem}")
    return result


def feed_entry_problems(entry: Any) -> list[str]:
    """Executable markup in a parsed feed entry's HTML (its content and summary)."""
    problems: list[str] = []
    parts = [*entry.get("content", []), entry.get("summary_detail") or {}]
    for part in parts:
        if "html" not in str(part.get("type", "")) or not str(part.get("value", "")).strip():
            continue
        fragment = lxml.html.fragment_fromstring(part["value"], create_parent="div")
        problems.extend(executable_markup(fragment, page=False))
    return problems


def executable_markup(root: Any, page: bool) -> list[str]:
    """What in the tree `root` could run script: event-handler attributes, script URLs,
    `<script>` other than the site's own files or JSON-LD, frames, objects and embeds.

    `page` is True for a whole page, which may load the site's own script files (a
    relative `src`, no inline code) and must carry a Content-Security-Policy `<meta>`.
    """
    problems: list[str] = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue  # comments, processing instructions
        tag = element.tag.lower()
        for attribute, value in element.attrib.items():
            name = str(attribute).lower()
            if name.startswith("on"):
                problems.append(f"<{tag} {name}=…>: event-handler attribute")
            elif name in URL_ATTRS and _runs(value):
                problems.append(f"<{tag} {name}={value[:40]!r}>: script URL")
        if tag in _EMBEDDING:
            problems.append(f"<{tag}>: embedded frame or object")
        elif tag == "script" and not (page and _own_script(element)):
            problems.append(f"<script{_describe(element)}>: script")
        elif tag == "meta" and element.get("http-equiv", "").lower() == "refresh":  # noqa: SIM102
            if _runs(element.get("content", "").partition("=")[2]):
                problems.append("<meta http-equiv=refresh>: script URL")
    if page and not any((m.get("http-equiv") or "").lower() == CSP_META for m in root.iter("meta")):
        problems.append("no Content-Security-Policy <meta>")
    return problems


def _runs(value: str) -> bool:
    """True if a browser would run `value` as a URL (control characters and spaces
    are ignored in a scheme, as browsers do: `java\tscript:` is `javascript:`)."""
    cleaned = "".join(ch for ch in value if ch > " " and ch != "\x7f").lower()
    return cleaned.startswith(_SCRIPT_SCHEMES) or ", javascript:" in value.lower()


def _own_script(element: Any) -> bool:
    """The site's own script file (relative `src`, no inline code), or JSON-LD data."""
    src, code = element.get("src"), (element.text or "").strip()
    if src is not None:
        parts = urlsplit(src)
        return not code and not parts.scheme and not parts.netloc and src.endswith(".js")
    return (element.get("type") or "").lower() == "application/ld+json"


def _describe(element: Any) -> str:
    src = element.get("src")
    return f" src={src[:40]!r}" if src is not None else f" {(element.text or '')[:30]!r}"


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
