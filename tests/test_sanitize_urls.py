"""Every URL attribute the sanitisers allow is checked, not only href and src (issue #21).

nh3 checks the schemes of the URL attributes it knows; `cite` (on blockquote and q) is
not among them, so clippings.sanitize must check it itself, at import and after render.
"""

from __future__ import annotations

import pytest

from clippings.sanitize import absolute_url, rendered_url_ok, sanitize_html, sanitize_rendered

BASE = "https://blog.example/2025/11/post/"
HOSTILE = [
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    "java\tscript:alert(1)",
    " javascript:alert(1)",
    "vbscript:msgbox(1)",
    "data:text/html,<script>alert(1)</script>",
]


@pytest.mark.parametrize("tag", ["blockquote", "q"])
@pytest.mark.parametrize("url", HOSTILE)
def test_a_hostile_cite_is_dropped_at_import(tag: str, url: str) -> None:
    out = sanitize_html(f'<{tag} cite="{url}">Said.</{tag}>', BASE)
    assert out == f"<{tag}>Said.</{tag}>"


@pytest.mark.parametrize("tag", ["blockquote", "q"])
@pytest.mark.parametrize("url", HOSTILE)
def test_a_hostile_cite_is_dropped_after_render(tag: str, url: str) -> None:
    out = sanitize_rendered(f'<{tag} cite="{url}">Said.</{tag}>')
    assert out == f"<{tag}>Said.</{tag}>"


@pytest.mark.parametrize("tag", ["blockquote", "q"])
def test_a_relative_cite_is_made_absolute_at_import(tag: str) -> None:
    out = sanitize_html(f'<{tag} cite="../source.html">Said.</{tag}>', BASE)
    assert out == f'<{tag} cite="https://blog.example/2025/11/source.html">Said.</{tag}>'


def test_a_cite_may_not_be_mailto_but_a_link_may() -> None:
    assert sanitize_html('<q cite="mailto:a@b.example">x</q>', BASE) == "<q>x</q>"
    assert sanitize_rendered('<q cite="mailto:a@b.example">x</q>') == "<q>x</q>"
    assert 'href="mailto:a@b.example"' in sanitize_html('<a href="mailto:a@b.example">m</a>', BASE)
    assert sanitize_rendered('<a href="mailto:a@b.example">m</a>') == (
        '<a href="mailto:a@b.example">m</a>'
    )


def test_rendered_html_keeps_relative_urls_and_adds_no_rel() -> None:
    html = '<p><a href="../other/">o</a> <img src="pic.jpg" alt="P"></p>'
    assert sanitize_rendered(html) == html


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ('<pre><code class="language-python">x</code></pre>',) * 2,
        ('<pre><code class="language-c++">x</code></pre>',) * 2,
        ('<pre><code class="evil">x</code></pre>', "<pre><code>x</code></pre>"),
        ('<pre><code class="language-x onload">x</code></pre>', "<pre><code>x</code></pre>"),
        ('<p class="language-python">x</p>', "<p>x</p>"),
        ('<table><tr><td align="center">x</td></tr></table>',) * 2,
        ('<table><tr><th align="right">x</th></tr></table>',) * 2,
        (
            '<table><tr><td align="justify">x</td></tr></table>',
            "<table><tr><td>x</td></tr></table>",
        ),
        ("<p>a\u00a0b</p>", "<p>a\u00a0b</p>"),
    ],
)
def test_rendered_attributes(html: str, expected: str) -> None:
    assert sanitize_rendered(html).replace("<tbody>", "").replace("</tbody>", "") == expected


def test_import_drops_rendering_only_attributes() -> None:
    html = '<pre><code class="language-python">x</code></pre><table><tr><td align="left">y</td></tr></table>'
    out = sanitize_html(html, BASE)
    assert 'class="' not in out and "align=" not in out


@pytest.mark.parametrize(
    "pixel",
    [
        '<img src="https://t.example/p.gif" width="1" height="1">',
        '<img src="https://t.example/p.gif" height="0" alt="">',
        '<img width="1" src="https://t.example/p.gif">',
    ],
)
def test_tracking_pixels_are_removed_at_import(pixel: str) -> None:
    assert sanitize_html(f"<p>Text{pixel}</p>", BASE) == "<p>Text</p>"


