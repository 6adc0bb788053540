"""Search in the browser: our sharded lunr index against Pagefind, on one built site.

Both are served by one local `http.server` on 127.0.0.1 and queried in Debian's headless
Chromium (Playwright), each query in a fresh browser context (cold cache). Measured per
query: bytes of every response body the page loaded (until the network is idle), and
the time from navigation start to the first result on screen (or the "no match"
message), taken in the page by a MutationObserver.

Our results are also checked against one unsharded lunr index with lunr.js in node: the
index lunr.py built, put back together from every term shard (`full_index`); the top 10
must be the same documents with the same scores.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote_plus

from bench.measure import Measured, run_measured
from clippings.chromium import CHROMIUM, CHROMIUM_ARGS
from clippings.search.shards import full_index

ROOT = Path(__file__).resolve().parents[1]

QUERIES = (
    "russia",  # single common word
    "akrotiri",  # rare word
    "oil sanctions",  # two words
    "lavrov",  # a name
    "north south corridor",  # phrase-ish
    "nuclear war europe",  # three common words
    "refineries",  # less common word
    "zzyzxnotaword",  # no match
)
ARTICLE_GLOB = "[0-9][0-9][0-9][0-9]/[0-9][0-9]/*/index.html"
PAGEFIND_PAGE = "pagefind-bench.html"
PAGEFIND_HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Pagefind</title></head><body>
<p id="status"></p><ol id="results"></ol>
<script type="module">
const q = new URLSearchParams(location.search).get("q") || "";
const status = document.getElementById("status");
try {
  const pf = await import("/pagefind/pagefind.js");
  const s = await pf.search(q);
  const data = await Promise.all(s.results.slice(0, 10).map((r) => r.data()));
  const list = document.getElementById("results");
  for (const d of data) {
    const a = document.createElement("a");
    a.href = d.url;
    a.textContent = d.meta.title;
    const li = document.createElement("li");
    li.append(a);
    list.append(li);
  }
  status.textContent = s.results.length + " results";
} catch (e) {
  status.textContent = "failed: " + e;
}
</script></body></html>
"""
# Records when the first result (or the final status) appears, in page time.
FIRST_RESULT_SCRIPT = """(() => {
  const done = () => {
    if (document.querySelector("#search-results li, #results li")) return true;
    const status = document.querySelector("#search-status, #status");
    return !!status && /No article|failed|could not|^0 results/.test(status.textContent);
  };
  const observer = new MutationObserver(() => {
    if (window.__firstResult === undefined && done()) {
      window.__firstResult = performance.now();
      observer.disconnect();
    }
  });
  observer.observe(document, {childList: true, subtree: true, characterData: true});
})();"""
_FOUND = re.compile(r"^(\d+) (?:articles?|results?)")


