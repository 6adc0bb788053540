"""Tests for clippings.importer.wordpress: shortcodes and classic-editor paragraphs."""

from __future__ import annotations

from clippings.importer.wordpress import expand_shortcodes, post_html


def test_caption_becomes_figure() -> None:
    out = expand_shortcodes(
        '[caption id="attachment_1" align="alignnone" width="300"]'
        '<a href="big.jpg"><img src="small.jpg" alt="" /></a> A boat on a lake[/caption]'
    )
    assert out == (
        '<figure><a href="big.jpg"><img src="small.jpg" alt="" /></a>'
        "<figcaption>A boat on a lake</figcaption></figure>"
    )


def test_gallery_uses_attachment_urls() -> None:
    out = expand_shortcodes('[gallery ids="5, 6" columns="2"]', {"5": "https://x.example/5.jpg"})
    assert out == '<ul><li><img src="https://x.example/5.jpg" alt=""></li></ul>'
    assert expand_shortcodes("[gallery]") == ""


def test_media_shortcodes_become_links_and_others_vanish() -> None:
    assert expand_shortcodes("[embed]https://youtu.be/abc[/embed]") == (
        '<p><a href="https://youtu.be/abc">https://youtu.be/abc</a></p>'
    )
    assert expand_shortcodes("[youtube https://youtu.be/xyz]") == (
        '<p><a href="https://youtu.be/xyz">https://youtu.be/xyz</a></p>'
    )
    assert expand_shortcodes("a[contact-form][contact-field label='x'][/contact-form]b") == "ab"
    assert expand_shortcodes("[polldaddy poll=123]") == ""
    assert expand_shortcodes("See [top] and [1]") == "See [top] and [1]"


def test_classic_editor_paragraphs() -> None:
    assert post_html("One\nline\n\nTwo") == "<p>One<br />\nline</p>\n<p>Two</p>\n"


def test_block_editor_content_is_left_as_is() -> None:
    content = "<!-- wp:paragraph -->\n<p>Hello</p>\n<!-- /wp:paragraph -->\n\n<p>World</p>"
    assert post_html(content) == content
