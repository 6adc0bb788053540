"""Worker processes that end with the process that started them.

A build or an import killed outright (SIGKILL, the OOM killer) runs no clean-up: its
worker processes would live on. A forked renderer or the search index process would
then go on writing into `output/` alongside the next build (the index process removes
the files its own index does not use), and a pool worker blocked on its queue would
wait for ever. On Linux the kernel can signal a process when its parent ends.
"""

from __future__ import annotations

import contextlib
import os
import signal


def die_with_parent(parent: int) -> None:
    """Have the kernel kill this process when its parent (pid `parent`) ends (Linux;
    elsewhere nothing). Run first thing in a worker: as a fork's first step, or as a
    pool's `initializer` with `initargs=(os.getpid(),)`."""
    with contextlib.suppress(Exception):
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:  # the parent ended before the line above took effect
        os._exit(1)
