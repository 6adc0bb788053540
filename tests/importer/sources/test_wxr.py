"""Tests for clippings.importer.sources.wxr on real WordPress exports and hostile ones."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conftest import FIXTURES as ALL_FIXTURES
from conftest import check_golden

from clippings.errors import InputError
from clippings.importer.markdown import to_markdown
from clippings.importer.model import Article, Skipped
from clippings.importer.options import ImportOptions
from clippings.importer.sources.wxr import parse

FIXTURES = ALL_FIXTURES / "wxr"
WPCOM = FIXTURES / "jekyll-import_sitetitle.wordpress.2025-01-19.000.xml"
PREVIEW = FIXTURES / "theme-preview.xml"


def _split(path: Path, **options: bool) -> tuple[list[Article], list[Skipped]]:
    items = list(parse(path, ImportOptions(**options)))
    return [i for i in items if isinstance(i, Article)], [
        i for i in items if isinstance(i, Skipped)
    ]


def test_wordpress_com_export_posts_only() -> None:
    articles, skipped = _split(WPCOM)
    # 7 posts; the page, 6 attachments, navigation and global styles are not articles,
    # each accounted for with its reason.
    assert len(articles) == 7
    reasons = sorted(s.reason.split(": ", 1)[1] for s in skipped)
    assert reasons == [
        "attachment (a media file), not an article",
    ] * 6 + [
        "page not imported (use --include-pages)",
        "post type 'wp_global_styles' is not a post or page, not imported",
        "post type 'wp_navigation' is not a post or page, not imported",
    ]
    post = next(a for a in articles if a.title == "Blog Post 1")
    # The blog's own (local) date, as its permalink and its readers have it:
    # post_date 2025-01-18 16:51, not post_date_gmt 2025-01-19 00:51.
    assert post.date == date(2025, 1, 18)
    assert (post.posted, post.posted_by, post.author) == (
        date(2025, 1, 18),
        "jekyllbot",
        "jekyllbot",
    )
    assert post.outlet == "My Site Title"
    assert post.tags == ["Foo", "code", "ruby", "ship", "stars"]
    assert post.slug == "blog-post-1"
    assert post.url == "https://jekyllbot.wordpress.com/2025/01/18/blog-post-1/"
    assert post.guid == "https://jekyllbot.wordpress.com/?p=14"
    assert post.comments == 0
    assert '<img src="https://parkrmoore.wordpress.com/wp-content/uploads/' in post.body_html
    assert "<pre>" in post.body_html and "wp:" not in post.body_html
    assert post.summary == "This is a blog post."


def test_pages_on_request() -> None:
    articles, _ = _split(WPCOM, include_pages=True)
    assert len(articles) == 8
    assert articles[0].title == "About"


def test_theme_preview_fields_comments_and_captions() -> None:
    articles, skipped = _split(PREVIEW)
    assert [a.title for a in articles] == [
        "Worth A Thousand Words",
        "Elements",
        "More Tags",
        "HTML",
        "Links",
        "Category Hierarchy",
        "Hello world!",
    ]
    assert skipped == []
    hello = articles[-1]
    assert (hello.date, hello.comments, hello.posted_by) == (date(2008, 6, 4), 1, "Theme Admin")
    boat = articles[0]
    assert boat.tags == ["Uncategorized", "boat", "lake"]
    assert "<figure>" in boat.body_html and "<figcaption>Boat</figcaption>" in boat.body_html
    hierarchy = articles[5]
    assert hierarchy.tags == [
        "First Child Category",
        "One Grandchild Category",
        "Parent",
        "Second Child Category",
    ]
    elements = articles[1]
    for tag in ("<h1>", "<ol>", "<ul>", "<blockquote>", "<table>"):
        assert tag in elements.body_html
    assert "<form" not in elements.body_html and "<input" not in elements.body_html


def test_categories_feed_the_vocabulary() -> None:
    options = ImportOptions()
    list(parse(PREVIEW, options))
    assert options.vocabulary.lookup("one grandchild category") == "One Grandchild Category"


def test_golden_markdown() -> None:
    articles, _ = _split(WPCOM)
    post = next(a for a in articles if a.title == "Blog Post 1")
    check_golden("markdown/wxr_blog-post-1.md", to_markdown(post))
    elements = _split(PREVIEW)[0][1]
    check_golden("markdown/wxr_elements.md", to_markdown(elements))


def _wxr(items: str, prolog: str = "") -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>{prolog}
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/"
 xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/">
<channel><title>Aletho News</title><link>https://alethonews.example</link>
<wp:wxr_version>1.2</wp:wxr_version>
{items}
</channel></rss>
"""


def _item(
    title: str, body: str, status: str = "publish", kind: str = "post", extra: str = ""
) -> str:
    return f"""<item><title>{title}</title><link>https://alethonews.example/{title.lower()}/</link>
<dc:creator><![CDATA[aletho]]></dc:creator><guid isPermaLink="false">https://alethonews.example/?p={len(title)}</guid>
<content:encoded><![CDATA[{body}]]></content:encoded>
<wp:post_date>2025-11-10 08:00:00</wp:post_date><wp:post_date_gmt>2025-11-10 06:00:00</wp:post_date_gmt>
<wp:post_name>{title.lower()}</wp:post_name><wp:status>{status}</wp:status><wp:post_type>{kind}</wp:post_type>
<category domain="category" nicename="militarism"><![CDATA[Militarism]]></category>
<category domain="post_tag" nicename="nato"><![CDATA[NATO]]></category>{extra}
</item>"""


