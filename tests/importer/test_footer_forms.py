"""The post-footer forms the other footer tests leave out (found by mutation testing,
docs/MUTANTS.md): no tag field, every comment wording, and a footer's immutability."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from clippings.importer.categories import Vocabulary
from clippings.importer.footer import Footer, parse_footer

VOCAB = Vocabulary()


def test_a_footer_without_a_tag_field_has_two_bars() -> None:
    # Older posts print no tag list at all: `date Posted by who | categories | comments`.
    footer = parse_footer("May 1, 2011 Posted by aletho | Economics, Video | 3 Comments", VOCAB)
    assert footer == Footer(
        posted=date(2011, 5, 1),
        categories=["Economics", "Video"],
        tags=[],
        comments=3,
        posted_by="aletho",
    )


@pytest.mark.parametrize(
    ("wording", "count"),
    [
        ("Leave a comment", 0),
        ("leave a COMMENT", 0),
        ("One Comment", 1),
        ("one comment", 1),
        ("1 Comment", 1),
        ("12 Comments", 12),
        ("Comments Off", None),
        ("Comments are closed", None),
    ],
)
def test_every_comment_wording(wording: str, count: int | None) -> None:
    footer = parse_footer(f"November 9, 2025 Posted by | Militarism | , | {wording}", VOCAB)
    assert footer is not None and footer.comments == count


@pytest.mark.parametrize(
    "line",
    [
        "November 9, 2025 Posted by | Militarism | Leave a comment | extra",
        "November 9, 2025 Posted by | Militarism",
        "November 9, 2025 Posted by Militarism, Leave a comment",
        "November 31, 2025 Posted by | Militarism | , | Leave a comment",  # no such day
    ],
)
def test_lines_that_only_look_like_footers(line: str) -> None:
    assert parse_footer(line, VOCAB) is None


def test_a_footer_is_immutable() -> None:
    # Articles share a parsed footer's values; nothing may change them afterwards.
    footer = parse_footer("May 1, 2011 Posted by aletho | Video | Comments Off", VOCAB)
    assert footer is not None
    with pytest.raises(dataclasses.FrozenInstanceError):
        footer.comments = 5  # type: ignore[misc]
