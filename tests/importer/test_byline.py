"""Tests for clippings.importer.byline: byline forms and line shapes."""

from datetime import date

import pytest

from clippings.importer.byline import Byline, is_caption, is_heading, is_title, parse_byline

D = date(2025, 11, 9)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("RT | November 9, 2025", Byline(D, outlet="RT")),
        ("Press TV – November 9, 2025", Byline(D, outlet="Press TV")),
        ("Press TV — November 9, 2025", Byline(D, outlet="Press TV")),
        ("Press TV - November 9, 2025", Byline(D, outlet="Press TV")),
        ("Sputnik – 09.11.2025", Byline(D, outlet="Sputnik")),
        ("Al Mayadeen | November 9, 2025", Byline(D, outlet="Al Mayadeen")),
        ("JudgeNap.com | November 9, 2025", Byline(D, outlet="JudgeNap.com")),
        (
            "By Vali Kaleji | The Cradle | November 9, 2025",
            Byline(D, outlet="The Cradle", author="Vali Kaleji"),
        ),
        (
            "By Bryan Anthony Reo – New Eastern Outlook – November 9, 2025",
            Byline(D, outlet="New Eastern Outlook", author="Bryan Anthony Reo"),
        ),
        ("By Kit Klarenberg | November 9, 2025", Byline(D, author="Kit Klarenberg")),
        ("By Kit Klarenberg – 09.11.2025", Byline(D, author="Kit Klarenberg")),
        (
            "by Jean-Paul Sartre|RT|November 9, 2025",
            Byline(D, outlet="RT", author="Jean-Paul Sartre"),
        ),
    ],
)
def test_byline_forms(line: str, expected: Byline) -> None:
    assert parse_byline(line) == expected


@pytest.mark.parametrize(
    "line",
    [
        "",
        "RT",
        "November 9, 2025 Posted by | Militarism | , , | Leave a comment",
        "On November 14, the UN Security Council approved a resolution",
        "RT | yesterday",
        "Substack: https://glenndiesen.substack.com/ | November 9, 2025",
        "He said, in an interview: | November 9, 2025",
        "A | B | C | November 9, 2025",
        "x" * 300 + " | November 9, 2025",
    ],
)
def test_not_bylines(line: str) -> None:
    assert parse_byline(line) is None


@pytest.mark.parametrize(
    "line",
    [
        "Not first case of complicity",
        "Cyprus ‘is no longer ours’",
        "‘Israel’-Cyprus energy axis: Pipeline plans, historical controversies",
        "UNSC extends sanctions on Yemen",
        "The Decline of the Soviet Empire and NATO’s Promises",
        "NGOs; culprits in espionage operations in Yemen",
    ],
)
def test_headings(line: str) -> None:
    assert is_heading(line)


@pytest.mark.parametrize(
    "line",
    [
        "Map of the International North–South Transport Corridor (INSTC)",
        "Map of Rasht-Astara Railway",
        "“One people enriched, one people erased,” she said.",
        "Follow Prof. Glenn Diesen:",
        "Patreon: https://www.patreon.com/glenndiesen",
        "Buy me a coffee: buymeacoffee.com/gdieseng",
        "/ glenndiesen",
        "Why does NATO seek to expand? Why does NATO even exist in the post-Cold War era?",
        "a lowercase fragment",
    ],
)
def test_not_headings(line: str) -> None:
    assert not is_heading(line)


def test_captions_and_titles() -> None:
    assert is_caption("Map of Rasht-Astara Railway")
    assert is_caption("Photo: Reuters")
    assert not is_caption("Mapping the future")
    assert is_title("Censored Lavrov interview with Italian media (FULL TEXT)")
    assert not is_title("Books by Prof. Glenn Diesen:")
    assert not is_title("X/Twitter: https://x.com/Glenn_Diesen")
