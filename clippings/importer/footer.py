"""The blog's post footer: `November 9, 2025 Posted by | Cat, Cat | tag, tag | 2 Comments`.

It ends an article in a page dump and gives the repost's date, the blog's categories
(stored as tags), the post tags (often lost in a text copy: `, , ,`) and the comment count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from clippings.importer.categories import Vocabulary
from clippings.importer.dates import parse_date

_FOOTER = re.compile(
    r"^(?P<date>.+?)\s+Posted\s+by\s*(?P<by>[^|]*?)\s*\|"
    r"(?P<categories>[^|]*)\|"
    r"(?:(?P<tags>[^|]*)\|)?"
    r"\s*(?P<comments>Leave a comment|Comments (?:Off|are closed)|One Comment|\d+ Comments?)\s*$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Footer:
    """What a post footer says about the blog's repost."""

    posted: date
    categories: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    comments: int | None = None
    posted_by: str | None = None


def parse_footer(line: str, vocabulary: Vocabulary) -> Footer | None:
    """Return the footer in `line`, or None if the line is not a post footer."""
    if line.count("|") < 2:  # cheap test first: most lines are paragraphs
        return None
    m = _FOOTER.match(line.strip())
    if not m:
        return None
    posted = parse_date(m["date"])
    if posted is None:
        return None
    tags = [t.strip() for t in (m["tags"] or "").split(",") if t.strip()]
    return Footer(
        posted=posted,
        categories=vocabulary.split(m["categories"]) if m["categories"].strip() else [],
        tags=tags,
        comments=_comment_count(m["comments"]),
        posted_by=m["by"].strip() or None,
    )


def _comment_count(text: str) -> int | None:
    lowered = text.lower()
    if lowered == "leave a comment":
        return 0
    if lowered == "one comment":
        return 1
    if lowered.startswith("comments"):
        return None  # comments closed: the count is not shown
    return int(lowered.split()[0])
