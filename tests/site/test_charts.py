"""clippings.site.charts: the attention charts' SVG and text alternative."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from clippings.site import charts
from clippings.site.charts import count_by_month, make_chart, month_span, render_svg

SVG = "{http://www.w3.org/2000/svg}"


def _url(month: tuple[int, int]) -> str:
    return f"{month[0]}/{month[1]:02d}/index.html"


def test_month_span_crosses_years() -> None:
    assert month_span((2024, 11), (2025, 2)) == [(2024, 11), (2024, 12), (2025, 1), (2025, 2)]
    assert month_span((2025, 3), (2025, 3)) == [(2025, 3)]
    assert month_span((2025, 3), (2024, 3)) == []


def test_one_pass_counts_every_subject_per_month() -> None:
    counts, first, last = count_by_month(
        [((2025, 1), ["tag:a", "outlet:rt"]), ((2024, 12), ["tag:a"]), ((2025, 1), ["tag:a"])]
    )
    assert counts == {
        "tag:a": Counter({(2025, 1): 2, (2024, 12): 1}),
        "outlet:rt": Counter({(2025, 1): 1}),
    }
    assert (first, last) == ((2024, 12), (2025, 1))


def test_bars_only_for_months_with_articles_scaled_to_the_busiest() -> None:
    span = month_span((2020, 1), (2029, 12))  # ten years, two busy months
    svg = render_svg(Counter({(2021, 5): 10, (2025, 1): 5}), span, "t")
    root = ET.fromstring(str(svg))
    bars = root.findall(f"{SVG}rect")
    assert len(bars) == 2
    heights = [int(b.get("height")) for b in bars]
    assert heights[0] == 2 * heights[1]
    assert [b.find(f"{SVG}title").text for b in bars] == ["May 2021: 10", "January 2025: 5"]


def test_no_style_attribute_no_script_and_names_are_escaped() -> None:
    name = '<script>alert(1)</script>" onload="x'
    chart = make_chart(Counter({(2025, 11): 3}), [(2025, 11)], name, _url)
    svg = str(chart.svg)
    root = ET.fromstring(svg)  # well-formed: the name cannot break out of the attribute
    assert root.get("role") == "img" and name in root.get("aria-label")
    assert not [e for e in root.iter() if e.tag.endswith(("script", "style", "foreignObject"))]
    assert all(set(e.attrib) <= {"class", "x", "y", "width", "height", "x1", "y1", "x2", "y2",
               "viewBox", "preserveAspectRatio", "role", "aria-label", "focusable"}
               for e in root.iter())  # fmt: skip


def test_text_alternative_names_the_busiest_months_with_their_pages() -> None:
    counts = Counter({(2025, 1): 2, (2025, 3): 7, (2025, 2): 7, (2025, 4): 1})
    chart = make_chart(counts, month_span((2024, 12), (2025, 4)), "RT", _url)
    assert chart.total == 17 and chart.months_with_articles == 4
    assert [(m.label, m.url, m.count) for m in chart.busiest] == [
        ("February 2025", "2025/02/index.html", 7),
        ("March 2025", "2025/03/index.html", 7),
        ("January 2025", "2025/01/index.html", 2),
    ]
    assert chart.span == "from December 2024 to April 2025"
    assert make_chart(counts, [(2025, 1)], "RT", _url).span == "in January 2025"


def test_same_counts_same_bytes() -> None:
    span = month_span((2024, 1), (2025, 12))
    counts = Counter({(2024, 3): 4, (2025, 7): 1})
    assert render_svg(counts, span, "x") == render_svg(Counter(dict(counts)), span, "x")


def test_sparkline_is_decorative_and_small() -> None:
    chart = make_chart(Counter({(2025, 1): 1, (2025, 3): 4}), month_span((2025, 1), (2025, 3)),
                       "X", _url)  # fmt: skip
    root = ET.fromstring(str(chart.spark))
    assert root.get("aria-hidden") == "true" and root.get("role") is None
    heights = [int(r.get("height")) for r in root.findall(f"{SVG}rect")]
    assert heights == [3, 12]
    assert "style" not in str(chart.spark)


@given(
    st.dictionaries(
        st.tuples(st.integers(2008, 2026), st.integers(1, 12)), st.integers(0, 50), max_size=30
    ),
    st.tuples(st.integers(2008, 2026), st.integers(1, 12)),
    st.integers(0, 240),
)
def test_bars_walk_only_the_charted_months_with_the_same_result(
    counts: dict[tuple[int, int], int], first: tuple[int, int], length: int
) -> None:
    span = charts.month_span(first, charts.month_span(first, (2050, 12))[length])
    counter = Counter(counts)
    plain = [(i, m, counter[m]) for i, m in enumerate(span) if counter.get(m)]
    assert charts._bars(counter, span) == plain
    assert charts._bars(counter, span[::2]) == [
        (i, m, counter[m]) for i, m in enumerate(span[::2]) if counter.get(m)
    ]
