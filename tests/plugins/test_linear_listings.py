"""plugins/linear_listings: the same listings as Pelican's, without quadratic scans."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "plugins"))

import linear_listings

SETTINGS = {
    "YEAR_ARCHIVE_SAVE_AS": "{date:%Y}/index.html",
    "YEAR_ARCHIVE_URL": "{date:%Y}/index.html",
    "MONTH_ARCHIVE_SAVE_AS": "{date:%Y}/{date:%m}/index.html",
    "MONTH_ARCHIVE_URL": "{date:%Y}/{date:%m}/index.html",
    "DAY_ARCHIVE_SAVE_AS": "{date:%Y}/{date:%m}/{date:%d}/index.html",
    "DAY_ARCHIVE_URL": "{date:%Y}/{date:%m}/{date:%d}/index.html",
}


def _articles(n: int) -> list[SimpleNamespace]:
    return [
        SimpleNamespace(date=datetime(2020 + i % 3, 1 + i % 12, 1 + i % 28), n=i) for i in range(n)
    ]


def test_period_archives_equal_pelicans() -> None:
    articles = _articles(200)
    dates = sorted(articles, key=lambda a: a.date)
    ours = linear_listings._build_period_archives(None, dates, articles, SETTINGS)
    theirs = linear_listings._original_build_period_archives(None, dates, articles, SETTINGS)
    assert ours.keys() == theirs.keys()
    for granularity in theirs:
        assert [a["articles"] for a in ours[granularity]] == [
            a["articles"] for a in theirs[granularity]
        ]
        assert [a["save_as"] for a in ours[granularity]] == [
            a["save_as"] for a in theirs[granularity]
        ]


def test_id_list_membership_is_identity_and_follows_growth() -> None:
    a, b = SimpleNamespace(x=1), SimpleNamespace(x=1)
    listed = linear_listings.IdList([a])
    assert a in listed and b not in listed
    listed.append(b)
    assert b in listed
    assert list(listed) == [a, b]
