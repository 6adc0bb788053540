"""build_account: what became of every content file, printed when a build ends.

Pelican reports a file it cannot read (or whose metadata is invalid) as a log line
and leaves it out; with `--fatal warnings` the first such file stops the build with a
traceback. This plugin takes those reports over, file by file, lets the build go on,
and prints an account on stdout at the end:

    21 article(s) found in content/articles: 19 published, 1 draft(s), 0 hidden, …
    skipped: content/articles/2025/11/x.md:3: invalid YAML front-matter: …
    draft: content/articles/2025/11/y.md
    output: 530 page(s) and feed(s) written, 18 unchanged (…), 0 stale removed

* found: the files Pelican reads under ARTICLE_PATHS (Markdown, for this archive);
* published, hidden: articles by status whose page the writer produced
  (or kept, unchanged; `changed_only` signals those too); draft(s): articles with
  `status: draft`, never written to output/ (what the source did not publish);
* skipped: files Pelican could not read or judged invalid, each with its reason;
* duplicate(s): files left out because another file claims the same page (same
  `save_as`): both are named, the first in path order (published before hidden before
  draft) is built. Files sharing a slug but not a page (the importer's same title in
  two months) are both built; Pelican would take them for translations of each other,
  so they are listed as `same slug` instead;
* output: the `changed_only` line (pages and feeds written, unchanged, stale removed).

A pages line follows the articles line when PAGE_PATHS holds files. found = published
+ drafts + hidden + skipped + duplicates (+ `status: skip` files, counted when any).
Skipped files and duplicates are lost from the site: after the account, the build
fails with a `ClippingsError` (one line on stderr from `invoke build`, exit status 1).
No settings.
"""

from __future__ import annotations

import logging
import os
import sys
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pelican import signals
from pelican.urlwrappers import Category

from clippings.errors import ClippingsError, ConfigError
from clippings.site import compat
from clippings.site.paths import relative_name
from clippings.site.settingscheck import display

# Pelican's messages for a file it leaves out (exact wording checked by compat).
_COULD_NOT_PROCESS = compat.COULD_NOT_PROCESS
_MISSING = compat.MISSING
_OUTSIDE = compat.OUTSIDE
_STATUS = compat.STATUS
# process_translations' complaints about files sharing a slug (handled here instead).
_SAME_SLUG = compat.SAME_SLUG
STATUS_ORDER = {"published": 0, "hidden": 1, "draft": 2}


class ContentNotPublished(ClippingsError):
    """Some content files were left out of the site (the account names them)."""


@dataclass
class Tally:
    """The files of one kind (articles or pages) and what became of them."""

    kind: str
    folders: list[str]
    found: set[str] = field(default_factory=set)  # content-relative posix paths
    status: dict[str, str] = field(default_factory=dict)  # read files → status
    written: set[str] = field(default_factory=set)
    duplicates: list[tuple[str, list[str], str]] = field(default_factory=list)
    same_slug: list[tuple[str, list[str]]] = field(default_factory=list)

    def dropped(self) -> set[str]:
        return {file for _, files, _ in self.duplicates for file in files}


