"""The Content-Security-Policy (the third layer of docs/security.md) on every page type.

Every page of the sample site carries the policy as its first `<meta>`; in Chromium, no
page breaks it (no violation reported) and the search page finds articles with the
policy in force, over http and from `file://`. A page that tries an inline script is
refused by the browser.
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from linkcheck import html_files
from test_accessibility import PAGES

WATCH = (
    "window.__violations = [];"
    "document.addEventListener('securitypolicyviolation',"
    " e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));"
)


@pytest.fixture(scope="module")
def http_root(sample_site: Path) -> Iterator[str]:
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(sample_site))
    handler.log_message = lambda *a: None  # type: ignore[assignment]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_every_page_carries_the_policy_first(sample_site: Path) -> None:
    pages = html_files(sample_site)
    assert len(pages) > 100
    for page in pages:
        head = BeautifulSoup(page.read_bytes(), "html.parser").head
        assert head is not None, page
        metas = head.find_all("meta")
        assert metas[1].get("http-equiv") == "Content-Security-Policy", page
        policy = metas[1]["content"]
        assert "script-src 'self'" in policy and "object-src 'none'" in policy, page
        assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy, page
        assert "base-uri 'none'" in policy and "form-action 'self'" in policy, page


@pytest.mark.parametrize("scheme", ["file", "http"])
def test_no_page_type_breaks_the_policy(sample_site: Path, http_root: str, browser, scheme: str) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context()
    context.add_init_script(WATCH)
    base = sample_site.as_uri() if scheme == "file" else http_root
    try:
        for name, path in sorted(PAGES.items()):
            page = context.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
            page.goto(f"{base}/{path}", wait_until="load")
            if "?q=" in path:
                page.wait_for_selector("#search-results li", timeout=10_000)
                assert page.locator("#search-results li").count() >= 1, name
            assert page.evaluate("() => window.__violations") == [], (scheme, name)
            assert errors == [], (scheme, name, errors)
            page.close()
    finally:
        context.close()


def test_the_browser_refuses_an_inline_script(sample_site: Path, tmp_path: Path, browser) -> None:  # type: ignore[no-untyped-def]
    """The policy is live, not decorative: an inline script added to a page is blocked."""
    page_file = tmp_path / "page.html"
    html = (sample_site / "index.html").read_text(encoding="utf-8")
    page_file.write_text(
        html.replace("</main>", '<script>window.__ran = 1</script><img src="x" onerror="window.__ran = 2"></main>'),
        encoding="utf-8",
    )
    context = browser.new_context()
    context.add_init_script(WATCH)
    page = context.new_page()
    page.goto(page_file.as_uri(), wait_until="load")
    assert page.evaluate("() => window.__ran") is None
    violations = page.evaluate("() => window.__violations")
    assert any(v.startswith("script-src") for v in violations), violations
    context.close()
