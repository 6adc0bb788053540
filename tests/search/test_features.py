"""Filters, phrases, sorting and date ranges of the shipped search.js, run by the real
lunr.js in node over a sharded index, against answers worked out here from the documents."""

from __future__ import annotations

import json
import random
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT

from clippings.search.builder import tokens
from clippings.search.documents import SearchDoc, facet_token, ordered
from clippings.search.shards import UNPOSITIONED, build_index, search_files
from search.test_shards import _sample_docs, _synthetic

SPUTNIK = facet_token("outlet", "Sputnik")
RT = facet_token("outlet", "RT")
Y2024 = facet_token("year", "2024")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[SearchDoc], Any, Path]:
    samples = _sample_docs()
    docs = ordered(samples + _synthetic(samples, 300))
    index = build_index(docs)
    folder = tmp_path_factory.mktemp("features")
    for name, text in search_files(docs, index, shard_bytes=4096, chunk_docs=16).files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return docs, index, folder


def _run(folder: Path, cases: list[list[Any]]) -> list[dict[str, Any]]:
    (folder / "cases.json").write_text(json.dumps(cases), encoding="utf-8")
    done = subprocess.run(
        ["node", str(Path(__file__).with_name("features.js")), str(folder),
         str(folder / "cases.json")],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    errors = [(case, r["error"]) for case, r in zip(cases, out, strict=True) if "error" in r]
    assert not errors, errors
    return out


def _refs(result: dict[str, Any]) -> list[int]:
    return [int(ref) for ref, _ in result["results"]]


def _slots(index: Any, phrase: str) -> list[str | None]:
    """Per word of `phrase`: its index term, or None (a stop word or punctuation); those at
    either end left out (they cannot be checked)."""
    slots = [(index.analyse(word) or [None])[0] for word in tokens(phrase)]
    while slots and slots[0] is None:
        slots.pop(0)
    while slots and slots[-1] is None:
        slots.pop()
    return slots


def _holds(index: Any, doc: SearchDoc, phrase: str) -> bool:
    """Whether a text field of `doc` has the phrase's terms adjacent, in order (written
    independently of the position files: straight from each field's words)."""
    slots = _slots(index, phrase)
    for name, text in doc.fields().items():
        if name in UNPOSITIONED:
            continue
        words = [(index.analyse(w) or [None])[0] for w in tokens(text)]
        for start in range(len(words) - len(slots) + 1):
            if all(s is None or words[start + k] == s for k, s in enumerate(slots)):
                return True
    return False


def test_filters_narrow_what_the_words_find(corpus) -> None:  # type: ignore[no-untyped-def]
    docs, _, folder = corpus
    cases = [
        ["lavrov", [], {}],
        ["lavrov", [SPUTNIK], {}],
        ["iran sanctions", [], {}],
        ["iran sanctions", [RT, Y2024], {}],
        ["", [RT], {}],
        ["", [RT, SPUTNIK], {}],
        ["iran", ["outlet_nosuchoutlet"], {}],
        ["-iran", [RT], {}],
    ]
    lavrov, lavrov_sputnik, iran, iran_rt_2024, rt, rt_sputnik, nothing, not_iran = _run(
        folder, cases
    )
    sputnik = {i for i, d in enumerate(docs) if d.outlet == "Sputnik"}
    assert len(sputnik) > len(_refs(lavrov_sputnik)) > 0
    # The words' own ranking (refs, order, scores), only the filter's documents kept.
    assert lavrov_sputnik["results"] == [r for r in lavrov["results"] if int(r[0]) in sputnik]
    rt_2024 = {i for i, d in enumerate(docs) if d.outlet == "RT" and d.date.startswith("2024")}
    expected = [r for r in iran["results"] if int(r[0]) in rt_2024]
    assert expected and iran_rt_2024["results"] == expected
    # Without words: everything the filters select, newest first.
    assert _refs(rt) == sorted((i for i, d in enumerate(docs) if d.outlet == "RT"), reverse=True)
    assert rt_sputnik["results"] == [] and nothing["results"] == []
    every_iran = set(_refs(_run(folder, [["iran", [], {}]])[0]))
    assert set(_refs(not_iran)) == {
        i for i, d in enumerate(docs) if d.outlet == "RT" and i not in every_iran
    }


def _phrases(docs: list[SearchDoc], count: int) -> list[str]:
    """Seeded word runs of 2–3 words taken from the documents' bodies, one with a stop
    word inside."""
    rng = random.Random(3)
    bodies = [d.body for d in docs if d.body]
    out: list[str] = []
    while len(out) < count:
        words = re.findall(r"[A-Za-z’']{3,}", rng.choice(bodies))
        if len(words) < 4:
            continue
        at = rng.randrange(len(words) - 3)
        out.append(" ".join(words[at : at + rng.choice([2, 2, 3])]))
    return [*out, "new start", "wars for israel", "the united states"]


def test_phrases_find_only_articles_holding_them(corpus) -> None:  # type: ignore[no-untyped-def]
    docs, index, folder = corpus
    phrases = _phrases(docs, 12)
    cases = []
    for phrase in phrases:
        terms = [t for t in _slots(index, phrase) if t]
        cases += [
            [f'"{phrase}"', [], {}],
            # the same words as required terms: the phrase keeps their ranking
            [" ".join(f"+{w}" for w in tokens(phrase) if index.analyse(w)), [], {}],
            [f'iran -"{phrase}"', [], {}],
        ]
        assert terms, phrase
    cases.append(["iran", [], {}])
    out = _run(folder, cases)
    iran = out[-1]
    found_some = 0
    for n, phrase in enumerate(phrases):
        quoted, words, negated = out[3 * n : 3 * n + 3]
        holding = {i for i, d in enumerate(docs) if _holds(index, d, phrase)}
        assert set(_refs(quoted)) == holding, phrase
        assert quoted["results"] == [r for r in words["results"] if int(r[0]) in holding]
        assert negated["results"] == [r for r in iran["results"] if int(r[0]) not in holding]
        found_some += bool(holding)
        # Only phrases of two terms or more load positions (one term: no order to check).
        checks = len([t for t in _slots(index, phrase) if t]) > 1 and len(words["results"]) > 0
        assert any(f.startswith("p/") for f in quoted["files"]) == checks
        assert not any(f.startswith("p/") for f in words["files"])
    assert found_some >= 10
    # Words apart or out of order are not the phrase.
    wars = {i for i, d in enumerate(docs) if "Wars for Israel" in d.tags}
    reversed_ = _run(folder, [['"israel wars"', [], {}], ['"wars for israel"', [], {}]])
    assert not set(_refs(reversed_[0])) & wars
    assert wars <= set(_refs(reversed_[1]))


def test_sort_and_month_range(corpus) -> None:  # type: ignore[no-untyped-def]
    docs, _, folder = corpus
    months = [d.date[:7] for d in docs]
    cases = [
        ["iran", [], {}],
        ["iran", [], {"sort": "newest"}],
        ["iran", [], {"sort": "oldest"}],
        ["iran", [], {"from": "2015-03", "to": "2018-10"}],
        ["iran", [], {"from": "2018-10", "to": "2015-03"}],  # reversed: the same months
        ["", [], {"from": "2020-01"}],
        ["", [], {"to": "2011-06", "sort": "oldest"}],
        ["iran", [], {"from": "2099-01"}],
        ["iran", [RT], {"from": "2016-01", "to": "2016-12", "sort": "oldest"}],
    ]
    rel, newest, oldest, ranged, swapped, since, until, future, narrow = _run(folder, cases)
    found = _refs(rel)
    assert _refs(newest) == sorted(found, reverse=True)
    assert _refs(oldest) == sorted(found)
    in_range = [r for r in rel["results"] if "2015-03" <= months[int(r[0])] <= "2018-10"]
    assert in_range and ranged["results"] == in_range == swapped["results"]
    assert ranged["months"] == [months[min(_refs(ranged))], months[max(_refs(ranged))]]
    assert _refs(since) == [i for i in reversed(range(len(docs))) if months[i] >= "2020-01"]
    assert _refs(until) == [i for i in range(len(docs)) if months[i] <= "2011-06"]
    assert future["results"] == [] and future["months"] is None
    expected = sorted(
        int(r[0]) for r in rel["results"]
        if docs[int(r[0])].outlet == "RT" and months[int(r[0])].startswith("2016")
    )  # fmt: skip
    assert expected and _refs(narrow) == expected


def test_odd_quotes_and_phrases(corpus) -> None:  # type: ignore[no-untyped-def]
    _, _, folder = corpus
    cases = [
        ['"foreign minister"', [], {}],
        ["“foreign minister”", [], {}],  # curly quotes, as pasted from an article
        ['"foreign minister', [], {}],  # unclosed: runs to the end
        ['+"foreign minister"', [], {}],
        ['"', [], {}],
        ['-"', [], {}],
        ['""', [], {}],
        ['"the of and"', [], {}],  # only stop words: nothing to look for
        ['-"foreign minister"', [], {}],  # only a negated phrase: everything else
        ['"minister"', [], {}],
        ["+minister", [], {}],
        ['"Foreign, minister’s?"', [], {}],  # punctuation inside a phrase is normalised
    ]
    out = _run(folder, cases)
    plain, curly, unclosed, plus, *empties, only_stop, negated, one, one_plain, punct = out
    assert plain["results"] and curly == plain and unclosed == plain and plus == plain
    assert punct["results"] == plain["results"]
    assert all(r["results"] == [] for r in [*empties, only_stop])
    assert one["results"] == one_plain["results"]
    everything = len(_corpus_docs(corpus))
    assert len(negated["results"]) == everything - len(plain["results"])
    assert not set(_refs(negated)) & set(_refs(plain))


def _corpus_docs(corpus) -> list[SearchDoc]:  # type: ignore[no-untyped-def]
    return corpus[0]
