"""lunr.py's index of the archive, built in little memory and time for 100,000 articles.

`ArchiveIndex` has lunr.py's fields, pipeline and BM25 scoring and gives the same index
(a test compares `serialized()` with lunr.py's `Builder` on real documents), but:

* text analysis runs once per distinct word, not once per token: the archive's
  vocabulary is small next to its text (lunr.py's tokenizer walks every character in
  Python, and its pipeline makes a `Token` object per word occurrence);
* what a document adds is kept as flat arrays of term numbers and counts, not as
  lunr.py's dict per posting and `Counter` per field (tens of millions of Python
  objects at 100,000 articles);
* the weights are computed with numpy, in the same float operations, in the same
  order, as lunr.py (so the same doubles), and rounded as Python's `round` rounds;
* the result is what the term shards hold (`rows`): per term, the documents and
  weights per field. lunr.py's field vectors and inverted index are not built.

Postings are written compactly: per field `[doc gap, weight × 1000, …]`, each document
number as its distance from the one before (the first from 0) and each weight (lunr.py
rounds them to 3 decimals) as an integer: a third fewer bytes than `[doc, weight, …]`.
`decode_postings` gives the documents and weights back, the same doubles (k / 1000 is
correctly rounded in Python and JavaScript alike, as is the parsed decimal).

A term's number is lunr's term index: the order in which terms first appear,
document by document, field by field.

Positions (for phrase queries, `positions`): every tokenizer word of a document's text
fields (all but those named in `unpositioned`) has a position, counted on through the
fields in order with one left empty between fields, so no phrase spans two fields.
Dropped words (stop words, bare punctuation) keep their place: `"wars for israel"`
matches `war`, any word, `israel`. Per term, one string: for each document holding the
term in a positioned field (ascending; the union of its postings in those fields, so
no document numbers are repeated), its positions, the first as it is and each next as
the distance from the one before less 1, each number in `POSITION_DIGITS` (see
`encode_number`); documents separated by `,`.
"""

from __future__ import annotations

import json
import math
import re
from array import array
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import numpy as np
from lunr import __TARGET_JS_VERSION__
from lunr.builder import Builder
from lunr.pipeline import Pipeline
from lunr.token import Token
from lunr.tokenizer import SEPARATOR_CHARS

_SEPARATORS = re.compile("[" + re.escape(SEPARATOR_CHARS) + "]+")
# What str.split() splits on besides lunr's separators (and "-", which is replaced).
# (All of Unicode's white space is in its first plane.)
_OTHER_SPACES = re.compile(
    "[" + re.escape("".join(c for c in map(chr, range(0x10000))
                            if c.isspace() and c not in SEPARATOR_CHARS)) + "]"
)  # fmt: skip
K1 = 1.2  # lunr's BM25 parameters (Builder._k1, Builder._b)
B = 0.75
DROPPED = -1  # the term number of a word the pipeline drops (a stop word, say)

PipelineFunction = Callable[..., Any]
# JSON-safe printable ASCII but `"`, `\\` and `,` (the document separator): 46 digits that
# end a number, 45 that continue it. Positions below 46 take one character, below 2,070 two.
POSITION_DIGITS = "".join(c for c in map(chr, range(0x21, 0x7F)) if c not in '"\\,')
_LAST, _MORE = POSITION_DIGITS[:46], POSITION_DIGITS[46:]


def encode_number(value: int) -> str:
    """`value` (≥ 0) as position digits: the continuing digits give `value // 46` in base
    45, most significant first, and the last digit `value % 46`."""
    if value < 46:
        return _LAST[value]
    high, out = value // 46, ""
    while high:
        high, digit = divmod(high, 45)
        out = _MORE[digit] + out
    return out + _LAST[value % 46]


_LAST_CODES = np.frombuffer(_LAST.encode(), np.uint8)
_MORE_CODES = np.frombuffer(_MORE.encode(), np.uint8)


def decode_numbers(text: str) -> list[int]:
    """The numbers of one document's run of position digits (the inverse of
    `encode_number` over a run)."""
    out, high = [], 0
    for char in text:
        digit = _MORE.find(char)
        if digit >= 0:
            high = high * 45 + digit
        else:
            out.append(high * 46 + _LAST.index(char))
            high = 0
    return out


def js_order(term: str) -> bytes:
    """Sort key giving JavaScript's string order (UTF-16 code units), which lunr.js needs."""
    return term.encode("utf-16-be", "surrogatepass")


