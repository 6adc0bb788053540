"""The synthetic archive written in every form the benchmark feeds to a tool.

* our Markdown + YAML front-matter (`clippings.importer.store.render`, the importer's writer);
* Pelican-native Markdown (`Title:`, `Date:`, `Tags:`, `Slug:` lines) for plain Pelican;
* raw text dumps in the blank-line/footer style of `samples/`, one file per ~1000 posts;
* one WordPress WXR 1.2 export (classic-editor bodies, categories and tags, comments);
* RSS 2.0 feed pages (`content:encoded`, `dc:creator`, `slash:comments`), ~1000 items each.

Posts appear newest first in dumps and feeds, as on the blog's pages.
"""

from __future__ import annotations

import html
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from email.utils import format_datetime
from pathlib import Path

from bench.generate import MONTHS, Synthetic, block_markdown, to_article
from clippings.importer.store import make_slug, render

BLOG = "Aletho News"
BLOG_URL = "https://blog.example.org"
PER_FILE = 1000
DUMP_HEADER = ("Aletho News", "ΑΛΗΘΩΣ")


@dataclass(frozen=True)
class Written:
    """What a writer produced: files and their total size in bytes."""

    files: int
    bytes: int


def _newest_first(records: Iterable[Synthetic]) -> list[Synthetic]:
    return sorted(records, key=lambda r: (r.posted, r.number), reverse=True)


def _chunks(records: Sequence[Synthetic], size: int) -> list[Sequence[Synthetic]]:
    return [records[i : i + size] for i in range(0, len(records), size)]


def _write(path: Path, text: str) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    data = text.encode("utf-8")
    path.write_bytes(data)
    return len(data)


def article_path(record: Synthetic) -> str:
    """`articles/YYYY/MM/<slug>.md`, where the importer stores the article."""
    return f"articles/{record.date:%Y}/{record.date:%m}/{record.slug}.md"


def _long_date(day: date) -> str:
    return f"{MONTHS[day.month - 1]} {day.day}, {day.year}"


def footer(record: Synthetic) -> str:
    """The blog's post footer line: `November 9, 2025 Posted by | Cats | tags | 2 Comments`."""
    comments = {0: "Leave a comment", 1: "One Comment"}.get(
        record.comments, f"{record.comments} Comments"
    )
    tags = ", ".join(t for t in record.post_tags if t not in record.categories)
    return (
        f"{_long_date(record.posted)} Posted by | {', '.join(record.categories)} | "
        f"{tags} | {comments}"
    )


def write_dumps(
    records: Sequence[Synthetic], folder: Path, per_file: int = PER_FILE
) -> tuple[Written, dict[int, str]]:
    """Text dumps, newest first; returns the sizes and each record's `file:line` source."""
    sources: dict[int, str] = {}
    total = 0
    chunks = _chunks(_newest_first(records), per_file)
    for n, chunk in enumerate(chunks):
        name = f"dump-{n:05d}.txt"
        lines: list[str] = [*DUMP_HEADER]
        for record in chunk:
            sources[record.number] = f"{name}:{2 * len(lines) + 1}"
            lines.append(record.title)
            if record.subtitle:
                lines.append(record.subtitle)
            lines.append(record.byline)
            lines += [b.text for b in record.blocks]
            lines.append(footer(record))
        total += _write(folder / name, "\n\n".join(lines) + "\n")
    return Written(len(chunks), total), sources


def write_markdown(
    records: Sequence[Synthetic], content: Path, sources: dict[int, str] | None = None
) -> Written:
    """Our format: `content/articles/YYYY/MM/<slug>.md`, as the importer writes it."""
    total = 0
    for record in records:
        source = (sources or {}).get(record.number)
        total += _write(content / article_path(record), render(to_article(record, source)))
    return Written(len(records), total)


def pelican_native(record: Synthetic) -> str:
    """The article as Pelican's own Markdown metadata (plain Pelican reads no YAML)."""
    tags = "; ".join(record.tags) + (";" if len(record.tags) == 1 else "")
    body = "\n\n".join(block_markdown(b) for b in record.blocks)
    return (
        f"Title: {record.title}\nDate: {record.date.isoformat()}\nTags: {tags}\n"
        f"Slug: {record.slug}\n\n{body}\n"
    )


def write_native(records: Sequence[Synthetic], content: Path) -> Written:
    """Pelican-native copies at the same paths as our Markdown."""
    total = sum(_write(content / article_path(r), pelican_native(r)) for r in records)
    return Written(len(records), total)


def _paragraphs_html(record: Synthetic) -> list[str]:
    blocks = []
    for block in record.blocks:
        tag = "h2" if block.heading else "p"
        blocks.append(f"<{tag}>{html.escape(block.text, quote=False)}</{tag}>")
    return blocks


def _cdata(text: str) -> str:
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _post_url(record: Synthetic) -> str:
    return f"{BLOG_URL}/{record.posted:%Y/%m/%d}/{record.slug}/"


def _rfc822(day: date) -> str:
    return format_datetime(datetime(day.year, day.month, day.day, 8, tzinfo=UTC))


