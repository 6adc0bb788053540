"""The archive's build pipeline: one Pelican plugin that wires every stage, in order.

Pelican calls each receiver of a signal in the order it was connected, so the order of
`STAGES` is the order in which the stages run at every signal (reading, then the
article list's final form, then entities, listings, search, outlets, and the writer).
`python3 -m invoke pipeline` prints, per signal, the receivers in the order they run;
docs/architecture.md draws the stages. Before any stage registers, `compat.check()`
makes sure the installed Pelican is one the stages were written against.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from pelican import signals

from clippings.site import compat

# Each stage is a module with `register()`. Upstream plugins are named in full.
STAGES: tuple[str, ...] = (
    "pelican.plugins.yaml_metadata",  # reads the YAML front-matter …
    "fast_yaml",  # … with libyaml (same reader, C loader)
    "progress",  # a line on stderr every tenth of the articles read and 5,000 pages written
    "reader_cache",  # Pelican's reader cache: atomic, read ahead on every core, gzip or not
    "fast_dates",  # Pelican's strftime with each format parsed once
    "build_account",  # what became of every content file (printed when the build ends)
    "public_url",  # sitemap.xml (articles, hubs) and absolute self-URLs, only with a public address
    "safe_slugs",  # slugs and paths inside content/ and output/
    "plain_summary",  # a front-matter summary is plain text in feeds too
    "fixed_urls",  # URLs computed once per article
    "linear_listings",  # tag/category/author/period listings in linear time
    "stable_pagination",  # listing page k keeps its articles as the archive grows
    "entities",  # people, organisations, places: canonical names and their pages
    "search",  # the prebuilt Lunr index (in a worker process, started once entities are)
    "archive_nav",  # newer/older and related articles
    "listing_items",  # one rendering of an article's listing entry, shared by listings
    "outlets",  # outlet pages and feeds
    "attention",  # an articles-per-month chart for each tag, outlet and entity (after both)
    "changed_only",  # writes only what changed (atomically); removes stale pages
)


def stage(name: str) -> ModuleType:
    """The module of stage `name`."""
    full = name if name.startswith("pelican.") else f"{__name__}.{name}"
    return importlib.import_module(full)


def register() -> None:
    """Check Pelican, then register every stage in the order of `STAGES`."""
    compat.check()
    # First at the end of a build: the rendering workers' results (clippings.site.shares)
    # are merged before any stage reports on the output.
    signals.finalized.connect(stage("changed_only").join_workers)
    for name in STAGES:
        stage(name).register()
    # Last at the end of a build: the account prints every other stage's report
    # (changed_only's output line included).
    signals.finalized.connect(stage("build_account").finish)
