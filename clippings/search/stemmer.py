"""lunr.js's Porter stemmer, ported exactly, for the index lunr.py builds.

lunr.py ships the reference Porter implementation, which differs from the regex one in
lunr.js 2.3.9 (`railway` → `railwai` in Python, `railway` in JavaScript). Queries are
stemmed by lunr.js in the browser, so terms in the index must be stemmed the same way
or such words could never be found. A test compares both on a large vocabulary.

Also here, for the index side only (lunr.js runs just the stemmer on queries):
`trimmer`, which strips non-word characters at both ends of a token by Unicode rules
(lunr's own trimmers keep `nato’s,` whole, or cut `café` to `caf`), and `possessive`,
which drops a trailing ’s / 's (readers search `nato`; the archive says `NATO’s`).
"""

from __future__ import annotations

import re
from typing import Any

from lunr.pipeline import Pipeline

_STEP2 = {
    "ational": "ate", "tional": "tion", "enci": "ence", "anci": "ance", "izer": "ize",
    "bli": "ble", "alli": "al", "entli": "ent", "eli": "e", "ousli": "ous",
    "ization": "ize", "ation": "ate", "ator": "ate", "alism": "al", "iveness": "ive",
    "fulness": "ful", "ousness": "ous", "aliti": "al", "iviti": "ive", "biliti": "ble",
    "logi": "log",
}  # fmt: skip
_STEP3 = {
    "icate": "ic", "ative": "", "alize": "al", "iciti": "ic", "ical": "ic", "ful": "",
    "ness": "",
}  # fmt: skip

_c = "[^aeiou]"
_v = "[aeiouy]"
_C = _c + "[^aeiouy]*"
_V = _v + "[aeiou]*"
# JavaScript's `$` is the end of the string; Python's `\Z` is (its `$` allows a "\n").
_MGR0 = re.compile("^(" + _C + ")?" + _V + _C)
_MEQ1 = re.compile("^(" + _C + ")?" + _V + _C + "(" + _V + r")?\Z")
_MGR1 = re.compile("^(" + _C + ")?" + _V + _C + _V + _C)
_S_V = re.compile("^(" + _C + ")?" + _v)
_1A = re.compile(r"^(.+?)(ss|i)es\Z", re.S)
_1A2 = re.compile(r"^(.+?)([^s])s\Z", re.S)
_1B = re.compile(r"^(.+?)eed\Z", re.S)
_1B2 = re.compile(r"^(.+?)(ed|ing)\Z", re.S)
_1B_AT = re.compile(r"(at|bl|iz)\Z")
_1B_DOUBLE = re.compile(r"([^aeiouylsz])\1\Z")
_1B_CVC = re.compile("^" + _C + _v + r"[^aeiouwxy]\Z")
_1C = re.compile(r"^(.+?[^aeiou])y\Z", re.S)
_2 = re.compile(r"^(.+?)(" + "|".join(_STEP2) + r")\Z", re.S)
_3 = re.compile(r"^(.+?)(" + "|".join(_STEP3) + r")\Z", re.S)
_4 = re.compile(
    r"^(.+?)(al|ance|ence|er|ic|able|ible|ant|ement|ment|ent|ou|ism|ate|iti|ous|ive|ize)\Z",
    re.S,
)
_4B = re.compile(r"^(.+?)(s|t)(ion)\Z", re.S)
_5 = re.compile(r"^(.+?)e\Z", re.S)
_5_LL = re.compile(r"ll\Z")
_5_CVC = re.compile("^" + _C + _v + r"[^aeiouwxy]\Z")
_POSSESSIVE = re.compile(r"(?<=\w)['’]s\Z")
_EDGES = re.compile(r"^\W+|\W+\Z")


def _utf16_length(word: str) -> int:
    return len(word.encode("utf-16-le", "surrogatepass")) // 2


def stem(word: str) -> str:
    """The stem lunr.js 2.3.9 gives `word` (same steps, same regular expressions)."""
    if _utf16_length(word) < 3:
        return word
    first = word[0]
    if first == "y":
        word = "Y" + word[1:]
    # Step 1a
    if _1A.search(word):
        word = _1A.sub(r"\1\2", word, count=1)
    elif _1A2.search(word):
        word = _1A2.sub(r"\1\2", word, count=1)
    # Step 1b
    if m := _1B.search(word):
        if _MGR0.search(m.group(1)):
            word = word[:-1]
    elif m := _1B2.search(word):
        base = m.group(1)
        if _S_V.search(base):
            word = base
            if _1B_AT.search(word):
                word += "e"
            elif _1B_DOUBLE.search(word):
                word = word[:-1]
            elif _1B_CVC.search(word):
                word += "e"
    # Step 1c
    if m := _1C.search(word):
        word = m.group(1) + "i"
    # Step 2
    if (m := _2.search(word)) and _MGR0.search(m.group(1)):
        word = m.group(1) + _STEP2[m.group(2)]
    # Step 3
    if (m := _3.search(word)) and _MGR0.search(m.group(1)):
        word = m.group(1) + _STEP3[m.group(2)]
    # Step 4
    if m := _4.search(word):
        if _MGR1.search(m.group(1)):
            word = m.group(1)
    elif m := _4B.search(word):
        base = m.group(1) + m.group(2)
        if _MGR1.search(base):
            word = base
    # Step 5
    if m := _5.search(word):
        base = m.group(1)
        if _MGR1.search(base) or (_MEQ1.search(base) and not _5_CVC.search(base)):
            word = base
    if _5_LL.search(word) and _MGR1.search(word):
        word = word[:-1]
    if first == "y":
        word = "y" + word[1:]
    return word


def js_stemmer(token: Any, i: int | None = None, tokens: Any = None) -> Any:
    """lunr.py pipeline function: lunr.js's stemmer."""
    return token.update(lambda s, metadata=None: stem(s))


def trimmer(token: Any, i: int | None = None, tokens: Any = None) -> Any | None:
    """lunr.py pipeline function: `“nato’s,”` → `nato’s` (Unicode word characters)."""
    token.update(lambda s, metadata=None: _EDGES.sub("", s))
    return token if token.string else None  # nothing left: no term (lunr would keep "")


def possessive(token: Any, i: int | None = None, tokens: Any = None) -> Any | None:
    """lunr.py pipeline function: `nato’s` → `nato` (index side only)."""
    token.update(lambda s, metadata=None: _POSSESSIVE.sub("", s))
    return token if token.string else None


Pipeline.register_function(js_stemmer, "clippings_stemmer")
Pipeline.register_function(trimmer, "clippings_trimmer")
Pipeline.register_function(possessive, "clippings_possessive")
