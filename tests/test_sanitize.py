"""Tests for clippings.sanitize: nothing executable survives, structure does."""

from __future__ import annotations

import pytest

from clippings.sanitize import absolute_url, sanitize_html

BASE = "https://blog.example/2025/11/post/"


@pytest.mark.parametrize(
    "payload",
    [
        "<script>alert(1)</script>",
        "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
        "<img src=x onerror=alert(1)>",
        "<body onload=alert(1)>",
        "<svg><script>alert(1)</script></svg>",
        "<svg onload=alert(1)>",
        '<a href="javascript:alert(1)">x</a>',
        '<a href="JaVaScRiPt:alert(1)">x</a>',
        '<a href="java\tscript:alert(1)">x</a>',
        '<a href="jav&#x09;ascript:alert(1)">x</a>',
        '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;:alert(1)">x</a>',
        '<a href=" javascript:alert(1)">x</a>',
        '<a href="vbscript:msgbox(1)">x</a>',
        '<a href="data:text/html,<script>alert(1)</script>">x</a>',
        '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
        "<iframe src=https://evil.example></iframe>",
        "<object data=x></object><embed src=x>",
        "<form action=x><input name=a><button>go</button></form>",
        '<meta http-equiv="refresh" content="0;url=https://evil.example">',
        "<style>body{background:url(javascript:alert(1))}</style>",
        '<p style="background:url(javascript:alert(1))">x</p>',
        "<base href=https://evil.example/>",
        "<link rel=stylesheet href=https://evil.example/x.css>",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
        '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    ],
)
def test_payloads_do_not_survive(payload: str) -> None:
    out = sanitize_html(f"<p>before</p>{payload}<p>after</p>", BASE).lower()
    for needle in (
        "<script",
        "onerror",
        "onload",
        "javascript",
        "vbscript",
        "data:",
        "<iframe",
        "<object",
        "<embed",
        "<form",
        "<input",
        "<meta",
        "<style",
        "style=",
        "<base",
        "<link",
        "<svg",
        "<math",
        "evil.example/x",
    ):
        assert needle not in out, (payload, out)
    assert "before" in out  # (unclosed payloads may swallow what follows them)


def test_structure_and_links_are_kept_and_made_absolute() -> None:
    html = (
        "<h2>Head</h2><p>A <a href='/x'>link</a> and <img src='pic.jpg' alt='P'>.</p>"
        "<ul><li>one</li></ul><ol start='3'><li>three</li></ol>"
        "<blockquote><p>Quote</p></blockquote>"
        "<table><tr><th>h</th></tr><tr><td>d</td></tr></table>"
        "<p><a href='mailto:a@b.example'>mail</a></p>"
    )
    out = sanitize_html(html, BASE)
    assert '<a href="https://blog.example/x" rel="noopener noreferrer nofollow">link</a>' in out
    assert '<img src="https://blog.example/2025/11/post/pic.jpg" alt="P">' in out
    for tag in ("<h2>", "<ul>", '<ol start="3">', "<blockquote>", "<table>", "<th>", "<td>"):
        assert tag in out
    assert 'href="mailto:a@b.example"' in out


def test_absolute_url() -> None:
    assert absolute_url("/a b", "https://x.example/p/") == "https://x.example/ab"
    assert absolute_url("java\nscript:alert(1)", None) is None
    assert absolute_url("mailto:a@b", None, allow_mailto=False) is None
    assert absolute_url("", BASE) is None
