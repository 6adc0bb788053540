"""What the content folder already holds, looked up by identity, URL and guid.

Built by reading every article's front-matter once; a cache (`content/.cache/`, not part
of the archive) keyed by file size and modification time makes later runs read only the
files that changed. The cache is only ever a shortcut: deleting it changes nothing.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import yaml

from clippings.atomic import atomic_write
from clippings.importer.markdown import read_markdown

CACHE_DIR = ".cache"
CACHE_FILE = "import-index.json"
CACHE_VERSION = 1


def title_key(title: str) -> str:
    """A title reduced to lowercase words: quotes, dashes, spacing and case do not count."""
    return " ".join(re.sub(r"[\W_]+", " ", title.casefold()).split())


def identity(meta: dict[str, Any]) -> str:
    """The key that says two records are the same article: title, original date, outlet."""
    when = meta.get("date")
    when_text = when.isoformat() if isinstance(when, date) else str(when or "")
    outlet = title_key(str(meta.get("outlet") or ""))
    return f"{title_key(str(meta.get('title', '')))}|{when_text[:10]}|{outlet}"


def url_key(url: str | None) -> str | None:
    """A URL or guid normalised for matching: no scheme, `www.`, fragment or trailing slash."""
    if not url or not url.strip():
        return None
    parts = urlsplit(url.strip())
    if not parts.netloc:
        return url.strip()
    host = parts.netloc.lower().removeprefix("www.")
    path = parts.path.rstrip("/")
    return urlunsplit(("", host, path, parts.query, ""))


@dataclass(frozen=True)
class Entry:
    """One stored article, as far as matching needs it."""

    path: str  # relative to the content folder, POSIX separators
    identity: str
    urls: tuple[str, ...]


class ContentIndex:
    """Stored articles by identity and by URL/guid."""

    def __init__(self, content_dir: Path, articles_dir: Path) -> None:
        self.content_dir = content_dir
        self.articles_dir = articles_dir
        self._by_identity: dict[str, str] = {}
        self._by_url: dict[str, str] = {}
        self._entries: dict[str, Entry] = {}
        self._stamps: dict[str, list[int]] = {}
        self._load()

    # -- lookups -------------------------------------------------------------------

    def find(self, meta: dict[str, Any]) -> str | None:
        """The stored path of the article `meta` describes (guid, then URL, then identity)."""
        for value in (meta.get("guid"), meta.get("url")):
            key = url_key(value)
            if key and key in self._by_url:
                return self._by_url[key]
        return self._by_identity.get(identity(meta))

    def add(self, path: Path, meta: dict[str, Any]) -> None:
        """Record (or re-record) the article stored at `path`."""
        rel = path.relative_to(self.content_dir).as_posix()
        self._remove(rel)
        urls = tuple(k for k in (url_key(meta.get("guid")), url_key(meta.get("url"))) if k)
        entry = Entry(rel, identity(meta), urls)
        self._entries[rel] = entry
        self._by_identity.setdefault(entry.identity, rel)
        for key in urls:
            self._by_url.setdefault(key, rel)
        self.stamp(path)

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
        if self._by_identity.get(old.identity) == rel:
            del self._by_identity[old.identity]
        for key in old.urls:
            if self._by_url.get(key) == rel:
                del self._by_url[key]

    # -- persistence -----------------------------------------------------------------

    @property
    def cache_path(self) -> Path:
        return self.content_dir / CACHE_DIR / CACHE_FILE

    def _load(self) -> None:
        cached = self._read_cache()
        if not self.articles_dir.exists():
            return
        for root, _dirs, files in os.walk(self.articles_dir):
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
                    entry = Entry(rel, hit["identity"], tuple(hit["urls"]))
                    self._entries[rel] = entry
                    self._by_identity.setdefault(entry.identity, rel)
                    for key in entry.urls:
                        self._by_url.setdefault(key, rel)
                    self._stamps[rel] = hit["stamp"]
                    continue
                meta = self._read_meta(path)
                if meta is not None:
                    self.add(path, meta)

    @staticmethod
    def _read_meta(path: Path) -> dict[str, Any] | None:
        try:
            return read_markdown(path.read_text(encoding="utf-8"))[0]
        except (OSError, UnicodeDecodeError, ValueError, yaml.YAMLError):
            return None  # not an article of ours: it cannot match anything

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
            rel: {"identity": e.identity, "urls": list(e.urls), "stamp": self._stamps[rel]}
            for rel, e in sorted(self._entries.items())
            if rel in self._stamps
        }
        with contextlib.suppress(OSError):
            atomic_write(
                self.cache_path, json.dumps({"version": CACHE_VERSION, "entries": entries})
            )
