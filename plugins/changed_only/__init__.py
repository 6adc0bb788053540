"""changed_only: every output file is written atomically, and only if its bytes change.

Pelican opens each output file for writing and truncates it, then renders into it: a
build killed midway leaves half-written pages, and every build gives every file a new
modification time, so `rsync` mirrors re-send the whole site. This writer (registered
through `signals.get_writer`) collects what Pelican writes, compares it with the file
on disk, and only when it differs writes a temporary file beside it and renames it
into place. Pelican's own rules about writing a file twice are kept.

Files written outside the writer (the theme's static files, which Pelican copies at
every build, and plugins/public_url's `sitemap.xml`) get their old modification time
back when their bytes did not change.
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path
from typing import Any, ClassVar

from pelican import signals
from pelican.utils import sanitised_join
from pelican.writers import FileOverwriteFailedError, Writer

from clippings.atomic import atomic_open
from clippings.site import shares
from clippings.site.paths import relative_name

from ..progress import note
from .fingerprints import (
    FingerprintStore,
    feed_fingerprint,
    listing_fingerprint,
    page_fingerprint,
    period_subject,
    site_fingerprint,
    subject_fingerprint,
)

# Temporary files the writer makes: hidden, and named so that no one else's are taken.
TEMP_PREFIX = ".clippings-"


class ChangedOnlyFile(io.StringIO):
    """A text buffer that replaces `path` atomically on close, if its content differs."""

    def __init__(self, path: str, encoding: str, stats: dict[str, int]) -> None:
        super().__init__()
        self.path = Path(path)
        self.target_encoding = encoding
        self.stats = stats

    def close(self) -> None:
        if not self.closed:
            data = self.getvalue().encode(self.target_encoding)
            try:
                same = self.path.read_bytes() == data
            except OSError:
                same = False
            if same:
                self.stats["unchanged"] += 1
            else:
                self._replace(data)
                self.stats["written"] += 1
        super().close()

    def _replace(self, data: bytes) -> None:
        # No fsync: output is rebuilt from content/ at will; the rename is what makes
        # a reader (or a mirror) never see half a file.
        with atomic_open(self.path, sync=False, prefix=TEMP_PREFIX) as out:
            out.write(data)


class _ListingTemplate:
    """A template that gives back a listing page's file when its fingerprint is unchanged."""

    def __init__(self, writer: Any, template: Any, site: str, name: str, subject: Any) -> None:
        self.writer, self.template, self.site = writer, template, site
        self.name, self.subject = name, subject

    def render(self, local: dict[str, Any]) -> str:
        fingerprint = listing_fingerprint(self.site, self.name, self.subject, local)
        name = local["output_file"]
        path = Path(sanitised_join(self.writer.output_path, name))
        if self.writer.store.unchanged(name, fingerprint, path):
            self.writer.stats["not rendered"] += 1
            return path.read_text(encoding="utf-8")
        return self.template.render(local)


