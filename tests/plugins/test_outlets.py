"""plugins/outlets: normalised outlet names, outlet pages, index, feeds and outlets.json."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections import defaultdict
from datetime import datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

import feedparser
import pytest
from bs4 import BeautifulSoup
from clippings.plugins import outlets
from clippings.plugins.outlets.registry import (
    DEFAULTS_FILE,
    OutletInfo,
    Registry,
    load_registry,
    match_key,
    merge,
    read_outlets,
)
from conftest import ROOT, build_site, check_golden

from clippings.errors import ConfigError
from clippings.importer.markdown import read_markdown


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_bytes(), "html.parser")


def _metas(content: Path) -> list[dict]:
    return [
        read_markdown(p.read_text(encoding="utf-8"))[0]
        for p in sorted((content / "articles").rglob("*.md"))
    ]


def _url(meta: dict) -> str:
    return f"{meta['date']:%Y}/{meta['date']:%m}/{meta['slug']}/index.html"


def _expected(content: Path) -> dict[str, list[dict]]:
    """Display name → front-matter of its articles, as the default registry groups them."""
    registry = load_registry(content / "outlets.yaml")
    groups: dict[str, list[dict]] = defaultdict(list)
    for meta in _metas(content):
        if meta.get("outlet"):
            groups[registry.display_name(meta["outlet"])].append(meta)
    return groups


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


# --- the normaliser -------------------------------------------------------------------


def test_spellings_meet_ignoring_case_spaces_and_punctuation() -> None:
    assert len({match_key(s) for s in ("PressTV", "Press TV", "press tv", "PRESS-TV")}) == 1
    assert match_key("Antiwar.com") == "antiwarcom"
    assert match_key("Al-Mayadeen") == match_key("Al Mayadeen") == "almayadeen"
    assert match_key("Ｒ Ｔ") == "rt"  # full-width letters (NFKC)
    assert match_key("RT") != match_key("RT News")


def test_aliases_and_unknown_outlets() -> None:
    registry = load_registry(None)
    cases = {
        "RT News": "RT",
        "russia today": "RT",
        "RT": "RT",
        "PressTV": "Press TV",
        "press  tv": "Press TV",
        "Sputnik International": "Sputnik",
        "sputnik news": "Sputnik",
        "AL-MAYADEEN": "Al Mayadeen",
        "thecradle.co": "The Cradle",
        "Tass": "TASS",
        "  Some   Local   Blog ": "Some Local Blog",  # unknown: own name, spacing tidied
    }
    assert {s: registry.display_name(s) for s in cases} == cases
    assert registry.known("Some Local Blog") is None


def test_the_built_in_list_is_valid_and_covers_the_samples(sample_content: Path) -> None:
    defaults = read_outlets(DEFAULTS_FILE)  # raises on a duplicate alias or a bad field
    names = {info.name for info in defaults}
    assert {"RT", "Sputnik", "Press TV", "Al Mayadeen", "The Cradle", "TASS"} <= names
    assert all(info.homepage.startswith("https://") for info in defaults)
    registry = Registry(defaults)
    outlets_in_samples = {m["outlet"] for m in _metas(sample_content) if m.get("outlet")}
    assert outlets_in_samples and all(registry.known(o) for o in outlets_in_samples)


def test_outlets_yaml_overrides_and_extends_the_defaults(tmp_path: Path) -> None:
    path = tmp_path / "outlets.yaml"
    path.write_text(
        "# comments are fine\n"
        "- name: PressTV Iran\n"  # names the built-in Press TV through its alias
        "  aliases: [PressTV]\n"
        "  homepage: https://example.org/presstv/\n"
        "- name: Local Gazette\n"
        "  aliases: [The Gazette, gazette.example]\n"
        "  description: A local paper.\n",
        encoding="utf-8",
    )
    registry = load_registry(path)
    assert registry.display_name("Press TV") == "PressTV Iran"
    assert registry.display_name("PressTV.ir") == "PressTV Iran"  # built-in alias kept
    press = registry.known("press tv")
    assert press is not None and press.homepage == "https://example.org/presstv/"
    assert press.description.startswith("Iranian")  # not overridden: the built-in one
    # The built-in name and aliases became aliases, except spellings already covered.
    assert press.aliases == ("PressTV", "PressTV.ir")
    assert registry.display_name("the gazette") == "Local Gazette"
    assert registry.display_name("RT News") == "RT"  # other defaults untouched
    assert sum(1 for info in registry.outlets if info.name in ("Press TV", "PressTV Iran")) == 1


def test_an_empty_or_missing_file_means_the_defaults(tmp_path: Path) -> None:
    empty = tmp_path / "outlets.yaml"
    empty.write_text("# nothing yet\n", encoding="utf-8")
    assert load_registry(empty).outlets == load_registry(None).outlets
    assert load_registry(tmp_path / "missing.yaml").outlets == load_registry(None).outlets


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("- name: RT\n  aliases: [RT News\n- name: X\n", 3, "invalid YAML"),
        ("- name: RT\n  homepge: https://rt.com/\n", 2, "unknown key 'homepge'"),
        (
            "- name: Alpha\n  aliases: [Shared Name]\n- name: Beta\n  aliases:\n    - shared-name\n",
            5,
            "'shared-name' is claimed by two outlets: 'Alpha' (line 1) and 'Beta'",
        ),
        ("- name: Alpha\n- name: ALPHA\n", 2, "'ALPHA' is claimed by two outlets"),
        ("RT:\n  homepage: https://rt.com/\n", 1, "expected a YAML list of outlets"),
        ("- aliases: [X]\n", 1, "outlet without a `name`"),
        ("- name: X\n  homepage: javascript:alert(1)\n", 2, "must be an http(s) address"),
        ("- name: X\n  aliases: Y\n", 2, "`aliases` must be a list"),
        ("- name: X\n  name: Y\n", 2, "key 'name' given twice"),
        ("- name: '...'\n", 1, "has no letter or digit"),
        ("- name:\n", 1, "`name` must be text"),
        ("- RT\n", 1, "each outlet must be a mapping"),
        (
            "- name: Russia Today\n- name: RT News\n",
            2,
            "'RT News' and 'Russia Today' (line 1) both name the built-in outlet 'RT'",
        ),
    ],
)
def test_config_errors_name_the_file_and_line(
    tmp_path: Path, text: str, line: int, message: str
) -> None:
    path = tmp_path / "outlets.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_registry(path)
    assert str(caught.value).startswith(f"{path}:{line}: "), str(caught.value)
    assert message in str(caught.value)
    assert (caught.value.path, caught.value.line) == (str(path), line)


def test_merge_keeps_order_and_takes_over_matched_defaults() -> None:
    defaults = [OutletInfo("RT", ("RT News",), "https://rt.example/"), OutletInfo("Sputnik")]
    merged = merge(defaults, [OutletInfo("Russia Today", ("RT",))])
    assert [m.name for m in merged] == ["Sputnik", "Russia Today"]
    assert merged[1].aliases == ("RT", "RT News") and merged[1].homepage == "https://rt.example/"


def _article(n: int, outlet: str | None, status: str = "published") -> SimpleNamespace:
    meta = {"outlet": outlet} if outlet is not None else {}
    return SimpleNamespace(
        metadata=meta,
        date=datetime(2024, 1, 1) + timedelta(days=n),
        url=f"2024/{n}/index.html",
        status=status,
    )


def test_build_outlets_groups_counts_and_dates() -> None:
    spellings = ["PressTV", "Press TV", "press tv", "RT News", "RT", "glenn  diesen", None]
    spellings += ["Local Blog", "local blog", "Local Blog", "LOCAL-BLOG", ""]
    oldest_first = [_article(n, s) for n, s in enumerate(spellings)]
    arts = oldest_first[::-1]  # newest first, as Pelican lists them
    hidden = _article(99, "Hidden Outlet", "hidden")
    result = outlets.build_outlets([*arts, hidden], arts, load_registry(None), outlets.DEFAULTS)
    got = {o.name: (o.slug, o.count, o.first_date.day, o.last_date.day) for o in result}
    assert got == {
        "Glenn Diesen": ("glenn-diesen", 1, 6, 6),
        "Local Blog": ("local-blog", 4, 8, 11),  # the most frequent spelling
        "Press TV": ("press-tv", 3, 1, 3),
        "RT": ("rt", 2, 4, 5),
    }
    assert [o.name for o in result] == sorted(got, key=str.casefold)  # A–Z
    press = next(o for o in result if o.name == "Press TV")
    assert [a.date.day for a in press.articles] == [3, 2, 1]  # newest first
    assert all(a.metadata["outlet"] == str(a.outlet) for a in arts if a.metadata.get("outlet"))
    assert arts[1].outlet.url == "outlet/local-blog/index.html"
    assert str(hidden.outlet) == "Hidden Outlet" and hidden.outlet.count == 0  # no page
    assert not hasattr(oldest_first[6], "outlet") and not hasattr(oldest_first[11], "outlet")


def test_distinct_outlets_with_one_slug_get_distinct_pages() -> None:
    arts = [_article(0, "Café"), _article(1, "Cafe")]
    result = outlets.build_outlets(arts, arts, load_registry(None), outlets.DEFAULTS)
    assert sorted(o.slug for o in result) == ["cafe", "cafe-2"]


def test_index_orders_and_json() -> None:
    arts = [_article(n, s) for n, s in enumerate(["Zeta", "alpha", "Alpha", "9 News", "Émile"])]
    result = outlets.build_outlets(arts[::-1], arts[::-1], load_registry(None), outlets.DEFAULTS)
    letters = outlets.letters(result)
    assert [(g.label, g.anchor, [o.name for o in g.outlets]) for g in letters] == [
        ("A", "letter-a", ["Alpha"]),
        ("E", "letter-e", ["Émile"]),
        ("Z", "letter-z", ["Zeta"]),
        ("#", "letter-other", ["9 News"]),
    ]
    assert [(o.name, o.count) for o in outlets.by_count(result)][:1] == [("Alpha", 2)]
    data = json.loads(outlets.outlets_json(result))
    assert data[1] == {
        "name": "Alpha",
        "aliases": [],
        "url": "outlet/alpha/index.html",
        "homepage": None,
        "articles": ["2024/2/index.html", "2024/1/index.html"],
    }


def test_100k_articles_300_outlets() -> None:
    # Timing is the benchmark's job (docs/BENCHMARKS.md); this checks the results at scale.
    names = [f"Outlet number {i}" for i in range(300)] + ["PressTV", "RT News"]
    arts = [_article(i, names[i % len(names)]) for i in range(100_000)][::-1]
    result = outlets.build_outlets(arts, arts, load_registry(None), outlets.DEFAULTS)
    text = outlets.outlets_json(result)
    outlets.letters(result), outlets.by_count(result)
    assert len(result) == 302 and text.count("index.html") == 100_000 + 302


# --- the built site -------------------------------------------------------------------


def test_a_page_per_outlet_with_count_and_dates(sample_content: Path, sample_site: Path) -> None:
    expected = _expected(sample_content)
    assert len(expected) == 8 and len(expected["RT"]) == 6
    pages = sorted(p.parent.name for p in (sample_site / "outlet").glob("*/index.html"))
    assert pages == sorted(_slug(name) for name in expected)
    for name, metas in expected.items():
        soup = _soup(sample_site / "outlet" / _slug(name) / "index.html")
        assert soup.h1.get_text() == f"Outlet: {name}"
        meta = soup.select_one("dl.outlet-meta")
        count = len(metas)
        assert meta.dd.get_text(" ", strip=True).startswith(
            f"{count} article{'s' if count > 1 else ''},"
        )
        times = [t["datetime"] for t in meta.dd.select("time")]
        dates = sorted(f"{m['date']:%Y-%m-%d}" for m in metas)
        assert times == ([dates[0]] if count == 1 else [dates[0], dates[-1]])
        listed = [a["href"].removeprefix("../../") for a in soup.select("main .entry-title a")]
        assert sorted(listed) == sorted(_url(m) for m in metas)
        shown = [t["datetime"] for t in soup.select("main .entry time")]
        assert shown == sorted(shown, reverse=True)  # newest first
        feeds = [link["href"] for link in soup.select('link[rel=alternate][href*="/outlet/"]')]
        assert feeds == [f"../../feeds/outlet/{_slug(name)}.atom.xml"]
    rt = _soup(sample_site / "outlet" / "rt" / "index.html")
    assert rt.select_one(".outlet-description").get_text().startswith("Russian")
    assert rt.select_one('dl.outlet-meta a[href="https://www.rt.com/"]')


def _filing(name: str) -> str:
    return name.casefold().removeprefix("the ")


def test_outlet_index_a_to_z_and_by_count(sample_content: Path, sample_site: Path) -> None:
    expected = _expected(sample_content)
    soup = _soup(sample_site / "outlets" / "index.html")
    az = soup.select_one("section[aria-labelledby=outlets-az]")
    names = [a.get_text() for a in az.select("ul.tag-index a")]
    assert names == sorted(expected, key=_filing)  # "The Cradle" under C
    assert [a["href"] for a in az.select(".letters a")] == [f"#{h['id']}" for h in az.select("h3")]
    ranking = soup.select("section[aria-labelledby=outlets-by-count] li")
    got = [(li.a.get_text(), li.select_one(".count").get_text()) for li in ranking]
    order = sorted(expected, key=lambda n: (-len(expected[n]), _filing(n)))
    assert [name for name, _ in got] == order
    assert got[0] == ("RT", "(6 articles)")
    nav = soup.select_one("nav.site-nav a[aria-current=page]")
    assert nav.get_text() == "Outlets"


def test_article_pages_link_their_outlet(sample_content: Path, sample_site: Path) -> None:
    registry = load_registry(None)
    metas = _metas(sample_content)
    assert len(metas) == 21 and any(m.get("outlet") for m in metas)  # (not a loop over none)
    for meta in metas:
        soup = _soup(sample_site / _url(meta))
        link = soup.select_one("article header .byline .outlet a")
        if not meta.get("outlet"):
            assert link is None
            continue
        name = registry.display_name(meta["outlet"])
        assert link.get_text() == name
        assert link["href"] == f"../../../outlet/{_slug(name)}/index.html"
        assert (sample_site / _url(meta)).parent.joinpath(link["href"]).resolve().is_file()


def test_outlets_json_matches_the_content(sample_content: Path, sample_site: Path) -> None:
    data = json.loads((sample_site / "outlets.json").read_text(encoding="utf-8"))
    expected = _expected(sample_content)
    assert [o["name"] for o in data] == sorted(expected, key=_filing)
    registry = load_registry(None)
    for entry in data:
        metas = expected[entry["name"]]
        assert set(entry) == {"name", "aliases", "url", "homepage", "articles"}
        assert sorted(entry["articles"]) == sorted(_url(m) for m in metas)
        assert entry["url"] == f"outlet/{_slug(entry['name'])}/index.html"
        assert (sample_site / entry["url"]).is_file()
        assert all((sample_site / url).is_file() for url in entry["articles"])
        info = registry.known(entry["name"])
        assert entry["aliases"] == list(info.aliases) and entry["homepage"] == info.homepage


def test_outlet_feeds_parse_cleanly(sample_content: Path, sample_site: Path) -> None:
    expected = _expected(sample_content)
    assert len(expected["RT"]) == 6  # (a loop over no outlet would pass)
    for name, metas in expected.items():
        path = sample_site / "feeds" / "outlet" / f"{_slug(name)}.atom.xml"
        feed = feedparser.parse(path.read_bytes())
        assert not feed.bozo, (path, feed.bozo_exception)
        assert feed.feed.title == f"Clippings - {name}"
        # No public address in this build: links relative to the feed (plugins/public_url).
        links = {(path.parent / e.link).resolve() for e in feed.entries}
        assert links == {(sample_site / _url(m)).resolve() for m in metas}


def test_outlet_page_html_golden(sample_site: Path) -> None:
    text = (sample_site / "outlet" / "rt" / "index.html").read_text(encoding="utf-8")
    check_golden("html/outlet_rt.html", text)


@pytest.fixture(scope="module")
def variant_content(sample_content: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The samples with one Press TV article spelled `PressTV`, and an outlets.yaml."""
    content = tmp_path_factory.mktemp("variants") / "content"
    shutil.copytree(sample_content, content)
    changed = 0
    for path in sorted((content / "articles").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        if "\noutlet: Press TV\n" in text and not changed:
            path.write_text(text.replace("\noutlet: Press TV\n", "\noutlet: PressTV\n"), "utf-8")
            changed += 1
    assert changed == 1
    (content / "outlets.yaml").write_text(
        "- name: Press TV\n"
        "  aliases: [Press TV Iran]\n"
        "  description: Description from this archive's outlets.yaml.\n",
        encoding="utf-8",
    )
    return content


def test_variant_spellings_build_one_outlet_page(variant_content: Path, tmp_path: Path) -> None:
    output = tmp_path / "output"
    result = build_site(variant_content, output)
    assert result.returncode == 0, result.stdout + result.stderr
    pages = sorted(p.name for p in (output / "outlet").iterdir())
    assert "press-tv" in pages and "presstv" not in pages and len(pages) == 8
    soup = _soup(output / "outlet" / "press-tv" / "index.html")
    assert len(soup.select("main article.entry")) == 2
    assert soup.select_one(".outlet-description").get_text().endswith("outlets.yaml.")
    assert "Press TV Iran" in soup.select_one("dl.outlet-meta").get_text()
    data = {o["name"]: o for o in json.loads((output / "outlets.json").read_text("utf-8"))}
    assert len(data["Press TV"]["articles"]) == 2 and "PressTV" not in data
    # Every page, the search index and the neighbours see the display name only.
    for url in data["Press TV"]["articles"]:
        article = _soup(output / url)
        assert article.select_one("header .byline a[href$='outlet/press-tv/index.html']")
        assert "From Press TV" in article.select_one("nav.article-nav").get_text()
    assert not any("PressTV" in p.read_text("utf-8") for p in (output / "search").rglob("*.js"))


def test_outlet_pages_paginate_stably(variant_content: Path, tmp_path: Path) -> None:
    output = tmp_path / "output"
    result = subprocess.run(
        [sys.executable, "-m", "pelican", str(variant_content), "-s", "pelicanconf.py", "-o",
         str(output), "-e", "DEFAULT_PAGINATION=2", "--fatal", "warnings"],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    rt = output / "outlet" / "rt"
    first = _soup(rt / "index.html")
    oldest = _soup(rt / "page" / "1" / "index.html")
    dates = lambda s: [t["datetime"] for t in s.select("main .entry time")]  # noqa: E731
    assert len(dates(first)) == 2 and len(dates(oldest)) == 2
    assert max(dates(oldest)) <= min(dates(first))
    assert (rt / "page" / "2" / "index.html").is_file()
    assert not (rt / "page" / "3").exists()
    assert oldest.select_one("a[rel=prev]")["href"].endswith("page/2/index.html")
    assert "Articles 1–2, counted from the oldest" in oldest.get_text()
    assert oldest.select_one("dl.outlet-meta dt:-soup-contains('Articles')") is None


def test_a_bad_outlets_yaml_fails_the_build_in_one_line(
    sample_content: Path, tmp_path: Path
) -> None:
    content = tmp_path / "content"
    shutil.copytree(sample_content, content)
    yaml_file = content / "outlets.yaml"
    yaml_file.write_text(
        "- name: Press TV\n  aliases: [PressTV]\n- name: Tehran News\n  aliases: [presstv]\n",
        encoding="utf-8",
    )
    result = build_site(content, tmp_path / "output")
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"build: error: {yaml_file}:4: 'presstv' is claimed by two outlets: "
        "'Press TV' (line 1) and 'Tehran News'"
    ]
    assert "Traceback" not in result.stdout + result.stderr
