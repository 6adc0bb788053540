"""The build pipeline (plugins/__init__.py): the orders the stages depend on hold."""

from __future__ import annotations

from conftest import ROOT

from clippings.site.pipeline_order import describe, receivers

# Stages whose receivers read the articles' URLs when the articles generator is finalized.
STAGE_READERS = {"entities", "archive_nav", "linear_listings", "search"}


def _before(names: list[str], first: str, then: str) -> bool:
    return names.index(first) < names.index(then)


def test_the_orders_the_stages_rely_on() -> None:
    found = receivers()
    finalized = found["pelican_finalized"]
    # The writer's report goes into the account, which prints last.
    assert finalized[-1] == "build_account.finish"
    assert _before(finalized, "changed_only.report", "build_account.finish")
    # sitemap.xml is written before the writer removes what this build did not write.
    assert _before(finalized, "public_url.write_sitemap", "changed_only.remove_stale")
    # The search index process is waited for before stale files are removed.
    assert _before(finalized, "search.finish_indexes", "changed_only.remove_stale")
    # Article URLs are fixed before entities, navigation and search read them.
    articles = found["article_generator_finalized"]
    fixed = "fixed_urls.fix_generator_urls"
    assert all(_before(articles, fixed, n) for n in articles if n.split(".")[0] in STAGE_READERS)
    # Charts are made once entities and outlets have their pages; the rendering workers
    # (clippings.site.shares) fork from the finished context.
    assert found["all_generators_finalized"][-2:] == [
        "attention.attach_charts", "clippings.site.shares.remember_generators",
    ]  # fmt: skip
    # The workers' counts and fingerprints are merged before any stage reports.
    assert finalized[0] == "changed_only.join_workers"
    assert _before(articles, "entities.canonicalise_articles", "archive_nav.finalize")
    # The search documents are made once entities are canonical, and the index process
    # started before related articles are computed (it is what large builds wait for).
    assert _before(articles, "entities.canonicalise_articles", "search.start_early")
    assert _before(articles, "search.start_early", "archive_nav.finalize")
    # Outlet names are normalised before the taxonomies are built from them.
    assert found["article_generator_pretaxonomy"] == [
        "build_account.check_articles", "outlets.normalise",
    ]  # fmt: skip
    # libyaml's reader replaces pelican-yaml-metadata's for the same extensions.
    assert found["readers_init"][-1] == "fast_yaml.add_reader"


def test_registering_twice_changes_nothing() -> None:
    assert receivers() == receivers()


def test_the_description_names_every_stage_and_internal() -> None:
    text = describe()
    assert "19. changed_only" in text
    assert "pelican.writers:Writer._open_w  [changed_only]" in text


def test_docs_architecture_shows_the_pipeline_as_it_is() -> None:
    """docs/architecture.md holds `invoke pipeline`'s output: it cannot go stale."""
    architecture = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    assert describe() in architecture
