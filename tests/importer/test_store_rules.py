"""The store's promises that a bug once broke unseen (issue #21): files the importer did
not write are never overwritten, and a long title's slug is a prefix of the title."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from slugify import slugify

from clippings.importer.model import Article
from clippings.importer.store import (
    ImportReport,
    Outcome,
    Store,
    checksum_ok,
    make_slug,
)

MAX_SLUG_LENGTH = 80  # written out, so that a changed limit in store.py is noticed
HAND_WRITTEN = """---
title: Lots of mess to clear up – Lavrov
date: 2025-11-09
outlet: RT
source: dump.txt:1
---

A hand-written body.
"""


def _article(**kw: object) -> Article:
    fields: dict = {
        "title": "Lots of mess to clear up – Lavrov",
        "date": date(2025, 11, 9),
        "outlet": "RT",
        "source": "dump.txt:1",
        "body_html": "<p>The imported body.</p>",
        "comments": 3,
    }
    fields.update(kw)
    return Article(**fields)


def test_a_file_without_checksum_found_by_the_same_source_is_left_alone(tmp_path: Path) -> None:
    """Without a `checksum` line the file was never the importer's: not even the route
    that would replace its own file's values may touch it (`is not True`, not `is False`)."""
    folder = tmp_path / "articles" / "2025" / "11"
    folder.mkdir(parents=True)
    path = folder / "lots-of-mess-to-clear-up-lavrov.md"
    path.write_text(HAND_WRITTEN, encoding="utf-8")
    assert checksum_ok(HAND_WRITTEN) is None

    store = Store(tmp_path)
    outcome, found = store.save(_article())
    store.close()
    assert (outcome, found) == (Outcome.EDITED, path.resolve())
    assert path.read_text(encoding="utf-8") == HAND_WRITTEN
    report = ImportReport()
    report.record(outcome, found, _article())
    assert report.edited == [found] and report.updated == []
    assert "1 edited by hand (left alone)" in report.summary()


def test_a_file_with_a_checksum_is_updated_by_its_own_source(tmp_path: Path) -> None:
    """The counterpart: the importer's own, unedited file is updated by the same source."""
    store = Store(tmp_path)
    _, path = store.save(_article())
    store.close()
    store = Store(tmp_path)
    outcome, same = store.save(_article(comments=7))
    store.close()
    assert (outcome, same) == (Outcome.UPDATED, path)
    assert "comments: 7\n" in path.read_text(encoding="utf-8")


LONG_TITLE = (
    "Iran and Russia deepen their ties in energy, transport and banking "
    "as Moscow, Tehran sign the agreement today"
)


def test_a_long_title_is_cut_after_its_last_whole_word_that_fits() -> None:
    # python-slugify's own word_boundary skips "tehran", which does not fit, and adds
    # "sign", which does ("…-as-moscow-sign"): a slug saying what the title does not.
    assert make_slug(LONG_TITLE) == (
        "iran-and-russia-deepen-their-ties-in-energy-transport-and-banking-as-moscow"
    )


def test_a_single_word_longer_than_the_limit_is_cut() -> None:
    assert make_slug("x" * 100) == "x" * MAX_SLUG_LENGTH
    assert make_slug("Supercalifragilistic" * 5 + " and more") == ("supercalifragilistic" * 4)


words = st.text(st.characters(whitelist_categories=("Ll", "Lu", "Nd")), min_size=1, max_size=24)


@given(st.lists(words, min_size=1, max_size=30))
def test_a_slug_is_the_longest_whole_word_prefix_that_fits(title_words: list[str]) -> None:
    full = slugify(" ".join(title_words))
    slug = make_slug(" ".join(title_words))
    if not full:
        assert slug == "article"
        return
    assert len(slug) <= MAX_SLUG_LENGTH
    assert full.startswith(slug)
    if len(full) <= MAX_SLUG_LENGTH:
        assert slug == full
    elif "-" in full[: MAX_SLUG_LENGTH + 1]:
        # Cut at a word boundary, and no later boundary would have fitted.
        assert full[len(slug)] == "-"
        assert "-" not in full[len(slug) + 1 : MAX_SLUG_LENGTH + 1]
    else:
        assert slug == full[:MAX_SLUG_LENGTH]
