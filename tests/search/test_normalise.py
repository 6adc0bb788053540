"""clippings_normalise: the build (Python) and the page (lunr.js) make every word the same term."""

from __future__ import annotations

import json
import random
import subprocess
from pathlib import Path

from conftest import ROOT
from lunr.token import Token

from clippings.search.normalise import normalise, normalise_word
from clippings.search.stemmer import stem

HOSTILE = [
    "Lavrov", "Lavrov's", "Lavrov’s", "Lavrov,", "Lavrov?", "“Lavrov,”", "(Lavrov)", "LAVROV’S",
    "NATO’s", "NATO's", "nato‘s", "NATOʼs", "NATO＇s", "U.S.", "U.S.’s", "u.s", "'s", "’s", "s's",
    "’", "...", "—", "-", "_", "__init__", "it's", "boss", "bosses'", "x's", "𝐀's", "'tis",
    "café", "CAFÉ", "cafe\u0301", "Łódź", "naïve", "Ærø", "Straße", "ß", "ﬁnance", "ﬀ",
    "ＮＡＴＯ", "İstanbul", "ΟΔΟΣ", "Ὀδυσσεύς", "ℌello", "ǅ", "한국", "مُحَمَّد", "हिन्दी",
    "👍🏽", "a\u200db", "x\u0308\u0308", "1⁄2", "½", "²", "Ⅻ", "٣", "e\u0301s", "¨",
    "\u00a8s", "\ufeffword", "word\u200b", "O'Neill", "rock'n'roll", "'quoted'", "«Путин»",
    "Путин’s", "dʼArc", "l'Élysée", "Erdoğan’s", "K\u0130EV", "ﬂ", "㎏", "x" * 300,
]  # fmt: skip
POOL = [*"aZé'’‘ʼ.,?!;:()«»“”-_ßİı\u0301\u0308\u200d\ufe0fΣσς3٣½ﬁ한ℌ𝐀👍", "'s", "’s"]


def _words() -> list[str]:
    rng = random.Random(5)
    randoms = ["".join(rng.choices(POOL, k=rng.randint(1, 8))) for _ in range(3000)]
    return HOSTILE + randoms


def _js(words: list[str], tmp_path: Path) -> list[list]:
    (tmp_path / "words.json").write_text(json.dumps(words), encoding="utf-8")
    done = subprocess.run(
        ["node", str(Path(__file__).with_name("normalise.js")), str(tmp_path / "words.json")],
        cwd=ROOT, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return json.loads(done.stdout)


def test_python_and_javascript_normalise_every_word_alike(tmp_path: Path) -> None:
    words = _words()
    js = _js(words, tmp_path)
    differ = [(w, normalise_word(w), out) for w, (out, _) in zip(words, js, strict=True)
              if normalise_word(w) != out]  # fmt: skip
    assert not differ, differ[:10]
    # The query's terms (normalise, then lunr.js's stemmer) are the index's terms
    # (normalise, then the ported stemmer), stop words aside.
    differ = [
        (w, terms)
        for w, (_, terms) in zip(words, js, strict=True)
        if terms != ([stem(normalise_word(w))] if normalise_word(w) else [])
    ]
    assert not differ, differ[:10]


def test_what_readers_type_is_the_bare_word() -> None:
    for typed in ("Lavrov's", "Lavrov’s", "Lavrov,", "Lavrov?", "“Lavrov,”", "(LAVROV)"):
        assert normalise_word(typed) == "lavrov", typed
    for typed in ("NATO’s", "NATO's", "NATOʼs", "ＮＡＴＯ"):
        assert normalise_word(typed) == "nato", typed
    assert normalise_word("U.S.") == normalise_word("U.S.’s") == "u.s"
    assert normalise_word("Café") == normalise_word("cafe\u0301") == "cafe"
    assert normalise_word("Erdoğan’s") == "erdogan"
    assert normalise_word("boss") == "boss" and normalise_word("bosses'") == "bosses"
    assert normalise_word("rock'n'roll") == "rock'n'roll"  # inner apostrophes stay
    assert normalise_word("...") == "" and normalise_word("’s") == "s"


def test_pipeline_function_drops_what_has_nothing_left() -> None:
    assert normalise(Token("“—”", {})) is None
    assert str(normalise(Token("NATO’s", {}))) == "nato"
