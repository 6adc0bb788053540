"""`run_measured` with a time limit: a real command tree is stopped, all of it, and says so."""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

import psutil

from bench.measure import run_measured

# A process that starts a child, which starts a grandchild; each writes its pid and sleeps.
SLEEPER = """\
import subprocess, sys, time
depth, folder = int(sys.argv[1]), sys.argv[2]
open(f"{folder}/pid-{depth}", "w").write(str(__import__("os").getpid()))
if depth < 2:
    subprocess.Popen([sys.executable, "-c", sys.argv[3], str(depth + 1), folder, sys.argv[3]])
time.sleep(60)
"""


def _gone(pid: int) -> bool:
    """True when `pid` no longer runs (a zombie waiting for init to reap it counts as gone)."""
    try:
        return psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


def test_a_command_past_its_time_limit_is_stopped_with_its_children(tmp_path: Path) -> None:
    pids = [tmp_path / f"pid-{depth}" for depth in range(3)]
    command = [sys.executable, "-c", SLEEPER, "0", str(tmp_path), SLEEPER]
    # Long enough for the three Pythons to start on a busy machine, far below their sleep.
    measured = run_measured(command, tmp_path, timeout=3)
    started = [int(p.read_text()) for p in pids if p.exists()]
    alive = [pid for pid in started if not _gone(pid)]
    for pid in alive:  # leave no sleeper behind when the test fails
        with contextlib.suppress(psutil.Error):
            psutil.Process(pid).kill()
    assert measured.timed_out
    assert 3 <= measured.seconds < 4  # the time up to the limit, not the clean-up after it
    assert measured.peak_rss > 0  # the peak seen before the stop is kept
    assert len(set(started)) == 3, "the tree had not started: the test would prove nothing"
    assert not alive, f"still running after the stop: {alive}"


def test_a_command_within_its_time_limit_is_not_stopped(tmp_path: Path) -> None:
    measured = run_measured([sys.executable, "-c", "print('done')"], tmp_path, timeout=60)
    assert not measured.timed_out
    assert measured.returncode == 0
    assert measured.stdout == "done\n"


def test_without_a_limit_a_command_runs_to_its_end(tmp_path: Path) -> None:
    command = [sys.executable, "-c", "import time; time.sleep(1.2)"]
    measured = run_measured(command, tmp_path)
    assert not measured.timed_out
    assert measured.returncode == 0
    assert measured.seconds >= 1.2
