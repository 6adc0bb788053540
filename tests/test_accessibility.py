"""Accessibility: axe-core in Chromium finds no serious or critical problem; keyboard works."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT

from clippings.site.notfound import http_handler

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
PAGES = {
    "home": "index.html",
    "article": "2025/11/iran-russia-railway-pact-sets-keystone-in-north-south-corridor/index.html",
    "tag": "tag/militarism/index.html",
    "tags": "tags/index.html",
    "outlet": "outlet/rt/index.html",
    "outlets": "outlets/index.html",
    "month": "2025/11/index.html",
    "year": "2025/index.html",
    "archives": "archives/index.html",
    "404": "404.html",
    "search": "search.html?q=iran+railway",
    "entity": "entity/sergey-lavrov/index.html",
    "entities": "entities/index.html",
    "entities A-Z": "entities/places/index.html",
}


@pytest.fixture(scope="module")
def context(browser):  # type: ignore[no-untyped-def]
    assert AXE.exists(), "axe-core is missing: run `python3 -m invoke test` (npm ci)"
    # axe is injected as an inline script, which the site's Content-Security-Policy
    # rightly refuses: the audit (not the site) runs with the policy bypassed.
    ctx = browser.new_context(bypass_csp=True)
    yield ctx
    ctx.close()


@pytest.fixture(scope="module")
def not_found_root(sample_site: Path) -> Iterator[str]:
    """The site over HTTP, missing paths answered with its 404.html (`invoke serve`)."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), http_handler(sample_site))
    server.RequestHandlerClass.log_message = lambda *a: None  # type: ignore[attr-defined,method-assign]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", sorted(PAGES))
def test_no_serious_axe_violations(
    sample_site: Path, context, name: str, scheme: str, not_found_root: str
) -> None:  # type: ignore[no-untyped-def]
    page = context.new_page()
    page.emulate_media(color_scheme=scheme)
    path, _, query = PAGES[name].partition("?")
    if name == "404":  # as a server gives it, for a missing path at depth
        page.goto(f"{not_found_root}/2025/11/a-mistyped-slug/")
    else:
        page.goto((sample_site / path).as_uri() + (f"?{query}" if query else ""))
    if query:  # the search page: audit it with its results shown
        page.wait_for_selector("#search-results li")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document)")
    page.close()
    bad = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert bad == [], f"{name} ({scheme}): {bad}"


def test_keyboard_skip_link_and_tab_order(sample_site: Path, context) -> None:  # type: ignore[no-untyped-def]
    page = context.new_page()
    page.goto((sample_site / PAGES["article"]).as_uri())
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Skip to main content"
    box = page.evaluate(
        "(() => { const r = document.activeElement.getBoundingClientRect(); return r.width * r.height; })()"
    )
    assert box > 0, "the focused skip link must be visible"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
    # Tabbing on from the main landmark reaches the article's links, not the header again.
    page.keyboard.press("Tab")
    inside_main = page.evaluate("document.querySelector('main').contains(document.activeElement)")
    assert inside_main
    page.close()
