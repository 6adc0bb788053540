"""Shared fixtures: the sample dumps, a sample import and a real Pelican build of it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from clippings.chromium import CHROMIUM, CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
GOLDEN = Path(__file__).resolve().parent / "golden"
UPDATE_GOLDENS = os.environ.get("CLIPPINGS_UPDATE_GOLDENS") == "1"


def run_clippings(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """Run the real `clippings` command line in a subprocess."""
    return subprocess.run(
        [sys.executable, "-m", "clippings", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )


def run_pelican(
    content: Path, output: Path, cache: Path, *settings: str
) -> subprocess.CompletedProcess[str]:
    """Run plain `pelican` with pelicanconf.py, CACHE_PATH `cache` and `-e` `settings`."""
    return subprocess.run(
        [sys.executable, "-m", "pelican", str(content), "-s", "pelicanconf.py", "-o", str(output),
         "-e", f"CACHE_PATH={json.dumps(str(cache))}", *settings],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip


def assert_same_output(built_in: Path, expected_in: Path) -> None:
    """Two output folders hold the same files with the same bytes."""

    def files(output: Path) -> dict[str, bytes]:
        return {
            p.relative_to(output).as_posix(): p.read_bytes()
            for p in output.rglob("*")
            if p.is_file()
        }

    built, expected = files(built_in), files(expected_in)
    assert sorted(built) == sorted(expected)
    differ = sorted(name for name in expected if built[name] != expected[name])
    assert not differ, differ[:20]


def process_alive(pid: int) -> bool:
    """True if process `pid` runs (Linux /proc; a zombie, dead but not yet reaped, is not)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def build_site(content: Path, output: Path) -> subprocess.CompletedProcess[str]:
    """Run `invoke build` on `content` into `output`, as a maintainer would."""
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "invoke",
            "build",
            "--content",
            str(content),
            "--output",
            str(output),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "LC_ALL": "C.UTF-8", "TZ": "UTC"},
    )


@pytest.fixture(scope="session")
def sample_content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A content folder holding the import of both sample dumps."""
    content = tmp_path_factory.mktemp("content")
    result = run_clippings("import", str(SAMPLES), "--content", str(content))
    assert result.returncode == 0, result.stderr
    return content


@pytest.fixture(scope="session")
def sample_site(sample_content: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The output folder of a real Pelican build of the sample archive."""
    output = tmp_path_factory.mktemp("output")
    result = build_site(sample_content, output)
    assert result.returncode == 0, result.stdout + result.stderr
    return output


def check_golden(name: str, actual: str) -> None:
    """Compare `actual` with tests/golden/NAME; rewrite it when CLIPPINGS_UPDATE_GOLDENS=1."""
    path = GOLDEN / name
    if UPDATE_GOLDENS:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        return
    assert path.exists(), f"missing golden file {path}; run `invoke goldens`"
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, (
        f"{name} differs from its golden copy; run `invoke goldens` and review"
    )


# The only scripts the site ships: the search page's lunr.js, normalise.js, ranking.js,
# search.js and index manifest.
SITE_SCRIPTS = (
    "search/lunr.js",
    "theme/js/normalise.js",
    "theme/js/ranking.js",
    "theme/js/search.js",
    "search/manifest.js",
)


def is_site_script(tag: Any) -> bool:
    """True for a `<script src>` of the site's own search code (no inline code)."""
    src = str(tag.get("src", ""))
    return not (tag.string or "").strip() and any(src.endswith("/" + s) for s in SITE_SCRIPTS)


# Hypothesis budgets: a small one for the suite, a large one for `invoke fuzz`.
settings.register_profile("ci", max_examples=150, deadline=None)
settings.register_profile(
    "fuzz",
    max_examples=int(os.environ.get("CLIPPINGS_FUZZ_EXAMPLES", "20000")),
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(scope="session")
def browser():  # type: ignore[no-untyped-def]
    """Debian's headless Chromium driven by Playwright (installed by `invoke test`)."""
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "Chromium is missing: run `python3 -m invoke test`"
    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield instance
        instance.close()
