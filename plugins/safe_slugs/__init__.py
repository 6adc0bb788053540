"""safe_slugs: every tag and author gets a non-empty ASCII slug, whatever its name.

Pelican strips anything that looks like an HTML tag from a name before slugifying it, so
an untrusted tag such as `<svg onload=…>` ends with an empty slug: a warning, and a page
written to `tag/index.html`. This plugin gives tags and authors the same slugs the
importer gives articles (python-slugify, see `clippings.store.make_slug`), set when each
article is created, before Pelican groups articles by tag.
"""

from __future__ import annotations

from typing import Any

from pelican import signals

from clippings.store import make_slug


def set_slugs(content: Any) -> None:
    """Give the tags and authors of one article slugs made from their names."""
    wrappers = [*getattr(content, "tags", []), *getattr(content, "authors", [])]
    for wrapper in wrappers:
        wrapper.slug = make_slug(wrapper.name)


def register() -> None:
    """Connect to Pelican's signals."""
    signals.content_object_init.connect(set_slugs)
