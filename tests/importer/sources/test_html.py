"""Tests for clippings.importer.sources.html on real saved pages and on synthetic and hostile ones."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conftest import FIXTURES as ALL_FIXTURES
from conftest import check_golden
from test_hostile import _html as write_hostile_page

from clippings.errors import InputError
from clippings.importer.markdown import to_markdown
from clippings.importer.model import Article, Skipped
from clippings.importer.options import ImportOptions
from clippings.importer.sources import html
from clippings.importer.sources.detect import detect, parser_for
from clippings.importer.sources.html import parse

FIXTURES = ALL_FIXTURES / "html"
PLANETARY = FIXTURES / "theplanetarypress.com.forestlands.html"
BELIZE = FIXTURES / "breakingbelizenews.com-paho.html"
WPCOM = FIXTURES / "blog.wordpress.com.diverse.html"
MURDELTA = FIXTURES / "murdeltas.wordpress.com.politcamp.html"


def _split(path: Path, options: ImportOptions | None = None) -> tuple[list[Article], list]:
    items = list(parse(path, options))
    return [i for i in items if isinstance(i, Article)], [
        i for i in items if not isinstance(i, Article)
    ]


def _one(path: Path, options: ImportOptions | None = None) -> Article:
    articles, others = _split(path, options)
    assert others == []
    (article,) = articles
    return article


def _write(tmp_path: Path, text: str, name: str = "page.html") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_news_site_repost_of_another_outlets_article() -> None:
    article = _one(PLANETARY)
    assert article.title == (
        "Management of Intact Forestlands by Indigenous Peoples Key to Protecting Climate"
    )
    assert (article.date, article.posted) == (date(2020, 1, 17), date(2020, 1, 17))
    assert (article.author, article.posted_by) == ("The Planetary Press", "The Planetary Press")
    assert article.outlet == "The Planetary Press"
    # The theme's category list (no rel=category) and article:section, deduplicated.
    assert article.tags == ["Center for International Forestry Research (CIFOR)", "Climate"]
    url = (
        "https://www.theplanetarypress.com/2020/01/"
        "management-of-intact-forestlands-by-indigenous-peoples-key-to-protecting-climate/"
    )
    assert (article.url, article.guid, article.source) == (url, url, url)
    assert article.slug == (
        "management-of-intact-forestlands-by-indigenous-peoples-key-to-protecting-climate"
    )
    assert article.comments is None
    assert article.summary.startswith("Indigenous Peoples have had a track record")
    body = article.body_html
    # The repost's credit lines are the post's own text: kept.
    assert body.startswith("<p><em>Courtesy of Forests News </em></p>")
    assert "Julie Mollins" in body and "<h3>Policy Shortcomings </h3>" in body
    assert "Credit: Tomas Munita/CIFOR" in body
    for junk in ("Facebook", "WhatsApp", "RELATED ARTICLES", "Previous article", "Follow Us"):
        assert junk not in body, junk
    check_golden("markdown/html_planetarypress.md", to_markdown(article))


def test_news_site_press_release_with_inline_byline() -> None:
    article = _one(BELIZE)
    assert article.title == (
        "Americas at risk of further COVID-19 wave as cases surge in other regions, "
        "PAHO Director warns"
    )
    # time[datetime] 2022-04-21T22:11:44-06:00: the day the site showed ("April 21, 2022",
    # its address too), like WXR's post_date; not the UTC day (the 22nd).
    assert article.date == date(2022, 4, 21)
    assert (article.author, article.posted_by) == ("BBNTEAM", "BBNTEAM")
    assert article.outlet == "Belize News and Opinion on www.breakingbelizenews.com"
    assert article.tags == ["Covid-19", "Headlines", "Health", "last news", "Social Issues"]
    assert article.url == (
        "https://www.breakingbelizenews.com/2022/04/21/"
        "americas-at-risk-of-further-covid-19-wave-as-cases-surge-in-other-regions-paho-director-warns/"
    )
    assert article.guid == article.url
    assert article.comments is None  # Facebook comments: no count on the page
    # og:description, not the "Posted: …" dateline that opens the body.
    assert article.summary.startswith("The Americas cannot ignore the risk of further COVID-19")
    body = article.body_html
    assert body.startswith("<p>Posted: Thursday, April 21, 2022. 10:11 pm CST.</p>")
    # "By Aaron Humes:" runs into the first paragraph: not a repost byline, left as written.
    assert "<strong><em>By Aaron Humes</em></strong>: The Americas cannot ignore" in body
    assert body.endswith("we must adjust our strategies when cases rise, to save lives.”</p>")
    for junk in ("Views:", "Comments", "marketing@", "copyrighted", "linkout", "Facebook"):
        assert junk not in body, junk
    check_golden("markdown/html_breakingbelizenews.md", to_markdown(article))


def test_wordpress_com_post_with_comments() -> None:
    article = _one(WPCOM)
    assert article.title == (
        "Want to See a More Diverse WordPress Contributor Community? So Do We."
    )
    assert article.date == date(2019, 6, 19)
    assert article.author == "Andrea Middleton"
    assert article.outlet == "The WordPress.com Blog"
    assert article.tags == ["Diversity & Inclusion", "WordCamp", "WordPress"]
    assert article.comments == 13
    assert article.url == (
        "https://en.blog.wordpress.com/2019/06/19/"
        "want-to-see-a-more-diverse-wordpress-contributor-community-so-do-we/"
    )
    assert article.slug == "want-to-see-a-more-diverse-wordpress-contributor-community-so-do-we"
    assert article.summary == (
        "More diverse speakers at WordCamps means a more diverse community contributing to "
        "WordPress — and that results in better software for everyone."
    )
    body = article.body_html
    assert body.startswith("<p>The mission of WordPress is to democratize publishing")
    assert 'src="https://en-blog.files.wordpress.com/2019/06/image-6.png"' in body
    assert "Get in touch with Jill" in body
    for junk in (
        "Share this",
        "Like this",
        "Email Newsletter",
        "followers",
        "Related",
        "Next Post",
        "JanBeek",  # a commenter
        "13 Comments",
    ):
        assert junk not in body, junk
    check_golden("markdown/html_wordpresscom.md", to_markdown(article))


def test_personal_blog_post_categories_are_learned() -> None:
    options = ImportOptions()
    article = _one(MURDELTA, options)
    assert article.title == "Barcamp Graz 2015 – Politcamp Call for Action"
    assert article.date == date(2015, 4, 5)
    assert (article.author, article.outlet) == ("marc", "murdelta")
    assert article.tags == ["bunt gemischt", "freie kultur", "politik", "veranstaltung"]
    assert article.comments == 0  # "Leave a comment"
    assert article.slug == "barcamp-graz-2015-politcamp-call-for-action"
    assert options.vocabulary.lookup("Freie Kultur") == "freie kultur"
    # og:description is cut off ("…"): the first paragraph is the summary.
    assert article.summary.startswith("In nicht mehr ganz 2 Wochen ist es soweit")
    body = article.body_html
    assert "Seit 2010 bin ich in der Organisation vom Barcamp Graz aktiv" in body
    assert "Sessionvorschläge &amp; -wünsche" in body
    for junk in ("Flattr", "Like this", "Related", "Posted on", "This entry was posted in"):
        assert junk not in body, junk
    check_golden("markdown/html_murdeltas.md", to_markdown(article))


def test_fixtures_are_detected_as_html() -> None:
    assert {detect(p) for p in FIXTURES.glob("*.html")} == {"html"}
    assert parser_for("html") is parse


def _archive_post(n: int, day: int, tag: str) -> str:
    return f"""<article id="post-{n}" class="post-{n} post type-post hentry">
