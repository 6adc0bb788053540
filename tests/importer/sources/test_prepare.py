"""Media, highlighted code, strikethrough and inline spacing survive import and Markdown."""

from __future__ import annotations

import gzip
from pathlib import Path

import markdown
import pytest
from conftest import FIXTURES as ALL_FIXTURES

from clippings.importer.markdown import html_to_markdown
from clippings.importer.model import Article
from clippings.importer.sources.common import finish
from clippings.importer.sources.html import parse
from clippings.importer.sources.prepare import prepare_html, watch_url
from clippings.site.safe_markdown import SafeMarkdownExtension

FIXTURES = ALL_FIXTURES / "extraction" / "html"


def _body(raw: str, base: str | None = "https://radio.example/news/") -> str:
    from datetime import date

    return finish(Article(title="t", date=date(2024, 1, 1)), raw, base).body_html


def _rendered(body_html: str) -> str:
    # The site's extensions (pelicanconf.MARKDOWN): fenced code, tables, the sanitiser.
    extensions = ["fenced_code", "tables", SafeMarkdownExtension()]
    return markdown.markdown(html_to_markdown(body_html), extensions=extensions)


def test_audio_becomes_a_visible_link() -> None:
    raw = (
        "<p>Wayne Walker reports.</p>"
        '<audio controls><source src="clips/walker.mp3" type="audio/mpeg">'
        "Your browser does not support audio.</audio><p>Next story.</p>"
    )
    body = _body(raw)
    assert '<a href="https://radio.example/news/clips/walker.mp3"' in body
    assert "Audio: walker.mp3" in body
    assert body.index("Wayne Walker") < body.index("walker.mp3") < body.index("Next story")


def test_video_and_player_embeds_become_links() -> None:
    raw = (
        '<iframe src="https://www.youtube.com/embed/dQw4w9WgXcQ?rel=0" title="Press briefing">'
        "</iframe>"
        '<video src="/media/rescue.mp4"></video>'
        '<iframe src="https://player.vimeo.com/video/76979871"></iframe>'
    )
    body = _body(raw)
    assert 'href="https://www.youtube.com/watch?v=dQw4w9WgXcQ"' in body
    assert "Video: Press briefing" in body
    assert 'href="https://radio.example/media/rescue.mp4"' in body
    assert 'href="https://vimeo.com/76979871"' in body
    assert "<iframe" not in body and "<video" not in body


@pytest.mark.parametrize(
    "raw",
    [
        '<iframe src="javascript:alert(1)">fallback text</iframe>',
        '<video src="data:video/mp4;base64,AAAA">fallback text</video>',
        '<object data="vbscript:x">fallback text</object>',
    ],
)
def test_media_with_an_unsafe_address_keeps_only_its_fallback_text(raw: str) -> None:
    body = _body(raw)
    assert body == "<p>fallback text</p>"


def test_media_with_script_inside_stays_inert() -> None:
    body = _body('<video src="https://e.com/v.mp4"><script>alert(1)</script></video>')
    assert "script" not in body and "alert" not in body
    assert 'href="https://e.com/v.mp4"' in body


def test_highlighter_table_becomes_a_code_block_with_its_lines() -> None:
    raw = (
        '<table class="highlighttable"><tr><td class="gutter"><pre>1\n2\n3</pre></td>'
        '<td class="code"><pre><span class="k">def</span> f(x):\n'
        '    <span class="k">return</span> x &lt; 2\n\nprint(f(1))</pre></td></tr></table>'
    )
    body = _body(raw)
    assert "<table" not in body
    assert "<pre>def f(x):\n    return x &lt; 2\n\nprint(f(1))</pre>" in body
    md = html_to_markdown(body)
    assert "```\ndef f(x):\n    return x < 2\n\nprint(f(1))\n```" in md
    assert _rendered(body).count("<pre>") == 1


def test_line_per_div_highlighter_keeps_newlines() -> None:
    raw = (
        '<table><tr><td class="code"><pre><div class="line">if a:</div>'
        '<div class="line">    b()</div></pre></td></tr></table>'
    )
    assert "<pre>if a:\n    b()</pre>" in _body(raw)


def test_hexo_highlighter_with_br_line_ends() -> None:
    """Hexo's `figure.highlight`: each line a span ended by <br>, numbers in a gutter."""
    raw = (
        '<figure class="highlight bash"><table><tbody><tr><td class="gutter"><pre>'
        '<span class="line">1</span><br/><span class="line">2</span><br/></pre></td>'
        '<td class="code"><pre><span class="line">wget http://www.lua.org/ftp/lua-5.3.2.tar.gz'
        '</span><br/><span class="line">tar zxf lua-5.3.2.tar.gz</span><br/></pre></td>'
        "</tr></tbody></table></figure>"
    )
    body = _body(raw)
    assert (
        "<pre>wget http://www.lua.org/ftp/lua-5.3.2.tar.gz\ntar zxf lua-5.3.2.tar.gz</pre>" in body
    )
    assert "1\n2" not in body  # the gutter's line numbers are not code


def test_ordinary_tables_and_nested_pre() -> None:
    table = "<table><tr><td>1</td><td>2</td></tr></table>"
    assert prepare_html(table) == table  # not a highlighter's: untouched
    assert prepare_html("<pre><pre>x = 1</pre></pre>") == "<pre>x = 1</pre>"


