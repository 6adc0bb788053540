"""plugins/safe_slugs: imported addresses never decide where a page lives.

A site built from a real WXR export and a real feed (whose articles carry `url:` in
their front-matter) keeps every article at ARTICLE_SAVE_AS, links to it there, and
every internal link resolves.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import build_site, run_clippings
from linkcheck import broken_links

from clippings.importer.markdown import read_markdown

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


@pytest.fixture(scope="module")
def structured_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("structured")
    content, output = root / "content", root / "output"
    result = run_clippings(
        "import", str(FIXTURES / "wxr" / "theme-preview.xml"),
        str(FIXTURES / "feeds" / "rss-parser_heise.atom"), "--content", str(content),
        "--no-entities",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    built = build_site(content, output)
    assert built.returncode == 0, built.stdout + built.stderr
    return content, output


def test_articles_live_at_their_archive_address(structured_site: tuple[Path, Path]) -> None:
    content, output = structured_site
    files = sorted(content.rglob("*.md"))
    assert len(files) > 10
    for path in files:
        meta, _ = read_markdown(path.read_text(encoding="utf-8"))
        assert meta["url"].startswith("http")  # the original address is kept…
        page = output / path.relative_to(content / "articles").with_suffix("") / "index.html"
        assert page.is_file(), page  # …but the page lives in the archive
        soup = BeautifulSoup(page.read_bytes(), "html.parser")
        assert soup.find("a", href=meta["url"]) or soup.find(string=meta["source"])


def test_every_internal_link_resolves(structured_site: tuple[Path, Path]) -> None:
    _, output = structured_site
    assert broken_links(output) == []
    home = BeautifulSoup((output / "index.html").read_bytes(), "html.parser")
    titles = home.select(".entry-title a")
    assert titles and all(not a["href"].startswith("http") for a in titles)
