"""Attention charts: articles per month across the archive's span, as a small static SVG.

Built at build time; no script, no `style` attribute (the Content-Security-Policy allows
styles only from the site's stylesheet): the bars take their colour from CSS classes
(`attention-bar`), so they follow the light and dark themes. Every chart comes with a
text alternative: its total, its busiest months (linked to their month pages by the
template) and the span it covers.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from markupsafe import Markup, escape

Month = tuple[int, int]  # (year, month)

WIDTH = 600
HEIGHT = 60
BUSIEST = 3  # months named in the text alternative
MAX_BAR = 40  # a short archive's few months are bars, not blocks


def month_span(first: Month, last: Month) -> list[Month]:
    """Every month from `first` to `last`, both included (empty if last < first)."""
    months = []
    year, month = first
    while (year, month) <= last:
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


@cache  # (a few hundred months, labelled on thousands of charts)
def month_label(month: Month) -> str:
    return date(month[0], month[1], 1).strftime("%B %Y")


def span_label(span: list[Month]) -> str:
    """`in November 2025`, or `from November 2025 to March 2026`."""
    if len(span) == 1:
        return f"in {month_label(span[0])}"
    return f"from {month_label(span[0])} to {month_label(span[-1])}"


@dataclass(frozen=True)
class BusyMonth:
    """One of a chart's busiest months: its label, its month page and its count."""

    label: str
    url: str
    count: int


@dataclass(frozen=True)
class Chart:
    """One subject's chart: the SVG markup and its text alternative."""

    svg: Markup
    spark: Markup  # the word-sized version, for index entries
    total: int
    busiest: tuple[BusyMonth, ...]
    span: str  # the archive's span of months, as words
    months_with_articles: int

    @property
    def key(self) -> str:
        """What the chart shows, for change fingerprints (plugins/changed_only)."""
        return str(self.svg)  # (the sparkline is drawn from the same counts)


def _bars(counts: Counter[Month], span: list[Month]) -> list[tuple[int, Month, int]]:
    """(slot, month, count) for the months of `span` with articles, in `span`'s order:
    `[(i, m, counts[m]) for i, m in enumerate(span) if counts.get(m)]`, walking only
    the subject's months (a few) rather than the archive's whole span (hundreds)."""

    def slot(month: Month) -> int:
        return (month[0] - span[0][0]) * 12 + month[1] - span[0][1]

    # Only for a span of consecutive months (month_span's) with few of them charted.
    if len(counts) * 4 > len(span) or slot(span[-1]) != len(span) - 1:
        return [(i, m, counts[m]) for i, m in enumerate(span) if counts.get(m)]
    out = []
    for month in sorted(counts):
        i = slot(month)
        if counts[month] and 0 <= i < len(span) and span[i] == month:
            out.append((i, month, counts[month]))
    return out


def render_svg(counts: Counter[Month], span: list[Month], title: str) -> Markup:
    """Bars of `counts` over `span` (one bar slot per month), scaled to the busiest month.

    Only months with articles get a bar, so a decade-long span with a few busy months
    stays small. Heights are whole numbers: the same counts always give the same bytes.
    """
    peak = max(counts.values(), default=0) or 1
    slot = WIDTH / max(1, len(span))
    bar = min(max(1.0, slot * 0.8), MAX_BAR)
    parts = [
        f'<svg class="attention-chart" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'preserveAspectRatio="none" role="img" aria-label="{escape(title)}" '
        'focusable="false" xmlns="http://www.w3.org/2000/svg">',
        f'<line class="attention-axis" x1="0" y1="{HEIGHT - 0.5}" x2="{WIDTH}" '
        f'y2="{HEIGHT - 0.5}"/>',
    ]
    for i, month, n in _bars(counts, span):
        height = max(2, round((HEIGHT - 4) * n / peak))
        x = round(i * slot + (slot - bar) / 2, 1)
        parts.append(
            f'<rect class="attention-bar" x="{x:g}" y="{HEIGHT - height}" '
            f'width="{round(bar, 1):g}" height="{height}">'
            f"<title>{escape(month_label(month))}: {n}</title></rect>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def render_sparkline(counts: Counter[Month], span: list[Month]) -> Markup:
    """A word-sized version of `render_svg` for index entries: decorative (`aria-hidden`;
    the entry's count is its text), no per-bar titles."""
    peak = max(counts.values(), default=0) or 1
    width, height = 60, 12
    slot = width / max(1, len(span))
    bar = min(max(0.5, slot * 0.8), 6)
    parts = [
        f'<svg class="attention-spark" viewBox="0 0 {width} {height}" '
        'preserveAspectRatio="none" aria-hidden="true" focusable="false" '
        'xmlns="http://www.w3.org/2000/svg">'
    ]
    for i, _, n in _bars(counts, span):
        h = max(1, round(height * n / peak))
        x = round(i * slot + (slot - bar) / 2, 1)
        parts.append(
            f'<rect class="attention-bar" x="{x:g}" y="{height - h}" '
            f'width="{round(bar, 1):g}" height="{h}"/>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def make_chart(
    counts: Counter[Month], span: list[Month], name: str, month_url: Callable[[Month], str]
) -> Chart:
    """The chart of one subject named `name`."""
    total = sum(counts.values())
    busiest = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:BUSIEST]
    title = f"Articles per month about {name} {span_label(span)}"
    return Chart(
        svg=render_svg(counts, span, title),
        spark=render_sparkline(counts, span),
        total=total,
        busiest=tuple(BusyMonth(month_label(m), month_url(m), n) for m, n in busiest),
        span=span_label(span),
        months_with_articles=len(counts),
    )


def count_by_month(
    items: Iterable[tuple[Month, Iterable[str]]],
) -> tuple[dict[str, Counter[Month]], Month | None, Month | None]:
    """One pass: for (month, subject keys) per article, each key's count per month, and
    the first and last month seen."""
    counts: dict[str, Counter[Month]] = {}
    first: Month | None = None
    last: Month | None = None
    for month, keys in items:
        first = month if first is None or month < first else first
        last = month if last is None or month > last else last
        for key in keys:
            counter = counts.get(key)
            if counter is None:
                counter = counts[key] = Counter()
            counter[month] += 1
    return counts, first, last


def chart_key(subject: Any) -> str:
    """What the subject's attention chart shows (plugins/attention), '' without one.

    Part of the listing fingerprint of every page that shows a chart (tag, outlet, entity).
    """
    return str(getattr(getattr(subject, "chart", None), "key", ""))