def json_text(data: Any) -> str:
    """Compact JSON, non-ASCII kept (the index files' form)."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def tokens(text: str) -> list[str]:
    """lunr.py's tokenizer: `text` lowercased, split at its separators (empty words kept
    out here; the index drops them anyway)."""
    text = str(text).lower()
    if _OTHER_SPACES.search(text):
        return [word for word in _SEPARATORS.split(text) if word]
    # Without other white space, str.split splits exactly at lunr's separators: faster.
    return text.replace("-", " ").split()


class ArchiveIndex:
    """Documents in, per-term postings with lunr.py's weights out."""

    def __init__(
        self,
        fields: Sequence[tuple[str, int]],
        pipeline: Sequence[PipelineFunction],
        search_pipeline: Sequence[PipelineFunction],
        unpositioned: Sequence[str] = (),
    ) -> None:
        self.fields = [name for name, _ in fields]
        self.positioned = [name not in unpositioned for name in self.fields]
        self._boosts = [float(boost) for _, boost in fields]
        self._pipeline = list(pipeline)
        self._search_pipeline = Pipeline()
        self._search_pipeline.add(*search_pipeline)
        self.terms: list[str] = []  # by term number
        self._number: dict[str, int] = {}  # term → number
        self._word: dict[str, int] = {"": DROPPED}  # tokenizer word → term number
        # Per field: the distinct term numbers of each document, one after the other, and
        # their counts; per document, how many there are and the field's length in terms.
        self._terms = [array("i") for _ in fields]
        self._counts = [array("i") for _ in fields]
        self._distinct = [array("i") for _ in fields]
        self._lengths = [array("i") for _ in fields]
        # Every kept word of a positioned field: its term number and its position; and
        # per document how many there are.
        self._position_terms = array("i")
        self._position_values = array("i")
        self._position_counts = array("i")
        self.documents = 0

    @property
    def version(self) -> str:
        return __TARGET_JS_VERSION__

    @property
    def pipeline(self) -> list[str]:
        """The search pipeline as the serialised index names it."""
        return list(self._search_pipeline.serialize())

    def _analyse_word(self, word: str) -> str | None:
        """The index term of one tokenizer token, or None if the pipeline drops it."""
        token: Any = Token(word, {})
        for fn in self._pipeline:
            token = fn(token, 0, [token])
            if not token:
                return None
            if isinstance(token, list | tuple):  # a function that splits: not used here
                raise ValueError("pipeline functions that return several tokens are unsupported")
        return str(token)

    def number(self, term: str) -> int:
        """The term number of `term`."""
        return self._number[term]

    def _new_word(self, word: str) -> int:
        term = self._analyse_word(word)
        if term is None:
            number = DROPPED
        else:
            number = self._number.get(term, -2)
            if number == -2:  # a new term: the next term index, as lunr.py numbers them
                number = self._number[term] = len(self.terms)
                self.terms.append(term)
        self._word[word] = number
        return number

    def term_numbers(self, text: str | None) -> list[int]:
        """The term number of each of `text`'s words, DROPPED for the pipeline's drops."""
        if not text:
            return []
        words = tokens(text)
        known = self._word
        try:
            return list(map(known.__getitem__, words))
        except KeyError:  # a word not seen before: number new terms in reading order
            return [known[w] if w in known else self._new_word(w) for w in words]

    def analyse(self, text: str | None) -> list[str]:
        """The terms lunr.py's tokenizer and this index's pipeline make of `text`."""
        return [self.terms[n] for n in self.term_numbers(text) if n != DROPPED]

    def add(self, texts: Sequence[str | None]) -> None:
        """Add the next document (numbered from 0): the text of each field, in order."""
        offset = kept = 0
        for column, text in enumerate(texts):
            numbers = self.term_numbers(text)
            if self.positioned[column] and numbers:
                at = [i for i, n in enumerate(numbers) if n >= 0]
                self._position_terms.extend(numbers[i] for i in at)
                self._position_values.extend(offset + i for i in at)
                kept += len(at)
                offset += len(numbers) + 1  # one empty place: no phrase spans two fields
            counts = Counter(numbers)  # keys in order of first appearance, as lunr.py's
            dropped = counts.pop(DROPPED, 0)
            self._terms[column].extend(counts.keys())
            self._counts[column].extend(counts.values())
            self._distinct[column].append(len(counts))
            self._lengths[column].append(len(numbers) - dropped)
        self._position_counts.append(kept)
        self.documents += 1

    def positions(self) -> list[str]:
        """Per term number, its position string (see the module's docstring)."""
        terms = np.frombuffer(self._position_terms, np.int32)
        values = np.frombuffer(self._position_values, np.int32).astype(np.int64)
        docs = np.repeat(
            np.arange(self.documents, dtype=np.int32),
            np.frombuffer(self._position_counts, np.int32),
        )
        # Words were added document by document, positions ascending: a stable sort by
        # term keeps documents, then positions, ascending.
        order = np.argsort(terms, kind="stable")
        terms, values, docs = terms[order], values[order], docs[order]
        del order
        same_term = np.zeros(len(terms), bool)
        same_term[1:] = terms[1:] == terms[:-1]
        same_doc = same_term.copy()
        same_doc[1:] &= docs[1:] == docs[:-1]
        deltas = values.copy()
        deltas[1:] -= values[:-1] + 1
        numbers = np.where(same_doc, deltas, values).astype(np.int32)
        del deltas, values
        separated = same_term & ~same_doc  # a document's first position, not the term's
        # The text of all terms at once, in one byte array (tens of millions of positions
        # at 100,000 articles: one Python string each would take gigabytes).
        high = numbers // 46
        digits = np.zeros(len(numbers), np.int8)  # continuing digits of each number
        rest = high.copy()
        while (nonzero := rest > 0).any():
            digits += nonzero
            rest //= 45
        width = digits.astype(np.int64) + 1 + separated
        ends = np.cumsum(width)
        firsts_char = ends - width
        del width
        text = np.empty(int(ends[-1]) if len(ends) else 0, np.uint8)
        text[firsts_char[separated]] = ord(",")
        text[ends - 1] = _LAST_CODES[numbers % 46]
        first_digit = firsts_char + separated
        rest = high
        k = 0
        while (has := digits > k).any():  # the k-th continuing digit from the right
            at = np.flatnonzero(has)
            text[first_digit[at] + digits[at] - 1 - k] = _MORE_CODES[rest[at] % 45]
            rest //= 45
            k += 1
        out = [""] * len(self.terms)
        starts = np.flatnonzero(~same_term)
        bounds = [*firsts_char[starts].tolist(), len(text)]
        data = text.tobytes()
        for term, start, end in zip(terms[starts].tolist(), bounds, bounds[1:], strict=False):
            out[term] = data[start:end].decode("ascii")
        return out

    def _columns(self) -> list[tuple[list[int], np.ndarray, np.ndarray]]:
        """Per field: where each term's postings start (by term number, one more at the
        end), and the document gaps and milli-weights of all postings, by term then
        document (as `rows` writes them)."""
        vocabulary, documents = len(self.terms), self.documents
        # lunr.py's idf counts the (field, document) pairs holding a term.
        holding = np.zeros(vocabulary, np.int64)
        for numbers in self._terms:
            holding += np.bincount(np.frombuffer(numbers, np.int32), minlength=vocabulary)
        idf = np.array(
            [math.log(1 + abs((documents - n + 0.5) / (n + 0.5))) for n in holding.tolist()],
            np.float64,
        )
        columns = []
        for column in range(len(self.fields)):
            terms = np.frombuffer(self._terms[column], np.int32)
            starts = np.zeros(vocabulary + 1, np.int64)
            np.cumsum(np.bincount(terms, minlength=vocabulary), out=starts[1:])
            if not len(terms):
                columns.append((starts.tolist(), np.zeros(0, np.int32), np.zeros(0)))
                continue
            lengths = np.frombuffer(self._lengths[column], np.int32)
            average = sum(self._lengths[column]) / documents  # an exact int sum, as lunr.py's
            norm = K1 * (1 - B + B * (lengths / average))
            distinct = np.frombuffer(self._distinct[column], np.int32)
            docs = np.repeat(np.arange(documents, dtype=np.int32), distinct)
            # lunr.py's `idf * ((k1 + 1) * tf) / (norm + tf) * boost`, operation by operation
            # in its order (the same floats), in place: at 100,000 articles the body field
            # has tens of millions of postings, and every temporary array is hundreds of MB.
            tf = np.frombuffer(self._counts[column], np.int32).astype(np.float64)
            score = np.multiply(tf, K1 + 1)
            np.multiply(idf[terms], score, out=score)
            divisor = norm[docs]
            divisor += tf
            del tf
            score /= divisor
            del divisor
            score *= self._boosts[column]  # (then lunr.py's document boost, 1 here: exact)
            rounded = _round3(score)
            del score
            rounded *= 1000  # k / 1000 (the double nearest it) × 1000 rounds back to k
            milli = np.rint(rounded, out=rounded).astype(np.int32)
            del rounded
            order = np.argsort(terms, kind="stable")  # documents stay ascending per term
            docs = docs[order]
            gaps = docs.copy()
            gaps[1:] -= docs[:-1]
            firsts = starts[:-1][np.diff(starts) > 0]  # each term's first posting: from 0
            gaps[firsts] = docs[firsts]
            columns.append((starts.tolist(), gaps, milli[order]))
        return columns

    def rows(self) -> Iterator[tuple[str, str]]:
        """(term, JSON row) per term in JavaScript order; a row is
        `[term, term index, [doc gap, weight × 1000, …] per field]`, documents ascending."""
        columns = self._columns()
        for number in sorted(range(len(self.terms)), key=lambda n: js_order(self.terms[n])):
            parts = [json_text(self.terms[number]), str(number)]
            for bounds, gaps, milli in columns:
                start, end = bounds[number], bounds[number + 1]
                if start == end:
                    parts.append("[]")
                    continue
                pairs: list[int] = [0] * (2 * (end - start))
                pairs[::2] = gaps[start:end].tolist()
                pairs[1::2] = milli[start:end].tolist()
                parts.append("[" + ",".join(map(str, pairs)) + "]")
            yield self.terms[number], "[" + ",".join(parts) + "]"

    def serialized(self) -> dict[str, Any]:
        """The index as lunr.py's `Builder.build().serialize()` gives it (lunr-schema)."""
        return lunr_schema(
            self.version,
            self.fields,
            self.pipeline,
            self.documents,
            (json.loads(row) for _, row in self.rows()),
        )


