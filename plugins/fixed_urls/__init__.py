"""fixed_urls: articles' and pages' addresses are computed once, not at every use.

Pelican computes `url` and `save_as` from the URL settings each time a template or a
plugin asks (formatting dates and slugs: a tenth of a large build's time). Once a
generator has read its content and its plugins have set the metadata addresses are
made of, nothing changes them any more, so they are stored with Pelican's own
`override_url` / `override_save_as` attributes: the articles' when the articles
generator is finalized (before the entity, navigation and search plugins ask for
them; this stage comes before those in the pipeline, plugins/__init__.py), the rest
when all generators are.
"""

from __future__ import annotations

from typing import Any

from pelican import signals

CONTENT_LISTS = ("articles", "translations", "hidden_articles", "pages", "hidden_pages")


def fix_generator_urls(generator: Any) -> None:
    """Store the url and save_as of each article or page of one generator."""
    for name in CONTENT_LISTS:
        for content in getattr(generator, name, None) or []:
            if "override_url" in content.__dict__:
                continue
            url, save_as = content.url, content.save_as
            content.override_url = url
            content.override_save_as = save_as


def fix_urls(generators: list[Any]) -> None:
    """Store each article's and page's url and save_as (all content is read by now)."""
    for generator in generators:
        fix_generator_urls(generator)


def register() -> None:
    signals.article_generator_finalized.connect(fix_generator_urls)
    signals.all_generators_finalized.connect(fix_urls)
