"""One lunr.py index over the whole archive, cut into files a query loads a few of.

Layout (every file a `<script>` that calls `ClippingsSearch.register(name, data)`, so
search works from `file://` as well as over http; names carry a content hash, so a
file's name changes exactly when its content does and unchanged files stay put):

* `manifest.js`: lunr version, fields, search pipeline, document count, the first
  term of every term shard (terms sorted as JavaScript sorts strings), the keys of
  the term shards and one key per group of CHUNK_GROUP document chunks;
* `t/<hash>.js`: a term shard, a run of consecutive terms with, per term, its lunr
  term index and, per field, the documents holding it and their BM25 weights
  (`[doc gap, weight × 1000, …]`: see clippings/search/builder.py);
* `p/<hash>.js`: the positions of the same terms (one string per term, in the shard's
  order), loaded only by phrase queries; the hash is of both files, so a change of
  either renames both;
* `x/<group hash>-<j>.js`: the text of the j-th document of a group (its body, cut at
  TEXT_CHARS), loaded after a result is on screen to show the passage that matched;
* `d/<group hash>-<i>.js`: the i-th document chunk of a group, CHUNK_DOCS consecutive
  documents (oldest first) with URL, title, date, outlet and snippet, for rendering
  results. The hash is of the whole group's chunks: one key per chunk made the
  manifest mostly chunk keys (37 of 70 KB at 10,000 articles; ten times that at
  100,000), loaded by every query. New articles are the newest, so they change only
  the last group. The hash covers the group's texts too.

The manifest also holds `months`: the month of the first document and the number of
documents per month from there (a run of k empty months as -k): documents are numbered
by date, so a date range is a range of document numbers and "newest first" is
descending numbers, with no document chunk loaded.

Filters restrict a query to the documents holding facet tokens (`outlet_rt`) in the
`facets` field; `facet_values` lists what they offer (the search page renders it at
build time, so no file is needed for it). docs/search-index.md describes the format.

Why scores equal an unsharded index: the weights are computed once, by lunr.py, over
all documents (global IDF and average field lengths). In the browser, the shards
holding a query's terms give exactly those terms' postings (same term indexes, same
weights), and theme/static/js/ranking.js ranks them as `lunr.Index#query` does. Every
term a clause can match is present, and a score is a product with the query's vector,
which holds only the query's terms: every score is the same as in the full index.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lunr.stemmer import stemmer
from lunr.stop_word_filter import stop_word_filter

from clippings.search.builder import ArchiveIndex, json_text, lunr_schema, make_builder
from clippings.search.documents import FACET_KINDS, FIELDS, SearchDoc
from clippings.search.normalise import normalise
from clippings.search.stemmer import js_stemmer

SHARD_BYTES = 32 * 1024
CHUNK_DOCS = 4  # a page of results touches up to 10 chunks: small ones move few bytes
CHUNK_GROUP = 64  # chunks per manifest key (256 documents)
TEXT_CHARS = 10_000  # of a body, for result passages (a match further in shows the opening)
FACET_LIMIT = 100  # values per facet kind offered as filters (most frequent first)
# Index side: normalised as the page normalises queries (clippings.search.normalise),
# stemmed exactly as lunr.js stems them (clippings.search.stemmer).
PIPELINE = (normalise, stop_word_filter, js_stemmer)
# Query side runs in lunr.js (normalise.js registers clippings_normalise there): this
# only names its pipeline in the serialised index.
SEARCH_PIPELINE = (normalise, stemmer)
UNPOSITIONED = ("facets",)  # fields phrase queries do not look in

Progress = Callable[[int, int], None]


def build_index(docs: Sequence[SearchDoc], progress: Progress | None = None) -> ArchiveIndex:
    """The lunr index of `docs`; document refs are their positions."""
    index = ArchiveIndex(FIELDS, PIPELINE, SEARCH_PIPELINE, UNPOSITIONED)
    names = [name for name, _ in FIELDS]
    for number, doc in enumerate(docs):
        texts = doc.fields()
        index.add([texts[name] for name in names])
        if progress and (number + 1) % 1000 == 0:
            progress(number + 1, len(docs))
    if progress:
        progress(len(docs), len(docs))
    return index


def reference_index(docs: Sequence[SearchDoc]) -> dict[str, Any]:
    """The serialised index lunr.py's own `Builder` makes of `docs` (what tests compare with)."""
    builder = make_builder(FIELDS, PIPELINE, SEARCH_PIPELINE)
    for number, doc in enumerate(docs):
        builder.add({"id": str(number), **doc.fields()})
    return dict(builder.build().serialize())


