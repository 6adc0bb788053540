"""The limits and rarer forms of clippings.importer.byline, each at its boundary (found
by mutation testing, docs/MUTANTS.md: no test sat on a limit, so 199 or 201 passed)."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from clippings.importer.byline import (
    Byline,
    ends_sentence,
    is_heading,
    is_subtitle,
    is_title,
    parse_byline,
)

D = date(2025, 11, 9)
# The limits, written out: a test computing them from the module's constants would follow
# a changed constant and never notice it.
MAX_BYLINE_LENGTH = 200
MAX_PART_LENGTH = 90
MAX_HEADING_WORDS = 22
MAX_HEADING_LENGTH = 160
MAX_TITLE_LENGTH = 200
WHEN = "November 9, 2025"


def _name(length: int, first: str = "A") -> str:
    """A plausible name part of exactly `length` characters (no space at either end)."""
    return (first + "bcdefgh ijk " * 20)[: length - 1] + "z"


def test_the_name_helper_makes_exact_lengths() -> None:
    assert [len(_name(n)) for n in (1, 9, 10, 89, 90, 91)] == [1, 9, 10, 89, 90, 91]


def test_author_outlet_date_without_by() -> None:
    assert parse_byline(f"Vali Kaleji | The Cradle | {WHEN}") == Byline(
        D, outlet="The Cradle", author="Vali Kaleji"
    )
    assert parse_byline(f"Vali Kaleji – The Cradle – {WHEN}") == Byline(
        D, outlet="The Cradle", author="Vali Kaleji"
    )


def test_a_date_alone_is_not_a_byline() -> None:
    assert parse_byline(WHEN) is None
    assert parse_byline(f" | {WHEN}") is None


def test_a_name_part_may_be_90_characters_not_91() -> None:
    assert parse_byline(f"{_name(MAX_PART_LENGTH)} | {WHEN}") == Byline(
        D, outlet=_name(MAX_PART_LENGTH)
    )
    assert parse_byline(f"{_name(MAX_PART_LENGTH + 1)} | {WHEN}") is None


def test_a_byline_may_be_200_characters_not_201() -> None:
    # Two name parts of at most 90 characters each, so only the whole length limits.
    def line(total: int) -> str:
        rest = total - len(f"By  |  | {WHEN}")
        author = _name(rest // 2 - 1, "B")  # its part, "By " included, stays within 90
        return f"By {author} | {_name(rest - len(author), 'O')} | {WHEN}"

    assert len(line(MAX_BYLINE_LENGTH)) == MAX_BYLINE_LENGTH
    assert parse_byline(line(MAX_BYLINE_LENGTH)) is not None
    assert len(line(MAX_BYLINE_LENGTH + 1)) == MAX_BYLINE_LENGTH + 1
    assert parse_byline(line(MAX_BYLINE_LENGTH + 1)) is None


def test_a_byline_is_immutable() -> None:
    byline = parse_byline(f"RT | {WHEN}")
    assert byline is not None
    with pytest.raises(dataclasses.FrozenInstanceError):
        byline.outlet = "Sputnik"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("He left.", True),
        ("“He left.”", True),
        ("He left?)", True),
        ("”", True),  # nothing but closers: no words left to be a heading
        ("   ", True),
        ("He left", False),
        ("He said “left”", False),
    ],
)
def test_ends_sentence(line: str, expected: bool) -> None:
    assert ends_sentence(line) is expected


def _words(count: int) -> str:
    return " ".join(["Word"] * count)


def test_heading_limits() -> None:
    assert is_heading(_words(MAX_HEADING_WORDS))
    assert not is_heading(_words(MAX_HEADING_WORDS + 1))
    long_word = "A" + "b" * (MAX_HEADING_LENGTH - 1)
    assert is_heading(long_word)
    assert not is_heading(long_word + "c")
    assert not is_heading("")
    assert not is_heading("   ")
    assert is_heading("2025: the year in review")
    assert is_heading("“Quoted” heading")


def test_title_limits() -> None:
    assert is_title("T" * MAX_TITLE_LENGTH)
    assert not is_title("T" * (MAX_TITLE_LENGTH + 1))
    assert not is_title("")
    assert not is_title("  ")
    assert not is_title("Read more at www.example.org")
    assert is_title("A title ending with a question?")


def test_subtitle_limits() -> None:
    assert is_subtitle("S" * (2 * MAX_TITLE_LENGTH))
    assert not is_subtitle("S" * (2 * MAX_TITLE_LENGTH + 1))
    assert is_subtitle("A standfirst sentence, longer than a title could be. " * 7)
    assert not is_subtitle("")
    assert not is_subtitle("   ")
    assert not is_subtitle("See https://example.org/story")
    for end in (":", ",", ";"):
        assert not is_subtitle(f"Followed by{end}")
    assert is_subtitle("The standfirst.")
