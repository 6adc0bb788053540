"""Title, byline, outlet, author and date recognition for aggregated articles.

A byline names where and when the original article appeared. The forms the blog uses:

    RT | November 8, 2025                          outlet | date
    Press TV – November 14, 2025                   outlet – date
    Sputnik – 09.11.2025                           outlet – DD.MM.YYYY
    By Vali Kaleji | The Cradle | November 7, 2025 By author | outlet | date
    By Bryan Anthony Reo – New Eastern Outlook – November 15, 2025
    By Kit Klarenberg | November 3, 2025           By author | date (no outlet)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from clippings.importer.dates import parse_date

# Separators between byline parts: a pipe, an en or em dash, or a spaced hyphen.
_SEPARATOR = re.compile(r"\s+[|–—-]\s+|\s*\|\s*")
_BY = re.compile(r"^by\s+", re.IGNORECASE)
_LINK = re.compile(r"https?://|www\.", re.IGNORECASE)
# Links and bare domains: lines holding them are link lists, never titles or headings.
_URL = re.compile(
    r"https?://|www\.|\b[\w-]+\.(?:com|org|net|info|io|me|ru|uk|de|fr|tv|news|co)\b",
    re.IGNORECASE,
)
MAX_BYLINE_LENGTH = 200
MAX_PART_LENGTH = 90


@dataclass(frozen=True)
class Byline:
    """What a byline line says about the original article."""

    date: date
    outlet: str | None = None
    author: str | None = None


def parse_byline(line: str) -> Byline | None:
    """Return the byline in `line`, or None if the line is not a byline."""
    line = line.strip()
    if not line or len(line) > MAX_BYLINE_LENGTH or _LINK.search(line):
        return None
    parts = [p.strip() for p in _SEPARATOR.split(line)]
    if len(parts) < 2 or len(parts) > 3 or not all(parts):
        return None
    when = parse_date(parts[-1])
    if when is None:
        return None
    names = parts[:-1]
    # Name parts are short and never end a clause; otherwise this is prose with a date.
    if any(len(p) > MAX_PART_LENGTH or p.endswith((":", ",", ";")) for p in names):
        return None
    first = names[0]
    if _BY.match(first):
        author = _BY.sub("", first).strip()
        outlet = names[1] if len(names) == 2 else None
        return Byline(date=when, outlet=outlet, author=author or None)
    if len(names) == 2:
        return Byline(date=when, outlet=names[1], author=first)
    return Byline(date=when, outlet=first)


# --- line shapes ---------------------------------------------------------------

# Closing quotes and brackets that may follow a sentence's final punctuation.
_TRAILING_CLOSERS = "\"'”’»)]}"
_SENTENCE_END = ".:;,!?…"
_CAPTION = re.compile(
    r"^(?:map|photo|image|picture|illustration|file photo|screenshot|chart|graph|"
    r"video|infographic|source|credit)s?\b",
    re.IGNORECASE,
)
MAX_HEADING_WORDS = 22
MAX_HEADING_LENGTH = 160
MAX_TITLE_LENGTH = 200


def ends_sentence(line: str) -> bool:
    """True when `line` ends like prose: with sentence punctuation, maybe inside quotes."""
    stripped = line.rstrip().rstrip(_TRAILING_CLOSERS).rstrip()
    return stripped.endswith(tuple(_SENTENCE_END)) or stripped == ""


def is_caption(line: str) -> bool:
    """True for image captions such as `Map of the International North–South Corridor`."""
    return bool(_CAPTION.match(line.strip()))


def is_heading(line: str) -> bool:
    """True for a short title-like line inside an article body (a section heading)."""
    text = line.strip()
    if not text or len(text) > MAX_HEADING_LENGTH or len(text.split()) > MAX_HEADING_WORDS:
        return False
    if _URL.search(text) or ends_sentence(text) or is_caption(text):
        return False
    first = text.lstrip("\"'“‘«(")[:1]
    return first.isupper() or first.isdigit()


def is_title(line: str) -> bool:
    """True for a line that can be an article title (short, not a link, not prose-ending)."""
    text = line.strip()
    if not text or len(text) > MAX_TITLE_LENGTH or _LINK.search(text):
        return False
    return not text.endswith((":", ",", ";"))


def is_subtitle(line: str) -> bool:
    """True for a standfirst line that may sit between a title and its byline."""
    text = line.strip()
    if not text or len(text) > 2 * MAX_TITLE_LENGTH or _LINK.search(text):
        return False
    return not text.endswith((":", ",", ";"))
