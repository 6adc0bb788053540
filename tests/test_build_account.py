"""The account `invoke build` prints on stdout: every content file found, and what became
of it (published, draft, hidden, skipped with its reason, duplicate), then the pages and
feeds written. Real builds of small content folders."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from conftest import build_site

from clippings.site.settingscheck import display


def _article(content: Path, rel: str, front: str, body: str = "Some text.\n") -> Path:
    path = content / "articles" / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\n{front}---\n{body}", encoding="utf-8")
    return path


def _pages_and_feeds(output: Path) -> dict[str, bytes]:
    """The files changed_only writes: every page and feed (not the theme, the search
    index, the sitemap or the JSON lists, written by other means)."""
    return {
        p.relative_to(output).as_posix(): p.read_bytes()
        for p in output.rglob("*")
        if p.is_file()
        and p.suffix != ".json"
        and p.relative_to(output).parts[0] not in ("theme", "search", "sitemap.xml")
    }


NO_ADDRESS = (
    "no public address (CLIPPINGS_SITEURL unset): pages and feeds link relatively; "
    "no sitemap.xml, canonical or og:url links written"
)


def _account(stdout: str) -> list[str]:
    """The account's lines but the one saying the build has no public address (these
    builds have none: plugins/public_url says so once, before the output line)."""
    lines = stdout.splitlines()
    assert lines.count(NO_ADDRESS) == 1, lines
    assert lines.index(NO_ADDRESS) == len(lines) - 2
    return [line for line in lines if line != NO_ADDRESS]


def test_the_sample_build_accounts_for_all_21_articles(
    sample_content: Path, tmp_path: Path
) -> None:
    content = Path(shutil.copytree(sample_content, tmp_path / "content"))
    output = tmp_path / "output"
    first = build_site(content, output)
    assert first.returncode == 0, first.stderr
    files = _pages_and_feeds(output)
    assert len(files) > 500
    where = display(content / "articles")
    assert _account(first.stdout) == [
        f"21 article(s) found in {where}: 21 published, 0 draft(s), 0 hidden, 0 skipped, "
        "0 duplicate(s)",
        f"output: {len(files)} page(s) and feed(s) written, 0 unchanged (0 of them not "
        "rendered again), 0 stale removed",
    ]
    assert "Done: Processed 21 articles" in first.stderr  # Pelican's own line: stderr
    assert len(list(output.glob("2025/*/*/index.html"))) == 21  # a page per article
    # Rebuild after removing one article: 20 published; the counts of written, unchanged
    # and stale files are those of the files that changed, stayed and went.
    gone = next(content.rglob("lots-of-mess-to-clear-up-in-russia-us-ties-lavrov.md"))
    gone.unlink()
    again = build_site(content, output)
    assert again.returncode == 0, again.stderr
    head, out = _account(again.stdout)
    assert head == (
        f"20 article(s) found in {where}: 20 published, 0 draft(s), 0 hidden, 0 skipped, "
        "0 duplicate(s)"
    )
    after = _pages_and_feeds(output)
    changed = sum(1 for name, data in after.items() if files.get(name) != data)
    same = sum(1 for name, data in after.items() if files.get(name) == data)
    removed = len(set(files) - set(after))
    assert "2025/11/lots-of-mess-to-clear-up-in-russia-us-ties-lavrov/index.html" not in after
    assert removed >= 1 and changed >= 1
    assert re.fullmatch(
        rf"output: {changed} page\(s\) and feed\(s\) written, {same} unchanged "
        rf"\(\d+ of them not rendered again\), {removed} stale removed",
        out,
    ), out


def test_every_file_is_accounted_for_with_its_reason(tmp_path: Path) -> None:
    content = tmp_path / "content"
    a = _article(content, "2025/11/alpha.md", "title: Alpha\ndate: 2025-11-01\noutlet: RT\n")
    _article(content, "2025/11/beta.md", "title: Beta\ndate: 2025-11-02\ntags: [Gaza]\n")
    # The importer's same title in two months: one slug, two pages, both built.
    _article(content, "2025/10/weekly.md", "title: Weekly\ndate: 2025-10-03\nslug: weekly\n")
    _article(content, "2025/11/weekly.md", "title: Weekly\ndate: 2025-11-03\nslug: weekly\n")
    # Two files for one page: the first in path order is built.
    copy = _article(content, "2025/11/zz-alpha-copy.md", "title: Alpha\ndate: 2025-11-01\n"
                    "slug: alpha\n")  # fmt: skip
    draft = _article(content, "2025/11/draft.md", "title: D\ndate: 2025-11-04\nstatus: draft\n")
    hidden = _article(content, "2025/11/hid.md", "title: H\ndate: 2025-11-05\nstatus: hidden\n")
    skip = _article(content, "2025/11/skip.md", "title: S\ndate: 2025-11-06\nstatus: skip\n")
    bad_yaml = _article(content, "2025/11/bad-yaml.md", "title: a: b\ndate: 2025-11-01\n")
    no_title = _article(content, "2025/11/no-title.md", "date: 2025-11-07\n")
    bad_date = _article(content, "2025/11/bad-date.md", "title: B\ndate: someday\n")
    status = _article(content, "2025/11/odd.md", "title: O\ndate: 2025-11-08\nstatus: odd\n")
    latin1 = content / "articles/2025/11/latin1.md"
    latin1.write_bytes(b"---\ntitle: L\ndate: 2025-11-09\n---\ncaf\xe9\n")
    output = tmp_path / "output"
    result = build_site(content, output)
    n = display
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stderr.splitlines()[-1] == (
        "build: error: 6 content file(s) not built: 5 skipped, 1 duplicate(s) "
        "(named in the account on stdout)"
    )
    lines = _account(result.stdout)
    assert lines[0] == (
        f"13 article(s) found in {n(content / 'articles')}: 4 published, 1 draft(s), 1 hidden, "
        "5 skipped, 1 duplicate(s), 1 with status skip"
    )
    # fast_yaml names the line of the YAML error in the file: `title: a: b` is line 2.
    assert re.fullmatch(
        rf"skipped: {re.escape(n(bad_yaml))}:2: invalid YAML front-matter: mapping values "
        "are not allowed in this context",
        lines[2],
    ), lines[2]
    assert lines[1:2] + lines[3:-1] == [
        f"skipped: {n(bad_date)}: could not be read: ValueError: 'someday' is not a valid date",
        f"skipped: {n(latin1)}:5: not UTF-8 text (byte 0xe9)",
        f"skipped: {n(no_title)}: no title in its metadata",
        f"skipped: {n(status)}: unknown status 'odd' (not one of draft, hidden, published, skip)",
        f"duplicate: {n(copy)}: not built: {n(a)} has the same page (2025/11/alpha/index.html)",
        f"same slug: {n(content / 'articles/2025/10/weekly.md')} and "
        f"{n(content / 'articles/2025/11/weekly.md')} share the slug 'weekly' "
        "(distinct pages, all built)",
        f"not built: {n(skip)}: status: skip",
        f"draft: {n(draft)}",
        f"hidden: {n(hidden)}",
    ]
    assert lines[-1].startswith("output: ") and lines[-1].endswith(" stale removed")
    # What the account says is what the site holds.
    pages = sorted(
        p.parent.relative_to(output).as_posix() for p in output.glob("2025/*/*/index.html")
    )
    assert pages == ["2025/10/weekly", "2025/11/alpha", "2025/11/beta", "2025/11/h",
                     "2025/11/weekly"]  # fmt: skip
    alpha = (output / "2025/11/alpha/index.html").read_text(encoding="utf-8")
    assert "outlet/rt/index.html" in alpha  # built from alpha.md (the copy names no outlet)
    # A draft is what the source did not publish: counted, never written (DRAFT_SAVE_AS).
    assert not (output / "drafts").exists()
    assert not any("d.html" in p.name for p in output.rglob("*.html"))
    home = (output / "index.html").read_text(encoding="utf-8")
    assert "2025/11/alpha/index.html" in home and "2025/11/beta/index.html" in home
    assert "2025/11/h/index.html" not in home  # hidden: built, not listed


def test_a_build_with_nothing_lost_succeeds_and_lists_drafts(tmp_path: Path) -> None:
    content = tmp_path / "content"
    _article(content, "2025/11/one.md", "title: One\ndate: 2025-11-01\n")
    draft = _article(content, "2025/11/two.md", "title: Two\ndate: 2025-11-02\nstatus: draft\n")
    result = build_site(content, tmp_path / "output")
    assert result.returncode == 0, result.stderr
    lines = _account(result.stdout)
    assert lines[:2] == [
        f"2 article(s) found in {display(content / 'articles')}: 1 published, 1 draft(s), "
        "0 hidden, 0 skipped, 0 duplicate(s)",
        f"draft: {display(draft)}",
    ]
    assert lines[2].startswith("output: ") and len(lines) == 3
