"""The search plugin in a real build, and the search page in headless Chromium.

Pages are opened from file:// (as an archivist's copy would be) and over http from a
loopback server; lunr.js and the index files load as scripts in both.
"""

from __future__ import annotations

import functools
import http.server
import re
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
        action = str(form["action"])
        # The 404 page links from the site's path (it is served at any depth).
        base = sample_site if action.startswith("/") else path.parent
        target = (base / action.lstrip("/")).resolve()
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
    published = page.text_content(".article-header .byline time") or ""
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


def _titles(page, url: str) -> list[str]:  # type: ignore[no-untyped-def]
    page.goto(url)
    return [r["title"] for r in _results(page)]


def _article_text(site: Path, href: str) -> str:
    """The text of the article a result links to (over http or file://)."""
    path = re.sub(r"^(?:file://|https?://[^/]+/)", "", href)
    target = Path(path) if href.startswith("file://") else site / path
    if target.is_dir() or href.endswith("/"):
        target = target / "index.html"
    soup = BeautifulSoup(target.read_bytes(), "html.parser")
    return " ".join((soup.find("article") or soup).get_text(" ").split())


def test_a_filter_narrows_the_words_results(http_site: str, page) -> None:  # type: ignore[no-untyped-def]
    sputnik = facet_token("outlet", "Sputnik")
    lavrov = _titles(page, f"{http_site}/search.html?q=lavrov")
    every_sputnik = _titles(page, f"{http_site}/search.html?q=&outlet={sputnik}")
    narrowed = _titles(page, f"{http_site}/search.html?q=lavrov&outlet={sputnik}")
    assert narrowed and set(narrowed) < set(every_sputnik)
    assert narrowed == [t for t in lavrov if t in every_sputnik]  # the words' order kept
    assert all(r["meta"].startswith("Sputnik ·") for r in _results(page))
    assert page.eval_on_selector("#search-outlet", "s => s.value") == sputnik


def test_punctuation_and_possessives_find_what_the_bare_word_finds(sample_site: Path, page) -> None:  # type: ignore[no-untyped-def]
    forms = {
        "lavrov": ["Lavrov's", "Lavrov’s", "Lavrov,", "Lavrov?", "LAVROV", "Lávrov"],
        "nato": ["NATO’s", "NATO's", "NATO."],
        "u.s": ["U.S.", "U.S.’s"],
    }
    for bare, typed in forms.items():
        expected = _titles(page, _uri(sample_site, "q=" + quote(bare)))
        assert expected, bare
        for query in typed:
            assert _titles(page, _uri(sample_site, "q=" + quote(query))) == expected, query


def test_a_phrase_finds_only_articles_holding_it(http_site: str, sample_site: Path, page) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{http_site}/search.html?q=" + quote('"New START"'))
    phrase = _results(page)
    assert phrase
    for result in phrase:
        assert re.search(r"\bnew\W+start", _article_text(sample_site, result["href"]), re.I)
    # Articles with both words apart are found by the words, not by the phrase.
    page.goto(f"{http_site}/search.html?q=" + quote("+new +start"))
    both = _results(page)
    apart = [r for r in both if r["title"] not in {p["title"] for p in phrase}]
    assert apart, "the sample site has no article with both words apart"
    for result in apart:
        assert not re.search(r"\bnew\W+start", _article_text(sample_site, result["href"]), re.I)
    page.goto(f"{http_site}/search.html?q=" + quote('+new +start -"new start"'))
    assert {r["title"] for r in _results(page)} == {r["title"] for r in apart}


def _dates(page) -> list[str]:  # type: ignore[no-untyped-def]
    _results(page)
    return page.eval_on_selector_all(
        "#search-results li time", "ts => ts.map(t => t.getAttribute('datetime'))"
    )


