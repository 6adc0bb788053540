"""Issue 16 (12): tags sharing a slug share one page, each article listed once."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import build_site


def _article(content: Path, name: str, front: str) -> None:
    path = content / "articles" / "2025" / "11" / f"{name}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\n{front}---\nText of {name}.\n", encoding="utf-8")


def test_one_page_per_slug_every_article_once(tmp_path: Path) -> None:
    content = tmp_path / "content"
    _article(content, "a", "title: A\ndate: 2025-11-01\ntags: [Template, template, C++, C]\n")
    _article(content, "b", "title: B\ndate: 2025-11-02\ntags: [Middle East, C#]\n")
    _article(content, "c", "title: C\ndate: 2025-11-03\ntags: [Middle-East, c, Middle East]\n")
    _article(content, "d", "title: D\ndate: 2025-11-04\ntags: [Middle East]\n")
    output = tmp_path / "output"
    result = build_site(content, output)
    assert result.returncode == 0, result.stdout + result.stderr
    middle = (output / "tag/middle-east/index.html").read_text(encoding="utf-8")
    assert "Tag: Middle East</h1>" in middle  # the name most articles use
    assert "Also tagged as: Middle-East" in middle
    assert len(re.findall(r'href="[^"]*2025/11/c/index.html"', middle)) == 1
    assert "3 articles" in middle
    c_page = (output / "tag/c/index.html").read_text(encoding="utf-8")
    # C (a), C# (b), c (c): one page, three articles, each once; C++ on `a` is the same
    # slug as C and dropped from it.
    assert "3 articles" in c_page
    assert len(re.findall(r'href="[^"]*2025/11/a/index.html"', c_page)) == 1
    assert "Also tagged as:" in c_page
    template = (output / "tag/template/index.html").read_text(encoding="utf-8")
    assert "1 article" in template
    rebuilt = build_site(content, tmp_path / "again")
    assert rebuilt.returncode == 0
    assert (tmp_path / "again/tag/c/index.html").read_bytes() == c_page.encode("utf-8")


def test_check_breaks_date_ties_as_the_build_does(tmp_path: Path) -> None:
    """Issue 16 (13): 52 articles on one date, a feed of the 50 newest: `invoke check`
    must pick the same 50 as the build (then by slug), and find 0 problems."""
    import os
    import subprocess
    import sys

    from conftest import ROOT

    content = tmp_path / "content"
    for n in range(52):
        _article(content, f"n{n:02d}", f"title: Story {n:02d}\ndate: 2025-11-05\nslug: n{n:02d}\n")
    output = tmp_path / "output"
    assert build_site(content, output).returncode == 0
    result = subprocess.run(
        [sys.executable, "-m", "invoke", "check", "--content", str(content), "--output",
         str(output)],
        cwd=ROOT, capture_output=True, text=True, check=False,
        env={**os.environ, "LC_ALL": "C.UTF-8"},
    )  # fmt: skip
    assert "not in the site feed" not in result.stdout, result.stdout
    assert ": 0 problem(s)" in result.stdout, result.stdout


def test_check_names_two_files_of_one_guid(tmp_path: Path) -> None:
    """Issue 16 (4): a copy of an article (same guid) is a problem `invoke check` names."""
    from clippings.site.check import Crawl
    from clippings.site.reconcile import reconcile

    content = tmp_path / "content"
    _article(content, "a", "title: A\ndate: 2025-11-01\nguid: https://b.example/?p=1\n")
    _article(content, "a-2", "title: A\ndate: 2025-11-01\nguid: http://b.example/?p=1\n")
    settings = {"ARTICLE_SAVE_AS": "{date:%Y}/{date:%m}/{slug}/index.html"}
    problems = reconcile(content, tmp_path / "none", settings, Crawl())
    same = [p for p in problems if "same guid" in p]
    assert same == [
        "articles/2025/11/a.md: same guid as articles/2025/11/a-2.md (one article, two files)"
    ]
