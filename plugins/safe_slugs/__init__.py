"""safe_slugs: every tag and author gets a non-empty ASCII slug, whatever its name.

Pelican strips anything that looks like an HTML tag from a name before slugifying it, so
an untrusted tag such as `<svg onload=…>` ends with an empty slug: a warning, and a page
written to `tag/index.html`. This plugin gives tags and authors the same slugs the
importer gives articles (python-slugify, see `clippings.importer.store.make_slug`), set when each
article is created, before Pelican groups articles by tag.

It also keeps imported addresses from deciding where a page lives: Pelican takes a
`url` or `save_as` front-matter field as the page's own address, and the importer's
`url` is the original post's address (WXR link, feed link). Such values are moved to
`original_url` / `original_save_as`; pages live at ARTICLE_URL / ARTICLE_SAVE_AS.

Tags whose names differ but whose slugs are equal (`Middle East` and `Middle-East`,
`C++`, `C#`, `C` and `c`, a WordPress category `Template` and tag `template`) share one
page, `tag/<slug>/`: an article holding two of them keeps the first only (it is listed
once), and once all articles are read every tag of a slug takes one name, the one most
articles use (ties: the first in case-insensitive, then code-point order), the other
names listed on the page as `also_named`. The same names give the same page on every
build, whatever the order the files are read in.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from functools import cache
from typing import Any

from pelican import signals

from clippings.importer.store import make_slug


def set_slugs(content: Any) -> None:
    """Give the tags and authors of one article slugs made from their names."""
    for key in ("url", "save_as"):
        if hasattr(content, f"override_{key}") and key in content.metadata:
            setattr(content, f"original_{key}", getattr(content, f"override_{key}"))
            delattr(content, f"override_{key}")
    wrappers = [*getattr(content, "tags", []), *getattr(content, "authors", [])]
    for wrapper in wrappers:
        wrapper.slug = _slug(wrapper.name)
    if getattr(content, "tags", None):
        seen: set[str] = set()
        unique = []
        for tag in content.tags:
            if tag.slug not in seen:  # one page per slug: the article is listed once
                seen.add(tag.slug)
                unique.append(tag)
        content.tags = unique


def name_shared_slugs(generator: Any) -> None:
    """Give every tag of a slug one name (the most used) and the others as `also_named`."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    holders: dict[str, list[Any]] = defaultdict(list)
    for article in [*generator.articles, *getattr(generator, "drafts", [])]:
        for tag in getattr(article, "tags", []):
            counts[tag.slug][tag.name] += 1
            holders[tag.slug].append(tag)
    for key in generator.tags:
        holders[key.slug].append(key)
    for slug, names in counts.items():
        if len(names) < 2:
            continue
        ranked = sorted(names, key=lambda n: (-names[n], n.casefold(), n))
        for tag in holders[slug]:
            tag.name = ranked[0]  # the slug was set explicitly: it stays
            tag.also_named = ranked[1:]


@cache  # a few hundred tags and authors, on thousands of articles
def _slug(name: str) -> str:
    return make_slug(name)


def register() -> None:
    """Connect to Pelican's signals."""
    signals.content_object_init.connect(set_slugs)
    signals.article_generator_finalized.connect(name_shared_slugs)
