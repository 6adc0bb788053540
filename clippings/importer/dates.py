"""Recognition of the date forms bylines and footers use (`November 9, 2025`, `09.11.2025`)."""

from __future__ import annotations

import re
from datetime import date, datetime
from email.utils import parsedate_to_datetime

# The forms the aggregator and its outlets print. Parsed with strptime (locale "C"),
# so "9.11.2025" is day-first as on Sputnik, and month names are English.
_FORMATS = (
    "%B %d, %Y",  # November 9, 2025
    "%b %d, %Y",  # Nov 9, 2025
    "%b. %d, %Y",  # Nov. 9, 2025
    "%d %B %Y",  # 9 November 2025
    "%d %b %Y",  # 9 Nov 2025
    "%d.%m.%Y",  # 09.11.2025
    "%Y-%m-%d",  # 2025-11-09
    "%d/%m/%Y",  # 09/11/2025
    "%B %d %Y",  # November 9 2025
)

_CANDIDATE = re.compile(
    r"^(?:[A-Z][a-z]{2,8}\.? \d{1,2},? \d{4}"
    r"|\d{1,2} [A-Z][a-z]{2,8} \d{4}"
    r"|\d{1,2}[./]\d{1,2}[./]\d{4}"
    r"|\d{4}-\d{2}-\d{2})$"
)


def parse_date(text: str) -> date | None:
    """Return the date written in `text` (the whole string), or None if it is not one."""
    text = " ".join(text.split())
    if not _CANDIDATE.match(text):
        return None
    # A leading weekday ("Sunday, November 9, 2025") is not used by the blog; not accepted.
    for fmt in _FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def read_date(text: str) -> date | None:
    """The calendar date of a feed's or export's date field, as the source wrote it.

    The date is the one in the source's own timezone (`Mon, 24 Sep 2018 23:30:00 -0300`
    is the 24th, though it is the 25th in UTC). RFC 822 and ISO 8601 are read directly;
    anything else (`Seg, 24 Set 2018 19:42:40 -0300`, `24. März 2025`) by dateparser,
    which knows the month and day names of the common languages of news. None when the
    text holds no date (the caller reports it, quoting the text).
    """
    text = " ".join(text.split())
    if not text:
        return None
    try:
        return parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        pass
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    return _dateparser_date(text)


def _dateparser_date(text: str) -> date | None:
    import dateparser  # slow to import and rarely needed: only for unusual dates

    # A weekday is redundant and, abbreviated in some languages, confuses the parser.
    bare = _WEEKDAY_PREFIX.sub("", text)
    for candidate in dict.fromkeys((bare, text)):
        found = dateparser.parse(
            candidate,
            settings={"RETURN_AS_TIMEZONE_AWARE": True, "PREFER_DAY_OF_MONTH": "first"},
        )
        if found is not None:
            return found.date()
    return None


_WEEKDAY_PREFIX = re.compile(r"^[^\W\d]{2,12}\.?,\s*")
