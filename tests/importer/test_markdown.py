"""Tests for clippings.importer.markdown: front-matter schema, escaping, round trip."""

from __future__ import annotations

from datetime import date

import markdown as pymarkdown
import pytest
from bs4 import BeautifulSoup
from hypothesis import example, given
from hypothesis import strategies as st

from clippings.importer.links import linkify
from clippings.importer.markdown import (
    html_to_markdown,
    plain_blocks_to_markdown,
    read_markdown,
    to_markdown,
)
from clippings.importer.model import Article


def _article(**changes: object) -> Article:
    base = Article(
        title="Lots of ‘mess’ to clear up – Lavrov",
        date=date(2025, 11, 9),
        body_html="<p>First “quoted” paragraph…</p>\n<h2>A heading</h2>\n<p>Second.</p>",
        subtitle=None,
        outlet="RT",
        tags=["Russophobia", "Mainstream Media, Warmongering"],
        comments=0,
        posted=date(2025, 11, 9),
        summary="First “quoted” paragraph…",
        source="dump.txt:5",
        slug="lots-of-mess",
    )
    for key, value in changes.items():
        setattr(base, key, value)
    return base


def test_front_matter_sorted_unicode_and_without_empty_fields() -> None:
    text = to_markdown(_article())
    assert text == (
        "---\n"
        "comments: 0\n"
        "date: 2025-11-09\n"
        "outlet: RT\n"
        "posted: 2025-11-09\n"
        "slug: lots-of-mess\n"
        "source: dump.txt:5\n"
        "summary: First “quoted” paragraph…\n"
        "tags:\n"
        "- Russophobia\n"
        "- Mainstream Media, Warmongering\n"
        "title: Lots of ‘mess’ to clear up – Lavrov\n"
        "---\n"
        "\n"
        "First “quoted” paragraph…\n"
        "\n"
        "## A heading\n"
        "\n"
        "Second.\n"
    )


def test_round_trip_reads_back_the_same_metadata() -> None:
    article = _article(subtitle="Sub: with colon", author="Jane O'Neil", posted_by="aletho")
    meta, body = read_markdown(to_markdown(article))
    assert meta == {
        "title": article.title,
        "subtitle": "Sub: with colon",
        "date": date(2025, 11, 9),
        "posted": date(2025, 11, 9),
        "outlet": "RT",
        "author": "Jane O'Neil",
        "posted_by": "aletho",
        "tags": ["Russophobia", "Mainstream Media, Warmongering"],
        "comments": 0,
        "slug": "lots-of-mess",
        "summary": article.summary,
        "source": "dump.txt:5",
    }
    assert body.startswith("First “quoted” paragraph…\n")


def test_yaml_special_values_stay_strings() -> None:
    article = _article(
        title="yes", outlet="null", author="2025-11-09", summary="- dash: colon #hash"
    )
    meta, _ = read_markdown(to_markdown(article))
    assert (meta["title"], meta["outlet"], meta["author"], meta["summary"]) == (
        "yes",
        "null",
        "2025-11-09",
        "- dash: colon #hash",
    )


def test_video_post_without_body() -> None:
    text = to_markdown(_article(body_html="", summary=None))
    assert text.endswith("---\n")
    assert "summary" not in text


PARAGRAPHS = [
    "1. Not a list item, and 2025. is a year",
    "# not a heading",
    "- not a bullet",
    "+ not a bullet either",
    "> not a quote",
    "Stars *here* and under_scores_ and `ticks` and [brackets](x) and {braces}",
    "Tags <script>alert(1)</script> & entities &amp; AT&T 5 < 6 > 4",
    "Pipes | and ~tildes~ and = signs",
    "Back\\slash and trailing two spaces  ",
    "“Curly” ‘quotes’ – dashes — and … ellipsis, and no\u00a0break",
]


@pytest.mark.parametrize("text", PARAGRAPHS)
def test_text_survives_python_markdown(text: str) -> None:
    from html import escape

    md = html_to_markdown(f"<p>{escape(text, quote=False)}</p>")
    rendered = pymarkdown.markdown(md, extensions=["markdown.extensions.extra"])
    soup = BeautifulSoup(rendered, "html.parser")
    assert soup.find("script") is None
    assert [t.name for t in soup.find_all(True)] == ["p"]
    assert soup.get_text() == text.rstrip()


@pytest.mark.parametrize("text", ["no front matter", "---\n- a list\n---\nbody"])
def test_read_markdown_rejects_non_mapping(text: str) -> None:
    with pytest.raises(ValueError):
        read_markdown(text)


