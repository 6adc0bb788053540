"""linear_listings: Pelican's tag, author, category and period listings in linear time.

Pelican 4 builds each listing's `dates` with `[a for a in self.dates if a in articles]`
and each period archive's articles with `[a for a in articles if a in dates]`: a list
membership test inside a loop over all articles, so the work grows with the square of
the archive (hours at 100,000 articles). Articles compare by identity (Pelican defines
no `__eq__`), so testing membership in a set of ids gives the same lists:

* the article lists of tags, authors and categories become `IdList`s (a list whose
  `in` is a set lookup) once all articles are read;
* period archives are built by Pelican with an empty article list, then filled in one
  pass per period.
"""

from __future__ import annotations

from typing import Any

from pelican import signals
from pelican.generators import ArticlesGenerator


class IdList(list):  # type: ignore[type-arg]
    """A list whose `x in lst` looks up x's identity in a set (built on first use)."""

    _ids: set[int] | None = None
    _size = -1

    def __contains__(self, item: object) -> bool:
        if self._ids is None or self._size != len(self):  # (re)built if the list grew
            self._ids = {id(x) for x in self}
            self._size = len(self)
        return id(item) in self._ids


_original_build_period_archives = ArticlesGenerator._build_period_archives


def _build_period_archives(self: Any, sorted_articles: Any, articles: Any, settings: Any) -> Any:
    """Pelican's period archives, their `articles` filled without the quadratic scan."""
    archives = _original_build_period_archives(self, sorted_articles, [], settings)
    for periods in archives.values():
        for archive in periods:
            ids = {id(a) for a in archive["dates"]}
            archive["articles"] = [a for a in articles if id(a) in ids]
    return archives


def index_taxonomies(generator: Any) -> None:
    """Make the article lists of tags, authors and categories IdLists."""
    for tag, articles in list(generator.tags.items()):
        generator.tags[tag] = IdList(articles)
    for name in ("authors", "categories"):
        pairs = getattr(generator, name, None)
        if isinstance(pairs, list):
            setattr(generator, name, [(key, IdList(value)) for key, value in pairs])


def register() -> None:
    ArticlesGenerator._build_period_archives = _build_period_archives  # type: ignore[method-assign]
    signals.article_generator_finalized.connect(index_taxonomies)