@dataclass
class SearchFiles:
    """The files of the search index: path (relative to the search folder) → text."""

    files: dict[str, str] = field(default_factory=dict)

    def add_shard(self, payload: str, positions: str) -> str:
        """Add the term shard `t/<hash>.js` holding `payload` and its positions file
        `p/<hash>.js` holding `positions` (JSON texts); return the hash (the manifest's key)."""
        key = hashlib.sha256(f"{payload}\n{positions}".encode()).hexdigest()[:12]
        for folder, text in (("t", payload), ("p", positions)):
            name = file_name(folder, key)
            self.files[name] = _script(name, text)
        return key


def file_name(folder: str, key: str) -> str:
    """The file of a term shard (`t`) or its positions (`p`) from its manifest key, or of
    a document chunk (`d`) from its group's key and its place in the group (`<key>-<i>`)."""
    return f"{folder}/{key}.js"


def passage_text(body: str, limit: int = TEXT_CHARS) -> str:
    """A body's text for result passages: white space made single spaces, cut at a space
    before `limit` characters."""
    # Most of a long body is never shown. Its opening, single-spaced, is the start of the
    # whole body single-spaced: when it runs past the limit, the cut is the same.
    text = " ".join(body[: 2 * limit].split())
    if len(text) <= limit and len(body) > 2 * limit:
        text = " ".join(body.split())
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > 0 else limit]


def text_names(manifest: dict[str, Any]) -> list[str]:
    """The files of the document texts, in document order (as search.js names them)."""
    per_group = manifest["chunkDocs"] * manifest["chunkGroup"]
    return [
        file_name("x", f"{manifest['chunks'][n // per_group]}-{n % per_group}")
        for n in range(manifest["docs"])
    ]


def chunk_names(manifest: dict[str, Any]) -> list[str]:
    """The files of the document chunks, in order (as search.js names them)."""
    count = -(-manifest["docs"] // manifest["chunkDocs"])
    group = manifest["chunkGroup"]
    return [file_name("d", f"{manifest['chunks'][c // group]}-{c % group}") for c in range(count)]


def manifest_files(manifest: dict[str, Any]) -> list[str]:
    """Every file a manifest names (term shards, their positions, document chunks and
    texts)."""
    keys = [key for _, key in manifest["terms"]]
    return [
        *(file_name(f, key) for f in ("t", "p") for key in keys),
        *chunk_names(manifest),
        *text_names(manifest),
    ]


def month_counts(dates: Sequence[str]) -> list[Any]:
    """`[first month, [documents per month…]]` of `dates` (ascending ISO dates), a run of
    k months without documents written -k; `[]` without documents."""
    if not dates:
        return []
    months = [int(d[:4]) * 12 + int(d[5:7]) - 1 for d in dates]
    counts: list[int] = []
    previous = 0
    for month, n in sorted(Counter(months).items()):
        if counts:
            gap = month - previous - 1
            if gap:
                counts.append(-gap)
        counts.append(n)
        previous = month
    first = min(months)
    return [f"{first // 12:04d}-{first % 12 + 1:02d}", counts]


def registered_data(script: str) -> Any:
    """The data a search-index script file (as `_script` writes it) registers."""
    return json.loads(script.split(",", 1)[1].rsplit(");", 1)[0])


def _script(name: str, payload: str) -> str:
    # U+2028/2029 are valid in JSON but were line terminators in older JavaScript.
    payload = payload.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f"ClippingsSearch.register({json_text(name)},{payload});\n"


def facet_values(docs: Sequence[SearchDoc]) -> dict[str, list[list[Any]]]:
    """Per facet kind: [token, label, count], most frequent first (years newest first)."""
    counts: dict[str, Counter[tuple[str, str]]] = {kind: Counter() for kind in FACET_KINDS}
    for doc in docs:
        for kind, pairs in doc.facets().items():
            counts[kind].update(set(pairs))
    values: dict[str, list[list[Any]]] = {}
    for kind, counter in counts.items():
        if kind == "year":
            ranked = sorted(counter.items(), key=lambda kv: kv[0][1], reverse=True)
        else:
            ranked = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0][1].casefold()))
            ranked = ranked[:FACET_LIMIT]
        values[kind] = [[token, label, n] for (token, label), n in ranked]
    return values


