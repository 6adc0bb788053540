"""The content/ writer: stable paths, same-article detection, atomic writes, import report.

Each article lives at `content/articles/YYYY/MM/<slug>.md` (YYYY/MM of its original
date). A file already there for the same article (same title, date and outlet) is left
alone when nothing changed and rewritten when it did; a different article with the same
slug gets `<slug>-2`, `<slug>-3`, ...
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any

import yaml
from slugify import slugify

from clippings.errors import StoreError
from clippings.markdown import identity, read_markdown, to_markdown
from clippings.model import Article, Skipped

ARTICLES_DIR = "articles"
MAX_SLUG_LENGTH = 80
# Fields that say where a copy came from, not what it says: a second copy of the same
# article from another position or input does not make the stored file "changed".
_PROVENANCE = ("source",)


class Outcome(Enum):
    """What saving one article did."""

    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    DUPLICATE = "duplicate"


@dataclass
class ImportReport:
    """The account of one import run: what was written, left alone or skipped, and why."""

    created: list[Path] = field(default_factory=list)
    updated: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)
    found: int = 0

    def record(self, outcome: Outcome, path: Path, article: Article) -> None:
        """Add the result of saving one article."""
        if outcome is Outcome.DUPLICATE:
            self.skipped.append(f"{article.source}: duplicate of {path}")
        else:
            getattr(self, outcome.value).append(path)

    def skip(self, item: Skipped) -> None:
        """Add a piece of input that was not imported."""
        self.skipped.append(str(item))

    def summary(self) -> str:
        """A short human-readable account (the CLI prints it to stdout)."""
        lines = [
            f"{self.found} article(s) found: {len(self.created)} created, "
            f"{len(self.updated)} updated, {len(self.unchanged)} unchanged, "
            f"{len(self.skipped)} skipped"
            + (f", {len(self.unreadable)} input(s) unreadable" if self.unreadable else "")
        ]
        lines += [f"skipped: {reason}" for reason in self.skipped]
        lines += [f"unreadable: {reason}" for reason in self.unreadable]
        return "\n".join(lines)


def make_slug(text: str) -> str:
    """A safe file-name slug: lowercase ASCII words joined by '-', never empty."""
    return slugify(text, max_length=MAX_SLUG_LENGTH, word_boundary=True) or "article"


def atomic_write(path: Path, text: str) -> None:
    """Write `text` to `path` so that readers see the old file or the new one, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class Store:
    """Writes articles into a content folder."""

    def __init__(self, content_dir: Path) -> None:
        self.content_dir = content_dir
        self.root = (content_dir / ARTICLES_DIR).resolve()
        # Paths written in this run, by article identity: repeats in the inputs are
        # duplicates, not updates.
        self._seen: dict[tuple[str, str, str], Path] = {}

    def save(self, article: Article) -> tuple[Outcome, Path]:
        """Store `article`, returning what happened and the file it lives in."""
        base = make_slug(article.slug or article.title)
        folder = self.root / f"{article.date.year:04d}" / f"{article.date.month:02d}"
        key = identity({"title": article.title, "date": article.date, "outlet": article.outlet})
        if key in self._seen:
            return Outcome.DUPLICATE, self._seen[key]
        n = 1
        while True:
            slug = base if n == 1 else f"{base}-{n}"
            path = folder / f"{slug}.md"
            self._check_inside(path)
            existing = self._read_existing(path)
            if existing is None:
                outcome = self._write(article, slug, path, Outcome.CREATED)
                break
            meta, text = existing
            if identity(meta) == key:
                outcome = self._write(article, slug, path, Outcome.UPDATED, meta, text)
                break
            n += 1
        self._seen[key] = path
        return outcome, path

    def _write(
        self,
        article: Article,
        slug: str,
        path: Path,
        outcome: Outcome,
        old_meta: dict[str, Any] | None = None,
        old_text: str | None = None,
    ) -> Outcome:
        article.slug = slug
        if old_meta is not None:
            # Keep where the stored copy came from; a re-copy elsewhere is not a change.
            for name in _PROVENANCE:
                if old_meta.get(name):
                    setattr(article, name, old_meta[name])
        text = to_markdown(article)
        if text == old_text:
            return Outcome.UNCHANGED
        try:
            atomic_write(path, text)
        except OSError as exc:
            raise StoreError(f"{path}: cannot write: {exc.strerror or exc}") from None
        return outcome

    def _read_existing(self, path: Path) -> tuple[dict[str, Any], str] | None:
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        except UnicodeDecodeError:
            return {}, ""  # not one of ours (not UTF-8): another article, never overwritten
        except OSError as exc:
            raise StoreError(f"{path}: cannot read existing file: {exc.strerror or exc}") from None
        try:
            meta, _ = read_markdown(text)
        except (ValueError, yaml.YAMLError):
            return {}, text  # not one of ours: treated as another article, never overwritten
        return meta, text

    def _check_inside(self, path: Path) -> None:
        if not path.resolve().is_relative_to(self.root):
            raise StoreError(f"{path}: refusing to write outside {self.root}")