def test_small_images_that_are_not_pixels_are_kept() -> None:
    kept = '<img src="https://e.example/i.png" width="10" height="12">'
    assert sanitize_html(kept, BASE) == kept


def test_without_a_base_a_relative_url_is_dropped_at_import() -> None:
    # Relative to a page the archive does not know, it would point into the archive.
    assert sanitize_html('<a href="/x">x</a>') == '<a rel="noopener noreferrer nofollow">x</a>'
    assert sanitize_html('<img src="p.jpg" alt="P">') == '<img alt="P">'
    assert absolute_url("/x", None) is None


def test_absolute_url_keeps_http_and_drops_control_characters() -> None:
    assert absolute_url("HTTPS://E.example/a", None) == "HTTPS://E.example/a"
    assert absolute_url("http://e.example/\x7fa", None) == "http://e.example/a"
    assert absolute_url("\x00\x1f", BASE) is None
    assert absolute_url("mailto:a@b", BASE) == "mailto:a@b"
    assert absolute_url("ftp://e.example/f", BASE) is None


def test_comments_are_removed_and_the_result_trimmed() -> None:
    # A comment can hide a conditional-comment payload for old browsers, and says nothing.
    html = "  <p>a<!--[if IE]><script>alert(1)</script><![endif]-->b</p>\n "
    assert sanitize_html(html, BASE) == "<p>ab</p>"
    assert sanitize_rendered("<p>a<!-- note -->b</p>") == "<p>ab</p>"


def test_absolute_url_keeps_a_non_ascii_address_whole() -> None:
    url = "https://ru.example/статья/«цитата»"
    assert absolute_url(url, None) == url
    assert absolute_url("статья/", "https://ru.example/") == "https://ru.example/статья/"


@pytest.mark.parametrize(
    "url", ["tel:+123", "vbscript:msgbox(1)", "sms:123", "ws://e.example/", "data:,x", "file:///x"]
)
def test_absolute_url_refuses_every_other_scheme(url: str) -> None:
    assert absolute_url(url, BASE) is None
    assert absolute_url(url, BASE, allow_mailto=False) is None


def test_rendered_html_keeps_the_allowed_plain_attributes() -> None:
    html = (
        '<p><a href="x/" title="T">a</a> <abbr title="A">B</abbr> '
        '<img src="i.png" alt="I" title="T" width="10" height="20"></p>'
        '<ol start="3"><li>x</li></ol>'
        '<table><tbody><tr><th scope="col" colspan="2">h</th></tr>'
        '<tr><td rowspan="2">d</td></tr></tbody></table>'
    )
    assert sanitize_rendered(html) == html


@pytest.mark.parametrize(
    "url", ["java script:alert(1)", "java\x01script:alert(1)", "javascript\t:alert(1)"]
)
def test_rendered_cite_with_space_or_control_in_its_scheme_is_dropped(url: str) -> None:
    # Stricter than browsers (which read most of these as relative), on purpose: a cite
    # whose scheme is not plainly http(s) is not kept. nh3 does not check cite itself.
    assert sanitize_rendered(f'<q cite="{url}">x</q>') == "<q>x</q>"


def test_rendered_link_whose_scheme_has_a_non_ascii_letter_is_a_relative_link() -> None:
    # As for a browser (a scheme is ASCII letters, digits, + - .): a relative path.
    html = '<p><a href="café:menu.html">menu</a></p>'
    assert sanitize_rendered(html) == html


@pytest.mark.parametrize(
    ("tag", "url", "ok"),
    [
        ("a", "../x/", True),
        ("a", "https://e.example/", True),
        ("a", "HTTP://e.example/", True),
        ("a", "mailto:a@b.example", True),
        ("q", "mailto:a@b.example", False),
        ("img", "mailto:a@b.example", False),
        ("a", "javascript:alert(1)", False),
        ("a", "data:text/html,x", False),
        ("a", "vbscript:x", False),
        ("a", "tel:123", False),
        ("a", "ftp://e.example/", False),
        ("a", "java\nscript:x", False),
    ],
)
def test_rendered_url_rule_on_its_own(tag: str, url: str, ok: bool) -> None:
    # The rule behind sanitize_rendered's URL check, without nh3's own scheme check
    # behind it for href and src (so each of the two layers is tested).
    assert rendered_url_ok(tag, url) is ok
