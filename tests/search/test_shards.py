"""The sharded index, queried by the real lunr.js in node, ranks exactly as one lunr index.

Documents are the 21 sample articles plus a deterministic synthetic archive made of
their paragraphs (so queries span many term shards); shards are made small on purpose.
"""

from __future__ import annotations

import json
import random
import re
import subprocess
from collections import Counter
from pathlib import Path

import lunr
import pytest
from conftest import ROOT
from hypothesis import example, given
from hypothesis import strategies as st

from clippings.importer.markdown import read_markdown
from clippings.search.builder import js_order
from clippings.search.documents import FIELDS, SearchDoc, facet_token, ordered
from clippings.search.shards import (
    build_index,
    chunk_names,
    facet_values,
    full_index,
    passage_text,
    reference_index,
    registered_data,
    search_files,
)

PUNCTUATED = {
    "lavrov": ["Lavrov's", "Lavrov’s", "Lavrov,", "Lavrov?", "LAVROV!", "(Lavrov)", "Lávrov"],
    "nato": ["NATO’s", "NATO's", "NATOʼs", "NATO."],
    "u.s": ["U.S.", "U.S.’s", "u.s.,"],
}
QUERIES = [
    "iran",
    "railway",
    "nato",
    "railway corridor",
    "+iran +russia",
    "sanction*",
    "title:yemen",
    "outlet:rt",
    "iran -russia",
    "-iran",
    "lavrov~1",
    "*ation",
    "yemen^10 houthi",
    "ukraine nato europe sanctions oil",
    "zzzznotaword",
    f"+facets:{facet_token('year', '2024')} gaza",
    f"+facets:{facet_token('outlet', 'RT')}",
    # As readers type them: each finds what the bare word finds (clippings_normalise).
    "lavrov",
    *PUNCTUATED["lavrov"],
    *PUNCTUATED["nato"],
    "u.s",
    *PUNCTUATED["u.s"],
    "railway’s sanctions?",
    "(IRAN) +Russia’s",
]
SAMPLE_CONTENT = ROOT / "content" / "articles"
RANDOM_QUERIES = 200


def _random_queries(docs: list[SearchDoc], count: int) -> list[str]:
    """Seeded random lunr queries over the documents' words: presence, fields, boosts,
    wildcards, edit distances, repeated and absent words (ranking.js must rank them all as
    lunr.Index does)."""
    rng = random.Random(11)
    words = Counter(
        w for d in docs for w in re.findall(r"[a-z]{3,}", f"{d.title} {d.body}".lower())
    )
    common = [w for w, _ in words.most_common(40)]
    rare = sorted(words)
    fields = [name for name, _ in FIELDS]
    queries = []
    for _ in range(count):
        clauses = []
        for _ in range(rng.randint(1, 4)):
            word = rng.choice(common if rng.random() < 0.5 else rare)
            if rng.random() < 0.05:
                word = "zzqxnotaword"
            if rng.random() < 0.1:
                word = word[: rng.randint(2, len(word))] + "*"
            elif rng.random() < 0.05:
                word += "~1"
            if "*" not in word and "~" not in word and rng.random() < 0.2:
                # Typed as readers type: punctuation, possessives, capitals, accents.
                word = rng.choice(["{}’s", "{}'s", "{},", "{}?", "({})", "{}.", "{}!"]).format(
                    word.upper() if rng.random() < 0.3 else word.replace("e", "é", 1)
                )
            if rng.random() < 0.25:
                word = f"{rng.choice(fields)}:{word}"
            if rng.random() < 0.1:
                word += f"^{rng.choice([0, 2, 5, 10])}"
            presence = rng.random()
            clauses.append(("+" if presence < 0.2 else "-" if presence < 0.35 else "") + word)
        if rng.random() < 0.1:
            clauses.append(clauses[0].lstrip("+-"))  # the same word twice
        queries.append(" ".join(clauses))
    return queries


def _sample_docs() -> list[SearchDoc]:
    docs = []
    for path in sorted(SAMPLE_CONTENT.rglob("*.md")):
        meta, body = read_markdown(path.read_text(encoding="utf-8"))
        docs.append(
            SearchDoc(
                url=path.relative_to(SAMPLE_CONTENT).as_posix(),
                title=meta["title"],
                date=str(meta["date"]),
                outlet=meta.get("outlet") or "",
                author=meta.get("author") or "",
                subtitle=meta.get("subtitle") or "",
                tags=tuple(meta.get("tags") or ()),
                body=body,
                snippet=(meta.get("summary") or "")[:200],
            )
        )
    return docs


