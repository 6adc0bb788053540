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
    # 7 articles, 3 a page: home = newest 3; page/1 = oldest 3 (0-2); page/2 = 3-5.
    assert sorted(k for k in before if k.startswith("page/")) == [
        "page/1/index.html",
        "page/2/index.html",
    ]
    _add(content, 7)
    after_one = _build(content, tmp_path / "out2")
    changed = {k for k in after_one if before.get(k) != after_one[k]}
    # Only the first pages (newest) change: numbered pages keep their bytes.
    assert changed == {"index.html", "tag/militarism/index.html"}
    _add(content, 8)
    _add(content, 9)  # chunk 3 (6-8) is full and a 4th begins: page/3 appears
    after_three = _build(content, tmp_path / "out3")
    assert after_three["page/1/index.html"] == before["page/1/index.html"]
    assert "page/3/index.html" in after_three and "page/3/index.html" not in after_one
    page3 = (tmp_path / "out3" / "page" / "3" / "index.html").read_text(encoding="utf-8")
    assert all(f"Article number {n}<" in page3 for n in (6, 7, 8))


def test_chunk_pages_hold_oldest_first_ranges(tmp_path: Path) -> None:
    content = tmp_path / "content"
    for n in range(7):
        _add(content, n)
    _build(content, tmp_path / "out")
    oldest = (tmp_path / "out" / "page" / "1" / "index.html").read_text(encoding="utf-8")
    assert all(f"Article number {n}<" in oldest for n in (0, 1, 2))
    assert "Articles 1–3, counted from the oldest" in oldest
    home = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert all(f"Article number {n}<" in home for n in (4, 5, 6))
    assert '/page/2/index.html">Older' in home  # "Older" leads to the newest full chunk
