"""A deterministic synthetic archive built from the sample articles' own text.

`generate(n, seed)` returns n `Synthetic` records: titles recombined from the sample
titles and a vocabulary of people, places, organisations and topics; 15 years of
dates; ~300 outlets, tags, entities and authors drawn from Zipf distributions (a few
very common, a long tail); bodies made of the samples' paragraphs and headings with
lengths drawn from the samples' own length distribution. Record i depends only on
the seed and on records 0..i-1, so a larger archive starts with the smaller one.

`to_article` turns a record into a `clippings.importer.model.Article`, which
`clippings.importer.store.render` (i.e. `clippings.importer.markdown.to_markdown` plus the checksum)
writes in exactly the importer's format.
"""

from __future__ import annotations

import dataclasses
import html
import math
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from pathlib import Path

from clippings.importer.byline import is_title
from clippings.importer.categories import DEFAULT_CATEGORIES
from clippings.importer.index import title_key
from clippings.importer.markdown import FIELDS, html_to_markdown
from clippings.importer.model import Article
from clippings.importer.store import make_slug

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
DEFAULT_SEED = 2025
FIRST_DAY = date(2011, 1, 1)  # 15 years of articles
LAST_DAY = date(2025, 12, 31)
OUTLET_COUNT = 300
MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip

