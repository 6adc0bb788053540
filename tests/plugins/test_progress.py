"""plugins/progress: a large build reports how far it has got on stderr, not stdout."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from conftest import run_pelican


def _build(content: Path, tmp_path: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return run_pelican(content, tmp_path / "out", tmp_path / "c", *extra)


def test_progress_lines_above_the_threshold_only(sample_content: Path, tmp_path: Path) -> None:
    quiet = _build(sample_content, tmp_path)
    assert quiet.returncode == 0, quiet.stderr
    assert "build: read" not in quiet.stderr  # 21 articles: under the default 1,000
    loud = _build(sample_content, tmp_path, "PROGRESS_MIN_ARTICLES=1", "PROGRESS_FILES=100")
    assert loud.returncode == 0, loud.stderr
    reads = re.findall(r"build: read (\d+)/21 articles", loud.stderr)
    assert reads[-1] == "21" and len(reads) >= 10  # every tenth, then the last
    assert re.search(r"build: [\d,]+00 pages and feeds written or kept", loud.stderr)
    assert "build:" not in loud.stdout
