"""The first two layers of docs/security.md, each on its own and together.

Layer 1, the Markdown writer: imported text, whatever it holds, renders as text. Checked
by rendering the writer's Markdown with the archive's Markdown settings *without* the
sanitising extension: no element or attribute may appear that the Markdown syntax the
writer chose did not make. Layer 2, `clippings.site.safe_markdown`: whatever a content file
holds (a maintainer's hand-written raw HTML), the rendered HTML is inert.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import markdown
import pytest
from bs4 import BeautifulSoup
from conftest import ROOT
from hypothesis import example, given
from hypothesis import strategies as st

from clippings.importer.markdown import (
    html_to_markdown,
    plain_blocks_to_markdown,
    read_markdown,
    to_markdown,
)
from clippings.importer.model import Article
from clippings.sanitize import sanitize_html

RUN = "alert(document.domain)"
SCRIPT_SCHEMES = ("javascript:", "vbscript:", "data:text", "data:image/svg")
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "poster", "cite", "srcset"}


def _settings() -> dict[str, Any]:
    namespace: dict[str, Any] = {"__file__": str(ROOT / "pelicanconf.py")}
    exec((ROOT / "pelicanconf.py").read_text(encoding="utf-8"), namespace)
    return namespace


SETTINGS = _settings()
CONFIGS: dict[str, Any] = SETTINGS["MARKDOWN"]["extension_configs"]


def render(text: str, sanitise: bool = True, permissive: bool = False) -> str:
    """`text` rendered as Pelican renders the archive's Markdown (optionally unsanitised).

    `permissive` renders with Python-Markdown's `extra` instead (attribute lists,
    Markdown in HTML, footnotes…) and no sanitiser: the writer's output must stay
    inert even under extensions the archive does not enable.
    """
    if permissive:
        return markdown.markdown(text, extensions=["extra"], output_format="html5")
    names = [n for n in CONFIGS if sanitise or n != "clippings.site.safe_markdown"]
    md = markdown.Markdown(
        extensions=names,
        extension_configs={n: CONFIGS[n] for n in names},
        output_format="html5",
    )
    return md.convert(text)


def executable(html: str) -> list[str]:
    """Everything in `html` that could run script or load a foreign document."""
    found = []
    for element in BeautifulSoup(html, "html.parser").find_all(True):
        if element.name in {"script", "iframe", "object", "embed", "svg", "math", "style",
                            "form", "meta", "base", "link", "frame", "template"}:  # fmt: skip
            found.append(f"<{element.name}>")
        for name, value in element.attrs.items():
            if name.lower().startswith("on") or name.lower() in {"style", "autofocus", "srcdoc"}:
                found.append(f"<{element.name} {name}>")
            if name.lower() in URL_ATTRIBUTES:
                squeezed = re.sub(r"[\x00-\x20\x7f]", "", str(value)).lower()
                if squeezed.startswith(SCRIPT_SCHEMES):
                    found.append(f"<{element.name} {name}={value!r}>")
    return found


def tags(html: str) -> list[str]:
    return sorted({e.name for e in BeautifulSoup(html, "html.parser").find_all(True)})


# Each class of payload that got through before (issue #14), as an imported body.
WRITER_PAYLOADS = {
    "attr list after a heading": f'<h2>Section {{: autofocus tabindex=0 onfocus="{RUN}" }}</h2>',
    "attr list after a paragraph": f'<p>Para {{: onclick="{RUN}" }}</p>',
    "attr list after a link": f'<p><a href="https://e.com/">x</a>{{: onclick="{RUN}"}}</p>',
    "attr list after a br": f'<p>one<br>{{: onfocus="{RUN}" autofocus}}</p>',
    "attr list in a h3": f'<h3>Sub {{: onfocus="{RUN}" autofocus}}</h3>',
    "img alt in a heading": f'<h2>T <img alt=\'<img src=x onerror="{RUN}">\' src="https://e.com/a.png"></h2>',
    "img alt in a cell": f'<table><tr><td><img alt=\'<img src=x onerror="{RUN}">\' src="https://e.com/a.png"></td></tr></table>',
    "backtick fence in pre": f'<pre>code\n```\n&lt;img src=x onerror="{RUN}"&gt;\n</pre>',
    "longer fence in pre": f"<pre>````\n&lt;script&gt;{RUN}&lt;/script&gt;\n`````</pre>",
    "blank lines in a title": f'<p><img title="a\n\n<img src=x onerror={RUN}>\n\nb" src="https://e.com/b.png" alt="ok"></p>',
    "blank lines in an alt": f'<p><img alt="a\n\n<script>{RUN}</script>\n\nb" src="https://e.com/b.png"></p>',
    "quote in a link title": f'<p><a href="https://e.com/" title=\'x") onclick="{RUN}\'>y</a></p>',
    "quote in an image URL": f'<p><img src=\'https://e.com/a.png" onerror="{RUN}\' alt="a"></p>',
    "angle bracket in a URL": f"<p><a href='https://e.com/<img src=x onerror={RUN}>'>https://e.com/<img src=x onerror={RUN}></a></p>",
    "markdown link syntax as text": f"<p>[click](javascript:{RUN}) and ![i](javascript:{RUN})</p>",
    "reference definition as text": f"<p>[x]</p><p>[x]: javascript:{RUN}</p>",
    "autolink syntax as text": f'<p>&lt;javascript:{RUN}&gt; &lt;https://e.com/" onmouseover="{RUN}&gt;</p>',
    "entity-encoded markup": f"<p>&amp;lt;script&amp;gt;{RUN}&amp;lt;/script&amp;gt; &#60;b onclick={RUN}&#62;</p>",
    "html comment and cdata as text": f"<p>&lt;!-- x --&gt;&lt;![CDATA[&lt;script&gt;{RUN}&lt;/script&gt;]]&gt;</p>",
    "code span closing early": f"<p><code>``</code>&lt;img src=x onerror={RUN}&gt;<code>`</code></p>",
    "html block start as text": f'<p>&lt;div onclick="{RUN}"&gt;</p><p>&lt;/div&gt;</p>',
    "attr list in a definition": f"<dl><dt>T {{: onclick={RUN}}}</dt><dd>D {{: onclick={RUN}}}</dd></dl>",
}


def test_each_writer_payload_renders_inert_without_the_sanitiser() -> None:
    for name, body in WRITER_PAYLOADS.items():
        markdown_text = html_to_markdown(sanitize_html(body, "https://e.com/"))
        for permissive in (False, True):
            html = render(markdown_text, sanitise=False, permissive=permissive)
            assert executable(html) == [], (name, markdown_text, html)
            for element in BeautifulSoup(html, "html.parser").find_all(True):
                assert set(element.attrs) <= {"href", "src", "alt", "title"}, (name, html)


def test_attribute_list_text_stays_visible_text() -> None:
    markdown_text = html_to_markdown("<h2>Section {: #x .y }</h2><p>a {: b}</p>")
    html = render(markdown_text, sanitise=False)
    assert html == "<h2>Section {: #x .y }</h2>\n<p>a {: b}</p>", html


def test_code_fence_is_longer_than_any_backtick_run_inside() -> None:
    code = "a\n```\nb\n`````\nc"
    markdown_text = html_to_markdown(f"<pre>{code}</pre>")
    assert markdown_text.startswith("``````\n"), markdown_text
    assert render(markdown_text, sanitise=False) == f"<pre><code>{code}\n</code></pre>"


def test_image_alt_and_title_keep_their_text() -> None:
    body = '<p><img alt="a <b> & {c}" title="t\n\n&quot;q&quot;" src="https://e.com/x.png"></p>'
    html = render(html_to_markdown(sanitize_html(body)), sanitise=False)
    img = BeautifulSoup(html, "html.parser").find("img")
    assert img is not None, html
    assert img["alt"] == "a <b> & {c}"
    assert img["title"] == 't "q"'
    assert img["src"] == "https://e.com/x.png"


HAND_WRITTEN = (
    f"<script>{RUN}</script>",
    f'<img src=x onerror="{RUN}">',
    f'Heading {{: onclick="{RUN}" }}\n---',
    f"[x](javascript:{RUN}) [y](JaVaScRiPt:{RUN}) [z]( jav&#x09;ascript:{RUN})",
    f"![i](data:text/html,<script>{RUN}</script>) ![j](data:image/svg+xml,<svg onload={RUN}>)",
    f"<svg><script>{RUN}</script></svg>",
    f'<math><mtext><table><mglyph><style><img src=x onerror="{RUN}">',
    f'<noscript><p title="</noscript><img src=x onerror={RUN}>">',
    f'<a href="vbscript:{RUN}">v</a><iframe srcdoc="<script>{RUN}</script>"></iframe>',
    f'<base href="javascript:{RUN}//"><meta http-equiv="refresh" content="0;url=javascript:{RUN}">',
    f'<form action="javascript:{RUN}"><button>go</button></form><object data="x"></object><embed src="x">',
    f'<p style="background:url(javascript:{RUN})" onmouseover="{RUN}">hover</p>',
    f'<details open ontoggle="{RUN}"><summary>s</summary></details>',
    f'<blockquote cite="javascript:{RUN}">q</blockquote><q cite="javascript:{RUN}">q</q>',
    f'```{RUN}"><script>\ncode\n```',
    f'[link]: javascript:{RUN}\n\n[link] <http://e.com/" onclick="{RUN}>',
    f'<div markdown="1">*x* {{: onclick="{RUN}"}}</div>',
)


def test_the_sanitiser_alone_makes_hand_written_markdown_inert() -> None:
    for text in (*HAND_WRITTEN, "\n\n".join(HAND_WRITTEN)):
        html = render(text)
        assert executable(html) == [], (text, html)
    kept = render(f'<a href="https://e.com/" target="_blank" onclick="{RUN}">ok</a> *em*')
    assert kept == '<p><a href="https://e.com/">ok</a> <em>em</em></p>', kept


def test_safe_markup_passes_the_sanitiser_unchanged() -> None:
    text = (ROOT / "tests/golden/markdown/wxr_elements.md").read_text(encoding="utf-8")
    _, body = read_markdown(text)
    assert render(body) == render(body, sanitise=False)


# Hypothesis: arbitrary text in every field and body position.
HOSTILE_ALPHABET = st.sampled_from(
    [*list("<>{}=\"':;`&#!/\\[]()*_-~|^ \n\t.\xa0aeonrstx"), "javascript:", "onerror=", "onclick=", "<img", "<script>", "{:", "```", "&#x3c;", "&lt;", "\n\n", "data:", "<svg", "http://e.com/", "{: onfocus=", "autofocus"]
)  # fmt: skip
HOSTILE_TEXT = st.lists(HOSTILE_ALPHABET, max_size=40).map("".join)


@given(
    title=HOSTILE_TEXT,
    tag=HOSTILE_TEXT,
    heading=HOSTILE_TEXT,
    paragraph=HOSTILE_TEXT,
    alt=HOSTILE_TEXT,
    link_text=HOSTILE_TEXT,
    title_attribute=HOSTILE_TEXT,
    code=HOSTILE_TEXT,
    cell=HOSTILE_TEXT,
)
def test_arbitrary_text_in_any_position_renders_inert(
    title: str,
    tag: str,
    heading: str,
    paragraph: str,
    alt: str,
    link_text: str,
    title_attribute: str,
    code: str,
    cell: str,
) -> None:
    from html import escape

    body = (
        f"<h2>{escape(heading)}</h2><p>{escape(paragraph)}</p>"
        f'<p><img alt="{escape(alt)}" title="{escape(title_attribute)}" src="https://e.com/a.png">'
        f'<a href="https://e.com/{escape(link_text)}" title="{escape(title_attribute)}">'
        f"{escape(link_text) or 'x'}</a></p>"
        f"<pre>{escape(code)}</pre><table><tr><td>{escape(cell)}</td></tr></table>"
        f'<h3>{escape(heading)}<img alt="{escape(alt)}" src="https://e.com/b.png"></h3>'
    )
    article = Article(title=title or "t", date=date(2025, 1, 1), tags=[tag] if tag else [],
                      body_html=sanitize_html(body, "https://e.com/"))  # fmt: skip
    meta, markdown_text = read_markdown(to_markdown(article))
    assert meta["title"] == (title or "t")
    for sanitise, permissive in ((False, True), (False, False), (True, False)):
        html = render(markdown_text, sanitise=sanitise, permissive=permissive)
        assert executable(html) == [], (markdown_text, html)
        assert set(tags(html)) <= {"a", "code", "h2", "h3", "img", "p", "pre", "table",
                                   "tbody", "td", "th", "thead", "tr", "br"}, html  # fmt: skip


@given(paragraphs=st.lists(HOSTILE_TEXT, min_size=1, max_size=4))
@example(paragraphs=["<\n\n: <"])  # found by CI: `: x` after a line made a definition list
@example(paragraphs=["term\n: definition"])
@example(paragraphs=["<", ": <"])  # found by CI: a paragraph `: x` after a paragraph too
def test_arbitrary_text_dump_paragraphs_render_inert(paragraphs: list[str]) -> None:
    markdown_text = plain_blocks_to_markdown(
        [("p", p) for p in paragraphs] + [("h2", paragraphs[0])]
    )
    if markdown_text is None:  # control characters: the full HTML path, checked above
        return
    for permissive in (False, True):
        html = render(markdown_text, sanitise=False, permissive=permissive)
        assert executable(html) == [], (markdown_text, html)
    # (A line of `|` and `-` still reads as a table: formatting, not markup that runs.)
    table = {"table", "thead", "tbody", "tr", "th", "td"}
    assert set(tags(render(markdown_text))) <= {"a", "h2", "p", "br", *table}, markdown_text


def test_a_tilde_fence_line_stays_a_paragraph() -> None:
    """Found by the property test: `~~~~` alone, or around text, opened a code block."""
    for blocks in ([("p", "~~~~")], [("p", "~~~"), ("p", "code?"), ("p", "~~~")]):
        markdown_text = plain_blocks_to_markdown(blocks)
        assert markdown_text is not None
        html = render(markdown_text)
        assert "<pre" not in html and "<code" not in html, html
        assert "~~~" in html
    html = render(html_to_markdown("<p>~~~</p><p>x</p><p>~~~</p>"))
    assert "<pre" not in html and html.count("~~~") == 2


def test_an_exclamation_mark_before_a_link_keeps_it_a_link() -> None:
    """Found by the property test: `!` then a link read as `![…](…)`, an image."""
    markdown_text = plain_blocks_to_markdown([("p", "!http://e.com/{")])
    assert markdown_text is not None
    html = render(markdown_text)
    assert "<img" not in html and "!<a " in html, html
    html = render(html_to_markdown('<p>Wow!<a href="https://e.com/x">x</a></p>'))
    assert "<img" not in html and 'Wow!<a href="https://e.com/x">x</a>' in html, html


@pytest.mark.parametrize(
    "body",
    [
        "<p>a<br>: b</p>",  # after a line break
        "<div>a</div><div>: b</div>",  # a block that is not a paragraph
        "<blockquote><p>a</p><p>: b</p></blockquote>",
        "<blockquote>a<br>: b</blockquote>",
        "<ul><li>a<br>: b</li></ul>",
        "<ul><li>a<ul><li>x<br>: b</li></ul></li></ul>",
        "<p>a<span>\n: b</span></p>",  # the line starts inside an inline element
        "<p>a</p><p>: b</p>",
    ],
)
def test_a_colon_opening_a_line_never_makes_a_definition(body: str) -> None:
    """`: x` opening a line, anywhere, stays text: def_list would make the line before a term."""
    html = render(html_to_markdown(body))
    assert "<dl" not in html and "<dd" not in html, html
    assert ": b" in html and "&amp;#58;" not in html, html


def test_a_colon_opening_a_line_of_fenced_code_stays_a_colon() -> None:
    """In fenced code an entity would show as written: the colon is left alone there."""
    markdown_text = html_to_markdown("<p>a</p><pre>x\n: b</pre><p>c<br>: d</p>")
    assert "\n: b\n" in markdown_text and "&#58; d" in markdown_text, markdown_text
    html = render(markdown_text)
    assert "x\n: b" in html and ": d" in html and "<dl" not in html, html


def test_a_real_definition_list_stays_one_and_its_marker_cannot_be_forged() -> None:
    """A `<dl>` keeps its shape; the private-use character marking a `<dd>` is text elsewhere."""
    html = render(html_to_markdown("<dl><dt>Term</dt><dd>one<br>: two</dd></dl>"))
    assert "<dt>Term</dt>" in html and html.count("<dd>") == 1 and ": two" in html, html
    html = render(html_to_markdown("<p>a<br>\ue000 b</p><div>\ue000 c</div>"))
    assert "<dl" not in html and "\ue000 b" in html and "\ue000 c" in html, html