KNOWN_OUTLETS = (
    "RT", "Sputnik", "Press TV", "Al Mayadeen", "The Cradle", "New Eastern Outlook",
    "Glenn Diesen", "JudgeNap.com", "TASS", "Mondoweiss", "MintPress News", "Global Research",
    "Consortium News", "The Grayzone", "Antiwar.com", "Xinhua", "Tehran Times",
    "Middle East Eye", "Electronic Intifada", "Strategic Culture Foundation",
    "Responsible Statecraft", "Declassified UK", "UnHerd", "The Intercept", "Off-Guardian",
    "Brownstone Institute", "Al Jazeera", "Global Times", "IRNA", "Palestine Chronicle",
)  # fmt: skip
OUTLET_WORDS = (
    ("Daily", "Global", "Eastern", "Pacific", "Free", "New", "Independent", "Northern",
     "Southern", "Atlantic", "Arab", "Asia", "People's", "Continental", "Baltic", "Balkan",
     "Caspian", "Levant", "Andean", "Sahel", "Alpine", "Nordic", "Coastal", "Frontier"),
    ("Herald", "Observer", "Review", "Times", "Post", "Monitor", "Dispatch", "Tribune",
     "Chronicle", "Gazette", "Report", "Courier", "Sentinel", "Ledger", "Digest", "Insider",
     "Voice", "Standard", "Journal", "Bulletin"),
)  # fmt: skip
FAMOUS_PEOPLE = (
    "Vladimir Putin", "Donald Trump", "Sergey Lavrov", "Benjamin Netanyahu",
    "Volodymyr Zelensky", "Xi Jinping", "Masoud Pezeshkian", "Mark Rutte",
    "Ursula von der Leyen", "Emmanuel Macron", "Keir Starmer", "Recep Tayyip Erdogan",
    "Ali Khamenei", "Joe Biden", "Antony Blinken", "Marco Rubio", "Olaf Scholz",
    "Friedrich Merz", "Narendra Modi", "Abbas Araghchi", "Maria Zakharova", "Dmitry Peskov",
    "Yuri Ushakov", "Kaja Kallas", "Viktor Orban", "Robert Fico", "Lula da Silva",
)  # fmt: skip
PLACES = (
    "Gaza", "Ukraine", "Russia", "Iran", "Israel", "Syria", "Lebanon", "Yemen", "China",
    "United States", "Germany", "France", "United Kingdom", "Turkey", "Cyprus", "Iraq",
    "Saudi Arabia", "Qatar", "Egypt", "Jordan", "West Bank", "Crimea", "Donbass", "Moscow",
    "Washington", "Brussels", "Tehran", "Beijing", "Kiev", "Damascus", "Beirut", "Sanaa",
    "Baghdad", "Ankara", "Berlin", "Paris", "London", "Venezuela", "Cuba", "Taiwan",
    "North Korea", "India", "Pakistan", "Afghanistan", "Libya", "Sudan", "Ethiopia",
    "Bangladesh", "Finland", "Poland", "Hungary", "Slovakia", "Serbia", "Moldova", "Georgia",
    "Armenia", "Azerbaijan", "Kazakhstan", "Belarus", "Baltic States", "Red Sea",
    "Strait of Hormuz", "Black Sea", "Arctic", "Tartus", "Latakia", "Rafah", "Jenin",
)  # fmt: skip
ORGANISATIONS = (
    "NATO", "United Nations", "European Union", "IAEA", "BRICS", "Hamas", "Hezbollah",
    "Ansar Allah", "Pentagon", "CIA", "Mossad", "IDF", "ICC", "ICJ", "WHO", "IMF",
    "World Bank", "OPEC", "SCO", "UNRWA", "Red Cross", "Amnesty International",
    "Human Rights Watch", "US Congress", "Kremlin", "White House", "European Commission",
    "Bundestag", "Knesset", "Gazprom", "Rosneft", "Lukoil", "Energean", "BlackRock",
    "Pfizer", "Google", "Meta", "Wikipedia", "BBC", "New York Times",
)  # fmt: skip
TOPICS = (
    "Sanctions", "Energy", "Oil", "Natural Gas", "Nuclear Weapons", "Drones", "Refugees",
    "Elections", "Censorship", "Propaganda", "Cyber Warfare", "Trade", "Railways", "Ports",
    "Arms Sales", "Ceasefire", "Genocide", "Settlements", "Human Rights", "Famine",
    "Inflation", "Dedollarization", "Vaccines", "Climate Policy", "Surveillance",
    "Free Speech", "Espionage", "Diplomacy", "Peace Talks", "Military Aid",
)  # fmt: skip
FIRST_NAMES = (
    "Anna", "Boris", "Carla", "David", "Elena", "Farid", "Grace", "Hassan", "Irina", "James",
    "Karim", "Laura", "Mikhail", "Nadia", "Omar", "Paolo", "Rania", "Stefan", "Tamara",
    "Umar", "Vera", "Walid", "Yasmin", "Zoran", "Alexei", "Bianca", "Chen", "Dmitri", "Eva",
    "Fatima", "Georg", "Hana", "Ivan", "Julia", "Kenji", "Leila", "Marco", "Nikolai",
    "Olga", "Pedro",
)  # fmt: skip
LAST_NAMES = (
    "Abbas", "Baker", "Carvalho", "Demirci", "Evans", "Fischer", "Gromov", "Haddad",
    "Ivanova", "Jensen", "Kovac", "Lindqvist", "Mansour", "Novak", "Okafor", "Petrov",
    "Qureshi", "Rossi", "Sokolov", "Tanaka", "Usmani", "Volkov", "Weber", "Xu", "Yilmaz",
    "Zaidi", "Andersen", "Belov", "Costa", "Dragan", "Esposito", "Farouk", "Gallo",
    "Horvat", "Ismail", "Jovanovic", "Karimi", "Larsen", "Moreau", "Nasser", "Orlov",
    "Popescu", "Rahman", "Schmidt", "Toma", "Varga", "Wright", "Zhukov", "Klarenberg", "Reo",
)  # fmt: skip
VERBS = (
    "warns", "slams", "rejects", "backs", "accuses", "threatens", "calls for", "denies",
    "welcomes", "mulls", "condemns", "demands", "questions", "blocks", "signs",
)  # fmt: skip


@dataclass(frozen=True)
class Block:
    """One body block: a paragraph or a section heading, as raw text (a dump line)."""

    text: str
    heading: bool = False