<header class="entry-header"><h2 class="entry-title">
<a href="/2025/11/{day:02d}/post-number-{n}/" rel="bookmark">Post number {n}</a></h2>
<div class="entry-meta"><time class="entry-date published" datetime="2025-11-{day:02d}T09:00:00+00:00">
Nov {day}</time><time class="updated" datetime="2025-12-01T09:00:00+00:00">Dec 1</time>
<span class="author vcard"><a class="url fn n" rel="author" href="/author/aletho/">aletho</a></span>
</div></header>
<div class="entry-content"><p>Body of post {n}.</p>
<div class="sharedaddy"><h3 class="sd-title">Share this:</h3></div></div>
<footer class="entry-footer"><span class="cat-links"><a href="/category/militarism/"
 rel="category tag">Militarism</a></span>
<span class="tags-links"><a href="/tag/{tag}/" rel="tag">{tag}</a></span>
<span class="comments-link"><a href="/2025/11/{day:02d}/post-number-{n}/#comments">{n} Comments</a></span>
</footer></article>
"""


def _archive(posts: str) -> str:
    return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Militarism | Aletho News</title>
<meta property="og:type" content="website">
<link rel="canonical" href="https://alethonews.example/category/militarism/"></head>
<body class="archive category"><main>
{posts}
<nav class="navigation pagination"><a class="next" href="/page/2/">Older posts</a></nav>
</main></body></html>
"""


