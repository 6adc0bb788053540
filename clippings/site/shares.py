"""Rendering on every core: the writer's calls dealt out to forked worker processes.

Once Pelican has built the site's context (every article read, every listing known),
rendering pages is independent per page. When the writer is made, `start()` forks
`count - 1` workers (on Linux and other systems with `fork`; copy-on-write, so the
context is not copied or pickled). Every process then runs the same `generate_output`
calls in the same order, numbering the writer's calls (`write_file`, `write_feed`)
alike; call i is rendered by process `i % count`, the others only do Pelican's
bookkeeping for it (names written, `content_written` signals), so the main process
ends with the same state as a serial build. Each worker sends back its counts and
the fingerprints of the pages it rendered, or its error, through a pipe; `join()`
(the first receiver of `finalized`) merges them, or raises the worker's error as if
the main process had met it. Pages are the same bytes whichever process renders
them (tests/site/test_shares.py builds both ways and compares).

Generators whose output does not go only through the writer (Pelican's static files,
the search index) run in the main process alone, their writes all its own.
"""

from __future__ import annotations

import contextlib
import gc
import io
import logging
import os
import pickle
import signal
import sys
import threading
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from clippings.errors import ConfigError
from clippings.lifetime import die_with_parent

# Below this many article files, forking costs more than it saves.
MIN_ARTICLES = 200


@dataclass
class Share:
    """Which writer calls this process renders: those numbered `index` modulo `count`."""

    index: int
    count: int
    calls: int = 0
    exclusive: int = 0  # > 0 while a main-process-only generator writes

    def mine(self) -> bool:
        """Number the next writer call; True if this process renders it."""
        if self.exclusive:
            return True
        number = self.calls
        self.calls += 1
        return number % self.count == self.index


@dataclass
class Worker:
    """A forked worker: its process id and the pipe its result comes through."""

    pid: int
    reader: int


@dataclass
class _State:
    generators: list[Any] = field(default_factory=list)
    workers: list[Worker] = field(default_factory=list)
    in_worker: bool = False


_state = _State()


def usable_cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def processes(setting: Any, articles: int) -> int:
    """How many processes render: BUILD_PROCESSES (0: every usable core), 1 for small
    archives and where `fork` is missing (Windows) or unsafe with threads (macOS)."""
    try:
        wanted = int(setting or 0) or usable_cores()
    except (TypeError, ValueError):
        raise ConfigError("BUILD_PROCESSES", f"not a whole number: {setting!r}") from None
    if wanted < 2 or not hasattr(os, "fork") or sys.platform == "darwin":
        return 1
    if articles < MIN_ARTICLES and not setting:
        return 1
    return wanted


def remember_generators(generators: Iterable[Any]) -> None:
    """Keep the build's generators (signal all_generators_finalized) for the workers."""
    _state.generators = list(generators)


def article_count() -> int:
    """How many articles the remembered generators hold (to decide whether to fork)."""
    return sum(len(getattr(generator, "articles", ())) for generator in _state.generators)


def primary() -> bool:
    """False in a worker: files written outside the writer are the main process's."""
    return not _state.in_worker


def start(
    writer: Any, count: int, shared: Callable[[Any], bool], result: Callable[[], Any]
) -> None:
    """Fork `count - 1` workers rendering their share with `writer`, then give the main
    process share 0. `shared(generator)` says whether a generator's output goes only
    through the writer; `result()` is what a worker sends back when it is done."""
    generators = _state.generators
    reap()  # a build stopped before it joined its workers (`invoke serve` goes on)
    # Not kept past this point: the build's objects are freed with its generators.
    if count < 2 or not generators:
        writer.share = None
        return
    for generator in generators:
        if not shared(generator):
            _exclusive(generator, writer)
    # Objects made before the fork stay out of the collector's sight in the workers, so
    # collections there do not touch (and copy) every page of the parent's memory.
    gc.freeze()
    try:
        for index in range(1, count):
            pid, reader = _fork(writer, generators, index, count, shared, result)
            _state.workers.append(Worker(pid, reader))
    finally:
        gc.unfreeze()
    writer.share = Share(0, count)