@dataclass(frozen=True)
class Seeds:
    """What the synthetic archive is made of, taken from the sample dumps."""

    paragraphs: tuple[str, ...]
    headings: tuple[str, ...]
    titles: tuple[str, ...]
    standfirsts: tuple[str, ...]
    lengths: tuple[int, ...]  # body length (characters) of each sample article


@dataclass(frozen=True)
class Synthetic:
    """One synthetic article, with everything every output format needs."""

    number: int
    title: str
    slug: str
    date: date
    posted: date
    outlet: str
    byline: str
    blocks: tuple[Block, ...]
    categories: tuple[str, ...]
    post_tags: tuple[str, ...]
    comments: int
    subtitle: str | None = None
    author: str | None = None
    entities: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def tags(self) -> list[str]:
        """Tags as the importer stores them: the categories, then the other post tags."""
        return [*self.categories, *(t for t in self.post_tags if t not in self.categories)]

    @property
    def summary(self) -> str | None:
        """The first paragraph, as the text-dump importer takes it."""
        return next((b.text for b in self.blocks if not b.heading), None)


_TAG = re.compile(r"^<(p|h2)>(.*)</\1>$")


def _blocks(body_html: str) -> list[Block]:
    """The text blocks of a body the text importer made (one `<p>`/`<h2>` per line)."""
    blocks = []
    for line in body_html.split("\n"):
        m = _TAG.match(line)
        if m:
            text = html.unescape(re.sub(r"<[^>]+>", "", m[2]))
            blocks.append(Block(text, heading=m[1] == "h2"))
    return blocks


@cache
def load_seeds(samples: Path = SAMPLES) -> Seeds:
    """Paragraphs, headings, titles, standfirsts and body lengths of the sample dumps."""
    from clippings.importer.sources.text import parse

    paragraphs: list[str] = []
    headings: list[str] = []
    titles: list[str] = []
    lengths: list[int] = []
    for path in sorted(samples.glob("*.txt")):
        for item in parse(path):
            if not isinstance(item, Article):
                continue
            blocks = _blocks(item.body_html)
            titles.append(item.title)
            lengths.append(sum(len(b.text) + 2 for b in blocks))
            paragraphs += [b.text for b in blocks if not b.heading]
            headings += [b.text for b in blocks if b.heading]
    standfirsts = [
        s
        for p in paragraphs
        for s in (p.split(". ", 1)[0].rstrip(".") + ".",)
        if 40 <= len(s) <= 190 and is_title(s) and "http" not in s
    ]
    return Seeds(
        paragraphs=tuple(dict.fromkeys(paragraphs)),
        headings=tuple(dict.fromkeys(headings)),
        titles=tuple(titles),
        standfirsts=tuple(dict.fromkeys(standfirsts)),
        lengths=tuple(lengths),
    )


class Zipf:
    """Draws from `values` with P(rank k) ∝ 1/k^s: a few very common, a long tail."""

    def __init__(self, values: Sequence[str], s: float = 1.05) -> None:
        self.values = list(values)
        total = 0.0
        self.cumulative: list[float] = []
        for k in range(1, len(self.values) + 1):
            total += 1 / k**s
            self.cumulative.append(total)

    def draw(self, rng: random.Random, k: int = 1) -> list[str]:
        """k distinct values (fewer if the draws repeat), most likely the common ones."""
        picks = rng.choices(self.values, cum_weights=self.cumulative, k=k)
        return list(dict.fromkeys(picks))


@dataclass(frozen=True)
class Vocabulary:
    """Outlets, authors, entities and tags of one synthetic archive (fixed by the seed)."""

    outlets: Zipf
    authors: Zipf
    people: Zipf
    places: Zipf
    organisations: Zipf
    topics: Zipf
    categories: Zipf


