"""The content/ writer: stable paths, one file per article, atomic writes, import report.

Each article lives at `content/articles/YYYY/MM/<slug>.md` (YYYY/MM of its original
date). Before writing, the store looks the article up among those already stored (by
guid, URL, then title + original date + outlet): the same article arriving again, by
the same route or another, is stored once.

* Same input again (same `source`): its values replace the stored ones (`updated`), or
  nothing is written when nothing changed (`unchanged`).
* Another input of a stored article: it only fills in fields the stored file lacks
  (`merged`), and never replaces what is there.
* Every file the importer writes carries a `checksum` of its own text. A file whose
  checksum no longer matches was edited by a maintainer: it is never overwritten, only
  reported. A file without a checksum was not written by the importer and is left alone
  too.
* A different article whose slug is taken gets `<slug>-2`, `<slug>-3`, …
* Two items of one input are the same article only when they are identical: an input
  that lists an article twice repeats it, but two items that differ (a feed reusing a
  guid, a WordPress export whose posts share a guid) are two articles, two files.

Which rule matched (guid, URL, title + date + outlet; see `clippings.identity`) and
what the stored file came from are kept in `last_match` for the import report.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Any

from slugify import slugify

from clippings import frontmatter
from clippings.atomic import AtomicBatch
from clippings.errors import StoreError
from clippings.identity import describe, text_key
from clippings.importer.index import ContentIndex
from clippings.importer.markdown import FIELDS, to_markdown
from clippings.importer.model import Article, Note, Skipped

ARTICLES_DIR = "articles"
MAX_SLUG_LENGTH = 80
CHECKSUM_LENGTH = 16
# Names Windows cannot open as files (whatever the extension): never used as slugs.
WINDOWS_RESERVED = frozenset(
    {"con", "prn", "aux", "nul"}
    | {f"com{n}" for n in range(1, 10)}
    | {f"lpt{n}" for n in range(1, 10)}
)
_CHECKSUM_LINE = re.compile(rf"^checksum: [0-9a-f]{{{CHECKSUM_LENGTH}}}\n", re.MULTILINE)


class Outcome(Enum):
    """What saving one article did."""

    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    MERGED = "merged"  # another copy of a stored article: missing fields filled in
    DUPLICATE = "duplicate"  # another copy of a stored article: nothing new in it
    EDITED = "edited"  # the stored file was edited by hand: left alone


@dataclass
class InputTally:
    """What became of the items of one input file: the counts add up to `items`."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    merged: int = 0
    skipped: int = 0

    @property
    def items(self) -> int:
        return self.created + self.updated + self.unchanged + self.merged + self.skipped

    def line(self, where: str = "") -> str:
        return (
            f"{self.items} item(s){where}: {self.created} created, {self.updated} updated, "
            f"{self.unchanged} unchanged, {self.merged} merged, {self.skipped} skipped"
        )


@dataclass
class ImportReport:
    """The account of one import run: every input item once, under one outcome.

    For each input file, created + updated + unchanged + merged + skipped = the items
    it holds (posts, pages, attachments, entries, text-dump articles and pieces that are
    not articles). A merge names both items and the rule (`clippings.identity`); a skip
    names the file, line or item, and the reason. An input that cannot be read at all is
    `unreadable` (its items are unknown).
    """

    created: list[Path] = field(default_factory=list)
    updated: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    merged: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    edited: list[Path] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)
    found: int = 0
    inputs: dict[str, InputTally] = field(default_factory=dict)

    def tally(self, origin: str | None) -> InputTally:
        return self.inputs.setdefault(origin or "?", InputTally())

    def record(
        self,
        outcome: Outcome,
        path: Path,
        article: Article,
        origin: str | None = None,
        match: tuple[str, str] | None = None,
    ) -> None:
        """Add the result of saving one article (`match`: rule and stored item)."""
        tally = self.tally(origin)
        item = describe(article.source, article.title)
        why = f" (same {match[0]} as {match[1]})" if match else ""
        if outcome is Outcome.MERGED:
            self.merged.append(f"{item}: merged into {path}{why}")
            tally.merged += 1
        elif outcome is Outcome.DUPLICATE:
            self.duplicates.append(f"{item}: duplicate of {path}{why}, nothing new in it")
            tally.merged += 1
        elif outcome is Outcome.EDITED:
            self.edited.append(path)
            self.skipped.append(f"{item}: {path} was edited by hand (or is damaged): not updated")
            tally.skipped += 1
        else:
            getattr(self, outcome.value).append(path)
            setattr(tally, outcome.value, getattr(tally, outcome.value) + 1)

    def skip(self, item: Skipped | Note, origin: str | None = None) -> None:
        """Add a piece of input that was not imported, or a note about the input."""
        if isinstance(item, Note):
            self.notes.append(str(item))
            return
        self.skipped.append(str(item))
        self.tally(origin or item.source).skipped += 1

    def summary(self) -> str:
        """A human-readable account (the CLI prints it to stdout)."""
        total = InputTally(
            *(sum(getattr(t, name) for t in self.inputs.values()) for name in _OUTCOMES)
        )
        counts = total.line(f" in {len(self.inputs)} input(s)")
        if self.unreadable:
            counts += f", {len(self.unreadable)} input(s) unreadable"
        lines = [counts]
        if len(self.inputs) > 1:
            lines += [f"input: {name}: {t.line()}" for name, t in self.inputs.items()]
        lines += [f"merged: {line}" for line in self.merged]
        lines += [f"merged: {line}" for line in self.duplicates]
        lines += [f"skipped: {reason}" for reason in self.skipped]
        lines += [f"note: {note}" for note in self.notes]
        lines += [f"unreadable: {reason}" for reason in self.unreadable]
        return "\n".join(lines)