@dataclass
class Account:
    """The account of one build (kept on the Pelican object as `build_account`)."""

    content: Path
    articles: Tally
    pages: Tally
    # file → its reasons: (line or None, message)
    skipped: dict[str, list[tuple[int | None, str]]] = field(default_factory=dict)
    output: str | None = None  # the changed_only line
    notes: list[str] = field(default_factory=list)  # other plugins' one-line remarks

    def name(self, relative: str) -> str:
        return display(self.content / relative)

    def skip(self, path: str, reason: str, line: int | None = None) -> None:
        relative = os.path.relpath(os.path.join(self.content, path), self.content)
        reasons = self.skipped.setdefault(Path(relative).as_posix(), [])
        if (line, reason) not in reasons:
            reasons.append((line, reason))

    def _classify(self, tally: Tally) -> dict[str, list[str]]:
        """Each file found → one of: published, draft, hidden, skipped, duplicate,
        skip (`status: skip`, read but not built), unwritten (no page came out)."""
        dropped = tally.dropped()
        buckets: dict[str, list[str]] = defaultdict(list)
        for file in sorted(tally.found):
            status = tally.status.get(file)
            if file in self.skipped:
                buckets["skipped"].append(file)
            elif file in dropped:
                buckets["duplicate"].append(file)
            elif status is None:  # read without error, not built: Pelican's SkipStub
                buckets["skip"].append(file)
            elif file not in tally.written and status != "draft":
                # Drafts have no page (DRAFT_SAVE_AS is empty: never published).
                buckets["unwritten"].append(file)
            else:
                buckets[status].append(file)
        return buckets

    def _counts(self, tally: Tally) -> tuple[str, list[str]]:
        buckets = self._classify(tally)
        lines = [
            f"skipped: {self._where(file, reason)}"
            for file in buckets["skipped"]
            for reason in self.skipped[file]
        ]
        for save_as, files, kept in tally.duplicates:
            lines += [f"duplicate: {self.name(file)}: not built: {self.name(kept)} has the "
                      f"same page ({save_as})" for file in files]  # fmt: skip
        lines += [
            f"not written: {self.name(file)}: no page came out" for file in buckets["unwritten"]
        ]
        for slug, files in tally.same_slug:
            names = " and ".join(self.name(f) for f in files)
            lines.append(f"same slug: {names} share the slug {slug!r} (distinct pages, all built)")
        lines += [f"not built: {self.name(file)}: status: skip" for file in buckets["skip"]]
        lines += [f"draft: {self.name(file)}" for file in buckets["draft"]]
        lines += [f"hidden: {self.name(file)}" for file in buckets["hidden"]]
        where = ", ".join(display(self.content / f) for f in tally.folders)
        counts = (
            f"{len(tally.found)} {tally.kind}(s) found in {where}: "
            f"{len(buckets['published'])} published, {len(buckets['draft'])} draft(s), "
            f"{len(buckets['hidden'])} hidden, {len(buckets['skipped'])} skipped, "
            f"{len(buckets['duplicate'])} duplicate(s)"
        )
        if buckets["skip"]:
            counts += f", {len(buckets['skip'])} with status skip"
        if buckets["unwritten"]:
            counts += f", {len(buckets['unwritten'])} not written"
        return counts, lines

    def _where(self, file: str, reason: tuple[int | None, str]) -> str:
        line, message = reason
        return f"{self.name(file)}{f':{line}' if line else ''}: {message}"

    def lines(self) -> list[str]:
        head, rest = self._counts(self.articles)
        lines = [head]
        if self.pages.found:
            pages_head, pages_rest = self._counts(self.pages)
            lines.append(pages_head)
            rest += pages_rest
        found = self.articles.found | self.pages.found
        for file, reasons in sorted(self.skipped.items()):
            if file not in found:  # not under ARTICLE_PATHS/PAGE_PATHS (a static file…)
                rest += [f"skipped: {self._where(file, reason)}" for reason in reasons]
        lines += rest
        lines += self.notes
        if self.output:
            lines.append(self.output)
        return lines

    def lost(self) -> tuple[int, int, int]:
        """(skipped, duplicates, not written): the content files left out of the site."""
        unwritten = sum(len(self._classify(t)["unwritten"]) for t in (self.articles, self.pages))
        duplicates = sum(len(t.dropped()) for t in (self.articles, self.pages))
        return len(self.skipped), duplicates, unwritten


_current: Account | None = None
# The last account printed (clippings.site.uptodate replays it when nothing changed).
printed: list[str] = []


