"""When two input items are the same article, and when they are not.

An archive must never mix two articles into one file, so the rules are strict and run
in this order (the first that applies decides):

1. **guid** (a WordPress post's `?p=ID` address, a feed entry's `<guid>`/`<id>`): two
   items with the same normalised guid are the same article. Sources only pass a guid
   on when it is the item's own: a guid that several items of one input share is
   replaced by the post id (WXR) or dropped (feeds).
2. **own URL** (the item's permalink): same normalised URL, same article. A link that
   many items of one input share (a podcast feed whose items all link to the home
   page) or that is the channel's own address is not the item's own and never used.
3. **title + original date + outlet**, with titles compared after Unicode NFKC
   normalisation, case folding, typographic quotes and dashes made plain and spacing
   collapsed. Everything else counts: `WATCH` and `Watch:` differ, `$100 oil?` and
   `€100 oil?` differ, an emoji is a character like any other.

Two items whose guids differ are never the same article, whatever rule 2 or 3 says.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import Any
from urllib.parse import urlsplit, urlunsplit

# Typographic variants a copy-paste or a CMS swaps freely; nothing else is folded.
_PLAIN = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u2026": "...",
    }
)
RULES = ("guid", "url", "title+date+outlet")


def text_key(text: str) -> str:
    """`text` as compared for identity: NFKC, case-folded, plain quotes/dashes, one space."""
    folded = unicodedata.normalize("NFKC", text).casefold().translate(_PLAIN)
    return " ".join(folded.split())


def url_key(url: str | None) -> str | None:
    """A URL or guid normalised for matching: no scheme, `www.`, fragment or trailing slash."""
    if not url or not url.strip():
        return None
    parts = urlsplit(url.strip())
    if not parts.netloc:
        return unicodedata.normalize("NFC", url.strip())
    host = parts.netloc.lower().removeprefix("www.")
    path = parts.path.rstrip("/")
    return urlunsplit(("", host, path, parts.query, ""))


def identity(meta: dict[str, Any]) -> str:
    """Rule 3's key: normalised title, original date (YYYY-MM-DD) and outlet."""
    when = meta.get("date")
    when_text = when.isoformat() if isinstance(when, date) else str(when or "")
    outlet = text_key(str(meta.get("outlet") or ""))
    return f"{text_key(str(meta.get('title', '')))}|{when_text[:10]}|{outlet}"


def guids_conflict(a: str | None, b: str | None) -> bool:
    """True when both items carry a guid and the guids differ: never the same article."""
    ka, kb = url_key(a), url_key(b)
    return bool(ka and kb and ka != kb)


def shared_values(values: list[str | None], titles: list[str] | None = None) -> set[str]:
    """The normalised values (links, guids) that several different items of an input
    hold. With `titles` (one per value), items with the same title are one item
    repeated, and a value they share is still theirs."""
    seen: dict[str, str] = {}
    shared: set[str] = set()
    for n, value in enumerate(values):
        key = url_key(value)
        if key is None:
            continue
        title = text_key(titles[n]) if titles is not None else str(n)
        if seen.setdefault(key, title) != title:
            shared.add(key)
    return shared


_SPACE = re.compile(r"\s+")


def describe(source: str | None, title: str) -> str:
    """How a report names one input item: its source and a short quoted title."""
    short = _SPACE.sub(" ", title).strip()
    short = short if len(short) <= 60 else short[:57] + "..."
    return f"{source or '?'} {short!r}"
