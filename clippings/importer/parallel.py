"""Inputs parsed in worker processes while the main process stores what they found.

Parsing (and converting bodies to Markdown) is about half of an import without NER;
storing (deduplication, front-matter, atomic writes) is the other half and must stay
in one process, in input order, so slugs and merges come out as in a sequential run.
Workers parse whole files, a few ahead of the one being stored; the main process
merges what they learned into the category vocabulary in input order.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path

from clippings.errors import InputError, StoreError
from clippings.importer.model import Article, Note, Skipped
from clippings.importer.options import ImportOptions
from clippings.importer.sources.detect import parser_for
from clippings.lifetime import die_with_parent

Item = Article | Skipped | Note
# Formats whose parser reads the vocabulary; it must hold what earlier inputs taught.
READS_VOCABULARY = frozenset({"text"})
# A file parsed in a worker is held in memory whole; larger ones are streamed here.
MAX_WORKER_FILE_BYTES = 64 << 20
# Below this many bytes in a run of inputs, starting workers costs more than it saves.
MIN_PARALLEL_BYTES = 8 << 20


def default_jobs() -> int:
    """Processes to use: the CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


@dataclass
class _Parsed:
    items: list[Item]
    error: InputError | None
    vocabulary: list[str]


def _parse_whole(path: Path, fmt: str, options: ImportOptions) -> _Parsed:
    """Parse one input completely (in a worker); errors travel back as values."""
    items: list[Item] = []
    try:
        items.extend(parser_for(fmt)(path, options))
    except InputError as exc:
        return _Parsed(items, exc, options.vocabulary.names())
    return _Parsed(items, None, options.vocabulary.names())


def _replay(parsed: _Parsed, options: ImportOptions) -> Iterator[Item]:
    options.vocabulary.add(parsed.vocabulary)
    yield from parsed.items
    if parsed.error is not None:
        raise parsed.error


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # the parser reports it


def parsed_inputs(
    inputs: Sequence[tuple[Path, str]],
    options: ImportOptions,
    jobs: int = 0,
    min_parallel_bytes: int = MIN_PARALLEL_BYTES,
) -> Iterator[tuple[Path, Iterator[Item]]]:
    """Yield (input, its items) in input order, parsing ahead in `jobs - 1` workers.

    Each items iterator raises InputError where the input turned out unreadable, as
    the format's parser would. `jobs` 0 means `default_jobs()`; 1 parses here only.
    """
    workers = (jobs or default_jobs()) - 1  # the main process stores
    runs = groupby(inputs, key=lambda pair: pair[1] in READS_VOCABULARY)
    pool: ProcessPoolExecutor | None = None
    try:
        for _, run_iter in runs:
            run = list(run_iter)
            sizes = [_size(path) for path, _ in run]
            if workers < 1 or len(run) < 2 or sum(sizes) < min_parallel_bytes:
                for path, fmt in run:
                    yield path, parser_for(fmt)(path, options)
                continue
            if pool is None:
                # spawn, not fork: the main process may run threads (progress bar, spaCy).
                pool = ProcessPoolExecutor(
                    workers, multiprocessing.get_context("spawn"),
                    initializer=die_with_parent, initargs=(os.getpid(),),
                )  # fmt: skip
            yield from _run_in_pool(pool, run, sizes, options, workers)
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)


def _run_in_pool(
    pool: ProcessPoolExecutor,
    run: list[tuple[Path, str]],
    sizes: list[int],
    options: ImportOptions,
    workers: int,
) -> Iterator[tuple[Path, Iterator[Item]]]:
    # Options are pickled at submission: every file of this run sees the vocabulary as
    # the earlier runs left it (only READS_VOCABULARY formats read it, and they teach none).
    ahead: deque[tuple[Path, str, Future[_Parsed] | None]] = deque()
    todo = deque(zip(run, sizes, strict=True))

    def submit() -> None:
        (path, fmt), size = todo.popleft()
        if size > MAX_WORKER_FILE_BYTES:
            ahead.append((path, fmt, None))
        else:
            ahead.append((path, fmt, pool.submit(_parse_whole, path, fmt, options)))

    while todo or ahead:
        while todo and len(ahead) <= workers:
            submit()
        path, fmt, future = ahead.popleft()
        if future is None:
            yield path, parser_for(fmt)(path, options)
            continue
        try:
            parsed = future.result()
        except BrokenProcessPool:
            message = "the worker parsing it died (out of memory?); try --jobs 1"
            raise StoreError(f"{path}: {message}") from None
        yield path, _replay(parsed, options)
