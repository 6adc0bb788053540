"""The built sample site: one page per article, tag pages, links, HTML5, safety."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup
from conftest import build_site, is_site_script, run_clippings
from linkcheck import broken_links, html5_errors, html_files

from clippings.importer.markdown import read_markdown


def _articles(content: Path) -> list[dict]:
    return [
        read_markdown(p.read_text(encoding="utf-8"))[0]
        for p in (content / "articles").rglob("*.md")
    ]


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_bytes(), "html.parser")


def test_a_page_for_every_article(sample_content: Path, sample_site: Path) -> None:
    metas = _articles(sample_content)
    assert len(metas) == 21
    for meta in metas:
        page = (
            sample_site / f"{meta['date']:%Y}" / f"{meta['date']:%m}" / meta["slug"] / "index.html"
        )
        assert page.is_file(), page
        soup = _soup(page)
        assert soup.h1 is not None and soup.h1.get_text(strip=True) == meta["title"].strip()
        text = soup.get_text(" ")
        if meta.get("outlet"):
            assert meta["outlet"] in text
        if meta.get("author"):
            assert meta["author"] in text
        if meta.get("subtitle"):
            assert meta["subtitle"] in text
        assert soup.find("time", attrs={"datetime": f"{meta['date']:%Y-%m-%d}"}) is not None


def test_tag_pages_and_tag_index(sample_content: Path, sample_site: Path) -> None:
    counts: dict[str, int] = {}
    for meta in _articles(sample_content):
        for tag in meta.get("tags", []):
            counts[tag] = counts.get(tag, 0) + 1
    assert counts["Militarism"] == 4
    index = _soup(sample_site / "tags" / "index.html")
    listed = {
        li.a.get_text(): li.select_one(".count").get_text()
        for li in index.select("main .tag-index li")
    }
    assert listed == {tag: f"({count})" for tag, count in counts.items()}
    militarism = _soup(sample_site / "tag" / "militarism" / "index.html")
    assert len(militarism.select("main article")) == 4
    comma = sample_site / "tag" / "ethnic-cleansing-racism-zionism" / "index.html"
    assert "Ethnic Cleansing, Racism, Zionism" in _soup(comma).get_text()


def test_home_is_paginated_newest_first(sample_site: Path) -> None:
    home = _soup(sample_site / "index.html")
    dates = [t["datetime"] for t in home.select("main article time[datetime]")]
    assert dates == sorted(dates, reverse=True)
    # 21 articles, 20 a page: the home page holds everything newer than the newest full
    # numbered chunk, so all 21 (no "Older" page repeating 19 of them).
    assert len(home.select("main article")) == 21
    assert not (sample_site / "page").exists()
    assert not home.select(".pagination")


def test_every_internal_link_and_asset_resolves(sample_site: Path) -> None:
    assert len(html_files(sample_site)) > 21
    assert broken_links(sample_site) == []


def test_every_page_parses_as_html5(sample_site: Path) -> None:
    errors = [e for page in html_files(sample_site) for e in html5_errors(page)]
    assert errors == []


def test_no_external_requests(sample_site: Path) -> None:
    for page in html_files(sample_site):
        soup = _soup(page)
        loading = soup.select(
            "script[src], img[src], iframe[src], source[src], "
            "link[rel~=stylesheet], link[rel~=icon], link[rel~=preload], link[rel~=manifest]"
        )
        for el in loading:
            url = str(el.get("src") or el.get("href") or "")
            assert not url.startswith(("http:", "https:", "//")), (page, el)
    css = next(sample_site.rglob("*.css")).read_text(encoding="utf-8")
    assert "url(http" not in css and "@import" not in css


def test_typography_survives_to_html(sample_site: Path) -> None:
    page = next(sample_site.rglob("how-cyprus-became-*/index.html"))
    text = _soup(page).get_text()
    assert "“Clearly, for some, genocide is profitable,” Albanese declared." in text
    assert "‘Israel’s’ gas theft\u00a0crime" in text


def test_hostile_input_is_escaped_end_to_end(tmp_path: Path) -> None:
    dump = tmp_path / "hostile.txt"
    dump.write_text(
        "<script>alert('title')</script> Title\n"
        "By <img src=x onerror=alert(1)> | RT <b> | November 8, 2025\n"
        "<script>alert('body')</script> and <a href=\"javascript:alert(2)\">x</a>\n"
        "November 9, 2025 Posted by | <svg onload=alert(3)> | , | Leave a comment\n",
        encoding="utf-8",
    )
    content, output = tmp_path / "content", tmp_path / "output"
    assert run_clippings("import", str(dump), "--content", str(content)).returncode == 0
    result = build_site(content, output)
    assert result.returncode == 0, result.stderr
    for page in html_files(output):
        soup = _soup(page)
        scripts = soup.select("script:not([type='application/ld+json'])")
        assert all(is_site_script(s) for s in scripts), page
        # The only SVG: the attention charts the build draws (plugins/attention).
        assert all("attention-chart" in svg.get("class", []) for svg in soup.find_all("svg"))
        assert soup.find("img") is None, page
        assert not soup.find_all(lambda t: any(a.startswith("on") for a in t.attrs)), page
        assert "javascript:" not in str(soup.find_all("a")), page
    article = next(output.rglob("script-alert-title-script-title/index.html"))
    assert "<script>alert('title')</script> Title" in _soup(article).h1.get_text()
