"""Build-time canonicalisation: per-article NER mentions → one curated list of entities.

Runs at every build (editing `entities.yaml` and rebuilding updates the site, no
re-import), in time linear in the mentions:

1. Each mention is cleaned (possessives, a leading `the`/`a`, trailing function
   words, names NER cut in half or glued to other text are dropped) and mapped through
   the curation's and the built-in aliases; blocked names and the article's own
   outlet are dropped, and so are clauses (a negation, auxiliary or modal: "… Must
   Go"), adjective phrases cut short ("… Gulf Arab") and a bare direction with generic
   nouns ("South Corridor") the gazetteer does not know.
2. In each article, a one-word mention that is the surname (or family name) of exactly
   one full person name in that article is that person, whatever NER tagged it
   (`Lavrov` → `Sergey Lavrov`, also when tagged an organisation); across the archive,
   a surname left alone goes to the one full name that has it, if only one does.
   A "full name" ending in an infrastructure or organisation noun (`Jolfa Railway`)
   is nobody's: its first word alone is then the place it is named after.
3. Evidence corrects the type: names ending in `Railway`, `Corridor`, `Port` … are
   places; in `Ministry`, `Party`, `Council` … organisations; a known place name
   (GeoNames cities, countries, regions) tagged as a person or organisation is a
   place; alliances and blocs known by their acronyms (`BRICS`, `NATO`) are
   organisations; demonyms (`Ukrainian`) are dropped.
4. One type per entity, by majority vote over the articles (curation overrides); the
   name shown is its most frequent spelling.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache

from clippings.entities import KIND_OF_TYPE, KINDS, TYPE_OF_KIND
from clippings.entities.curation import Curation
from clippings.entities.names import clean_name, name_key


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


BUILTIN_ALIASES: dict[str, tuple[str, ...]] = {
    "United States": ("US", "U.S.", "U.S", "USA", "U.S.A.", "United States of America"),
    "United Kingdom": ("UK", "U.K.", "Britain", "Great Britain"),
    "United Nations": ("UN", "U.N."),
    "European Union": ("EU",),
    "UN Security Council": ("UNSC", "Security Council", "United Nations Security Council"),
    "UN General Assembly": ("UNGA", "General Assembly", "United Nations General Assembly"),
    "Soviet Union": ("USSR", "Soviet Republic"),
    "Islamic State": ("ISIS", "ISIL", "Daesh", "IS"),
    "al-Qaeda": ("Al Qaeda",),
}
# News organisations NER often takes for people or places.
KNOWN_TYPES: dict[str, str] = {
    name_key(n): "organizations"
    for n in (
        "Reuters", "Bloomberg", "Politico", "BBC", "CNN", "Sputnik", "RT", "TASS",
        "RIA Novosti", "Al Jazeera", "Al Mayadeen", "Press TV", "Xinhua", "Axios",
        "Financial Times", "Guardian", "The Guardian", "New York Times", "Washington Post",
        "Wall Street Journal", "Associated Press", "AP", "AFP", "Bild", "Der Spiegel",
        # Armed and political movements NER often takes for places.
        "Islamic State", "al-Qaeda", "Hezbollah", "Hamas", "Houthis", "Ansar Allah",
        "Taliban", "Kataib Hezbollah", "Islamic Jihad", "Hay’at Tahrir al-Sham",
        # Alliances, blocs and international bodies known by their acronyms, which NER
        # types by the company they keep (a bloc of countries reads like a place).
        "NATO", "BRICS", "SCO", "OPEC", "ASEAN", "EAEU", "CSTO", "CIS", "GCC", "OSCE",
        "IAEA", "IMF", "WTO", "WHO", "ICC", "ICJ", "UNRWA", "UNESCO", "UNICEF", "OECD",
        "African Union", "Arab League", "Eurasian Economic Union",
        "Shanghai Cooperation Organisation", "Shanghai Cooperation Organization",
    )
}  # fmt: skip
BUILTIN_BLOCKLIST = frozenset(
    name_key(n)
    for n in (
        "West", "East", "North", "South", "Global South", "Global North", "Global East",
        "Earth", "State", "States", "Council", "Commission", "Parliament", "Government",
        "Ministry", "Defense", "Defence", "Media", "Party", "Infrastructure", "Pipeline",
        "Strip", "Republic", "Republics", "Administration", "Army", "Air Force", "Navy",
        "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
        "January", "February", "March", "April", "May", "June", "July", "August",
        "September", "October", "November", "December", "Covid", "COVID-19",
        "Coronavirus", "MoU", "Memorandum", "Islamic Republic", "Free Trade Agreement",
        "Russophobia", "Suffice", "Patriot", "Patriots", "Capitol", "START",
    )
)  # fmt: skip
_PLACE_WORDS = _words(
    """
    railway railways corridor port airport field fields pipeline canal strait sea gulf
    province region oblast governorate district street square bridge dam base station
    island islands mountains valley river desert peninsula bay coast
    """
)
_ORG_WORDS = _words(
    """
    ministry council party agency association bank union army forces force department
    commission committee court parliament government institute university company
    corporation group alliance organization organisation front movement brigade fund
    authority news times post media service services office bureau foundation
    administration assembly guard police federation network
    """
)
_TRAILING_WORDS = _words(
    """
    since and but or on in as at of the to with for from by after before while
    """
)
_PARTICLES = ("al-", "el-", "bin ", "ibn ", "de ", "van ", "von ", "da ", "di ", "du ", "la ")
_LOWER_PARTICLES = frozenset(
    {"von", "van", "der", "den", "de", "al", "bin", "ibn", "da", "di", "du", "la", "le"}
)
_BRACKETS = re.compile(r"[()\[\]{}]")
_QUOTES = re.compile('[‘“”"]')
_DIGIT = re.compile(r"\d")
_INNER_POSSESSIVE = re.compile(r"\w['’]s?\s")
_INNER_POSSESSIVE_SPLIT = re.compile(r"^(?P<owner>[^'’]+?)['’]s?\s+(?P<owned>[A-Z].*)$")
# Agreements, plans and laws are none of the three types.
_NOT_ENTITY_WORDS = _words("treaty agreement accord deal plan act resolution convention protocol")
_INITIAL = re.compile(r"^[A-Z]\.\s+(\S+)$")
_ACRONYM = re.compile(r"^[A-Z]{2,6}$")
_DEMONYM = re.compile(r"^[A-Z][a-z]+(?:ian|ians|ese|ean|eans)$")
# Nationality and group adjectives: a name ending in one is an adjective phrase NER cut
# short ("… Gulf Arab [states]"), not a name. (Not the pattern above: "Mediterranean".)
_ADJECTIVES = _words(
    """
    arab arabs israeli iraqi saudi kuwaiti qatari emirati yemeni omani pakistani afghan
    bangladeshi turkish british french spanish polish swedish finnish danish irish dutch
    greek swiss kurdish jewish sunni shia shiite western eastern northern southern
    """
)
# Negations, auxiliaries and modals: a span with one is a clause or a slogan ("… must
# go"), not a name. (Not "may", "will", "can": first names and surnames.)
_CLAUSE_WORDS = _words(
    """
    never not must should would could shall does did don't don’t doesn't doesn’t is are
    was were been has have had isn't isn’t won't won’t
    """
)
# A direction and a generic noun ("South Corridor") names nothing by itself: a fragment
# of a longer name, unless the gazetteer knows it.
_DIRECTIONS = _words("north south east west northern southern eastern western central")

IsPlace = Callable[[str], bool]


@dataclass(frozen=True)
class Mentions:
    """The entities NER found in one article, as stored in its front-matter."""

    key: str  # the article's identifier (its URL)
    outlet: str | None
    entities: Mapping[str, Sequence[str]]  # kind → names, most mentioned first


@dataclass
class Entity:
    """One canonical entity of the archive."""

    name: str
    type: str  # person | organization | place
    aliases: set[str] = field(default_factory=set)
    articles: list[str] = field(default_factory=list)  # article keys, in input order


@dataclass
class Canonical:
    """The archive's entities, and each article's, by type, most mentioned first."""

    entities: dict[str, Entity]
    by_article: dict[str, dict[str, list[str]]]


def split_mention(raw: str, is_place: IsPlace) -> list[str]:
    """The names in a mention: `Belgium’s Euroclear` → [`Euroclear`, `Belgium`]."""
    match = _INNER_POSSESSIVE_SPLIT.match(raw.strip())
    if not match:
        name = tidy(raw)
        return [name] if name else []
    owner, owned = tidy(match["owner"]), tidy(match["owned"])
    names = [owned] if owned else []
    if owner and is_place(owner):  # "Finland’s Freedom Alliance": Finland is named too
        names.append(owner)
    return names


def tidy(raw: str) -> str:
    """A mention's text cleaned, or '' if it cannot be a name."""
    name = clean_name(raw)
    if not name:
        return ""
    words = name.split()
    if len(words) > 1 and words[0] in ("A", "An", "a", "an"):
        words.pop(0)
    name = " ".join(words)
    lower_start = name[0].islower() and not name.startswith(_PARTICLES)
    # A name ending in a function word or a particle was cut short by NER
    # ("Caucasus Since", "Ursula von der"): the whole name is elsewhere, or nowhere.
    truncated = len(words) > 1 and (
        words[-1].casefold() in _TRAILING_WORDS or words[-1] in _LOWER_PARTICLES
    )
    folded = [w.casefold() for w in words]
    if (
        lower_start
        or truncated
        or (len(words) > 1 and folded[-1] in _ADJECTIVES)
        or any(w in _CLAUSE_WORDS for w in folded)
        or words[-1].casefold() in _NOT_ENTITY_WORDS
        or _QUOTES.search(name)
        or _BRACKETS.search(name)
        or _DIGIT.search(name)
        or _INNER_POSSESSIVE.search(name)
        or "&" in name
        or "/" in name
    ):
        return ""
    return name