def _round3(values: np.ndarray) -> np.ndarray:
    """`round(x, 3)` of every value, as Python rounds (correctly, from the exact value).

    numpy's `round` scales by 1000 first, which can tip a value lying within rounding
    error of a half-thousandth the other way; those few are rounded by Python.
    """
    scaled = values * 1000
    # |scaled - floor(scaled) - 0.5|, in one temporary array
    distance = np.floor(scaled)
    np.subtract(scaled, distance, out=distance)
    distance -= 0.5
    np.abs(distance, out=distance)
    near_half = np.flatnonzero(distance < 1e-6)
    del distance
    rounded = np.rint(scaled, out=scaled)
    rounded /= 1000
    for i in near_half.tolist():
        rounded[i] = round(float(values[i]), 3)
    return rounded


def decode_postings(flat: Sequence[int]) -> list[int | float]:
    """`[doc, weight, …]` from a row's `[doc gap, weight × 1000, …]`."""
    out: list[int | float] = []
    doc = 0
    for gap, milli in zip(flat[::2], flat[1::2], strict=True):
        doc += gap
        out += (doc, milli / 1000)
    return out


def lunr_schema(
    version: str,
    fields: list[str],
    pipeline: list[str],
    documents: int,
    rows: Iterator[list[Any]],
) -> dict[str, Any]:
    """lunr-schema (as `Builder.serialize` writes it) from term rows (as `rows` gives them,
    postings encoded)."""
    inverted: list[list[Any]] = []
    vectors: dict[str, list[tuple[int, float]]] = {}
    for term, term_index, *columns in rows:
        posting: dict[str, Any] = {"_index": term_index}
        for name, encoded in zip(fields, columns, strict=True):
            flat = decode_postings(encoded)
            posting[name] = {str(doc): {} for doc in flat[::2]}
            for doc, weight in zip(flat[::2], flat[1::2], strict=True):
                vectors.setdefault(f"{name}/{doc}", []).append((term_index, weight))
        inverted.append([term, posting])
    inverted.sort(key=lambda pair: pair[0])  # lunr.py sorts terms as Python does
    field_vectors = [
        [f"{name}/{doc}", [x for pair in sorted(vectors.get(f"{name}/{doc}", [])) for x in pair]]
        for doc in range(documents)
        for name in fields
    ]
    return {
        "version": version,
        "fields": fields,
        "fieldVectors": field_vectors,
        "invertedIndex": inverted,
        "pipeline": pipeline,
    }


def make_builder(
    fields: Sequence[tuple[str, int]],
    pipeline: Sequence[PipelineFunction],
    search_pipeline: Sequence[PipelineFunction],
) -> Builder:
    """lunr.py's own Builder with `fields` (name, boost), ref `id`, and the two pipelines
    (the reference `ArchiveIndex` is tested against)."""
    builder = Builder()
    builder.pipeline.add(*pipeline)
    builder.search_pipeline.add(*search_pipeline)
    builder.ref("id")
    for name, boost in fields:
        builder.field(name, boost=boost)
    return builder