class ChangedOnlyWriter(Writer):
    """Pelican's Writer, opening ChangedOnlyFile buffers instead of truncating files, and
    not rendering article pages and feeds whose fingerprint is unchanged."""

    # The counts and fingerprints of the current build, for its end.
    stats: ClassVar[dict[str, int]] = {"written": 0, "unchanged": 0, "not rendered": 0}
    store: ClassVar[FingerprintStore | None] = None
    current: ClassVar[ChangedOnlyWriter | None] = None

    def __init__(self, output_path: str, settings: dict[str, Any] | None = None) -> None:
        super().__init__(output_path, settings=settings)
        ChangedOnlyWriter.stats = self.stats = {"written": 0, "unchanged": 0, "not rendered": 0}
        ChangedOnlyWriter.current = self
        cache = Path(self.settings.get("CACHE_PATH", "cache"))
        ChangedOnlyWriter.store = self.store = FingerprintStore(cache, Path(output_path))
        self._site: dict[bool, str] = {}
        # Which writer calls this process renders (clippings.site.shares); None: all.
        self.share: shares.Share | None = None
        self._foreign = False
        count = shares.processes(self.settings.get("BUILD_PROCESSES", 0), shares.article_count())
        shares.start(self, count, _renders_through_writer, self._result)
        if self.share is not None:
            note(f"writing pages in {self.share.count} processes")

    def _result(self) -> dict[str, Any]:
        """What a rendering worker sends back: its counts and its pages' fingerprints."""
        return {"stats": self.stats, "seen": self.store.seen if self.store else {}}

    def merge(self, result: dict[str, Any]) -> None:
        """Add a worker's counts and fingerprints to this process's."""
        for key, value in result["stats"].items():
            self.stats[key] = self.stats.get(key, 0) + value
        if self.store is not None:
            self.store.seen.update(result["seen"])

    def _mine(self) -> bool:
        return self.share is None or self.share.mine()

    def _elsewhere(self, name: Any, context: Any, *args: Any, **kwargs: Any) -> Any:
        """Pelican's bookkeeping for a page another process renders: the names it
        writes, its `content_written` signals; nothing rendered, nothing written."""
        self._foreign = True
        try:
            article = kwargs.get("article")
            if article is None or not name or args or kwargs.get("paginated"):
                return super().write_file(name, shares.NullTemplate(), context, *args, **kwargs)
            # An article's page (most calls): the name and the signal, as _skip keeps
            # them, without the local context Pelican would copy for a template.
            path = sanitised_join(self.output_path, name)
            self._open_w(path, "utf-8", bool(kwargs.get("override_output"))).close()
            signals.content_written.send(path, context={"article": article})
            return None
        finally:
            self._foreign = False

    def _site_fingerprint(self, context: dict[str, Any], relative: bool) -> str:
        if relative not in self._site:
            self._site[relative] = site_fingerprint(self.settings, context, relative)
        return self._site[relative]

    def _skip(self, name: str, fingerprint: str, article: Any = None) -> bool:
        """True if `name` was last written with `fingerprint` (it is then kept as is)."""
        path = sanitised_join(self.output_path, name)
        if not self.store.unchanged(name, fingerprint, Path(path)):
            return False
        self._written_files.add(path)  # Pelican's bookkeeping, as if written
        if article is not None:  # as Pelican signals a written page (pelican-sitemap listens)
            signals.content_written.send(path, context={"article": article})
        self.stats["not rendered"] += 1
        self.stats["unchanged"] += 1  # (listings kept as they were count when compared)
        return True

    def write_file(self, name: Any, template: Any, context: Any, *args: Any, **kwargs: Any) -> Any:
        if not self._mine():
            return self._elsewhere(name, context, *args, **kwargs)
        article = kwargs.get("article")
        template_name = kwargs.get("template_name") or ""
        if template_name == "period_archives":
            # Only with the theme's own template: Pelican falls back to archives.html,
            # which shows every year (not in this fingerprint).
            own = getattr(template, "name", "") == "period_archives.html"
            subject = period_subject(kwargs, context) if own else None
        else:
            subject = subject_fingerprint(template_name, kwargs)
        if article is None and name and not args and subject is not None:
            site = self._site_fingerprint(context, bool(kwargs.get("relative_urls")))
            template = _ListingTemplate(self, template, site, kwargs["template_name"], subject)
            return super().write_file(name, template, context, **kwargs)
        if article is None or not name or args or kwargs.get("paginated"):
            return super().write_file(name, template, context, *args, **kwargs)
        site = self._site_fingerprint(context, bool(kwargs.get("relative_urls")))
        fingerprint = page_fingerprint(site, article, getattr(template, "name", ""))
        if self._skip(name, fingerprint, article):
            return None
        return super().write_file(name, template, context, *args, **kwargs)

    def write_feed(self, elements: Any, context: Any, path: Any = None, url: Any = None,
                   feed_type: str = "atom", override_output: bool = False,
                   feed_title: Any = None) -> Any:  # fmt: skip
        if not self._mine():
            if path:  # rendered elsewhere: Pelican's bookkeeping and signal only
                complete = sanitised_join(self.output_path, path)
                self._foreign = True
                try:
                    self._open_w(complete, "utf-8", override_output).close()
                finally:
                    self._foreign = False
                signals.feed_written.send(complete, context=context, feed=None)
            return None
        if path and not override_output:
            fields = [path, url, feed_type, feed_title]
            # Only the entries Pelican puts in the feed (as Writer.write_feed slices them):
            # hashing every article of a large tag's or the whole archive's list is waste.
            shown = elements[: self.settings["FEED_MAX_ITEMS"]]
            fingerprint = feed_fingerprint(self._site_fingerprint(context, False), shown, fields)
            if self._skip(path, fingerprint):
                return None
        return super().write_feed(elements, context, path, url, feed_type, override_output,
                                  feed_title)  # fmt: skip

    def _open_w(self, filename: str, encoding: str, override: bool = False) -> Any:
        # Pelican's bookkeeping (Writer._open_w), then a buffer rather than open(…, "w").
        if filename in self._overridden_files:
            if override:
                raise FileOverwriteFailedError(
                    f'Failed to overwrite "{filename}" a second time (was previously overwritten)'
                )
            return open(os.devnull, "w", encoding=encoding)
        if filename in self._written_files and not override:
            raise FileOverwriteFailedError(
                f'Failed to overwrite "{filename}" as Pelican has already written to it '
                "previously (set `override=True` if intended)"
            )
        if override:
            self._overridden_files.add(filename)
        self._written_files.add(filename)
        if self._foreign:
            return shares.NullFile()
        return ChangedOnlyFile(filename, encoding, self.stats)


def _renders_through_writer(generator: Any) -> bool:
    """True for generators whose every output file goes through the writer (those a
    worker process may share); Pelican's static files and the search index do not."""
    from pelican.generators import ArticlesGenerator, PagesGenerator, TemplatePagesGenerator

    if isinstance(generator, ArticlesGenerator | PagesGenerator | TemplatePagesGenerator):
        return True
    return bool(getattr(generator, "renders_through_writer", False))


