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
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from lxml import etree

from clippings.errors import InputError
from clippings.model import Article, Skipped
from clippings.options import ImportOptions
from clippings.sources.common import finish, plain_text
from clippings.wordpress import post_html
from clippings.xmlsafe import check_prolog, read_head

PUBLISHED = {"publish"}
UNPUBLISHED = {"draft", "private", "future", "pending"}
# Parser errors that lose nothing structural (an undeclared entity such as &nbsp;).
_HARMLESS_ERRORS = {"ERR_UNDECLARED_ENTITY"}
_IMAGE = re.compile(r"\.(?:jpe?g|png|gif|webp|avif|bmp|svg)(?:[?#]|$)", re.I)
_PARSER_OPTIONS: dict[str, Any] = {
    "recover": True,
    "resolve_entities": False,
    "load_dtd": False,
    "no_network": True,
    "huge_tree": False,
    "remove_comments": True,
    "remove_pis": True,
}


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
    """Yield (item, error, channel) for every `<item>`; error names repairs inside it.

    The last tuple has item None and names a repair made outside any item, if any.
    """
    channel = _Channel()
    context = etree.iterparse(str(path), events=("start", "end"), **_PARSER_OPTIONS)
    pending: _Item | None = None
    item_lines: list[int] = []
    depth_in_item = 0
    root: str | None = None
    try:
        for event, element in context:
            name = _local(element.tag)
            if root is None:
                root = name
                if root != "rss":
                    raise InputError(str(path), f"not a WXR export (root element <{root}>)")
            if event == "start":
                if name == "item":
                    item_lines.append(element.sourceline or 0)
                    if pending is not None:
                        yield (
                            pending,
                            _first_error(context, pending.line, element.sourceline),
                            channel,
                        )
                        pending = None
                    depth_in_item += 1
                continue
            if name == "item":
                depth_in_item -= 1
                pending = _read_item(element)
                element.clear()
                while element.getprevious() is not None:
                    del element.getparent()[0]
            elif depth_in_item == 0:
                _read_channel_field(channel, element, name)
    except etree.XMLSyntaxError as exc:  # recovery failed outright (e.g. not XML at all)
        raise InputError(str(path), f"line {exc.lineno}: not readable XML: {exc.msg}") from None
    if root is None:
        raise InputError(str(path), "not a WXR export (no XML elements)")
    if pending is not None:
        yield pending, _first_error(context, pending.line, None), channel
    first_item = item_lines[0] if item_lines else None
    yield None, _first_error(context, 0, first_item), channel


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


def _first_error(context: Any, first: int, last: int | None) -> str | None:
    """The first repair the parser made on lines [first, last), as `line N: message`."""
    for error in context.error_log:
        if error.type_name in _HARMLESS_ERRORS:
            continue
        if error.line >= first and (last is None or error.line < last):
            return f"line {error.line}: {error.message}"
    return None


def _collect_channel(path: Path) -> _Channel:
    """First pass: attachment URLs by post id, category names, the site's title and link."""
    channel = _Channel()
    for item, _, seen in _iter_items(path):
        if item is None:
            channel.title, channel.link, channel.categories = seen.title, seen.link, seen.categories
            continue
        if item.fields.get("post_type") == "attachment" and item.fields.get("attachment_url"):
            post_id = item.fields.get("post_id", "").strip()
            url = item.fields["attachment_url"].strip()
            channel.attachments[post_id] = url
            parent = item.fields.get("post_parent", "").strip()
            if parent and parent != "0" and _IMAGE.search(url):
                order = (_number(item.fields.get("menu_order")), _number(post_id), url)
                channel.attached.setdefault(parent, []).append(order)
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
    if fields.get("pubDate", "").strip():
        try:
            return parsedate_to_datetime(fields["pubDate"].strip()).date()
        except (TypeError, ValueError):
            return None
    return None


def _private(item: _Item) -> str | None:
    """Why the blog kept this post from the public (its status or a password), or None."""
    status = item.fields.get("status", "publish").strip() or "publish"
    if status in UNPUBLISHED:
        return status
    if item.fields.get("post_password", "").strip():
        return "password-protected"
    return None


def _wanted(item: _Item, options: ImportOptions) -> str | None:
    """None if the item is a post to import, else why it is not (None reason = silent)."""
    kind = item.fields.get("post_type", "post").strip() or "post"
    status = item.fields.get("status", "publish").strip() or "publish"
    if kind not in ("post", "page") or (kind == "page" and not options.include_pages):
        return ""  # attachments, menus, styles, revisions, pages: not articles, not reported
    private = _private(item)
    if private is not None:
        if options.include_unpublished:
            return None  # stored as a draft: never listed, searched or written to output/
        return f"{private} {kind} not imported (use --include-unpublished)"
    if status in PUBLISHED:
        return None
    return ""  # trash, auto-draft, inherit


def parse(path: Path, options: ImportOptions | None = None) -> Iterator[Article | Skipped]:
    """Yield the posts of the WXR export at `path`, and the items that were skipped."""
    options = options or ImportOptions()
    check_prolog(path, read_head(path))
    channel = _collect_channel(path)
    options.vocabulary.add(channel.categories)
    for item, error, _ in _iter_items(path):
        if item is None:
            if error:  # damage before the first item (in the channel header)
                line = int(error.split()[1].rstrip(":"))
                yield Skipped(path.name, line, f"malformed XML before the first item: {error}")
            continue
        yield from _item_to_article(path, item, error, channel, options)


def _item_to_article(
    path: Path, item: _Item, error: str | None, channel: _Channel, options: ImportOptions
) -> Iterator[Article | Skipped]:
    fields = item.fields
    title = plain_text(fields.get("title", ""))
    where = f"item {title[:50]!r}" if title else "item"
    reason = _wanted(item, options)
    if reason is not None:
        if reason:
            yield Skipped(path.name, item.line, f"{where}: {reason}")
        return
    if error:
        yield Skipped(path.name, item.line, f"{where}: damaged XML, not imported ({error})")
        return
    when = _post_date(fields)
    if not title or when is None:
        missing = "title" if not title else "date"
        yield Skipped(path.name, item.line, f"{where}: no {missing}, not imported")
        return
    categories = [name for domain, name in item.terms if domain == "category" and name]
    tags = [name for domain, name in item.terms if domain == "post_tag" and name]
    options.vocabulary.add(categories)
    creator = plain_text(fields.get("creator", "")) or None
    link = fields.get("link", "").strip() or None
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
        guid=fields.get("guid", "").strip() or None,
        source=link or f"{path.name}:{item.line}",
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
