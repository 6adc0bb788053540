"""The search folder of a built site: index files built and put in place, changed ones only.

`publish` runs in a process of its own (the search plugin starts it as soon as the
articles are read), so the index is built on the second core while Pelican renders
pages on the first. It takes and returns plain data only.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from clippings.atomic import atomic_write, atomic_write_bytes
from clippings.search.documents import SearchDoc
from clippings.search.shards import build_index, search_files


@dataclass(frozen=True)
class Published:
    """What `publish` did."""

    files: int
    written: int
    removed: int
    warning: str | None = None


def _progress(done: int, total: int) -> None:
    if total >= 1000:
        print(f"search index: {done}/{total} articles", file=sys.stderr, flush=True)


def _unchanged(path: Path, name: str, data: bytes) -> bool:
    """True if `path` already holds `data`.

    A file in a subfolder (`t/`, `p/`, `d/`, `x/`) is named by a hash of its content, so
    one of that name and size is taken as it is: at 100,000 articles, reading a gigabyte
    back at every build to compare is most of a small update. A file cut short or
    replaced by one of another size is rewritten; the manifest and lunr.js, whose names
    stay, are compared byte for byte.
    """
    try:
        if "/" in name:
            return path.stat().st_size == len(data)
        return path.read_bytes() == data
    except OSError:
        return False


def publish(
    folder: Path,
    docs: Sequence[SearchDoc],
    shard_bytes: int,
    chunk_docs: int,
    extra: dict[str, str],
    stamp: Path,
    key: str,
) -> Published:
    """Build the index of `docs` into `folder` (plus the `extra` files), then stamp `key`.

    Files whose text is already there are not rewritten (mirrors re-sync nothing); `.js`
    files the new index does not use are removed. The stamp is written last: a build
    killed before it leaves no stamp, so the next build does the work again.
    """
    files = search_files(docs, build_index(docs, _progress), shard_bytes, chunk_docs)
    files.files.update(extra)
    written = 0
    folders: set[Path] = set()
    for name, text in files.files.items():
        path = folder / name
        if path.parent not in folders:
            path.parent.mkdir(parents=True, exist_ok=True)
            folders.add(path.parent)
        data = text.encode("utf-8")
        if _unchanged(path, name, data):
            continue
        # Not fsync'd, as the rest of the output: rebuilt at will, renamed into place whole.
        atomic_write_bytes(path, data, sync=False)
        written += 1
    removed = 0
    for path in sorted(folder.rglob("*.js")):
        if path.relative_to(folder).as_posix() not in files.files:
            path.unlink()
            removed += 1
    warning = None
    try:
        atomic_write(stamp, key)
    except OSError as exc:  # the stamp only saves work: say so, build on
        warning = f"search: cannot write {stamp}: {exc.strerror or exc}"
    return Published(len(files.files), written, removed, warning)
