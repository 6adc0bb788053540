"""Where our build spends its time: py-spy samples of one `invoke build`, summarised.

`profile_build` runs the build under `py-spy record` (PyPI `py-spy`, a sampling
profiler: the build runs at nearly full speed) and returns the functions with the
largest share of samples, inclusive (time in the function and what it calls) and self.
"""

from __future__ import annotations

import shutil
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any

from bench.builds import ENV, ours_command

RATE = 25  # samples per second


def _frame(frame: str) -> str:
    """`function (file)` with the file shortened to its package path."""
    name, _, rest = frame.partition(" (")
    where = rest.split(":")[0].split("site-packages/")[-1].removeprefix("/work/main/")
    return f"{name} ({where})" if rest else frame


def summarise(raw: Path, top: int = 30) -> dict[str, Any]:
    """Inclusive and self shares (percent of samples) from py-spy's `--format raw` output."""
    inclusive: Counter[str] = Counter()
    own: Counter[str] = Counter()
    total = 0
    for line in raw.read_text(encoding="utf-8").splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack:
            continue
        n = int(count)
        total += n
        frames = [_frame(f) for f in stack.split(";") if f]
        for name in set(frames):
            inclusive[name] += n
        if frames:
            own[frames[-1]] += n
    share = 100 / total if total else 0.0
    skip = ("runpy", "invoke/", "tasks.py", "pelican/__init__.py")
    return {
        "samples": total,
        "inclusive": [
            [name, round(n * share, 1)]
            for name, n in inclusive.most_common()
            if not any(s in name for s in skip)
        ][:top],
        "self": [[name, round(n * share, 1)] for name, n in own.most_common(top // 2)],
    }


def have_py_spy() -> bool:
    """True when py-spy is installed (`pip install py-spy`)."""
    return shutil.which("py-spy") is not None


def profile_build(content: Path, work: Path) -> dict[str, Any]:
    """Profile one full `invoke build` of `content` in the fresh folder `work`."""
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    raw = work / "profile.txt"
    command = ["py-spy", "record", "-r", str(RATE), "-f", "raw", "-o", str(raw), "--"]
    subprocess.run(
        [*command, *ours_command(content, work / "out")],
        cwd=work,
        env=ENV,
        capture_output=True,
        check=True,
    )
    return summarise(raw)
