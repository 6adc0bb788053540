"""The search plugin in a real build, and the search page in headless Chromium.

Pages are opened from file:// (as an archivist's copy would be) and over http from a
loopback server; lunr.js and the index files load as scripts in both.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from bs4 import BeautifulSoup
from conftest import build_site
from linkcheck import html_files

from clippings.search.documents import facet_token
from clippings.search.shards import manifest_files, registered_data


def _uri(site: Path, query: str) -> str:
    return (site / "search.html").as_uri() + "?" + query


def _results(page) -> list[dict[str, str]]:  # type: ignore[no-untyped-def]
    # Results appear one by one as their chunks load; aria-busy is false once all have.
    page.wait_for_function(
        "() => document.querySelector('#search-results[aria-busy=false] li') || "
        "/No article|could not|failed/.test(document.querySelector('#search-status').textContent)"
    )
    return page.eval_on_selector_all(
        "#search-results li",
        """items => items.map(li => ({
            title: li.querySelector('h2').textContent,
            href: li.querySelector('a').href,
            meta: li.querySelector('.result-meta').textContent,
            marks: Array.from(li.querySelectorAll('mark')).map(m => m.textContent),
        }))""",
    )


@pytest.fixture(scope="module")
def page(browser):  # type: ignore[no-untyped-def]
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield page
    context.close()
    assert errors == []


@pytest.fixture(scope="module")
def http_site(sample_site: Path) -> Iterator[str]:
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(sample_site))
    handler.log_message = lambda *a: None  # type: ignore[method-assign]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_build_writes_the_index_and_lunr(sample_site: Path) -> None:
    folder = sample_site / "search"
    manifest = (folder / "manifest.js").read_text(encoding="utf-8")
    assert manifest.startswith('ClippingsSearch.register("manifest.js",')
    data = registered_data(manifest)
    assert data["docs"] == 21 and data["version"] == "2.3.9"
    for name in manifest_files(data):
        assert (folder / name).is_file()
    assert "lunr" in (folder / "lunr.js").read_text(encoding="utf-8")[:400]


def test_every_page_has_a_search_box(sample_site: Path) -> None:
    pages = list(html_files(sample_site))
    assert len(pages) > 21, pages  # every article page and more (a loop over none passes)
    for path in pages:
        soup = BeautifulSoup(path.read_bytes(), "html.parser")
        form = soup.select_one("form.site-search")
        assert form is not None, path
        target = (path.parent / form["action"]).resolve()
        assert target == (sample_site / "search.html").resolve(), path


def test_search_page_from_file_url(sample_site: Path, page) -> None:  # type: ignore[no-untyped-def]
    page.goto(_uri(sample_site, "q=railway+corridor"))
    results = _results(page)
    assert results, page.content()
    assert "railway pact sets keystone" in results[0]["title"]
    assert any(m.lower().startswith("railway") for m in results[0]["marks"])
    target = Path(results[0]["href"].removeprefix("file://"))
    assert target.is_file() and target.name == "index.html"
    assert page.input_value("#search-q") == "railway corridor"
    assert "found" in page.text_content("#search-status")
    # A result link opens its article, whose date reads as the result's.
    page.click("#search-results li:first-child h2 a")
    page.wait_for_load_state()
    assert page.text_content("h1") == results[0]["title"]
    published = page.text_content("dt:text-is('Published') + dd time") or ""
    assert published and results[0]["meta"].endswith(" · " + published)


def test_search_page_over_http_with_syntax_and_filters(http_site: str, page) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{http_site}/search.html?q=" + quote("+sanctions -yemen"))
    results = _results(page)
    assert results and all("Yemen" not in r["title"] for r in results)
    rt = facet_token("outlet", "RT")
    page.goto(f"{http_site}/search.html?q=&outlet={rt}")
    results = _results(page)
    assert results and all(r["meta"].startswith("RT ·") for r in results)
    assert page.eval_on_selector("#search-outlet", "s => s.value") == rt


def test_typing_in_the_header_box_leads_to_results(sample_site: Path, page) -> None:  # type: ignore[no-untyped-def]
    page.goto((sample_site / "index.html").as_uri())
    page.fill("#site-search-q", "lavrov")
    page.press("#site-search-q", "Enter")
    page.wait_for_url("**/search.html?q=lavrov")
    results = _results(page)
    assert len(results) >= 3, results  # the samples hold several Lavrov articles
    # The best match names him in its title, highlighted.
    assert "Lavrov" in results[0]["title"], results
    assert "lavrov" in [m.lower() for m in results[0]["marks"]], results


def test_bad_query_and_no_match_are_explained(sample_site: Path, page) -> None:  # type: ignore[no-untyped-def]
    page.goto(_uri(sample_site, "q=" + quote("title:")))
    _results(page)
    assert "could not be read" in page.text_content("#search-status")
    page.goto(_uri(sample_site, "q=zzzznotaword"))
    assert _results(page) == []
    assert "No article matches" in page.text_content("#search-status")


def test_without_javascript_the_page_says_so(sample_site: Path, browser) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(_uri(sample_site, "q=iran"))
    notice = page.text_content("noscript") or ""
    assert "needs JavaScript" in notice
    assert page.is_hidden("#search-form")
    context.close()


def test_unchanged_rebuild_rewrites_no_index_file(sample_content: Path, tmp_path: Path) -> None:
    sample_content = Path(shutil.copytree(sample_content, tmp_path / "content"))
    output = tmp_path / "out"
    assert build_site(sample_content, output).returncode == 0
    stamps = {p: p.stat().st_mtime_ns for p in (output / "search").rglob("*.js")}
    assert build_site(sample_content, output).returncode == 0
    assert {p: p.stat().st_mtime_ns for p in (output / "search").rglob("*.js")} == stamps
    # Remove an article: its stale shards go, the manifest no longer counts it.
    next(sample_content.rglob("*.md")).rename(tmp_path / "removed.md")
    try:
        assert build_site(sample_content, output).returncode == 0
    finally:
        (tmp_path / "removed.md").rename(next(sample_content.rglob("*.md")).parent / "x.md")
    manifest = (output / "search" / "manifest.js").read_text(encoding="utf-8")
    data = registered_data(manifest)
    assert data["docs"] == 20
    files = {p.relative_to(output / "search").as_posix() for p in (output / "search").rglob("*.js")}
    assert files == {"manifest.js", "lunr.js", *manifest_files(data)}


def test_more_results_come_ten_at_a_time(sample_site: Path, page) -> None:  # type: ignore[no-untyped-def]
    page.goto(_uri(sample_site, "q=russia"))
    first = _results(page)
    assert len(first) == 10
    # Shown as each chunk arrives, yet in rank order: the order the searcher gives.
    ranked = page.evaluate(
        """() => {
            const base = document.getElementById('search').getAttribute('data-index');
            const searcher = ClippingsSearch.createSearcher(lunr, ClippingsSearch.scriptLoader(base));
            return searcher.search('russia', [])
                .then(found => searcher.documents(found.results.slice(0, 10).map(r => r.ref)))
                .then(docs => docs.map(d => d.title));
        }"""
    )
    assert [item["title"] for item in first] == ranked
    page.click("#search-more")
    page.wait_for_function("() => document.querySelectorAll('#search-results li').length > 10")
    page.wait_for_function("() => document.querySelector('#search-results[aria-busy=false]')")
    assert len(page.query_selector_all("#search-results li")) > 10
