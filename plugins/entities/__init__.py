"""entities: people, organisations and places as first-class pages.

Once all articles are read (`article_generator_finalized`), the NER mentions in their
front-matter are canonicalised (`clippings.entities.canonical`) with the maintainer's
`entities.yaml` (`clippings.entities.curation`), so editing that file and rebuilding
updates the site. Each article then has `article.entities`: {kind: [Entity]} (only
entities with a page), and `metadata["entities"]` holds the canonical names, which the
search index and related articles use.

A generator (registered through `signals.get_generators`) writes:

* a page per entity with at least ENTITY_MIN_ARTICLES articles (`ENTITY_SAVE_AS`):
  name, type, count, its articles (paginated, newest first), the entities most often
  mentioned with it and the outlets that mention it; and its Atom feed
  (`ENTITY_FEED_ATOM`);
* the entity index (`ENTITIES_SAVE_AS`), per type the most mentioned, and an A–Z page
  per type (`ENTITY_TYPE_SAVE_AS`);
* `entities.json` for researchers: name, type, aliases, URL and article URLs.

Co-mentions count only each article's ENTITY_COMENTION_LIMIT most mentioned entities,
so the work stays linear in articles (no step is articles × entities).
"""

from __future__ import annotations

import json
import logging
from collections import Counter, defaultdict
from functools import partial
from pathlib import Path
from typing import Any

from pelican import signals
from pelican.generators import Generator
from pelican.urlwrappers import URLWrapper
from slugify import slugify

from clippings.atomic import write_if_changed
from clippings.entities import KIND_OF_TYPE, KINDS
from clippings.entities.canonical import Mentions, canonicalize
from clippings.entities.curation import load_curation
from clippings.entities.places import is_place, use_cache
from clippings.site import shares
from clippings.site.charts import chart_key
from clippings.site.slugs import unique_slug

log = logging.getLogger(__name__)
TYPE_LABELS = {"person": "Person", "organization": "Organisation", "place": "Place"}
KIND_LABELS = {"people": "People", "organizations": "Organisations", "places": "Places"}
DEFAULTS: dict[str, Any] = {
    "ENTITY_URL": "entity/{slug}/index.html",
    "ENTITY_SAVE_AS": "entity/{slug}/index.html",
    "ENTITIES_URL": "entities/index.html",
    "ENTITIES_SAVE_AS": "entities/index.html",
    "ENTITY_TYPE_URL": "entities/{kind}/index.html",
    "ENTITY_TYPE_SAVE_AS": "entities/{kind}/index.html",
    "ENTITY_FEED_ATOM": "feeds/entity/{slug}.atom.xml",
    "ENTITIES_JSON": "entities.json",
    "ENTITIES_FILE": None,  # default: entities.yaml in the content folder
    "ENTITY_MIN_ARTICLES": 1,
    "ENTITY_INDEX_TOP": 30,
    "ENTITY_RELATED": 10,
    "ENTITY_COMENTION_LIMIT": 12,
}


class Entity(URLWrapper):
    """A person, organisation or place with a page of its own."""

    def __init__(self, name: str, type_: str, settings: dict[str, Any], slug: str) -> None:
        super().__init__(name, settings)
        self.type = type_
        self.kind = KIND_OF_TYPE[type_]
        self.type_label = TYPE_LABELS[type_]
        self.slug = slug
        self.aliases: list[str] = []
        self.articles: list[Any] = []
        self.related: list[tuple[Entity, int]] = []
        self.outlets: list[tuple[str, int]] = []

    @property
    def count(self) -> int:
        return len(self.articles)

    @property
    def filing(self) -> str:
        """The A–Z order's key: people by surname (`Lavrov, Sergey`; an `al-` or other
        lower-case particle is not filed under), the others by name."""
        words = self.name.split()
        if self.type == "person" and len(words) >= 2:
            words = [words[-1], *words[:-1]]
        key = " ".join(words).casefold()
        return key.removeprefix("al-")

    @property
    def initial(self) -> str:
        """The heading the A–Z list files it under (`#` for names not starting with a letter)."""
        letter = self.filing[:1].upper()
        return letter if letter.isalpha() else "#"

    @property
    def feed_url(self) -> str:
        return self.settings["ENTITY_FEED_ATOM"].format(slug=self.slug)

    def listing_fingerprint(self) -> list[list[Any]]:
        """What entity.html shows of this entity: on every page of its listing, and on the
        first page only (changed_only skips a page whose fingerprint is unchanged, so any
        field the template gains must be added here)."""
        related = [(other.name, other.url, n) for other, n in self.related]
        every = ["entity", self.name, self.url, self.type_label, self.aliases, self.feed_url]
        outlets = [(str(o), getattr(o, "url", None), n) for o, n in self.outlets]
        return [every, [related, outlets, chart_key(self)]]


