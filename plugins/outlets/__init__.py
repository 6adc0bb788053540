"""outlets: a page, an Atom feed and an index entry for every outlet of the archive.

Outlet names are normalised at build time (`registry.py`): spellings meet ignoring case,
spaces and punctuation, aliases map to a display name, from the built-in `defaults.yaml`
and the maintainer's OUTLETS_FILE (`content/outlets.yaml`). Editing that file and
rebuilding renames, merges or describes outlets without importing anything again.

Once the articles are read (`article_generator_pretaxonomy`, so before `archive_nav`
groups articles by outlet) every article's `outlet` becomes an `Outlet` (a URLWrapper:
`str()` is the display name, `.url` its page) and `metadata["outlet"]` the display name.
A generator then writes, per outlet with listed articles:

* OUTLET_SAVE_AS (`outlet/{slug}/index.html`): its articles, newest first, paginated by
  `stable_pagination` (template `outlet.html`), with count, first and last dates;
* OUTLET_FEED_ATOM (`feeds/outlet/{slug}.atom.xml`): its newest FEED_MAX_ITEMS;

and OUTLETS_SAVE_AS (`outlets/index.html`, template `outlets.html`): every outlet A–Z
and by number of articles; `outlets.json`: `[{"name", "aliases", "url", "homepage",
"articles"}]`, sorted, every URL relative to the site root.

Everything is linear in the number of articles (one pass to group, one sort of the
outlets). A malformed OUTLETS_FILE raises `clippings.errors.ConfigError` (file:line).
"""

from __future__ import annotations

import json
import logging
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pelican import signals
from pelican.generators import Generator
from pelican.urlwrappers import URLWrapper
from slugify import slugify

from clippings.atomic import write_if_changed
from clippings.site import shares
from clippings.site.charts import chart_key
from clippings.site.slugs import unique_slug

from .registry import OutletInfo, Registry, load_registry, match_key, sort_key, tidy

log = logging.getLogger(__name__)

DEFAULTS: dict[str, str] = {
    "OUTLET_URL": "outlet/{slug}/index.html",
    "OUTLET_SAVE_AS": "outlet/{slug}/index.html",
    "OUTLETS_URL": "outlets/index.html",
    "OUTLETS_SAVE_AS": "outlets/index.html",
    "OUTLET_FEED_ATOM": "feeds/outlet/{slug}.atom.xml",
    "OUTLETS_FILE": "outlets.yaml",
}
JSON_SAVE_AS = "outlets.json"
SLUG_LENGTH = 80


class Outlet(URLWrapper):
    """One outlet: display name, slug, URL, and its listed articles (newest first)."""

    def __init__(self, name: str, settings: dict[str, Any], info: OutletInfo | None = None):
        super().__init__(name, settings)
        self.aliases: list[str] = list(info.aliases) if info else []
        self.homepage: str = info.homepage if info else ""
        self.description: str = info.description if info else ""
        self.articles: list[Any] = []
        self.first_date: Any = None
        self.last_date: Any = None

    @property
    def count(self) -> int:
        return len(self.articles)

    def _feed(self, key: str) -> str:
        pattern = self.settings.get(key) or self.settings.get("OUTLET_FEED_ATOM")
        return str(pattern).format(slug=self.slug) if pattern else ""

    @property
    def feed_url(self) -> str:
        """The Atom feed's URL relative to the site root ('' without OUTLET_FEED_ATOM)."""
        return self._feed("OUTLET_FEED_ATOM_URL")

    @property
    def feed_save_as(self) -> str:
        return self._feed("OUTLET_FEED_ATOM")

    def listing_fingerprint(self) -> list[list[Any]]:
        """What outlet.html shows of this outlet: on every page of its listing, and on the
        first page only (changed_only skips a page whose fingerprint is unchanged, so any
        field the template gains must be added here)."""
        every = ("name", "url", "aliases", "description", "homepage", "feed_url")
        first = ("count", "first_date", "last_date")
        return [
            ["outlet", *(str(getattr(self, f, None)) for f in every)],
            [*(str(getattr(self, f, None)) for f in first), chart_key(self)],
        ]

    def add(self, article: Any) -> None:
        """Append a listed article (callers go newest first) and widen the date range."""
        self.articles.append(article)
        if self.first_date is None or article.date < self.first_date:
            self.first_date = article.date
        if self.last_date is None or article.date > self.last_date:
            self.last_date = article.date


