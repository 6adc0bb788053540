"""Named entities: people, organisations and places the articles mention.

`names` cleans mention text; `extract` runs spaCy NER at import time (with a cache by
content hash); `curation` reads the maintainer's `content/entities.yaml`; `canonical`
turns the per-article mentions into one curated list of entities at build time.
"""

KINDS: tuple[str, ...] = ("people", "organizations", "places")
# spaCy label → front-matter key. NORP (nationalities, religious or political groups)
# is left out by default: "Russian", "Israeli" are adjectives, not subjects to follow.
LABELS: dict[str, str] = {
    "PERSON": "people",
    "ORG": "organizations",
    "GPE": "places",
    "LOC": "places",
    "FAC": "places",
}
# The `type` of an entity in entities.json and on its page.
TYPE_OF_KIND: dict[str, str] = {
    "people": "person",
    "organizations": "organization",
    "places": "place",
}
KIND_OF_TYPE: dict[str, str] = {v: k for k, v in TYPE_OF_KIND.items()}