def test_watch_url() -> None:
    assert watch_url("https://www.youtube-nocookie.com/embed/abcdefghijk") == (
        "https://www.youtube.com/watch?v=abcdefghijk"
    )
    assert watch_url("https://example.org/embed/x") == "https://example.org/embed/x"


@pytest.mark.parametrize(
    ("html", "markdown_text", "rendered"),
    [
        ("<p>Mark<sup>up</sup></p>", "Mark<sup>up</sup>", "<p>Mark<sup>up</sup></p>"),
        ("<p>1250ft<sup>2</sup></p>", "1250ft<sup>2</sup>", "<p>1250ft<sup>2</sup></p>"),
        ("<p>H<sub>2</sub>O</p>", "H<sub>2</sub>O", "<p>H<sub>2</sub>O</p>"),
        ("<p>Forager<em> </em>is</p>", "Forager is", "<p>Forager is</p>"),
        ("<p>a<strong> </strong>b</p>", "a b", "<p>a b</p>"),
        ("<p><del>old</del> new</p>", "<del>old</del> new", "<p><del>old</del> new</p>"),
        ("<p><s>gone</s></p>", "<s>gone</s>", "<p><s>gone</s></p>"),
        ("<p><sup>&lt;b&gt;</sup></p>", "<sup>&lt;b\\></sup>", "<p><sup>&lt;b&gt;</sup></p>"),
    ],
)
def test_inline_markup_round_trip(html: str, markdown_text: str, rendered: str) -> None:
    assert html_to_markdown(html) == markdown_text + "\n"
    assert _rendered(html) == rendered
    assert "~~" not in html_to_markdown(html)


@pytest.mark.parametrize(
    ("page", "video"),
    [
        ("14cc2a0ca59c62a8", "AEyOoZ7JpyY"),  # sciencealert.com: a YouTube iframe in the text
        ("8cad00dc22de45ba", "73dQFCaL3RM"),  # a WordPress theatre blog (the WordPress path)
    ],
)
def test_real_page_youtube_embeds_are_kept_as_links(tmp_path: Path, page: str, video: str) -> None:
    path = tmp_path / "page.html"
    path.write_bytes(gzip.decompress((FIXTURES / f"{page}.html.gz").read_bytes()))
    [article] = [r for r in parse(path) if isinstance(r, Article)]
    assert f'<a href="https://www.youtube.com/watch?v={video}"' in article.body_html
    assert "<iframe" not in article.body_html
    assert f"(https://www.youtube.com/watch?v={video})" in html_to_markdown(article.body_html)


def test_lone_addresses_become_links_as_wordpress_embeds_them() -> None:
    """The theme unit test's embed posts: a URL alone on its line is an embed."""
    from clippings.importer.sources.wxr import parse as parse_wxr

    theme = FIXTURES.parent.parent / "wxr" / "themeunittestdata.wordpress.xml"
    posts = {a.title: a for a in parse_wxr(theme) if isinstance(a, Article)}
    tweet = posts["Media: Twitter Embeds"].body_html
    assert '<a href="https://twitter.com/nacin/status/319508408669708289"' in tweet
    blocks = html_to_markdown(posts["Block category: Embeds"].body_html)
    for url in ("https://youtu.be/ex8fMxXJDJw", "https://www.facebook.com/6427302910/posts/"):
        assert f"\n\n<{url}" in blocks
    # Text around an address is left alone; only an address alone is a link.
    assert prepare_html("<p>see https://e.com/x now</p>") == "<p>see https://e.com/x now</p>"
    assert _body("<p> javascript:alert(1) </p>") == "<p> javascript:alert(1) </p>"


def _cleaned(fragment: str) -> str:
    from bs4 import BeautifulSoup

    from clippings.importer.sources.prepare import drop_clutter

    soup = BeautifulSoup(fragment, "html.parser")
    drop_clutter(soup)
    return str(soup)


@pytest.mark.parametrize(
    ("fragment", "kept"),
    [
        ("<p>One.</p><p>- Advertisement -</p><p>Two.</p>", "<p>One.</p><p>Two.</p>"),
        ("<p>One.</p><div>ADVERTISEMENT</div>", "<p>One.</p>"),
        ("<h2>Click here to subscribe to The Paradigm Newsletter</h2><p>x</p>", "<p>x</p>"),
        ("<p>Submit your letter to the editor here.</p><p>x</p>", "<p>x</p>"),
        ("<h3></h3><h2> </h2><p>x</p>", "<p>x</p>"),
        (
            '<p>x</p><h3>Similar Articles</h3><ul><li><a href="/a">A</a></li>'
            '<li><a href="/b">B</a></li></ul>',
            "<p>x</p>",
        ),
    ],
)
def test_clutter_goes(fragment: str, kept: str) -> None:
    assert _cleaned(fragment) == kept


@pytest.mark.parametrize(
    "fragment",
    [
        # A sentence mentioning advertising, a long appeal, a real list after "More".
        "<p>Advertisement revenue fell by a third in the quarter.</p>",
        "<p>Subscribe to our view or not, the figures show that the council spent more on "
        "roads than on schools for the third year running, and the gap is widening.</p>",
        "<h3>More</h3><ul><li>Three ministers resigned on Monday.</li></ul>",
        "<h3>Related</h3><p>The inquiry continues.</p>",
        '<h2><img src="https://e.com/logo.png" alt="Logo"></h2>',
    ],
)
def test_content_that_looks_like_clutter_stays(fragment: str) -> None:
    from bs4 import BeautifulSoup

    assert _cleaned(fragment) == str(BeautifulSoup(fragment, "html.parser"))