def test_archive_page_gives_one_article_per_post(tmp_path: Path) -> None:
    posts = _archive_post(1, 9, "NATO") + _archive_post(2, 10, "Ukraine")
    path = _write(tmp_path, _archive(posts + _archive_post(3, 11, "EU")))
    options = ImportOptions()
    articles, others = _split(path, options)
    assert others == []
    assert [a.title for a in articles] == ["Post number 1", "Post number 2", "Post number 3"]
    assert [a.date for a in articles] == [date(2025, 11, 9), date(2025, 11, 10), date(2025, 11, 11)]
    assert [a.url for a in articles] == [
        "https://alethonews.example/2025/11/09/post-number-1/",
        "https://alethonews.example/2025/11/10/post-number-2/",
        "https://alethonews.example/2025/11/11/post-number-3/",
    ]
    assert [a.tags for a in articles] == [
        ["Militarism", "NATO"],
        ["Militarism", "Ukraine"],
        ["Militarism", "EU"],
    ]
    assert [a.slug for a in articles] == ["post-number-1", "post-number-2", "post-number-3"]
    assert [a.comments for a in articles] == [1, 2, 3]
    first = articles[0]
    assert (first.author, first.outlet, first.guid) == ("aletho", "Aletho News", None)
    assert first.body_html == "<p>Body of post 1.</p>"
    assert options.vocabulary.lookup("militarism") == "Militarism"
    assert options.vocabulary.lookup("NATO") is None  # a tag, not a category


def test_archive_posts_shown_in_part_are_skipped_with_their_line(tmp_path: Path) -> None:
    full = _archive_post(1, 9, "NATO")
    excerpt = _archive_post(2, 10, "EU").replace("entry-content", "entry-summary")
    more = _archive_post(3, 11, "UN").replace(
        "</p>", ' <a href="/x/#more-3" class="more-link">Continue reading</a></p>', 1
    )
    text = _archive(full + excerpt + more)
    path = _write(tmp_path, text)
    articles, skipped = _split(path)
    assert [a.title for a in articles] == ["Post number 1"]
    line_of = {n: text[: text.index(f'id="post-{n}"')].count("\n") + 1 for n in (2, 3)}
    assert skipped == [
        Skipped(
            "page.html",
            line_of[2],
            "post 'Post number 2': only an excerpt is on this page, not imported",
        ),
        Skipped(
            "page.html",
            line_of[3],
            "post 'Post number 3': only its beginning is on this page, not imported",
        ),
    ]


def _single(body: str, extra: str = "") -> str:
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Berlin prepares &#8211; Aletho News</title>
<link rel="canonical" href="https://alethonews.example/2025/11/10/berlin-prepares/">
</head>
<body class="post-template-default single single-post postid-7">
<header><h1 class="site-title">Aletho News</h1></header>
<article id="post-7" class="post-7 post type-post status-publish hentry">
<h1 class="entry-title">Berlin prepares</h1>
<div class="entry-meta">Posted on <time class="entry-date published"
 datetime="2025-11-10T06:00:00+00:00">November 10, 2025</time> by
 <a href="/author/aletho/" rel="author">aletho</a></div>
