"""What the source did not publish is never published (docs/security.md).

On the WordPress theme unit test export (a draft, a scheduled post and a
password-protected post among 49 published ones): by default each is left out and named
in the import's account with its reason; with `--include-unpublished` each is stored with
`status: draft`, and a real build writes none of their text anywhere in `output/` (no
page, listing, feed, sitemap entry, search index or entity page).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import build_site, run_clippings

from clippings.markdown import read_markdown

EXPORT = Path(__file__).parent / "fixtures" / "wxr" / "themeunittestdata.wordpress.xml"
# (title in the export, why the blog kept it from the public, a phrase of its body)
PRIVATE = [
    ("Template: Password Protected (the password is \u201center\u201d)", "password-protected",
     "should not be visible until the password is entered"),
    ("Draft", "draft", None),
    ("Scheduled", "future", None),
]  # fmt: skip


def test_unpublished_posts_are_named_and_left_out(tmp_path: Path) -> None:
    result = run_clippings("import", str(EXPORT), "--content", str(tmp_path / "content"))
    assert result.returncode == 0, result.stderr
    for _title, reason, _ in PRIVATE:
        line = next((line for line in result.stdout.splitlines() if f"{reason} post not" in line), "")
        assert line.startswith("skipped: themeunittestdata.wordpress.xml:"), (reason, result.stdout)
        assert "(use --include-unpublished)" in line
    stored = "\n".join(p.read_text(encoding="utf-8") for p in (tmp_path / "content").rglob("*.md"))
    assert "should not be visible until the password is entered" not in stored
    assert "status: draft" not in stored


@pytest.fixture(scope="module")
def included(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    root = tmp_path_factory.mktemp("private")
    content, output = root / "content", root / "output"
    result = run_clippings("import", str(EXPORT), "--content", str(content), "--include-unpublished")
    assert result.returncode == 0, result.stderr
    built = build_site(content, output)
    assert built.returncode == 0, built.stdout + built.stderr
    return content, output, built.stdout


def test_included_unpublished_posts_are_stored_as_drafts(included: tuple[Path, Path, str]) -> None:
    content, _, account = included
    drafts = {}
    for path in content.rglob("*.md"):
        meta, body = read_markdown(path.read_text(encoding="utf-8"))
        if meta.get("status") == "draft":
            drafts[path] = (meta, body)
    assert len(drafts) == 3, sorted(drafts)
    assert any("should not be visible until the password" in body for _, body in drafts.values())
    for path in drafts:
        assert f"draft: {path}" in account, account
    assert "3 draft(s)" in account


def test_no_unpublished_text_reaches_output(included: tuple[Path, Path, str]) -> None:
    content, output, _ = included
    published = [p for p in output.rglob("*") if p.is_file()]
    assert len(published) > 100
    phrases = ["should not be visible until the password is entered"]
    for path in content.rglob("*.md"):
        meta, _ = read_markdown(path.read_text(encoding="utf-8"))
        if meta.get("status") == "draft":
            phrases += [meta["title"], meta.get("slug", path.stem)]
    assert len(phrases) == 7
    for file in published:
        data = file.read_bytes().decode("utf-8", "replace")
        for phrase in phrases:
            assert phrase not in data, (file, phrase)
