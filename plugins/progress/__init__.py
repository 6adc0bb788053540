"""progress: a large build says how far it has got, on stderr.

Pelican prints nothing between its start and its "Done" line, which at 100,000 articles
is many minutes. Once an archive holds PROGRESS_MIN_ARTICLES articles or more (default
1,000), this prints a line every tenth of the articles read, and every PROGRESS_FILES
pages and feeds written or kept unchanged (default 5,000). The build's account stays on
stdout (plugins/build_account).
"""

from __future__ import annotations

import sys
import time
from typing import Any

from pelican import signals

from clippings.site import shares

DEFAULT_MIN_ARTICLES = 1000  # smaller builds are quick and stay quiet
DEFAULT_FILES = 5000


class _State:
    minimum = DEFAULT_MIN_ARTICLES
    every = DEFAULT_FILES
    total = 0
    read = 0
    files = 0
    started = 0.0


def _say(message: str) -> None:
    if not shares.primary():  # a rendering worker: the main process counts every file
        return
    elapsed = time.perf_counter() - _State.started
    print(f"build: {message} ({elapsed:.0f} s)", file=sys.stderr, flush=True)


def count_articles(generator: Any) -> None:
    """Before reading: how many article files there are."""
    settings = generator.settings
    files = generator.get_files(settings["ARTICLE_PATHS"], exclude=settings["ARTICLE_EXCLUDES"])
    _State.total, _State.read, _State.files = len(files), 0, 0
    _State.minimum = int(settings.get("PROGRESS_MIN_ARTICLES", DEFAULT_MIN_ARTICLES))
    _State.every = max(1, int(settings.get("PROGRESS_FILES", DEFAULT_FILES)))
    _State.started = time.perf_counter()


def note(message: str) -> None:
    """A line about the build's progress, for builds large enough to show progress."""
    if _State.total >= _State.minimum:
        _say(message)


def reader(total: int, processes: int) -> Any:
    """A `progress(n)` for reading `total` articles ahead on `processes` cores: a line
    every tenth (plugins/reader_cache/prefetch.py)."""
    step = max(1, total // 10)
    said = [0]

    def progress(done: int) -> None:
        if total < _State.minimum or done // step == said[0] // step:
            return
        said[0] = done
        _say(f"read {done:,}/{total:,} articles on {processes} cores")

    return progress


def article_read(content: Any) -> None:
    if type(content).__name__ != "Article" or _State.total < _State.minimum:
        return
    _State.read += 1
    step = max(1, _State.total // 10)
    if _State.read % step == 0 or _State.read == _State.total:
        _say(f"read {_State.read:,}/{_State.total:,} articles")


def file_done(*args: Any, **kwargs: Any) -> None:
    if _State.total < _State.minimum:
        return
    _State.files += 1
    if _State.files % _State.every == 0:
        _say(f"{_State.files:,} pages and feeds written or kept")


def register() -> None:
    signals.article_generator_init.connect(count_articles)
    signals.content_object_init.connect(article_read)
    signals.content_written.connect(file_done)
    signals.feed_written.connect(file_done)