def test_aggregated_byline_in_body(tmp_path: Path) -> None:
    body = "RT | November 8, 2025\n\nBerlin is prepared.\n\nSecond paragraph."
    path = tmp_path / "export.xml"
    path.write_text(_wxr(_item("Nato", body)), encoding="utf-8")
    (article,) = _split(path)[0]
    assert (article.outlet, article.author, article.date) == ("RT", None, date(2025, 11, 8))
    assert (article.posted, article.posted_by) == (date(2025, 11, 10), "aletho")
    assert article.body_html == "<p>Berlin is prepared.</p>\n<p>Second paragraph.</p>"
    assert article.tags == ["Militarism", "NATO"]


def test_statuses_types_and_shortcodes(tmp_path: Path) -> None:
    items = "".join(
        [
            _item("Draft", "x", status="draft"),
            _item("Trash", "x", status="trash"),
            _item("Menu", "x", kind="nav_menu_item"),
            _item("Revision", "x", kind="revision"),
            _item(
                "Shortcodes",
                '[caption id="c"]<img src="/a.jpg"> Cap[/caption] [gallery ids="9"] '
                "[contact-form][contact-field label='x'][/contact-form] kept [brackets]",
            ),
            _item(
                "Image",
                "i",
                kind="attachment",
                extra="<wp:post_id>9</wp:post_id>"
                "<wp:attachment_url>https://alethonews.example/g.jpg</wp:attachment_url>",
            ),
        ]
    )
    path = tmp_path / "export.xml"
    path.write_text(_wxr(items), encoding="utf-8")
    articles, skipped = _split(path)
    assert [a.title for a in articles] == ["Shortcodes"]
    assert [s.reason for s in skipped] == [
        "item 'Draft': draft post not imported (use --include-unpublished)",
        "item 'Trash': status 'trash' (not published), not imported",
        "item 'Menu': post type 'nav_menu_item' is not a post or page, not imported",
        "item 'Revision': post type 'revision' is not a post or page, not imported",
        "item 'Image': attachment (a media file), not an article",
    ]
    body = articles[0].body_html
    assert '<img src="https://alethonews.example/a.jpg">' in body
    assert "<figcaption>Cap</figcaption>" in body
    assert '<img src="https://alethonews.example/g.jpg"' in body
    assert "contact" not in body and "[" + "caption" not in body
    assert "kept [brackets]" in body
    drafts, _ = _split(path, include_unpublished=True)
    assert [a.title for a in drafts] == ["Draft", "Shortcodes"]


def test_hostile_post_is_sanitised(tmp_path: Path) -> None:
    body = (
        '<p onclick="alert(1)">Hi<script>alert(2)</script></p>'
        '<a href="javascript:alert(3)">a</a><a href=" jav&#x09;ascript:alert(4)">b</a>'
        '<img src="data:image/svg+xml;base64,PHN2Zz4=" onerror="alert(5)"><iframe src="x"></iframe>'
        '<style>p{}</style><meta http-equiv="refresh" content="0"><form><input></form>'
    )
    path = tmp_path / "export.xml"
    path.write_text(_wxr(_item("&lt;script&gt;alert(6)&lt;/script&gt;Bad", body)), encoding="utf-8")
    (article,) = _split(path)[0]
    # WordPress titles are HTML: the text is kept, the script is not.
    assert article.title == "Bad"
    for needle in (
        "script",
        "onclick",
        "onerror",
        "javascript",
        "data:",
        "iframe",
        "style",
        "meta",
        "form",
        "input",
        "alert(2)",
    ):
        assert needle not in article.body_html, needle


def test_entity_bomb_is_refused_unread(tmp_path: Path) -> None:
    bomb = (
        '\n<!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
        '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]>'
    )
    path = tmp_path / "bomb.xml"
    path.write_text(_wxr(_item("Boom", "&c;"), prolog=bomb), encoding="utf-8")
    with pytest.raises(InputError, match=r"bomb\.xml: line 2: XML entity declarations"):
        list(parse(path))


def test_external_entity_is_never_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET", encoding="utf-8")
    path = tmp_path / "xxe.xml"
    path.write_text(
        _wxr(
            _item("Leak", "&xxe;"),
            prolog=f'\n<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://{secret}">]>',
        ),
        encoding="utf-8",
    )
    with pytest.raises(InputError, match="entity declarations"):
        list(parse(path))


def test_truncated_export_keeps_complete_items_and_reports_the_rest(tmp_path: Path) -> None:
    full = _wxr(_item("One", "first") + _item("Two", "second") + _item("Three", "third"))
    cut = full[: full.index("<wp:post_name>three")]
    path = tmp_path / "cut.xml"
    path.write_text(cut, encoding="utf-8")
    articles, skipped = _split(path)
    assert [a.title for a in articles] == ["One", "Two"]
    assert len(skipped) == 1
    assert skipped[0].source == "cut.xml" and skipped[0].line > 1
    assert "'Three': damaged XML, not imported" in skipped[0].reason


def test_garbage_is_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "junk.xml"
    path.write_bytes(b"\x00\x01\x02 not xml at all")
    with pytest.raises(InputError, match=r"junk\.xml"):
        list(parse(path))
