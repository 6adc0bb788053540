"""public_url: absolute self-URLs only when the archive's public address is known.

An archivist uploads `output/` wherever they like; a build must not publish an address
it was never given (the old default was `http://localhost:8000`). So, with
`PUBLIC_SITEURL` empty (CLIPPINGS_SITEURL unset):

* feeds link relatively, from the feed's own folder (`../2025/11/slug/index.html`;
  Atom resolves relative links against the feed's address), with `urn:uuid:` ids
  derived from the page's path, stable across builds and hosts;
* no `sitemap.xml` is written (a stale one from an earlier build is removed): the
  sitemap protocol requires absolute URLs;
* the build's account says so, and how to set the address.

With `PUBLIC_SITEURL` set, `sitemap.xml` lists every article (its `lastmod` its date)
and every hub page: the home page, the archives, tags, outlets, entities and their
indexes, years and months, each with the date of its newest article as `lastmod`, so
two builds of the same content give the same file. (pelican-sitemap stamped listing
pages with the build time, so only articles were listed.)
"""

from __future__ import annotations

import posixpath
import uuid
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from pelican import signals

from clippings.atomic import atomic_write

SITEMAP = "sitemap.xml"
# Stable namespace for feed entry ids without a site address (uuid5 of the page path).
_ID_NAMESPACE = uuid.UUID("6f1c3c0e-52a4-4b7b-9a51-0c3d5c8e2f10")


def public_siteurl(settings: dict[str, Any]) -> str:
    """The archive's public address without a trailing slash, or '' when not configured."""
    return str(settings.get("PUBLIC_SITEURL") or "").rstrip("/")


def folder_url(url: str) -> str:
    """`a/b/index.html` → `a/b/` (the address servers answer for a folder's index)."""
    return url[: -len("index.html")] if url.endswith("index.html") else url


def relative_feed_links(context: Any, feed: Any) -> None:
    """Without a public address, make a feed's links relative to the feed file itself.

    Pelican joins the (empty) SITEURL with each page's root-relative URL, which a feed
    reader would resolve against the feed's folder; prefixing the way up fixes that.
    """
    if public_siteurl(context) or not context.get("RELATIVE_URLS"):
        return
    own = str(feed.feed.get("feed_url") or "")
    if "://" in own:
        return
    up = "../" * own.strip("/").count("/")
    feed.feed["feed_url"] = posixpath.basename(own)
    feed.feed["link"] = up or "./"
    feed.feed["id"] = f"urn:uuid:{uuid.uuid5(_ID_NAMESPACE, own)}"
    for item in feed.items:
        link = str(item.get("link") or "")
        if "://" in link:
            continue
        path = link.lstrip("/")
        item["link"] = up + path
        item["unique_id"] = f"urn:uuid:{uuid.uuid5(_ID_NAMESPACE, folder_url(path))}"


def _newest(articles: Iterable[Any]) -> datetime | None:
    dates = [a.date for a in articles]
    return max(dates) if dates else None


def sitemap_entries(context: dict[str, Any], articles: list[Any]) -> list[tuple[str, Any]]:
    """(site-relative folder URL, newest date or None) for every page the sitemap lists."""
    settings = context
    entries: list[tuple[str, Any]] = [(folder_url(a.url), a.date) for a in articles]
    newest = _newest(articles)
    entries.append(("", newest))
    for key in ("ARCHIVES_URL", "TAGS_URL", "OUTLETS_URL", "ENTITIES_URL"):
        if settings.get(key):
            entries.append((folder_url(str(settings[key])), newest))
    for tag, tagged in context.get("tags") or []:
        entries.append((folder_url(tag.url), _newest(tagged)))
    for outlet in context.get("outlets") or []:
        if getattr(outlet, "count", 0):
            entries.append((folder_url(outlet.url), _newest(outlet.articles)))
    for entity in (context.get("entity_pages") or {}).values():
        entries.append((folder_url(entity.url), _newest(entity.articles)))
    for url in (context.get("ENTITY_TYPE_URLS") or {}).values():
        entries.append((folder_url(str(url)), newest))
    for year in context.get("archive_years") or []:
        entries.append((folder_url(year.url), None))
        for month in year.months:
            entries.append((folder_url(month.url), None))
    seen: set[str] = set()
    unique = []
    for url, when in entries:
        if url not in seen:
            seen.add(url)
            unique.append((url, when))
    return sorted(unique)


def sitemap_xml(site: str, entries: list[tuple[str, Any]]) -> str:
    """The sitemap document (sitemaps.org 0.9) for `entries` under `site`."""
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]
    for url, when in entries:
        lines.append("<url>")
        lines.append(f"<loc>{escape(site + '/' + url)}</loc>")
        if when is not None:
            lines.append(f"<lastmod>{when.strftime('%Y-%m-%d')}</lastmod>")
        lines.append("</url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def write_sitemap(pelican: Any) -> None:
    """Write sitemap.xml with a public address; without one, remove a stale one and say so."""
    path = Path(pelican.output_path) / SITEMAP
    site = public_siteurl(pelican.settings)
    try:
        if not site:
            path.unlink(missing_ok=True)
            account = getattr(pelican, "build_account", None)
            if account is not None and hasattr(account, "notes"):
                account.notes.append(
                    "no public address (CLIPPINGS_SITEURL unset): pages and feeds link "
                    "relatively; no sitemap.xml, canonical or og:url links written"
                )
            return
        text = sitemap_xml(site, sitemap_entries(_state["context"], _state["articles"]))
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            atomic_write(path, text)
    finally:
        forget()


# What one build's generators made, kept until the sitemap is written.
_state: dict[str, Any] = {"articles": [], "context": {}}


def forget(*_: Any) -> None:
    _state.update(articles=[], context={})


def remember_articles(generator: Any) -> None:
    """The published articles, for the sitemap."""
    _state["articles"] = list(generator.articles)


def remember_context(generators: list[Any]) -> None:
    """The shared context (tags, outlets, entities, archive years) once all are built."""
    for generator in generators:
        if getattr(generator, "context", None) is not None:
            _state["context"] = generator.context
            return


def register() -> None:
    signals.initialized.connect(forget)
    signals.feed_generated.connect(relative_feed_links)
    signals.article_generator_finalized.connect(remember_articles)
    signals.all_generators_finalized.connect(remember_context)
    signals.finalized.connect(write_sitemap)
