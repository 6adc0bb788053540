"""RSS 0.9x/1.0/2.0 and Atom feeds, read with feedparser.

A feed is either the blog's own (its posts carry the aggregated article's byline at the
top of the body, recognised by `finish`) or an outlet's (the feed's title is the
outlet). Kept from each entry: full content (`content:encoded`, Atom `content`) over the
summary, published over updated, link and guid, categories as tags, `dc:creator` /
`author` (else the feed's own author, as Atom specifies) and `slash:comments`.

The bytes go to feedparser, which honours a declared encoding, a BOM or a sniffed one
(ISO-8859-1, cp1252). Documents declaring XML entities are refused before parsing. A
feed the XML parser cannot read strictly is read by feedparser's lenient parser and the
damage is reported as a note with its line; a document with no entries at all is an
error naming the file and line.
"""

from __future__ import annotations

import calendar
import html
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import feedparser

from clippings.errors import InputError
from clippings.identity import shared_values, url_key
from clippings.importer.dates import read_date
from clippings.importer.model import Article, Note, Skipped
from clippings.importer.options import ImportOptions
from clippings.importer.sources.common import (
    finish,
    plain_text,
    read_capped,
    site_day,
    slug_from_url,
)
from clippings.importer.sources.wide import as_utf8
from clippings.importer.xmlsafe import PROLOG_BYTES, check_prolog

MAX_FEED_BYTES = 64 * 1024 * 1024
_ENTRY_START = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(?:item|entry)[\s>/]")
_HTML_TYPES = {"text/html", "application/xhtml+xml"}


def parse(path: Path, options: ImportOptions | None = None) -> Iterator[Article | Skipped | Note]:
    """Yield the entries of the feed at `path` as articles, and what was skipped."""
    options = options or ImportOptions()
    data = read_capped(path, MAX_FEED_BYTES, "feed")
    # Checked as UTF-8: in UTF-16 a <!ENTITY would not match the byte pattern.
    check_prolog(path, as_utf8(data[:PROLOG_BYTES]))
    parsed = feedparser.parse(data, sanitize_html=False, resolve_relative_uris=True)
    entries = parsed.entries
    problem = _problem(parsed)
    if not entries:
        if problem:
            raise InputError(str(path), f"not a readable feed: {problem}")
        if parsed.version:
            return  # a well-formed feed with no entries: nothing to import
        raise InputError(str(path), "not an RSS or Atom feed (no channel or entries found)")
    if problem:
        yield Note(path.name, _line_of(parsed.bozo_exception), f"feed repaired: {problem}")
    lines = _entry_lines(data, len(entries))
    site = _site_name(parsed.feed)
    feed_author = _author(parsed.feed)
    # Links and guids several entries share (a podcast feed linking every episode to its
    # home page) are not any entry's own: never used to identify one.
    titles = [str(e.get("title") or "") for e in entries]
    shared = shared_values([e.get("link") for e in entries], titles)
    shared |= shared_values([e.get("id") for e in entries], titles)
    home = url_key(parsed.feed.get("link"))
    if home:
        shared.add(home)
    for index, entry in enumerate(entries):
        yield _entry_to_article(
            path, lines[index], index + 1, entry, site, feed_author, options, shared
        )




def _problem(parsed: Any) -> str | None:
    """What made the feed ill-formed, as `line N: message`, or None.

    An encoding the document declared wrongly is not damage: feedparser recovers it.
    """
    if not parsed.get("bozo"):
        return None
    exc = parsed.get("bozo_exception")
    if isinstance(exc, feedparser.CharacterEncodingOverride):
        return None
    line = _line_of(exc)
    message = getattr(exc, "getMessage", lambda: str(exc))()
    return f"line {line}: {message}" if line else str(message)


def _line_of(exc: Any) -> int:
    getter = getattr(exc, "getLineNumber", None)
    try:
        return int(getter()) if getter else 0
    except (TypeError, ValueError):
        return 0


def _entry_lines(data: bytes, count: int) -> list[int]:
    """The line each entry starts on, when the raw markup lets us tell; else 0s."""
    starts = [m.start() for m in _ENTRY_START.finditer(data)]
    if len(starts) != count:
        return [0] * count
    lines, previous, line = [], 0, 1
    for start in starts:
        line += data.count(b"\n", previous, start)
        previous = start
        lines.append(line)
    return lines


def _site_name(feed: Any) -> str | None:
    """The feed's title, without a leading section ("Latest news | RT" → "RT")."""
    title = plain_text(feed.get("title", ""))
    return title.split(" | ")[-1].strip() or None if title else None


def _author(node: Any) -> str | None:
    detail = node.get("author_detail") or {}
    name = detail.get("name") or node.get("author") or ""
    return plain_text(name) or None


def _when(entry: Any) -> date | None:
    """The entry's date in the feed's own timezone (the raw text first: feedparser's
    parsed value is converted to UTC), else feedparser's, else None."""
    for key in ("published", "updated", "created"):
        raw = entry.get(key)
        if raw and (found := read_date(str(raw))) is not None:
            return found
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            return datetime.fromtimestamp(calendar.timegm(value), UTC).date()
    return None


def _body(entry: Any) -> str:
    """The fullest HTML body: content over summary; plain text is escaped into paragraphs."""
    candidates = [*entry.get("content", []), entry.get("summary_detail")]
    best = max(
        (c for c in candidates if c and c.get("value")),
        key=lambda c: len(c["value"]),
        default=None,
    )
    if best is None:
        return ""
    if best.get("type", "text/html") in _HTML_TYPES:
        return best["value"]
    paragraphs = (p.strip() for p in re.split(r"\n\s*\n", best["value"]))
    return "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs if p)


def _comments(entry: Any) -> int | None:
    value = str(entry.get("slash_comments", "")).strip()
    return int(value) if value.isdigit() else None


def _entry_to_article(
    path: Path,
    line: int,
    number: int,
    entry: Any,
    site: str | None,
    feed_author: str | None,
    options: ImportOptions,
    shared: set[str] = frozenset(),  # type: ignore[assignment]
) -> Article | Skipped:
    title = plain_text(entry.get("title", ""))
    where = f"entry {number}" + (f" {title[:50]!r}" if title else "")
    when = _when(entry)
    if not title or when is None:
        if title:
            raw = " ".join(str(entry.get("published") or entry.get("updated") or "").split())
            missing = f"date {raw!r} cannot be read" if raw else "no date"
        else:
            missing = "no title"
        return Skipped(path.name, line, f"{where}: {missing}, not imported")
    tags = [plain_text(t.get("term") or t.get("label") or "") for t in entry.get("tags", [])]
    tags = list(dict.fromkeys(t for t in tags if t))
    options.vocabulary.add(tags)
    author = _author(entry) or feed_author
    link = (entry.get("link") or "").strip() or None
    if url_key(link) in shared:
        link = None
    guid = (entry.get("id") or "").strip() or None
    if url_key(guid) in shared:
        guid = None
    when = site_day(when, link)
    article = Article(
        title=title,
        date=when,
        posted=when,
        posted_by=author,
        author=author,
        outlet=site,
        tags=tags,
        comments=_comments(entry),
        slug=slug_from_url(link),
        url=link,
        guid=guid,
        source=link or guid or f"{path.name}:{line or number}",
    )
    return finish(article, _body(entry), link)
