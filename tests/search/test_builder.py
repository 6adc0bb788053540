"""clippings.search.builder: the fast builder writes exactly lunr.py's index."""

from __future__ import annotations

import json
import math
import random

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from lunr.tokenizer import Tokenizer

from clippings.search.builder import (
    ArchiveIndex,
    _round3,
    decode_numbers,
    encode_number,
    tokens,
)
from clippings.search.documents import SearchDoc, ordered
from clippings.search.shards import UNPOSITIONED, build_index, reference_index
from search.test_shards import _sample_docs, _synthetic

TRICKY = SearchDoc(
    url="tricky/index.html",
    title="NATO’s “railway” — the Kiev-Moscow\xa0line",
    date="2025-11-09",
    outlet="Press TV",
    author="Al-Farah",
    subtitle="— … - -- a  b\tc",
    tags=("Wars for Israel", "Mainstream Media, Warmongering"),
    entities=("Sergey Lavrov", "U.S."),
    body="Café, café. It’s the U.S.’s 2025 plan: “don’t” stop-words and-hyphens\nnew lines.",
)


def test_same_serialised_index_as_lunr_py() -> None:
    samples = _sample_docs()
    docs = ordered([*samples, *_synthetic(samples, 150), TRICKY])
    # (through JSON: the reference's postings are lunr.py objects, ours plain data)
    assert build_index(docs).serialized() == json.loads(json.dumps(reference_index(docs)))


def test_no_empty_terms() -> None:
    index = build_index([TRICKY]).serialized()
    terms = [term for term, _ in index["invertedIndex"]]
    assert "" not in terms
    # Diacritics folded, possessives dropped, punctuation trimmed (clippings_normalise).
    assert {"nato", "railway", "cafe", "kiev", "moscow", "u.", "lavrov"} <= set(terms)
    assert not {"café", "nato’s", "u.s.’s", "u.s.'s"} & set(terms)


@settings(max_examples=2000, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.floats(min_value=0, max_value=200, allow_nan=False),
            # values on and next to a half-thousandth, where scaling by 1000 can tip them
            st.integers(0, 200_000).map(lambda k: (k + 0.5) / 1000),
            st.integers(0, 200_000).map(lambda k: math.nextafter((k + 0.5) / 1000, 0)),
            st.integers(0, 200_000).map(lambda k: math.nextafter((k + 0.5) / 1000, 1e9)),
        ),
        min_size=1,
    )
)
def test_weights_round_as_python_rounds(values: list[float]) -> None:
    rounded = _round3(np.array(values, np.float64)).tolist()
    assert rounded == [round(v, 3) for v in values]


@settings(max_examples=1000, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("aZé9'’.-_ \t\n\r\x0b\x0c\xa0\x1c\x85\u2003\u3000")),
        max_size=30,
    )
)
def test_tokens_are_lunr_pys(text: str) -> None:
    assert tokens(text) == [str(t) for t in Tokenizer(text) if str(t)]


def _placed_terms(index: ArchiveIndex, docs: list[SearchDoc]) -> list[list[str | None]]:
    """Per document, the term of each place (None: a dropped word or the empty place after
    a field), worked out word by word: the builder's positions, written plainly."""
    out = []
    for doc in docs:
        places: list[str | None] = []
        for name, text in doc.fields().items():
            words = tokens(text)
            if name in UNPOSITIONED or not words:
                continue
            places += [(index.analyse(w) or [None])[0] for w in words] + [None]
        out.append(places)
    return out


def _positions(placed: list[list[str | None]], term: str) -> list[list[int]]:
    found = ([i for i, t in enumerate(places) if t == term] for places in placed)
    return [places for places in found if places]


def _decoded(text: str) -> list[list[int]]:
    out = []
    for run in text.split(",") if text else []:
        numbers, places = decode_numbers(run), []
        for n in numbers:
            places.append(n if not places else places[-1] + n + 1)
        out.append(places)
    return out


def test_positions_are_every_words_place() -> None:
    samples = _sample_docs()
    filler = " ".join(f"w{i % 997}" for i in range(100_000))  # positions of 3 and 4 digits
    long = SearchDoc(url="long/index.html", title="Alpha", date="2025-11-10",
                     body=f"alpha beta, the alpha {filler} alpha omega’s")  # fmt: skip
    docs = ordered([*samples, *_synthetic(samples, 40), TRICKY, long])
    index = build_index(docs)
    positions = index.positions()
    rng = random.Random(2)
    terms = [*rng.sample(index.terms, 150), "alpha", "omega", "lavrov", "nato", "w5"]
    placed = _placed_terms(index, docs)
    for term in terms:
        assert _decoded(positions[index.number(term)]) == _positions(placed, term), term
    alpha = _decoded(positions[index.number("alpha")])[-1]
    assert alpha[:3] == [0, 2, 5] and alpha[-1] > 46 * 45 * 45  # title, then body
    # Facet tokens have no positions (phrases do not look in the facets field).
    assert positions[index.number("outlet_presstv")] == ""


@given(st.lists(st.integers(0, 10**9), max_size=50))
def test_position_digits_round_trip(values: list[int]) -> None:
    text = "".join(encode_number(v) for v in values)
    assert decode_numbers(text) == values
    assert not set(text) & set('",\\')