def test_sort_and_date_range_from_the_url(sample_site: Path, page) -> None:  # type: ignore[no-untyped-def]
    page.goto(_uri(sample_site, "q=russia"))
    relevance = _dates(page)
    page.goto(_uri(sample_site, "q=russia&sort=newest"))
    newest = _dates(page)
    assert newest == sorted(newest, reverse=True) and newest != relevance
    assert page.eval_on_selector("#search-sort", "s => s.value") == "newest"
    page.goto(_uri(sample_site, "q=russia&sort=oldest"))
    assert _dates(page) == sorted(_dates(page))
    status = page.text_content("#search-status") or ""
    assert "November 2025" in status  # the months the results span
    page.goto(_uri(sample_site, "q=russia&from=2025-11&to=2025-11"))
    assert len(_dates(page)) == len(relevance)
    assert page.input_value("#search-from") == "2025-11"
    page.goto(_uri(sample_site, "q=russia&from=2025-12"))
    assert _results(page) == []
    assert "No article matches" in (page.text_content("#search-status") or "")
    # A date range alone lists every article in it, newest first.
    page.goto(_uri(sample_site, "from=2025-11-xx&to=2025-11"))
    listed = _dates(page)
    assert listed and listed == sorted(listed, reverse=True)


def test_the_form_changes_the_url_and_back_returns(http_site: str, page) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{http_site}/search.html?q=russia")
    _results(page)
    page.select_option("#search-sort", "oldest")
    page.fill("#search-from", "2025-11")
    page.click("#search-form button[type=submit]")
    page.wait_for_url("**sort=oldest**")
    assert "from=2025-11" in page.url
    oldest = _dates(page)
    assert oldest == sorted(oldest)
    page.go_back()
    page.wait_for_url("**/search.html?q=russia")
    _results(page)
    assert page.eval_on_selector("#search-sort", "s => s.value") == "relevance"


def test_header_box_title_focus_and_landmarks(sample_site: Path, page) -> None:  # type: ignore[no-untyped-def]
    page.goto(_uri(sample_site, "q=russia"))
    first = _results(page)
    assert page.input_value("#site-search-q") == "russia"  # the header box says it too
    assert page.title().startswith("“russia” — Search")
    labels = page.eval_on_selector_all(
        "[role=search]", "els => els.map(e => e.getAttribute('aria-label'))"
    )
    assert len(labels) == 2 and all(labels) and len(set(labels)) == 2
    page.click("#search-more")
    page.wait_for_function("() => document.querySelectorAll('#search-results li').length > 10")
    page.wait_for_function("() => document.querySelector('#search-results[aria-busy=false]')")
    focused = page.evaluate("() => document.activeElement.closest('li') && "
                            "Array.from(document.querySelectorAll('#search-results li'))"
                            ".indexOf(document.activeElement.closest('li'))")  # fmt: skip
    assert focused == len(first)


def test_snippets_show_the_passage_that_matched(sample_site: Path, page) -> None:  # type: ignore[no-untyped-def]
    # "coordinated": some 3,600 characters into the body of the Cyprus article, in neither
    # its title nor its summary (the build-time snippet).
    page.goto(_uri(sample_site, "q=Coordinated"))
    assert any("Cyprus" in r["title"] for r in _results(page))
    cyprus = page.locator("#search-results li", has_text="Cyprus").locator(".snippet")
    cyprus.locator("mark").first.wait_for(timeout=10_000)
    snippet = cyprus.text_content() or ""
    marks = cyprus.locator("mark").all_text_contents()
    assert snippet.startswith("… ") and snippet.endswith(" …"), snippet
    assert marks and all(m.lower().startswith("coordinat") for m in marks)
    assert len(snippet) < 400


def test_a_new_build_lets_an_abandoned_index_finish_first(tmp_path: Path) -> None:
    """An index left on its way by a failed build (under `invoke serve`) is waited for
    when the next build starts: two index processes never write one folder."""
    from datetime import datetime
    from types import SimpleNamespace

    from clippings.plugins import search as plugin

    from clippings.site import defaults

    settings = {k: getattr(defaults, k) for k in dir(defaults) if k.isupper()}
    settings["CACHE_PATH"] = str(tmp_path / "cache")
    article = SimpleNamespace(
        url="2025/01/a/index.html", title="Ceasefire talks", date=datetime(2025, 1, 2),
        metadata={"outlet": "Reuters"}, tags=[], _content="<p>Talks went on.</p>",
    )  # fmt: skip
    context: dict[str, object] = {}
    plugin.forget_pending(None)
    plugin.start_early(SimpleNamespace(context=context, settings=settings,
                                       output_path=str(tmp_path / "out"), articles=[article]))  # fmt: skip
    index = plugin._early[0]
    assert index._pool is not None  # on its way, in its own process
    plugin.forget_pending(None)
    assert not plugin._early and index._pool is None
    assert (tmp_path / "out" / "search" / "manifest.js").is_file()  # it finished
