"""Hostile input in every format, imported, built, and opened in headless Chromium.

Payloads sit in bodies, titles, tags and authors. After a real build, every page is
loaded from file:// with JavaScript on; no payload may run (no dialog, no marker set),
and no page may hold an executable element or attribute.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import build_site, is_site_script, run_clippings
from linkcheck import html_files

RUN = "window.__xss=1;alert(1)"
# Attributes a browser follows or loads; elsewhere (e.g. a tag named "javascript:…" in
# an escaped `article:tag` meta) such text is inert.
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "poster", "srcset", "xlink:href"}
BODY_PAYLOADS = (
    f"<script>{RUN}</script>"
    f'<img src="x" onerror="{RUN}">'
    f'<svg onload="{RUN}"></svg>'
    f'<a href="javascript:{RUN}">j1</a>'
    f'<a href=" jav&#x09;ascript:{RUN}">j2</a>'
    f'<a href="JaVaScRiPt:{RUN}">j3</a>'
    f'<iframe src="javascript:{RUN}"></iframe>'
    f'<object data="javascript:{RUN}"></object>'
    f'<form action="javascript:{RUN}"><button>go</button></form>'
    f'<meta http-equiv="refresh" content="0;url=javascript:{RUN}">'
    f'<p style="background:url(javascript:{RUN})" onmouseover="{RUN}">hover</p>'
    f'<img src="data:image/svg+xml,&lt;svg onload=&quot;{RUN}&quot;&gt;">'
)
TITLE = f"<img src=x onerror={RUN}>Hostile"


def _text_dump(path: Path) -> None:
    path.write_text(
        f"{TITLE} text\n\nBy <script>{RUN}</script> | RT | November 8, 2025\n\n"
        f"<script>{RUN}</script> body <a href='javascript:{RUN}'>x</a>\n\n"
        f"November 9, 2025 Posted by | <svg onload={RUN}> | , | Leave a comment\n",
        encoding="utf-8",
    )


def _wxr(path: Path) -> None:
    path.write_text(
        f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Blog</title><link>https://blog.example</link>
<item><title><![CDATA[{TITLE} wxr]]></title><link>https://blog.example/h/</link>
<dc:creator><![CDATA[<script>{RUN}</script>Admin]]></dc:creator>
<content:encoded><![CDATA[<p>RT | November 8, 2025</p>{BODY_PAYLOADS}<p>end</p>]]></content:encoded>
<wp:post_date_gmt>2025-11-10 06:00:00</wp:post_date_gmt><wp:post_name>../../../etc/passwd</wp:post_name>
<wp:status>publish</wp:status><wp:post_type>post</wp:post_type>
<category domain="category"><![CDATA[<img src=x onerror={RUN}>]]></category>
<category domain="post_tag"><![CDATA[javascript:{RUN}]]></category>
</item></channel></rss>
""",
        encoding="utf-8",
    )


def _feed(path: Path) -> None:
    escaped = BODY_PAYLOADS.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    path.write_text(
        f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Feed</title>
<link>https://feed.example/</link>
<item><title>&lt;script&gt;{RUN}&lt;/script&gt; feed</title><link>https://feed.example/h</link>
<guid>https://feed.example/h</guid><pubDate>Mon, 10 Nov 2025 06:00:00 GMT</pubDate>
<dc:creator>&lt;b onclick="{RUN}"&gt;Ed&lt;/b&gt;</dc:creator><category>&lt;svg onload={RUN}&gt;</category>
<description>{escaped}</description></item></channel></rss>
""",
        encoding="utf-8",
    )


def _html(path: Path) -> None:
    path.write_text(
        f"""<!DOCTYPE html><html><head><title>Site</title>
<link rel="canonical" href="https://site.example/2025/11/h/"></head><body>
<article class="post hentry"><h1 class="entry-title">&lt;script&gt;{RUN}&lt;/script&gt; html</h1>
<time datetime="2025-11-10T06:00:00+00:00">10 Nov</time>
<a rel="author" href="/a">&lt;img src=x onerror={RUN}&gt;</a>
<a rel="category tag" href="/c">&lt;svg onload={RUN}&gt;</a>
<div class="entry-content">{BODY_PAYLOADS}<p>end</p></div></article>
<script>{RUN}</script></body></html>
""",
        encoding="utf-8",
    )


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    inputs = root / "inputs"
    inputs.mkdir()
    _text_dump(inputs / "dump.txt")
    _wxr(inputs / "export.xml")
    _feed(inputs / "feed.rss")
    _html(inputs / "page.html")
    content, output = root / "content", root / "output"
    result = run_clippings("import", str(inputs), "--content", str(content))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("4 article(s) found: 4 created"), result.stdout
    built = build_site(content, output)
    assert built.returncode == 0, built.stdout + built.stderr
    return output


def test_no_executable_markup_in_any_page(hostile_site: Path) -> None:
    pages = html_files(hostile_site)
    assert len(pages) > 4
    for page in pages:
        soup = BeautifulSoup(page.read_bytes(), "html.parser")
        for tag in (
            "iframe",
            "object",
            "embed",
            "form:not([role=search])",
            "svg",
            "meta[http-equiv]",
        ):
            assert not soup.select(tag), (page, tag)
        # The only forms: the site's own search boxes, leading to its search page.
        assert all(f["action"].endswith("search.html") for f in soup.select("form")), page
        # The only script element: JSON-LD data, JSON-escaped (no markup can close it).
        for script in soup.find_all("script"):
            if is_site_script(script):
                continue
            assert script.get("type") == "application/ld+json", (page, script)
            json.loads(script.string or "")
            assert "<" not in (script.string or ""), (page, script)
        for element in soup.find_all(True):
            for name, value in element.attrs.items():
                assert not name.lower().startswith("on"), (page, element)
                if name.lower() in URL_ATTRIBUTES:
                    assert "javascript:" not in str(value).lower(), (page, element)
                assert not str(value).lower().startswith("data:text"), (page, element)
            assert element.name != "img" or not element.get("src", "").startswith("data:")


def test_paths_stay_inside_the_archive(hostile_site: Path) -> None:
    content = hostile_site.parent / "content"
    files = [p.relative_to(content).as_posix() for p in content.rglob("*.md")]
    assert all(f.startswith("articles/2025/11/") for f in files), files
    assert any(f.endswith("/etc-passwd.md") for f in files)


def test_no_payload_runs_in_chromium(hostile_site: Path, browser) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(java_script_enabled=True)
    dialogs: list[str] = []
    try:
        for path in html_files(hostile_site):
            page = context.new_page()
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.goto(path.as_uri(), wait_until="load")
            page.mouse.move(10, 10)
            page.mouse.move(200, 300)
            assert page.evaluate("() => window.__xss === undefined"), path
            page.close()
    finally:
        context.close()
    assert dialogs == []