def _exclusive(generator: Any, writer: Any) -> None:
    """Make every write of `generator` the main process's own (it runs only there)."""
    original = generator.generate_output

    def generate_output(target: Any) -> Any:
        share = getattr(writer, "share", None)
        if share is not None:
            share.exclusive += 1
        try:
            return original(target)
        finally:
            if share is not None:
                share.exclusive -= 1

    generator.generate_output = generate_output


def _fork(writer: Any, generators: list[Any], index: int, count: int,
          shared: Callable[[Any], bool], result: Callable[[], Any]) -> tuple[int, int]:  # fmt: skip
    reader, sender = os.pipe()
    pid = _fork_worker()
    if pid:
        os.close(sender)
        return pid, reader
    # The worker: render its share, send the result, and leave without running any
    # exit handler (those are the main process's: thread pools, caches, the account).
    os.close(reader)
    status = 0
    try:
        _state.in_worker = True
        for worker in _state.workers:  # earlier siblings' pipes are not this one's
            os.close(worker.reader)
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        writer.share = Share(index, count)
        for generator in generators:
            if shared(generator):
                generator.generate_output(writer)
        payload = pickle.dumps(("ok", result()))
    except BaseException as error:
        status = 1
        payload = _error_payload(error)
    try:
        with os.fdopen(sender, "wb") as out:
            out.write(payload)
        sys.stdout.flush()
        sys.stderr.flush()
    finally:
        os._exit(status)


def map_shared(
    items: list[Any],
    count: int,
    work: Callable[[Any], Any],
    progress: Callable[[int], None] | None = None,
) -> list[tuple[Any, Any]]:
    """`(item, work(item))` for every item whose work succeeded, done by this process
    and `count - 1` forked workers (item i by process `i % count`), in no set order.

    For work that is only a head start (reading files into a cache): an item whose work
    fails, or logs a warning, is left out, for the caller to do again itself, where its
    error or warning is met as in a serial build. A worker that fails loses only its
    results. `progress(n)` is called in this process as the items done reach n."""
    if count < 2 or len(items) < 2:
        count = 1
    pipes: list[tuple[int, int]] = []
    gc.freeze()
    try:
        for index in range(1, count):
            reader, sender = os.pipe()
            pid = _fork_worker()
            if pid == 0:
                os.close(reader)
                for _, earlier in pipes:
                    os.close(earlier)
                _state.in_worker = True
                _map_worker(items[index::count], work, sender)
            os.close(sender)
            pipes.append((pid, reader))
    finally:
        gc.unfreeze()
    gathered: list[list[tuple[Any, Any]]] = [[] for _ in pipes]
    threads = [
        threading.Thread(target=_drain, args=(reader, gathered[n]), daemon=True)
        for n, (_, reader) in enumerate(pipes)
    ]
    for thread in threads:
        thread.start()
    done: list[tuple[Any, Any]] = []
    for number, item in enumerate(items[::count], 1):
        done += [(item, result) for result in _attempt(work, item)]
        if progress is not None:
            progress(number + sum(len(results) for results in gathered))
    for thread, (pid, _) in zip(threads, pipes, strict=True):
        thread.join()
        with contextlib.suppress(OSError):
            os.waitpid(pid, 0)
    for results in gathered:
        done += results
    if progress is not None:
        progress(len(items))
    return done


_CHUNK = 256  # items per message from a worker: results arrive while it works


def _map_worker(items: list[Any], work: Callable[[Any], Any], sender: int) -> None:
    """A map worker: do `items`, send the results in chunks, exit without cleanup."""
    status = 0
    try:
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        # Nothing a worker logs reaches the console (the caller meets it again itself):
        # Pelican's handler is the root logger's.
        watcher = _WarningWatch()
        logging.getLogger().handlers = [watcher]
        with os.fdopen(sender, "wb") as out:
            chunk: list[tuple[Any, Any]] = []
            for item in items:
                watcher.warned = False
                results = _attempt(work, item)
                if not watcher.warned:
                    chunk += [(item, result) for result in results]
                if len(chunk) >= _CHUNK:
                    pickle.dump(chunk, out, protocol=pickle.HIGHEST_PROTOCOL)
                    chunk = []
            if chunk:
                pickle.dump(chunk, out, protocol=pickle.HIGHEST_PROTOCOL)
    except BaseException:
        status = 1
    finally:
        os._exit(status)


