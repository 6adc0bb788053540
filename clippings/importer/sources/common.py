"""What every structured source (WXR, feeds, saved HTML) does to a post before storing it."""

from __future__ import annotations

import html
import re
from datetime import date
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup

from clippings.errors import InputError
from clippings.frontmatter import CONTROL
from clippings.importer.model import Article
from clippings.importer.repost import apply_body_byline
from clippings.importer.sources.prepare import prepare_html
from clippings.sanitize import sanitize_html

MAX_SUMMARY_LENGTH = 600
_PAGE_SUFFIX = re.compile(r"\.(?:s?html?|php|aspx?)$")
_SLUG = re.compile(r"[\w-]+")
_URL_DAY = re.compile(r"/((?:19|20)\d\d)/(\d\d)/(\d\d)/")


def plain_text(fragment: str) -> str:
    """The text of an HTML fragment (entities decoded, tags dropped, spaces collapsed;
    control characters count as spaces)."""
    fragment = CONTROL.sub(" ", fragment)
    if "<" not in fragment and "&" not in fragment:
        return " ".join(fragment.split())
    text = BeautifulSoup(fragment, "html.parser").get_text(" ")
    return " ".join(CONTROL.sub(" ", html.unescape(text)).split())  # &#27; is ESC too


def finish(article: Article, raw_html: str, base_url: str | None) -> Article:
    """Sanitise the body, recognise a repost byline and fill in the summary.

    `raw_html` is the post body as found in the input (untrusted); `base_url` is the
    address relative links in it resolve against.
    """
    article.title = plain_text(article.title)
    # Media and highlighter tables become links and code blocks first: the sanitiser
    # would drop the one and flatten the other.
    article.body_html = sanitize_html(prepare_html(raw_html, base_url), base_url)
    apply_body_byline(article)
    if not article.summary:
        article.summary = first_paragraph(article.body_html)
    else:
        article.summary = plain_text(article.summary)[:MAX_SUMMARY_LENGTH] or None
    return article


def first_paragraph(body_html: str) -> str | None:
    """The first non-empty paragraph of `body_html`, as plain text."""
    soup = BeautifulSoup(body_html, "html.parser")
    for p in soup.find_all("p"):
        text = " ".join(p.get_text(" ").split())
        if text and not re.fullmatch(r"[\W_]+", text):
            return text[:MAX_SUMMARY_LENGTH]
    # A body without paragraphs (a feed's plain description): its text is the summary.
    text = " ".join(soup.get_text(" ").split())
    return text[:MAX_SUMMARY_LENGTH] or None


def slug_from_url(url: str | None) -> str | None:
    """The slug a permalink ends in (`…/2025/11/09/a-title/` → `a-title`), if any.

    A file name loses its extension; a number or anything with other characters is not
    a slug (the store then makes one from the title).
    """
    if not url:
        return None
    segments = [s for s in urlsplit(url).path.split("/") if s]
    slug = _PAGE_SUFFIX.sub("", unquote(segments[-1])) if segments else ""
    return slug if _SLUG.fullmatch(slug) and not slug.isdigit() else None


def site_day(when: date, url: str | None) -> date:
    """`when`, or the day the post's own address names when they are a day apart.

    WordPress and news permalinks (`/2019/11/18/…`) carry the day the site showed; a
    date declared in UTC (`2019-11-19T04:58:46Z`) puts an American evening's post on
    the next day.
    """
    found = _URL_DAY.search(urlsplit(url).path) if url else None
    if found is None:
        return when
    try:
        named = date(int(found[1]), int(found[2]), int(found[3]))
    except ValueError:
        return when
    return named if abs((when - named).days) == 1 else when


def read_capped(path: Path, limit: int, kind: str) -> bytes:
    """The bytes of `path`, refused (InputError naming the file) over `limit` bytes."""
    try:
        size = path.stat().st_size
        if size > limit:
            raise InputError(str(path), f"{kind} too large ({size} bytes; the limit is {limit})")
        return path.read_bytes()
    except OSError as exc:
        raise InputError(str(path), f"cannot read: {exc.strerror or exc}") from None
