"""Tests for clippings.importer.sources.feed on real RSS/Atom feeds and on damaged or hostile ones."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conftest import FIXTURES as ALL_FIXTURES
from conftest import check_golden, run_clippings

from clippings.errors import InputError
from clippings.importer.markdown import to_markdown
from clippings.importer.model import Article, Note, Skipped
from clippings.importer.options import ImportOptions
from clippings.importer.sources import feed
from clippings.importer.sources.feed import parse

FIXTURES = ALL_FIXTURES / "feeds"
GUARDIAN = FIXTURES / "rss-parser_guardian.rss"
HEISE = FIXTURES / "rss-parser_heise.atom"
LATIN1 = FIXTURES / "rss-parser_encoding.rss"
MEDIUM = FIXTURES / "rss-parser_content-encoded.rss"
RSS1 = FIXTURES / "rss-parser_rss-1.rss"


def _split(path: Path, options: ImportOptions | None = None) -> tuple[list[Article], list]:
    items = list(parse(path, options))
    return [i for i in items if isinstance(i, Article)], [
        i for i in items if not isinstance(i, Article)
    ]


def test_guardian_rss2_every_item_with_byline_and_categories() -> None:
    articles, others = _split(GUARDIAN)
    assert len(articles) == 55 and others == []
    first = articles[0]
    assert first.title == "Trump State of the Union address promised unity but emphasized discord"
    assert first.date == date(2018, 1, 31)
    assert (first.author, first.posted_by, first.outlet) == (
        "David Smith in Washington",
        "David Smith in Washington",
        "The Guardian",
    )
    assert first.tags[:3] == ["Donald Trump", "State of the Union address", "US news"]
    assert first.url == first.guid
    assert first.url.startswith("https://www.theguardian.com/us-news/2018/jan/31/")
    assert first.slug == "donald-trump-state-of-the-union-address-unity-discord"
    assert first.summary.startswith("The president’s ‘new American moment’ speech")
    check_golden("markdown/feed_guardian.md", to_markdown(first))


def test_heise_atom_published_over_updated_content_over_summary() -> None:
    articles, _ = _split(HEISE)
    assert len(articles) == 15
    first = articles[0]
    assert first.title == "Java-Anwendungsserver: Red Hat gibt WildFly 10 frei"
    # published 2016-02-01T17:22+01:00 (updated is later the same day)
    assert first.date == date(2016, 2, 1)
    assert first.author == "heise online"  # the feed's author, inherited as Atom says
    assert first.guid == "http://heise.de/-3088438"
    assert first.slug == "Java-Anwendungsserver-Red-Hat-gibt-WildFly-10-frei-3088438"
    # The full content holds a link the summary does not have.
    assert '<a href="http://www.heise.de/developer/' in first.body_html


def test_iso_8859_1_feed_is_decoded_and_tracking_pixels_dropped() -> None:
    articles, _ = _split(LATIN1)
    assert len(articles) == 40
    first = articles[0]
    assert first.title == "Mãe de utente é a nova presidente da Raríssimas"
    assert first.outlet == "Jornal de Notícias - Últimas Notícias"
    assert first.tags == ["Nacional"]
    assert "feedburner" not in first.body_html
    assert first.summary.startswith("Sónia Laygue, profissional na área da Recursos Humanos")


def test_content_encoded_wins_over_description() -> None:
    articles, _ = _split(MEDIUM)
    assert len(articles) == 7
    first = articles[0]
    assert first.title == "THE CREATIVE FORAGER"
    assert first.author == "Jeremy Puma"
    assert first.guid == "https://medium.com/p/125af37d838f"
    assert first.tags == ["plants", "environment", "nature", "foraging", "food"]
    assert len(first.body_html) > 4000 and "<script" not in first.body_html


def test_rss1_rdf_dublin_core_fields_and_learned_categories() -> None:
    options = ImportOptions()
    articles, _ = _split(RSS1, options)
    assert len(articles) == 69
    first = articles[0]
    assert (first.title, first.author, first.date) == (
        "Food for fungi",
        "Hines, P. J.",
        date(2017, 6, 15),
    )
    # One category with a comma in its name, learned for splitting text-dump footers.
    assert first.tags == ["Botany, Microbiology"]
    assert options.vocabulary.lookup("botany, microbiology") == "Botany, Microbiology"


BLOG_FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:slash="http://purl.org/rss/1.0/modules/slash/">
<channel><title>Aletho News</title><link>https://blog.example/</link>
<item><title>Iran, Russia sign railway pact</title>
<link>https://blog.example/2025/11/09/iran-russia-sign-railway-pact/</link>
<guid isPermaLink="false">https://blog.example/?p=101</guid>
<pubDate>Sun, 09 Nov 2025 18:00:00 +0000</pubDate><dc:creator>aletho</dc:creator>
<category>Economics</category><category>Mainstream Media, Warmongering</category>
<slash:comments>2</slash:comments>
<description>Short teaser</description>
<content:encoded><![CDATA[<p>By Pepe Escobar – The Cradle – 08.11.2025</p>
<p>The railway <a href="/tag/rail">pact</a> is signed.</p><script>alert(1)</script>]]></content:encoded>
</item>
<item><title>No date here</title><link>https://blog.example/x/</link></item>
</channel></rss>
"""