def _attempt(work: Callable[[Any], Any], item: Any) -> list[Any]:
    try:
        return [work(item)]
    except Exception:
        return []


class _WarningWatch(logging.Handler):
    """Notes that a warning or error was logged (that item is left to the caller)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.warned = False

    def emit(self, record: logging.LogRecord) -> None:
        self.warned = True


def _drain(reader: int, into: list[tuple[Any, Any]]) -> None:
    """Read a map worker's chunks as they come (so it never waits on a full pipe)."""
    with os.fdopen(reader, "rb") as pipe:
        while True:
            try:
                into += pickle.load(pipe)
            except EOFError:
                return
            except Exception:  # a worker cut short: keep what arrived whole
                return


def _fork_worker() -> int:
    """`os.fork()`, output flushed first and the console's locks free; in the worker,
    ended by the kernel if the main process ends."""
    sys.stdout.flush()
    sys.stderr.flush()
    parent = os.getpid()
    with _quiet_locks():
        pid = os.fork()
    if pid == 0:
        die_with_parent(parent)
    return pid


def _error_payload(error: BaseException) -> bytes:
    text = "".join(traceback.format_exception(error))
    noted = _noted_errors()
    try:
        return pickle.dumps(("error", error, text, noted))
    except Exception:
        error = RuntimeError(f"{type(error).__name__}: {error}")
        return pickle.dumps(("error", error, text, noted))


def _error_filters() -> list[Any]:
    """The build's error collectors (clippings.site.build_errors) on Pelican's logger."""
    from clippings.site.build_errors import BuildErrors

    return [f for f in logging.getLogger("pelican").filters if isinstance(f, BuildErrors)]


def _noted_errors() -> list[Any]:
    """The one-line errors a worker's collector took out of the log (to print them in
    the main process, as a serial build would)."""
    return [entry for errors in _error_filters() for entry in errors.errors]


@contextlib.contextmanager
def _quiet_locks() -> Any:
    """Hold the console's locks across the fork: Pelican's status line refreshes from
    a thread, and a lock held by it at the fork would stay locked in the worker."""
    from pelican.log import console

    locks = [console._lock]
    live = getattr(console, "_live_stack", None) or []
    locks += [item._lock for item in live if hasattr(item, "_lock")]
    with contextlib.ExitStack() as stack:
        for lock in locks:
            stack.enter_context(lock)
        yield


def join() -> list[Any]:
    """Wait for every worker; their results, in order. A worker's error is raised here
    (the first one), as if the main process had met it."""
    workers, _state.workers = _state.workers, []
    results, failure = [], None
    for worker in workers:
        with os.fdopen(worker.reader, "rb") as pipe:
            data = pipe.read()
        _, status = os.waitpid(worker.pid, 0)
        try:
            message = pickle.loads(data)
        except Exception:
            ended = RuntimeError(f"a rendering process ended ({_status(status)})")
            message = ("error", ended, "", [])
        if message[0] == "ok":
            results.append(message[1])
        elif failure is None:
            failure = message
    if failure is not None:
        for errors in _error_filters():
            errors.errors += [entry for entry in failure[3] if entry not in errors.errors]
        raise failure[1]
    return results


def _status(status: int) -> str:
    if os.WIFSIGNALED(status):
        return f"killed by signal {os.WTERMSIG(status)}"
    return f"exit status {os.waitstatus_to_exitcode(status)}"


def reap() -> None:
    """Stop the workers of a build that failed before joining them (no orphan keeps
    writing after the build has returned)."""
    workers, _state.workers = _state.workers, []
    _state.generators = []
    for worker in workers:
        with contextlib.suppress(OSError):
            os.kill(worker.pid, signal.SIGTERM)
        with contextlib.suppress(OSError):
            os.waitpid(worker.pid, 0)
        with contextlib.suppress(OSError):
            os.close(worker.reader)


class NullFile(io.StringIO):
    """Where a page another process renders goes in this one: nowhere."""

    def close(self) -> None:
        super().close()


class NullTemplate:
    """The template of a page another process renders: renders nothing."""

    name = ""

    def render(self, *args: Any, **kwargs: Any) -> str:
        return ""