# Written outside Pelican's writer: (output-relative) folders and files to watch.
OUTSIDE_WRITER = ("theme", "sitemap.xml")
_before: dict[Path, tuple[int, int, bytes]] = {}
# The pages and feeds in the output folder when the build started (output-relative
# names): those the build does not write are stale (remove_stale).
_found: list[str] = []


def _output_names(output: Path) -> list[str]:
    """Every file under `output`, as output-relative names with "/" (one walk, no Path
    object per file: the output holds two files per article)."""
    names = []
    root = str(output)
    for folder, _, files in os.walk(root):
        prefix = os.path.relpath(folder, root).replace(os.sep, "/") + "/"
        prefix = "" if prefix == "./" else prefix
        names += [prefix + name for name in files]
    return names


def remember_outside_files(pelican: Any) -> None:
    """Note the time stamps and bytes of the files written outside the writer, and the
    pages and feeds already in the output folder (one walk of it, for remove_stale).

    Also removes the temporary files a killed build may have left (they are hidden:
    `.clippings-….tmp`, see ChangedOnlyFile).
    """
    _before.clear()
    _found.clear()
    output = Path(pelican.output_path)
    for name in _output_names(output) if output.is_dir() else []:
        base = name.rpartition("/")[2]
        # Only ours: a maintainer's own `.notes.tmp` under output/ is not the build's to delete.
        if base.startswith(TEMP_PREFIX) and base.endswith(".tmp"):
            (output / name).unlink(missing_ok=True)
        elif name.endswith((".html", ".xml")) and not name.startswith(KEEP):
            _found.append(name)
    for name in OUTSIDE_WRITER:
        base = output / name
        for path in [base] if base.is_file() else base.rglob("*") if base.is_dir() else []:
            if path.is_file():
                stat = path.stat()
                _before[path] = (stat.st_atime_ns, stat.st_mtime_ns, path.read_bytes())


def restore_unchanged_times(pelican: Any) -> None:
    """Give back their old time stamps to those files whose bytes are the same."""
    for path, (atime, mtime, data) in _before.items():
        try:
            if path.read_bytes() == data:
                os.utime(path, ns=(atime, mtime))
        except OSError:
            continue
    _before.clear()


def get_writer(pelican: Any) -> type[Writer]:
    return ChangedOnlyWriter


# Stale pages and feeds (a renamed tag or entity, a removed article) are deleted; these
# are written by other means and left alone.
KEEP = ("theme/", "search/", "sitemap.xml")


def remove_stale(pelican: Any) -> None:
    """Delete pages and feeds this build did not write (Pelican keeps them forever).

    Those are the ones found in the output folder when the build started
    (remember_outside_files) and not written since: files the build writes outside
    the writer are under KEEP.
    """
    writer = ChangedOnlyWriter.current
    if writer is None:
        return
    output = Path(pelican.output_path).resolve()
    # Compared as names relative to the output folder: no per-file resolve() (syscalls),
    # and no relpath for the usual absolute, normalised paths Pelican writes.
    root = os.path.abspath(pelican.output_path)
    written = {relative_name(str(p), root) for p in writer._written_files}
    removed = 0
    for name in sorted(name for name in _found if name not in written):
        path = output / name
        try:
            path.unlink()
        except FileNotFoundError:  # removed by someone else meanwhile
            continue
        removed += 1
        folder = path.parent
        while folder != output and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent
    _found.clear()
    writer.stats["removed"] = removed


def report(pelican: Any) -> None:
    """Save the fingerprints; say how many pages and feeds changed (what mirrors fetch).

    The line goes into the build's account (plugins/build_account, printed on stdout
    when the build ends), or to stderr when that plugin is not in use.
    """
    if ChangedOnlyWriter.store is not None:
        ChangedOnlyWriter.store.save()
    stats = ChangedOnlyWriter.stats
    line = (
        f"output: {stats['written']} page(s) and feed(s) written, {stats['unchanged']} "
        f"unchanged ({stats['not rendered']} of them not rendered again), "
        f"{stats.get('removed', 0)} stale removed"
    )
    account = getattr(pelican, "build_account", None)
    if account is not None:
        account.output = line
    else:
        print(line, file=sys.stderr)


def join_workers(pelican: Any) -> None:
    """Wait for the rendering workers; add their counts and fingerprints (first at
    `finalized`: every later stage sees the whole build)."""
    writer = ChangedOnlyWriter.current
    for result in shares.join():
        if writer is not None:
            writer.merge(result)


def register() -> None:
    signals.all_generators_finalized.connect(shares.remember_generators)
    signals.initialized.connect(remember_outside_files)
    signals.get_writer.connect(get_writer)
    signals.finalized.connect(restore_unchanged_times)
    signals.finalized.connect(remove_stale)
    signals.finalized.connect(report)
