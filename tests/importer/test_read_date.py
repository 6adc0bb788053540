"""clippings.importer.dates.read_date: a feed's or export's date field, as the source wrote it
(found by mutation testing, docs/MUTANTS.md: test_dates.py tested only parse_date)."""

from __future__ import annotations

from datetime import date

import pytest

from clippings.importer.dates import read_date


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("Mon, 24 Sep 2018 23:30:00 -0300", date(2018, 9, 24)),  # the 25th in UTC
        ("Tue, 25 Sep 2018 01:30:00 +0200", date(2018, 9, 25)),  # the 24th in UTC
        ("Sun, 09 Nov 2025 08:00:00 GMT", date(2025, 11, 9)),
        ("2025-11-09T23:30:00-05:00", date(2025, 11, 9)),  # ISO 8601, not RFC 822
        ("2025-11-09T23:30:00Z", date(2025, 11, 9)),
        ("2025-11-09", date(2025, 11, 9)),
        ("  2025-11-09 \n", date(2025, 11, 9)),
        ("Seg, 24 Set 2018 19:42:40 -0300", date(2018, 9, 24)),  # Portuguese, by dateparser
        ("24. März 2025", date(2025, 3, 24)),
    ],
)
def test_the_day_as_written(text: str, day: date) -> None:
    assert read_date(text) == day


@pytest.mark.parametrize("text", ["", "   ", "no date here", "tomorrow-ish nonsense xyzzy"])
def test_no_date(text: str) -> None:
    assert read_date(text) is None