<div class="entry-content">{body}</div>
<footer class="entry-footer"><a href="/category/militarism/" rel="category tag">Militarism</a>
</footer></article>
{extra}
</body></html>
"""


def test_aggregated_byline_at_the_top_of_the_body(tmp_path: Path) -> None:
    body = "<p>RT | November 8, 2025</p><p>Berlin is prepared.</p><p>Second paragraph.</p>"
    # Related posts marked up as posts too: the page is a post's own, so only it counts.
    related = '<article class="post"><h2 class="entry-title">Other</h2></article>'
    article = _one(_write(tmp_path, _single(body, related)))
    assert article.title == "Berlin prepares"
    assert (article.outlet, article.author, article.date) == ("RT", None, date(2025, 11, 8))
    assert (article.posted, article.posted_by) == (date(2025, 11, 10), "aletho")
    assert article.body_html == "<p>Berlin is prepared.</p><p>Second paragraph.</p>"
    assert article.tags == ["Militarism"]
    assert article.url == article.guid == "https://alethonews.example/2025/11/10/berlin-prepares/"
    assert article.slug == "berlin-prepares"


def test_json_ld_news_article(tmp_path: Path) -> None:
    page = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>Daily Example</title>
<link rel="canonical" href="https://news.example/world/2025/11/10/ceasefire-talks">
<script type="application/ld+json">{"@context": "https://schema.org", "@graph": [
 {"@type": "WebSite", "@id": "https://news.example/#site", "name": "Daily Example"},
 {"@type": "Person", "@id": "https://news.example/#jane", "name": "Jane Roe"},
 {"@type": ["NewsArticle"], "headline": "Ceasefire talks resume",
  "datePublished": "2025-11-10T08:00:00+01:00", "dateModified": "2025-11-12T08:00:00Z",
  "author": {"@id": "https://news.example/#jane"},
  "publisher": {"@type": "Organization", "name": "The Daily Example"},
  "articleSection": "World", "keywords": "Gaza, Diplomacy"}]}</script>
<script type="application/ld+json">{broken</script>
</head><body>
<header><h1>The Daily Example</h1><nav><a href="/">Home</a></nav></header>
<main><div class="story"><p>Negotiators met again on Monday.</p>
<p>Both sides said the talks were <a href="/background">constructive</a>.</p>
<div class="ad">Buy now</div></div>
<aside class="latest"><time datetime="2025-01-01">Jan 1</time><p>Other news.</p></aside>
</main></body></html>"""
    article = _one(_write(tmp_path, page))
    assert article.title == "Ceasefire talks resume"
    assert article.date == date(2025, 11, 10)  # published, not modified or the aside's
    assert (article.author, article.outlet) == ("Jane Roe", "The Daily Example")
    assert article.tags == ["World", "Gaza", "Diplomacy"]
    assert article.url == article.guid == "https://news.example/world/2025/11/10/ceasefire-talks"
    assert article.slug == "ceasefire-talks"
    assert article.body_html == (
        "<p>Negotiators met again on Monday.</p>\n<p>Both sides said the talks were "
        '<a href="https://news.example/background" rel="noopener noreferrer nofollow">'
        "constructive</a>.</p>"
    )


def test_json_ld_article_body_when_the_page_has_no_text(tmp_path: Path) -> None:
    page = """<html><head><script type="application/ld+json">[{"@type": "BlogPosting",
"headline": "Short", "datePublished": "2025-11-10", "articleBody": "One.\\nTwo <b>&amp;</b>"}]
</script></head><body></body></html>"""
    article = _one(_write(tmp_path, page))
    assert (article.title, article.date) == ("Short", date(2025, 11, 10))
    assert article.body_html == "<p>One.</p><p>Two &amp;</p>"


