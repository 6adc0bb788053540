"""linear_listings: Pelican's tag, author, category and period listings in linear time.

Pelican 4 builds each listing's `dates` with `[a for a in self.dates if a in articles]`
and each period archive's articles with `[a for a in articles if a in dates]`: a list
membership test inside a loop over all articles, so the work grows with the square of
the archive (hours at 100,000 articles). Articles compare by identity (Pelican defines
no `__eq__`), so testing membership in a set of ids gives the same lists:

* the article lists of tags, authors and categories become `IdList`s (a list whose
  `in` is a set lookup) once all articles are read;
* the `dates` of each tag, category and author page (its articles in the order of the
  archive's `dates`) come from the archive positions of its own articles, not from a
  scan of the whole archive per tag (10,000 articles × 1,300 tags = 13 million tests);
* period archives are built by Pelican with an empty article list, then filled in one
  pass per period.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import Any

from pelican import signals
from pelican.writers import FileOverwriteFailedError

from clippings.site import compat

pelican_log = logging.getLogger("pelican.generators")
PLURAL = {"tag": "tags", "category": "categories", "author": "authors"}


class IdList(list):  # type: ignore[type-arg]
    """A list whose `x in lst` looks up x's identity in a set (built on first use)."""

    _ids: set[int] | None = None
    _size = -1

    def __contains__(self, item: object) -> bool:
        if self._ids is None or self._size != len(self):  # (re)built if the list grew
            self._ids = {id(x) for x in self}
            self._size = len(self)
        return id(item) in self._ids


_GENERATOR = "pelican.generators:ArticlesGenerator"
_original_build_period_archives = compat.original(f"{_GENERATOR}._build_period_archives")
# Pelican's own, kept for the tests that compare both.
ORIGINAL_TAXONOMY_PAGES = {
    name: compat.original(f"{_GENERATOR}.{name}")
    for name in ("generate_tags", "generate_categories", "generate_authors")
}


def _build_period_archives(self: Any, sorted_articles: Any, articles: Any, settings: Any) -> Any:
    """Pelican's period archives, their `articles` filled without the quadratic scan."""
    archives = _original_build_period_archives(self, sorted_articles, [], settings)
    for periods in archives.values():
        for archive in periods:
            ids = {id(a) for a in archive["dates"]}
            archive["articles"] = [a for a in articles if id(a) in ids]
    return archives


def in_archive_order(articles: Iterable[Any], position: dict[int, int]) -> list[Any]:
    """`[a for a in dates if a in articles]`, where `position` numbers the `dates`."""
    unique = {id(a): a for a in articles if id(a) in position}
    return sorted(unique.values(), key=lambda a: position[id(a)])


def _taxonomy_pages(kind: str, pairs_of: Callable[[Any], Iterable[Any]]) -> Any:
    """Pelican's generate_tags / _categories / _authors with linear `dates`."""

    def generate(self: Any, write: Any) -> None:
        template = self.get_template(kind)
        position = {id(a): i for i, a in enumerate(self.dates)}
        for subject, articles in pairs_of(self):
            try:
                write(
                    subject.save_as, template, self.context,
                    url=subject.url, articles=articles,
                    dates=in_archive_order(articles, position),
                    template_name=kind, blog=True, page_name=subject.page_name,
                    all_articles=self.articles, **{kind: subject},
                )  # fmt: skip
            except FileOverwriteFailedError:
                # Pelican's own messages, on its logger (its LOG_FILTER and limit apply).
                if subject.slug:
                    pelican_log.error(f'Failed to write {kind.title()} page for "%s".', subject)
                    raise
                pelican_log.info(
                    f'{kind.title()} "%s" has an invalid slug; skipping writing {kind} page...',
                    subject,
                    extra={"limit_msg": f"Further {PLURAL[kind]} with invalid slugs."},
                )

    generate.__doc__ = f"Generate {kind} pages (linear_listings)."
    return generate


def index_taxonomies(generator: Any) -> None:
    """Make the article lists of tags, authors and categories IdLists."""
    for tag, articles in list(generator.tags.items()):
        generator.tags[tag] = IdList(articles)
    for name in ("authors", "categories"):
        pairs = getattr(generator, name, None)
        if isinstance(pairs, list):
            setattr(generator, name, [(key, IdList(value)) for key, value in pairs])


def register() -> None:
    compat.replace(f"{_GENERATOR}._build_period_archives", _build_period_archives)
    compat.replace(f"{_GENERATOR}.generate_tags", _taxonomy_pages("tag", lambda g: g.tags.items()))
    compat.replace(
        f"{_GENERATOR}.generate_categories", _taxonomy_pages("category", lambda g: g.categories)
    )
    compat.replace(f"{_GENERATOR}.generate_authors", _taxonomy_pages("author", lambda g: g.authors))
    signals.article_generator_finalized.connect(index_taxonomies)
