"""Cleaning of entity mention text, shared by the importer and the build."""

from __future__ import annotations

import re
from functools import cache

_SPACES = re.compile(r"\s+")
_POSSESSIVE = re.compile(r"['’‘`]s?$")
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)
_EDGE_PUNCTUATION = re.compile(r"^[\W_]+|[\W_]+$")
_HAS_LETTER = re.compile(r"[^\W\d_]")
_JOINERS = re.compile(r"[-‐‑.]")
MAX_WORDS = 6


def clean_name(text: str) -> str:
    """`the Houthis’` → `Houthis`; `NATO’s` → `NATO`; spacing collapsed; '' if not a name."""
    name = _SPACES.sub(" ", text).strip()
    name = _EDGE_PUNCTUATION.sub("", name)
    name = _POSSESSIVE.sub("", name)
    name = _LEADING_THE.sub("", name)
    name = _EDGE_PUNCTUATION.sub("", name)
    if len(name) < 2 or not _HAS_LETTER.search(name) or len(name.split()) > MAX_WORDS:
        return ""
    if name == name.lower():
        return ""  # "sanctions", "west": NER noise on common words, never a proper name
    return name


@cache  # an archive names the same few thousand entities over and over
def name_key(name: str) -> str:
    """The form spellings of one name share: `Al-Qaeda`, `al Qaeda` → `al qaeda`."""
    return _SPACES.sub(" ", _JOINERS.sub(" ", name.replace("’", "'"))).strip().casefold()