def test_opengraph_article(tmp_path: Path) -> None:
    page = """<!DOCTYPE html><html><head>
<meta property="og:type" content="article">
<meta property="og:title" content="Sanctions bite | Example Times">
<meta property="og:site_name" content="Example Times">
<meta property="og:url" content="https://times.example/2025/11/sanctions-bite.html">
<meta property="og:description" content="Prices rose again.">
<meta property="article:published_time" content="2025-11-09T23:30:00-02:00">
<meta property="article:modified_time" content="2025-11-20T10:00:00Z">
<meta property="article:author" content="https://times.example/staff/ann">
<meta name="author" content="Ann Smith">
<meta property="article:tag" content="Economy"><meta property="article:tag" content="Russia">
</head><body><article><p>Prices rose again in November.</p>
<p>Importers blame the new rules.</p>
<div class="share-buttons"><a href="https://twitter.com/share">Tweet</a></div></article>
</body></html>"""
    article = _one(_write(tmp_path, page))
    assert article.title == "Sanctions bite"
    assert article.date == date(2025, 11, 9)  # 23:30 at UTC-2: the site's day, not UTC's
    assert (article.author, article.outlet) == ("Ann Smith", "Example Times")
    assert article.tags == ["Economy", "Russia"]
    assert article.url == "https://times.example/2025/11/sanctions-bite.html"
    assert article.slug == "sanctions-bite"
    assert article.summary == "Prices rose again."
    assert article.body_html == (
        "<p>Prices rose again in November.</p>\n<p>Importers blame the new rules.</p>"
    )


def test_declared_encoding_is_honoured(tmp_path: Path) -> None:
    page = """<html><head><meta charset="windows-1251"><meta property="og:type" content="article">
<meta property="og:title" content="Новости"><meta property="article:published_time"
content="2025-11-10"></head><body><article><p>Текст статьи.</p></article></body></html>"""
    path = tmp_path / "cp1251.html"
    path.write_bytes(page.encode("cp1251"))
    article = _one(path)
    assert (article.title, article.body_html) == ("Новости", "<p>Текст статьи.</p>")


@pytest.mark.parametrize(
    ("content", "why"),
    [
        ("<html>", "no WordPress post, no JSON-LD or OpenGraph article metadata"),
        (
            "<html><body><h1>Welcome</h1><p>Our shop is open.</p></body></html>",
            "no WordPress post, no JSON-LD or OpenGraph article metadata",
        ),
        (
            "<article><h2>A</h2><p>a</p></article><article><h2>B</h2><p>b</p></article>",
            "2 <article> elements and no JSON-LD or OpenGraph article metadata",
        ),
        ("", "the file is empty"),
        ("\n  \n", "the file is empty"),
    ],
)
def test_page_without_an_article_is_skipped(tmp_path: Path, content: str, why: str) -> None:
    path = _write(tmp_path, content)
    assert list(parse(path)) == [Skipped("page.html", 1, f"no article found in the page ({why})")]


def test_post_without_a_date_is_skipped(tmp_path: Path) -> None:
    page = '<div class="post"><h2 class="entry-title">Undated</h2><div class="entry-content">'
    page += "<p>Text.</p></div></div>"
    assert list(parse(_write(tmp_path, page))) == [
        Skipped("page.html", 1, "post 'Undated': no date, not imported")
    ]


def test_unreadable_binary_and_oversized_files_are_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    binary = tmp_path / "image.html"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR<html>")
    with pytest.raises(InputError, match=r"image\.html: binary file"):
        list(parse(binary))
    with pytest.raises(InputError, match="cannot read"):
        list(parse(tmp_path / "missing.html"))
    monkeypatch.setattr(html, "MAX_HTML_BYTES", 100)
    big = _write(tmp_path, _single("<p>x</p>"), "big.html")
    with pytest.raises(
        InputError, match=r"big\.html: page too large \(\d+ bytes; the limit is 100\)"
    ):
        list(parse(big))


def test_hostile_page_imports_as_one_clean_article(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    write_hostile_page(path)
    article = _one(path)
    assert article.title == "html"  # the title is HTML: its text is kept, the script is not
    assert article.date == date(2025, 11, 10)
    assert article.url == "https://site.example/2025/11/h/"
    assert (article.author, article.tags) == (None, [])  # both were only markup
    assert article.body_html.endswith("<p>end</p>")
    markdown = to_markdown(article)
    for needle in ("script", "onerror", "onload", "onmouseover", "javascript", "alert"):
        assert needle not in article.body_html.lower(), needle
        assert needle not in markdown.lower(), needle
    for needle in ("<svg", "<iframe", "<object", "<form", "<meta", "style=", "data:"):
        assert needle not in article.body_html, needle
