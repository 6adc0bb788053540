"""Saved HTML pages: a WordPress post, a page of posts, or a news article's own page.

Three kinds of page are recognised, in this order:

* WordPress posts: the outermost `article.post`, `div.post` or `.hentry` elements. A
  single post's page (body class `single`, `og:type` article, a JSON-LD article) gives
  one article and its page metadata fills the gaps; a front, archive or category page
  gives one article per post, each with the address of its title link.
* A news article described by JSON-LD (`NewsArticle`, `Article`, `BlogPosting`, also
  inside `@graph`) or OpenGraph (`og:type` article, `article:published_time`).
* A page holding a single `<article>` element.

Kept from each post: title, date (published over updated; machine-readable dates are
taken as written, the site's own day, like WXR's `post_date`), author, categories and tags (the
categories are learned into the vocabulary), the visible comment count, the address
(its last path segment is the slug) and the site's name as outlet. The body is the
post's content element without what themes and plugins put around and inside it
(share buttons, related posts, comments, navigation, ads, meta lines), then `finish`
sanitises it and moves a repost byline at its top into the record.

The page is parsed once, by BeautifulSoup over lxml, from its bytes: the encoding comes
from a BOM, the `<meta charset>`, else is sniffed. A page with no article in it is
reported as skipped, not as an error.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import soupsieve
from bs4 import BeautifulSoup, Tag
from bs4.exceptions import ParserRejectedMarkup

from clippings.errors import InputError
from clippings.importer.dates import parse_date
from clippings.importer.model import Article, Note, Skipped
from clippings.importer.options import ImportOptions
from clippings.importer.sources.common import (
    finish,
    plain_text,
    read_capped,
    site_day,
    slug_from_url,
)
from clippings.importer.sources.extract import (
    Extracted,
    drop_title_heading,
    extract_main,
    find_date,
    same_words,
    vote_title,
)
from clippings.importer.sources.prepare import drop_clutter, prepare_tree
from clippings.sanitize import absolute_url

MAX_HTML_BYTES = 32 * 1024 * 1024
# Below this many characters of main text, trafilatura's reading is its page-wide fallback.
SHORT_TEXT = 800
SNIFF_BYTES = 8192
# UTF-16/32 text is full of NUL bytes; anything else holding them is not a page.
_WIDE_BOMS = (b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")

_POSTS = soupsieve.compile(
    "article.post, div.post, article.hentry, div.hentry, article.type-post, div.type-post"
)
_TITLES = (".entry-title", ".post-title", "[itemprop~=headline]", "h1", "h2")
# Content elements of WordPress themes and news sites; the densest block of paragraphs
# is the fallback (themes name their content element in many ways).
_CONTENTS = (
    ".entry-content",
    "[itemprop~=articleBody]",
    ".post-content",
    ".article-content",
    ".article-body",
    ".entry-body",
    ".post-body",
    ".story-body",
)
# What themes and plugins put around and inside a post. Matched within the post only,
# and never removed when it holds the title or the content (a wrapper's class name can
# contain "sidebar" or "share" too).
_JUNK = soupsieve.compile(
    ", ".join(
        (
            "script, style, noscript, template, form, button, nav",
            ".sharedaddy, .jp-relatedposts, [class*='share'], [id*='share'], [class*='social']",
            "[class*='related'], [id*='related']",
            "#comments, #respond, .comment, [class*='comments'], [class*='comment-']",
            "[id*='comments'], [class*='disqus'], [id*='disqus']",
            ".navigation, [class*='navigation'], [id*='navigation'], [class*='post-nav']",
            "[class*='nav-links'], [class*='fixed-nav'], [id^='nav-'], a[rel~='prev']",
            "a[rel~='next']",
            ".ad, .ads, .advertisement, [class*='advert'], [id*='advert'], .adsbygoogle",
            "[id^='div-gpt-ad'], .wp-block-buttons",
            ".widget, .widget-area, [class*='widget_'], [class*='sidebar']",
            "[class*='subscribe'], [class*='newsletter'], [class*='breadcrumb'], .entry-crumbs",
        )
    )
)
# A comments section inside the content ends the article: what follows it in there is
# the theme's (ads, notices, widgets), not the author's.
_IN_CONTENT_COMMENTS = soupsieve.compile(
    "#comments, #respond, #entry-comments, .comments-area, .comment-respond, .fb-comments, "
    ".commentlist, .comment-list, #disqus_thread"
)
_COMMENTS_HEADING = re.compile(r"comment|kommentar|responses|discussion|leave a reply", re.I)
# Meta lines read for the record, then dropped from the body.
_META_BLOCKS = soupsieve.compile(
    ".entry-meta, .post-meta, .entry-footer, .entry-utility, .entry-info, .post-views, "
    ".cat-links, .tags-links, .post-categories, .post-tags, .more-link"
)
_CATEGORY_LINKS = soupsieve.compile(
    "a[rel~='category'], .entry-category a, .cat-links a, .post-categories a"
)
_TERM_LINKS = soupsieve.compile(
    "a[rel~='category'], a[rel~='tag'], .entry-category a, .cat-links a, "
    ".post-categories a, .tags-links a, .post-tags a"
)
_AUTHORS = (
    "[rel~=author]",
    ".author .fn",
    ".author.vcard",
    "[itemprop~=author] [itemprop~=name]",
    "[itemprop~=author]",
    ".byline",
    "[class*='author-name']",
)
# Machine-readable dates first (published over updated), then dates written as text.
_DATES = (".published", "[itemprop~=datePublished]", "time[datetime]:not(.updated)")
_LATE_DATES = ("time[datetime]", "[itemprop~=dateModified]")
_TEXT_DATES = (".published", ".entry-date", ".post-date", ".posted-on", ".date")
_COMMENT_COUNTS = soupsieve.compile(
    ".comments-link, .comments-title, #comments-title, .commentsheader, .comment-count, "
    "[class*='comments-count'], #comments > h2, #comments > h3"
)
# On a post's own page the comments may follow the post; only their heading is read
# there (a sidebar's "3 Comments" belongs to another post).
_COMMENT_HEADINGS = soupsieve.compile(
    ".comments-title, #comments-title, .commentsheader, #comments > h2, #comments > h3"
)
_COUNT = re.compile(
    r"^(\d+|one|no)\s+(?:comments?|responses?|repl(?:y|ies)|thoughts?|kommentare?)\b", re.I
)
_DATE_IN_TEXT = re.compile(
    r"[A-Z][a-z]{2,8}\.? \d{1,2},? \d{4}|\d{1,2} [A-Z][a-z]{2,8} \d{4}"
    r"|\d{1,2}[./]\d{1,2}[./]\d{4}|\d{4}-\d{2}-\d{2}"
)
_BY = re.compile(r"^(?:(?:published|posted|written)\s+)?by\s*:?\s+", re.I)
_NAME_END = re.compile(r"\s+[|–—-]\s+.*$|\s*[|–—-]\s*$")
_TITLE_SEPARATORS = (" | ", " – ", " — ", " - ", " :: ", " · ")
_LD_TYPE = re.compile(r"(?:Article|BlogPosting)$")
_TRUNCATED = ("…", "...", "[…]", "[...]")
_PLACEHOLDER_DATES = frozenset({date(1900, 1, 1), date(1970, 1, 1)})


@dataclass
class _Page:
    """What the page as a whole says about itself (head metadata and JSON-LD)."""

    url: str | None = None
    site: str | None = None
    window_title: str = ""
    is_article: bool = False
    title: str | None = None
    date: date | None = None
    author: str | None = None
    categories: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    description: str | None = None
    body_text: str = ""


@dataclass
class _Lines:
    """Line numbers of elements, found by their `id` in the raw bytes.

    lxml's builder does not give BeautifulSoup line numbers, so the line of a post is
    that of its `id="…"`; posts come in document order, so the search only moves on.
    """

    data: bytes
    offset: int = 0
    line: int = 1

    def of(self, element: Tag) -> int:
        if element.sourceline:
            return element.sourceline
        ident = element.get("id")
        if not isinstance(ident, str) or not ident:
            return 1
        found = -1
        for quote in (b'"', b"'"):
            needle = b"id=" + quote + ident.encode("utf-8", "replace") + quote
            position = self.data.find(needle, self.offset)
            if position >= 0 and (found < 0 or position < found):
                found = position
        if found < 0:
            return 1
        self.line += self.data.count(b"\n", self.offset, found)
        self.offset = found
        return self.line


def parse(path: Path, options: ImportOptions | None = None) -> Iterator[Article | Skipped | Note]:
    """Yield the articles of the saved page at `path`, and the posts that were skipped."""
    options = options or ImportOptions()
    data = _read(path)
    if not data.strip():
        yield Skipped(path.name, 1, "no article found in the page (the file is empty)")
        return
    soup, page = _prepared(path, data, options)
    lines = _Lines(data)
    posts = _outermost(soupsieve.select(_POSTS, soup))
    if page.is_article and len(posts) > 1:
        # A post's own page that lists other posts (related, latest) as posts too.
        posts = [next((p for p in posts if p.find("h1")), posts[0])]
    if posts:
        single = len(posts) == 1
        for post in posts:
            found = _post_to_article(path, lines.of(post), post, soup, page, single, False, options)
            if isinstance(found, Skipped) and single and page.is_article:
                break  # a news page with post markup the WordPress reading cannot use
            yield found
        else:
            return
        # Read afresh: the WordPress reading removed parts of the tree.
        soup, page = _prepared(path, data, options)
        lines = _Lines(data)
    yield from _news_page(path, soup, page, lines, options)


def _prepared(path: Path, data: bytes, options: ImportOptions) -> tuple[BeautifulSoup, _Page]:
    """The parsed page and what it says about itself, ready for extraction.

    Media become links and highlighter tables code blocks before any extraction
    (extractors and the sanitiser would drop the one and flatten the other); ad labels,
    calls to subscribe and "related articles" lists go.
    """
    soup = _soup(path, data)
    page = _read_page(soup)
    page.url = page.url or options.page_url
    prepare_tree(soup, page.url)
    drop_clutter(soup)
    return soup, page


def _news_page(
    path: Path, soup: BeautifulSoup, page: _Page, lines: _Lines, options: ImportOptions
) -> Iterator[Article | Skipped | Note]:
    """The article of a page without WordPress posts: a news site's own page.

    trafilatura finds the main text; the page's declarations (JSON-LD, OpenGraph, `<h1>`)
    give title, author and date, htmldate the date when they do not. The importer's own
    extractor (the page's `<article>`) is the fallback when trafilatura finds no text.
    A page whose date is nowhere is stored as a draft dated by the file, and said so.
    """
    page_html = str(soup)
    extracted = extract_main(page_html, page.url)
    when = page.date or find_date(page_html, page.url)
    element = _article_element(soup, page.is_article)
    # A page that does not declare an article holds one when its main text is dated or
    # long (a shop's welcome page is neither).
    if (
        element is None
        and extracted is not None
        and (when is not None or len(plain_text(extracted.body_html)) >= SHORT_TEXT)
    ):
        element = soup.body
    if element is None:
        articles = len(_outermost(soup.find_all("article")))
        why = f"{articles} <article> elements and" if articles else "no WordPress post,"
        yield Skipped(
            path.name,
            1,
            f"no article found in the page ({why} no JSON-LD or OpenGraph article metadata)",
        )
        return
    line = lines.of(element)
    h1 = next((_text(h) for h in soup.find_all("h1") if _text(h)), None)
    title = vote_title(
        [
            page.title,
            h1,
            extracted.title if extracted else None,
            _trim_site(page.window_title, page.site),
        ]
    )
    when = site_day(when, page.url) if when else None
    undated = when is None
    if undated:
        when = datetime.fromtimestamp(path.stat().st_mtime, UTC).date()
    # The importer's own reading of the element gives what trafilatura does not: the
    # comment count, categories and tags, the author from the page's byline markup.
    own = _post_to_article(path, line, element, soup, page, True, True, options, when, title)
    if isinstance(own, Skipped) and extracted is None:
        yield own
        return
    if isinstance(own, Article) and (extracted is None or _too_short(extracted, own)):
        article = own
    else:
        base = own if isinstance(own, Article) else None
        name = title or (base.title if base else "")
        if not name:
            yield Skipped(path.name, line, "post: no title, not imported")
            return
        author = page.author or (base.author if base else None) or extracted.author
        author = author or _linked_byline(soup)
        url = page.url
        article = finish(
            Article(
                title=name,
                date=when,
                posted=when,
                author=author,
                posted_by=author,
                outlet=_site_name(page, name),
                tags=base.tags if base else _unique([*page.categories, *page.tags]),
                comments=base.comments if base else None,
                summary=_summary(page.description),
                slug=slug_from_url(url),
                url=url,
                guid=url,
                source=url or f"{path.name}:{line}",
            ),
            drop_title_heading(extracted.body_html, name),
            page.url,
        )
    if undated:
        article.status = "draft"
        yield Note(
            path.name,
            line,
            f"post {article.title[:50]!r}: no date anywhere in the page, stored as a draft "
            f"dated {when.isoformat()} (the file's date)",
        )
    yield article


_BYLINE_NAME = re.compile(r"[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){1,3}")


def _linked_byline(soup: BeautifulSoup) -> str | None:
    """A name linked right after "By" (`By <a href="/staff/…">Louis Jacobson</a>`)."""
    for anchor in soup.find_all("a", href=True, limit=5000):
        before = anchor.previous_sibling
        if isinstance(before, str) and re.search(r"(?:^|\s)By\s*$", before):
            name = " ".join(anchor.get_text(" ").split())
            if _BYLINE_NAME.fullmatch(name):
                return name
    return None


def _too_short(extracted: Extracted, own: Article) -> bool:
    """True when trafilatura's text is short and the page's own article element has text.

    On a short page trafilatura falls back to the whole page's text (header, navigation
    and all); the `<article>` or densest block reads better there. Measured on the
    benchmark's 181 pages (bench/fidelity.py), this choice moves F1 from 0.959 to 0.961.
    """
    return len(plain_text(extracted.body_html)) < SHORT_TEXT and bool(plain_text(own.body_html))


def _summary(description: str | None) -> str | None:
    if not description or description.endswith(_TRUNCATED):
        return None  # a cut-off excerpt: the first paragraph reads better
    return description


def _read(path: Path) -> bytes:
    data = read_capped(path, MAX_HTML_BYTES, "page")
    if b"\x00" in data[:SNIFF_BYTES] and not data.startswith(_WIDE_BOMS):
        raise InputError(str(path), "binary file (contains NUL bytes), not an HTML page")
    return data


def _soup(path: Path, data: bytes) -> BeautifulSoup:
    try:
        return BeautifulSoup(data, "lxml")
    except (ParserRejectedMarkup, ValueError, LookupError, RecursionError) as exc:
        raise InputError(str(path), f"not readable HTML: {exc}") from None


def _outermost(elements: list[Tag]) -> list[Tag]:
    """The elements not inside another one of them (nested `.post` blocks are parts)."""
    chosen: set[int] = set()
    out = []
    for element in elements:
        if not any(id(parent) in chosen for parent in element.parents):
            chosen.add(id(element))
            out.append(element)
    return out


def _text(element: Tag | None) -> str:
    if element is None:
        return ""
    if element.name == "meta":
        return " ".join(str(element.get("content") or "").split())
    return " ".join(element.get_text().split())


# --- The page: <head> metadata and JSON-LD ------------------------------------------


def _read_page(soup: BeautifulSoup) -> _Page:
    meta: dict[str, list[str]] = {}
    for tag in soup.find_all("meta"):
        key = tag.get("property") or tag.get("name") or tag.get("itemprop")
        content = tag.get("content")
        if isinstance(key, str) and isinstance(content, str) and content.strip():
            meta.setdefault(key.strip().lower(), []).append(content.strip())

    def first(*keys: str) -> str | None:
        return next((meta[k][0] for k in keys if k in meta), None)

    page = _Page()
    canonical = soup.find("link", rel="canonical", href=True)
    for candidate in (canonical.get("href") if canonical else None, first("og:url")):
        page.url = page.url or _page_url(candidate)
    ld, index = _json_ld(soup)
    body = soup.body
    body_classes = (body.get("class") or []) if body else []
    page.is_article = (
        ld is not None
        or (first("og:type") or "").lower() == "article"
        or "article:published_time" in meta
        or bool({"single", "single-post"} & set(body_classes))
    )
    page.window_title = _text(soup.title)
    ld = ld or {}
    publisher = _ld_name(ld.get("publisher"), index)
    website = next((_ld_name(n, index) for n in index.values() if "WebSite" in _types(n)), None)
    page.site = plain_text(first("og:site_name") or publisher or website or "") or None
    headline = _ld_text(ld.get("headline")) or _trim_site(first("og:title"), page.site)
    page.title = plain_text(headline or "") or None
    page.date = _first_date(
        [_ld_text(ld.get("datePublished")), *meta.get("article:published_time", [])],
        [_ld_text(ld.get("dateCreated")), first("datepublished")],
        [_ld_text(ld.get("dateModified")), first("article:modified_time", "og:updated_time")],
    )
    author = _ld_name(ld.get("author"), index) or first("author", "article:author") or ""
    page.author = None if author.startswith(("http:", "https:")) else plain_text(author) or None
    page.categories = [*_ld_list(ld.get("articleSection")), *meta.get("article:section", [])]
    page.tags = [*_ld_list(ld.get("keywords")), *meta.get("article:tag", [])]
    page.description = plain_text(
        _ld_text(ld.get("description")) or first("og:description", "description") or ""
    )
    page.body_text = _ld_text(ld.get("articleBody")) or ""
    page.url = page.url or _page_url(_ld_text(ld.get("url")))
    return page


def _trim_site(title: str | None, site: str | None) -> str | None:
    """`title` without the site's name appended to it (`Headline | Site`)."""
    if title and site:
        for separator in _TITLE_SEPARATORS:
            if title.endswith(separator + site):
                return title[: -len(separator + site)].strip()
    return title


