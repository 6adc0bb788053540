"""Feeds: the day an entry was shown, not the UTC day feedparser normalises to."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from clippings.importer.model import Article
from clippings.importer.sources.feed import parse


def _entry_date(tmp_path: Path, pub: str, link: str = "https://blog.example/p/1") -> date:
    feed = f"""<?xml version="1.0"?><rss version="2.0"><channel><title>Blog</title>
<item><title>Evening post</title><link>{link}</link><pubDate>{pub}</pubDate>
<description>Text.</description></item></channel></rss>"""
    path = tmp_path / "feed.rss"
    path.write_text(feed, encoding="utf-8")
    [article] = [a for a in parse(path) if isinstance(a, Article)]
    assert article.posted == article.date
    return article.date


@pytest.mark.parametrize(
    ("pub", "day"),
    [
        ("Mon, 10 Nov 2025 23:30:00 -0500", date(2025, 11, 10)),  # the 11th in UTC
        ("Tue, 11 Nov 2025 00:30:00 +0200", date(2025, 11, 11)),  # the 10th in UTC
        ("Mon, 10 Nov 2025 12:00:00 GMT", date(2025, 11, 10)),
    ],
)
def test_day_as_the_feed_wrote_it(tmp_path: Path, pub: str, day: date) -> None:
    assert _entry_date(tmp_path, pub) == day


def test_permalink_day_wins_over_a_utc_timestamp(tmp_path: Path) -> None:
    # WordPress feeds write +0000; the permalink holds the day the blog showed.
    link = "https://blog.example/2025/11/10/evening-post/"
    assert _entry_date(tmp_path, "Tue, 11 Nov 2025 03:30:00 +0000", link) == date(2025, 11, 10)
