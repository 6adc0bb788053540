"""plugins/changed_only/fingerprints.py, part by part: each thing a page shows changes its
fingerprint, and what it does not show leaves it alone.

The build test in test_changed_only.py compares an incremental build with a clean one,
but only for the edits it makes; a field left out of a fingerprint (issue #21: a
neighbour's title left out of `_brief`) is caught here for every field, without a build.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from clippings.plugins.changed_only import fingerprints as fp


def _article(n: int = 1, **kw: Any) -> SimpleNamespace:
    fields: dict[str, Any] = {
        "url": f"2025/11/a{n}/",
        "title": f"Article {n}",
        "_content": f"<p>Body {n}.</p>",
        "metadata": {"outlet": "RT"},
        "date": f"2025-11-{n:02}",
        "outlet": "RT",
    }
    fields.update(kw)
    return SimpleNamespace(**fields)


def _page(**kw: Any) -> str:
    """The page fingerprint of article 1 with neighbours, tags, entities and an outlet."""
    fields: dict[str, Any] = {
        "outlet": Outlet(),
        "tags": [SimpleNamespace(name="Russia", url="tag/russia/")],
        "entities": {"people": [SimpleNamespace(name="Lavrov", url="entity/lavrov/")]},
        "newer_article": _article(2),
        "older_article": _article(3),
        "newer_in_outlet": None,
        "older_in_outlet": _article(4),
        "related_articles": [_article(5)],
    }
    fields.update(kw)
    return fp.page_fingerprint("site", _article(1, **fields), "article")


class Outlet:
    """An outlet as the outlets stage sets it on an article: its name is its str()."""

    def __init__(self, name: str = "RT", url: str = "outlet/rt/", count: int = 3) -> None:
        self.name, self.url, self.count = name, url, count

    def __str__(self) -> str:
        return self.name


@pytest.mark.parametrize("neighbour", [*fp.NEIGHBOURS, "related_articles"])
@pytest.mark.parametrize(
    "change",
    [{"title": "Retitled"}, {"url": "2025/11/moved/"}, {"outlet": "Sputnik"}, {"date": "2024"}],
)
def test_what_a_link_to_another_article_shows_is_in_the_page(
    neighbour: str, change: dict[str, str]
) -> None:
    def linked(**kw: Any) -> Any:
        other = _article(7, **kw)
        return [other] if neighbour == "related_articles" else other

    before = _page(**{neighbour: linked()})
    assert _page(**{neighbour: linked()}) == before  # fresh objects, same values
    assert _page(**{neighbour: linked(**change)}) != before


def test_what_a_link_does_not_show_leaves_the_page_alone() -> None:
    before = _page(older_article=_article(7))
    other = _article(7, _content="<p>Rewritten.</p>", metadata={"summary": "new"})
    assert _page(older_article=other) == before


def test_a_neighbour_removed_changes_the_page() -> None:
    assert _page() != _page(newer_article=None)
    assert _page() != _page(related_articles=[])


@pytest.mark.parametrize(
    "change",
    [
        {"outlet": Outlet(name="Sputnik")},
        {"outlet": Outlet(url="outlet/rt-2/")},
        {"outlet": Outlet(count=0)},  # the outlet link shown only when it has a page
        {"outlet": None},
        {"tags": [SimpleNamespace(name="Iran", url="tag/russia/")]},
        {"tags": [SimpleNamespace(name="Russia", url="tag/russia-2/")]},
        {"tags": []},
        {"entities": {"people": [SimpleNamespace(name="Sergey Lavrov", url="entity/lavrov/")]}},
        {"entities": {"people": [SimpleNamespace(name="Lavrov", url="entity/l/")]}},
        {"entities": {"places": [SimpleNamespace(name="Lavrov", url="entity/lavrov/")]}},
        {"entities": {}},
        {"entities": "Lavrov"},  # an entities value the plugin did not make: shown as text
    ],
)
def test_what_the_page_shows_of_its_article_is_in_its_fingerprint(change: dict[str, Any]) -> None:
    assert _page(**{**change}) != _page()


def test_an_outlet_count_only_matters_as_zero_or_not() -> None:
    assert _page(outlet=Outlet(count=3)) == _page(outlet=Outlet(count=40))


def test_the_site_and_the_template_are_in_the_page_fingerprint() -> None:
    article = _article(1)
    base = fp.page_fingerprint("site", article, "article")
    assert fp.page_fingerprint("other site", article, "article") != base
    assert fp.page_fingerprint("site", article, "article_wide") != base


@pytest.mark.parametrize(
    "change",
    [
        {"_content": "<p>Body 1, edited.</p>"},
        {"_content": None},
        {"url": "2025/11/moved/"},
        {"title": "Retitled"},
        {"metadata": {"outlet": "Sputnik"}},
    ],
)
def test_article_fingerprint_covers_body_url_title_and_metadata(change: dict[str, Any]) -> None:
    assert fp.article_fingerprint(_article(1, **change)) != fp.article_fingerprint(_article(1))


def test_front_matter_key_order_does_not_change_the_fingerprint() -> None:
    # Reordered front-matter shows the same page: no re-render for it.
    one = _article(1, metadata={"outlet": "RT", "tags": ["a"], "summary": "s"})
    other = _article(1, metadata={"summary": "s", "tags": ["a"], "outlet": "RT"})
    assert fp.article_fingerprint(one) == fp.article_fingerprint(other)
    assert fp._json({"b": 1, "a": 2}) == fp._json({"a": 2, "b": 1})


def test_article_fingerprint_is_the_same_for_the_same_article_and_cached() -> None:
    article = _article(1)
    first = fp.article_fingerprint(article)
    assert fp.article_fingerprint(_article(1)) == first
    assert article._clippings_fingerprint == first
    article.title = "Changed during the build"  # (articles do not change during a build)
    assert fp.article_fingerprint(article) == first


def test_plain_makes_settings_comparable_between_builds() -> None:
    def where() -> None:
        """A function in the settings (a filter, a JINJA global)."""

    plain = fp._plain(
        {"A": {"c", "a", "b"}, "B": ("x", 1), 4: frozenset({"b", "a"}), "F": where, "N": None}
    )
    assert plain == {
        "A": ["a", "b", "c"],  # sets sorted (their order changes between processes)
        "B": ["x", 1],  # sequences kept in their order
        "4": ["a", "b"],
        "F": "<function test_plain_makes_settings_comparable_between_builds.<locals>.where>",
        "N": None,
    }
    assert fp._plain(object()) == "<object>"
    assert fp._plain([1.5, True]) == [1.5, True]


def _site(settings: dict[str, Any], pages: list[Any] | None = None, relative: bool = True) -> str:
    return fp.site_fingerprint(settings, {"pages": pages or []}, relative)


def test_site_fingerprint_covers_settings_menu_pages_and_link_kind() -> None:
    settings = {"SITENAME": "Clippings", "lowercase": object()}
    base = _site(settings)
    assert _site({"SITENAME": "Clippings", "lowercase": object()}) == base  # no addresses
    assert _site({"SITENAME": "Other"}) != base
    assert _site(settings, relative=False) != base
    about = SimpleNamespace(url="pages/about/", title="About")
    with_about = _site(settings, [about])
    assert with_about != base
    assert _site(settings, [SimpleNamespace(url="pages/about/", title="About us")]) != with_about
    assert _site(settings, [SimpleNamespace(url="pages/about-2/", title="About")]) != with_about


def test_code_fingerprint_covers_every_file_and_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    theme, plugins = tmp_path / "theme", tmp_path / "plugins"
    (theme / "templates").mkdir(parents=True)
    (plugins / "__pycache__").mkdir(parents=True)
    (theme / "templates" / "base.html").write_text("<html>", encoding="utf-8")
    (plugins / "a.py").write_text("A = 1\n", encoding="utf-8")
    monkeypatch.setattr(fp.resources, "code_folders", lambda: (theme, plugins))

    def digest() -> str:
        return fp.code_fingerprint.__wrapped__()

    base = digest()
    assert len(base) == 64 and digest() == base
    (plugins / "__pycache__" / "a.cpython-311.pyc").write_bytes(b"\0")
    assert digest() == base  # bytecode is not code
    (plugins / "a.py").write_text("A = 2\n", encoding="utf-8")
    assert digest() != base
    (plugins / "a.py").write_text("A = 1\n", encoding="utf-8")
    assert digest() == base
    (plugins / "a.py").rename(plugins / "b.py")
    assert digest() != base  # a renamed file is another file
    (plugins / "b.py").rename(plugins / "a.py")
    (theme / "templates" / "extra.html").write_text("", encoding="utf-8")
    assert digest() != base  # a new, even empty, file


# --- listings ------------------------------------------------------------------


def test_subject_fingerprints() -> None:
    assert fp.subject_fingerprint("index", {}) == [["index"], []]
    # Template names built at run time are not the interned literals: compared by value.
    assert fp.subject_fingerprint("".join(["ind", "ex"]), {}) == [["index"], []]
    tag = SimpleNamespace(name="Russia", url="tag/russia/", slug="russia")
    assert fp.subject_fingerprint("tag", {"tag": tag})[0] == [
        "tag",
        "Russia",
        "tag/russia/",
        "russia",
    ]
    assert fp.subject_fingerprint("".join(["t", "ag"]), {"tag": tag})[0][0] == "tag"
    entity = SimpleNamespace(listing_fingerprint=lambda: [["entity", "Kyiv"], [3]])
    assert fp.subject_fingerprint("entity", {"entity": entity}) == [["entity", "Kyiv"], [3]]
    # A page's subject is the argument named after its own kind, whatever else it gets.
    assert fp.subject_fingerprint("entity", {"entity": entity, "tag": tag}) == (
        [["entity", "Kyiv"], [3]]
    )
    assert fp.subject_fingerprint("archives", {"tag": tag}) is None
    assert fp.subject_fingerprint("tags", {"tag": tag}) is None
    # Listings whose inputs the fingerprints do not know: always rendered.
    assert fp.subject_fingerprint("tag", {"tag": None}) is None
    assert fp.subject_fingerprint("category", {"category": SimpleNamespace(name="x")}) is None
    assert fp.subject_fingerprint("period_archives", {}) is None


def test_position_of_a_listing_page() -> None:
    assert fp._position(None) == []
    chunk = SimpleNamespace(number=1, chunk=4, first=10, last=19)
    assert fp._position(chunk) == [True, 4, 10, 19]
    assert fp._position(SimpleNamespace(number=2, chunk=4, first=10, last=19))[0] is False
    pelican = SimpleNamespace(number=2, paginator=SimpleNamespace(num_pages=7))
    assert fp._position(pelican) == [2, 7]


def _listing(page: Any = None, **local: Any) -> str:
    articles = local.pop("articles", [_article(n) for n in (3, 2, 1)])
    local = {"articles": articles, "output_file": "index.html", "articles_page": page} | local
    return fp.listing_fingerprint("site", "index", [["index"], ["totals"]], local)


def _numbered(number: int, shown: list[Any]) -> SimpleNamespace:
    return SimpleNamespace(number=number, chunk=0, first=1, last=2, object_list=shown)


def test_an_unpaginated_listing_shows_every_article_and_the_totals() -> None:
    base = _listing()
    assert _listing() == base
    assert _listing(articles=[_article(n) for n in (3, 2)]) != base
    assert _listing(articles=[_article(n) for n in (3, 2, 9)]) != base  # another oldest
    assert _listing(output_file="index2.html") != base
    assert fp.listing_fingerprint("site", "index", [["index"], ["other"]], {}) != (
        fp.listing_fingerprint("site", "index", [["index"], ["totals"]], {})
    )
    assert fp.listing_fingerprint("site", "index", [["index"], []], {}) == (
        fp.listing_fingerprint("site", "index", [["index"], []], {"articles": []})
    )


def test_a_listing_of_one_article() -> None:
    one = [_article(1)]
    first = _numbered(1, one)
    assert _listing(first, articles=one) == _listing(first, articles=[_article(1)])
    assert _listing(first, articles=one) != _listing(first, articles=[_article(2)])
    assert _listing(None, articles=one) != _listing(None, articles=[])


def test_a_first_page_shows_the_totals_and_the_first_and_last_dates() -> None:
    listing = [_article(n) for n in (4, 3, 2, 1)]
    first = _numbered(1, listing[:2])
    base = _listing(first, articles=listing)
    # A new oldest article: not on this page, but the totals and the last date change.
    grown = [*listing, _article(9, date="2020-01-01")]
    assert _listing(first, articles=grown) != base
    redated = [*listing[:3], _article(1, date="2019-12-31")]
    assert _listing(first, articles=redated) != base


def test_a_numbered_page_shows_its_articles_its_place_and_its_neighbours() -> None:
    listing = [_article(n) for n in (4, 3, 2, 1)]
    second = _numbered(2, listing[2:])
    base = _listing(second, articles=listing)
    # Totals are not shown on a numbered page: a new newest article leaves it alone.
    assert _listing(second, articles=[_article(8), *listing]) == base
    # Its own articles, its place in the listing, the links to its neighbours do not.
    assert _listing(_numbered(2, [listing[2], _article(7)]), articles=listing) != base
    moved = SimpleNamespace(number=2, chunk=1, first=1, last=2, object_list=listing[2:])
    assert _listing(moved, articles=listing) != base
    previous = SimpleNamespace(url="index.html")
    assert _listing(second, articles=listing, articles_previous_page=previous) != base
    nxt = SimpleNamespace(url="index3.html")
    assert _listing(second, articles=listing, articles_next_page=nxt) != base
    assert fp.listing_fingerprint("other", "index", [["index"], []], {"articles_page": second}) != (
        fp.listing_fingerprint("site", "index", [["index"], []], {"articles_page": second})
    )
    assert fp.listing_fingerprint("site", "tag", [["index"], []], {"articles_page": second}) != (
        fp.listing_fingerprint("site", "index", [["index"], []], {"articles_page": second})
    )
    assert fp.listing_fingerprint("site", "tag", [["a"], []], {"articles_page": second}) != (
        fp.listing_fingerprint("site", "tag", [["b"], []], {"articles_page": second})
    )


def test_feed_fingerprint() -> None:
    entries = [_article(1), _article(2)]
    base = fp.feed_fingerprint("site", entries, ["feed title"])
    assert fp.feed_fingerprint("site", [_article(1), _article(2)], ["feed title"]) == base
    assert fp.feed_fingerprint("site", entries[:1], ["feed title"]) != base
    assert fp.feed_fingerprint("site", entries[::-1], ["feed title"]) != base
    assert fp.feed_fingerprint("site", entries, ["other title"]) != base
    assert fp.feed_fingerprint("other", entries, ["feed title"]) != base


# --- the store ------------------------------------------------------------------


def test_fingerprint_store_round_trip(tmp_path: Path) -> None:
    cache, output = tmp_path / "cache", tmp_path / "output"
    cache.mkdir()
    output.mkdir()
    page = output / "index.html"
    page.write_text("x", encoding="utf-8")
    store = fp.FingerprintStore(cache, output)
    assert store.known == {}
    assert store.unchanged("index.html", "f1", page) is False  # never seen
    store.save()
    (saved,) = cache.glob("page-fingerprints-*.json")
    stat = page.stat()
    assert json.loads(saved.read_text(encoding="utf-8")) == {
        "index.html": ["f1", stat.st_size, stat.st_mtime_ns]
    }

    again = fp.FingerprintStore(cache, output)
    assert again.unchanged("index.html", "f1", page) is True
    assert again.unchanged("index.html", "f2", page) is False  # another fingerprint
    assert again.seen == {"index.html": "f2"}  # the last one is what was written
    # Edited by hand since (another size, another time): rendered again.
    page.write_text("edited", encoding="utf-8")
    assert fp.FingerprintStore(cache, output).unchanged("index.html", "f1", page) is False
    page.write_text("x", encoding="utf-8")
    os.utime(page, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # bytes and time as they were
    assert fp.FingerprintStore(cache, output).unchanged("index.html", "f1", page) is True
    page.unlink()
    assert fp.FingerprintStore(cache, output).unchanged("index.html", "f1", page) is False
    # A store written before sizes and times were kept: every page rendered again.
    saved.write_text(json.dumps({"index.html": "f1"}), encoding="utf-8")
    page.write_text("x", encoding="utf-8")
    assert fp.FingerprintStore(cache, output).unchanged("index.html", "f1", page) is False


def test_each_output_folder_has_its_own_fingerprints(tmp_path: Path) -> None:
    one = fp.FingerprintStore(tmp_path, tmp_path / "output")
    other = fp.FingerprintStore(tmp_path, tmp_path / "output-2")
    assert one.path != other.path and one.path.parent == tmp_path
    assert fp.FingerprintStore(tmp_path, tmp_path / "x" / ".." / "output").path == one.path


def test_a_damaged_or_unwritable_store_means_render_everything(tmp_path: Path) -> None:
    store = fp.FingerprintStore(tmp_path, tmp_path / "output")
    store.path.write_text("{not json", encoding="utf-8")
    assert fp.FingerprintStore(tmp_path, tmp_path / "output").known == {}
    missing = fp.FingerprintStore(tmp_path / "no" / "such" / "folder", tmp_path)
    (tmp_path / "no").write_text("a file in the way", encoding="utf-8")
    missing.seen["a"] = "b"
    missing.save()  # a cache that cannot be written is no error
    assert not (tmp_path / "no").is_dir()
