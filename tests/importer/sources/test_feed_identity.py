"""Issue 16: feeds whose items share links or guids, or look alike, never lose an item."""

from __future__ import annotations

from pathlib import Path

from conftest import FIXTURES as ALL_FIXTURES
from conftest import run_clippings

from clippings import frontmatter
from clippings.cli import run_import

FIXTURES = ALL_FIXTURES / "feeds"


def _rss(items: str, link: str = "http://www.example.com") -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
        f"<title>Pod</title><link>{link}</link>\n{items}</channel></rss>\n"
    )


def _entry(n: int, title: str, link: str, guid: str | None = None, day: int = 1) -> str:
    guid_tag = f"<guid>{guid}</guid>" if guid is not None else ""
    return (
        f"<item><title>{title}</title><link>{link}</link>{guid_tag}"
        f"<pubDate>Mon, {day:02d} Sep 2025 10:00:00 +0000</pubDate>"
        f"<description>Body of item {n}.</description></item>\n"
    )


def _stored(content: Path) -> list[dict]:
    return [frontmatter.read(p.read_bytes())[0] for p in sorted(content.rglob("*.md"))]


def test_podcast_items_sharing_the_home_page_link_are_all_kept(tmp_path: Path) -> None:
    """Issue 16 (1): 130 items with their own guids, all linking to the home page."""
    links = ["http://www.example.com"] * 105 + ["http://example.com/"] * 19 + [None] * 6
    items = "".join(
        _entry(n, f"Episode {n}", link or "", guid=f"urn:ep:{n}", day=1 + n % 28)
        for n, link in enumerate(links)
    )
    feed = tmp_path / "pod.rss"
    feed.write_text(_rss(items), encoding="utf-8")
    report = run_import([feed], tmp_path / "c", ner_model=None, jobs=1)
    stored = _stored(tmp_path / "c")
    assert len(stored) == 130 == report.inputs[str(feed)].created
    for meta in stored:  # each file holds one item: its own title, guid and body
        n = int(meta["title"].split()[1])
        assert meta["guid"] == f"urn:ep:{n}"
        assert "url" not in meta  # the home page is no episode's own address
    again = run_import([feed], tmp_path / "c", ner_model=None, jobs=1).inputs[str(feed)]
    assert again.unchanged == 130


def test_lookalike_headlines_and_repeated_guids(tmp_path: Path) -> None:
    """Issue 16 (3): 'WATCH' vs 'Watch:', '$100 oil?' vs '€100 oil?' on one day and feed
    are different articles; a guid repeated with different content is two articles; an
    item repeated exactly is one, reported as merged with both named."""
    items = (
        _entry(1, "WATCH", "https://n.example/1", "g1")
        + _entry(2, "Watch:", "https://n.example/2", "g2")
        + _entry(3, "$100 oil?", "https://n.example/3", "g3")
        + _entry(4, "€100 oil?", "https://n.example/4", "g4")
        + _entry(5, "🔥", "https://n.example/5", "g5")
        + _entry(6, "🚀", "https://n.example/6", "g6")
        + _entry(7, "Same guid A", "https://n.example/7", "dup")
        + _entry(8, "Same guid B", "https://n.example/8", "dup")
        + _entry(1, "WATCH", "https://n.example/1", "g1")  # the first item, repeated
    )
    feed = tmp_path / "news.rss"
    feed.write_text(_rss(items, link="https://n.example/"), encoding="utf-8")
    report = run_import([feed], tmp_path / "c", ner_model=None, jobs=1)
    tally = report.inputs[str(feed)]
    assert (tally.created, tally.merged, tally.items) == (8, 1, 9), report.summary()
    titles = sorted(m["title"] for m in _stored(tmp_path / "c"))
    assert titles == sorted(
        ["WATCH", "Watch:", "$100 oil?", "€100 oil?", "🔥", "🚀", "Same guid A", "Same guid B"]
    )
    (line,) = report.duplicates
    assert line.startswith("https://n.example/1 'WATCH'") and "(same guid as " in line


def test_same_title_same_day_different_outlets_are_two_articles(tmp_path: Path) -> None:
    a, b = tmp_path / "a.rss", tmp_path / "b.rss"
    a.write_text(_rss(_entry(1, "Talks resume", "", None), "https://a.example/"), "utf-8")
    b.write_text(
        _rss(_entry(1, "Talks resume", "", None), "https://b.example/").replace(
            "<title>Pod</title>", "<title>Other outlet</title>"
        ),
        "utf-8",
    )
    run_import([a, b], tmp_path / "c", ner_model=None, jobs=1)
    assert sorted(m["outlet"] for m in _stored(tmp_path / "c")) == ["Other outlet", "Pod"]


def test_portuguese_dates_are_read(tmp_path: Path) -> None:
    """Issue 16 (7): a real feed dated 'Seg, 24 Set 2018 19:42:40 -0300'."""
    report = run_import(
        [FIXTURES / "rss-parser_uolNoticias.rss"], tmp_path / "c", ner_model=None, jobs=1
    )
    assert report.inputs[str(FIXTURES / "rss-parser_uolNoticias.rss")].created == 15
    assert {str(m["date"]) for m in _stored(tmp_path / "c")} == {"2018-09-24"}


def test_utf16_feed_and_huge_field_via_the_cli(tmp_path: Path) -> None:
    """Issue 16 (9): a UTF-16 feed with a BOM is a feed, not a binary file."""
    text = _rss(
        _entry(1, "Ünïcödé", "https://u.example/1", "u1")
        + _entry(2, "Big " + "x" * 200_000, "https://u.example/2", "u2"),
        link="https://u.example/",
    ).replace("UTF-8", "UTF-16")
    feed = tmp_path / "wide.xml"
    feed.write_bytes(text.encode("utf-16"))
    result = run_clippings("import", str(feed), "--content", str(tmp_path / "c"), "--no-entities")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("2 item(s) in 1 input(s): 2 created"), result.stdout
    assert "Traceback" not in result.stderr
