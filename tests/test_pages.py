"""Pages readers enjoy (#20): the article first on a phone, an honest source line, related
lists that differ from page to page, breadcrumbs, listings named by what they hold, the
404 page at any depth, attention charts. In Chromium or on the built HTML."""

from __future__ import annotations

import http.server
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT
from test_accessibility import AXE
from test_csp import WATCH

from clippings.importer.model import Article
from clippings.importer.store import Store
from clippings.site.notfound import http_handler

PHONE = {"width": 390, "height": 844}
RAILWAY = "2025/11/iran-russia-railway-pact-sets-keystone-in-north-south-corridor/index.html"


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_bytes(), "html.parser")


def _articles(site: Path) -> list[Path]:
    return sorted(site.glob("[0-9][0-9][0-9][0-9]/[0-9][0-9]/*/index.html"))


def test_the_first_paragraph_is_on_a_phones_first_screen(sample_site: Path, browser) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page(viewport=PHONE)
    try:
        for path in _articles(sample_site):
            page.goto(path.as_uri())
            top = page.evaluate(
                "() => document.querySelector('.article .content p').getBoundingClientRect().top"
            )
            assert top < PHONE["height"], (path.parent.name, top)
    finally:
        page.close()


def test_article_text_comes_before_details_and_source_is_a_muted_note(sample_site: Path) -> None:
    soup = _soup(sample_site / RAILWAY)
    article = soup.select_one("main article.article")
    order = [
        el.name + "." + ".".join(el.get("class", [])) for el in article.find_all(recursive=False)
    ]
    assert order == ["header.article-header", "div.content", "footer.article-footer"]
    byline = article.select_one("header .byline").get_text(" ", strip=True)
    assert "The Cradle" in byline and "Vali Kaleji" in byline and "min read" in byline
    footer = article.select_one("footer")
    assert "Originally published by The Cradle on 7 November 2025" in footer.get_text(
        " ", strip=True
    )
    # A dump's file and line is no address: a small note, not a link.
    assert not footer.select("a.original")
    assert footer.select_one(".import-note code").get_text() == "000_a59bcf57d666251b.txt:105"
    # Entities are collapsed after the text; "Comments 0" is not shown.
    assert footer.select_one("details.article-entities summary")
    assert "Comments" not in article.get_text()


def test_related_lists_differ_from_page_to_page(sample_site: Path) -> None:
    lists = {}
    for path in _articles(sample_site):
        lists[path.parent.name] = [a["href"] for a in _soup(path).select("ul.related li > a")]
    counts = Counter(href.split("/")[-2] for hrefs in lists.values() for href in hrefs)
    assert counts, "no related articles at all"
    assert max(counts.values()) <= len(lists) / 2, counts.most_common(3)
    railway = _soup(sample_site / RAILWAY).select("ul.related li > a")
    assert railway and "Iran" in railway[0].get_text()


def test_breadcrumbs_and_the_current_section(sample_site: Path) -> None:
    article = _soup(sample_site / RAILWAY)
    crumbs = article.select("nav.breadcrumbs li")
    assert [li.get_text(strip=True) for li in crumbs][:3] == ["Home", "2025", "November"]
    assert crumbs[-1].select_one("[aria-current=page]")
    for page, section, trail in (
        ("outlet/rt/index.html", "Outlets", ["Home", "Outlets", "RT"]),
        ("tag/militarism/index.html", "Tags", ["Home", "Tags", "Militarism"]),
        ("2025/11/index.html", "Archives", ["Home", "Archives", "2025", "November"]),
        ("entities/places/index.html", "People & places", ["Home", "People & places", "Places"]),
        (
            "entity/sergey-lavrov/index.html",
            "People & places",
            ["Home", "People & places", "People", "Sergey Lavrov"],
        ),
    ):
        soup = _soup(sample_site / page)
        assert [li.get_text(strip=True) for li in soup.select("nav.breadcrumbs li")] == trail
        current = soup.select_one(".site-nav a[aria-current]")
        assert current is not None and current.get_text() == section, page
    # Outlet names are links in listings and on entity pages.
    home = _soup(sample_site / "index.html")
    assert home.select_one(".entry .byline .outlet a[href$='outlet/rt/index.html']")
    lavrov = _soup(sample_site / "entity" / "sergey-lavrov" / "index.html")
    assert lavrov.select("section[aria-labelledby=entity-outlets] a[href*='outlet/']")


def test_one_day_ranges_say_on(sample_site: Path) -> None:
    counts = Counter(
        _soup(p).select_one("main .outlet-meta dd").get_text(" ", strip=True)
        for p in sample_site.glob("outlet/*/index.html")
    )
    single = [text for text in counts if text.startswith("1 article")]
    assert single and all(", on " in text and " to " not in text for text in single)


def test_attention_charts_on_subject_pages(sample_site: Path) -> None:
    for page in ("tag/militarism/index.html", "outlet/rt/index.html",
                 "entity/sergey-lavrov/index.html"):  # fmt: skip
        soup = _soup(sample_site / page)
        figure = soup.select_one("main figure.attention")
        assert figure is not None, page
        svg = figure.select_one("svg.attention-chart[role=img][aria-label]")
        assert svg is not None and svg.select("rect.attention-bar"), page
        assert not soup.select("[style]"), page  # the policy forbids style attributes
        months = figure.select("figcaption a[href]")
        assert months and all(
            (sample_site / page).parent.joinpath(a["href"]).resolve().is_file() for a in months
        )


