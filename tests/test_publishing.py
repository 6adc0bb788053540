"""What crawlers, feed readers and mirrors get: feeds, sitemap, robots, 404, metadata."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
from bs4 import BeautifulSoup

from clippings.importer.markdown import read_markdown

SITEURL = "http://localhost:8000"


def _articles(content: Path) -> list[dict]:
    return [
        read_markdown(p.read_text(encoding="utf-8"))[0]
        for p in (content / "articles").rglob("*.md")
    ]


def _url(meta: dict) -> str:
    return f"{SITEURL}/{meta['date']:%Y}/{meta['date']:%m}/{meta['slug']}/"


def test_site_feed_and_tag_feeds_parse_cleanly(sample_content: Path, sample_site: Path) -> None:
    feed = feedparser.parse((sample_site / "feeds" / "all.atom.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert len(feed.entries) == 21
    links = {e.link for e in feed.entries}
    assert links == {_url(m) + "index.html" for m in _articles(sample_content)}
    tag = feedparser.parse((sample_site / "feeds" / "tag" / "militarism.atom.xml").read_bytes())
    assert not tag.bozo and len(tag.entries) == 4
    page = BeautifulSoup(
        (sample_site / "tag" / "militarism" / "index.html").read_bytes(), "html.parser"
    )
    assert page.select_one(
        'link[rel=alternate][type="application/atom+xml"][href$="militarism.atom.xml"]'
    )


def test_sitemap_lists_every_article_once(sample_content: Path, sample_site: Path) -> None:
    tree = ET.parse(sample_site / "sitemap.xml")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = [loc.text for loc in tree.getroot().findall("s:url/s:loc", ns)]
    assert sorted(locs) == sorted(_url(m) for m in _articles(sample_content))


def test_robots_404_and_favicon(sample_site: Path) -> None:
    robots = (sample_site / "robots.txt").read_text(encoding="utf-8")
    assert "User-agent: *" in robots and f"Sitemap: {SITEURL}/sitemap.xml" in robots
    missing = BeautifulSoup((sample_site / "404.html").read_bytes(), "html.parser")
    assert missing.h1.get_text() == "Page not found"
    assert (sample_site / "theme" / "favicon.svg").is_file()


def test_article_metadata_for_sharing_and_search(sample_site: Path) -> None:
    page = next(sample_site.rglob("iran-russia-railway-pact-*/index.html"))
    soup = BeautifulSoup(page.read_bytes(), "html.parser")
    canonical = soup.select_one("link[rel=canonical]")["href"]
    assert (
        canonical
        == f"{SITEURL}/2025/11/iran-russia-railway-pact-sets-keystone-in-north-south-corridor/"
    )
    assert soup.select_one("meta[property='og:title']")["content"].startswith(
        "Iran–Russia railway pact"
    )
    assert soup.select_one("meta[property='article:published_time']")["content"] == "2025-11-07"
    data = json.loads(soup.select_one("script[type='application/ld+json']").string)
    assert data["@type"] == "NewsArticle"
    assert data["author"] == {"@type": "Person", "name": "Vali Kaleji"}
    assert data["publisher"] == {"@type": "Organization", "name": "The Cradle"}
    assert data["datePublished"] == "2025-11-07" and data["dateCreated"] == "2025-11-09"
    assert soup.html["lang"] == "en"


def test_date_archives_and_links_from_articles(sample_content: Path, sample_site: Path) -> None:
    month = BeautifulSoup((sample_site / "2025" / "11" / "index.html").read_bytes(), "html.parser")
    assert len(month.select("main .archive-list li")) == 21
    year = BeautifulSoup((sample_site / "2025" / "index.html").read_bytes(), "html.parser")
    november = year.select_one("main .calendar a")
    assert november["href"].endswith("2025/11/index.html") and "21" in november.get_text()
    index = BeautifulSoup((sample_site / "archives" / "index.html").read_bytes(), "html.parser")
    assert [li.get_text(" ", strip=True) for li in index.select(".calendar li")][
        10
    ] == "November 21"
    for meta in _articles(sample_content):
        page = (
            sample_site / f"{meta['date']:%Y}" / f"{meta['date']:%m}" / meta["slug"] / "index.html"
        )
        soup = BeautifulSoup(page.read_bytes(), "html.parser")
        assert soup.select_one(f"a[href$='{meta['date']:%Y}/{meta['date']:%m}/index.html']"), page


def test_article_neighbours_and_related(sample_site: Path) -> None:
    page = next(sample_site.rglob("nato-to-deploy-*/index.html"))
    soup = BeautifulSoup(page.read_bytes(), "html.parser")
    nav = soup.select_one("nav.article-nav")
    assert nav.select_one("a[rel=next]") and nav.select_one("a[rel=prev]")
    assert "From RT" in nav.get_text()
    related = [a.get_text() for a in nav.select(".related a")]
    assert related and all(r != soup.h1.get_text() for r in related)


def test_two_builds_are_byte_identical(
    sample_content: Path, sample_site: Path, tmp_path: Path
) -> None:
    from conftest import build_site

    again = tmp_path / "again"
    assert build_site(sample_content, again).returncode == 0
    first = {
        p.relative_to(sample_site): p.read_bytes() for p in sample_site.rglob("*") if p.is_file()
    }
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert first.keys() == second.keys()
    assert [k for k in first if first[k] != second[k]] == []