@dataclass(frozen=True)
class QueryResult:
    """One query in the browser: what it cost and what it showed."""

    query: str
    bytes_total: int  # every response body the page loaded
    bytes_index: int  # of which the search index (our search/ or pagefind/ files)
    requests: int
    first_result_ms: float  # navigation start → first result (or "no match") on screen
    hits: int  # results found
    top: tuple[str, ...]  # URLs of the results shown first (up to 10)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve `folder` on 127.0.0.1 (a free port) in a thread; yield its base URL."""
    handler = functools.partial(_Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def pagefind_index(output: Path) -> Measured:
    """Run Pagefind (PyPI `pagefind[bin]`) over the article pages of `output`.

    Indexes the same documents as our index: article pages only, their `<article>`
    element without the navigation lists.
    """
    shutil.rmtree(output / "pagefind", ignore_errors=True)
    (output / PAGEFIND_PAGE).write_text(PAGEFIND_HTML, encoding="utf-8")
    command = [
        *(sys.executable, "-m", "pagefind", "--site", str(output), "--output-subdir"),
        *("pagefind", "--glob", ARTICLE_GLOB, "--root-selector", "article"),
        *("--exclude-selectors", ".article-nav"),
    ]
    return run_measured(command, output.parent)


def _query(browser: Any, url: str, index_prefix: str, query: str) -> QueryResult:
    context = browser.new_context()
    try:
        context.add_init_script(FIRST_RESULT_SCRIPT)
        page = context.new_page()
        responses: list[Any] = []
        page.on("response", lambda response: responses.append(response))
        page.goto(url, wait_until="domcontentloaded")
        page.wait_for_function("() => window.__firstResult !== undefined", timeout=120_000)
        page.wait_for_load_state("networkidle")
        first = float(page.evaluate("window.__firstResult"))
        status = page.locator("#search-status, #status").first.text_content() or ""
        top = page.eval_on_selector_all(
            "#search-results li a, #results li a",
            "els => els.slice(0, 10).map(a => a.getAttribute('href'))",
        )
        total = index = 0
        for response in responses:
            try:
                size = len(response.body())
            except Exception:  # a redirect or aborted request has no body
                size = 0
            total += size
            if f"/{index_prefix}/" in response.url:
                index += size
        m = _FOUND.match(status.strip())
        return QueryResult(
            query=query,
            bytes_total=total,
            bytes_index=index,
            requests=len(responses),
            first_result_ms=first,
            hits=int(m[1]) if m else 0,
            top=tuple(_normal(u) for u in top),
        )
    finally:
        context.close()


def _normal(url: str) -> str:
    """A result URL as a site path: `2025/11/slug/index.html`."""
    url = re.sub(r"^(?:https?://[^/]+)?(?:\./|/)?", "", url)
    return url + "index.html" if url.endswith("/") else url


def browser_queries(
    site: Path, queries: Sequence[str], repeat: int = 1
) -> dict[str, list[QueryResult]]:
    """Every query on our search page and on Pagefind; `repeat` cold runs each, ours and
    Pagefind's alternating, after one unmeasured run of each (a new browser's first page
    pays for starting its processes)."""
    from playwright.sync_api import sync_playwright

    results: dict[str, list[QueryResult]] = {"ours": [], "pagefind": []}
    with serve(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            warm = quote_plus(queries[0]) if queries else ""
            _query(browser, f"{base}/search.html?q={warm}", "search", "")
            _query(browser, f"{base}/{PAGEFIND_PAGE}?q={warm}", "pagefind", "")
            for query in queries:
                for _ in range(repeat):
                    q = quote_plus(query)
                    results["ours"].append(
                        _query(browser, f"{base}/search.html?q={q}", "search", query)
                    )
                    results["pagefind"].append(
                        _query(browser, f"{base}/{PAGEFIND_PAGE}?q={q}", "pagefind", query)
                    )
        finally:
            browser.close()
    return results


def chromium_version() -> str:
    """The version of the Chromium Playwright drives."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        version = str(browser.version)
        browser.close()
    return version


def lunr_check(output: Path, queries: Sequence[str]) -> dict[str, Any]:
    """Top 10 of the sharded index (through search.js) against one unsharded lunr index.

    The unsharded index is `full_index` of the built site. Returns, per query, whether
    both top 10s hold the same documents with the same scores, both hit counts, and the
    URLs of the sharded top 10.
    """
    index = full_index(output / "search")  # clippings.search.shards
    with tempfile.TemporaryDirectory() as tmp:
        full, qfile = Path(tmp) / "full.json", Path(tmp) / "queries.json"
        full.write_text(json.dumps(index), encoding="utf-8")
        qfile.write_text(json.dumps(list(queries)), encoding="utf-8")
        script = Path(__file__).with_name("lunr_check.js")
        done = subprocess.run(
            [
                *("node", "--max-old-space-size=12288", str(script)),
                *(str(output / "search"), str(full), str(qfile)),
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
    raw = json.loads(done.stdout)
    out = {}
    for query, r in raw.items():
        full_top = {ref: round(score, 9) for ref, score in r["full"][:10]}
        sharded_top = {ref: round(score, 9) for ref, score in r["sharded"][:10]}
        same_scores = sorted(full_top.values()) == sorted(sharded_top.values())
        tenth = min(full_top.values(), default=0.0)
        # Documents tied with the 10th score may be cut in either order: not a difference.
        same_docs = all(
            full_top.get(ref) == s for ref, s in sharded_top.items() if s != tenth
        ) and len(full_top) == len(sharded_top)
        out[query] = {
            "equal": same_scores and same_docs,
            "hits_full": len(r["full"]),
            "hits_sharded": len(r["sharded"]),
            "urls": r["urls"],
            "bytes": r["bytes"],
        }
    return out
