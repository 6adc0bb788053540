"""reader_cache: Pelican's content cache, saved only when it changed, fast and atomically.

Pelican pickles its reader cache (every article's HTML and metadata: tens of MB at
10,000 articles) at the end of every build, gzip'd at level 9, straight into the cache
file. Here it is saved only when an entry changed (an unchanged rebuild writes
nothing), at gzip level 1 (a fraction of the time, a slightly larger file), and through
a temporary file and a rename, so a build killed while saving leaves the old cache.
A cache that holds nothing (Pelican's generator-level one, when caching is at the
reader level) no longer reads and hashes every content file to say so. A cache file is
read whether it is gzip'd or not, so changing GZIP_CACHE needs no clean build.
"""

from __future__ import annotations

import builtins
import gzip
import logging
import os
import pickle
import time
import types
from pathlib import Path
from typing import Any

from pelican import signals

from clippings.atomic import atomic_open
from clippings.cachefile import read_cache, write_cache
from clippings.site import compat

from .prefetch import read_ahead
from .templates import cache_templates

log = logging.getLogger(__name__)
_original_cache_data = compat.original("pelican.cache:FileDataCacher.cache_data")
_stamped_get = compat.original("pelican.cache:FileStampDataCacher.get_cached_data")
_stamped_cache = compat.original("pelican.cache:FileStampDataCacher.cache_data")


def cache_data(self: Any, filename: str, data: Any) -> None:
    """Pelican's `cache_data`, noting that the cache now differs from its file."""
    _original_cache_data(self, filename, data)
    if self._cache_data_policy:
        self._clippings_changed = True


def open_either(path: str, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
    """`open` as Pelican's cache module sees it: a gzip'd file is read through gzip."""
    if "r" in mode:
        try:
            with builtins.open(path, "rb") as probe:
                zipped = probe.read(2) == b"\x1f\x8b"
        except OSError:
            zipped = False  # (the open below raises, as Pelican expects)
        if zipped:
            return gzip.open(path, mode, *args, **kwargs)
    return builtins.open(path, mode, *args, **kwargs)


def get_stamped(self: Any, filename: str, default: Any = None) -> Any:
    """Pelican's `get_cached_data`, without hashing the file when the cache is empty.

    Pelican asks the generator-level cache for every file even when caching is at the
    reader level only (ours): that cache is empty, yet each file was read and hashed.
    """
    if not self._cache:
        return default
    _remember_stamps(self)
    return _stamped_get(self, filename, default)


def cache_stamped(self: Any, filename: str, data: Any) -> None:
    """Pelican's `cache_data`, without hashing the file when nothing is cached."""
    if self._cache_data_policy:
        _remember_stamps(self)
        _stamped_cache(self, filename, data)


# A file whose time stamps are this close to now may still change within the same
# tick of the file system's clock: its hash is not remembered (git's "racy" entries).
RACY_NS = 3_000_000_000


class StampMemo:
    """A content file's hash (CHECK_MODIFIED_METHOD "md5" etc.), remembered by what
    `os.stat` says of it (size, modification and change times, inode, device), so that
    a rebuild reads and hashes only the files that changed.

    The change time (ctime) cannot be set back by copying or `touch`: any write gives
    the file a new one. Kept beside Pelican's cache file, as `<cache>.stamps`.
    """

    def __init__(self, hash_file: Any, method: str, path: Path) -> None:
        self.hash_file, self.method, self.path = hash_file, method, path
        saved = read_cache(path, dict) or {}
        self.known: dict[str, Any] = (
            saved.get("stamps", {}) if saved.get("method") == method else {}
        )
        self.seen: dict[str, Any] = {}
        self.changed = False

    def __call__(self, filename: str) -> Any:
        stat = os.stat(filename)  # (before reading: a later write changes what is seen)
        key = (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino, stat.st_dev)
        known = self.known.get(filename)
        if known is not None and known[0] == key:
            self.seen[filename] = known
            return known[1]
        stamp = self.hash_file(filename)
        if time.time_ns() - max(stat.st_mtime_ns, stat.st_ctime_ns) > RACY_NS:
            self.seen[filename] = (key, stamp)
            self.changed = True
        return stamp

    def save(self) -> None:
        """Save what this build saw (files no longer read are forgotten)."""
        if self.changed or self.seen.keys() != self.known.keys():
            write_cache(self.path, {"method": self.method, "stamps": self.seen})
            self.known, self.changed = dict(self.seen), False


def _remember_stamps(cacher: Any) -> None:
    """Give `cacher` (a FileStampDataCacher) a StampMemo, once, when it hashes files."""
    if "_clippings_memo" in vars(cacher):
        return
    cacher._clippings_memo = None
    method = cacher.settings.get("CHECK_MODIFIED_METHOD")
    hash_file = getattr(cacher, "_filestamp_func", None)
    if method and method != "mtime" and hash_file is not None:
        memo = StampMemo(hash_file, method, Path(f"{cacher._cache_path}.stamps"))
        cacher._filestamp_func = cacher._clippings_memo = memo


def save_cache(self: Any) -> None:
    """Save the cache if it changed (or has no file yet): temporary file, then rename."""
    if not self._cache_data_policy:
        return
    memo = getattr(self, "_clippings_memo", None)
    if memo is not None:
        memo.save()
    path = Path(self._cache_path)
    if not getattr(self, "_clippings_changed", False) and path.exists():
        return
    try:
        with atomic_open(path, sync=False) as raw:
            if self.settings["GZIP_CACHE"]:
                with gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=1, mtime=0) as zipped:
                    pickle.dump(self._cache, zipped, protocol=pickle.HIGHEST_PROTOCOL)
            else:
                pickle.dump(self._cache, raw, protocol=pickle.HIGHEST_PROTOCOL)
        self._clippings_changed = False
    except (OSError, pickle.PicklingError, TypeError) as err:
        log.warning("Could not save cache %s\n ... %s", path, err)


def _load_or_damaged(file: Any) -> Any:
    """`pickle.load`, any failure an `UnpicklingError`: a cache pickled by other code
    (a class since renamed or moved) is a damaged cache, which the build removes and
    names in one line (clippings.site.build_errors), not a traceback."""
    try:
        return pickle.load(file)
    except pickle.PickleError:
        raise
    except Exception as exc:  # ModuleNotFoundError, AttributeError, EOFError, …
        raise pickle.UnpicklingError(f"{type(exc).__name__}: {exc}") from exc


# `pickle` as Pelican's cache module sees it.
_pickle = types.SimpleNamespace(**{**vars(pickle), "load": _load_or_damaged})


def register() -> None:
    signals.generator_init.connect(cache_templates)
    signals.article_generator_init.connect(read_ahead)
    # Pelican opens its cache with `open` (GZIP_CACHE off) looked up in its module first.
    compat.replace_in_module("pelican.cache", "open", open_either, "pelican.cache:FileDataCacher")
    compat.replace_in_module("pelican.cache", "pickle", _pickle, "pelican.cache:FileDataCacher")
    compat.replace("pelican.cache:FileDataCacher.cache_data", cache_data)
    compat.replace("pelican.cache:FileStampDataCacher.get_cached_data", get_stamped)
    compat.replace("pelican.cache:FileStampDataCacher.cache_data", cache_stamped)
    compat.replace("pelican.cache:FileDataCacher.save_cache", save_cache)
