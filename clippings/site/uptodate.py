"""A rebuild that would change nothing is not run: the build's inputs, summed from `stat`.

A build's output depends on the content folder, the settings, Clippings' code and
theme, the installed packages, and (since it only writes what changed) the output
folder as the last build left it. `Inputs` sums these up from `os.stat` alone (names,
sizes, modification and change times, inodes: no file is read) before the build;
after a build that succeeded, the sum and the output folder's own sum are saved in
CACHE_PATH with the build's account. When the next build finds both sums as saved,
its output would be the same bytes: it prints the saved account and stops, in a
fraction of a second rather than the time Pelican takes to find out the same thing
page by page.

Like git's index, a content file changed within RACY_NS of the build's start is not
trusted to show a later change in its time stamps: the sum is then not saved, and the
next build runs in full. Anything the sum does not cover (a deleted cache, another
output folder, a failed build) simply means a full build.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import json
import os
import re
import sys
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from clippings.atomic import atomic_open
from clippings.site import resources

RACY_NS = 3_000_000_000
VERSION = 1  # of the record's format and of what the sum covers
_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")


def _tree(root: Path, digest: Any, racy_after: int | None = None, code: bool = False) -> bool:
    """Add every file under `root` (name, size, times, inode) to `digest`; True if one
    was changed after `racy_after` (ns). `code`: leave out Python's bytecode caches
    (written when a module is first imported, they say nothing new)."""
    racy = False
    base = str(root)
    for folder, dirs, files in os.walk(base):
        if code:
            dirs[:] = [d for d in dirs if d != "__pycache__"]
        dirs.sort()
        relative = os.path.relpath(folder, base)
        for name in sorted(files):
            try:
                stat = os.stat(os.path.join(folder, name))
            except OSError:
                continue
            digest.update(
                f"{relative}/{name}\0{stat.st_size}\0{stat.st_mtime_ns}\0{stat.st_ctime_ns}"
                f"\0{stat.st_ino}\n".encode()
            )
            if racy_after is not None and max(stat.st_mtime_ns, stat.st_ctime_ns) > racy_after:
                racy = True
    return racy


def _stable(value: Any) -> str:
    """A text for a settings value that is the same from one run to the next (no
    memory addresses)."""
    if isinstance(value, dict):
        items = sorted((str(k), _stable(v)) for k, v in value.items())
        return "{" + ",".join(f"{k}:{v}" for k, v in items) + "}"
    if isinstance(value, list | tuple):
        return "[" + ",".join(_stable(v) for v in value) + "]"
    if isinstance(value, set | frozenset):
        return "{" + ",".join(sorted(_stable(v) for v in value)) + "}"
    if isinstance(value, str | int | float | bool | type(None)):
        return repr(value)
    name = getattr(value, "__qualname__", None) or getattr(value, "__name__", None)
    if name is not None:
        return f"{getattr(value, '__module__', '')}.{name}"
    fields = getattr(value, "__dict__", None)
    if isinstance(fields, dict):
        return f"{type(value).__qualname__}{_stable(fields)}"
    return _ADDRESS.sub("", repr(value))


def _installed(digest: Any) -> None:
    """The installed distributions and their versions (their metadata folders' names)."""
    for entry in sys.path:
        with contextlib.suppress(OSError):
            names = sorted(n for n in os.listdir(entry or ".") if n.endswith(("-info", ".pth")))
            digest.update(f"{entry}\0{names}\n".encode())


def _setting_paths(settings: dict[str, Any], content: Path) -> Iterable[Path]:
    """Files and folders outside the content folder the settings name."""
    yield Path(str(settings.get("THEME") or ""))
    for key in ("PLUGIN_PATHS", "THEME_TEMPLATES_OVERRIDES"):
        yield from (Path(p) for p in settings.get(key) or [])
    for key, value in settings.items():
        if key.endswith("_FILE") and isinstance(value, str) and value:
            yield content / value if not os.path.isabs(value) else Path(value)


class Inputs:
    """The sum of a build's inputs, taken before it runs."""

    def __init__(
        self, settings_file: Path, settings: dict[str, Any], content: Path, output: Path
    ) -> None:
        self.output = output
        cache = Path(settings.get("CACHE_PATH") or "cache")
        where = hashlib.sha256(str(output.resolve()).encode()).hexdigest()[:16]
        self.record = cache / f"build-inputs-{where}.json"
        started = time.time_ns()
        digest = hashlib.sha256()
        digest.update(f"{VERSION}\0{sys.version}\0{settings_file.resolve()}".encode())
        digest.update(f"\0{content.resolve()}\0{output.resolve()}\n".encode())
        digest.update(_stable(settings).encode())
        if settings.get("WITH_FUTURE_DATES") is False:  # which articles show depends on the day
            digest.update(datetime.date.today().isoformat().encode())
        _installed(digest)
        for folder in resources.code_folders():  # Clippings, its plugins and theme
            _tree(folder, digest, code=True)
        for path in [settings_file, *_setting_paths(settings, content)]:
            if path.is_file():
                with contextlib.suppress(OSError):
                    stat = path.stat()
                    digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
            elif path.is_dir():
                _tree(path, digest, code=True)
        self.racy = _tree(content, digest, racy_after=started - RACY_NS)
        self.key = digest.hexdigest()

    def output_sum(self) -> str:
        digest = hashlib.sha256()
        if self.output.is_dir():
            _tree(self.output, digest)
        return digest.hexdigest()

    def last_account(self) -> list[str] | None:
        """The account of the last build, if its inputs and output are as they were."""
        try:
            saved = json.loads(self.record.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(saved, dict) or saved.get("inputs") != self.key:
            return None
        if saved.get("output") != self.output_sum():
            return None
        account = saved.get("account")
        return account if isinstance(account, list) else None

    def save(self, account: list[str]) -> None:
        """Remember a successful build (unless a content file was changed too recently
        for its time stamps to be trusted)."""
        if self.racy:
            self.forget()
            return
        data = {"inputs": self.key, "output": self.output_sum(), "account": account}
        with contextlib.suppress(OSError):  # a cache: the next build runs in full
            self.record.parent.mkdir(parents=True, exist_ok=True)
            with atomic_open(self.record, sync=False) as out:
                out.write(json.dumps(data, indent=0).encode())

    def forget(self) -> None:
        with contextlib.suppress(OSError):
            self.record.unlink(missing_ok=True)


def unchanged_account(account: list[str]) -> list[str]:
    """The last build's account, its output line saying that nothing was written."""
    lines = []
    for line in account:
        found = re.match(r"output: (\d+) page\(s\) and feed\(s\) written, (\d+) unchanged", line)
        if found:
            total = int(found[1]) + int(found[2])
            line = (
                f"output: 0 page(s) and feed(s) written, {total} unchanged ({total} of them "
                "not rendered again), 0 stale removed"
            )
        lines.append(line)
    return lines
