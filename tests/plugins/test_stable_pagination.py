"""plugins/stable_pagination: adding an article changes only the pages it should."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

from conftest import ROOT

from clippings.importer.model import Article
from clippings.importer.store import Store


def _add(content: Path, n: int) -> None:
    store = Store(content)
    store.save(
        Article(
            title=f"Article number {n}",
            date=date(2024, 1, 1) + timedelta(days=n),
            outlet="RT",
            tags=["Militarism"],
            body_html=f"<p>Text {n}.</p>",
            source=f"gen:{n}",
        )
    )
    store.close()


def _build(content: Path, output: Path) -> dict[str, str]:
    result = subprocess.run(
        [sys.executable, "-m", "pelican", str(content), "-s", "pelicanconf.py", "-o", str(output),
         "-e", "DEFAULT_PAGINATION=3", "--fatal", "warnings"],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    return {
        p.relative_to(output).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in output.rglob("index.html")
        if p.relative_to(output).parts[0] in ("page", "tag") or p.parent == output
    }


def test_older_pages_never_change_when_articles_are_added(tmp_path: Path) -> None:
    content = tmp_path / "content"
    for n in range(7):
        _add(content, n)
    before = _build(content, tmp_path / "out1")
    # 7 articles, 3 a page: page/1 = oldest 3 (0-2); home = everything newer (3-6).
    assert sorted(k for k in before if k.startswith("page/")) == ["page/1/index.html"]
    _add(content, 7)
    after_one = _build(content, tmp_path / "out2")
    changed = {k for k in after_one if before.get(k) != after_one[k]}
    # Only the first pages (newest) change: numbered pages keep their bytes.
    assert changed == {"index.html", "tag/militarism/index.html"}
    _add(content, 8)  # 9 articles: chunk 2 (3-5) moves off the home page to page/2
    after_two = _build(content, tmp_path / "out3")
    assert "page/2/index.html" in after_two and "page/2/index.html" not in after_one
    page2 = (tmp_path / "out3" / "page" / "2" / "index.html").read_text(encoding="utf-8")
    assert all(f"Article number {n}<" in page2 for n in (3, 4, 5))
    home = (tmp_path / "out3" / "index.html").read_text(encoding="utf-8")
    assert all(f"Article number {n}<" in home for n in (6, 7, 8))
    assert "Article number 5<" not in home
    for n in (9, 10, 11):  # 12 articles: page/3 appears; the older pages keep their bytes
        _add(content, n)
    after_five = _build(content, tmp_path / "out4")
    assert "page/3/index.html" in after_five
    assert after_five["page/1/index.html"] == after_two["page/1/index.html"]


def test_chunk_pages_hold_oldest_first_ranges(tmp_path: Path) -> None:
    content = tmp_path / "content"
    for n in range(7):
        _add(content, n)
    _build(content, tmp_path / "out")
    oldest = (tmp_path / "out" / "page" / "1" / "index.html").read_text(encoding="utf-8")
    assert all(f"Article number {n}<" in oldest for n in (0, 1, 2))
    assert "Articles 1–3 counted from the oldest" in oldest
    home = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert all(f"Article number {n}<" in home for n in (3, 4, 5, 6))
    assert all(f"Article number {n}<" not in home for n in (0, 1, 2))
    # "Older" from the first page leads to the articles just before its own.
    assert '/page/1/index.html">Older: 1–3 →' in home


def test_the_first_page_holds_one_to_two_chunks() -> None:
    from clippings.plugins.stable_pagination import StablePaginator

    settings = {"PAGINATION_PATTERNS": [], "DEFAULT_ORPHANS": 0}
    for total in range(0, 40):
        paginator = StablePaginator("index", "index.html", list(range(total, 0, -1)), settings, 5)
        first = paginator.page(1)
        shown = len(first.object_list)
        assert shown == total if total < 10 else 5 <= shown < 10, total
        seen = set(first.object_list)
        for number in range(2, paginator.num_pages + 1):
            chunk = paginator.page(number).object_list
            assert len(chunk) == 5 and not seen & set(chunk)
            seen |= set(chunk)
        assert seen == set(range(1, total + 1)), total
