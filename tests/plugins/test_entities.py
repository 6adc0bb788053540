"""plugins/entities in real builds: pages, index, feeds, entities.json, curation."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, build_site

LAVROV = "entity/sergey-lavrov/index.html"


@pytest.fixture(scope="module")
def curated_site(sample_content: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample archive with the committed curation file, built."""
    root = tmp_path_factory.mktemp("curated")
    content = Path(shutil.copytree(sample_content, root / "content"))
    shutil.copy(ROOT / "content" / "entities.yaml", content / "entities.yaml")
    result = build_site(content, root / "output")
    assert result.returncode == 0, result.stderr
    return root / "output"


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_bytes(), "html.parser")


def test_entities_json_lists_every_entity_page(sample_site: Path) -> None:
    records = json.loads((sample_site / "entities.json").read_text(encoding="utf-8"))
    assert records and {r["type"] for r in records} == {"person", "organization", "place"}
    for record in records:
        assert set(record) == {"name", "type", "aliases", "url", "articles"}
        assert (sample_site / record["url"]).is_file()
        assert all((sample_site / url).is_file() for url in record["articles"])
    lavrov = next(r for r in records if r["name"] == "Sergey Lavrov")
    assert lavrov["type"] == "person" and lavrov["url"] == LAVROV
    assert len(lavrov["articles"]) == 4
    # Surnames, an organisation tag and a place tag all resolved: no stray "Lavrov".
    assert not [r for r in records if r["name"] in ("Lavrov", "Putin", "Kiev Lavrov")]


def test_entity_page_lists_articles_co_mentions_and_outlets(sample_site: Path) -> None:
    soup = _soup(sample_site / LAVROV)
    assert soup.h1.get_text() == "Sergey Lavrov"
    assert "Person" in soup.select_one(".entity-type").get_text()
    assert soup.select_one(".count").get_text().startswith("4 articles")
    related = [a.get_text() for a in soup.select("#related-entities ~ ul a")]
    assert "Vladimir Putin" in related and "Sergey Lavrov" not in related
    outlets = soup.select_one("#entity-outlets ~ ul").get_text()
    assert "RT" in outlets and "Sputnik" in outlets
    assert len(soup.select(".entries article.entry")) == 4


def test_article_pages_list_their_entities_by_type(sample_site: Path) -> None:
    page = next(sample_site.rglob("lots-of-mess-to-clear-up-in-russia-us-ties-lavrov/index.html"))
    soup = _soup(page)
    labels = [dt.get_text() for dt in soup.select(".meta dt")]
    assert {"People", "Organisations", "Places"} <= set(labels)
    people = [a.get_text() for a in soup.select(".entity-list a")]
    assert people[0] == "Sergey Lavrov"  # the most mentioned first
    assert {"Donald Trump", "Joe Biden", "Vladimir Putin"} <= set(people)
    link = soup.select_one(".entity-list a")["href"]
    assert (page.parent / link).resolve() == (sample_site / LAVROV).resolve()


def test_index_and_a_to_z_pages(sample_site: Path) -> None:
    soup = _soup(sample_site / "entities" / "index.html")
    assert [h.get_text().split(" (")[0] for h in soup.select("h2")] == [
        "People", "Organisations", "Places",
    ]  # fmt: skip
    top_places = [a.get_text() for a in soup.select("#entities-places ~ ol a")]
    assert top_places[0] == "Russia"
    az = _soup(sample_site / "entities" / "people" / "index.html")
    names = [a.get_text() for a in az.select(".entity-index a")]

    # People by surname: "Sergey Lavrov" as "Lavrov Sergey", `al-` not filed under.
    def filing(name: str) -> str:
        words = name.split()
        return " ".join([words[-1], *words[:-1]]).casefold().removeprefix("al-")

    assert names == sorted(names, key=filing)
    assert "Sergey Lavrov" in names


def test_entity_feeds_parse(sample_site: Path) -> None:
    feed = feedparser.parse(
        (sample_site / "feeds" / "entity" / "sergey-lavrov.atom.xml").read_bytes()
    )
    assert not feed.bozo and len(feed.entries) == 4


def test_curation_renames_retypes_and_blocks_without_reimport(curated_site: Path) -> None:
    records = {r["name"]: r for r in json.loads((curated_site / "entities.json").read_text())}
    assert "Kyiv" in records and "Kiev" not in records
    assert "Kiev" in records["Kyiv"]["aliases"]
    assert records["Bundeswehr"]["type"] == "organization"
    assert "Mein Kampf" not in records
    assert (curated_site / "entity" / "kyiv" / "index.html").is_file()
    assert not (curated_site / "entity" / "kiev").exists()


def test_a_bad_curation_file_stops_the_build_with_file_and_line(
    sample_content: Path, tmp_path: Path
) -> None:
    content = Path(shutil.copytree(sample_content, tmp_path / "content"))
    (content / "entities.yaml").write_text("types:\n  Tartus: city\n", encoding="utf-8")
    result = build_site(content, tmp_path / "output")
    assert result.returncode != 0
    assert "entities.yaml:2: type 'city' is not one of" in result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
