"""clippings/lifetime.py: a worker ends with the process that started it (Linux)."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest
from conftest import process_alive

from clippings.lifetime import die_with_parent

pytestmark = pytest.mark.skipif(
    not Path("/proc/self/stat").exists() or not hasattr(os, "fork"), reason="Linux only"
)


def test_a_worker_is_killed_when_its_parent_is() -> None:
    read, write = os.pipe()
    parent = os.fork()
    if parent == 0:  # the parent of the worker, killed below
        me = os.getpid()  # taken before the fork, as a pool's initargs are
        worker = os.fork()
        if worker == 0:
            die_with_parent(me)
            os.write(write, str(os.getpid()).encode())  # ready: its parent may go
            time.sleep(60)
            os._exit(0)
        time.sleep(60)
        os._exit(0)
    worker = int(os.read(read, 32))
    assert process_alive(worker)
    os.kill(parent, signal.SIGKILL)
    os.waitpid(parent, 0)
    deadline = time.monotonic() + 10
    while process_alive(worker) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert not process_alive(worker), "the worker outlived its parent"


def test_a_worker_whose_parent_is_already_gone_exits_at_once() -> None:
    child = os.fork()
    if child == 0:
        die_with_parent(os.getppid() + 1_000_000)  # not its parent: as if it had ended
        os._exit(0)
    _, status = os.waitpid(child, 0)
    assert os.waitstatus_to_exitcode(status) == 1
