"""Tests for clippings.importer.footer and clippings.importer.categories."""

from datetime import date
from pathlib import Path

import pytest

from clippings.errors import ConfigError
from clippings.importer.categories import Vocabulary, load_vocabulary
from clippings.importer.footer import parse_footer

VOCAB = Vocabulary()


def test_footer_with_comma_category() -> None:
    f = parse_footer(
        "November 9, 2025 Posted by | Ethnic Cleansing, Racism, Zionism | , , , , , "
        "| Leave a comment",
        VOCAB,
    )
    assert f is not None
    assert f.posted == date(2025, 11, 9)
    assert f.categories == ["Ethnic Cleansing, Racism, Zionism"]
    assert f.tags == []
    assert f.comments == 0
    assert f.posted_by is None


def test_footer_comment_counts_and_author() -> None:
    two = parse_footer(
        "November 9, 2025 Posted by | Militarism, Russophobia | , , | 2 Comments", VOCAB
    )
    assert two is not None and two.comments == 2 and two.categories == ["Militarism", "Russophobia"]
    one = parse_footer("May 1, 2011 Posted by aletho | Economics | Oil, Iran | One Comment", VOCAB)
    assert one is not None
    assert (one.comments, one.posted_by, one.tags) == (1, "aletho", ["Oil", "Iran"])
    closed = parse_footer("May 1, 2011 Posted by aletho | Video | | Comments Off", VOCAB)
    assert closed is not None and closed.comments is None


def test_footer_mixed_known_and_unknown_categories() -> None:
    f = parse_footer(
        "November 9, 2025 Posted by | Mainstream Media, Warmongering, Brand New, Other, Militarism"
        " | , | 1 Comment",
        VOCAB,
    )
    assert f is not None
    assert f.categories == ["Mainstream Media, Warmongering", "Brand New", "Other", "Militarism"]
    assert f.comments == 1


@pytest.mark.parametrize(
    "line",
    [
        "Posted by | Militarism | , | Leave a comment",
        "Yesterday Posted by | Militarism | , | Leave a comment",
        "November 9, 2025 Posted by | Militarism | , | Tell us what you think",
        "The article was posted by RT | November 9, 2025",
    ],
)
def test_not_footers(line: str) -> None:
    assert parse_footer(line, VOCAB) is None


def test_vocabulary_is_case_insensitive_and_keeps_spelling() -> None:
    v = Vocabulary(["Wars for Israel"])
    assert v.split("wars for israel, Foo") == ["Wars for Israel", "Foo"]
    assert v.split("A, A") == ["A"]


def test_vocabulary_file(tmp_path: Path) -> None:
    path = tmp_path / "categories.yaml"
    path.write_text("- Gaza, West Bank\n- Hybrid War\n", encoding="utf-8")
    v = load_vocabulary(path)
    assert v.split("Gaza, West Bank, Hybrid War, Militarism") == [
        "Gaza, West Bank",
        "Hybrid War",
        "Militarism",
    ]
    assert load_vocabulary(tmp_path / "missing.yaml").lookup("Militarism") == "Militarism"


def test_vocabulary_file_errors_name_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "categories.yaml"
    path.write_text("- ok\n- [unclosed\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"categories\.yaml:\d+: invalid YAML"):
        load_vocabulary(path)
    path.write_text("name: value\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="expected a YAML list"):
        load_vocabulary(path)
