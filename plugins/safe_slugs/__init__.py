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
"""

from __future__ import annotations

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


@cache  # a few hundred tags and authors, on thousands of articles
def _slug(name: str) -> str:
    return make_slug(name)


def register() -> None:
    """Connect to Pelican's signals."""
    signals.content_object_init.connect(set_slugs)
