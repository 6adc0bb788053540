"""Tests for clippings.importer.store: paths, slugs, same-article detection, atomic writes."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from clippings.atomic import atomic_write
from clippings.errors import StoreError
from clippings.importer.model import Article
from clippings.importer.store import ImportReport, Outcome, Store, checksum_ok, make_slug


def _save(content: Path, article: Article) -> tuple[Outcome, Path]:
    """Store one article with a fresh Store, as one import run would."""
    store = Store(content)
    try:
        return store.save(article)
    finally:
        store.close()


def _article(title: str = "Lots of ‘mess’ – Lavrov", **kw: object) -> Article:
    fields: dict = {"date": date(2025, 11, 9), "outlet": "RT", "body_html": "<p>Text.</p>"}
    fields.update(kw)
    return Article(title=title, **fields)


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        (
            "Lots of ‘mess’ to clear up in Russia-US ties – Lavrov",
            "lots-of-mess-to-clear-up-in-russia-us-ties-lavrov",
        ),
        ("NATO to deploy 800,000 troops", "nato-to-deploy-800000-troops"),
        ("ΑΛΗΘΩΣ", "alethos"),
        ("../../etc/passwd", "etc-passwd"),
        ("…", "article"),
        ("word " * 40, "-".join(["word"] * 16)),
    ],
)
def test_make_slug(text: str, slug: str) -> None:
    assert make_slug(text) == slug


def test_path_is_year_month_slug(tmp_path: Path) -> None:
    outcome, path = _save(tmp_path, _article(date=date(2024, 2, 29)))
    assert outcome is Outcome.CREATED
    assert (
        path.relative_to(tmp_path.resolve()).as_posix() == "articles/2024/02/lots-of-mess-lavrov.md"
    )


def test_same_slug_different_article_gets_suffix(tmp_path: Path) -> None:
    store = Store(tmp_path)
    _, first = store.save(_article(outlet="RT"))
    _, second = store.save(_article(outlet="Sputnik"))  # the first is staged, not yet written
    store.commit()
    assert first.name == "lots-of-mess-lavrov.md"
    assert second.name == "lots-of-mess-lavrov-2.md"
    assert "slug: lots-of-mess-lavrov-2\n" in second.read_text(encoding="utf-8")


def test_rerun_is_unchanged_and_changes_are_updates(tmp_path: Path) -> None:
    _, path = _save(tmp_path, _article(comments=1, source="a.txt:1"))
    before = path.stat().st_mtime_ns
    outcome, again = _save(tmp_path, _article(comments=1, source="a.txt:1"))
    assert (outcome, again) == (Outcome.UNCHANGED, path)
    assert path.stat().st_mtime_ns == before
    outcome, _ = _save(tmp_path, _article(comments=3, source="a.txt:1"))
    assert outcome is Outcome.UPDATED
    assert "comments: 3\n" in path.read_text(encoding="utf-8")


def test_another_route_only_fills_missing_fields(tmp_path: Path) -> None:
    _, path = _save(tmp_path, _article(source="dump.txt:5", comments=2))
    wxr_copy = _article(
        source="https://blog.example/p/1",
        url="https://blog.example/p/1",
        comments=0,
        posted_by="aletho",
        body_html="<p>Different text.</p>",
    )
    outcome, same = _save(tmp_path, wxr_copy)
    assert (outcome, same) == (Outcome.MERGED, path)
    text = path.read_text(encoding="utf-8")
    assert "comments: 2\n" in text  # kept
    assert "posted_by: aletho\n" in text and "url: https://blog.example/p/1\n" in text
    assert "source: dump.txt:5\n" in text
    assert "Text." in text and "Different text." not in text
    outcome, _ = _save(tmp_path, wxr_copy)
    assert outcome is Outcome.DUPLICATE
    # Found again by URL even with another title.
    outcome, again = _save(tmp_path, _article(title="Renamed", url="http://blog.example/p/1/"))
    assert (outcome, again) == (Outcome.DUPLICATE, path)


def test_repeat_within_one_run_is_a_duplicate(tmp_path: Path) -> None:
    store = Store(tmp_path)
    _, path = store.save(_article(source="x.txt:1"))
    outcome, other = store.save(_article(title="LOTS of ‘mess’ –  Lavrov", source="x.txt:9"))
    assert (outcome, other) == (Outcome.DUPLICATE, path)
    report = ImportReport()
    report.record(outcome, other, _article(source="x.txt:9"), "x.txt", store.last_match)
    assert report.duplicates == [
        f"x.txt:9 'Lots of ‘mess’ – Lavrov': duplicate of {path} (same title+date+outlet "
        "as x.txt:1 'Lots of ‘mess’ – Lavrov'), nothing new in it"
    ]
    assert report.inputs["x.txt"].merged == 1


def test_hand_edited_file_is_never_overwritten(tmp_path: Path) -> None:
    _, path = _save(tmp_path, _article(source="a.txt:1"))
    assert checksum_ok(path.read_text(encoding="utf-8")) is True
    edited = path.read_text(encoding="utf-8").replace("Text.", "Text, corrected by hand.")
    path.write_text(edited, encoding="utf-8")
    assert checksum_ok(edited) is False
    outcome, same = _save(tmp_path, _article(source="a.txt:1", comments=5))
    assert (outcome, same) == (Outcome.EDITED, path)
    assert path.read_text(encoding="utf-8") == edited


def test_foreign_file_with_same_name_is_never_overwritten(tmp_path: Path) -> None:
    folder = tmp_path / "articles" / "2025" / "11"
    folder.mkdir(parents=True)
    (folder / "lots-of-mess-lavrov.md").write_text("notes by hand\n", encoding="utf-8")
    _, path = _save(tmp_path, _article())
    assert path.name == "lots-of-mess-lavrov-2.md"
    assert (folder / "lots-of-mess-lavrov.md").read_text(encoding="utf-8") == "notes by hand\n"


def test_hostile_slug_stays_inside_content(tmp_path: Path) -> None:
    _, path = _save(tmp_path / "content", _article(slug="../../../../tmp/evil"))
    assert path.resolve().is_relative_to((tmp_path / "content" / "articles").resolve())
    assert path.name == "tmp-evil.md"


def test_atomic_write_leaves_no_temp_files(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b.md"
    atomic_write(target, "one\n")
    atomic_write(target, "two\n")
    assert target.read_text(encoding="utf-8") == "two\n"
    assert sorted(p.name for p in target.parent.iterdir()) == ["b.md"]


def test_write_error_is_a_clear_error(tmp_path: Path) -> None:
    # A file where the year folder should be: mkdir fails whoever runs the test.
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "2025").write_text("in the way", encoding="utf-8")
    with pytest.raises(StoreError, match=r"2025.*: cannot (read|write).*Not a directory$"):
        _save(tmp_path, _article())


def test_two_different_items_of_one_input_never_share_a_file(tmp_path: Path) -> None:
    """Issue 16 (2): items sharing a guid in one export are two articles; a rerun
    finds each in its own file again."""

    def run() -> list[tuple[Outcome, Path]]:
        store = Store(tmp_path)
        saved = [
            store.save(_article("Image", guid="urn:same", source="x.xml:1"), origin="x.xml"),
            store.save(_article("Video", guid="urn:same", source="x.xml:9"), origin="x.xml"),
            store.save(
                _article("Image", guid="urn:same", source="x.xml:20", body_html="<p>Other</p>"),
                origin="x.xml",
            ),
            store.save(_article("Image", guid="urn:same", source="x.xml:1"), origin="x.xml"),
        ]
        store.close()
        return saved

    first = run()
    assert [o for o, _ in first[:3]] == [Outcome.CREATED] * 3
    assert len({p for _, p in first[:3]}) == 3
    assert first[3] == (Outcome.DUPLICATE, first[0][1])  # repeated exactly: one article
    second = run()
    assert [p for _, p in second] == [p for _, p in first]
    assert [o for o, _ in second] == [Outcome.UNCHANGED] * 3 + [Outcome.DUPLICATE]


def test_merge_names_the_rule_and_the_stored_item(tmp_path: Path) -> None:
    _save(tmp_path, _article(source="dump.txt:5"))
    store = Store(tmp_path)
    outcome, _ = store.save(_article(source="https://blog.example/p/1", posted_by="x"))
    store.close()
    assert outcome is Outcome.MERGED
    assert store.last_match == ("title+date+outlet", "dump.txt:5 'Lots of ‘mess’ – Lavrov'")


@pytest.mark.parametrize("name", ["con", "AUX", "nul", "com1", "LPT9"])
def test_windows_reserved_names_are_not_slugs(name: str) -> None:
    assert make_slug(name) == f"{name.lower()}-article"


def test_nfc_and_nfd_titles_are_one_article(tmp_path: Path) -> None:
    """Issue 16 (5): one title in two Unicode spellings, from two inputs: one file."""
    import unicodedata

    store = Store(tmp_path)
    nfc = unicodedata.normalize("NFC", "Café in Zürich")
    nfd = unicodedata.normalize("NFD", "Café in Zürich")
    first = store.save(_article(nfc, source="a.txt:1"), origin="a.txt")
    second = store.save(_article(nfd, source="b.txt:1"), origin="b.txt")
    store.close()
    assert first[0] is Outcome.CREATED and second == (Outcome.DUPLICATE, first[1])
    assert store.last_match == ("title+date+outlet", f"a.txt:1 {nfc!r}")
