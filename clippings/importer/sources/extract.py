"""Main-text extraction for news pages beyond WordPress: trafilatura, htmldate, a title vote.

Saved pages without WordPress post markup are read by trafilatura (the best-scoring
open-source extractor on the public article-extraction benchmark; `bench/fidelity.py`
measures it against the importer's own extractor on the same pages). It returns the
article body as HTML, which the importer then sanitises like every other input.

Dates not declared in the page's metadata are found by htmldate (the URL, `<time>`
elements, `article:published_time`, visible bylines, in that library's well-tested
order). Titles are agreed by vote between what the page declares (JSON-LD headline,
OpenGraph title, the `<h1>`, the window title): a heading inside the body is never
promoted to the title because nothing else agrees with it.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from bs4 import BeautifulSoup, Tag

# trafilatura and htmldate log what they cannot read at WARNING; the importer reports
# pages itself, one line each.
for _name in ("trafilatura", "htmldate", "courlan"):
    logging.getLogger(_name).setLevel(logging.CRITICAL)

_WORD = re.compile(r"\w+")
_OPTIONS = {
    "output_format": "html",
    "with_metadata": True,
    "include_comments": False,
    "include_tables": True,
    "include_images": True,
    "include_links": True,
    "include_formatting": True,
}


@dataclass(frozen=True)
class Extracted:
    """What trafilatura found: the body as HTML, and the metadata it read."""

    body_html: str
    title: str | None
    author: str | None


def extract_main(page_html: str, url: str | None) -> Extracted | None:
    """The article in `page_html` by trafilatura, or None if it finds no main text."""
    import trafilatura

    try:
        result = trafilatura.extract(page_html, url=url, **_OPTIONS)
    except Exception:  # any failure of the library on a hostile page
        return None  # the importer's own extractor reads the page instead
    if not result:
        return None
    soup = BeautifulSoup(result, "lxml")
    meta = {
        str(m.get("name")): str(m.get("content") or "").strip()
        for m in soup.find_all("meta")
        if m.get("name")
    }
    body = soup.body
    if body is None:
        return None
    for pre in body.find_all("pre"):
        if pre.find_parent("pre") is not None:
            pre.unwrap()  # trafilatura writes <pre><code> as <pre><pre>
    # trafilatura's own markers of rendering, not HTML the sanitiser knows.
    for element in body.find_all(True):
        element.attrs.pop("rend", None)
    return Extracted(
        body_html=body.decode_contents(),
        title=meta.get("title") or None,
        author=meta.get("author") or None,
    )


def find_date(page_html: str, url: str | None) -> date | None:
    """The page's publication date by htmldate (URL, `<time>`, metadata, visible text)."""
    import htmldate

    try:
        found = htmldate.find_date(
            page_html, url=url, original_date=True, extensive_search=True, outputformat="%Y-%m-%d"
        )
    except Exception:  # any failure of the library on a hostile page
        return None  # no date found: the page is kept as a draft, and said so
    if not found:
        return None
    try:
        return date.fromisoformat(found)
    except ValueError:
        return None


def _words(text: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(text.casefold()))


def vote_title(candidates: Sequence[str | None]) -> str | None:
    """The title most of the page's declarations agree on; earlier ones win ties.

    `candidates` come in order of trust (JSON-LD headline, OpenGraph title, the `<h1>`,
    trafilatura's title, the window title). One agrees with another when its words are
    the same, or run inside the other's (a window title adds the site's name, an
    OpenGraph title a section: `Opinion | Headline`).
    """
    named = [(c, _words(c)) for c in candidates if c and _words(c)]
    best: tuple[int, int, str] | None = None
    for order, (text, words) in enumerate(named):
        votes = sum(1 for _, other in named if other == words or _holds(other, words))
        key = (votes, -order, text)
        if best is None or key[:2] > best[:2]:
            best = key
    return best[2] if best else None


def same_words(a: str, b: str) -> bool:
    """True when `a` and `b` have the same words, whatever their case and punctuation."""
    return _words(a) == _words(b)


def _holds(words: tuple[str, ...], part: tuple[str, ...]) -> bool:
    """True when `part` (two words or more) runs inside `words` (`Opinion | Headline - Site`)."""
    if len(part) < 2 or len(part) >= len(words):
        return False
    return any(words[i : i + len(part)] == part for i in range(len(words) - len(part) + 1))


def drop_title_heading(body_html: str, title: str) -> str:
    """The body without a leading heading that repeats the title."""
    soup = BeautifulSoup(body_html, "html.parser")
    first = next((e for e in soup.children if isinstance(e, Tag)), None)
    repeats = first is not None and _words(first.get_text()) == _words(title)
    if first is not None and first.name in ("h1", "h2") and repeats:
        first.decompose()
        return soup.decode()
    return body_html
