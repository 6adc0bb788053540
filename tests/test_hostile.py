"""Hostile input in every format, imported, built, and opened in headless Chromium.

Payloads sit in bodies, titles, tags and authors. After a real build, every page is
loaded from file:// with JavaScript on; no payload may run (no dialog, no marker set),
and no page may hold an executable element or attribute.
"""

from __future__ import annotations

import json
import re
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
    assert result.stdout.startswith("4 item(s) in 4 input(s): 4 created"), result.stdout
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
            # The theme's own charts are SVG (clippings/site/charts.py); no other SVG.
            "svg:not(.attention-chart):not(.attention-spark)",
            "meta[http-equiv]:not([http-equiv=Content-Security-Policy])",
        ):
            assert not soup.select(tag), (page, tag)
        # A chart holds only shapes and their titles: nothing imported becomes markup there.
        for chart in soup.select("svg.attention-chart, svg.attention-spark"):
            assert {e.name for e in chart.find_all(True)} <= {"g", "line", "rect", "title"}, page
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


# Second corpus (issue #14): markup that only Markdown itself could create after the
# sanitiser — attribute lists, alt/title text, code fences — in every input format, a
# hand-written Markdown file, and the places that carry text to readers (feeds, search).
ATTR = '{: autofocus tabindex=0 onfocus="' + RUN + '" }'
RENDER_PAYLOADS = (
    f"<h3>Sub {ATTR}</h3>"
    f"<p>Para {ATTR}</p>"
    f'<p><a href="https://e.example/">x</a>{{: onclick="{RUN}"}}</p>'
    f"<p>one<br>{ATTR}</p>"
    f'<h2>T <img alt=\'<img src=x onerror="{RUN}">\' src="https://e.example/a.png"></h2>'
    f'<table><tr><td><img alt=\'<img src=x onerror="{RUN}">\' src="https://e.example/a.png"></td></tr></table>'
    f'<pre>code\n```\n&lt;img src=x onerror="{RUN}"&gt;\n</pre>'
    f'<p><img title="a\n\n&lt;img src=x onerror={RUN}&gt;\n\nb" src="https://e.example/b.png" alt="ok"></p>'
    f"<p>[c](javascript:{RUN}) &lt;javascript:{RUN}&gt;</p>"
)
HAND_WRITTEN = f"""---
title: 'Hand-written {{: onclick="{RUN}"}}'
date: 2025-11-12
outlet: Hand
summary: '<img src=x onerror="{RUN}"> summary'
tags: ['<svg onload={RUN}>']
---

<script>{RUN}</script>

<img src=x onerror="{RUN}">

Heading {{: onclick="{RUN}" autofocus }}
---

[x](javascript:{RUN}) ![i](data:image/svg+xml,<svg onload={RUN}>)

<svg><script>{RUN}</script></svg><math><mtext><table><mglyph><style><img src=x onerror="{RUN}">

<iframe srcdoc="<script>{RUN}</script>"></iframe><object data="x"></object><embed src="x">

<a href="vbscript:{RUN}">v</a><form action="javascript:{RUN}"><button>go</button></form>
"""


def _render_corpus(inputs: Path) -> None:
    (inputs / "dump.txt").write_text(
        f"Plain text dump title\n\nRT | February 3, 2025\n\n"
        "First paragraph of the article, long enough to be body text for the importer.\n\n"
        f'Section {ATTR}\n\nA paragraph {{: onclick="{RUN}"}}\n\nLast paragraph of the body.\n',
        encoding="utf-8",
    )
    wxr = _WXR_TEMPLATE.format(
        body=RENDER_PAYLOADS + '\n\nTitle <img title="a\n\nb" src="https://e.example/c.png">\n\nend'
    )
    (inputs / "export.xml").write_text(wxr, encoding="utf-8")
    escaped = RENDER_PAYLOADS.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    (inputs / "feed.rss").write_text(_FEED_TEMPLATE.format(body=escaped), encoding="utf-8")
    (inputs / "page.html").write_text(_HTML_TEMPLATE.format(body=RENDER_PAYLOADS), encoding="utf-8")


_WXR_TEMPLATE = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Blog</title><link>https://blog.example</link>
<item><title>Render wxr {{: onclick=x}}</title><link>https://blog.example/r/</link>
<dc:creator>Admin</dc:creator>
<content:encoded><![CDATA[<p>RT | November 8, 2025</p>{body}]]></content:encoded>
<excerpt:encoded><![CDATA[&lt;img src=x onerror=alert(1)&gt; excerpt]]></excerpt:encoded>
<wp:post_date_gmt>2025-11-10 06:00:00</wp:post_date_gmt><wp:post_name>render-wxr</wp:post_name>
<wp:status>publish</wp:status><wp:post_type>post</wp:post_type>
</item></channel></rss>
"""
_FEED_TEMPLATE = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Feed</title><link>https://feed.example/</link>
<item><title>Render feed</title><link>https://feed.example/r</link>
<guid>https://feed.example/r</guid><pubDate>Mon, 10 Nov 2025 06:00:00 GMT</pubDate>
<description>{body}</description></item></channel></rss>
"""
_HTML_TEMPLATE = """<!DOCTYPE html><html><head><title>Site</title>
<link rel="canonical" href="https://site.example/2025/11/r/"></head><body>
<article class="post hentry"><h1 class="entry-title">Render html</h1>
<time datetime="2025-11-10T06:00:00+00:00">10 Nov</time>
<div class="entry-content"><p>RT | November 8, 2025</p>{body}<p>end</p></div></article>
</body></html>
"""


