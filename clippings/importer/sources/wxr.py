"""WordPress eXtended RSS (WXR 1.0–1.2) exports: the blog's own export of its posts.

Streamed with lxml (`iterparse`, elements cleared as they are read, so memory stays
bounded on very large exports), never expanding entities nor loading DTDs; malformed
XML is parsed in recovery mode and any item the parser had to repair is skipped and
reported with its line. Two passes: the first collects attachment URLs (for
`[gallery]`) and the blog's category names; the second yields the posts.

Kept from each post (a superset of what `pelican-import --wpfile` keeps): title,
content (shortcodes expanded, paragraphs restored), `post_date` (the blog's local day;
else `post_date_gmt`, else `pubDate`), creator, categories and tags (by their `domain`), slug from
`post_name`, link, guid, excerpt, approved comment count, and the status and type used
to select posts.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from lxml import etree

from clippings.errors import InputError
from clippings.identity import shared_values, url_key
from clippings.importer.dates import read_date
from clippings.importer.model import Article, Note, Skipped
from clippings.importer.options import ImportOptions
from clippings.importer.sources.common import finish, plain_text
from clippings.importer.sources.wide import as_utf8
from clippings.importer.sources.xmlitems import Document
from clippings.importer.wordpress import post_html
from clippings.importer.xmlsafe import check_prolog, read_head

PUBLISHED = {"publish"}
_WXR_MARK = re.compile(rb"wordpress\.org/export/|<wp:wxr_version|<wp:post_type", re.IGNORECASE)
UNPUBLISHED = {"draft", "private", "future", "pending"}
_IMAGE = re.compile(r"\.(?:jpe?g|png|gif|webp|avif|bmp|svg)(?:[?#]|$)", re.I)


@dataclass
class _Item:
    """The fields of one WXR `<item>`, read before the element is cleared."""

    line: int
    fields: dict[str, str] = field(default_factory=dict)
    terms: list[tuple[str, str]] = field(default_factory=list)  # (domain, name)
    approved_comments: int = 0


@dataclass
class _Channel:
    title: str = ""
    link: str = ""
    attachments: dict[str, str] = field(default_factory=dict)
    # Image attachments by the id of the post they are attached to, as (menu order, id).
    attached: dict[str, list[tuple[int, int, str]]] = field(default_factory=dict)
    categories: list[str] = field(default_factory=list)
    shared: set[str] = field(default_factory=set)  # normalised guids/links of many items


def _local(tag: Any) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _namespace(tag: Any) -> str:
    return (etree.QName(tag).namespace or "") if isinstance(tag, str) else ""


def _key(tag: Any) -> str:
    """`content:encoded` and `excerpt:encoded` share a local name; tell them apart."""
    name, ns = _local(tag), _namespace(tag)
    if name == "encoded":
        return "excerpt" if "excerpt" in ns else "content"
    return name


def _read_item(element: Any) -> _Item:
    item = _Item(line=element.sourceline or 0)
    for child in element:
        key = _key(child.tag)
        if key == "category":
            item.terms.append((child.get("domain") or "category", (child.text or "").strip()))
        elif key == "comment":
            approved = child.find("{*}comment_approved")
            kind = child.find("{*}comment_type")
            if (approved is not None and (approved.text or "").strip() == "1") and (
                kind is None or (kind.text or "").strip() in ("", "comment")
            ):
                item.approved_comments += 1
        elif key not in item.fields:
            item.fields[key] = child.text or ""
    return item


def _iter_items(path: Path) -> Iterator[tuple[_Item | None, str | None, _Channel]]:
    """Yield (item, error, channel) for every `<item>`, each parsed on its own.

    `error` says why an item is unusable (its item is then a stub holding only the
    line) or, prefixed `repaired:`, what was repaired in a usable one. The last tuple
    has item None and names damage in the channel header, if any.
    """
    channel = _Channel()
    header_error: str | None = None
    with Document(path) as document:
        for kind, chunk in document.chunks():
            parsed = document.parse(chunk, kind)
            if kind == "header":
                if parsed.element is not None:
                    for element in parsed.element:
                        _read_channel_field(channel, element, _local(element.tag))
                header_error = parsed.error
                continue
            if parsed.element is None:
                yield _Item(line=chunk.line), parsed.error, channel
                continue
            item = _read_item(parsed.element)
            item.line = chunk.line
            error = f"repaired: {parsed.repaired}" if parsed.repaired else parsed.error
            yield item, error, channel
    yield None, header_error, channel


def _read_channel_field(channel: _Channel, element: Any, name: str) -> None:
    parent = element.getparent()
    if parent is None or _local(parent.tag) != "channel":
        return
    if name == "title" and not channel.title:
        channel.title = (element.text or "").strip()
    elif name in ("base_blog_url", "link") and not channel.link:
        channel.link = (element.text or "").strip()
    elif name == "category":
        cat = element.find("{*}cat_name")
        if cat is not None and cat.text:
            channel.categories.append(cat.text.strip())


def _collect_channel(path: Path) -> _Channel:
    """First pass: attachment URLs by post id, category names, the site's title and link,
    and the guids and links several items share (not any one item's own)."""
    channel = _Channel()
    guids: list[str | None] = []
    links: list[str | None] = []
    titles: list[str] = []
    for item, _, seen in _iter_items(path):
        if item is None:
            channel.title, channel.link, channel.categories = seen.title, seen.link, seen.categories
            continue
        guids.append(item.fields.get("guid"))
        titles.append(item.fields.get("title", ""))
        links.append(item.fields.get("link"))
        if item.fields.get("post_type") == "attachment" and item.fields.get("attachment_url"):
            post_id = item.fields.get("post_id", "").strip()
            url = item.fields["attachment_url"].strip()
            channel.attachments[post_id] = url
            parent = item.fields.get("post_parent", "").strip()
            if parent and parent != "0" and _IMAGE.search(url):
                order = (_number(item.fields.get("menu_order")), _number(post_id), url)
                channel.attached.setdefault(parent, []).append(order)
    channel.shared = shared_values(guids, titles) | shared_values(links, titles)
    return channel


def _number(text: str | None) -> int:
    text = (text or "").strip()
    return int(text) if text.isdigit() else 0


def _post_date(fields: dict[str, str]) -> date | None:
    # The day the blog showed: `post_date` is in the blog's own time zone (readers saw
    # it on the post); `post_date_gmt` is the same moment in UTC, a day off for a post
    # published late in the evening west of Greenwich or early east of it.
    for key in ("post_date", "post_date_gmt"):
        value = fields.get(key, "").strip()
        if value and not value.startswith("0000"):
            try:
                return datetime.strptime(value, "%Y-%m-%d %H:%M:%S").date()
            except ValueError:
                continue
    return read_date(fields.get("pubDate", ""))


def _private(item: _Item) -> str | None:
    """Why the blog kept this post from the public (its status or a password), or None."""
    status = item.fields.get("status", "publish").strip() or "publish"
    if status in UNPUBLISHED:
        return status
    if item.fields.get("post_password", "").strip():
        return "password-protected"
    return None


def _wanted(item: _Item, options: ImportOptions) -> str | None:
    """None if the item is a post to import, else why it is not (every item is counted)."""
    kind = item.fields.get("post_type", "post").strip() or "post"
    status = item.fields.get("status", "publish").strip() or "publish"
    if kind == "page" and not options.include_pages:
        return "page not imported (use --include-pages)"
    if kind == "attachment":
        return "attachment (a media file), not an article"
    if kind not in ("post", "page"):
        return f"post type {kind!r} is not a post or page, not imported"
    private = _private(item)
    if private is not None:
        if options.include_unpublished:
            return None  # stored as a draft: never listed, searched or written to output/
        return f"{private} {kind} not imported (use --include-unpublished)"
    if status in PUBLISHED:
        return None
    return f"status {status!r} (not published), not imported"  # trash, auto-draft, inherit


def _refuse_non_wordpress(path: Path, head: bytes) -> None:
    """A document without WordPress's export markers is not read as WXR (an ISO-8859-1
    news feed forced through `--format wxr` would otherwise come out garbled)."""
    if not _WXR_MARK.search(head):
        raise InputError(
            str(path), "not a WordPress export (no wp:wxr_version or export namespace); "
            "read it as --format feed"
        )  # fmt: skip


def parse(path: Path, options: ImportOptions | None = None) -> Iterator[Article | Skipped]:
    """Yield the posts of the WXR export at `path`, and the items that were skipped."""
    options = options or ImportOptions()
    head = as_utf8(read_head(path))  # UTF-16 checked as UTF-8: the patterns are bytes
    check_prolog(path, head)
    _refuse_non_wordpress(path, head)
    channel = _collect_channel(path)
    options.vocabulary.add(channel.categories)
    for item, error, _ in _iter_items(path):
        if item is None:
            if error:  # damage before the first item (in the channel header): told, not an item
                line = int(error.split()[1].rstrip(":"))
                yield Note(path.name, line, f"malformed XML before the first item: {error}")
            continue
        if error and error.startswith("repaired: "):
            yield Note(path.name, item.line, f"item repaired ({error.removeprefix('repaired: ')})")
            error = None
        yield from _item_to_article(path, item, error, channel, options)


def _item_to_article(
    path: Path, item: _Item, error: str | None, channel: _Channel, options: ImportOptions
) -> Iterator[Article | Skipped]:
    fields = item.fields
    title = plain_text(fields.get("title", ""))
    where = f"item {title[:50]!r}" if title else "item"
    if error:
        yield Skipped(path.name, item.line, f"{where}: damaged XML, not imported ({error})")
        return
    reason = _wanted(item, options)
    if reason is not None:
        yield Skipped(path.name, item.line, f"{where}: {reason}")
        return
    when = _post_date(fields)
    if not title or when is None:
        if title:
            written = (fields.get("post_date") or fields.get("pubDate") or "").strip()
            missing = f"date {written!r} cannot be read" if written else "no date"
        else:
            missing = "no title"
        yield Skipped(path.name, item.line, f"{where}: {missing}, not imported")
        return
    categories = [name for domain, name in item.terms if domain == "category" and name]
    tags = [name for domain, name in item.terms if domain == "post_tag" and name]
    options.vocabulary.add(categories)
    creator = plain_text(fields.get("creator", "")) or None
    link = fields.get("link", "").strip() or None
    guid = fields.get("guid", "").strip() or None
    post_id = fields.get("post_id", "").strip()
    if guid and url_key(guid) in channel.shared:
        # Several posts carry this guid (content copied between blogs): the post id
        # identifies the post within this blog, as WordPress's own ?p=ID guid does.
        guid = f"{channel.link.rstrip('/')}/?p={post_id}" if post_id else None
    if link and (url_key(link) in channel.shared or url_key(link) == url_key(channel.link)):
        link = None  # not the post's own address (the home page, or shared by many)
    article = Article(
        title=title,
        date=when,
        posted=when,
        posted_by=creator,
        author=creator,
        outlet=channel.title or None,
        tags=list(dict.fromkeys(plain_text(t) for t in [*categories, *tags])),
        comments=item.approved_comments,
        summary=plain_text(fields.get("excerpt", "")) or None,
        slug=unquote(fields.get("post_name", "").strip()) or None,
        url=link,
        guid=guid,
        source=link or guid or f"{path.name}:{item.line}",
        # What the blog did not publish stays unpublished (Pelican's drafts are not
        # written to output/, pelicanconf DRAFT_SAVE_AS).
        status="draft" if _private(item) else None,
    )
    # WordPress's [gallery] without ids shows the images attached to the post, in
    # their menu order.
    attached = [
        url for *_, url in sorted(channel.attached.get(fields.get("post_id", "").strip(), []))
    ]
    body = post_html(fields.get("content", ""), channel.attachments, attached)
    yield finish(article, body, link or channel.link or None)
