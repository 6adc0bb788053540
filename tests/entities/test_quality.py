"""Entity quality on the sample archive against a hand-written gold list.

tests/fixtures/entities_gold.yaml lists, for six sample articles, the people,
organisations and places an archivist would write down. The committed content/ holds
the importer's NER output; the build-time rules, then the rules with the sample
archive's content/entities.yaml, must reach the precision and recall below (the
figures are reported in docs/BENCHMARKS.md).
"""

from __future__ import annotations

import yaml
from conftest import ROOT

from clippings.entities.canonical import Mentions, canonicalize
from clippings.entities.curation import Curation, load_curation
from clippings.entities.names import name_key
from clippings.entities.places import is_place
from clippings.importer.markdown import read_markdown

GOLD = yaml.safe_load((ROOT / "tests" / "fixtures" / "entities_gold.yaml").read_text("utf-8"))


def _archive() -> list[Mentions]:
    found = []
    for path in sorted((ROOT / "content" / "articles").rglob("*.md")):
        meta, _ = read_markdown(path.read_text(encoding="utf-8"))
        found.append(Mentions(path.stem, meta.get("outlet"), meta.get("entities") or {}))
    return found


def score(predicted: dict[str, dict[str, list[str]]]) -> tuple[float, float]:
    """Micro-averaged precision and recall of (name, type) pairs over the gold articles."""
    hits = guessed = wanted = 0
    for slug, gold in GOLD.items():
        truth = {(name_key(n), kind) for kind, names in gold.items() for n in names}
        guess = {(name_key(n), kind) for kind, names in predicted[slug].items() for n in names}
        hits, guessed, wanted = hits + len(truth & guess), guessed + len(guess), wanted + len(truth)
    return hits / guessed, hits / wanted


def test_gold_articles_exist() -> None:
    assert set(GOLD) <= {m.key for m in _archive()}


def test_raw_ner_is_noisy_rules_clean_it() -> None:
    archive = _archive()
    raw_p, _ = score({m.key: dict(m.entities) for m in archive})
    rules_p, rules_r = score(canonicalize(archive, Curation(), is_place).by_article)
    assert raw_p < 0.7  # what spaCy's small model gives: the reason for the rules
    assert rules_p >= 0.88 and rules_r >= 0.9


def test_with_the_sample_curation() -> None:
    curation = load_curation(ROOT / "content" / "entities.yaml")
    precision, recall = score(canonicalize(_archive(), curation, is_place).by_article)
    assert precision >= 0.95 and recall >= 0.95
