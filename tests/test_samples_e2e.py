"""End to end: both real sample dumps import to exactly the 21 articles a reader sees.

Expected values were written by reading samples/ by hand.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from clippings.importer.markdown import read_markdown

N9 = date(2025, 11, 9)
D000 = "000_a59bcf57d666251b.txt"
D001 = "001_6f64e3cf36c8986c.txt"

# (source line, title, subtitle, outlet, author, date, posted, tags, comments)
EXPECTED = [
    (
        D000,
        5,
        "How Cyprus became first European partner in ‘Israel’s’ gas theft crime",
        None,
        "Al Mayadeen",
        None,
        N9,
        N9,
        ["Ethnic Cleansing, Racism, Zionism"],
        0,
    ),
    (
        D000,
        105,
        "Iran–Russia railway pact sets keystone in North–South Corridor",
        "Long-delayed rail deal unlocks final segment of a Eurasian freight artery, bolstering "
        "Axis of Resistance and bypassing western sanctions",
        "The Cradle",
        "Vali Kaleji",
        date(2025, 11, 7),
        N9,
        ["Economics"],
        0,
    ),
    (
        D000,
        183,
        "Iran’s oil exports hit new post-sanctions record",
        None,
        "Press TV",
        None,
        N9,
        N9,
        ["Economics", "Wars for Israel"],
        0,
    ),
    (
        D000,
        209,
        "NATO to deploy 800,000 troops in case of war with Russia – German general",
        None,
        "RT",
        None,
        date(2025, 11, 8),
        N9,
        ["Militarism", "Russophobia"],
        2,
    ),
    (
        D000,
        231,
        "US went after Bangladesh government over reluctance to condemn Russia – ex-minister",
        None,
        "RT",
        None,
        N9,
        N9,
        ["Aletho News"],
        0,
    ),
    (
        D000,
        257,
        "Finnish Politician Warns NATO Chief: Stop Arming Ukraine or Risk Nuclear War",
        None,
        "Sputnik",
        None,
        N9,
        N9,
        ["Militarism"],
        0,
    ),
    (
        D000,
        275,
        "Lots of ‘mess’ to clear up in Russia-US ties – Lavrov",
        None,
        "RT",
        None,
        N9,
        N9,
        ["Russophobia"],
        0,
    ),
    (
        D000,
        297,
        "US Informs Russia Extension of New START Restrictions Under Consideration – Lavrov",
        None,
        "Sputnik",
        None,
        N9,
        N9,
        ["Militarism"],
        0,
    ),
    (
        D000,
        319,
        "EU economies will suffer without tapping Russia’s assets, Brussels warns – FT",
        None,
        "RT",
        None,
        N9,
        N9,
        ["Militarism"],
        0,
    ),
    (
        D001,
        1,
        "China Voices Opposition to Unilateral Sanctions, Rejects US’ Anti-Russia Restrictions",
        None,
        "Sputnik",
        None,
        date(2025, 11, 17),
        None,
        [],
        None,
    ),
    (
        D001,
        7,
        "Ukrainian attacks on Russian refineries driving price hikes in the US – Bloomberg",
        None,
        "RT",
        None,
        date(2025, 11, 16),
        None,
        [],
        None,
    ),
    (
        D001,
        14,
        "Russia, US Actively Discussing Ukrainian Peace Process – Kremlin Aide",
        None,
        "Sputnik",
        None,
        date(2025, 11, 16),
        None,
        [],
        None,
    ),
    (
        D001,
        25,
        "Alternative for Germany Party Mulls Energy Cooperation With BRICS Countries – Lawmaker",
        None,
        "Sputnik",
        None,
        date(2025, 11, 16),
        None,
        [],
        None,
    ),
    (
        D001,
        32,
        "Ansar Allah official slams UN sanctions, West’s double standards",
        None,
        "Al Mayadeen",
        None,
        date(2025, 11, 15),
        None,
        [],
        None,
    ),
    (
        D001,
        53,
        "Russia Communicates Consistently, But the West Won’t Listen",
        None,
        "New Eastern Outlook",
        "Bryan Anthony Reo",
        date(2025, 11, 15),
        None,
        [],
        None,
    ),
    (
        D001,
        83,
        "Nicolai Petro: Ukraine Endgame & Fragmentation of Europe",
        None,
        "Glenn Diesen",
        None,
        date(2025, 11, 14),
        None,
        [],
        None,
    ),
    (
        D001,
        95,
        "Russia presents ‘counterproposal’ to US draft UNSC resolution for Gaza",
        None,
        "The Cradle",
        None,
        date(2025, 11, 14),
        None,
        [],
        None,
    ),
    (
        D001,
        110,
        "HTS strips Russia of Syria port deals; hands Tartus to UAE, Latakia to France",
        None,
        "Press TV",
        None,
        date(2025, 11, 14),
        None,
        [],
        None,
    ),
    (
        D001,
        121,
        "Censored Lavrov interview with Italian media (FULL TEXT)",
        None,
        "RT",
        None,
        date(2025, 11, 13),
        None,
        [],
        None,
    ),
    (
        D001,
        158,
        "Ukrainian Air Defenses Are Increasingly Ineffective Against Russian Drones",
        None,
        "JudgeNap.com",
        None,
        date(2025, 11, 12),
        None,
        [],
        None,
    ),
    (
        D001,
        170,
        "Matthew Hoh: Domestic Divisions Threaten the US Empire",
        None,
        "Glenn Diesen",
        None,
        date(2025, 11, 11),
        None,
        [],
        None,
    ),
]


def _nbsp_last(title: str) -> str:
    """The blog's theme glues a title's last word with a no-break space; it is kept."""
    head, last = title.rsplit(" ", 1)
    return f"{head}\u00a0{last}"


def _load(content: Path) -> dict[str, dict]:
    records = {}
    for path in sorted((content / "articles").rglob("*.md")):
        meta, body = read_markdown(path.read_text(encoding="utf-8"))
        meta["_path"] = path.relative_to(content).as_posix()
        meta["_body"] = body
        records[meta["source"]] = meta
    return records


def test_exactly_21_articles(sample_content: Path) -> None:
    records = _load(sample_content)
    assert len(records) == 21
    assert sorted(records) == sorted(f"{f}:{line}" for f, line, *_ in EXPECTED)


@pytest.mark.parametrize("row", EXPECTED, ids=[f"{r[0][:3]}:{r[1]}" for r in EXPECTED])
def test_article_fields(sample_content: Path, row: tuple) -> None:
    dump, line, title, subtitle, outlet, author, when, posted, tags, comments = row
    meta = _load(sample_content)[f"{dump}:{line}"]
    assert meta["title"] == (_nbsp_last(title) if dump == D000 else title)
    assert meta.get("subtitle") == subtitle
    assert meta.get("outlet") == outlet
    assert meta.get("author") == author
    assert meta["date"] == when
    assert meta.get("posted") == posted
    assert meta.get("tags", []) == tags
    assert meta.get("comments") == comments
    assert meta["_path"] == f"articles/{when:%Y}/{when:%m}/{meta['slug']}.md"
    assert meta["summary"] and meta["summary"] in meta["_body"].replace("\\", "")


def test_site_header_is_not_an_article(sample_content: Path) -> None:
    titles = {" ".join(m["title"].split()) for m in _load(sample_content).values()}
    assert not titles & {"Aletho News", "ΑΛΗΘΩΣ", "Current News and Analysis"}


def test_headings_stay_inside_their_articles(sample_content: Path) -> None:
    records = _load(sample_content)
    yemen = records[f"{D001}:32"]["_body"]
    assert "\n## UNSC extends sanctions on Yemen\n" in yemen
    assert "\n## NGOs; culprits in espionage operations in Yemen\n" in yemen
    nato = records[f"{D001}:53"]["_body"]
    assert "\n## The Decline of the Soviet Empire and NATO’s Promises\n" in nato
    assert nato.count("\n## ") == 5
    cyprus = records[f"{D000}:5"]["_body"]
    assert cyprus.count("\n## ") == 10
    assert "\n## Cyprus ‘is no longer ours’\n" in cyprus
    rail = records[f"{D000}:105"]["_body"]
    # Image captions stay plain lines, not headings.
    assert "\nMap of Rasht-Astara Railway\n" in rail
    assert "## Map of" not in rail


def test_typography_quotes_and_link_lists_kept(sample_content: Path) -> None:
    records = _load(sample_content)
    cyprus = records[f"{D000}:5"]["_body"]
    assert "“Clearly, for some, genocide is profitable,” Albanese declared." in cyprus
    petro = records[f"{D001}:83"]["_body"]
    assert "Substack: <https://glenndiesen.substack.com/>" in petro
    assert "X/Twitter: <https://x.com/Glenn_Diesen>" in petro
    hoh = records[f"{D001}:170"]["_body"]
    assert "<https://www.paypal.com/paypalme/glenn>…" in hoh