@pytest.fixture(scope="module")
def render_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile-render")
    inputs = root / "inputs"
    inputs.mkdir()
    _render_corpus(inputs)
    content, output = root / "content", root / "output"
    result = run_clippings("import", str(inputs), "--content", str(content))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("4 item(s) in 4 input(s): 4 created"), result.stdout
    (content / "articles" / "hand.md").write_text(HAND_WRITTEN, encoding="utf-8")
    built = build_site(content, output)
    assert built.returncode == 0, built.stdout + built.stderr
    return output


def test_render_corpus_pages_hold_no_executable_markup(render_site: Path) -> None:
    from clippings.site.check import executable_markup

    pages = html_files(render_site)
    article_pages = [p for p in pages if p.parent.parent.name in ("02", "11")]
    assert len(article_pages) == 5, article_pages
    for page in pages:
        soup = BeautifulSoup(page.read_bytes(), "html.parser")
        for element in soup.find_all(True):
            names = {name.lower() for name in element.attrs}
            assert not any(n.startswith("on") for n in names), (page, element)
            assert "autofocus" not in names and "style" not in names, (page, element)
        assert soup.select('meta[http-equiv="Content-Security-Policy"]'), page
    # The site check agrees (it is what `invoke check` runs).
    import lxml.html

    for page in pages:
        assert executable_markup(lxml.html.parse(str(page)).getroot(), page=True) == [], page


def test_render_corpus_feeds_carry_no_markup(render_site: Path) -> None:
    import feedparser

    feeds = sorted(render_site.rglob("*.atom.xml"))
    assert feeds
    for feed in feeds:
        for entry in feedparser.parse(feed.read_bytes(), sanitize_html=False).entries:
            parts = [c["value"] for c in entry.get("content", [])] + [entry.get("summary", "")]
            for part in parts:
                for element in BeautifulSoup(part, "html.parser").find_all(True):
                    assert element.name not in ("script", "iframe", "svg", "object"), (feed, part)
                    assert not any(n.lower().startswith("on") for n in element.attrs), (feed, part)


def test_render_corpus_runs_nothing_in_chromium(render_site: Path, browser) -> None:  # type: ignore[no-untyped-def]
    """Every page, and the search page showing the hostile titles: no dialog, no handler
    in the live DOM, no request to another origin but images the articles show."""
    context = browser.new_context(java_script_enabled=True)
    dialogs: list[str] = []
    foreign: list[str] = []

    def on_request(request) -> None:  # type: ignore[no-untyped-def]
        if not request.url.startswith("file://") and request.resource_type != "image":
            foreign.append(f"{request.resource_type} {request.url}")

    try:
        urls = [p.as_uri() for p in html_files(render_site)]
        urls += [(render_site / "search.html").as_uri() + "?q=" + q for q in ("render", "hand")]
        for url in urls:
            page = context.new_page()
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.on("request", on_request)
            page.goto(url, wait_until="load")
            if "?q=" in url:
                page.wait_for_selector("#search-results li", timeout=10_000)
            page.keyboard.press("Tab")
            page.mouse.move(10, 10)
            page.mouse.move(200, 300)
            handlers = page.evaluate(
                "() => [...document.querySelectorAll('*')].flatMap(e => [...e.attributes]"
                ".filter(a => a.name.startsWith('on')).map(a => e.tagName + ' ' + a.name))"
            )
            assert handlers == [], (url, handlers)
            assert page.evaluate("() => window.__xss === undefined"), url
            page.close()
    finally:
        context.close()
    assert dialogs == []
    assert foreign == []


def test_check_reports_handlers_scripts_and_frames(render_site: Path, tmp_path: Path) -> None:
    """`invoke check`'s crawl names each kind of executable markup, in pages and feeds."""
    import shutil

    from clippings.site.check import crawl

    site = tmp_path / "site"
    shutil.copytree(render_site, site)
    page = next(p for p in html_files(site) if p.parent.parent.name == "11")
    html = page.read_text(encoding="utf-8")
    injected = (
        '<p onclick="x()">a</p><a href=" javascript:x()">b</a><script>x()</script>'
        '<iframe src="https://e.example/"></iframe><object data="x"></object><embed src="y">'
    )
    page.write_text(html.replace("</main>", injected + "</main>"), encoding="utf-8")
    feed = site / "feeds" / "all.atom.xml"
    text = feed.read_text(encoding="utf-8")
    feed.write_text(
        text.replace("</content>", "&lt;img src=x onerror=y()&gt;</content>", 1), encoding="utf-8"
    )
    nocsp = site / "404.html"
    nocsp.write_text(
        re.sub(
            r'<meta http-equiv="Content-Security-Policy"[^>]*>',
            "",
            nocsp.read_text(encoding="utf-8"),
        ),
        encoding="utf-8",
    )
    before = set(crawl(render_site, html5=False).problems)
    assert not any("script" in p or "handler" in p or "frame" in p for p in before), before
    problems = [p for p in crawl(site, html5=False).problems if p not in before]
    name = page.relative_to(site).as_posix()
    for expected in (
        f"{name}: <p onclick=…>: event-handler attribute",
        f"{name}: <a href=' javascript:x()'>: script URL",
        f"{name}: <script 'x()'>: script",
        f"{name}: <iframe>: embedded frame or object",
        f"{name}: <object>: embedded frame or object",
        f"{name}: <embed>: embedded frame or object",
        "feeds/all.atom.xml: entry 1: <img onerror=…>: event-handler attribute",
        "404.html: no Content-Security-Policy <meta>",
    ):
        assert expected in problems, (expected, problems)
    assert len(problems) == 8, problems
