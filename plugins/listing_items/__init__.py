"""A Jinja global that renders each article's listing entry once per build.

An article is listed on many pages: the home pages, its month and year, each of its
tags, its outlet and every entity it names, a dozen listings on average. The entry's
HTML is the same on all of them except for the relative prefix to the site root
(`SITEURL` under RELATIVE_URLS), so `listing_item(macro, article)` renders it once per
(article, SITEURL) and reuses the string. Templates call it where they would call the
macro: `{{ listing_item(article_item, article) }}`.
"""

from __future__ import annotations

from typing import Any

from jinja2 import pass_context
from jinja2.runtime import Context
from pelican import signals

_rendered: dict[tuple[str, str], Any] = {}


@pass_context
def listing_item(context: Context, macro: Any, article: Any) -> Any:
    """`macro(article)`, rendered once per article and relative site root."""
    key = (str(article.source_path), str(context.get("SITEURL", "")))
    html = _rendered.get(key)
    if html is None:
        html = _rendered[key] = macro(article)
    return html


def install(generator: Any) -> None:
    generator.env.globals["listing_item"] = listing_item


def forget(*_: Any) -> None:
    """A new build (or the end of one): entries from another build must not be reused."""
    _rendered.clear()


def register() -> None:
    signals.initialized.connect(forget)
    signals.generator_init.connect(install)
    signals.finalized.connect(forget)