@pytest.fixture(scope="module")
def not_found_server(sample_site: Path) -> Iterator[str]:
    """The built site over HTTP, missing paths answered with 404.html (as `invoke serve`)."""
    handler = http_handler(sample_site)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.RequestHandlerClass.log_message = lambda *a: None  # type: ignore[attr-defined,method-assign]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_the_404_page_works_at_any_depth(not_found_server: str, browser) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context()
    context.add_init_script(WATCH)
    page = context.new_page()
    try:
        response = page.goto(f"{not_found_server}/2025/11/a-mistyped-slug/")
        assert response is not None and response.status == 404
        assert page.locator("h1").inner_text() == "Page not found"
        # Styled: the stylesheet loaded from the site root, not from under the bad path.
        border = page.evaluate(
            "() => getComputedStyle(document.querySelector('.site-header')).borderBottomStyle"
        )
        assert border == "solid"
        hrefs = page.evaluate(
            "() => [...document.querySelectorAll('a[href]:not([href^=\"#\"])')].map(a => a.href)"
        )
        assert len(hrefs) > 5
        for href in {h for h in hrefs if h.startswith(not_found_server)}:
            with urllib.request.urlopen(href, timeout=5) as r:
                assert r.status == 200, href
        assert page.evaluate("() => window.__violations") == []
    finally:
        context.close()
    audit = browser.new_context(bypass_csp=True)  # axe is injected inline
    try:
        page = audit.new_page()
        page.goto(f"{not_found_server}/2025/11/a-mistyped-slug/")
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("async () => await axe.run(document)")
        bad = [v["id"] for v in result["violations"] if v["impact"] in ("serious", "critical")]
        assert bad == []
    finally:
        audit.close()


def _add(store: Store, n: int, **extra: object) -> None:
    store.save(
        Article(
            title=f"Article number {n}",
            date=date(2024, 1, 1) + timedelta(days=20 * n),
            outlet="RT",
            tags=["Militarism"],
            body_html=f"<p>Text {n}.</p>",
            source=f"gen:{n}",
            **extra,  # type: ignore[arg-type]
        )
    )


@pytest.fixture(scope="module")
def small_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Seven articles, three a page: numbered pages exist; one article has its URL."""
    root = tmp_path_factory.mktemp("small")
    store = Store(root / "content")
    for n in range(6):
        _add(store, n)
    _add(store, 6, url="https://www.rt.com/news/6-article/")
    store.close()
    result = subprocess.run(
        [sys.executable, "-m", "pelican", str(root / "content"), "-s", "pelicanconf.py", "-o",
         str(root / "output"), "-e", "DEFAULT_PAGINATION=3", "--fatal", "warnings"],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "output"


def test_a_known_original_url_is_the_source_link(small_site: Path) -> None:
    page = next(small_site.rglob("article-number-6/index.html"))
    link = _soup(page).select_one("footer.article-footer a.original")
    assert link["href"] == "https://www.rt.com/news/6-article/"
    assert set(link["rel"]) == {"external", "nofollow", "noopener", "noreferrer"}
    assert "Originally published by RT" in link.parent.get_text(" ", strip=True)


def test_older_from_the_first_page_leads_to_the_next_older_articles(small_site: Path) -> None:
    home = _soup(small_site / "index.html")
    shown = {a.get_text() for a in home.select(".entry-title a")}
    assert shown == {f"Article number {n}" for n in (3, 4, 5, 6)}
    older = home.select_one(".pagination a[rel=next]")
    assert older.get_text(strip=True) == "Older: 1–3 →"
    page = _soup(small_site / older["href"])
    assert {a.get_text() for a in page.select(".entry-title a")} == {
        f"Article number {n}" for n in (0, 1, 2)
    }
    assert page.h1.get_text() == "All articles: articles 1–3"
    assert "from 1 January 2024 to 10 February 2024" in page.select_one("main p.count").get_text()
    assert [li.get_text(strip=True) for li in page.select("nav.breadcrumbs li")] == [
        "Home",
        "All articles: articles 1–3",
    ]


def test_numbered_pages_pass_axe_and_the_policy(small_site: Path, browser) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context()
    context.add_init_script(WATCH)
    watch = context.new_page()
    for name in ("page/1/index.html", "tag/militarism/page/1/index.html"):
        watch.goto((small_site / name).as_uri())
        assert watch.evaluate("() => window.__violations") == [], name
    context.close()
    audit = browser.new_context(bypass_csp=True)
    page = audit.new_page()
    for name in ("page/1/index.html", "tag/militarism/page/1/index.html"):
        page.goto((small_site / name).as_uri())
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("async () => await axe.run(document)")
        bad = [v["id"] for v in result["violations"] if v["impact"] in ("serious", "critical")]
        assert bad == [], name
    audit.close()


def test_people_are_filed_by_surname_and_outlets_without_the(sample_site: Path) -> None:
    people = _soup(sample_site / "entities" / "people" / "index.html")
    sections = {
        s.h2.get_text(): [a.get_text() for a in s.select("li a")]
        for s in people.select("main section")
    }
    assert "Sergey Lavrov" in sections["L"] and "Vladimir Putin" in sections["P"]
    names = [n for group in sections.values() for n in group]
    surnames = [n.split()[-1].removeprefix("al-").casefold() for n in names if " " in n]
    assert surnames == sorted(surnames)
    outlets = _soup(sample_site / "outlets" / "index.html")
    under_c = outlets.select_one("main h3#letter-c")
    assert under_c is not None
    listed = [a.get_text() for a in under_c.find_next_sibling("ul").select("a")]
    assert "The Cradle" in listed
