"""Options shared by every input parser."""

from __future__ import annotations

from dataclasses import dataclass, field

from clippings.importer.categories import Vocabulary


@dataclass
class ImportOptions:
    """What an import run asks of the parsers.

    `vocabulary` splits text-dump footers and learns the category names structured
    inputs (WXR, saved HTML) declare. Pages, drafts, private and scheduled posts are
    skipped unless asked for.
    """

    vocabulary: Vocabulary = field(default_factory=Vocabulary)
    include_pages: bool = False
    include_unpublished: bool = False
    # The address a live page was fetched from (clippings.importer.live): its base for relative
    # links and its own address when it names none.
    page_url: str | None = None