def _settings(settings: dict[str, Any]) -> None:
    for key, value in DEFAULTS.items():
        settings.setdefault(key, value)
    # Entity pages are paginated like tag pages (stable_pagination numbers them).
    settings.setdefault("PAGINATED_TEMPLATES", {}).setdefault("entity", None)


def _curation_path(settings: dict[str, Any]) -> Path:
    return Path(settings["ENTITIES_FILE"] or Path(settings["PATH"]) / "entities.yaml")


def _unique_slug(name: str, taken: set[str]) -> str:
    return unique_slug(slugify(name) or "entity", taken)


def canonicalise_articles(generator: Any) -> None:
    """Replace each article's NER mentions by canonical entities (all articles at once)."""
    settings = generator.settings
    _settings(settings)
    articles = list(generator.articles)
    path = _curation_path(settings)
    # A malformed file raises ConfigError (file:line); `invoke build` prints it as one line.
    curation = load_curation(path)
    minimum = curation.min_articles or int(settings["ENTITY_MIN_ARTICLES"])
    # Each url once (fixed_urls, an earlier stage, has already fixed them: a plain read).
    urls = [a.url for a in articles]
    url_of = {id(a): url for a, url in zip(articles, urls, strict=True)}
    mentions = [
        Mentions(
            key=url,
            outlet=str(getattr(a, "outlet", "") or a.metadata.get("outlet") or ""),
            entities=a.metadata.get("entities") or {},
        )
        for a, url in zip(articles, urls, strict=True)
    ]
    use_cache(Path(settings.get("CACHE_PATH", "cache")))  # the gazetteer's place names
    result = canonicalize(mentions, curation, is_place)
    by_url = dict(zip(urls, articles, strict=True))
    pages: dict[str, Entity] = {}
    taken: set[str] = set()
    for name in sorted(result.entities, key=str.casefold):
        found = result.entities[name]
        if len(found.articles) < minimum:
            continue
        entity = Entity(name, found.type, settings, _unique_slug(name, taken))
        entity.aliases = sorted(found.aliases, key=str.casefold)
        # Newest first, as every listing of the site.
        entity.articles = sorted(
            (by_url[k] for k in found.articles),
            key=lambda a: (a.date, url_of[id(a)]),
            reverse=True,
        )
        pages[name] = entity
    for article, url in zip(articles, urls, strict=True):
        names = result.by_article.get(url, {})
        article.metadata["entities"] = {k: list(v) for k, v in names.items()}
        article.entities = {
            kind: [pages[n] for n in names.get(kind, []) if n in pages] for kind in KINDS
        }
        article.entities = {k: v for k, v in article.entities.items() if v}
    _link_entities(pages, articles, int(settings["ENTITY_COMENTION_LIMIT"]),
                   int(settings["ENTITY_RELATED"]))  # fmt: skip
    generator.context["entity_pages"] = pages
    generator.context["entity_kinds"] = [
        (kind, KIND_LABELS[kind], sorted(
            (e for e in pages.values() if e.kind == kind), key=lambda e: (e.filing, e.name)
        ))
        for kind in KINDS
    ]  # fmt: skip
    generator.context["ENTITY_TYPE_URLS"] = {
        kind: settings["ENTITY_TYPE_URL"].format(kind=kind) for kind in KINDS
    }