def test_blog_feed_repost_byline_and_blog_fields(tmp_path: Path) -> None:
    path = tmp_path / "blog.rss"
    path.write_text(BLOG_FEED, encoding="utf-8")
    articles, others = _split(path)
    [article] = articles
    assert (article.outlet, article.author, article.date) == (
        "The Cradle",
        "Pepe Escobar",
        date(2025, 11, 8),
    )
    assert (article.posted, article.posted_by, article.comments) == (
        date(2025, 11, 9),
        "aletho",
        2,
    )
    assert article.tags == ["Economics", "Mainstream Media, Warmongering"]
    assert article.slug == "iran-russia-sign-railway-pact"
    assert '<a href="https://blog.example/tag/rail"' in article.body_html
    assert "script" not in article.body_html and "Pepe" not in article.body_html
    [skipped] = others
    assert isinstance(skipped, Skipped)
    assert str(skipped) == "blog.rss:15: entry 2 'No date here': no date, not imported"
    check_golden("markdown/feed_repost.md", to_markdown(article))


@pytest.mark.parametrize(
    ("encoding", "prefix", "declared"),
    [
        ("cp1252", b"", 'encoding="windows-1252"'),
        ("utf-8", b"\xef\xbb\xbf", ""),
        ("iso-8859-1", b"", 'encoding="iso-8859-1"'),
    ],
)
def test_declared_and_bom_encodings(
    tmp_path: Path, encoding: str, prefix: bytes, declared: str
) -> None:
    title = "Café – “quoted” €" if encoding != "iso-8859-1" else "Café à côté"
    text = (
        f'<?xml version="1.0" {declared}?><rss version="2.0"><channel><title>Outlet</title>'
        f"<item><title>{title}</title><pubDate>Mon, 10 Nov 2025 06:00:00 GMT</pubDate>"
        "<description>body</description></item></channel></rss>"
    )
    path = tmp_path / "enc.rss"
    path.write_bytes(prefix + text.encode(encoding))
    [article] = [i for i in parse(path) if isinstance(i, Article)]
    assert article.title == title


def test_entity_declarations_are_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "bomb.rss"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>\n'
        '<rss version="2.0"><channel><item><title>&b;</title></item></channel></rss>',
        encoding="utf-8",
    )
    with pytest.raises(InputError, match=r"bomb\.rss: line 2: XML entity declarations"):
        list(parse(path))


def test_damaged_feed_is_read_leniently_with_a_note(tmp_path: Path) -> None:
    path = tmp_path / "damaged.rss"
    path.write_text(
        '<?xml version="1.0"?>\n<rss version="2.0"><channel><title>Outlet</title>\n'
        "<item><title>Kept</title><pubDate>Mon, 10 Nov 2025 06:00:00 GMT</pubDate>\n"
        "<description>one <b>two</description></item>\n</channel></rss>\n",
        encoding="utf-8",
    )
    articles, others = _split(path)
    assert [a.title for a in articles] == ["Kept"]
    [note] = others
    assert isinstance(note, Note) and str(note).startswith("damaged.rss:4: feed repaired")


def test_not_a_feed_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "garbage.xml"
    path.write_text('<?xml version="1.0"?>\n<notes>\n<note>unclosed\n<<<', encoding="utf-8")
    with pytest.raises(InputError, match=r"garbage\.xml: not a readable feed: line \d+"):
        list(parse(path))


def test_oversized_feed_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(feed, "MAX_FEED_BYTES", 100)
    with pytest.raises(InputError, match="feed too large"):
        list(parse(GUARDIAN))


def test_cli_imports_a_feed_once(tmp_path: Path) -> None:
    content = tmp_path / "content"
    first = run_clippings("import", str(GUARDIAN), "--content", str(content))
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith("55 item(s) in 1 input(s): 55 created"), first.stdout
    again = run_clippings("import", str(GUARDIAN), "--content", str(content))
    assert again.stdout.startswith("55 item(s) in 1 input(s): 0 created, 0 updated, 55 unchanged")
    assert len(list(content.rglob("*.md"))) == 55
