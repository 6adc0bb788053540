"""Tests for clippings.importer.sources.text: splitting dumps into articles."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from clippings.errors import InputError
from clippings.importer.model import Article, Note, Skipped
from clippings.importer.sources.text import parse, parse_text

FOOTER = "November 9, 2025 Posted by | Militarism, Russophobia | , , | 2 Comments"


def _split(text: str) -> tuple[list[Article], list[Skipped]]:
    items = list(parse_text(text, "dump.txt"))
    return [i for i in items if isinstance(i, Article)], [
        i for i in items if isinstance(i, Skipped)
    ]


def test_blank_line_style_with_header_subtitle_and_footers() -> None:
    text = "\n\n".join(
        [
            "Aletho News",
            "ΑΛΗΘΩΣ",
            "First title",
            "A standfirst that explains the story",
            "By Jane Doe | The Cradle | November 7, 2025",
            "Body one.",
            "A section heading",
            "Body two.",
            FOOTER,
            "Second title",
            "RT | November 8, 2025",
            "Only paragraph.",
            "November 9, 2025 Posted by | Economics | | Leave a comment",
        ]
    )
    articles, skipped = _split(text)
    assert skipped == []
    first, second = articles
    assert (first.title, first.subtitle, first.author, first.outlet) == (
        "First title",
        "A standfirst that explains the story",
        "Jane Doe",
        "The Cradle",
    )
    assert first.body_html == "<p>Body one.</p>\n<h2>A section heading</h2>\n<p>Body two.</p>"
    assert (first.posted, first.tags, first.comments) == (
        date(2025, 11, 9),
        ["Militarism", "Russophobia"],
        2,
    )
    assert first.summary == "Body one."
    assert first.source == "dump.txt:5"
    assert (second.title, second.subtitle, second.tags, second.comments) == (
        "Second title",
        None,
        ["Economics"],
        0,
    )


def test_dense_style_headings_are_not_articles() -> None:
    text = "\n".join(
        [
            "China Voices Opposition to Sanctions",
            "Sputnik – 17.11.2025",
            "BEIJING – Beijing opposes unilateral sanctions.",
            "UNSC extends sanctions on Yemen",
            "The resolution was adopted.",
            "Next Story Title",
            "A short standfirst without a period",
            "By Bryan Reo – New Eastern Outlook – November 15, 2025",
            "Paragraph.",
        ]
    )
    articles, skipped = _split(text)
    assert skipped == []
    assert [a.title for a in articles] == [
        "China Voices Opposition to Sanctions",
        "Next Story Title",
    ]
    assert "<h2>UNSC extends sanctions on Yemen</h2>" in articles[0].body_html
    assert articles[1].subtitle == "A short standfirst without a period"
    assert articles[0].posted is None and articles[0].tags == []


def test_video_post_with_byline_and_no_body() -> None:
    dense = (
        "Video one\nGlenn Diesen | November 14, 2025\nVideo two\nGlenn Diesen | November 15, 2025\n"
    )
    articles, skipped = _split(dense)
    assert [a.title for a in articles] == ["Video one", "Video two"]
    assert all(a.body_html == "" and a.summary is None for a in articles)
    assert skipped == []
    footed = f"Video three\n\nRT | November 8, 2025\n\n{FOOTER}\n"
    articles, skipped = _split(footed)
    assert [(a.title, a.comments) for a in articles] == [("Video three", 2)]
    assert skipped == []


def test_post_without_byline_is_reported_with_its_line_and_the_rest_imports() -> None:
    text = "\n\n".join(
        [
            "Good title",
            "RT | November 8, 2025",
            "Text.",
            FOOTER,
            "A blog commentary with no byline",
            "Some opinion.",
            FOOTER,
            "Another good title",
            "Sputnik – 09.11.2025",
            "Text.",
            FOOTER,
        ]
    )
    articles, skipped = _split(text)
    assert [a.title for a in articles] == ["Good title", "Another good title"]
    assert len(skipped) == 1
    assert skipped[0].line == 9
    assert "without a byline" in skipped[0].reason
    assert str(skipped[0]).startswith("dump.txt:9: ")


def test_byline_without_title_and_trailing_text_are_reported() -> None:
    articles, skipped = _split("RT | November 8, 2025\nText.\n")
    assert articles == []
    assert skipped[0].line == 1 and "byline without a title" in skipped[0].reason
    articles, skipped = _split(f"Title\nRT | November 8, 2025\nText.\n{FOOTER}\nstray words\n")
    assert len(articles) == 1
    assert [(s.line, "outside any article" in s.reason) for s in skipped] == [(5, True)]


def test_crlf_and_bom_files(tmp_path: Path) -> None:
    path = tmp_path / "dump.txt"
    path.write_bytes("\ufeffTitle\r\nRT | November 8, 2025\r\nText.\r\n".encode())
    (article,) = list(parse(path))
    assert isinstance(article, Article)
    assert (article.title, article.source) == ("Title", "dump.txt:1")


def test_empty_file_has_no_articles(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_text("", encoding="utf-8")
    assert list(parse(path)) == []


def test_binary_file_is_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(b"\x00\x01binary")
    with pytest.raises(InputError, match=r"bad\.txt: binary file"):
        list(parse(path))


def test_wrong_encoding_lines_are_noted_and_imported(tmp_path: Path) -> None:
    path = tmp_path / "mixed.txt"
    path.write_bytes(
        "Caf\u00e9 title\nRT | November 8, 2025\n".encode()
        + "Na\u00efve caf\u00e9 \u2013 text.\n".encode("cp1252")
    )
    items = list(parse(path))
    (article,) = [i for i in items if isinstance(i, Article)]
    (note,) = [i for i in items if isinstance(i, Note)]
    assert article.title == "Caf\u00e9 title"
    assert article.body_html == "<p>Na\u00efve caf\u00e9 \u2013 text.</p>"
    assert (note.source, note.line) == ("mixed.txt", 3)
    assert "Windows-1252" in note.message


def test_overlong_line_is_skipped_and_memory_stays_bounded(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    with path.open("wb") as fh:
        fh.write(b"Title\nRT | November 8, 2025\nText.\n")
        fh.write(b"x" * (3 << 20) + b"\n")
        fh.write(b"Second title\nRT | November 9, 2025\nMore.\n")
    items = list(parse(path))
    assert [i.title for i in items if isinstance(i, Article)] == ["Title", "Second title"]
    (skipped,) = [i for i in items if isinstance(i, Skipped)]
    assert (skipped.line, skipped.reason) == (4, "line longer than 1 MiB, not imported")


def test_large_dump_is_parsed_in_chunks_with_the_same_result(tmp_path: Path) -> None:
    one = "The title number {n}\nA standfirst line that runs a little longer {n}\nRT | November 8, 2025\n"
    body = "Paragraph one.\nA heading line\nParagraph two.\n"
    text = "".join(one.format(n=n) + body for n in range(9000))
    path = tmp_path / "big.txt"
    path.write_text(text, encoding="utf-8")
    streamed = list(parse(path))
    whole = list(parse_text(text, "big.txt"))
    assert len(streamed) == 9000
    assert streamed == whole
    assert streamed[-1].subtitle == "A standfirst line that runs a little longer 8999"


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read"):
        list(parse(tmp_path / "nope.txt"))


def test_html_in_text_is_escaped_and_urls_linked() -> None:
    (article,) = _split(
        "T <b>\nRT | November 8, 2025\n<script>alert(1)</script> see https://x.org/a.\n"
    )[0]
    assert "<script>" not in article.body_html
    assert '<a href="https://x.org/a">https://x.org/a</a>.' in article.body_html
    assert article.title == "T <b>"
