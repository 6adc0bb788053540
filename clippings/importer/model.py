"""The records that flow through the importer: `Article` and `Skipped`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass
class Article:
    """One aggregated article, whatever input format it came from.

    `date`, `outlet` and `author` describe the original article (from its byline);
    `posted`, `posted_by`, `tags` and `comments` describe the blog's repost.
    `body_html` is sanitised HTML; `clippings.importer.markdown` turns it into Markdown.
    `url` is the canonical address of the repost (or of the article, for feeds of an
    outlet), `guid` the input's stable identifier; both identify the article across inputs.
    """

    title: str
    date: date
    body_html: str = ""
    subtitle: str | None = None
    outlet: str | None = None
    author: str | None = None
    posted: date | None = None
    posted_by: str | None = None
    tags: list[str] = field(default_factory=list)
    comments: int | None = None
    summary: str | None = None
    source: str | None = None
    slug: str | None = None
    url: str | None = None
    guid: str | None = None
    # Named entities found at import: {"people": [...], "organizations": [...], "places": [...]}.
    entities: dict[str, list[str]] = field(default_factory=dict)
    # "draft" for what the source did not publish (a WordPress draft, private, scheduled
    # or password-protected post, imported with --include-unpublished); None: published.
    status: str | None = None
    # Set by the store: the stored body when it is kept as is, and the file's checksum.
    body_markdown: str | None = None
    checksum: str | None = None


@dataclass(frozen=True)
class Skipped:
    """A piece of input that could not be turned into an article, and why."""

    source: str
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{self.source}:{self.line}: {self.reason}"


@dataclass(frozen=True)
class Note:
    """Something worth telling about the input that did not stop it being imported."""

    source: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.source}:{self.line}: {self.message}"
