"""Search on a built site: index bytes by kind of file, and cold queries in Chromium that
`invoke bench` does not run (phrases, filters, sorting, date ranges), next to its own.

Usage: `python3 -m bench.search_variants SITE [RUNS] [pagefind]` (SITE: a built output
folder with its search/ index) → JSON on stdout; with `pagefind`, Pagefind's bytes and
times for the plain queries on the same site instead;
`python3 -m bench.search_variants compare RUNS NAME=SITE NAME=SITE…` runs the queries on
several builds interleaved, Pagefind too. Each URL is opened RUNS times
(default 3), each in a fresh browser context, as bench/search.py does;
`equal_to_unsharded` says whether the top 10 of each plain query equals one unsharded
lunr.js index (bench/search.py `lunr_check`).
Used to compare two builds of one corpus (say main and a branch) in one sitting.
"""

from __future__ import annotations

import json
import statistics
import sys
from pathlib import Path
from typing import Any
from urllib.parse import quote_plus

from bench import search
from clippings.chromium import CHROMIUM, CHROMIUM_ARGS

PLAIN = list(search.QUERIES)
VARIANTS = {
    # (the generator writes "North–South Corridor" with an en dash: one word to lunr)
    "phrase": 'q="north–south corridor"',
    "phrase+word": 'q=iran "united states"',
    "filtered": "q=russia&outlet=outlet_rt",
    "date-sorted": "q=sanctions&sort=newest&from=2024-01&to=2025-06",
}


def index_bytes(folder: Path) -> dict[str, int]:
    """Bytes of the search index by kind of file (t/, p/, d/, the rest)."""
    out: dict[str, int] = {}
    for path in folder.rglob("*.js"):
        rel = path.relative_to(folder).as_posix()
        kind = rel.split("/", 1)[0] if "/" in rel else rel
        out[kind] = out.get(kind, 0) + path.stat().st_size
    out["total"] = sum(v for k, v in out.items() if k != "lunr.js")
    return out


def pagefind_bytes(site: Path, runs: int) -> dict[str, Any]:
    """Pagefind over the same site (bench/search.py `pagefind_index`): index bytes and
    per plain query the bytes it loads."""
    if not (site / "pagefind").is_dir():
        search.pagefind_index(site)
    results = search.browser_queries(site, PLAIN, runs)["pagefind"]
    per_query: dict[str, Any] = {}
    for r in results:
        entry = per_query.setdefault(r.query, {"index_bytes": r.bytes_index, "ms": []})
        entry["ms"].append(round(r.first_result_ms))
    size = sum(p.stat().st_size for p in (site / "pagefind").rglob("*") if p.is_file())
    return {"index_total": size, "queries": per_query}


def main(site: Path, runs: int) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    urls = {q: "q=" + quote_plus(q) for q in PLAIN} | VARIANTS
    measured: dict[str, Any] = {}
    with search.serve(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            search._query(browser, f"{base}/search.html?q=russia", "search", "")  # warm up
            for name, query in urls.items():
                got = [
                    search._query(browser, f"{base}/search.html?{query}", "search", name)
                    for _ in range(runs)
                ]
                times = [r.first_result_ms for r in got]
                measured[name] = {
                    "first_ms_median": round(statistics.median(times)),
                    "first_ms_max": round(max(times)),
                    "index_bytes": got[0].bytes_index,
                    "hits": got[0].hits,
                }
        finally:
            browser.close()
    ranked = search.lunr_check(site, PLAIN)
    for q in PLAIN:
        measured[q]["equal_to_unsharded"] = ranked[q]["equal"]
    return {"index": index_bytes(site / "search"), "queries": measured}


def compare(sites: dict[str, Path], runs: int) -> dict[str, Any]:
    """Cold queries on several builds of one corpus, interleaved run by run (a machine's
    load then weighs on each alike); Pagefind too, for the plain queries, if the first
    site has a pagefind/ index. Per site and query: median and maximum time to the first
    result, index bytes, hits."""
    from contextlib import ExitStack

    from playwright.sync_api import sync_playwright

    urls = {q: "q=" + quote_plus(q) for q in PLAIN} | VARIANTS
    first = next(iter(sites.values()))
    out: dict[str, dict[str, Any]] = {name: {} for name in [*sites, "pagefind"]}
    with ExitStack() as stack, sync_playwright() as p:
        bases = {name: stack.enter_context(search.serve(site)) for name, site in sites.items()}
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for base in bases.values():
                search._query(browser, f"{base}/search.html?q=russia", "search", "")
            for name, query in urls.items():
                got: dict[str, list[Any]] = {n: [] for n in out}
                for _ in range(runs):
                    for site_name, base in bases.items():
                        url = f"{base}/search.html?{query}"
                        got[site_name].append(search._query(browser, url, "search", name))
                    if name in PLAIN and (first / "pagefind").is_dir():
                        url = f"{bases[next(iter(sites))]}/{search.PAGEFIND_PAGE}?{query}"
                        got["pagefind"].append(search._query(browser, url, "pagefind", name))
                for site_name, results in got.items():
                    if results:
                        times = [r.first_result_ms for r in results]
                        out[site_name][name] = {
                            "first_ms_median": round(statistics.median(times)),
                            "first_ms_max": round(max(times)),
                            "index_bytes": results[0].bytes_index,
                            "hits": results[0].hits,
                        }
        finally:
            browser.close()
    return out


if __name__ == "__main__":
    if sys.argv[1] == "compare":  # compare RUNS NAME=SITE NAME=SITE …
        named = dict(arg.split("=", 1) for arg in sys.argv[3:])
        print(json.dumps(compare({k: Path(v) for k, v in named.items()}, int(sys.argv[2]))))
        sys.exit()
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    if len(sys.argv) > 3 and sys.argv[3] == "pagefind":
        print(json.dumps(pagefind_bytes(Path(sys.argv[1]), runs), indent=1))
    else:
        print(json.dumps(main(Path(sys.argv[1]), runs), indent=1))
