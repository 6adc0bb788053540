"""Search documents: what of an article is indexed, and what a result shows."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import lxml.html
from slugify import slugify

from clippings.cachefile import read_cache, write_cache

SNIPPET_LENGTH = 240
# Field name, boost. Facets hold one exact token per outlet, tag, entity and year, so
# filters are lunr clauses (`+facets:outlet_rt`) and work like any other term.
FIELDS: tuple[tuple[str, int], ...] = (
    ("title", 10),
    ("subtitle", 4),
    ("outlet", 3),
    ("author", 3),
    ("tags", 2),
    ("entities", 2),
    ("body", 1),
    ("facets", 1),
)
FACET_KINDS = ("outlet", "tag", "entity", "year")


@dataclass(frozen=True)
class SearchDoc:
    """One article as the search index sees it (text fields) and shows it (the rest)."""

    url: str
    title: str
    date: str  # ISO 8601, the original date
    outlet: str = ""
    author: str = ""
    subtitle: str = ""
    tags: tuple[str, ...] = ()
    entities: tuple[str, ...] = ()
    body: str = ""
    snippet: str = ""

    def facets(self) -> dict[str, list[tuple[str, str]]]:
        """(token, label) pairs per facet kind: what filters can select."""
        return {
            "outlet": [(facet_token("outlet", self.outlet), self.outlet)] if self.outlet else [],
            "tag": [(facet_token("tag", t), t) for t in self.tags],
            "entity": [(facet_token("entity", e), e) for e in self.entities],
            "year": [(facet_token("year", self.date[:4]), self.date[:4])],
        }

    def fields(self) -> dict[str, str]:
        """The text of every indexed field."""
        tokens = [token for pairs in self.facets().values() for token, _ in pairs]
        return {
            "title": self.title,
            "subtitle": self.subtitle,
            "outlet": self.outlet,
            "author": self.author,
            "tags": " ; ".join(self.tags),
            "entities": " ; ".join(self.entities),
            "body": self.body,
            "facets": " ".join(tokens),
        }


@cache  # a few hundred outlets, tags and years, over and over
def facet_token(kind: str, value: str) -> str:
    """The single index token for a facet value: `outlet_presstv`, `year_2025`.

    No hyphens or spaces (lunr's tokenizer would split them); the same function runs
    in the browser's filter links, through the value lists the build writes.
    """
    return f"{kind}_{slugify(value, separator='')}"


def html_text(fragment: str) -> str:
    """The text of an HTML fragment, blocks separated by spaces."""
    if not fragment.strip():
        return ""
    root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    for block in root.iter("p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "br"):
        block.tail = " " + (block.tail or "")
    return " ".join(root.text_content().split())


class BodyTexts:
    """`html_text` of article bodies, kept between builds by a digest of their HTML.

    Parsing every body with lxml is most of the time it takes to make the search
    documents of an archive; an unchanged body's text is read back instead. The file
    keeps the bodies of the last build only, and is written (atomically) only when
    they changed. A missing or damaged file is an empty cache.
    """

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.known: dict[bytes, str] = (read_cache(path, dict) if path else None) or {}
        self.used: dict[bytes, str] = {}
        self.misses = 0

    def __call__(self, fragment: str) -> str:
        key = hashlib.blake2b(fragment.encode(), digest_size=16).digest()
        text = self.known.get(key)
        if text is None:
            text = html_text(fragment)
            self.misses += 1
        self.used[key] = text
        return text

    def save(self) -> None:
        """Write the texts this build used, if they differ from the file's."""
        if self.path is None or (not self.misses and len(self.used) == len(self.known)):
            return
        write_cache(self.path, self.used)


def snippet(summary: str, body: str) -> str:
    """A short plain-text excerpt for a result: the summary, else the body's start."""
    text = " ".join((summary or body).split())
    if len(text) <= SNIPPET_LENGTH:
        return text
    cut = text.rfind(" ", 0, SNIPPET_LENGTH)
    return text[: cut if cut > 0 else SNIPPET_LENGTH].rstrip(" ,;:") + " …"


def _names(values: Any) -> tuple[str, ...]:
    if not values:
        return ()
    if isinstance(values, str):
        values = [values]
    return tuple(dict.fromkeys(str(getattr(v, "name", v)).strip() for v in values if v))


def entity_names(entities: Any) -> tuple[str, ...]:
    """Entity names from front-matter `entities: {people: [...], ...}`, in order."""
    if not isinstance(entities, Mapping):
        return ()
    names: list[str] = []
    for values in entities.values():
        names.extend(_names(values))
    return tuple(dict.fromkeys(names))


def from_article(article: Any, body_text: Callable[[str], str] = html_text) -> SearchDoc:
    """The search document of a Pelican article (`body_text`: html_text, or a cache of it)."""
    metadata = article.metadata
    body = body_text(article._content or "")
    summary = metadata.get("summary") or ""
    if summary and "<" in summary:
        summary = html_text(summary)
    author = metadata.get("author")
    return SearchDoc(
        url=article.url,
        title=_clean(article.title),
        date=article.date.date().isoformat(),
        outlet=str(metadata.get("outlet") or ""),
        author=str(getattr(author, "name", author) or ""),
        subtitle=str(metadata.get("subtitle") or ""),
        tags=_names(getattr(article, "tags", None)),
        entities=entity_names(metadata.get("entities")),
        body=body,
        snippet=snippet(str(summary), body),
    )


def _clean(title: str) -> str:
    # Titles reach Pelican as text but may hold entities or tags from Markdown rendering.
    return html_text(title) if re.search(r"[<&]", title) else title


def ordered(docs: Iterable[SearchDoc]) -> list[SearchDoc]:
    """Documents oldest first (then by URL): their numbers stay put as the archive grows."""
    return sorted(docs, key=lambda d: (d.date, d.url))