@cache
def vocabulary(seed: int = DEFAULT_SEED) -> Vocabulary:
    """The archive's names: ~300 outlets, ~2000 people, places, organisations, topics."""
    rng = random.Random(f"{seed}:vocabulary")
    combos = [f"{a} {b}" for a in OUTLET_WORDS[0] for b in OUTLET_WORDS[1]]
    rng.shuffle(combos)
    outlets = [*KNOWN_OUTLETS, *combos[: OUTLET_COUNT - len(KNOWN_OUTLETS)]]
    names = [f"{f} {last}" for f in FIRST_NAMES for last in LAST_NAMES]
    rng.shuffle(names)
    people = [*FAMOUS_PEOPLE, *names[:1200]]
    authors = names[1200:]
    places, organisations, topics = list(PLACES), list(ORGANISATIONS), list(TOPICS)
    for values in (places, organisations, topics):
        rng.shuffle(values)
    categories = list(DEFAULT_CATEGORIES)
    rng.shuffle(categories)
    every = [*people, *authors, *places, *organisations, *topics, *categories]
    assert len({make_slug(n) for n in every}) == len(every), "names must have distinct slugs"
    assert not any(c in n for n in every if n not in categories for c in ",|"), "bad name"
    return Vocabulary(
        outlets=Zipf(outlets, 1.1),
        authors=Zipf(authors, 0.9),
        people=Zipf(people, 1.05),
        places=Zipf(places, 1.0),
        organisations=Zipf(organisations, 1.0),
        topics=Zipf(topics, 0.9),
        categories=Zipf(categories, 1.2),
    )


def _byline_date(day: date, outlet: str, rng: random.Random) -> str:
    if outlet == "Sputnik":
        return f"{day:%d.%m.%Y}"
    form = rng.random()
    if form < 0.75:
        return f"{MONTHS[day.month - 1]} {day.day}, {day.year}"
    if form < 0.9:
        return f"{day.day} {MONTHS[day.month - 1]} {day.year}"
    return day.isoformat()


def _title(rng: random.Random, seeds: Seeds, vocab: Vocabulary, people: list[str]) -> str:
    words_a = rng.choice(seeds.titles).split()
    words_b = rng.choice(seeds.titles).split()
    tail = words_b[rng.randrange(1, max(2, len(words_b) - 1)) :]
    while tail and not any(c.isalnum() for c in tail[0]):
        tail = tail[1:]  # never start the second half with a dash
    if rng.random() < 0.5:
        head = words_a[: rng.randrange(1, max(2, len(words_a) - 1))]
    else:
        subject = people[0] if people and rng.random() < 0.6 else vocab.places.draw(rng)[0]
        head = [subject, rng.choice(VERBS)]
    title = " ".join([*head, *tail]).rstrip(":,;–- ")
    if rng.random() < 0.3:
        title += f" – {(people or vocab.people.draw(rng))[-1].split()[-1]}"
    return title[:1].upper() + title[1:]


def _body(rng: random.Random, seeds: Seeds) -> tuple[Block, ...]:
    target = rng.choice(seeds.lengths) * math.exp(rng.gauss(0, 0.35))
    target = min(max(target, 300), 40_000)
    blocks = [Block(rng.choice(seeds.paragraphs))]
    size = len(blocks[0].text)
    while size < target:
        if len(blocks) >= 3 and not blocks[-1].heading and rng.random() < 0.07:
            blocks.append(Block(rng.choice(seeds.headings), heading=True))
        blocks.append(Block(rng.choice(seeds.paragraphs)))
        size += len(blocks[-1].text) + 2
    return tuple(blocks)


