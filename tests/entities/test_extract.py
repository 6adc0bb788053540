"""clippings.entities.extract: spaCy NER at import, its cache, and a missing model."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conftest import run_clippings

from clippings.entities.extract import EntityExtractor, article_text, mentions
from clippings.errors import ConfigError
from clippings.importer.markdown import read_markdown
from clippings.importer.model import Article

BODY = (
    "<p>Russian Foreign Minister Sergey Lavrov met NATO officials in Brussels on Tuesday.</p>"
    "<p>Lavrov said Moscow was ready to talk. The United Nations welcomed the meeting.</p>"
)


def _article() -> Article:
    return Article(title="Lavrov in Brussels", date=date(2025, 11, 9), body_html=BODY)


def test_mentions_rank_by_frequency_keep_one_kind_and_skip_title_only_names() -> None:
    found = mentions([
        ("Mulls Energy Cooperation", "ORG", False),  # only in the Title Case headline
        ("Glenn Diesen", "PERSON", False),  # a full person name in the headline is kept
        ("Moscow", "GPE", True), ("Moscow", "GPE", True), ("Moscow", "PERSON", True),
        ("NATO’s", "ORG", True), ("Russian", "NORP", True), ("Tuesday", "DATE", True),
    ])  # fmt: skip
    assert found == {"people": ["Glenn Diesen"], "organizations": ["NATO"], "places": ["Moscow"]}


def test_article_text_is_title_then_body() -> None:
    text = article_text(_article())
    assert text.startswith("Lavrov in Brussels\n\nRussian Foreign Minister")
    assert "Brussels on Tuesday.\nLavrov said" in text


def test_real_model_finds_people_organisations_places_and_caches(tmp_path: Path) -> None:
    extractor = EntityExtractor(tmp_path)
    article = _article()
    extractor.annotate([article])
    assert "Sergey Lavrov" in article.entities["people"]
    assert "NATO" in article.entities["organizations"]
    assert {"Brussels", "Moscow"} <= set(article.entities["places"])
    assert extractor.texts_read == 1
    extractor.close()
    # A second run over the same text never loads the model.
    again = EntityExtractor(tmp_path)
    again._load = lambda: pytest.fail("NER ran again on cached text")  # type: ignore[method-assign]
    copy = _article()
    again.annotate([copy])
    assert copy.entities == article.entities and again.texts_read == 0
    again.close()


def test_a_missing_model_is_a_clear_error(tmp_path: Path) -> None:
    extractor = EntityExtractor(tmp_path, model="no_such_spacy_model")
    with pytest.raises(ConfigError, match=r"^no_such_spacy_model: the spaCy model is not"):
        extractor.annotate([_article()])
    extractor.close()


def test_cli_stores_entities_and_can_skip_ner(tmp_path: Path) -> None:
    dump = tmp_path / "dump.txt"
    dump.write_text(
        "Lavrov in Brussels\nRT | November 8, 2025\n\n"
        "Russian Foreign Minister Sergey Lavrov met NATO officials in Brussels.\n\n"
        "November 9, 2025 Posted by | Militarism | Leave a comment\n",
        encoding="utf-8",
    )
    with_ner = run_clippings("import", str(dump), "--content", str(tmp_path / "a"))
    assert with_ner.returncode == 0, with_ner.stderr
    [path] = (tmp_path / "a").rglob("*.md")
    meta, _ = read_markdown(path.read_text(encoding="utf-8"))
    assert meta["entities"]["people"] == ["Sergey Lavrov"]
    assert (tmp_path / "a" / ".cache" / "entities.sqlite").is_file()
    without = run_clippings("import", str(dump), "--content", str(tmp_path / "b"), "--no-entities")
    assert without.returncode == 0, without.stderr
    [path] = (tmp_path / "b").rglob("*.md")
    assert "entities" not in read_markdown(path.read_text(encoding="utf-8"))[0]
    missing = run_clippings("import", str(dump), "--content", str(tmp_path / "c"),
                            "--ner-model", "no_such_spacy_model")  # fmt: skip
    assert missing.returncode == 2
    assert "no_such_spacy_model: the spaCy model is not installed" in missing.stderr
    assert "Traceback" not in missing.stderr


def test_ner_in_worker_processes_finds_what_one_process_finds(
    sample_content: Path, tmp_path: Path
) -> None:
    """The sample archive's articles (and copies, to pass the sharing threshold) read by
    forked workers give each article the entities one process gives it."""
    from clippings.entities import extract

    texts = []
    for n in range(2):  # distinct texts (none answered by the cache), enough to share
        for path in sorted((sample_content / "articles").rglob("*.md")):
            meta, body = read_markdown(path.read_text(encoding="utf-8"))
            title = f"{meta['title']} ({n})"
            texts.append(Article(title=title, date=date(2025, 1, 1), body_markdown=body))
    assert len(texts) >= extract.MIN_SHARED
    results = {}
    for processes in (1, 2):
        extractor = EntityExtractor(tmp_path / f"p{processes}", processes=processes)
        copies = [
            Article(title=a.title, date=a.date, body_markdown=a.body_markdown) for a in texts
        ]
        extractor.annotate(copies)
        assert extractor.texts_read == len(texts)
        assert (extractor._pool is not None) == (processes > 1)
        extractor.close()
        results[processes] = [c.entities for c in copies]
    assert results[2] == results[1]
    assert any(entities["people"] for entities in results[1])
