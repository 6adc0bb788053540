"""What crawlers, feed readers and mirrors get: feeds, sitemap, robots, 404, metadata."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup
from conftest import ROOT

from clippings.importer.markdown import read_markdown

SITEURL = "https://archive.example.org"


def _articles(content: Path) -> list[dict]:
    return [
        read_markdown(p.read_text(encoding="utf-8"))[0]
        for p in (content / "articles").rglob("*.md")
    ]


def _folder(meta: dict) -> str:
    return f"{meta['date']:%Y}/{meta['date']:%m}/{meta['slug']}/"


@pytest.fixture(scope="module")
def published_site(sample_content: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample archive built with its public address (CLIPPINGS_SITEURL) set."""
    output = tmp_path_factory.mktemp("published")
    result = subprocess.run(
        [sys.executable, "-m", "invoke", "build", "--content", str(sample_content),
         "--output", str(output)],
        cwd=ROOT, capture_output=True, text=True, check=False,
        env={**os.environ, "LC_ALL": "C.UTF-8", "TZ": "UTC", "CLIPPINGS_SITEURL": SITEURL},
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    return output


def test_a_plain_build_writes_no_absolute_self_url(sample_site: Path) -> None:
    """Without CLIPPINGS_SITEURL nothing points at a machine: no localhost, no sitemap,
    no canonical or og:url; feeds link relatively, and their links resolve."""
    for path in sample_site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".xml", ".txt", ".json", ".js"):
            text = path.read_text(encoding="utf-8")
            assert "localhost" not in text and "127.0.0.1" not in text, path
    assert not (sample_site / "sitemap.xml").exists()
    robots = (sample_site / "robots.txt").read_text(encoding="utf-8")
    assert "User-agent: *" in robots and "Sitemap" not in robots
    page = BeautifulSoup(
        next(sample_site.rglob("iran-russia-railway-pact-*/index.html")).read_bytes(),
        "html.parser",
    )
    assert not page.select("link[rel=canonical], meta[property='og:url']")
    for feed_path in [sample_site / "feeds" / "all.atom.xml", *sample_site.glob("feeds/*/*.xml")]:
        feed = feedparser.parse(feed_path.read_bytes())
        assert not feed.bozo, (feed_path, feed.bozo_exception)
        ids = [e.id for e in feed.entries]
        assert all(i.startswith("urn:uuid:") for i in ids) and len(set(ids)) == len(ids)
        for entry in feed.entries:
            assert "://" not in entry.link
            assert (feed_path.parent / entry.link).resolve().is_file(), (feed_path, entry.link)


def test_site_feed_and_tag_feeds_parse_cleanly(sample_content: Path, published_site: Path) -> None:
    feed = feedparser.parse((published_site / "feeds" / "all.atom.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert len(feed.entries) == 21
    links = {e.link for e in feed.entries}
    assert links == {f"{SITEURL}/{_folder(m)}index.html" for m in _articles(sample_content)}
    tag = feedparser.parse((published_site / "feeds" / "tag" / "militarism.atom.xml").read_bytes())
    assert not tag.bozo and len(tag.entries) == 4
    page = BeautifulSoup(
        (published_site / "tag" / "militarism" / "index.html").read_bytes(), "html.parser"
    )
    assert page.select_one(
        'link[rel=alternate][type="application/atom+xml"][href$="militarism.atom.xml"]'
    )
    # and a visible link to it, as on outlet and entity pages
    assert page.select_one('main a[type="application/atom+xml"][href$="militarism.atom.xml"]')


def test_sitemap_lists_articles_and_hub_pages(sample_content: Path, published_site: Path) -> None:
    tree = ET.parse(published_site / "sitemap.xml")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    urls = tree.getroot().findall("s:url", ns)
    locs = [u.find("s:loc", ns).text for u in urls]
    assert len(locs) == len(set(locs))
    articles = {f"{SITEURL}/{_folder(m)}" for m in _articles(sample_content)}
    assert articles <= set(locs)
    for hub in ("", "tags/", "outlets/", "entities/", "archives/", "2025/", "2025/11/",
                "tag/militarism/", "outlet/rt/", "entities/people/"):  # fmt: skip
        assert f"{SITEURL}/{hub}" in locs, hub
    assert any(loc.startswith(f"{SITEURL}/entity/") for loc in locs)
    for loc in locs:  # every listed page exists
        relative = loc.removeprefix(SITEURL + "/")
        assert (published_site / relative / "index.html").is_file() or (
            published_site / relative
        ).is_file(), loc
    # Dates from the articles, never the build time: two builds give the same file.
    lastmods = {u.find("s:lastmod", ns).text for u in urls if u.find("s:lastmod", ns) is not None}
    assert lastmods and all(d.startswith("2025-11-") for d in lastmods)


def test_robots_404_and_favicon(published_site: Path) -> None:
    robots = (published_site / "robots.txt").read_text(encoding="utf-8")
    assert "User-agent: *" in robots and f"Sitemap: {SITEURL}/sitemap.xml" in robots
    missing = BeautifulSoup((published_site / "404.html").read_bytes(), "html.parser")
    assert missing.h1.get_text() == "Page not found"
    assert (published_site / "theme" / "favicon.svg").is_file()


def test_404_links_from_the_site_path_at_any_depth(sample_site: Path) -> None:
    missing = BeautifulSoup((sample_site / "404.html").read_bytes(), "html.parser")
    stylesheet = missing.select_one("link[rel=stylesheet]")["href"]
    assert stylesheet == "/theme/css/style.css"
    hrefs = [a["href"] for a in missing.select("a[href]") if not a["href"].startswith("#")]
    assert hrefs and all(h.startswith("/") for h in hrefs)
    assert all((sample_site / h.lstrip("/")).is_file() for h in hrefs)


def test_article_metadata_for_sharing_and_search(published_site: Path) -> None:
    page = next(published_site.rglob("iran-russia-railway-pact-*/index.html"))
    soup = BeautifulSoup(page.read_bytes(), "html.parser")
    canonical = soup.select_one("link[rel=canonical]")["href"]
    assert (
        canonical
        == f"{SITEURL}/2025/11/iran-russia-railway-pact-sets-keystone-in-north-south-corridor/"
    )
    assert soup.select_one("meta[property='og:url']")["content"] == canonical
    assert soup.select_one("meta[property='og:type']")["content"] == "article"
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


def test_hub_pages_have_open_graph_and_canonical(published_site: Path) -> None:
    for page, url in (("tag/militarism/index.html", "tag/militarism/"),
                      ("outlet/rt/index.html", "outlet/rt/"), ("index.html", ""),
                      ("2025/11/index.html", "2025/11/"), ("tags/index.html", "tags/")):  # fmt: skip
        soup = BeautifulSoup((published_site / page).read_bytes(), "html.parser")
        assert soup.select_one("link[rel=canonical]")["href"] == f"{SITEURL}/{url}", page
        assert soup.select_one("meta[property='og:url']")["content"] == f"{SITEURL}/{url}"
        assert soup.select_one("meta[property='og:type']")["content"] == "website"
        assert soup.select_one("meta[property='og:title']")["content"]


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
