"""plugins/changed_only and the content cache: a rebuild rewrites only what changed.

Mirrors fetch files by modification time, so an unchanged rebuild must touch no file,
and a rebuild after an edit must give exactly the bytes a clean build gives.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from types import SimpleNamespace

from clippings.plugins.changed_only.fingerprints import listing_fingerprint, subject_fingerprint
from clippings.plugins.entities import Entity
from conftest import build_site


def _files(output: Path) -> dict[str, tuple[int, bytes]]:
    return {
        p.relative_to(output).as_posix(): (p.stat().st_mtime_ns, p.read_bytes())
        for p in output.rglob("*")
        if p.is_file()
    }


def test_rebuilds_touch_only_changed_files_and_match_a_clean_build(
    sample_content: Path, tmp_path: Path
) -> None:
    content = Path(shutil.copytree(sample_content, tmp_path / "content"))
    output = tmp_path / "output"
    assert build_site(content, output).returncode == 0
    first = _files(output)
    again = build_site(content, output)
    assert again.returncode == 0
    assert _files(output) == first  # not one file rewritten
    assert "output: 0 page(s) and feed(s) written" in again.stdout
    assert "of them not rendered again" in again.stdout
    # Edit one article's body: its page changes, most of the site does not.
    article = next(content.rglob("lots-of-mess-to-clear-up-in-russia-us-ties-lavrov.md"))
    text = article.read_text(encoding="utf-8")
    article.write_text(text.replace("irritants", "irritations"), encoding="utf-8")
    assert build_site(content, output).returncode == 0
    edited = _files(output)
    changed = {name for name in edited if edited[name] != first.get(name)}
    assert "2025/11/lots-of-mess-to-clear-up-in-russia-us-ties-lavrov/index.html" in changed
    assert len(changed) < len(first) / 4, sorted(changed)
    # The same bytes as a build from scratch (no stale cache, no leftover).
    _same_as_clean_build(content, output, tmp_path / "clean1")
    # A new newest article (new neighbours, listings, related) and a curation change
    # (entity names on many pages): still the bytes of a clean build.
    new = article.with_name("a-newer-article.md")
    new.write_text(
        text.replace("date: 2025-11-", "date: 2025-12-").replace(
            "slug: lots-of-mess", "slug: a-newer-article-lots-of-mess"
        ),
        encoding="utf-8",
    )
    (content / "entities.yaml").write_text("aliases:\n  Kyiv: [Kiev]\n", encoding="utf-8")
    assert build_site(content, output).returncode == 0
    _same_as_clean_build(content, output, tmp_path / "clean2")


def _same_as_clean_build(content: Path, output: Path, clean: Path) -> None:
    assert build_site(content, clean).returncode == 0
    built = {k: v[1] for k, v in _files(output).items()}
    assert {k: v[1] for k, v in _files(clean).items()} == built


def test_no_temporary_files_are_left(sample_site: Path) -> None:
    assert not [p for p in sample_site.rglob(".*.tmp")]


def test_numbered_listing_pages_keep_their_fingerprint_as_the_listing_grows() -> None:
    """A numbered page shows no totals (see the theme), so a new article elsewhere in the
    listing must not make it render again; the first page, which shows them, must."""

    def article(n: int) -> SimpleNamespace:
        return SimpleNamespace(
            url=f"a{n}/", title=f"A{n}", _content=f"<p>{n}</p>", metadata={}, date=f"2025-01-{n:02}"
        )

    def entity(count: int) -> SimpleNamespace:
        other = SimpleNamespace(name="Other", url="entity/other/")
        kyiv = SimpleNamespace(name="Kyiv", url="entity/kyiv/", type_label="Place", aliases=[],
                               feed_url="feeds/kyiv.atom.xml", related=[(other, count)],
                               outlets=[("RT", count)])  # fmt: skip
        # The page kind's own fingerprint method, on these fields.
        kyiv.listing_fingerprint = lambda: Entity.listing_fingerprint(kyiv)  # type: ignore[arg-type]
        return kyiv

    def fingerprints(count: int) -> tuple[str, str]:
        listing = [article(n) for n in range(count, 0, -1)]  # newest first
        subject = subject_fingerprint("entity", {"entity": entity(count)})
        first = SimpleNamespace(number=1, chunk=0, first=None, last=None, object_list=listing[:2])
        # Its number, counted from the newest, shifts as chunks fill up; it is not shown.
        second = SimpleNamespace(
            number=count - 3, chunk=1, first=1, last=2, object_list=listing[-2:]
        )
        return tuple(
            listing_fingerprint("site", "entity", subject,
                                {"articles_page": page, "articles": listing, "output_file": f"p{i}"})
            for i, page in enumerate((first, second))
        )  # type: ignore[return-value]  # fmt: skip

    before, after = fingerprints(5), fingerprints(6)
    assert before[0] != after[0]  # the first page: new newest article, new totals
    assert before[1] == after[1]  # the numbered page: the same two oldest articles