def _link_entities(pages: dict[str, Entity], articles: list[Any], limit: int, top: int) -> None:
    """Co-mentioned entities and mentioning outlets of every entity page."""
    together: dict[str, Counter[str]] = defaultdict(Counter)
    outlets: dict[str, Counter[str]] = defaultdict(Counter)
    for article in articles:
        names = [e.name for kind in KINDS for e in article.entities.get(kind, [])]
        # The most mentioned first within each kind; interleave kinds fairly.
        salient = names[:limit]
        outlet = str(getattr(article, "outlet", "") or article.metadata.get("outlet") or "")
        for name in names:
            if outlet:
                outlets[name][outlet] += 1
        for name in salient:
            for other in salient:
                if other != name:
                    together[name][other] += 1
    for name, entity in pages.items():
        ranked = sorted(together[name].items(), key=lambda kv: (-kv[1], kv[0].casefold()))
        entity.related = [(pages[n], c) for n, c in ranked[:top]]
        entity.outlets = sorted(outlets[name].items(), key=lambda kv: (-kv[1], kv[0].casefold()))


class EntityPagesGenerator(Generator):
    """Writes entity pages, their feeds, the entity index pages and entities.json."""

    # Pages and feeds go through the writer (rendering workers share them); the JSON
    # file is the main process's (clippings.site.shares).
    renders_through_writer = True

    def generate_context(self) -> None:
        _settings(self.settings)

    def generate_output(self, writer: Any) -> None:
        pages: dict[str, Entity] = self.context.get("entity_pages", {})
        settings = self.settings
        write = partial(writer.write_file, relative_urls=settings["RELATIVE_URLS"])
        template = self.get_template("entity")
        for entity in pages.values():
            write(
                entity.save_as,
                template,
                self.context,
                entity=entity,
                articles=entity.articles,
                dates=entity.articles,
                template_name="entity",
                page_name=entity.page_name,
                url=entity.url,
                blog=True,
            )
            if settings.get("ENTITY_FEED_ATOM"):
                writer.write_feed(
                    entity.articles[: settings.get("FEED_MAX_ITEMS") or None],
                    self.context,
                    entity.feed_url,
                    feed_title=f"{settings['SITENAME']}: {entity.name}",
                )
        write(settings["ENTITIES_SAVE_AS"], self.get_template("entities"), self.context,
              url=settings["ENTITIES_URL"], template_name="entities",
              top=int(settings["ENTITY_INDEX_TOP"]))  # fmt: skip
        type_template = self.get_template("entity_type")
        for kind, label, entities in self.context.get("entity_kinds", []):
            write(settings["ENTITY_TYPE_SAVE_AS"].format(kind=kind), type_template, self.context,
                  url=settings["ENTITY_TYPE_URL"].format(kind=kind), template_name="entity_type",
                  kind=kind, kind_label=label, kind_entities=entities)  # fmt: skip
        self._write_json(pages)

    def _write_json(self, pages: dict[str, Entity]) -> None:
        records = [
            {
                "name": e.name,
                "type": e.type,
                "aliases": e.aliases,
                "url": e.url,
                "articles": [a.url for a in e.articles],
            }
            for e in sorted(pages.values(), key=lambda e: (e.type, e.name.casefold(), e.name))
        ]
        if not shares.primary():
            return
        path = Path(self.output_path) / self.settings["ENTITIES_JSON"]
        write_if_changed(path, json.dumps(records, ensure_ascii=False, indent=1) + "\n")


def get_generators(pelican: Any) -> type[Generator]:
    return EntityPagesGenerator


def register() -> None:
    signals.article_generator_finalized.connect(canonicalise_articles)
    signals.get_generators.connect(get_generators)
