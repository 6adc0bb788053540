"""attention: an articles-per-month chart for every tag, outlet and entity page.

Once every generator has built its context (`all_generators_finalized`), one pass over
the published articles counts each tag's, outlet's and entity's articles per month; each
subject then gets `chart` (a `clippings.site.charts.Chart` over the whole archive's span of
months), which the theme's `attention` macro shows with its text alternative. The same
step links "Outlets that mention X" on entity pages to the outlets' pages.

Cost: one pass over the articles and their tags and entities, then one small SVG per
subject (bars only for months with articles).
"""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from pelican import signals

from clippings.site.charts import count_by_month, make_chart, month_span

log = logging.getLogger(__name__)


def _keys(article: Any) -> list[str]:
    keys = [f"tag:{tag.slug}" for tag in getattr(article, "tags", None) or []]
    outlet = getattr(article, "outlet", None)
    if outlet is not None and getattr(outlet, "slug", None):
        keys.append(f"outlet:{outlet.slug}")
    entities = getattr(article, "entities", None)
    if isinstance(entities, dict):
        for found in entities.values():
            keys += [f"entity:{e.slug}" for e in found if getattr(e, "slug", None)]
    return keys


def attach_charts(generators: list[Any]) -> None:
    """Give every tag, outlet and entity its chart (context shared by all generators)."""
    context = next((g.context for g in generators if hasattr(g, "context")), None)
    articles = next((g.articles for g in generators if hasattr(g, "articles")), None)
    if context is None or not articles:
        return
    counts, first, last = count_by_month(((a.date.year, a.date.month), _keys(a)) for a in articles)
    if first is None or last is None:
        return
    span = month_span(first, last)
    pattern = str(context.get("MONTH_ARCHIVE_URL") or "")

    def month_url(month: tuple[int, int]) -> str:
        return pattern.format(date=date(month[0], month[1], 1)) if pattern else ""

    def chart(key: str, name: str) -> Any:
        found = counts.get(key)
        return make_chart(found, span, name, month_url) if found else None

    for tag, _ in context.get("tags") or []:
        tag.chart = chart(f"tag:{tag.slug}", tag.name)
    by_name = {}
    for outlet in context.get("outlets") or []:
        outlet.chart = chart(f"outlet:{outlet.slug}", outlet.name)
        by_name[str(outlet)] = outlet
    for entity in (context.get("entity_pages") or {}).values():
        entity.chart = chart(f"entity:{entity.slug}", entity.name)
        # "Outlets that mention X": the outlet itself, so the page can link to it.
        entity.outlets = [(by_name.get(str(o), o), n) for o, n in entity.outlets]
    log.debug("attention: charts over %d months for %d subjects", len(span), len(counts))


def register() -> None:
    signals.all_generators_finalized.connect(attach_charts)
