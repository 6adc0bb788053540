"""clippings.search.builder: the fast builder writes exactly lunr.py's index."""

from __future__ import annotations

from lunr.builder import Builder

from clippings.search.documents import SearchDoc, ordered
from clippings.search.shards import build_index
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
    assert build_index(docs) == build_index(docs, builder_class=Builder)


def test_no_empty_terms() -> None:
    index = build_index([TRICKY])
    terms = [term for term, _ in index["invertedIndex"]]
    assert "" not in terms
    assert {"nato", "railway", "café", "kiev", "moscow"} <= set(terms)