def _reason(exc: BaseException | None) -> tuple[int | None, str]:
    """Why Pelican could not read a file, in one line (and the line of the file, if known)."""
    if isinstance(exc, ConfigError):  # fast_yaml: invalid front-matter, with its line
        where = f"{exc.path}:{exc.line}: " if exc.line else f"{exc.path}: "
        return exc.line, str(exc).removeprefix(where)
    if isinstance(exc, UnicodeDecodeError) and isinstance(exc.object, bytes):
        line = exc.object[: exc.start].count(b"\n") + 1
        return line, f"not UTF-8 text (byte {exc.object[exc.start]:#04x})"
    if isinstance(exc, OSError):
        return None, f"cannot read: {exc.strerror or exc}"
    if exc is None:
        return None, "could not be read"
    message = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return None, f"could not be read: {type(exc).__name__}" + (f": {message}" if message else "")


class _Capture(logging.Filter):
    """Takes Pelican's reports of left-out files into the account (they are not logged,
    so `--fatal warnings` does not stop the build at the first one)."""

    def filter(self, record: logging.LogRecord) -> bool:
        account = _current
        if account is None or record.levelno < logging.WARNING:
            return True
        msg, args = record.msg, record.args if isinstance(record.args, tuple) else ()
        if msg == _COULD_NOT_PROCESS and args:
            error = record.exc_info[1] if record.exc_info else sys.exc_info()[1]
            line, reason = _reason(error)
            account.skip(str(args[0]), reason, line)
        elif msg == _MISSING and len(args) == 2:
            account.skip(str(args[0]), f"no {args[1]} in its metadata")
        elif msg == _OUTSIDE and len(args) == 2:
            account.skip(str(args[0]), f"its page {args[1]!r} would be outside the output folder")
        elif msg == _STATUS and len(args) == 3:
            allowed = ", ".join(sorted(args[2]))
            account.skip(str(args[1]), f"unknown status {args[0]!r} (not one of {allowed})")
        else:
            # Files sharing a slug are reported by _check (`same slug`, `duplicate`).
            return not (isinstance(msg, str) and msg.startswith(_SAME_SLUG))
        return False


_CAPTURE = _Capture()
_LOGGERS = ("pelican.generators", "pelican.contents", "pelican.utils")


def start(pelican: Any) -> None:
    """A new account; Pelican's reports of left-out files go to it."""
    global _current
    settings = pelican.settings
    _current = pelican.build_account = Account(
        Path(pelican.path),
        Tally("article", list(settings.get("ARTICLE_PATHS") or [""])),
        Tally("page", list(settings.get("PAGE_PATHS") or [""])),
    )
    for name in _LOGGERS:
        logger = logging.getLogger(name)
        if _CAPTURE not in logger.filters:
            logger.filters.insert(0, _CAPTURE)  # before Pelican's own (dedupe) filter


def _relative(account: Account, content: Any) -> str:
    return relative_name(str(content.source_path), str(account.content))


def _lists(generator: Any, names: Iterable[str]) -> list[list[Any]]:
    return [lst for lst in (getattr(generator, n, None) for n in names) if isinstance(lst, list)]


