"""fixed_urls: articles' and pages' addresses are computed once, not at every use.

Pelican computes `url` and `save_as` from the URL settings each time a template or a
plugin asks (formatting dates and slugs: a tenth of a large build's time). Once every
generator has read its content, nothing changes them any more, so they are stored
with Pelican's own `override_url` / `override_save_as` attributes.
"""

from __future__ import annotations

from typing import Any

from pelican import signals


def fix_urls(generators: list[Any]) -> None:
    """Store each article's and page's url and save_as (all content is read by now)."""
    for generator in generators:
        for name in ("articles", "translations", "hidden_articles", "pages", "hidden_pages"):
            for content in getattr(generator, name, None) or []:
                url, save_as = content.url, content.save_as
                content.override_url = url
                content.override_save_as = save_as


def register() -> None:
    signals.all_generators_finalized.connect(fix_urls)
