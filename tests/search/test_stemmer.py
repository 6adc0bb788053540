"""The index-side stemmer gives exactly what lunr.js's stemmer gives (run in node)."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

from conftest import ROOT
from lunr.token import Token

from clippings.search.stemmer import possessive, stem, trimmer

TRICKY = [
    "railway", "say", "cry", "by", "yes", "yyy", "ylang", "agreed", "feed", "hopping",
    "filing", "happy", "relational", "conditional", "generalization", "sanctions",
    "sanctioned", "hopeful", "electrical", "adjustment", "controll", "roll", "ab", "a",
    "ѣѣѣs", "😀ab", "caresses", "ponies", "ties", "caress", "cats", "plastered", "bled",
    "motoring", "sing", "conflated", "troubled", "sized", "hoping", "falling", "hissing",
    "fizzed", "failing", "filing", "happily", "formaliti", "sensitiviti", "yield",
]  # fmt: skip


def _vocabulary() -> list[str]:
    words: set[str] = set(TRICKY)
    for folder in ("samples", "tests/fixtures/feeds", "tests/fixtures/wxr", "tests/fixtures/html"):
        for path in (ROOT / folder).iterdir():
            text = path.read_text(encoding="utf-8", errors="replace").lower()
            words.update(re.findall(r"[^\W\d_]{1,30}", text))
    return sorted(words)


def test_python_stems_equal_lunr_js_stems() -> None:
    words = _vocabulary()
    assert len(words) > 7_000
    result = subprocess.run(
        ["node", str(Path(__file__).with_name("stem.js"))],
        input=json.dumps(words), cwd=ROOT, capture_output=True, text=True, check=True,
    )  # fmt: skip
    expected = json.loads(result.stdout)
    different = [(w, stem(w), js) for w, js in zip(words, expected, strict=True) if stem(w) != js]
    assert different == []


def test_lunr_py_own_stemmer_differs_which_is_why_ours_exists() -> None:
    from lunr.stemmer import stemmer

    assert str(stemmer(Token("railway"))) == "railwai"
    assert stem("railway") == "railway"


def test_trimmer_and_possessive() -> None:
    assert str(possessive(trimmer(Token("“NATO’s,”".lower())))) == "nato"
    assert str(trimmer(Token("café."))) == "café"
    assert str(possessive(Token("boss"))) == "boss"