def _check(generator: Any, tally: Tally, kinds: dict[str, tuple[str, ...]]) -> None:
    """Note the files found and read; drop all but one file per page; same slugs."""
    account = _current
    if account is None:
        return
    settings = generator.settings
    prefix = "ARTICLE" if tally.kind == "article" else "PAGE"
    tally.found = {
        Path(f).as_posix()
        for f in generator.get_files(
            settings[f"{prefix}_PATHS"], exclude=settings[f"{prefix}_EXCLUDES"]
        )
    }
    items: list[tuple[Any, list[Any]]] = []
    relative: dict[int, str] = {}  # each content's path and page, computed once
    save_as: dict[int, str] = {}
    for status, names in kinds.items():
        for lst in _lists(generator, names):
            items += [(c, lst) for c in lst]
            for content in lst:
                relative[id(content)] = _relative(account, content)
                save_as[id(content)] = content.save_as
                tally.status[relative[id(content)]] = status
    by_page: dict[str, list[tuple[Any, list[Any]]]] = defaultdict(list)
    for content, lst in items:
        by_page[save_as[id(content)]].append((content, lst))
    # Left-out files are removed from their lists in one pass per list at the end:
    # `list.remove` per duplicate would scan the archive for each one.
    left_out: dict[int, tuple[list[Any], set[int]]] = {}
    for page, claims in by_page.items():
        if len(claims) < 2 or not page:
            continue
        claims.sort(key=lambda c: (STATUS_ORDER.get(c[0].status, 9), relative[id(c[0])]))
        for content, lst in claims[1:]:
            left_out.setdefault(id(lst), (lst, set()))[1].add(id(content))
        kept = relative[id(claims[0][0])]
        tally.duplicates.append((page, [relative[id(c)] for c, _ in claims[1:]], kept))
    for lst, ids in left_out.values():
        lst[:] = [content for content in lst if id(content) not in ids]
    # Same slug, distinct pages: not translations of each other (same language).
    by_slug: dict[tuple[str, str], list[Any]] = defaultdict(list)
    for content, _ in items:
        by_slug[(getattr(content, "slug", ""), getattr(content, "lang", ""))].append(content)
    dropped = tally.dropped()
    for (slug, _), contents in sorted(by_slug.items(), key=lambda item: str(item[0])):
        kept = [c for c in contents if relative[id(c)] not in dropped]
        for content in contents:
            translations = getattr(content, "translations", None) or []
            content.translations = [t for t in translations if t.lang != content.lang]
        if len({save_as[id(c)] for c in kept}) > 1:
            tally.same_slug.append((slug, sorted(relative[id(c)] for c in kept)))


def check_articles(generator: Any) -> None:
    """Before tags and archives are built: articles read, one per page."""
    kinds = {
        "published": ("articles", "translations"),
        "hidden": ("hidden_articles", "hidden_translations"),
        "draft": ("drafts", "drafts_translations"),
    }
    if _current is not None:
        _check(generator, _current.articles, kinds)
    # Pelican writes drafts with `category=draft.category`; with CATEGORY_SAVE_AS empty
    # articles have no category, and the first draft would stop the build.
    for draft in [*generator.drafts, *getattr(generator, "drafts_translations", [])]:
        if not hasattr(draft, "category"):
            draft.category = Category(generator.settings["DEFAULT_CATEGORY"], generator.settings)


def check_pages(generator: Any) -> None:
    """Pages read, one per output file."""
    kinds = {
        "published": ("pages", "translations"),
        "hidden": ("hidden_pages", "hidden_translations"),
        "draft": ("draft_pages", "draft_translations"),
    }
    if _current is not None:
        _check(generator, _current.pages, kinds)


def written(path: Any, context: Any = None) -> None:
    """An article's or page's file was written (or kept unchanged by changed_only)."""
    account = _current
    if account is None or not isinstance(context, dict):
        return
    content = context.get("article") or context.get("page")
    source = getattr(content, "source_path", None)
    if source:
        tally = account.articles if context.get("article") is content else account.pages
        tally.written.add(_relative(account, content))


def finish(pelican: Any) -> None:
    """Print the account (stdout); fail the build if a content file was left out."""
    global _current
    account = getattr(pelican, "build_account", None)
    if account is None or account is not _current:
        return
    _current = None
    printed[:] = account.lines()
    print("\n".join(printed), flush=True)
    skipped, duplicates, unwritten = account.lost()
    if skipped or duplicates or unwritten:
        parts = [f"{skipped} skipped", f"{duplicates} duplicate(s)"]
        parts += [f"{unwritten} not written"] * bool(unwritten)
        raise ContentNotPublished(
            f"{skipped + duplicates + unwritten} content file(s) not built: "
            f"{', '.join(parts)} (named in the account on stdout)"
        )


def register() -> None:
    signals.initialized.connect(start)
    signals.article_generator_pretaxonomy.connect(check_articles)
    signals.page_generator_finalized.connect(check_pages)
    signals.content_written.connect(written)
