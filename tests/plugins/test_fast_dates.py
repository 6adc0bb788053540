"""plugins/fast_dates: the same text as Pelican's strftime, for every format and date."""

from __future__ import annotations

import datetime

import pytest
from clippings.plugins import fast_dates
from hypothesis import given, settings
from hypothesis import strategies as st
from pelican.utils import SafeDatetime

FORMATS = [
    "%Y", "%m", "%-d %B %Y", "{date:%Y}/%m", "%a %-m/%-d/%y %H:%M:%S %Z %z", "100%% sure",
    "%Q unknown %-Q", "%G-W%V-%u", "%j %U %W %p %I %-I %f", "", "no directives", "%-%",
]  # fmt: skip


@pytest.mark.parametrize("date_format", FORMATS)
def test_known_formats(date_format: str) -> None:
    for date in (
        SafeDatetime(2025, 1, 2, 3, 4, 5, tzinfo=datetime.UTC),
        SafeDatetime(1999, 12, 31),
        datetime.datetime(2010, 10, 10, 10, 10, 10),
        datetime.date(2001, 2, 3),
    ):
        assert fast_dates.strftime(date, date_format) == fast_dates._original(date, date_format)


@settings(max_examples=500, deadline=None)
@given(
    st.datetimes(min_value=datetime.datetime(1900, 1, 1)),
    st.text(alphabet="%-YmdBbAaHMSjyIpfz{}: /xX", max_size=12),
)
def test_any_format(date: datetime.datetime, date_format: str) -> None:
    safe = SafeDatetime.fromisoformat(date.isoformat())
    for value in (safe, date):
        try:
            expected = fast_dates._original(value, date_format)
        except Exception as error:  # (e.g. a lone "%": both must fail alike)
            with pytest.raises(type(error)):
                fast_dates.strftime(value, date_format)
            continue
        assert fast_dates.strftime(value, date_format) == expected