def test_shared_values_are_written_out_not_aliased() -> None:
    same = date(2025, 11, 9)
    text = to_markdown(_article(date=same, posted=same, tags=["A"], posted_by="x"))
    assert "&id" not in text and "*id" not in text
    assert "date: 2025-11-09\n" in text and "posted: 2025-11-09\n" in text


# --- the fast path for plain text (text dumps) -------------------------------------

TRICKY = [
    "- not a list", "1. not a list either", "# not a heading", "*stars* and _under_",
    "`code` <tag> &amp; &lt;", "a  b\tc", "\xa0leading and trailing\xa0", "+ plus",
    "> not a quote", "[not](a link)", "|pipe| ~tilde~ ==", "#hash", "---", "***",
    "back\\slash", "ñandú “quoted” – dash…", "emoji 😀 and 中文", "", "   ", "nbsp\xa0",
    "see https://example.org/x_y.", "https://a.org/?q=1&b=2 first", "(https://a.org/b*c)",
    "two https://a.org https://b.org", "https://x.org/[1]+2#frag", " \thttps://a.org\xa0",
    "1. https://a.org", "https://a.org/a_b_c", "http://", "x https://a.org\n2. y",
]  # fmt: skip


def _via_html(blocks: list[tuple[str, str]]) -> str:
    import html

    parts = [
        f"<p>{linkify(text)}</p>" if kind == "p" else f"<h2>{html.escape(text, quote=False)}</h2>"
        for kind, text in blocks
    ]
    return html_to_markdown("\n".join(parts))


@pytest.mark.parametrize("text", TRICKY)
def test_plain_fast_path_equals_markdownify(text: str) -> None:
    for blocks in ([("p", text)], [("h2", text), ("p", text)], [("p", text), ("p", "x")]):
        assert plain_blocks_to_markdown(blocks) == _via_html(blocks), blocks


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["p", "h2"]),
            st.lists(
                st.one_of(
                    st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=30),
                    st.sampled_from(
                        ["https://", "http://a.org/", " https://b.org/x_y", "\xa0", "\n"]
                    ),
                ),
                max_size=4,
            ).map("".join),
        ),
        max_size=4,
    )
)
def test_plain_fast_path_equals_markdownify_on_any_text(blocks: list[tuple[str, str]]) -> None:
    assert plain_blocks_to_markdown(blocks) in (None, _via_html(blocks))


def test_links_become_autolinks_and_control_characters_take_the_full_path() -> None:
    link = plain_blocks_to_markdown([("p", "see https://example.org/x_y.")])
    assert link == "see <https://example.org/x_y>.\n"
    assert plain_blocks_to_markdown([("p", "bell \x07")]) is None


_ESCAPE_ALPHABET = [*"ab1 9.)-#*_\\&<>~=|+[]`;\n\t{}", "&amp;", "&#12;", "1.", "- ", "## ", "{:"]


@given(
    st.one_of(
        st.lists(st.sampled_from(_ESCAPE_ALPHABET), max_size=40).map("".join),
        st.text(max_size=40),
    )
)
@example("~~~")
@example("x\n ~~~~ y")
def test_escape_is_markdownifys_with_python_markdown_fixups(text: str) -> None:
    """The guarded escape gives exactly markdownify's escape, then the Python-Markdown fix-ups."""
    import re

    from markdownify import MarkdownConverter

    from clippings.importer.markdown import _OPTIONS, _Converter

    expected = MarkdownConverter(**_OPTIONS).escape(text, set())
    # Python-Markdown's own syntax, inert too: attribute lists, `#x` and `===` headings.
    expected = expected.replace("{", "\\{")
    expected = re.sub(r"(^|\n)([ \t]*)#", r"\1\2\\#", expected)
    expected = expected.replace("\\<", "&lt;")
    expected = re.sub(r"\\&(?=#?\w+;)", "&amp;", expected)
    expected = re.sub(r"\\([&~=|])", r"\1", expected)
    expected = re.sub(r"(^|\n)([ \t]*)=(?==*[ \t]*(?:\n|$))", r"\1\2&#61;", expected)
    # and `~~~` at a line's start, which would open a fenced code block.
    expected = re.sub(r"(^|\n)([ \t]*)~(?=~~)", r"\1\2&#126;", expected)
    assert _Converter(**_OPTIONS).escape(text, set()) == expected