def _page_url(value: str | None) -> str | None:
    """`value` if it is an absolute http(s) address (a page's own address must be)."""
    if not value:
        return None
    url = absolute_url(value.strip(), None, allow_mailto=False)
    return url if url and urlsplit(url).netloc else None


def _json_ld(soup: BeautifulSoup) -> tuple[dict[str, Any] | None, dict[str, dict[str, Any]]]:
    """The page's JSON-LD article node (if any), and every node by its `@id`."""
    nodes: list[dict[str, Any]] = []
    for script in soup.find_all("script", type=re.compile(r"^\s*application/ld\+json", re.I)):
        try:
            stack: list[Any] = [json.loads(script.string or "")]
        except (ValueError, RecursionError):
            continue  # broken JSON-LD is common and costs only the metadata
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(reversed(item))
            elif isinstance(item, dict):
                nodes.append(item)
                if isinstance(item.get("@graph"), list | dict):
                    stack.append(item["@graph"])
    index = {n["@id"]: n for n in nodes if isinstance(n.get("@id"), str)}
    article = next((n for n in nodes if any(_LD_TYPE.search(t) for t in _types(n))), None)
    return article, index


def _types(node: Any) -> list[str]:
    kind = node.get("@type") if isinstance(node, dict) else None
    return [kind] if isinstance(kind, str) else [k for k in kind or [] if isinstance(k, str)]


