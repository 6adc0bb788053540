"""plugins/archive_nav: neighbours, related articles and the calendar, without quadratic loops."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from clippings.plugins import archive_nav
from hypothesis import given, settings
from hypothesis import strategies as st

SETTINGS = {
    "YEAR_ARCHIVE_URL": "{date:%Y}/index.html",
    "MONTH_ARCHIVE_URL": "{date:%Y}/{date:%m}/index.html",
}


def _article(n: int, outlet: str, tags: list[str], entities: dict | None = None) -> SimpleNamespace:
    return SimpleNamespace(
        title=f"A{n}",
        date=date(2024, 1, 1) + timedelta(days=n),
        outlet=outlet,
        tags=[SimpleNamespace(slug=t) for t in tags],
        entities=entities,
    )


def test_neighbours_overall_and_within_outlet() -> None:
    arts = [_article(n, "RT" if n % 2 else "Sputnik", []) for n in range(5)][::-1]  # newest first
    archive_nav.link_neighbours(arts)
    a2 = next(a for a in arts if a.title == "A2")
    assert (a2.newer_article.title, a2.older_article.title) == ("A3", "A1")
    assert (a2.newer_in_outlet.title, a2.older_in_outlet.title) == ("A4", "A0")
    assert arts[0].newer_article is None and arts[-1].older_article is None


def test_related_prefers_more_shared_terms_then_closer_dates() -> None:
    arts = [
        _article(0, "RT", ["gaza", "un"]),
        _article(1, "RT", ["gaza"]),
        _article(2, "RT", ["gaza", "un"], {"people": ["Sergey Lavrov"]}),
        _article(3, "RT", ["other"]),
        _article(4, "RT", ["gaza", "un"], {"people": ["Sergey Lavrov"]}),
    ][::-1]
    archive_nav.link_related(arts, limit=3, window=40)
    a4 = next(a for a in arts if a.title == "A4")
    assert [r.title for r in a4.related_articles] == ["A2", "A0", "A1"]
    a3 = next(a for a in arts if a.title == "A3")
    assert a3.related_articles == []


def test_a_common_tag_contributes_only_its_window_nearest_in_date() -> None:
    # Every article shares "common": with window 4, each article only sees the 2 newer and
    # 2 older ones around it, so the work per article is bounded whatever the tag's size.
    # (Another 100 articles without it: a tag on every article says nothing, weighs 0.)
    arts = [_article(i, "RT", ["common"] if i < 100 else ["other"]) for i in range(200)][::-1]
    archive_nav.link_related(arts, limit=10, window=4)
    a50 = next(a for a in arts if a.title == "A50")
    assert sorted(r.title for r in a50.related_articles) == ["A48", "A49", "A51", "A52"]


def test_a_tag_on_every_article_relates_nothing() -> None:
    arts = [_article(i, "RT", ["common"]) for i in range(20)][::-1]
    archive_nav.link_related(arts, limit=5, window=40)
    assert all(a.related_articles == [] for a in arts)


def test_rare_shared_terms_outrank_many_common_ones() -> None:
    # A0 shares one rare place with A1, and four common ones with A2 (each in most articles).
    common = ["russia", "us", "ukraine", "un"]
    arts = [
        _article(0, "RT", common[:2], {"places": ["Astara", *common[2:]]}),
        _article(1, "RT", [], {"places": ["Astara"]}),
        _article(2, "RT", common[:2], {"places": common[2:]}),
        *(_article(n, "RT", common[:2], {"places": common[2:]}) for n in range(3, 12)),
    ][::-1]
    archive_nav.link_related(arts, limit=3, window=40)
    a0 = next(a for a in arts if a.title == "A0")
    assert a0.related_articles[0].title == "A1"


def test_an_article_naming_everything_is_not_in_every_list() -> None:
    # 30 articles in ten topics of three; one long article names every topic's terms.
    # It shares one term with every article, as each article's two topic mates do, and
    # is newer than all: counted shared terms with ties to the nearest in date put it in
    # a third of the lists; by cosine it is in none, the mates are more specific.
    arts = [_article(n, "RT", [f"topic{n % 10}"]) for n in range(30)]
    long = _article(30, "RT", [f"topic{k}" for k in range(10)])
    arts = [long, *arts][::-1]
    archive_nav.link_related(arts, limit=2, window=40)
    assert not any(long in a.related_articles for a in arts)
    assert len(long.related_articles) == 2
    a5 = next(a for a in arts if a.title == "A5")
    assert {r.title for r in a5.related_articles} == {"A15", "A25"}


def test_calendar_counts_and_urls() -> None:
    arts = [_article(n, "RT", []) for n in (0, 1, 40, 400)]
    years = archive_nav.calendar(arts, SETTINGS)
    assert [(y.year, y.url, y.count) for y in years] == [
        (2025, "2025/index.html", 1),
        (2024, "2024/index.html", 3),
    ]
    assert [(m.name, m.url, m.count) for m in years[1].months] == [
        ("January", "2024/01/index.html", 2),
        ("February", "2024/02/index.html", 1),
    ]


def test_settings_are_checked() -> None:
    gen = SimpleNamespace(settings={"ARCHIVE_NAV": {"relatd": 3}})
    with pytest.raises(ValueError, match=r"archive_nav: unknown ARCHIVE_NAV keys \['relatd'\]"):
        archive_nav._settings(gen)


@settings(max_examples=400, deadline=None)
@given(
    st.dictionaries(st.integers(0, 60), st.integers(1, 4), max_size=40),
    st.integers(0, 60),
    st.integers(1, 8),
)
def test_best_related_is_the_sorted_top(scores: dict[int, int], i: int, limit: int) -> None:
    scores.pop(i, None)
    expected = sorted(scores, key=lambda j: (-scores[j], abs(j - i), j))[:limit]
    assert archive_nav.best_related(Counter(scores), i, limit) == expected


def _related_titles(arts: list[SimpleNamespace]) -> dict[str, list[str]]:
    return {a.title: [r.title for r in a.related_articles] for a in arts}


def _archive() -> list[SimpleNamespace]:
    tags = ["gaza", "un", "oil", "nato", "iran", "trade"]
    return [
        _article(
            i, "RT", [tags[i % 6], tags[(i * 7) % 6], tags[(i // 3) % 6]], {"people": [f"P{i % 9}"]}
        )
        for i in range(60)
    ][::-1]


def test_related_positions_are_read_back_only_for_the_same_terms(
    tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = _archive()
    archive_nav.link_related(expected, limit=5, window=40)  # no cache: computed
    cached = _archive()
    archive_nav.link_related(cached, limit=5, window=40, cache=tmp_path)
    assert (tmp_path / archive_nav.RELATED_CACHE).is_file()
    assert _related_titles(cached) == _related_titles(expected)

    # The same terms again: read back, not computed (and the same related lists).
    def not_again(*args: object) -> None:
        raise AssertionError("related positions computed again for unchanged terms")

    computed = archive_nav.related_positions
    monkeypatch.setattr(archive_nav, "related_positions", not_again)
    again = _archive()
    archive_nav.link_related(again, limit=5, window=40, cache=tmp_path)
    assert _related_titles(again) == _related_titles(expected)
    # Any change of terms, order or settings: computed again, as without the cache.
    changed = _archive()
    changed[7].tags.append(SimpleNamespace(slug="rare"))
    changed[30].tags.append(SimpleNamespace(slug="rare"))
    for arts, limit in ((changed, 5), (_archive()[1:], 5), (_archive(), 3)):
        with pytest.raises(AssertionError, match="computed again"):
            archive_nav.link_related(arts, limit=limit, window=40, cache=tmp_path)
    monkeypatch.setattr(archive_nav, "related_positions", computed)
    archive_nav.link_related(changed, limit=5, window=40, cache=tmp_path)
    fresh = _archive()
    fresh[7].tags.append(SimpleNamespace(slug="rare"))
    fresh[30].tags.append(SimpleNamespace(slug="rare"))
    archive_nav.link_related(fresh, limit=5, window=40)
    assert _related_titles(changed) == _related_titles(fresh)
    assert _related_titles(changed) != _related_titles(expected)


def test_a_damaged_related_cache_is_ignored(tmp_path) -> None:
    (tmp_path / archive_nav.RELATED_CACHE).write_bytes(b"\x80\x05 cut short")
    arts, expected = _archive(), _archive()
    archive_nav.link_related(arts, limit=5, window=40, cache=tmp_path)
    archive_nav.link_related(expected, limit=5, window=40)
    assert _related_titles(arts) == _related_titles(expected)
