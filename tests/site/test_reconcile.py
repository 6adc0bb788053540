"""`invoke check` (clippings.site.reconcile + clippings.site.check) on a real build, and on
copies of it broken in the ways a site goes wrong."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

ARTICLE = "2025/11/lots-of-mess-to-clear-up-in-russia-us-ties-lavrov/index.html"


def _check(
    content: Path, output: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "invoke", "check", "--content", str(content), "--output", str(output)],
        cwd=ROOT, capture_output=True, text=True, check=False,
        env={**os.environ, "LC_ALL": "C.UTF-8", **(env or {})},
    )  # fmt: skip


def test_the_sample_site_checks_clean(sample_content: Path, sample_site: Path) -> None:
    result = _check(sample_content, sample_site)
    assert result.returncode == 0, result.stdout
    assert result.stdout.startswith("21 article(s) in ")
    assert ": 0 problem(s)" in result.stdout


@pytest.fixture
def broken(sample_site: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(sample_site, tmp_path / "output"))


def test_a_missing_page_is_named(sample_content: Path, broken: Path) -> None:
    (broken / ARTICLE).unlink()
    result = _check(sample_content, broken)
    assert result.returncode == 1
    assert f"({ARTICLE}): no page" in result.stdout
    assert "(missing)" in result.stdout  # the links to it are broken too


def test_listing_omissions(sample_content: Path, broken: Path) -> None:
    month = broken / "2025" / "11" / "index.html"
    month.write_text(
        month.read_text().replace(f'href="../../{ARTICLE}"', 'href="../../index.html"')
    )
    result = _check(sample_content, broken)
    assert result.returncode == 1
    assert f"({ARTICLE}): not listed in its month" in result.stdout


def test_sitemap_omissions_with_a_public_address(sample_content: Path, tmp_path: Path) -> None:
    env = {"CLIPPINGS_SITEURL": "https://archive.example.org"}
    output = tmp_path / "output"
    built = subprocess.run(
        [sys.executable, "-m", "invoke", "build", "--content", str(sample_content), "--output",
         str(output)],
        cwd=ROOT, capture_output=True, text=True, check=False, env={**os.environ, **env},
    )  # fmt: skip
    assert built.returncode == 0, built.stderr
    assert _check(sample_content, output, env).returncode == 0
    sitemap = output / "sitemap.xml"
    folder = ARTICLE.removesuffix("index.html")
    sitemap.write_text(sitemap.read_text().replace(f"/{folder}</loc>", "/elsewhere/</loc>"))
    result = _check(sample_content, output, env)
    assert result.returncode == 1
    assert f"({ARTICLE}): not in sitemap.xml" in result.stdout
    sitemap.unlink()
    assert "sitemap.xml: missing" in _check(sample_content, output, env).stdout
    # Without the address, a sitemap is wrong (it would hold absolute URLs from elsewhere).
    sitemap.write_text('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"/>')
    plain = _check(sample_content, output, {"CLIPPINGS_SITEURL": ""})
    assert "sitemap.xml: written without a public address" in plain.stdout


def test_broken_html_feeds_and_budget(sample_content: Path, broken: Path) -> None:
    (broken / "feeds" / "all.atom.xml").write_text("<feed><entry>")
    (broken / "tags" / "index.html").write_text("<p>no doctype <b>unclosed")
    result = _check(sample_content, broken)
    assert result.returncode == 1
    assert "feeds/all.atom.xml: feed does not parse" in result.stdout
    assert "tags/index.html: " in result.stdout  # html5lib's parse errors
