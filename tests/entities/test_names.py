"""clippings.entities.names: cleaning mention text."""

from __future__ import annotations

import pytest

from clippings.entities.names import clean_name, name_key


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("NATO’s", "NATO"),
        ("the Houthis’", "Houthis"),
        ("The  Cradle", "Cradle"),
        ("“Sergey Lavrov,”", "Sergey Lavrov"),
        ("sanctions", ""),  # a common word, never a name
        ("2025", ""),
        ("A", ""),
        ("One Two Three Four Five Six Seven", ""),
    ],
)
def test_clean_name(raw: str, expected: str) -> None:
    assert clean_name(raw) == expected


def test_name_key_joins_spellings() -> None:
    assert name_key("Al-Qaeda") == name_key("al Qaeda") == "al qaeda"
    assert name_key("Hay’at") == name_key("Hay'at")
    assert name_key("U.S.") == name_key("U.S")
