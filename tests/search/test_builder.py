"""clippings.search.builder: the fast builder writes exactly lunr.py's index."""

from __future__ import annotations

import json
import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from lunr.tokenizer import Tokenizer

from clippings.search.builder import _round3, tokens
from clippings.search.documents import SearchDoc, ordered
from clippings.search.shards import build_index, reference_index
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