@dataclass(frozen=True)
class Letter:
    """One letter of the A–Z index: its label, anchor and outlets."""

    label: str
    anchor: str
    outlets: list[Outlet]


def outlets_file(settings: dict[str, Any]) -> Path | None:
    """OUTLETS_FILE, relative paths taken from the content folder (PATH)."""
    value = settings.get("OUTLETS_FILE")
    if not value:
        return None
    path = Path(value)
    return path if path.is_absolute() else Path(settings.get("PATH", ".")) / path


def name_order(outlet: Outlet) -> tuple[str, str, str]:
    return (filing_key(outlet.name), outlet.name, outlet.slug)


def filing_key(name: str) -> str:
    """`name` for the A–Z index: as `sort_key`, without a leading "The" (`The Cradle`
    is filed under C)."""
    key = sort_key(name)
    rest = key.removeprefix("the ")
    return rest if rest != key and rest.strip() else key


def build_outlets(
    articles: list[Any], listed: list[Any], registry: Registry, settings: dict[str, Any]
) -> list[Outlet]:
    """Give every article its Outlet; return the outlets of `listed` articles, A–Z.

    `articles` are all articles (listed, hidden, drafts, translations); `listed` the
    published ones, newest first. Unknown outlets are shown in their most frequent
    spelling. One pass over the articles, then a sort of the outlets.
    """
    seen: list[tuple[Any, str]] = []
    known: dict[str, OutletInfo] = {}
    key_of: dict[str, str] = {}  # spelling → key: each distinct spelling is matched once
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    for article in articles:
        raw = article.metadata.get("outlet")
        text = tidy(str(raw)) if raw is not None else ""
        if not text:
            continue
        key = key_of.get(text)
        if key is None:
            info = registry.known(text)
            if info is not None:
                key = match_key(info.name)
                known[key] = info
            else:
                key = match_key(text) or text.casefold()
            key_of[text] = key
        spellings[key][text] += 1
        seen.append((article, key))

    outlets: dict[str, Outlet] = {}
    for key, counts in spellings.items():
        info = known.get(key)
        name = info.name if info else min(counts, key=lambda s: (-counts[s], s))
        outlets[key] = Outlet(name, settings, info)

    taken: set[str] = set()
    for outlet in sorted(outlets.values(), key=lambda o: (sort_key(o.name), o.name)):
        base = slugify(outlet.name, max_length=SLUG_LENGTH, word_boundary=True) or "outlet"
        outlet.slug = unique_slug(base, taken)

    for article, key in seen:
        outlet = outlets[key]
        article.outlet = outlet
        article.metadata["outlet"] = outlet.name
    for article in listed:
        outlet = getattr(article, "outlet", None)
        if isinstance(outlet, Outlet):
            outlet.add(article)
    return sorted((o for o in outlets.values() if o.articles), key=name_order)


def letters(outlets: list[Outlet]) -> list[Letter]:
    """The A–Z index: outlets (already A–Z) grouped by first letter without its accent
    (`Émile` under E); names starting with a digit or a sign under #."""
    groups: dict[str, list[Outlet]] = {}
    for outlet in outlets:
        first = filing_key(outlet.name)[:1].upper()
        label = first if first.isalpha() else "#"
        groups.setdefault(label, []).append(outlet)
    result = []
    for label, members in groups.items():
        if label == "#":
            anchor = "other"
        elif label.isascii():
            anchor = label.lower()
        else:
            anchor = f"u{ord(label):04x}"
        result.append(Letter(label, f"letter-{anchor}", members))
    return sorted(result, key=lambda g: (g.label == "#", g.label))


