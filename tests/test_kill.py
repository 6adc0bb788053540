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

from clippings.markdown import read_markdown
from clippings.store import checksum_ok


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