def _ld_text(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("@value") or value.get("@id")
    return value.strip() if isinstance(value, str) and value.strip() else None


def _ld_list(value: Any) -> list[str]:
    """A JSON-LD list of names: a JSON list, or a comma-separated string."""
    items = value if isinstance(value, list) else value.split(",") if isinstance(value, str) else []
    return [plain_text(item) for item in items if isinstance(item, str) and item.strip()]


def _ld_name(value: Any, index: dict[str, dict[str, Any]]) -> str | None:
    """The name of a person or organisation: a string, a node, an `@id`, or a list."""
    values = value if isinstance(value, list) else [value]
    names = []
    for item in values:
        if isinstance(item, dict) and "name" not in item:
            item = index.get(str(item.get("@id")), item)
        name = item.get("name") if isinstance(item, dict) else item
        if isinstance(name, str) and name.strip() and name.strip() not in names:
            names.append(name.strip())
    return ", ".join(names) or None


# --- Dates ----------------------------------------------------------------------------


def _iso_date(value: str | None) -> date | None:
    """The day of an ISO 8601 date or date-time, as written (the site's own day).

    `2019-11-18T21:00:00-05:00` is the 18th, the day the site's readers saw, though it
    is the 19th in UTC. Placeholder dates CMSs write for "none" (`0001-01-01`, the Unix
    epoch, `1900-01-01`) are no date.
    """
    if not value:
        return None
    try:
        found = datetime.fromisoformat(value.strip()).date()
    except ValueError:
        match = re.match(r"\s*(\d{4}-\d{2}-\d{2})\b", value)
        return _iso_date(match[1]) if match and match[1] != value.strip() else None
    return None if found.year < 1800 or found in _PLACEHOLDER_DATES else found


def _text_date(text: str) -> date | None:
    """A date written in `text` (`April 21, 2022`, `Posted on 2015-04-05`)."""
    text = " ".join(text.split())
    found = parse_date(text)
    if found is None and (match := _DATE_IN_TEXT.search(text)):
        found = parse_date(match[0])
    return found


def _first_date(*groups: list[str | None]) -> date | None:
    for group in groups:
        for value in group:
            if found := _iso_date(value):
                return found
    return None


def _element_date(element: Tag, machine_only: bool) -> date | None:
    for attribute in ("datetime", "content", "title"):
        value = element.get(attribute)
        if isinstance(value, str) and (found := _iso_date(value)):
            return found
    return None if machine_only else _text_date(_text(element))


def _post_date(post: Tag, selectors: tuple[str, ...], machine_only: bool) -> date | None:
    for selector in selectors:
        for element in post.select(selector):
            if found := _element_date(element, machine_only):
                return found
    return None


# --- One post -------------------------------------------------------------------------


def _article_element(soup: BeautifulSoup, page_is_article: bool) -> Tag | None:
    """The element holding the page's only article, or None if the page has none.

    That is its `<article>` (the one with the most paragraph text when the page says it
    is an article), else its body.
    """
    articles = _outermost(soup.find_all("article"))
    if len(articles) == 1 and (page_is_article or articles[0].find(("h1", "h2"))):
        return articles[0]
    if not page_is_article:
        return None
    if articles:
        return max(articles, key=lambda a: sum(len(p.get_text()) for p in a.find_all("p")))
    return soup.body or soup


def _title_element(post: Tag) -> Tag | None:
    for selector in _TITLES:
        for element in post.select(selector):
            if _text(element):
                return element
    return None


def _named_content(post: Tag) -> Tag | None:
    for selector in _CONTENTS:
        found = post.select_one(selector)
        if found is not None:
            return found
    return None


def _densest(post: Tag) -> Tag | None:
    """The element with the most paragraph text directly inside it."""
    weight: dict[int, tuple[int, Tag]] = {}
    for paragraph in post.find_all("p"):
        parent = paragraph.parent
        if isinstance(parent, Tag):
            total = weight.get(id(parent), (0, parent))[0] + len(paragraph.get_text(strip=True))
            weight[id(parent)] = (total, parent)
    best = max(weight.values(), key=lambda pair: pair[0], default=None)
    return best[1] if best and best[0] > 0 else None


def _remove_junk(post: Tag, keep: list[Tag | None]) -> None:
    """Drop share buttons, related posts, comments, navigation, ads, … from `post`."""
    protected = {id(post)}
    for element in keep:
        while element is not None and id(element) not in protected:
            protected.add(id(element))
            element = element.parent
    for junk in soupsieve.select(_JUNK, post):
        if id(junk) not in protected and not junk.decomposed:
            junk.decompose()


def _cut_at_comments(content: Tag) -> None:
    """Remove a comments section in the content and everything after it in there."""
    section = soupsieve.select_one(_IN_CONTENT_COMMENTS, content)
    if section is None:
        return
    heading = section.find_previous_sibling(True)
    if (
        heading is not None
        and heading.name in ("h2", "h3", "h4")
        and _COMMENTS_HEADING.search(heading.get_text())
    ):
        heading.decompose()
    node: Tag = section
    while node is not content and node.parent is not None:
        for sibling in list(node.next_siblings):
            sibling.extract()
        node = node.parent
    section.decompose()


def _comment_count(scope: Tag, selector: Any = _COMMENT_COUNTS) -> int | None:
    for element in soupsieve.select(selector, scope):
        text = _text(element).lstrip("|· ").strip()
        if text.lower() == "leave a comment":
            return 0
        if match := _COUNT.match(text):
            number = match[1].lower()
            return 1 if number == "one" else 0 if number == "no" else int(number)
    return None


def _author(post: Tag) -> str | None:
    for selector in _AUTHORS:
        for element in post.select(selector):
            name = plain_text(_NAME_END.sub("", _BY.sub("", _text(element))))
            if name and len(name) <= 100:
                return name
    return None


def _terms(post: Tag) -> tuple[list[str], list[str]]:
    """The post's category and tag names (category links first in WordPress)."""
    categories = {id(a) for a in soupsieve.select(_CATEGORY_LINKS, post)}
    names: list[tuple[str, bool]] = []
    for link in soupsieve.select(_TERM_LINKS, post):
        name = _text(link)
        if name:
            names.append((name, id(link) in categories))
    return [n for n, is_cat in names if is_cat], [n for n, is_cat in names if not is_cat]


def _link(title: Tag | None, post: Tag, base: str | None) -> str | None:
    """The post's own address on a page of posts: its title link, else a bookmark."""
    candidates: list[Tag | None] = []
    if title is not None:
        candidates += [title.find("a", href=True), title.find_parent("a", href=True)]
    candidates.append(post.find("a", rel="bookmark", href=True))
    for anchor in candidates:
        if anchor is not None:
            url = absolute_url(str(anchor["href"]), base, allow_mailto=False)
            if url and urlsplit(url).netloc and not urlsplit(url).fragment:
                return url
    return None


def _site_name(page: _Page, title: str) -> str | None:
    """og:site_name, the JSON-LD publisher, else what the window title adds to the post's."""
    if page.site:
        return page.site
    window = plain_text(page.window_title)
    if title and window.casefold().startswith(title.casefold()):
        rest = window[len(title) :].strip()
        for separator in _TITLE_SEPARATORS:
            if rest.startswith(separator.strip()):
                return rest[len(separator.strip()) :].strip() or None
        return None
    if " | " in window:
        return window.rsplit(" | ", 1)[1].strip() or None
    return None


def _fix_lazy_images(content: Tag) -> None:
    """Lazy-loading themes put the real address in `data-src`, a placeholder in `src`."""
    for image in content.find_all("img"):
        real = image.get("data-src") or image.get("data-lazy-src") or image.get("data-orig-file")
        src = str(image.get("src") or "")
        if isinstance(real, str) and real.strip() and (not src or src.startswith("data:")):
            image["src"] = real.strip()


def _body_html(content: Tag | None, title: Tag | None, page: _Page, single: bool) -> str:
    if content is not None:
        for meta in soupsieve.select(_META_BLOCKS, content):
            if not meta.decomposed:
                meta.decompose()
        # When the content element is the whole post, the title and date are in it too.
        if title is not None and not title.decomposed and content in title.parents:
            title.decompose()
        for stamp in content.find_all("time", recursive=False):
            stamp.decompose()
        _fix_lazy_images(content)
        return content.decode_contents()
    if single and page.body_text:  # JSON-LD articleBody: plain text, one line a paragraph
        escaped = (plain_text(line) for line in page.body_text.splitlines())
        return "".join(f"<p>{escape(line, quote=False)}</p>" for line in escaped if line)
    return ""


def _post_to_article(
    path: Path,
    line: int,
    post: Tag,
    soup: BeautifulSoup,
    page: _Page,
    single: bool,
    fallback: bool,
    options: ImportOptions,
    known_date: date | None = None,
    known_title: str | None = None,
) -> Article | Skipped:
    """The article in `post`, or why it was skipped.

    `post` is one of the page's posts (`single` when it is the only one) or, with
    `fallback`, the element holding the article the page's metadata describes.
    """
    title_element = _title_element(post)
    title = plain_text(_text(title_element))
    if fallback or not title:
        title = known_title or page.title or title  # a first heading can be the site's name
    elif single and page.is_article:
        # A post's own page declares its headline; a heading inside the body, a
        # "trending" widget's headline, agree with nothing else and lose the vote.
        h1 = next((_text(h) for h in soup.find_all("h1") if _text(h)), None)
        window = _trim_site(page.window_title, page.site)
        voted = vote_title([page.title, title, h1, window])
        if voted and not same_words(voted, title):
            title, title_element = voted, None  # the heading taken stays in the body
    where = f"post {title[:50]!r}" if title else "post"
    own_page = single and page.is_article
    comments = _comment_count(post)
    if comments is None and single:
        comments = _comment_count(soup, _COMMENT_HEADINGS)
    content = _named_content(post)
    if not own_page:  # on a page of posts, a post can be shown only in part
        if content is None and post.select_one(".entry-summary") is not None:
            return Skipped(
                path.name, line, f"{where}: only an excerpt is on this page, not imported"
            )
        if content is not None and content.select_one(".more-link") is not None:
            return Skipped(
                path.name, line, f"{where}: only its beginning is on this page, not imported"
            )
    content = content or _densest(post)
    if content is not None:
        _cut_at_comments(content)
    _remove_junk(post, [title_element, content])
    # A page found by its metadata says best when it was published; a post, its own markup.
    when = known_date or (page.date if fallback else None)
    when = when or _post_date(post, _DATES, machine_only=True)
    if single:
        when = when or page.date
    when = when or _post_date(post, _LATE_DATES, machine_only=True)
    when = when or _post_date(post, _TEXT_DATES, machine_only=False)
    if not title or when is None:
        missing = "title" if not title else "date"
        return Skipped(path.name, line, f"{where}: no {missing}, not imported")
    body = _body_html(content, title_element, page, single)
    if not body.strip():
        return Skipped(path.name, line, f"{where}: no article text found, not imported")
    categories, tags = _terms(post)
    if single:
        categories += page.categories
        tags += page.tags
    options.vocabulary.add(_unique(categories))  # as text: markup never becomes a name
    author = (page.author if fallback else None) or _author(post)
    author = author or (page.author if single else None)
    # A post's own page names its address; on a page of posts each title links to its post.
    link = _link(title_element, post, page.url)
    url = (page.url or link) if own_page else (link or (page.url if single else None))
    when = site_day(when, url)
    summary = _summary(page.description) if own_page else None
    article = Article(
        title=title,
        date=when,
        posted=when,
        posted_by=author,
        author=author,
        outlet=_site_name(page, title),
        tags=_unique([*categories, *tags]),
        comments=comments,
        summary=summary or None,
        slug=slug_from_url(url),
        url=url,
        guid=url if single and url and url == page.url else None,
        source=url or f"{path.name}:{line}",
    )
    return finish(article, body, page.url)


def _unique(names: list[str]) -> list[str]:
    """Names without repeats (case-insensitive), in their first order and spelling."""
    seen: dict[str, str] = {}
    for name in names:
        clean = plain_text(name)
        if clean:
            seen.setdefault(clean.casefold(), clean)
    return list(seen.values())
