"""plugins/linear_listings: the same listings as Pelican's, without quadratic scans."""

from __future__ import annotations

from datetime import datetime
from types import SimpleNamespace
from typing import Any

from clippings.plugins import linear_listings

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


class _Subject(SimpleNamespace):
    """A tag, category or author (hashable, as Pelican's are)."""

    __hash__ = object.__hash__


def _subject(name: str) -> _Subject:
    return _Subject(
        name=name, slug=name, save_as=f"{name}/index.html", url=f"{name}/", page_name=name
    )


def _generator(n: int) -> SimpleNamespace:
    articles = _articles(n)
    subjects = [_subject(f"tag{k}") for k in range(11)]
    tags: dict[_Subject, list[SimpleNamespace]] = {}
    for i, article in enumerate(articles):
        for k in {i % 7, i % 11, 3}:  # overlapping tags; one holds every article
            tags.setdefault(subjects[k], []).append(article)
    listed = [(s, linear_listings.IdList(a)) for s, a in tags.items()]
    # An article listed twice, and one not in the archive's dates: as Pelican, listed once
    # and left out.
    listed[0][1].extend([listed[0][1][0], SimpleNamespace(date=datetime(2030, 1, 1), n=-1)])
    return SimpleNamespace(
        articles=articles,
        dates=sorted(articles, key=lambda a: (a.date, a.n)),
        context={},
        tags=dict(listed),
        categories=listed,
        authors=listed,
        get_template=lambda kind: f"<{kind} template>",
    )


def _writes(generate: Any, generator: SimpleNamespace) -> list[tuple[Any, ...]]:
    calls: list[tuple[Any, ...]] = []
    generate(generator, lambda *a, **k: calls.append((a, k)))
    return calls


def test_taxonomy_pages_equal_pelicans() -> None:
    generator = _generator(300)
    pairs_of = {
        "tag": lambda g: g.tags.items(),
        "category": lambda g: g.categories,
        "author": lambda g: g.authors,
    }
    for name, kind in [("generate_tags", "tag"), ("generate_categories", "category"),
                       ("generate_authors", "author")]:  # fmt: skip
        ours = _writes(linear_listings._taxonomy_pages(kind, pairs_of[kind]), generator)
        theirs = _writes(linear_listings.ORIGINAL_TAXONOMY_PAGES[name], generator)
        assert len(ours) == 11
        assert ours == theirs, kind
