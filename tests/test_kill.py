"""Fault tolerance: an import SIGKILLed at random moments never leaves a broken archive."""

from __future__ import annotations

import hashlib
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import ROOT, run_clippings

from clippings.importer.markdown import read_markdown
from clippings.importer.store import checksum_ok


def _dump(path: Path, n: int) -> None:
    parts = []
    for i in range(n):
        parts.append(
            f"Article number {i} about the news\n\nRT | November {1 + i % 28}, 2025\n\n"
            + "\n\n".join(f"Paragraph {j} of article {i}, with some text." for j in range(6))
            + f"\n\nNovember 29, 2025 Posted by | Militarism | , | {i % 3} Comments\n\n"
        )
    path.write_text("".join(parts), encoding="utf-8")


def _tree(content: Path) -> dict[str, str]:
    return {
        p.relative_to(content).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted((content / "articles").rglob("*"))
        if p.is_file()
    }


def test_sigkill_mid_import_then_rerun_converges(tmp_path: Path) -> None:
    dump = tmp_path / "big.txt"
    _dump(dump, 3000)
    reference = tmp_path / "reference"
    assert run_clippings("import", str(dump), "--content", str(reference)).returncode == 0

    content = tmp_path / "content"
    rng = random.Random(20251124)
    kills = 0
    for _ in range(5):
        proc = subprocess.Popen(
            [sys.executable, "-m", "clippings", "import", str(dump), "--content", str(content)],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0.3, 1.5))
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            kills += 1
        proc.wait()
        # Whatever moment it died at: every article file is whole and as written.
        for path in (content / "articles").rglob("*.md"):
            text = path.read_text(encoding="utf-8")
            read_markdown(text)
            assert checksum_ok(text) is True, path
    assert kills >= 1, "the import finished before any kill: make the input larger"

    final = run_clippings("import", str(dump), "--content", str(content))
    assert final.returncode == 0, final.stderr
    assert _tree(content) == _tree(reference)
    assert not list(content.rglob("*.tmp"))


def test_sigkill_mid_build_then_rerun_gives_the_clean_site(
    sample_content: Path, tmp_path: Path
) -> None:
    """A build killed at random moments leaves no half-written page; the next equals a clean one."""
    import os
    import shutil

    from conftest import build_site

    content = Path(shutil.copytree(sample_content, tmp_path / "content"))
    output = tmp_path / "output"
    rng = random.Random(7)
    env = {**os.environ, "LC_ALL": "C.UTF-8", "TZ": "UTC"}
    for _ in range(4):
        proc = subprocess.Popen(
            [sys.executable, "-m", "invoke", "build", "--content", str(content),
             "--output", str(output)],
            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
        )  # fmt: skip
        time.sleep(rng.uniform(1.0, 3.0))
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
        proc.wait()
        # Every page there is whole: it ends its document.
        for page in output.rglob("*.html"):
            assert page.read_bytes().rstrip().endswith(b"</html>"), page
    assert build_site(content, output).returncode == 0
    assert not list(output.rglob(".*.tmp"))
    clean = tmp_path / "clean"
    assert build_site(content, clean).returncode == 0
    files = {p.relative_to(output): p.read_bytes() for p in output.rglob("*") if p.is_file()}
    fresh = {p.relative_to(clean): p.read_bytes() for p in clean.rglob("*") if p.is_file()}
    assert files == fresh
