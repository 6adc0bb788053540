"""The store's promises that a bug once broke unseen (issue #21): files the importer did
not write are never overwritten, and a long title's slug is a prefix of the title."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from slugify import slugify

from clippings.errors import StoreError
from clippings.importer.model import Article, Note, Skipped
from clippings.importer.store import (
    WINDOWS_RESERVED,
    ImportReport,
    Outcome,
    Store,
    checksum_ok,
    make_slug,
    render,
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
    assert f"{found} was edited by hand (or is damaged): not updated" in report.summary()


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
    base = slug.removesuffix("-article")
    if base in WINDOWS_RESERVED:  # `nul` is no file name on Windows: `nul-article`
        slug = base
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


# --- the checksum ---------------------------------------------------------------


def _rendered(**kw: object) -> str:
    return render(_article(**kw))


def test_the_checksum_line_sits_where_sorted_keys_put_it() -> None:
    text = _rendered(tags=["x"], url="https://e.example/a", guid="g1")
    front = text.split("\n---\n", 1)[0].removeprefix("---\n")
    keys = [line.split(":")[0] for line in front.splitlines() if not line.startswith("- ")]
    assert "checksum" in keys and keys == sorted(keys)
    assert checksum_ok(text) is True


@pytest.mark.parametrize("n", range(8))
def test_every_hand_edit_is_seen(n: int) -> None:
    # Eight different edits: a comparison other than equality (digest <= stored) would
    # let about half of them through as unedited.
    text = _rendered()
    edited = text.replace("The imported body.", f"The imported body, corrected ({n}).")
    assert checksum_ok(edited) is False


def test_a_body_line_that_looks_like_a_checksum_is_body() -> None:
    body = "<p>checksum: 0123456789abcdef</p>"
    text = _rendered(body_html=body)
    assert "\nchecksum: 0123456789abcdef\n" in text.split("\n---\n", 1)[1]
    assert checksum_ok(text) is True
    # A hand-written file with no checksum in its front-matter is not ours, whatever
    # its body says.
    foreign = HAND_WRITTEN + "\nchecksum: 0123456789abcdef\n"
    assert checksum_ok(foreign) is None


def test_a_short_first_word_is_a_slug_of_its_own() -> None:
    assert make_slug("A " + "b" * 100) == "a"
    assert make_slug("Ab " + "c" * 100) == "ab"


# --- the report -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("outcome", "field"),
    [
        (Outcome.CREATED, "created"),
        (Outcome.UPDATED, "updated"),
        (Outcome.UNCHANGED, "unchanged"),
        (Outcome.EDITED, "edited"),
    ],
)
def test_each_outcome_is_recorded_in_its_own_list(outcome: Outcome, field: str) -> None:
    report = ImportReport()
    path = Path("content/articles/2025/11/a.md")
    report.record(outcome, path, _article())
    lists = ("created", "updated", "unchanged", "edited", "merged", "duplicates")
    assert {name: getattr(report, name) for name in lists} == {
        name: [path] if name == field else [] for name in lists
    }


def test_the_summary_counts_every_kind() -> None:
    assert ImportReport().summary() == (
        "0 item(s) in 0 input(s): 0 created, 0 updated, 0 unchanged, 0 merged, 0 skipped"
    )
    report = ImportReport(found=7)
    a = Path("a.md")
    title = "'Lots of mess to clear up – Lavrov'"
    report.record(Outcome.CREATED, a, _article(), origin="dump.txt")
    report.record(Outcome.MERGED, a, _article(source="b.txt:1"), origin="b.txt")
    report.record(Outcome.MERGED, a, _article(source="c.txt:1"), origin="b.txt")
    report.record(Outcome.DUPLICATE, a, _article(source="d.txt:1"), origin="b.txt")
    report.record(Outcome.EDITED, a, _article(), origin="dump.txt")
    report.unreadable.append("e.txt: cannot read")
    # Each input's items add up: dump.txt 1 created + 1 left alone, b.txt 3 merged.
    assert report.summary().splitlines() == [
        "5 item(s) in 2 input(s): 1 created, 0 updated, 0 unchanged, 3 merged, 1 skipped, "
        "1 input(s) unreadable",
        "input: dump.txt: 2 item(s): 1 created, 0 updated, 0 unchanged, 0 merged, 1 skipped",
        "input: b.txt: 3 item(s): 0 created, 0 updated, 0 unchanged, 3 merged, 0 skipped",
        f"merged: b.txt:1 {title}: merged into a.md",
        f"merged: c.txt:1 {title}: merged into a.md",
        f"merged: d.txt:1 {title}: duplicate of a.md, nothing new in it",
        f"skipped: dump.txt:1 {title}: a.md was edited by hand (or is damaged): not updated",
        "unreadable: e.txt: cannot read",
    ]


def test_notes_and_skips_go_to_their_own_lists() -> None:
    report = ImportReport()
    report.skip(Note("a.xml", 3, "feed repaired: bad byte"))
    report.skip(Skipped("a.xml", 9, "entry 2: no date, not imported"))
    assert report.notes == ["a.xml:3: feed repaired: bad byte"]
    assert report.skipped == ["a.xml:9: entry 2: no date, not imported"]


def test_a_slug_of_exactly_80_characters_is_kept_whole() -> None:
    title = "abcd " * 15 + "efghi"
    assert len(make_slug(title)) == MAX_SLUG_LENGTH
    assert make_slug(title) == slugify(title)


def test_the_checksum_line_goes_before_keys_that_sort_after_it_only() -> None:
    text = _rendered(author="Kit Klarenberg", tags=["x"])
    front = text.split("\n---\n", 1)[0].removeprefix("---\n")
    keys = [line.split(":")[0] for line in front.splitlines() if not line.startswith("- ")]
    assert keys[:3] == ["author", "checksum", "comments"]


def test_a_stored_file_gone_since_the_last_run_is_written_again(tmp_path: Path) -> None:
    store = Store(tmp_path)
    _, path = store.save(_article())
    store.close()
    path.unlink()
    store = Store(tmp_path)
    outcome, again = store.save(_article())
    store.close()
    assert (outcome, again) == (Outcome.CREATED, path)
    assert checksum_ok(path.read_text(encoding="utf-8")) is True


def test_a_commit_that_cannot_write_names_the_file(tmp_path: Path) -> None:
    store = Store(tmp_path)
    _, path = store.save(_article())
    path.mkdir(parents=True)  # a folder where the staged file goes: the rename fails
    with pytest.raises(StoreError, match=r"/2025/11/[^:]*: cannot write: Is a directory$"):
        store.commit()
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temporary file left


def _save_once(content: Path, article: Article) -> tuple[Outcome, Path]:
    store = Store(content)
    try:
        return store.save(article)
    finally:
        store.close()


def test_another_route_is_another_route_whatever_its_name_sorts_as(tmp_path: Path) -> None:
    # "b.txt" then "a.txt": a comparison other than equality would take "a" for "b".
    _, path = _save_once(tmp_path, _article(source="b.txt:1", comments=2))
    outcome, same = _save_once(tmp_path, _article(source="a.txt:1", comments=9))
    assert (outcome, same) == (Outcome.DUPLICATE, path)
    assert "comments: 2\n" in path.read_text(encoding="utf-8")


def test_the_same_route_replaces_the_body(tmp_path: Path) -> None:
    _, path = _save_once(tmp_path, _article())
    outcome, _ = _save_once(tmp_path, _article(body_html="<p>The corrected body.</p>"))
    assert outcome is Outcome.UPDATED
    text = path.read_text(encoding="utf-8")
    assert "The corrected body." in text and "The imported body." not in text


def test_another_route_fills_an_empty_body(tmp_path: Path) -> None:
    _, path = _save_once(tmp_path, _article(body_html=""))
    outcome, _ = _save_once(tmp_path, _article(source="feed.xml:3", body_html="<p>Found.</p>"))
    assert outcome is Outcome.MERGED
    assert path.read_text(encoding="utf-8").endswith("\nFound.\n")


def test_a_reimport_keeps_the_stored_date_and_folder(tmp_path: Path) -> None:
    # The file's date is its URL's (YYYY/MM) and its place: a later copy does not move it.
    url = "https://blog.example/2025/11/09/lots-of-mess/"  # found by its URL
    _, path = _save_once(tmp_path, _article(url=url))
    outcome, same = _save_once(tmp_path, _article(url=url, date=date(2025, 12, 1), comments=5))
    assert (outcome, same) == (Outcome.UPDATED, path)
    text = path.read_text(encoding="utf-8")
    assert "date: 2025-11-09\n" in text and "comments: 5\n" in text