_OUTCOMES = ("created", "updated", "unchanged", "merged", "skipped")


def make_slug(text: str) -> str:
    """A safe file-name slug: lowercase ASCII words joined by '-', never empty, never a
    name Windows reserves (`con`, `aux`, `nul`, `com1`…: `con-article`).

    A long title is cut after its last whole word that fits, so the slug is a prefix of
    the title's (python-slugify's `word_boundary` skips a word that does not fit and adds
    a later one that does: "…as Moscow, Tehran sign the…" gave "…-as-moscow-sign").
    """
    slug = slugify(text)
    if len(slug) > MAX_SLUG_LENGTH:
        cut = slug.rfind("-", 0, MAX_SLUG_LENGTH + 1)
        slug = slug[:cut] if cut > 0 else slug[:MAX_SLUG_LENGTH]
    slug = slug or "article"
    return f"{slug}-article" if slug in WINDOWS_RESERVED else slug


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:CHECKSUM_LENGTH]


def render(article: Article) -> str:
    """The file text for `article`, with the checksum of the rest of the text inside.

    The checksum line goes where sorted keys put it, so removing it gives back exactly
    the text it is the checksum of.
    """
    article.checksum = None
    text = to_markdown(article)
    article.checksum = _digest(text)
    line = f"checksum: {article.checksum}\n"
    end = text.index("\n---\n", 3) + 1  # start of the closing "---"
    at = next(
        (m.start() for m in re.finditer(r"^([a-z_]+):", text[:end], re.MULTILINE)
         if m.group(1) > "checksum"),
        end,
    )  # fmt: skip
    return text[:at] + line + text[at:]


def checksum_ok(text: str) -> bool | None:
    """True if `text` is as the importer wrote it, False if edited, None if never ours."""
    match = _CHECKSUM_LINE.search(text.split("\n---\n", 1)[0] + "\n")
    if not match:
        return None
    return _digest(_CHECKSUM_LINE.sub("", text, count=1)) == match.group(0).split()[1]