def _wxr_item(record: Synthetic) -> str:
    # Classic-editor text: blank lines between blocks; wpautop restores the paragraphs.
    top = [html.escape(x, quote=False) for x in (record.subtitle, record.byline) if x]
    body = "\n\n".join(
        [*top, *(b if b.startswith("<h2>") else b[3:-4] for b in _paragraphs_html(record))]
    )
    terms = [("category", c) for c in record.categories]
    terms += [("post_tag", t) for t in record.post_tags if t not in record.categories]
    comments = "".join(
        f"<wp:comment><wp:comment_id>{k + 1}</wp:comment_id>"
        f"<wp:comment_author>{_cdata('Reader')}</wp:comment_author>"
        f"<wp:comment_content>{_cdata('Thank you.')}</wp:comment_content>"
        "<wp:comment_approved>1</wp:comment_approved><wp:comment_type>comment</wp:comment_type>"
        "</wp:comment>"
        for k in range(record.comments)
    )
    posted = f"{record.posted.isoformat()} 08:00:00"
    return (
        f"<item><title>{_cdata(record.title)}</title><link>{_post_url(record)}</link>"
        f"<pubDate>{_rfc822(record.posted)}</pubDate><dc:creator>{_cdata('aletho')}</dc:creator>"
        f'<guid isPermaLink="false">{BLOG_URL}/?p={record.number + 1}</guid>'
        f"<description></description><content:encoded>{_cdata(body)}</content:encoded>"
        f"<excerpt:encoded>{_cdata('')}</excerpt:encoded>"
        f"<wp:post_id>{record.number + 1}</wp:post_id><wp:post_date>{posted}</wp:post_date>"
        f"<wp:post_date_gmt>{posted}</wp:post_date_gmt><wp:post_name>{record.slug}</wp:post_name>"
        "<wp:status>publish</wp:status><wp:post_type>post</wp:post_type>"
        + "".join(
            f'<category domain="{d}" nicename="{make_slug(t)}">{_cdata(t)}</category>'
            for d, t in terms
        )
        + comments
        + "</item>\n"
    )


def write_wxr(records: Sequence[Synthetic], path: Path) -> Written:
    """One WordPress WXR 1.2 export of every post (newest first), as WordPress writes it."""
    categories = sorted({c for r in records for c in r.categories})
    head = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:wfw="http://wellformedweb.org/CommentAPI/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n'
        f"<title>{BLOG}</title><link>{BLOG_URL}</link><description>News</description>"
        f"<language>en-US</language><wp:wxr_version>1.2</wp:wxr_version>"
        f"<wp:base_site_url>{BLOG_URL}</wp:base_site_url><wp:base_blog_url>{BLOG_URL}"
        "</wp:base_blog_url>\n"
        + "".join(
            f"<wp:category><wp:term_id>{i + 1}</wp:term_id><wp:category_nicename>"
            f"{make_slug(c)}</wp:category_nicename><wp:category_parent></wp:category_parent>"
            f"<wp:cat_name>{_cdata(c)}</wp:cat_name></wp:category>\n"
            for i, c in enumerate(categories)
        )
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    size = 0
    with path.open("wb") as fh:  # streamed: 100,000 posts make a ~650 MB export
        items = map(_wxr_item, _newest_first(records))
        for text in itertools.chain([head], items, ["</channel>\n</rss>\n"]):
            size += fh.write(text.encode("utf-8"))
    return Written(1, size)


def _rss_item(record: Synthetic) -> str:
    top = [f"<p>{html.escape(x, quote=False)}</p>" for x in (record.subtitle, record.byline) if x]
    body = "\n".join([*top, *_paragraphs_html(record)])
    categories = "".join(f"<category>{_cdata(t)}</category>" for t in record.tags)
    return (
        f"<item><title>{html.escape(record.title, quote=False)}</title>"
        f"<link>{_post_url(record)}</link>"
        f'<guid isPermaLink="false">{BLOG_URL}/?p={record.number + 1}</guid>'
        f"<pubDate>{_rfc822(record.posted)}</pubDate><dc:creator>{_cdata('aletho')}</dc:creator>"
        f"{categories}<content:encoded>{_cdata(body)}</content:encoded>"
        f"<slash:comments>{record.comments}</slash:comments></item>\n"
    )


def write_feeds(records: Sequence[Synthetic], folder: Path, per_file: int = PER_FILE) -> Written:
    """RSS 2.0 feed pages (`feed-00000.rss` newest), full content, per_file items each."""
    total = 0
    chunks = _chunks(_newest_first(records), per_file)
    for n, chunk in enumerate(chunks):
        text = (
            '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:slash="http://purl.org/rss/1.0/modules/slash/">\n<channel>\n'
            f"<title>{BLOG}</title><link>{BLOG_URL}</link><description>News</description>\n"
            + "".join(_rss_item(r) for r in chunk)
            + "</channel>\n</rss>\n"
        )
        total += _write(folder / f"feed-{n:05d}.rss", text)
    return Written(len(chunks), total)


@dataclass(frozen=True)
class Corpus:
    """Where one synthetic archive was written, in every form."""

    root: Path
    records: int

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def native(self) -> Path:
        return self.root / "native"

    @property
    def dumps(self) -> Path:
        return self.root / "inputs" / "text"

    @property
    def wxr(self) -> Path:
        return self.root / "inputs" / "wxr"

    @property
    def feeds(self) -> Path:
        return self.root / "inputs" / "feed"


def write_corpus(records: Sequence[Synthetic], root: Path) -> tuple[Corpus, dict[str, Written]]:
    """Write `records` in every form under `root` (which must not exist yet)."""
    corpus = Corpus(root, len(records))
    dumps, sources = write_dumps(records, corpus.dumps)
    sizes = {
        "markdown": write_markdown(records, corpus.content, sources),
        "native": write_native(records, corpus.native),
        "text": dumps,
        "wxr": write_wxr(records, corpus.wxr / "export.xml"),
        "feed": write_feeds(records, corpus.feeds),
    }
    return corpus, sizes
