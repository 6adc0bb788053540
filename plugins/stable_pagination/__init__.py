"""stable_pagination: listing pages numbered from the oldest, so a page never shifts.

Pelican numbers pages from the newest: adding one article moves every article of every
page one place, and a mirror must fetch the whole listing again. Here the numbered
pages hold fixed chunks of DEFAULT_PAGINATION articles counted from the oldest
(`page/1/` is the oldest chunk and keeps its articles forever), and the first page of
a list (its own URL: `index.html`, `tag/x/index.html`, …) shows every article newer
than the newest numbered chunk: between one and two chunks' worth. So "Older" from the
first page leads to the articles just before its own, never to a page repeating it.
Adding an article changes the first page only; a numbered page appears when the first
page would hold two full chunks, and never changes or disappears after that.

Pelican has no hook for its paginator, so the writer's is replaced at registration.
"""

from __future__ import annotations

import functools
from typing import Any

from pelican.paginator import Page, Paginator

from clippings.site import compat


class StablePage(Page):
    """A listing page; `chunk` is its number counted from the oldest (0: the first page)."""

    def __init__(self, *args: Any, chunk: int, first: int, last: int) -> None:
        super().__init__(*args)
        self.chunk = chunk
        self.first = first  # 1-based positions, counted from the oldest article
        self.last = last

    def _from_settings(self, key: str) -> str:
        # Pick PAGINATION_PATTERNS' rule as for page 1 (the list's own URL) or page 2
        # (every other page), then fill `{number}` with the chunk number.
        rule_number = 1 if self.chunk == 0 else 2
        rule = None
        for candidate in self.settings["PAGINATION_PATTERNS"]:
            if candidate.min_page <= rule_number:
                rule = candidate
        if rule is None:
            return ""
        value = getattr(rule, key).format(
            save_as=self.full_name,
            url=self.base_url,
            name=self.name,
            base_name=self.base_name,
            extension=self.extension,
            number=self.chunk,
        )
        return value[1:] if value.startswith("/") else value

    url = property(functools.partial(_from_settings, key="URL"))
    save_as = property(functools.partial(_from_settings, key="SAVE_AS"))


class StablePaginator(Paginator):
    """Page 1: everything above the numbered chunks; page k ≥ 2: oldest-first chunk C − k + 1.

    C − 1 chunks are numbered, C = max(1, count // per_page): the first page holds the
    newest full chunk plus the newer remainder.
    """

    @property
    def chunks(self) -> int:
        return max(1, self.count // (self.per_page or self.count or 1))

    @property
    def num_pages(self) -> int:  # type: ignore[override]
        return self.chunks

    def page(self, number: int) -> StablePage:
        total, size = self.count, self.per_page or self.count or 1
        if number == 1:
            first = (self.chunks - 1) * size + 1
            items = self.object_list[: total - first + 1]
            chunk, last = 0, total
        else:
            chunk = self.chunks - number + 1
            first = (chunk - 1) * size + 1
            last = min(chunk * size, total)
            # object_list runs newest first: oldest-first positions [first, last] map to
            # indexes [total - last, total - first].
            items = self.object_list[total - last : total - first + 1]
        page = StablePage(
            self.name, self.url, items, number, self, self.settings, chunk=chunk, first=first,
            last=last,
        )  # fmt: skip
        return page


def register() -> None:
    """Replace the writer's paginator (Pelican offers no signal for it)."""
    compat.replace_in_module(
        "pelican.writers", "Paginator", StablePaginator, "pelican.paginator:Paginator"
    )
