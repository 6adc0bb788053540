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
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Any

import yaml
from slugify import slugify

from clippings.atomic import AtomicBatch
from clippings.errors import StoreError
from clippings.importer.index import ContentIndex
from clippings.importer.markdown import FIELDS, read_markdown, to_markdown
from clippings.importer.model import Article, Note, Skipped

ARTICLES_DIR = "articles"
MAX_SLUG_LENGTH = 80
CHECKSUM_LENGTH = 16
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
class ImportReport:
    """The account of one import run: what was written, left alone or skipped, and why."""

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

    def record(self, outcome: Outcome, path: Path, article: Article) -> None:
        """Add the result of saving one article."""
        if outcome is Outcome.MERGED:
            self.merged.append(f"{article.source}: merged into {path}")
        elif outcome is Outcome.DUPLICATE:
            self.duplicates.append(f"{article.source}: duplicate of {path}")
        elif outcome is Outcome.EDITED:
            self.edited.append(path)
        else:
            getattr(self, outcome.value).append(path)

    def skip(self, item: Skipped | Note) -> None:
        """Add a piece of input that was not imported, or a note about the input."""
        (self.notes if isinstance(item, Note) else self.skipped).append(str(item))

    def summary(self) -> str:
        """A short human-readable account (the CLI prints it to stdout)."""
        counts = (
            f"{self.found} article(s) found: {len(self.created)} created, "
            f"{len(self.updated)} updated, {len(self.unchanged)} unchanged, "
            f"{len(self.merged) + len(self.duplicates)} deduplicated, "
            f"{len(self.skipped)} skipped"
        )
        if self.edited:
            counts += f", {len(self.edited)} edited by hand (left alone)"
        if self.unreadable:
            counts += f", {len(self.unreadable)} input(s) unreadable"
        lines = [counts]
        lines += [f"merged: {line}" for line in self.merged]
        lines += [f"duplicate: {line}" for line in self.duplicates]
        lines += [f"edited by hand, not updated: {path}" for path in self.edited]
        lines += [f"skipped: {reason}" for reason in self.skipped]
        lines += [f"note: {note}" for note in self.notes]
        lines += [f"unreadable: {reason}" for reason in self.unreadable]
        return "\n".join(lines)


def make_slug(text: str) -> str:
    """A safe file-name slug: lowercase ASCII words joined by '-', never empty.

    A long title is cut after its last whole word that fits, so the slug is a prefix of
    the title's (python-slugify's `word_boundary` skips a word that does not fit and adds
    a later one that does: "…as Moscow and Tehran sign the…" gave "…-as-moscow-and-the").
    """
    slug = slugify(text)
    if len(slug) > MAX_SLUG_LENGTH:
        cut = slug.rfind("-", 0, MAX_SLUG_LENGTH + 1)
        slug = slug[:cut] if cut > 0 else slug[:MAX_SLUG_LENGTH]
    return slug or "article"


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

    def save(self, article: Article) -> tuple[Outcome, Path]:
        """Store `article`, returning what happened and the file it lives in."""
        meta = {"title": article.title, "date": article.date, "outlet": article.outlet}
        meta.update(url=article.url, guid=article.guid)
        found = self.index.find(meta)
        if found is not None:
            return self._save_existing(article, self.content_dir / found)
        return self._create(article)

    def _create(self, article: Article) -> tuple[Outcome, Path]:
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
        return Outcome.CREATED, path

    def _save_existing(self, article: Article, path: Path) -> tuple[Outcome, Path]:
        self._check_inside(path)
        try:
            text = self._staged.text_of(path) or path.read_text(encoding="utf-8")
            stored, body = read_markdown(text)
        except FileNotFoundError:
            return self._create(article)
        except (OSError, UnicodeDecodeError, ValueError, yaml.YAMLError):
            return Outcome.EDITED, path
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
    }


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
