"""Recognition of the date forms bylines and footers use (`November 9, 2025`, `09.11.2025`)."""

from __future__ import annotations

import re
from datetime import date, datetime

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