def _synthetic(samples: list[SearchDoc], count: int) -> list[SearchDoc]:
    rng = random.Random(7)
    paragraphs = [p for d in samples for p in d.body.split("\n\n") if len(p) > 80]
    outlets = ["RT", "Press TV", "The Cradle", "Sputnik", "Al Mayadeen", "Mondoweiss"]
    docs = []
    for n in range(count):
        words = rng.choice(paragraphs).split()
        docs.append(
            SearchDoc(
                url=f"synthetic/{n}/index.html",
                title=" ".join(rng.sample(words, min(8, len(words)))),
                date=f"{rng.randint(2010, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                outlet=rng.choice(outlets),
                tags=tuple(
                    rng.sample(["Economics", "Wars for Israel", "Russophobia", "Militarism"], 2)
                ),
                body="\n\n".join(rng.sample(paragraphs, rng.randint(2, 6))),
                snippet=" ".join(words[:30]),
            )
        )
    return docs


@pytest.fixture(scope="module")
def roundtrip(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, dict, list[SearchDoc]]:
    samples = _sample_docs()
    docs = ordered(samples + _synthetic(samples, 300))
    index = build_index(docs)
    files = search_files(docs, index, shard_bytes=4096, chunk_docs=16)
    folder = tmp_path_factory.mktemp("search")
    for name, text in files.files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "full.json").write_text(json.dumps(index.serialized()), encoding="utf-8")
    queries = QUERIES + _random_queries(docs, RANDOM_QUERIES)
    (folder / "queries.json").write_text(json.dumps(queries), encoding="utf-8")
    result = subprocess.run(
        ["node", str(Path(__file__).with_name("roundtrip.js")), str(folder),
         str(folder / "full.json"), str(folder / "queries.json")],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    manifest = registered_data(files.files["manifest.js"])
    return json.loads(result.stdout), manifest, docs


@pytest.mark.parametrize("query", QUERIES)
def test_sharded_results_equal_one_unsharded_index(roundtrip, query: str) -> None:  # type: ignore[no-untyped-def]
    out, _, _ = roundtrip
    assert out[query]["sharded"] == out[query]["full"]  # same refs, same order, same scores


def test_random_queries_rank_as_one_unsharded_index(roundtrip) -> None:  # type: ignore[no-untyped-def]
    out, _, docs = roundtrip
    queries = _random_queries(docs, RANDOM_QUERIES)
    differ = [q for q in queries if out[q]["sharded"] != out[q]["full"]]
    assert not differ, differ[:5]
    # The terms to highlight are those lunr's match data names.
    differ = [q for q in queries if out[q]["terms"] != out[q]["fullTerms"]]
    assert not differ, differ[:5]
    # The draw covers what it is meant to: found and not found, + and -, wildcards.
    assert sum(bool(out[q]["full"]) for q in queries) > RANDOM_QUERIES / 2
    assert sum(not out[q]["full"] for q in queries) > 5
    assert any("*" in q for q in queries) and any("~1" in q for q in queries)
    assert any(q.startswith("-") and " " not in q for q in queries)  # only -terms: all docs
    assert sum(bool(re.search(r"[’',?!.()]|é", q)) for q in queries) > RANDOM_QUERIES / 4


def test_punctuated_words_find_what_the_bare_word_finds(roundtrip) -> None:  # type: ignore[no-untyped-def]
    out, _, _ = roundtrip
    for bare, typed in PUNCTUATED.items():
        assert out[bare]["sharded"], bare
        for query in typed:
            assert out[query]["sharded"] == out[bare]["sharded"], query
            assert out[query]["full"] == out[bare]["full"], query


def test_queries_have_results_where_expected(roundtrip) -> None:  # type: ignore[no-untyped-def]
    out, _, docs = roundtrip
    assert len(out["iran"]["full"]) > 20
    assert out["zzzznotaword"]["full"] == []
    # Words stemmed differently by lunr.py and lunr.js, and possessives, are found.
    for word in ("railway", "nato"):
        expected = {str(i) for i, d in enumerate(docs) if word in d.fields()["title"].lower()}
        assert expected and expected <= {ref for ref, _ in out[word]["full"]}, word
    assert len(out["-iran"]["full"]) == len(docs) - len(out["iran"]["full"])
    rt = {str(i) for i, d in enumerate(docs) if d.outlet == "RT"}
    assert {ref for ref, _ in out[f"+facets:{facet_token('outlet', 'RT')}"]["full"]} == rt
    # Result records come from the document chunks, in rank order.
    top = [docs[int(ref)].url for ref, _ in out["iran"]["sharded"][:10]]
    assert out["iran"]["urls"] == top


def test_a_query_loads_only_its_own_shards(roundtrip) -> None:  # type: ignore[no-untyped-def]
    out, manifest, _ = roundtrip
    assert len(manifest["terms"]) > 50
    one_term = [f for f in out["iran"]["files"] if f.startswith("t/")]
    assert len(one_term) == 1
    # Fuzzy and leading-wildcard queries must read every term shard to stay exact.
    assert len([f for f in out["*ation"]["files"] if f.startswith("t/")]) == len(manifest["terms"])
    assert out["iran"]["termBytes"] < out["*ation"]["termBytes"] / 10


def test_shards_are_sorted_in_javascript_order() -> None:
    assert sorted(["\U0001f600", "\uff5e", "a"], key=js_order) == ["a", "\U0001f600", "\uff5e"]


def test_files_change_only_with_their_content() -> None:
    docs = ordered(_sample_docs())
    first = search_files(docs, build_index(docs)).files
    again = search_files(docs, build_index(docs)).files
    assert first == again
    # A new newest article leaves the chunk groups of older documents as they were: with
    # 4 documents a chunk and 2 chunks a group, the 21 samples make groups of 8, 8 and 5.
    assert len(docs) == 21
    newer = SearchDoc(url="new/index.html", title="Brand new", date="2030-01-01", body="fresh")
    before = search_files(docs, build_index(docs), chunk_docs=4, chunk_group=2).files
    grown = search_files([*docs, newer], build_index([*docs, newer]), 32768, 4, 2).files
    old_chunks = [n for n in before if n.startswith("d/")]
    assert len(old_chunks) == 6
    assert all(name in grown for name in old_chunks[:4])
    assert not any(name in grown for name in old_chunks[4:])
    # The manifest names every chunk file; read in its order, they hold every document.
    manifest = registered_data(grown["manifest.js"])
    assert set(chunk_names(manifest)) == {n for n in grown if n.startswith("d/")}
    urls = [row[0] for name in chunk_names(manifest) for row in registered_data(grown[name])]
    assert urls == [d.url for d in [*docs, newer]]


def test_facet_values_rank_by_count_and_years_newest_first() -> None:
    docs = ordered(_sample_docs())
    values = facet_values(docs)
    assert [label for _, label, _ in values["year"]] == sorted(
        {d.date[:4] for d in docs}, reverse=True
    )
    counts = [n for _, _, n in values["outlet"]]
    assert counts == sorted(counts, reverse=True)
    assert values["entity"] == []


def test_node_lunr_is_the_version_lunr_py_targets() -> None:
    package = json.loads((ROOT / "node_modules" / "lunr" / "package.json").read_text())
    assert package["version"] == lunr.__TARGET_JS_VERSION__
    lock = json.loads((ROOT / "package-lock.json").read_text())
    assert lock["packages"]["node_modules/lunr"]["version"] == lunr.__TARGET_JS_VERSION__


def test_the_shipped_lunr_js_is_npms_byte_for_byte() -> None:
    """The package ships lunr.min.js (a build needs no npm); npm's pinned copy is the truth."""
    from clippings.site import resources

    shipped = resources.lunr_js().read_bytes()
    assert shipped == (ROOT / "node_modules" / "lunr" / "lunr.min.js").read_bytes()
    assert resources.lunr_js_version() == lunr.__TARGET_JS_VERSION__


def test_all_shards_reassemble_into_the_whole_index(tmp_path: Path) -> None:
    """The bench's unsharded reference (`full_index`) is exactly the index lunr.py built."""
    docs = ordered(_sample_docs())
    index = build_index(docs)
    for name, text in search_files(docs, index, shard_bytes=2048).files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    assert full_index(tmp_path) == json.loads(json.dumps(reference_index(docs)))


def _passage_reference(body: str, limit: int) -> str:
    text = " ".join(body.split())
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > 0 else limit]


@given(
    body=st.text(alphabet=st.sampled_from("ab \n\t\u00a0\u2003."), max_size=400),
    limit=st.integers(min_value=1, max_value=60),
)
@example(body="a" * 30 + " b", limit=10)
@example(body="ab " * 5 + " " * 40 + "cd", limit=8)
def test_a_passage_is_cut_from_the_body_as_a_whole_would_be(body: str, limit: int) -> None:
    """The long-body shortcut (single-spacing only the opening) gives the same text."""
    assert passage_text(body, limit) == _passage_reference(body, limit)