def by_count(outlets: list[Outlet]) -> list[Outlet]:
    """Outlets with the most articles first; A–Z among equals."""
    return sorted(outlets, key=lambda o: (-o.count, *name_order(o)))


def outlets_json(outlets: list[Outlet]) -> str:
    """outlets.json: every outlet A–Z, its article URLs newest first (ties by URL)."""
    data = []
    for outlet in outlets:
        ordered = sorted(outlet.articles, key=lambda a: a.url)
        ordered.sort(key=lambda a: a.date, reverse=True)
        data.append(
            {
                "name": outlet.name,
                "aliases": list(outlet.aliases),
                "url": outlet.url,
                "homepage": outlet.homepage or None,
                "articles": [a.url for a in ordered],
            }
        )
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


# --- Pelican glue ---------------------------------------------------------------------


def initialized(pelican: Any) -> None:
    """Default settings, and `outlet` among the paginated templates."""
    settings = pelican.settings
    for key, value in DEFAULTS.items():
        settings.setdefault(key, value)
    paginated = settings.setdefault("PAGINATED_TEMPLATES", {})
    paginated.setdefault("outlet", None)


def normalise(generator: Any) -> None:
    """Read the outlet files and give every article its Outlet (before any grouping)."""
    registry = load_registry(outlets_file(generator.settings))
    everything = [
        *generator.articles,
        *generator.translations,
        *generator.hidden_articles,
        *getattr(generator, "hidden_translations", []),
        *generator.drafts,
        *getattr(generator, "drafts_translations", []),
    ]
    outlets = build_outlets(everything, generator.articles, registry, generator.settings)
    generator.context["outlets"] = outlets
    log.debug("outlets: %d outlets for %d articles", len(outlets), len(generator.articles))


class OutletsGenerator(Generator):
    """Writes the outlet pages, their feeds, the outlet index and outlets.json."""

    # Pages and feeds go through the writer (rendering workers share them); the JSON
    # file is the main process's (clippings.site.shares).
    renders_through_writer = True

    def generate_context(self) -> None:
        self.outlets: list[Outlet] = self.context.get("outlets", [])

    def generate_output(self, writer: Any) -> None:
        settings = self.settings
        relative = settings.get("RELATIVE_URLS", False)
        page = self.get_template("outlet")
        for outlet in self.outlets:
            writer.write_file(
                outlet.save_as,
                page,
                self.context,
                relative_urls=relative,
                template_name="outlet",
                url=outlet.url,
                outlet=outlet,
                articles=outlet.articles,
                page_name=outlet.page_name,
                all_articles=self.context.get("articles", []),
            )
            if outlet.feed_save_as:
                writer.write_feed(
                    outlet.articles,
                    self.context,
                    outlet.feed_save_as,
                    outlet.feed_url,
                    feed_title=outlet.name,
                )
        if settings.get("OUTLETS_SAVE_AS"):
            writer.write_file(
                settings["OUTLETS_SAVE_AS"],
                self.get_template("outlets"),
                self.context,
                relative_urls=relative,
                template_name="outlets",
                url=settings.get("OUTLETS_URL", settings["OUTLETS_SAVE_AS"]),
                outlet_letters=letters(self.outlets),
                outlets_by_count=by_count(self.outlets),
            )
        if shares.primary():
            write_if_changed(Path(self.output_path) / JSON_SAVE_AS, outlets_json(self.outlets))
        log.info("outlets: %d outlet pages, index and %s", len(self.outlets), JSON_SAVE_AS)


def get_generators(pelican: Any) -> type[Generator]:
    return OutletsGenerator


def register() -> None:
    """Connect to Pelican's signals."""
    signals.initialized.connect(initialized)
    signals.article_generator_pretaxonomy.connect(normalise)
    signals.get_generators.connect(get_generators)
