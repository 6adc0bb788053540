"""Golden outputs: generated Markdown and HTML compared byte for byte with tests/golden/.

Regenerate with `invoke goldens` and review the diff.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import check_golden

GOLDEN_ARTICLES = [
    # One article per dump style: blank-line with subtitle, author and footer; dense with
    # section headings.
    "2025/11/iran-russia-railway-pact-sets-keystone-in-north-south-corridor",
    "2025/11/ansar-allah-official-slams-un-sanctions-wests-double-standards",
    "2025/11/nicolai-petro-ukraine-endgame-fragmentation-of-europe",
]


@pytest.mark.parametrize("stem", GOLDEN_ARTICLES)
def test_markdown_golden(sample_content: Path, stem: str) -> None:
    text = (sample_content / "articles" / f"{stem}.md").read_text(encoding="utf-8")
    check_golden(f"markdown/{stem.replace('/', '_')}.md", text)


@pytest.mark.parametrize("stem", GOLDEN_ARTICLES[:1])
def test_article_html_golden(sample_site: Path, stem: str) -> None:
    text = (sample_site / stem / "index.html").read_text(encoding="utf-8")
    check_golden(f"html/{stem.replace('/', '_')}.html", text)


def test_tag_page_html_golden(sample_site: Path) -> None:
    text = (sample_site / "tag" / "militarism" / "index.html").read_text(encoding="utf-8")
    check_golden("html/tag_militarism.html", text)


def test_search_page_html_golden(sample_site: Path) -> None:
    text = (sample_site / "search.html").read_text(encoding="utf-8")
    check_golden("html/search.html", text)