def search_files(
    docs: Sequence[SearchDoc],
    index: ArchiveIndex,
    shard_bytes: int = SHARD_BYTES,
    chunk_docs: int = CHUNK_DOCS,
    chunk_group: int = CHUNK_GROUP,
) -> SearchFiles:
    """All files of the search index for `docs` (numbered as in `index`)."""
    out = SearchFiles()
    shards: list[list[Any]] = []
    current: list[str] = []  # the JSON of each row: a shard's JSON is "[" + rows + "]"
    where: list[str] = []  # the JSON of each row's positions
    positions = index.positions()
    first = ""
    size = 0

    def add() -> None:
        shards.append([first, out.add_shard(f"[{','.join(current)}]", f"[{','.join(where)}]")])

    for term, row_json in index.rows():
        if current and size + len(row_json) > shard_bytes:
            add()
            current, where, size = [], [], 0
        if not current:
            first = term
        current.append(row_json)
        where.append(json_text(positions[index.number(term)]))
        size += len(row_json)
    if current:
        add()
    records = [[d.url, d.title, d.date, d.outlet, d.snippet] for d in docs]
    payloads = [json_text(records[i : i + chunk_docs]) for i in range(0, len(docs), chunk_docs)]
    texts = [json_text(passage_text(d.body)) for d in docs]
    chunks = []
    for start in range(0, len(payloads), chunk_group):
        group = payloads[start : start + chunk_group]
        first = start * chunk_docs
        group_texts = texts[first : first + chunk_group * chunk_docs]
        # The group's chunks and texts as JSON arrays: an unambiguous text to hash.
        key = hashlib.sha256(
            f"[{','.join(group)}]\n[{','.join(group_texts)}]".encode()
        ).hexdigest()[:12]
        for i, payload in enumerate(group):
            name = file_name("d", f"{key}-{i}")
            out.files[name] = _script(name, payload)
        for j, text in enumerate(group_texts):
            name = file_name("x", f"{key}-{j}")
            out.files[name] = _script(name, text)
        chunks.append(key)
    manifest = {
        "version": index.version,
        "fields": index.fields,
        "pipeline": index.pipeline,
        "docs": len(docs),
        "chunkDocs": chunk_docs,
        "chunkGroup": chunk_group,
        "terms": shards,
        "chunks": chunks,
        "unpositioned": list(UNPOSITIONED),
        "months": month_counts([d.date for d in docs]),
    }
    out.files["manifest.js"] = _script("manifest.js", json_text(manifest))
    return out


def full_index(folder: Path) -> dict[str, Any]:
    """The whole serialised lunr index, reassembled from every term shard in `folder`.

    Term shards hold, per term, its lunr term index and per field the documents and
    their weights (lunr.py's); together they are the inverted index and the field
    vectors of the one index the build made (lunr-schema, as `Builder.serialize`).
    """
    manifest = registered_data((folder / "manifest.js").read_text(encoding="utf-8"))
    rows = (
        row
        for _, key in manifest["terms"]
        for row in registered_data((folder / "t" / f"{key}.js").read_text(encoding="utf-8"))
    )
    return lunr_schema(
        manifest["version"], manifest["fields"], manifest["pipeline"], manifest["docs"], rows
    )
