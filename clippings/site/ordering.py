"""The order of every listing (ARTICLE_ORDER_BY), in a module of its own.

Pelican pickles articles into its reader cache, and with them the settings they hold:
a function defined in a settings file is pickled under that file's module name
(`defaults`, `pelicanconf`), which differs with the settings file a build reads. Defined
here, its name is the same whichever file a build reads.
"""

from __future__ import annotations

from typing import Any


def newest_first(article: Any) -> tuple[float, str]:
    """Every listing's order: newest first, then by slug (never by the order of files)."""
    return (-article.date.timestamp(), article.slug)
