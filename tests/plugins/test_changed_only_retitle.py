"""An incremental build after a retitle gives the bytes of a clean build (issue #21).

A title is shown on many pages besides the article's own: its neighbours' "newer/older"
links, the listings it is on, related articles, feeds, search. Leaving it out of one of
their fingerprints (as `_brief` once could) renders those pages stale; the edit test in
test_changed_only.py changes a body word only, which no other page shows.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from conftest import build_site


def _bytes(output: Path) -> dict[str, bytes]:
    return {
        p.relative_to(output).as_posix(): p.read_bytes() for p in output.rglob("*") if p.is_file()
    }


def test_a_retitled_article_rebuilds_every_page_that_shows_its_title(
    sample_content: Path, tmp_path: Path
) -> None:
    content = Path(shutil.copytree(sample_content, tmp_path / "content"))
    output = tmp_path / "output"
    assert build_site(content, output).returncode == 0
    before = _bytes(output)
    article = next(content.rglob("lots-of-mess-to-clear-up-in-russia-us-ties-lavrov.md"))
    text = article.read_text(encoding="utf-8")
    retitled, count = re.subn(r"(?m)^title: Lots of .*$", "title: A retitled Lavrov article", text)
    assert count == 1
    article.write_text(retitled, encoding="utf-8")

    rebuilt = build_site(content, output)
    assert rebuilt.returncode == 0, rebuilt.stdout + rebuilt.stderr
    incremental = _bytes(output)
    clean = tmp_path / "clean"
    assert build_site(content, clean).returncode == 0
    assert _bytes(clean) == incremental
    # The retitle reached pages other than the article's own (its neighbours at least).
    changed = [name for name in incremental if incremental[name] != before.get(name)]
    shown = [n for n in changed if n.endswith(".html") and "A retitled Lavrov article" in
             incremental[n].decode("utf-8")]  # fmt: skip
    assert len(shown) >= 3, shown
