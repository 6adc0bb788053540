"""Wall time and peak memory of a command's whole process tree; sizes of folders."""

from __future__ import annotations

import contextlib
import hashlib
import os
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import psutil

POLL_SECONDS = 0.05
TIME = "/usr/bin/time"  # Debian's `time` package: the main process's maximum RSS


@dataclass(frozen=True)
class Measured:
    """One run of a command: wall seconds, peak RSS of its process tree, exit status."""

    seconds: float
    peak_rss: int  # bytes
    returncode: int
    stdout: str
    stderr: str
    load: float = 0.0  # 1-minute load average when it ended (other work on the machine)
    timed_out: bool = False  # stopped at the time limit: `seconds` and `peak_rss` are so far


def _memory(process: psutil.Process) -> int:
    """A process's proportional set size (PSS: each page shared with other processes,
    such as a forked worker's copy-on-write pages, counted in shares), else its RSS."""
    try:
        return int(process.memory_full_info().pss)
    except (AttributeError, psutil.AccessDenied):
        return int(process.memory_info().rss)


def _tree_rss(root: psutil.Process) -> int:
    """The memory of `root` and its descendants: summed PSS where the system has it (a
    forked worker's pages shared with its parent count once), else summed RSS."""
    total = 0
    try:
        processes = [root, *root.children(recursive=True)]
    except psutil.Error:
        return 0
    for process in processes:
        try:
            total += _memory(process)
        except psutil.Error:
            continue
    return total


def kill_tree(pid: int) -> None:
    """Kill the process `pid` and all its descendants, and wait until they are gone.

    Each process is stopped (SIGSTOP) before its children are listed, from the top down:
    a stopped process forks no more, so no child escapes the list by being born (or
    orphaned to init) between the listing and the SIGKILL.
    """
    try:
        pending = [psutil.Process(pid)]
    except psutil.Error:
        return
    tree: list[psutil.Process] = []
    while pending:
        process = pending.pop()
        try:
            process.suspend()
            pending += process.children()
        except psutil.Error:  # already gone
            continue
        tree.append(process)
    for process in tree:
        with contextlib.suppress(psutil.Error):
            process.kill()
    # The root is our Popen's child, reaped by its `wait`; psutil reaps none of the others.
    psutil.wait_procs(tree[1:], timeout=5)


def run_measured(
    command: Sequence[str],
    cwd: Path,
    env: Mapping[str, str] | None = None,
    timeout: float = 0,
) -> Measured:
    """Run `command`, sampling the summed RSS of its process tree every 50 ms.

    The peak is the larger of that sampled sum and the maximum RSS of the command's main
    process as `/usr/bin/time` reports it (which no sampling can miss). Not our own
    `wait4` rusage: on Linux a child's maximum RSS starts from its parent's at fork, so
    it would report this (large) benchmark process instead of a small command.

    With `timeout` (seconds, 0: none), a command still running then is killed with its
    whole process tree and returned `timed_out`, with the time and peak RSS up to then.
    """
    out_path, err_path, rss_path = cwd / ".stdout", cwd / ".stderr", cwd / ".maxrss"
    rss_path.unlink(missing_ok=True)
    timed = [TIME, "-f", "%M", "-o", str(rss_path)] if Path(TIME).exists() else []
    with out_path.open("wb") as out, err_path.open("wb") as err:
        started = time.perf_counter()
        proc = subprocess.Popen(
            [*timed, *command], cwd=cwd, env=dict(env or os.environ), stdout=out, stderr=err
        )
        peak = 0
        done = threading.Event()

        def poll() -> None:
            nonlocal peak
            try:
                root = psutil.Process(proc.pid)
            except psutil.Error:
                return
            while not done.is_set():
                peak = max(peak, _tree_rss(root))
                done.wait(POLL_SECONDS)

        sampler = threading.Thread(target=poll, daemon=True)
        sampler.start()
        timed_out = False
        try:
            proc.wait(timeout or None)
        except subprocess.TimeoutExpired:
            timed_out = True
        seconds = time.perf_counter() - started  # of a stopped command: up to the limit
        if timed_out:
            kill_tree(proc.pid)
            proc.wait()
        done.set()
        sampler.join()
    # Empty when `time` was killed with the command: it writes the file at start, the RSS at exit.
    words = rss_path.read_text().split() if rss_path.exists() else []
    kib = words[-1] if words else "0"
    return Measured(
        seconds=seconds,
        peak_rss=max(peak, int(kib) * 1024 if kib.isdigit() else 0),
        returncode=proc.returncode,
        stdout=out_path.read_text(encoding="utf-8", errors="replace"),
        stderr=err_path.read_text(encoding="utf-8", errors="replace"),
        load=os.getloadavg()[0],
        timed_out=timed_out,
    )


def checked(measured: Measured, what: str) -> Measured:
    """`measured`, or exit with the command's output when it failed."""
    if measured.returncode != 0:
        sys.stderr.write(measured.stdout[-5000:] + measured.stderr[-5000:])
        sys.exit(f"bench: {what} failed (exit {measured.returncode})")
    return measured


@dataclass(frozen=True)
class TreeSize:
    """Files under a folder: how many, their total size, and the disk space they take."""

    files: int
    bytes: int
    disk: int


def tree_size(folder: Path) -> TreeSize:
    """Count the files under `folder` and add up their sizes (apparent and on disk)."""
    files = size = disk = 0
    for dirpath, _, names in os.walk(folder):
        for name in names:
            st = os.lstat(os.path.join(dirpath, name))
            files += 1
            size += st.st_size
            disk += st.st_blocks * 512
    return TreeSize(files, size, disk)


Snapshot = dict[str, tuple[int, str]]


def snapshot(folder: Path) -> Snapshot:
    """Every file under `folder` with its modification time and a digest of its content."""
    out = {}
    for dirpath, _, names in os.walk(folder):
        for name in names:
            path = os.path.join(dirpath, name)
            with open(path, "rb") as fh:
                digest = hashlib.blake2b(fh.read(), digest_size=16).hexdigest()
            out[os.path.relpath(path, folder)] = (os.lstat(path).st_mtime_ns, digest)
    return out


def changes(before: Snapshot, after: Snapshot) -> dict[str, int]:
    """Files a build added, rewrote (new mtime), changed (new content) and removed."""
    kept = [p for p in after if p in before]
    return {
        "added": sum(1 for p in after if p not in before),
        "rewritten": sum(1 for p in kept if after[p][0] != before[p][0]),
        "changed": sum(1 for p in kept if after[p][1] != before[p][1]),
        "removed": sum(1 for p in before if p not in after),
        "total": len(after),
    }


def median(values: Sequence[float]) -> float:
    """The median (0.0 for no values)."""
    return statistics.median(values) if values else 0.0
