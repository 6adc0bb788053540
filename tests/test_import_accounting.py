"""Issue 16: every input item is accounted for exactly once, on every real fixture.

For each input: created + updated + unchanged + merged + skipped = the items it holds,
counted independently of the importer (WXR `<item>` elements, feedparser's entries);
two different items never share a file; a rerun changes nothing.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import feedparser
import pytest
from conftest import SAMPLES
from lxml import etree

from clippings import frontmatter
from clippings.cli import run_import
from clippings.importer.model import Article, Skipped
from clippings.importer.options import ImportOptions
from clippings.importer.sources.detect import detect, parser_for

FIXTURES = Path(__file__).resolve().parent / "fixtures"
INPUTS = sorted(
    p for p in FIXTURES.glob("*/*") if p.suffix in {".xml", ".rss", ".atom", ".html"}
) + sorted(SAMPLES.glob("*.txt"))


def _independent_count(path: Path) -> int | None:
    """The items the file holds, counted without the importer (None: no such count)."""
    fmt = detect(path)
    if fmt == "wxr":
        tree = etree.parse(str(path), etree.XMLParser(resolve_entities=False, recover=True))
        return len(tree.findall("./channel/item"))
    if fmt == "feed":
        return len(feedparser.parse(path.read_bytes()).entries)
    return None


def _parsed(path: Path) -> list[Article | Skipped]:
    items = parser_for(detect(path))(path, ImportOptions())
    return [i for i in items if isinstance(i, Article | Skipped)]


def _stored(content: Path) -> dict[Path, dict]:
    return {
        p.resolve(): frontmatter.read(p.read_bytes())[0]
        for p in sorted((content / "articles").rglob("*.md"))
    }


@pytest.mark.parametrize("path", INPUTS, ids=lambda p: p.name)
def test_each_input_accounted_for_once(tmp_path: Path, path: Path) -> None:
    content = tmp_path / "content"
    report = run_import([path], content, ner_model=None, jobs=1)
    tally = report.inputs[str(path)]
    parsed = _parsed(path)
    assert tally.items == len(parsed), report.summary()
    expected = _independent_count(path)
    if expected is not None:
        assert tally.items == expected, report.summary()
    stored = _stored(content)
    assert len(stored) == tally.created == len(set(report.created))
    # Every article parsed is in a file holding its title (never another item's).
    titles = Counter(str(meta["title"]) for meta in stored.values())
    articles = [i for i in parsed if isinstance(i, Article)]
    merged = tally.merged
    missing = [a.title for a in articles if titles[a.title] == 0]
    assert not missing, report.summary()
    assert sum(titles.values()) == len(articles) - merged
    again = run_import([path], content, ner_model=None, jobs=1).inputs[str(path)]
    assert (again.created, again.updated, again.items) == (0, 0, tally.items)
    assert _stored(content) == stored


def test_all_inputs_at_once_lose_and_mix_nothing(tmp_path: Path) -> None:
    content = tmp_path / "content"
    report = run_import(INPUTS, content, ner_model=None, jobs=1)
    total = sum(t.items for t in report.inputs.values())
    assert total == sum(len(_parsed(p)) for p in INPUTS)
    stored = _stored(content)
    assert len(stored) == len(report.created) == len(set(report.created))
    # A merge names both items and the rule.
    for line in report.merged + report.duplicates:
        assert "(same " in line and " as " in line, line
    titles = {str(m["title"]) for m in stored.values()}
    for path in INPUTS:
        for item in _parsed(path):
            if isinstance(item, Article):
                assert item.title in titles, (path.name, item.title)


def test_theme_unit_test_posts_sharing_a_guid_are_all_kept(tmp_path: Path) -> None:
    """Issue 16 (2): 'Post Format: Image' and 'Post Format: Video (YouTube)' share a
    guid with another post; Pelican's export has three posts on each of two guids."""
    content = tmp_path / "content"
    wxr = FIXTURES / "wxr"
    run_import(
        [wxr / "themeunittestdata.wordpress.xml", wxr / "pelican_wordpressexport.xml"],
        content,
        ner_model=None,
        jobs=1,
    )
    stored = _stored(content)
    titles = Counter(str(m["title"]) for m in stored.values())
    assert titles["Post Format: Image"] == 1
    assert titles["Post Format: Video (YouTube)"] == 1
    by_slug = {p.stem: m for p, m in stored.items()}
    assert by_slug["html-entity-test"]["title"] != "Code in List"