class _Aliases:
    """Spelling key → shown name, from the curation then the built-in list."""

    def __init__(self, curation: Curation) -> None:
        self.map: dict[str, str] = {}
        self.text: dict[str, str] = {}
        for shown, spellings in BUILTIN_ALIASES.items():
            for spelling in (shown, *spellings):
                self.map[name_key(spelling)] = shown
                self.text[name_key(spelling)] = spelling
        self.map.update(curation.canonical)
        self.text.update(curation.spelling_text)

    def __call__(self, name: str) -> str:
        return self.map.get(name_key(name), name)


def _generic(name: str, is_place: IsPlace) -> bool:
    """A direction and generic nouns only (`South Corridor`), unknown to the gazetteer."""
    words = name.casefold().split()
    return (
        len(words) > 1
        and words[0] in _DIRECTIONS
        and all(w in _PLACE_WORDS or w in _DIRECTIONS for w in words[1:])
        and not is_place(name)
    )


@cache
def _personal(name: str, is_place: IsPlace) -> bool:
    """Whether a full name can be a person's: it does not end in an infrastructure or
    organisation noun (`… Railway`, `… Ministry`), has no organisation word, and is not
    a known organisation or place."""
    words = name.casefold().split()
    return not (
        words[-1] in _PLACE_WORDS
        or any(w in _ORG_WORDS for w in words)
        or name_key(name) in KNOWN_TYPES
        or is_place(name)
    )


