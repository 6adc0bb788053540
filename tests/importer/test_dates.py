"""Tests for clippings.importer.dates."""

from datetime import date

import pytest

from clippings.importer.dates import parse_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("November 9, 2025", date(2025, 11, 9)),
        ("Nov 9, 2025", date(2025, 11, 9)),
        ("9 November 2025", date(2025, 11, 9)),
        ("09.11.2025", date(2025, 11, 9)),
        ("17.11.2025", date(2025, 11, 17)),
        ("2025-11-09", date(2025, 11, 9)),
        ("  November  9,  2025 ", date(2025, 11, 9)),
    ],
)
def test_date_forms(text: str, expected: date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text",
    ["", "RT", "November 31, 2025", "31.02.2025", "Smarch 3, 2025", "2025", "On November 9, 2025"],
)
def test_not_dates(text: str) -> None:
    assert parse_date(text) is None
