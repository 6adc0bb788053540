"""Fingerprints of what an article page or a feed shows, to skip re-rendering it.

A page's fingerprint hashes everything its template can show: the article (text,
front-matter, URL, dates), its neighbours, related articles, tags, entities and outlet,
and the site (theme, plugins and Clippings code, settings, the pages of the menu). If
the fingerprint is the one the page was last written with, and the file is still
there, the page is not rendered again. Fingerprints are kept per output folder in
CACHE_PATH. A test builds incrementally and compares with a clean build, byte for byte.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
from functools import cache
from pathlib import Path
from typing import Any

from clippings.atomic import atomic_write_bytes
from clippings.site import resources
from clippings.site.charts import chart_key

NEIGHBOURS = ("newer_article", "older_article", "newer_in_outlet", "older_in_outlet")


@cache
def code_fingerprint() -> str:
    """A hash of the theme, the plugins and Clippings' code (any edit changes it)."""
    digest = hashlib.sha256()
    for folder in resources.code_folders():
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(path.relative_to(folder).as_posix().encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def _json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str, ensure_ascii=False)


def _plain(value: Any) -> Any:
    """`value` as JSON-able data without memory addresses (functions by their name)."""
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, list | tuple | set | frozenset):
        items = [_plain(v) for v in value]
        return sorted(items, key=str) if isinstance(value, set | frozenset) else items
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    name = getattr(value, "__qualname__", None) or getattr(value, "__name__", None)
    return f"<{type(value).__name__} {name}>" if name else f"<{type(value).__name__}>"


def site_fingerprint(settings: dict[str, Any], context: dict[str, Any], relative: bool) -> str:
    """What every page shares: code, settings, the menu's pages, relative or absolute links."""
    pages = [(p.url, p.title) for p in context.get("pages", [])]
    safe = _plain({k: v for k, v in settings.items() if k.isupper()})
    text = _json([code_fingerprint(), safe, pages, relative])
    return hashlib.sha256(text.encode()).hexdigest()


def _brief(article: Any) -> list[Any] | None:
    """What a link to an article shows: address, title, outlet, date."""
    if article is None:
        return None
    cached = getattr(article, "_clippings_brief", None)
    if cached is None:  # (an article is linked from about ten pages)
        outlet = getattr(article, "outlet", None)
        cached = [article.url, article.title, str(outlet or ""), str(article.date)]
        article._clippings_brief = cached
    return cached


def article_fingerprint(article: Any) -> str:
    """A hash of the article itself (cached on it: it does not change during a build)."""
    cached = getattr(article, "_clippings_fingerprint", None)
    if cached is None:
        # The body hashed as bytes: as JSON text it would be escaped first, for nothing.
        digest = hashlib.sha256((article._content or "").encode())
        digest.update(_json([article.url, article.title, article.metadata]).encode())
        cached = digest.hexdigest()
        article._clippings_fingerprint = cached
    return cached


def page_fingerprint(site: str, article: Any, template_name: str) -> str:
    """A hash of what the article's page shows."""
    entities = getattr(article, "entities", None) or {}
    parts = [
        site,
        template_name,
        article_fingerprint(article),
        _outlet(article),
        [(t.name, t.url) for t in getattr(article, "tags", [])],
        {k: [(e.name, e.url) for e in v] for k, v in entities.items()}
        if isinstance(entities, dict)
        else str(entities),
        [_brief(getattr(article, n, None)) for n in NEIGHBOURS],
        [_brief(a) for a in getattr(article, "related_articles", None) or []],
    ]
    return hashlib.sha256(_json(parts).encode()).hexdigest()


def _outlet(article: Any) -> list[Any]:
    """What a link to an article's outlet shows: its name, address, whether it has a page."""
    outlet = getattr(article, "outlet", None)
    return [str(outlet or ""), getattr(outlet, "url", None), bool(getattr(outlet, "count", 0))]


def period_subject(kwargs: dict[str, Any], context: dict[str, Any]) -> Any:
    """What a period archive (the theme's period_archives.html) shows of its period: the
    period, each of its articles (with its outlet's link) and, on a year's page, the
    year's months and counts (archive_nav's `archive_years`); None without a period.

    Pelican puts the period in the page's `context` (a copy per period), the articles
    in its keyword arguments.
    """
    period = context.get("period")
    if not period:
        return None
    dates = kwargs.get("dates") or []
    shown = [[article_fingerprint(a), _outlet(a)] for a in dates]
    years = context.get("archive_years") or []
    year = next((y for y in years if getattr(y, "year", None) == period[0]), None)
    calendar = _plain(dataclasses.asdict(year)) if dataclasses.is_dataclass(year) else str(year)
    return [["period_archives", list(period), shown, calendar], []]


