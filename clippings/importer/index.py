"""What the content folder already holds, looked up by identity, URL and guid.

Built by reading every article's front-matter once; a cache (`content/.cache/`, not part
of the archive) keyed by file size and modification time makes later runs read only the
files that changed. The cache is only ever a shortcut: deleting it changes nothing.
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from clippings import frontmatter
from clippings.atomic import atomic_write
from clippings.identity import guids_conflict, identity, text_key, url_key

CACHE_DIR = ".cache"
CACHE_FILE = "import-index.json"
CACHE_VERSION = 2

__all__ = ["ContentIndex", "Entry", "identity", "title_key", "url_key"]


def title_key(title: str) -> str:
    """A title as compared for identity (see `clippings.identity.text_key`)."""
    return text_key(title)


@dataclass(frozen=True)
class Entry:
    """One stored article, as far as matching needs it."""

    path: str  # relative to the content folder, POSIX separators
    identity: str
    guid: str | None
    url: str | None
    source: str | None = None

    @property
    def urls(self) -> tuple[str, ...]:
        return tuple(k for k in (self.guid, self.url) if k)


class ContentIndex:
    """Stored articles by identity and by URL/guid."""

    def __init__(self, content_dir: Path, articles_dir: Path) -> None:
        self.content_dir = content_dir
        self.articles_dir = articles_dir
        self._by_identity: dict[str, str] = {}
        self._by_url: dict[str, str] = {}
        self._entries: dict[str, Entry] = {}
        # Every path per key (the maps above keep the first only): the alternatives.
        self._all: dict[str, set[str]] = {}
        self._stamps: dict[str, list[int]] = {}
        self._load()

    # -- lookups -------------------------------------------------------------------

    def find(self, meta: dict[str, Any]) -> str | None:
        """The stored path of the article `meta` describes (guid, then URL, then identity)."""
        found = self.match(meta)
        return found[0] if found else None

    def match(self, meta: dict[str, Any]) -> tuple[str, str] | None:
        """(stored path, rule) of the article `meta` describes, by the rules of
        `clippings.identity`: guid, then own URL, then title + date + outlet; a stored
        article whose guid differs from `meta`'s is never a match."""
        guid = meta.get("guid")
        candidates = (
            ("guid", self._by_url.get(url_key(guid) or "")),
            ("url", self._by_url.get(url_key(meta.get("url")) or "")),
            ("title+date+outlet", self._by_identity.get(identity(meta))),
        )
        for rule, rel in candidates:
            if rel is None:
                continue
            entry = self._entries.get(rel)
            if entry is not None and guids_conflict(entry.guid, guid):
                continue
            return rel, rule
        return None

    def candidates(self, meta: dict[str, Any]) -> list[str]:
        """Every stored path `meta` matches by any rule, in path order (guid conflicts
        excluded): the alternatives when the first match is taken."""
        keys = [url_key(meta.get("guid")), url_key(meta.get("url")), "=" + identity(meta)]
        found = set().union(*(self._all.get(k, ()) for k in keys if k))
        return sorted(
            rel for rel in found if not guids_conflict(self._entries[rel].guid, meta.get("guid"))
        )

    def rule_for(self, rel: str, meta: dict[str, Any]) -> str:
        """The first rule by which the stored file `rel` matches `meta`."""
        entry = self._entries[rel]
        if entry.guid and entry.guid == url_key(meta.get("guid")):
            return "guid"
        if url_key(meta.get("url")) in entry.urls:
            return "url"
        return "title+date+outlet"

    def same_identity(self, rel: str, meta: dict[str, Any]) -> bool:
        """True if the stored file `rel` has `meta`'s title, date and outlet."""
        entry = self._entries.get(rel)
        return entry is not None and entry.identity == identity(meta)

    def source_of(self, rel: str) -> str | None:
        """The `source` front-matter field of the stored file `rel`."""
        entry = self._entries.get(rel)
        return entry.source if entry else None

    def add(self, path: Path, meta: dict[str, Any]) -> None:
        """Record (or re-record) the article stored at `path`."""
        rel = path.relative_to(self.content_dir).as_posix()
        self._remove(rel)
        source = meta.get("source")
        entry = Entry(
            rel,
            identity(meta),
            url_key(meta.get("guid")),
            url_key(meta.get("url")),
            source if isinstance(source, str) else None,
        )
        self._enter(entry)
        self.stamp(path)

    def _enter(self, entry: Entry) -> None:
        self._entries[entry.path] = entry
        for key in (*entry.urls, "=" + entry.identity):
            self._all.setdefault(key, set()).add(entry.path)
        self._by_identity.setdefault(entry.identity, entry.path)
        for key in entry.urls:
            self._by_url.setdefault(key, entry.path)

    def stamp(self, path: Path) -> None:
        """Note the size and time of the file at `path` (call again once it is rewritten)."""
        rel = path.relative_to(self.content_dir).as_posix()
        try:
            stat = path.stat()
            self._stamps[rel] = [stat.st_size, stat.st_mtime_ns]
        except OSError:  # not written yet: no stamp, so the next run reads the file
            self._stamps.pop(rel, None)

    def _remove(self, rel: str) -> None:
        old = self._entries.pop(rel, None)
        if old is None:
            return
        for key in (*old.urls, "=" + old.identity):
            self._all.get(key, set()).discard(rel)
        # Another file with the same key (the first in path order) takes its place.
        if self._by_identity.get(old.identity) == rel:
            del self._by_identity[old.identity]
            if rest := self._all.get("=" + old.identity):
                self._by_identity[old.identity] = min(rest)
        for key in old.urls:
            if self._by_url.get(key) == rel:
                del self._by_url[key]
                if rest := self._all.get(key):
                    self._by_url[key] = min(rest)

    # -- persistence -----------------------------------------------------------------

    @property
    def cache_path(self) -> Path:
        return self.content_dir / CACHE_DIR / CACHE_FILE

    def _load(self) -> None:
        cached = self._read_cache()
        if not self.articles_dir.exists():
            return
        for root, dirs, files in os.walk(self.articles_dir):
            dirs.sort()  # the first file of a key wins: the same one on every machine
            for name in sorted(files):
                if name.startswith(".") and name.endswith(".tmp"):
                    # Left by an import killed mid-write (the real file is intact).
                    (Path(root) / name).unlink(missing_ok=True)
                    continue
                if not name.endswith(".md") or name.startswith("."):
                    continue
                path = Path(root) / name
                rel = path.relative_to(self.content_dir).as_posix()
                stat = path.stat()
                hit = cached.get(rel)
                if hit and hit["stamp"] == [stat.st_size, stat.st_mtime_ns]:
                    self._enter(Entry(rel, hit["identity"], hit["guid"], hit["url"], hit["source"]))
                    self._stamps[rel] = hit["stamp"]
                    continue
                meta = self._read_meta(path)
                if meta is not None:
                    self.add(path, meta)

    @staticmethod
    def _read_meta(path: Path) -> dict[str, Any] | None:
        try:
            data = path.read_bytes()
        except OSError:
            return None
        try:
            return frontmatter.read(data)[0]
        except frontmatter.FrontMatterError:
            # Damaged by hand: still the article it was, so a re-import finds it (and
            # leaves it alone) rather than storing a second copy.
            return frontmatter.salvage(data.decode("utf-8", "replace")) or None

    def _read_cache(self) -> dict[str, Any]:
        try:
            data = json.loads(self.cache_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict) or data.get("version") != CACHE_VERSION:
            return {}
        entries = data.get("entries")
        return entries if isinstance(entries, dict) else {}

    def save(self) -> None:
        """Write the cache (best effort: a cache that cannot be written is not an error)."""
        entries = {
            rel: {
                "identity": e.identity,
                "guid": e.guid,
                "url": e.url,
                "source": e.source,
                "stamp": self._stamps[rel],
            }
            for rel, e in sorted(self._entries.items())
            if rel in self._stamps
        }
        with contextlib.suppress(OSError):
            atomic_write(
                self.cache_path, json.dumps({"version": CACHE_VERSION, "entries": entries})
            )