def _record(number: int, seed: int, seeds: Seeds, vocab: Vocabulary, taken: set[str]) -> Synthetic:
    rng = random.Random(f"{seed}:{number}")
    day = FIRST_DAY + timedelta(days=rng.randrange((LAST_DAY - FIRST_DAY).days + 1))
    outlet = vocab.outlets.draw(rng)[0]
    author = vocab.authors.draw(rng)[0] if rng.random() < 0.25 else None
    entities = {
        "people": tuple(vocab.people.draw(rng, rng.choice((0, 1, 1, 2, 2, 3, 4)))),
        "places": tuple(vocab.places.draw(rng, rng.choice((0, 1, 1, 2, 3)))),
        "organizations": tuple(vocab.organisations.draw(rng, rng.choice((0, 0, 1, 1, 2)))),
    }
    for _ in range(100):
        title = _title(rng, seeds, vocab, list(entities["people"]))
        slug, key = make_slug(title), title_key(title)
        if len(title) <= 190 and is_title(title) and slug not in taken and key not in taken:
            break
    else:
        raise RuntimeError(f"could not find a new title for article {number}")
    taken.update((slug, key))
    named = [n for kind in entities.values() for n in kind if rng.random() < 0.7]
    post_tags = tuple(dict.fromkeys([*named, *vocab.topics.draw(rng, rng.choice((0, 1, 1, 2)))]))
    separator = " | " if rng.random() < 0.7 else " – "
    when = _byline_date(day, outlet, rng)
    byline = separator.join([f"By {author}", outlet, when] if author else [outlet, when])
    comments = 0 if rng.random() < 0.55 else int(rng.expovariate(1 / 4)) + 1
    return Synthetic(
        number=number,
        title=title,
        slug=slug,
        date=day,
        posted=day + timedelta(days=rng.choice((0,) * 14 + (1,) * 5 + (2,))),
        outlet=outlet,
        byline=byline,
        blocks=_body(rng, seeds),
        categories=tuple(vocab.categories.draw(rng, rng.choice((1, 1, 1, 2, 2, 3)))),
        post_tags=post_tags,
        comments=comments,
        subtitle=rng.choice(seeds.standfirsts) if rng.random() < 0.12 else None,
        author=author,
        entities=entities,
    )


def generate(n: int, seed: int = DEFAULT_SEED) -> list[Synthetic]:
    """The first n articles of the synthetic archive of `seed` (deterministic)."""
    seeds, vocab = load_seeds(), vocabulary(seed)
    taken: set[str] = set()
    return [_record(i, seed, seeds, vocab, taken) for i in range(n)]


def newer(records: Sequence[Synthetic], after: date) -> list[Synthetic]:
    """`records` re-dated to the days after `after` (new articles of an incremental build)."""
    out = []
    for k, record in enumerate(records):
        day = after + timedelta(days=1 + k // 10)
        when = _byline_date(day, record.outlet, random.Random(record.number))
        separator = " | " if " | " in record.byline else " – "
        byline = separator.join([*record.byline.split(separator)[:-1], when])
        out.append(dataclasses.replace(record, date=day, posted=day, byline=byline))
    return out


@cache
def block_html(block: Block) -> str:
    """A block as the text importer writes it (escaped; bare URLs made links)."""
    if block.heading:
        return f"<h2>{html.escape(block.text, quote=False)}</h2>"
    from clippings.importer.links import linkify

    return f"<p>{linkify(block.text)}</p>"


@cache
def block_markdown(block: Block) -> str:
    """A block converted to Markdown by the importer's converter (cached: blocks repeat)."""
    return html_to_markdown(block_html(block)).strip()


ENTITIES_IN_SCHEMA = "entities" in FIELDS and "entities" in {
    f.name for f in dataclasses.fields(Article)
}


def to_article(record: Synthetic, source: str | None = None) -> Article:
    """The `Article` the text importer would make of `record` (body Markdown precomputed)."""
    article = Article(
        title=record.title,
        subtitle=record.subtitle,
        date=record.date,
        outlet=record.outlet,
        author=record.author,
        posted=record.posted,
        tags=record.tags,
        comments=record.comments,
        summary=record.summary,
        source=source,
        slug=record.slug,
        body_html="\n".join(block_html(b) for b in record.blocks),
        body_markdown="\n\n".join(block_markdown(b) for b in record.blocks),
    )
    if ENTITIES_IN_SCHEMA:  # front-matter `entities: {people: [...], ...}`
        article.entities = {k: list(v) for k, v in record.entities.items() if v}  # type: ignore[attr-defined]
    return article
