"""The account of a build: every article of `content/` is in the site, exactly once.

For each article file: its page exists (and no other article claims it); the home
listing, its month, each of its tags and its outlet's listing link to it; the sitemap
names it; the search index holds it; and the site-wide feed has it when it is among
the newest FEED_MAX_ITEMS. Links come from the crawl (`clippings.site.check.crawl`).
"""

from __future__ import annotations

import posixpath
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import feedparser

from clippings import frontmatter
from clippings.identity import url_key
from clippings.importer.store import make_slug
from clippings.search.shards import manifest_files, registered_data
from clippings.site.check import Crawl


@dataclass
class Stored:
    """One article file of the content folder, as the site should show it."""

    file: str
    page: str  # output-relative path of its page
    date: date
    tags: list[str] = field(default_factory=list)
    outlet: str | None = None
    slug: str = ""
    guid: str | None = None


def _as_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    return value if isinstance(value, date) else None


def stored_articles(content: Path, save_as: str) -> tuple[list[Stored], list[str]]:
    """The articles under content/articles/ and the files that are not readable articles."""
    found, problems = [], []
    for path in sorted((content / "articles").rglob("*.md")):
        name = path.relative_to(content).as_posix()
        try:
            # Read as the build reads it (plugins/fast_yaml): BOM, UTF-16, control chars.
            meta = frontmatter.read(path.read_bytes())[0]
        except OSError as exc:
            problems.append(f"{name}: not a readable article: {exc.strerror or exc}")
            continue
        except frontmatter.FrontMatterError as exc:
            where = f"{name}:{exc.line}" if exc.line else name
            problems.append(f"{where}: not a readable article: {exc.reason}")
            continue
        when = _as_date(meta.get("date"))
        if when is None or not meta.get("title"):
            problems.append(f"{name}: no title or date in the front-matter")
            continue
        slug = str(meta.get("slug") or path.stem)
        moment = datetime(when.year, when.month, when.day)
        found.append(
            Stored(
                file=name,
                page=save_as.format(date=moment, slug=slug),
                date=when,
                tags=[str(t) for t in meta.get("tags") or []],
                outlet=meta.get("outlet"),
                slug=slug,
                guid=url_key(meta.get("guid")),
            )
        )
    return found, problems


def _registered(path: Path) -> Any:
    """The data a search-index script file registers."""
    return registered_data(path.read_text(encoding="utf-8"))


def _linked_from(crawl: Crawl, output: Path, page: str) -> list[str]:
    target = (output / page).resolve()
    return [p.relative_to(output.resolve()).as_posix() for p in crawl.links_to.get(target, ())]


def reconcile(content: Path, output: Path, settings: dict[str, Any], crawl: Crawl) -> list[str]:
    """Every mismatch between `content` and the built `output`, one line each."""
    articles, problems = stored_articles(content, settings["ARTICLE_SAVE_AS"])
    claimed = Counter(a.page for a in articles)
    # One article, one file: two files with one guid are a copy (a hand edit, a re-import
    # after the front-matter was broken) that would publish the article twice.
    first_of_guid: dict[str, str] = {}
    for article in articles:
        if article.guid is None:
            continue
        first = first_of_guid.setdefault(article.guid, article.file)
        if first != article.file:
            problems.append(f"{article.file}: same guid as {first} (one article, two files)")
    sitemap_path = output / "sitemap.xml"
    sitemap = sitemap_path.read_text(encoding="utf-8") if sitemap_path.exists() else ""
    search_urls = _search_urls(output, settings, problems)
    feed_urls = _feed_urls(output, settings)
    # The build's order (site/ordering.py): newest first, then by slug ascending;
    # with dates reversed only, ties in the feed's last places would come out the other way.
    newest = sorted(articles, key=lambda a: (-a.date.toordinal(), a.slug))
    in_feed = {a.page for a in newest[: int(settings.get("FEED_MAX_ITEMS") or 0) or None]}
    for article in articles:
        where = f"{article.file} ({article.page})"
        if claimed[article.page] > 1:
            problems.append(f"{where}: {claimed[article.page]} articles share this page")
        if not (output / article.page).is_file():
            problems.append(f"{where}: no page")
            continue
        linking = _linked_from(crawl, output, article.page)
        month = f"{article.date:%Y}/{article.date:%m}/"
        # Listing → (its first page, the prefix of its other pages or of its pages).
        listings = {
            "the home listing": ("index.html", "page/"),
            "its month": (f"{month}index.html", f"{month}page/"),
        }
        for tag in article.tags:
            listings[f"tag {tag!r}"] = ("", f"tag/{make_slug(tag)}/")
        if article.outlet:
            listings[f"outlet {article.outlet!r}"] = ("", "outlet/")
        for what, (first, prefix) in listings.items():
            if not any(p == first or p.startswith(prefix) for p in linking):
                problems.append(f"{where}: not listed in {what}")
        folder = article.page.removesuffix("index.html")
        if sitemap and f"/{folder}</loc>" not in sitemap:
            problems.append(f"{where}: not in sitemap.xml")
        if search_urls is not None and article.page not in search_urls:
            problems.append(f"{where}: not in the search index")
        if feed_urls is not None and article.page in in_feed and article.page not in feed_urls:
            problems.append(f"{where}: not in the site feed")
    # The sitemap needs absolute URLs: a build without a public address writes none.
    if not sitemap and settings.get("PUBLIC_SITEURL"):
        problems.append("sitemap.xml: missing")
    elif sitemap and not settings.get("PUBLIC_SITEURL"):
        problems.append("sitemap.xml: written without a public address (CLIPPINGS_SITEURL)")
    return problems


def _search_urls(output: Path, settings: dict[str, Any], problems: list[str]) -> set[str] | None:
    folder = output / (settings.get("SEARCH") or {}).get("folder", "search")
    if not (folder / "manifest.js").exists():
        problems.append(f"{folder.relative_to(output)}/manifest.js: missing")
        return None
    manifest = _registered(folder / "manifest.js")
    chunks = [name for name in manifest_files(manifest) if name.startswith("d/")]
    urls = [row[0] for chunk in chunks for row in _registered(folder / chunk)]
    if len(urls) != manifest["docs"]:
        problems.append(
            f"search index: {len(urls)} documents in chunks, manifest says {manifest['docs']}"
        )
    return set(urls)


def _feed_urls(output: Path, settings: dict[str, Any]) -> set[str] | None:
    name = settings.get("FEED_ALL_ATOM")
    if not name or not (output / name).exists():
        return None
    feed = feedparser.parse((output / name).read_bytes())
    site = str(settings.get("FEED_DOMAIN") or settings.get("SITEURL") or "").rstrip("/")
    if site:
        return {e.get("link", "").removeprefix(site).lstrip("/") for e in feed.entries}
    # Without a public address the links are relative to the feed's own folder.
    folder = posixpath.dirname(str(name))
    return {posixpath.normpath(posixpath.join(folder, e.get("link", ""))) for e in feed.entries}