def subject_fingerprint(template_name: str, kwargs: dict[str, Any]) -> Any:
    """What a listing page shows of its subject (a tag, entity, outlet), or None if the
    listing is of a kind whose inputs are not known here (it is then always rendered).

    Two parts: what every page of the listing shows, and the totals only its first page
    shows (numbered pages leave them out so they do not change as the list grows: see
    the theme's listing templates).
    """
    if template_name == "index":
        return [["index"], []]
    if template_name == "tag" and kwargs.get("tag") is not None:
        tag = kwargs["tag"]
        return [["tag", tag.name, tag.url, tag.slug], [chart_key(tag)]]
    # A page kind a stage adds (entity, outlet) says itself what its template shows.
    subject = kwargs.get(template_name)
    if subject is not None and hasattr(subject, "listing_fingerprint"):
        return subject.listing_fingerprint()
    return None


def _position(page: Any) -> list[Any]:
    """What a listing page shows of where it is in the listing.

    A stable_pagination page shows its chunk's range, and only whether it is the first
    page: its number from the newest shifts whenever a chunk fills up, and is not shown.
    Pelican's own pages show "Page N of M".
    """
    if page is None:
        return []
    if hasattr(page, "chunk"):
        return [page.number == 1, page.chunk, page.first, page.last]
    return [page.number, page.paginator.num_pages]


def listing_fingerprint(site: str, template_name: str, subject: Any, local: dict[str, Any]) -> str:
    """A hash of what one page of a listing shows."""
    page = local.get("articles_page")
    articles = local.get("articles") or []
    shown = page.object_list if page is not None else articles
    every, totals = subject

    def url(other: Any) -> Any:
        return getattr(other, "url", None)

    parts = [
        site,
        template_name,
        local.get("output_file"),
        every,
        [article_fingerprint(a) for a in shown],
        _position(page),
        [url(local.get("articles_previous_page")), url(local.get("articles_next_page"))],
    ]
    if page is None or page.number == 1:
        # Only a first page shows the listing's totals: its length, first and last dates.
        parts += [
            totals,
            len(articles),
            [_brief(articles[0]), _brief(articles[-1])] if articles else [],
        ]
    return hashlib.sha256(_json(parts).encode()).hexdigest()


def feed_fingerprint(site: str, elements: list[Any], fields: list[Any]) -> str:
    """A hash of a feed: its own fields and each entry."""
    parts = [site, fields, [article_fingerprint(e) for e in elements]]
    return hashlib.sha256(_json(parts).encode()).hexdigest()


class FingerprintStore:
    """Output name → fingerprint, for one output folder, saved atomically.

    With each fingerprint the file's size and modification time are kept as the build
    left it: a page edited or replaced by hand since is rendered again, not kept.
    """

    def __init__(self, cache_path: Path, output_path: Path) -> None:
        key = hashlib.sha256(str(output_path.resolve()).encode()).hexdigest()[:16]
        self.path = cache_path / f"page-fingerprints-{key}.json"
        self.output = str(output_path)
        try:
            self.known: dict[str, Any] = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.known = {}
        if not isinstance(self.known, dict):
            self.known = {}
        self.seen: dict[str, str] = {}

    def unchanged(self, name: str, fingerprint: str, path: Path) -> bool:
        self.seen[name] = fingerprint
        known = self.known.get(name)
        if not isinstance(known, list) or len(known) != 3 or known[0] != fingerprint:
            return False
        try:
            stat = os.stat(path)
        except OSError:
            return False
        return known[1:] == [stat.st_size, stat.st_mtime_ns]

    def save(self) -> None:
        records: dict[str, list[Any]] = {}
        for name, fingerprint in self.seen.items():
            try:  # the file as this build left it (written, or kept)
                stat = os.stat(os.path.join(self.output, name))
            except OSError:
                continue
            records[name] = [fingerprint, stat.st_size, stat.st_mtime_ns]
        data = json.dumps(records, sort_keys=True).encode()
        with contextlib.suppress(OSError):  # a cache: the next build renders everything again
            atomic_write_bytes(self.path, data, sync=False)
