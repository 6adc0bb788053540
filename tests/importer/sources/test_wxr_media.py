"""WXR: galleries without ids, and the day a post was shown on the blog."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from conftest import FIXTURES as ALL_FIXTURES

from clippings.importer.model import Article
from clippings.importer.sources.wxr import parse

FIXTURES = ALL_FIXTURES / "wxr"
THEME = FIXTURES / "themeunittestdata.wordpress.xml"


def _articles(path: Path) -> list[Article]:
    return [a for a in parse(path) if isinstance(a, Article)]


def test_gallery_without_ids_shows_the_posts_attached_images() -> None:
    """The theme unit test's gallery post: ten `[gallery]`s, 24 images attached to it."""
    [post] = [a for a in _articles(THEME) if a.title == "Post Format: Gallery"]
    images = re.findall(r'<img src="([^"]+)"', post.body_html)
    assert len(images) == 10 * 24
    assert len(set(images)) == 24
    assert all(u.startswith("https://wpthemetestdata.files.wordpress.com/") for u in images)


def _export(items: str) -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Blog</title><link>https://blog.example</link><wp:wxr_version>1.2</wp:wxr_version>
{items}</channel></rss>"""


def _post(post_id: int, title: str, body: str, local: str, gmt: str) -> str:
    return f"""<item><title>{title}</title><link>https://blog.example/?p={post_id}</link>
<content:encoded><![CDATA[{body}]]></content:encoded><wp:post_id>{post_id}</wp:post_id>
<wp:post_date>{local}</wp:post_date><wp:post_date_gmt>{gmt}</wp:post_date_gmt>
<wp:status>publish</wp:status><wp:post_type>post</wp:post_type></item>"""


def _attachment(post_id: int, parent: int, name: str, order: int = 0) -> str:
    return f"""<item><title>{name}</title><wp:post_id>{post_id}</wp:post_id>
<wp:post_parent>{parent}</wp:post_parent><wp:menu_order>{order}</wp:menu_order>
<wp:status>inherit</wp:status><wp:post_type>attachment</wp:post_type>
<wp:attachment_url>https://blog.example/uploads/{name}</wp:attachment_url></item>"""


def test_gallery_order_exclude_and_only_images(tmp_path: Path) -> None:
    items = (
        _post(1, "Trip", '[gallery exclude="12"]', "2025-11-10 08:00:00", "2025-11-10 07:00:00")
        + _post(2, "Other", "[gallery]", "2025-11-10 08:00:00", "2025-11-10 07:00:00")
        + _attachment(11, 1, "b.jpg", order=2)
        + _attachment(12, 1, "skip.png", order=1)
        + _attachment(13, 1, "a.JPEG", order=1)
        + _attachment(14, 1, "report.pdf")
        + _attachment(15, 3, "elsewhere.jpg")
    )
    path = tmp_path / "export.xml"
    path.write_text(_export(items), encoding="utf-8")
    trip, other = _articles(path)
    assert re.findall(r'src="[^"]+/([^/"]+)"', trip.body_html) == ["a.JPEG", "b.jpg"]
    assert "<img" not in other.body_html  # nothing attached to it: nothing shown


def test_the_blogs_local_day_not_the_utc_day(tmp_path: Path) -> None:
    items = (
        # 23:30 in New York is the next day in UTC: readers saw the 9th.
        _post(1, "Evening", "<p>x</p>", "2025-11-09 23:30:00", "2025-11-10 04:30:00")
        # A draft later published may keep a zero local date: the UTC one is used.
        + _post(2, "Zero", "<p>y</p>", "0000-00-00 00:00:00", "2025-11-10 04:30:00")
    )
    path = tmp_path / "export.xml"
    path.write_text(_export(items), encoding="utf-8")
    evening, zero = _articles(path)
    assert (evening.date, evening.posted) == (date(2025, 11, 9), date(2025, 11, 9))
    assert zero.date == date(2025, 11, 10)