class Store:
    """Writes articles into a content folder, once each.

    Writes are staged and land together at `commit` (or `close`): each file whole, after
    one sync for the lot. Until then the store reads its own staged writes.
    """

    def __init__(self, content_dir: Path) -> None:
        self.content_dir = content_dir.resolve()
        self.root = self.content_dir / ARTICLES_DIR
        self.index = ContentIndex(self.content_dir, self.root)
        self._staged = AtomicBatch()
        # Files written in this run → (input they came from, fingerprint of the item).
        self._this_run: dict[Path, tuple[str, tuple[str, str, str]]] = {}
        # (rule, stored item) of the last save that found a stored article; else None.
        self.last_match: tuple[str, str] | None = None

    def commit(self) -> None:
        """Put every staged article file in place."""
        try:
            for path in self._staged.commit():
                self.index.stamp(path)
        except OSError as exc:
            where = exc.filename or self.root
            raise StoreError(f"{where}: cannot write: {exc.strerror or exc}") from None

    def close(self) -> None:
        """Put staged files in place and save the lookup cache for the next run."""
        try:
            self.commit()
        finally:
            self.index.save()

    def save(self, article: Article, origin: str | None = None) -> tuple[Outcome, Path]:
        """Store `article`, returning what happened and the file it lives in.

        `origin` names the input the article came from (two different items of one
        input are never merged).
        """
        self.last_match = None
        meta = _meta_of(article)
        found = self.index.match(meta)
        if found is None:
            return self._create(article, origin)
        rel, rule = found
        fingerprint = _fingerprint(article)

        def taken(rel: str) -> bool:
            # Holds another item of the same input (two items of one input are one
            # article only when identical).
            earlier = self._this_run.get(self.content_dir / rel)
            return bool(origin and earlier and earlier[0] == origin and earlier[1] != fingerprint)

        others = [r for r in self.index.candidates(meta) if not taken(r)]
        same_route = [
            r for r in others if article.source and self.index.source_of(r) == article.source
        ]
        # Several files of one source (items sharing a link and guid): the one whose
        # title, date and outlet are this item's first.
        same_route.sort(key=lambda r: not self.index.same_identity(r, meta))
        if same_route:
            rel = same_route[0]  # the file this very item made in an earlier run
        elif taken(rel):
            if not others:
                return self._create(article, origin)
            rel = others[0]
        if rel != found[0]:
            rule = self.index.rule_for(rel, meta)
        path = self.content_dir / rel
        earlier = self._this_run.get(path)
        self.last_match = (rule, earlier[2] if earlier else "")
        if earlier is not None and origin and earlier[0] == origin:
            return Outcome.DUPLICATE, path  # the input repeats an item it already gave
        outcome, path = self._save_existing(article, path, origin)
        if path not in self._this_run:
            self._remember(path, article, origin)
        return outcome, path

    def _create(self, article: Article, origin: str | None = None) -> tuple[Outcome, Path]:
        base = make_slug(article.slug or article.title)
        folder = self.root / f"{article.date.year:04d}" / f"{article.date.month:02d}"
        n = 1
        while True:
            slug = base if n == 1 else f"{base}-{n}"
            path = folder / f"{slug}.md"
            self._check_inside(path)
            if not path.exists() and path not in self._staged:
                break
            n += 1  # taken by another article (or by a file that is not an article)
        article.slug = slug
        self._write(path, render(article))
        self.index.add(path, _meta_of(article))
        self._remember(path, article, origin)
        return Outcome.CREATED, path

    def _remember(self, path: Path, article: Article, origin: str | None) -> None:
        if origin:
            self._this_run[path] = (
                origin,
                _fingerprint(article),
                describe(article.source, article.title),
            )

    def _save_existing(
        self, article: Article, path: Path, origin: str | None = None
    ) -> tuple[Outcome, Path]:
        self._check_inside(path)
        try:
            staged = self._staged.text_of(path)
            data = staged.encode("utf-8") if staged else path.read_bytes()
            text = data.decode("utf-8")
            stored, body, _ = frontmatter.read(data)
        except FileNotFoundError:
            return self._create(article, origin)
        except (OSError, UnicodeDecodeError, frontmatter.FrontMatterError):
            return Outcome.EDITED, path
        if self.last_match is not None and not self.last_match[1]:
            stored_title = str(stored.get("title") or "")
            self.last_match = (self.last_match[0], describe(stored.get("source"), stored_title))
        if checksum_ok(text) is not True:
            return Outcome.EDITED, path
        same_route = bool(article.source) and stored.get("source") == article.source
        merged = _merge(stored, body, article, prefer_new=same_route)
        new_text = render(merged)
        if new_text == text:
            return (Outcome.UNCHANGED if same_route else Outcome.DUPLICATE), path
        self._write(path, new_text)
        self.index.add(path, _meta_of(merged))
        return (Outcome.UPDATED if same_route else Outcome.MERGED), path

    def _write(self, path: Path, text: str) -> None:
        try:
            self._staged.write(path, text)
        except OSError as exc:
            raise StoreError(f"{path}: cannot write: {exc.strerror or exc}") from None

    def _check_inside(self, path: Path) -> None:
        if not path.resolve().is_relative_to(self.root):
            raise StoreError(f"{path}: refusing to write outside {self.root}")


def _meta_of(article: Article) -> dict[str, Any]:
    return {
        "title": article.title,
        "date": article.date,
        "outlet": article.outlet,
        "url": article.url,
        "guid": article.guid,
        "source": article.source,
    }


def _fingerprint(article: Article) -> tuple[str, str, str]:
    """What must be equal for two items of one input to be one article repeated."""
    return (text_key(article.title), article.date.isoformat(), article.body_html.strip())


def _merge(stored: dict[str, Any], body: str, new: Article, prefer_new: bool) -> Article:
    """The stored article updated by `new`.

    Same route (`prefer_new`): the new values win, except the file's slug (its URL is
    stable) and its date folder. Another route: only empty fields are filled.
    """
    merged = Article(title=str(stored.get("title") or new.title), date=_as_date(stored, new))
    for name in FIELDS:
        if name in ("title", "date", "checksum"):
            continue
        old_value = stored.get(name)
        new_value = getattr(new, name)
        empty_old = old_value in (None, "", [], {})
        if (prefer_new and new_value not in (None, "", [], {})) or empty_old:
            setattr(merged, name, new_value)
        else:
            setattr(merged, name, old_value)
    if prefer_new:
        merged.title = new.title
    merged.slug = stored.get("slug") or new.slug
    # The stored body is kept (as Markdown, untouched) unless this copy is the same
    # route or the stored body is empty.
    if prefer_new or not body.strip():
        merged.body_html = new.body_html
        merged.body_markdown = new.body_markdown
    else:
        merged.body_markdown = body
    return merged


def _as_date(stored: dict[str, Any], new: Article) -> date:
    value = stored.get("date")
    return value if isinstance(value, date) else new.date
