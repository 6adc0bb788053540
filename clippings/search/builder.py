"""lunr.py's index builder, made fast enough for 100,000 articles.

`ArchiveBuilder` is `lunr.builder.Builder` with the same fields, pipeline and scoring,
and gives the same serialised index (a test compares the two on real documents), but:

* text analysis runs once per distinct word, not once per token: the archive's
  vocabulary is small next to its text (lunr.py's tokenizer walks every character in
  Python, and its pipeline makes a `Token` object per word occurrence);
* document vectors are built as sorted lists (lunr's `Vector.insert` binary-searches
  and shifts a list for every term);
* the Python `TokenSet` of every term, which lunr.py builds but the serialised index
  does not contain, is not built.

The analysis of a word is lunr.py's own: its tokenizer's separators, then the
pipeline functions (`trimmer`, `stop_word_filter`, `possessive`, `js_stemmer`) called
on a `Token`, exactly as `Pipeline.run` calls them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

from lunr import __TARGET_JS_VERSION__
from lunr.builder import Builder
from lunr.idf import idf
from lunr.token import Token
from lunr.tokenizer import SEPARATOR_CHARS

_SEPARATORS = re.compile("[" + re.escape(SEPARATOR_CHARS) + "]+")

PipelineFunction = Callable[..., Any]


class ArchiveBuilder(Builder):
    """A lunr.py Builder whose `add` and `build` are linear and analyse each word once."""

    def __init__(self) -> None:
        super().__init__()
        self._analysed: dict[str, str | None] = {}

    def _analyse_word(self, word: str) -> str | None:
        """The index term of one tokenizer token, or None if the pipeline drops it."""
        token: Any = Token(word, {})
        for fn in self.pipeline._stack:
            token = fn(token, 0, [token])
            if not token:
                return None
            if isinstance(token, list | tuple):  # a function that splits: not used here
                raise ValueError("pipeline functions that return several tokens are unsupported")
        return str(token)

    def analyse(self, text: str | None) -> list[str]:
        """The terms lunr.py's tokenizer and this builder's pipeline make of `text`."""
        if text is None:
            return []
        cache = self._analysed
        terms = []
        for word in _SEPARATORS.split(str(text).lower()):
            if not word:
                continue
            term = cache.get(word, "\0")
            if term == "\0":
                term = cache[word] = self._analyse_word(word)
            if term is not None:
                terms.append(term)
        return terms

    def add(self, doc: dict[str, Any], attributes: dict[str, Any] | None = None) -> None:
        """Add a document, as lunr.py's `Builder.add` does (field skips unsupported)."""
        doc_ref = str(doc[self._ref])
        self._documents[doc_ref] = attributes or {}
        self.document_count += 1
        inverted = self.inverted_index
        for field_name, field in self._fields.items():
            value = doc[field_name] if field.extractor is None else field.extractor(doc)
            terms = self.analyse(value)
            frequencies = Counter(terms)  # keys in order of first appearance, as lunr's
            field_ref = f"{field_name}/{doc_ref}"
            self.field_term_frequencies[field_ref] = frequencies
            self.field_lengths[field_ref] = len(terms)
            for term in frequencies:
                posting = inverted.get(term)
                if posting is None:
                    posting = {name: {} for name in self._fields}
                    posting["_index"] = self.term_index
                    self.term_index += 1
                    inverted[term] = posting
                posting[field_name][doc_ref] = {}

    def serialized(self) -> dict[str, Any]:
        """The index as `Builder.build().serialize()` gives it (lunr-schema)."""
        self._calculate_average_field_lengths()
        k1, b = self._k1, self._b
        count = self.document_count
        idf_of: dict[str, float] = {}
        field_vectors: list[list[Any]] = []
        for field_ref, frequencies in self.field_term_frequencies.items():
            if not frequencies:  # (and its field's average length may be 0)
                field_vectors.append([field_ref, []])
                continue
            field_name, _, doc_ref = field_ref.partition("/")
            field_boost = self._fields[field_name].boost
            doc_boost = self._documents[doc_ref].get("boost", 1)
            norm = k1 * (
                1 - b + b * (self.field_lengths[field_ref] / self.average_field_length[field_name])
            )
            pairs = []
            for term, tf in frequencies.items():
                weight = idf_of.get(term)
                if weight is None:
                    weight = idf_of[term] = idf(self.inverted_index[term], count)
                # The same operations in the same order as lunr.py: the same floats.
                score = weight * ((k1 + 1) * tf) / (norm + tf)
                score *= field_boost
                score *= doc_boost
                pairs.append((self.inverted_index[term]["_index"], round(score, 3)))
            pairs.sort()
            field_vectors.append([field_ref, [x for pair in pairs for x in pair]])
        inverted = [[term, self.inverted_index[term]] for term in sorted(self.inverted_index)]
        return {
            "version": __TARGET_JS_VERSION__,
            "fields": list(self._fields),
            "fieldVectors": field_vectors,
            "invertedIndex": inverted,
            "pipeline": self.search_pipeline.serialize(),
        }


def make_builder(
    fields: Sequence[tuple[str, int]],
    pipeline: Sequence[PipelineFunction],
    search_pipeline: Sequence[PipelineFunction],
    builder_class: type[Builder] = ArchiveBuilder,
) -> Builder:
    """A builder with `fields` (name, boost), ref `id`, and the two pipelines."""
    builder = builder_class()
    builder.pipeline.add(*pipeline)
    builder.search_pipeline.add(*search_pipeline)
    builder.ref("id")
    for name, boost in fields:
        builder.field(name, boost=boost)
    return builder
