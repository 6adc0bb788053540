"""clippings.entities.curation: entities.yaml, and errors naming file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from clippings.entities.curation import load_curation
from clippings.entities.names import name_key
from clippings.errors import ConfigError

GOOD = """\
aliases:
  Kyiv: [Kiev]
merges:
  Hay’at Tahrir al-Sham: HTS
types:
  Bundeswehr: organization
blocklist: [Mein Kampf]
min_articles: 2
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "entities.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_complete_file(tmp_path: Path) -> None:
    curation = load_curation(_write(tmp_path, GOOD))
    assert curation.canonical[name_key("Kiev")] == "Kyiv"
    assert curation.canonical[name_key("Kyiv")] == "Kyiv"
    assert curation.canonical[name_key("HTS")] == "Hay’at Tahrir al-Sham"
    assert curation.spelling_text[name_key("Kiev")] == "Kiev"
    assert curation.types[name_key("Bundeswehr")] == "organization"
    assert name_key("Mein Kampf") in curation.blocklist
    assert curation.min_articles == 2


def test_missing_or_empty_file_is_no_curation(tmp_path: Path) -> None:
    assert load_curation(tmp_path / "absent.yaml").canonical == {}
    assert load_curation(_write(tmp_path, "")).types == {}


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("aliases:\n  Kyiv: [Kiev\n", 3, "invalid YAML"),
        ("aliases: {}\nsynonyms: {}\n", 2, "unknown key 'synonyms'"),
        ("types:\n  Tartus: city\n", 2, "type 'city' is not one of"),
        (
            "aliases:\n  Kyiv: [Kiev]\nmerges:\n  Kiev City: [Kiev]\n",
            4,
            "already a spelling of 'Kyiv'",
        ),
        ("min_articles: zero\n", 1, "min_articles must be a whole number"),
        ("- just\n- a list\n", 1, "expected a mapping"),
    ],
)
def test_errors_name_the_file_and_line(tmp_path: Path, text: str, line: int, message: str) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(ConfigError) as error:
        load_curation(path)
    assert str(error.value).startswith(f"{path}:{line}: ")
    assert message in str(error.value)
