"""`clippings_normalise`: one word as readers type it and as articles print it, made one term.

Registered under the same name in lunr.py (here, for the index the build writes) and in
lunr.js (theme/static/js/normalise.js, for the queries the page runs), so both sides
treat a word the same way before stemming:

1. decomposed (NFKD, which also unfolds ligatures and full-width forms) and lowercased
   (lunr's tokenizer and query parser lowercase too; done again after decomposing, which
   can give capitals: `ℌ` → `H`);
2. diacritics folded: non-spacing marks (Unicode category Mn) dropped and the rest
   recomposed (NFC): `Café` → `cafe`, `Łódź` → `łodz`;
3. apostrophes folded: ’ ‘ ʼ ＇ become ';
4. trimmed: characters that are neither letters, digits nor `_` (Unicode L, N) are cut
   from both ends: `“Lavrov,”` → `lavrov`, `U.S.` → `u.s`;
5. a possessive `'s` after at least one character dropped, and the end trimmed again:
   `NATO’s` → `nato`, `U.S.’s` → `u.s` (`it's` → `it`, a stop word anyway).

A word with nothing left is dropped (no term). The JavaScript twin must give the same
string for every word; tests/search/test_normalise.py runs both over a hostile list.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from lunr.pipeline import Pipeline

NAME = "clippings_normalise"
_APOSTROPHES = str.maketrans(dict.fromkeys("\u2019\u2018\u02bc\uff07", "'"))


def _is_word_char(char: str) -> bool:
    # JavaScript's [\p{L}\p{N}_] (Python's \w also takes some other characters).
    return char == "_" or unicodedata.category(char)[0] in "LN"


def normalise_word(word: str) -> str:
    """The normalised form of one tokenizer word ("" if nothing is left)."""
    text = unicodedata.normalize("NFKD", word).lower()
    text = "".join(c for c in text if unicodedata.category(c) != "Mn")
    text = unicodedata.normalize("NFC", text).translate(_APOSTROPHES)
    text = _trim(text)
    if len(text) > 2 and text.endswith("'s"):
        text = _trim(text[:-2])  # `U.S.’s` → `u.s.` → `u.s`
    return text


def _trim(text: str) -> str:
    start, end = 0, len(text)
    while start < end and not _is_word_char(text[start]):
        start += 1
    while end > start and not _is_word_char(text[end - 1]):
        end -= 1
    return text[start:end]


def normalise(token: Any, i: int | None = None, tokens: Any = None) -> Any | None:
    """lunr.py pipeline function `clippings_normalise` (None drops the token)."""
    token.update(lambda s, metadata=None: normalise_word(s))
    return token if token.string else None


Pipeline.register_function(normalise, NAME)
