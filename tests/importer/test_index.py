"""Tests for clippings.importer.index: matching keys and the cached lookup of stored articles."""

from __future__ import annotations

import unicodedata
from datetime import date
from pathlib import Path

import pytest

from clippings.importer.index import ContentIndex, identity, title_key, url_key
from clippings.importer.model import Article
from clippings.importer.store import Store


def test_identity_ignores_case_space_quotes_and_dashes() -> None:
    a = {"title": "Lots of ‘mess’ – Lavrov", "date": date(2025, 11, 9), "outlet": "RT"}
    b = {"title": "lots of 'MESS' -\u00a0lavrov", "date": "2025-11-09", "outlet": "rt"}
    assert identity(a) == identity(b)
    assert identity(a) != identity({**a, "outlet": "Sputnik"})
    assert identity(a) != identity({**a, "date": date(2025, 11, 10)})
    assert title_key("“Israel’s” gas") == '"israel\'s" gas'


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("WATCH", "Watch:"),  # issue 16: different guids and bodies, same day and feed
        ("$100 oil?", "€100 oil?"),
        ("🔥", "🚀"),
        ("..", "."),
        ("C++ rises", "C# rises"),
    ],
)
def test_identity_keeps_the_characters_that_distinguish_headlines(a: str, b: str) -> None:
    meta = {"date": date(2025, 11, 9), "outlet": "Feed"}
    assert identity({**meta, "title": a}) != identity({**meta, "title": b})


def test_identity_nfc_and_nfd_spellings_are_one_title() -> None:
    nfc = unicodedata.normalize("NFC", "Café in Zürich")
    nfd = unicodedata.normalize("NFD", "Café in Zürich")
    assert nfc != nfd
    meta = {"date": date(2025, 11, 9), "outlet": "Feed"}
    assert identity({**meta, "title": nfc}) == identity({**meta, "title": nfd})


def test_url_key_normalises_scheme_host_and_slash() -> None:
    assert url_key("https://www.Example.org/2025/11/post/") == url_key(
        "http://example.org/2025/11/post"
    )
    assert url_key("https://wp-themes.com/?p=19") != url_key("https://wp-themes.com/?p=20")
    assert url_key("https://x.org/a#comments") == url_key("https://x.org/a")
    assert url_key("urn:uuid:1234") == "urn:uuid:1234"
    assert url_key("  ") is None


def _article(**kw: object) -> Article:
    fields: dict = {"title": "Title", "date": date(2025, 11, 9), "outlet": "RT"}
    fields.update(kw)
    return Article(**fields)


def test_index_finds_by_guid_url_and_identity_and_uses_its_cache(tmp_path: Path) -> None:
    store = Store(tmp_path)
    _, path = store.save(_article(url="https://blog.example/p/1", guid="urn:1"))
    store.close()
    assert (tmp_path / ".cache" / "import-index.json").is_file()
    index = ContentIndex(tmp_path.resolve(), tmp_path.resolve() / "articles")
    rel = path.relative_to(tmp_path.resolve()).as_posix()
    assert index.find({"guid": "urn:1"}) == rel
    assert index.find({"url": "http://blog.example/p/1/"}) == rel
    assert index.find({"title": "TITLE", "date": date(2025, 11, 9), "outlet": "rt"}) == rel
    assert index.find({"title": "Other", "date": date(2025, 11, 9), "outlet": "RT"}) is None
    # A file changed behind the cache's back is read again.
    path.write_text(path.read_text(encoding="utf-8").replace("title: Title", "title: Renamed"))
    index = ContentIndex(tmp_path.resolve(), tmp_path.resolve() / "articles")
    assert index.find({"title": "Renamed", "date": date(2025, 11, 9), "outlet": "RT"}) == rel
    # A corrupt cache is ignored.
    (tmp_path / ".cache" / "import-index.json").write_text("{not json", encoding="utf-8")
    index = ContentIndex(tmp_path.resolve(), tmp_path.resolve() / "articles")
    assert index.find({"guid": "urn:1"}) == rel


def test_different_guid_is_never_a_match_whatever_the_title(tmp_path: Path) -> None:
    store = Store(tmp_path)
    _, path = store.save(_article(guid="urn:1", url="https://e.com/"))
    store.close()
    index = ContentIndex(tmp_path.resolve(), tmp_path.resolve() / "articles")
    same_title = {"title": "Title", "date": date(2025, 11, 9), "outlet": "RT"}
    assert index.match({**same_title, "guid": "urn:2"}) is None
    assert index.match({**same_title, "guid": "urn:2", "url": "https://e.com"}) is None
    rel = path.relative_to(tmp_path.resolve()).as_posix()
    assert index.match(same_title) == (rel, "title+date+outlet")
    assert index.match({"url": "http://www.e.com/"}) == (rel, "url")


def test_hand_damaged_front_matter_is_still_found(tmp_path: Path) -> None:
    """Issue 16 (4): invalid YAML after a hand edit; a re-import must not add a copy."""
    store = Store(tmp_path)
    _, path = store.save(_article(guid="urn:1", source="feed.xml:3"))
    store.close()
    path.write_text(path.read_text(encoding="utf-8").replace("title: Title", "title: [oops"))
    store = Store(tmp_path)
    outcome, again = store.save(_article(guid="urn:1", source="feed.xml:3"))
    store.close()
    assert again == path
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]
    assert outcome.value == "edited"