@cache  # pure, and called for every mention of every article
def _evidence_kind(name: str, kind: str, is_place: IsPlace) -> str:
    """The kind a name's own words or the gazetteer say it has, else NER's."""
    known = KNOWN_TYPES.get(name_key(name))
    if known:
        return known
    words = name.casefold().split()
    place = len(words) <= 2 and is_place(name)
    if any(w in _ORG_WORDS for w in words) and not place:
        return "organizations"
    if words[-1] in _PLACE_WORDS or place:
        return "places"
    return kind


def _initials(name: str) -> str:
    """`International Stabilization Force` → `ISF`; `Hay’at Tahrir al-Sham` → `HTS`."""
    letters = []
    for word in name.replace("-", " ").split():
        if word[0].isupper():
            letters.append(word[0])
    return "".join(letters)


def _expand_acronyms(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """An acronym whose expansion the same article names is that name (`ISF`)."""
    expansions: dict[str, str | None] = {}
    for name, _ in pairs:
        if len(name.split()) >= 2:
            initials = _initials(name)
            if len(initials) >= 2:
                expansions[initials] = name if expansions.get(initials, name) == name else None
    out = []
    for name, kind in pairs:
        full = expansions.get(name) if _ACRONYM.match(name) else None
        out.append((full, kind) if full else (name, kind))
    return out


def _surnames(people: Sequence[str]) -> dict[str, str | None]:
    """First and last word key of each full name → that name (None when ambiguous)."""
    found: dict[str, str | None] = {}
    for full in people:
        words = full.split()
        if len(words) < 2 or _INITIAL.match(full):
            continue
        for word in {words[-1], words[0]}:
            key = name_key(word)
            if len(key) < 3:
                continue
            found[key] = full if found.get(key, full) == full else None
    return found


def canonicalize(articles: Sequence[Mentions], curation: Curation, is_place: IsPlace) -> Canonical:
    """The curated entities of `articles` (see the module docstring for the rules)."""
    alias = _Aliases(curation)
    blocked = BUILTIN_BLOCKLIST | curation.blocklist
    # Pass 1: per article, cleaned and aliased (name, kind) pairs in salience order.
    per_article: list[list[tuple[str, str, bool]]] = []
    full_people: dict[str, set[str]] = defaultdict(set)  # surname key → full names
    for article in articles:
        outlet = name_key(article.outlet or "")
        pairs: list[tuple[str, str]] = []
        for kind in KINDS:
            for raw in article.entities.get(kind, ()) or ():
                for found in split_mention(str(raw), is_place):
                    name = alias(found)
                    if _generic(name, is_place):
                        continue
                    if name_key(name) not in blocked and name_key(name) != outlet:
                        pairs.append((name, kind))
        pairs = _expand_acronyms(pairs)
        people = [
            n
            for n, k in pairs
            if k == "people"
            and len(n.split()) >= 2
            and not _INITIAL.match(n)
            and _personal(n, is_place)
        ]
        local = _surnames(people)
        # Railways, ports and provinces are named after places: in an article naming
        # `Jolfa Railway`, a `Jolfa` alone is that place, whatever NER tagged it.
        heads = {
            name_key(n.split()[0])
            for n, _ in pairs
            if len(n.split()) >= 2
            and n.split()[-1].casefold() in _PLACE_WORDS
            and n.split()[0].casefold() not in _DIRECTIONS
        }
        resolved: list[tuple[str, str, bool]] = []  # (name, kind, is a resolved person)
        for name, kind in pairs:
            single = _INITIAL.sub(r"\1", name)
            full = local.get(name_key(single)) if len(single.split()) == 1 else None
            if not full and len(name.split()) == 1 and name_key(name) in heads:
                kind = "places"
            resolved.append((full, "people", True) if full else (name, kind, False))
        for name in people:
            full_people[name_key(name.split()[-1])].add(name)
        per_article.append(resolved)
    # Pass 2: archive-wide surnames, evidence, votes.
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    final_pairs: list[list[tuple[str, str]]] = []
    for resolved in per_article:
        seen: dict[str, str] = {}
        for name, kind, person in resolved:
            if not person and len(name.split()) == 1 and kind == "people":
                candidates = full_people.get(name_key(name), set())
                if len(candidates) == 1:
                    name, person = next(iter(candidates)), True
            if len(name.split()) == 1 and _DEMONYM.match(name) and not is_place(name):
                continue
            if not person:
                kind = _evidence_kind(name, kind, is_place)
            key = name_key(name)
            if key in blocked or key in seen:
                continue
            seen[key] = kind
            spellings[key][name] += 1
        for key, kind in seen.items():
            votes[key][kind] += 1
        final_pairs.append(list(seen.items()))
    entities: dict[str, Entity] = {}
    shown: dict[str, str] = {}
    for key, counter in votes.items():
        name = spellings[key].most_common(1)[0][0]
        override = curation.types.get(key)
        voted = max(counter, key=lambda k: (counter[k], -KINDS.index(k)))
        kind_type = override or TYPE_OF_KIND[voted]
        entity = Entity(name=name, type=kind_type)
        entity.aliases = {s for s in spellings[key] if s != name}
        entities[name] = entity
        shown[key] = name
    for spelling, target in alias.map.items():
        if target in entities and spelling != name_key(target):
            entities[target].aliases.add(alias.text[spelling])
    by_article: dict[str, dict[str, list[str]]] = {}
    for article, pairs in zip(articles, final_pairs, strict=True):
        lists: dict[str, list[str]] = {}
        for key, _ in pairs:
            entity = entities[shown[key]]
            entity.articles.append(article.key)
            kind = KIND_OF_TYPE[entity.type]
            lists.setdefault(kind, []).append(entity.name)
        by_article[article.key] = {k: lists[k] for k in KINDS if k in lists}
    return Canonical(entities=entities, by_article=by_article)
