"""Which date a feed entry is imported with (issue #21: the real fixtures' published and
updated dates fall on one day, so swapping them went unnoticed).

An entry's date is when it was first published; `updated` (an edit, a correction) is
only a stand-in when the feed gives no publication date, and `created` after that.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from clippings.importer.model import Article, Skipped
from clippings.importer.sources.feed import parse

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Example outlet</title>
  <id>urn:example:feed</id>
  <updated>2025-11-21T10:00:00Z</updated>
  {entry}
</feed>
"""
ENTRY = """<entry>
    <title>An article</title>
    <id>urn:example:1</id>
    <link href="https://outlet.example/an-article"/>
    {dates}
    <content type="html">&lt;p&gt;Body.&lt;/p&gt;</content>
  </entry>"""


def _date_of(tmp_path: Path, dates: str) -> date | None:
    path = tmp_path / "feed.atom"
    path.write_text(ATOM.format(entry=ENTRY.format(dates=dates)), encoding="utf-8")
    items = list(parse(path))
    assert len(items) == 1
    item = items[0]
    if isinstance(item, Skipped):
        return None
    assert isinstance(item, Article)
    assert item.posted == item.date
    return item.date


@pytest.mark.parametrize(
    ("dates", "expected"),
    [
        # Published 9 November, corrected on the 20th: it is the article of the 9th.
        (
            "<published>2025-11-09T08:00:00Z</published><updated>2025-11-20T12:00:00Z</updated>",
            date(2025, 11, 9),
        ),
        # The same, in the other order in the file.
        (
            "<updated>2025-11-20T12:00:00Z</updated><published>2025-11-09T08:00:00Z</published>",
            date(2025, 11, 9),
        ),
        # Only updated (Atom requires it, published is optional): updated is the date.
        ("<updated>2025-11-20T12:00:00Z</updated>", date(2025, 11, 20)),
        # No date at all: skipped, never dated by the import run's clock.
        ("", None),
    ],
)
def test_the_entry_date_is_its_publication_date(
    tmp_path: Path, dates: str, expected: date | None
) -> None:
    assert _date_of(tmp_path, dates) == expected


RSS = """<?xml version="1.0"?>
<rss version="2.0"><channel><title>Outlet</title><link>https://outlet.example/</link>
<item><title>An item</title><link>https://outlet.example/item</link>
<pubDate>Sun, 09 Nov 2025 08:00:00 GMT</pubDate>
<atom:updated xmlns:atom="http://www.w3.org/2005/Atom">2025-11-20T12:00:00Z</atom:updated>
<description>Body.</description></item>
</channel></rss>
"""


def test_an_rss_item_is_dated_by_its_pubdate(tmp_path: Path) -> None:
    path = tmp_path / "feed.rss"
    path.write_text(RSS, encoding="utf-8")
    (article,) = parse(path)
    assert isinstance(article, Article) and article.date == date(2025, 11, 9)
