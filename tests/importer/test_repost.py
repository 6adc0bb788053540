"""Tests for clippings.importer.repost: the aggregated article's byline at the top of a post body."""

from __future__ import annotations

from datetime import date

import pytest

from clippings.importer.model import Article
from clippings.importer.repost import apply_body_byline

POSTED = date(2025, 11, 10)


def _post(body: str, title: str = "NATO to deploy 800,000 troops") -> Article:
    return Article(
        title=title,
        date=POSTED,
        posted=POSTED,
        posted_by="aletho",
        author="aletho",
        outlet="Aletho News",
        body_html=body,
    )


@pytest.mark.parametrize(
    ("body", "outlet", "author", "when"),
    [
        ("<p>RT | November 8, 2025</p><p>Text.</p>", "RT", None, date(2025, 11, 8)),
        (
            "<p><strong>Sputnik – 09.11.2025</strong></p><p>Text.</p>",
            "Sputnik",
            None,
            date(2025, 11, 9),
        ),
        (
            "<p>By Vali Kaleji | The Cradle | November 7, 2025</p><p>Text.</p>",
            "The Cradle",
            "Vali Kaleji",
            date(2025, 11, 7),
        ),
        (
            "<p>By Kit Klarenberg | November 3, 2025</p><p>Text.</p>",
            None,
            "Kit Klarenberg",
            date(2025, 11, 3),
        ),
    ],
)
def test_byline_moves_into_fields(
    body: str, outlet: str | None, author: str | None, when: date
) -> None:
    article = apply_body_byline(_post(body))
    assert (article.outlet, article.author, article.date) == (outlet, author, when)
    assert (article.posted, article.posted_by) == (POSTED, "aletho")
    assert article.body_html == "<p>Text.</p>"


def test_standfirst_above_byline_becomes_subtitle_and_repeated_title_is_dropped() -> None:
    article = apply_body_byline(
        _post("<p>A standfirst line</p><p>RT | November 8, 2025</p><p>Text.</p>")
    )
    assert (article.subtitle, article.body_html) == ("A standfirst line", "<p>Text.</p>")
    article = apply_body_byline(
        _post("<h2>NATO to deploy 800,000 troops</h2><p>RT | November 8, 2025</p><p>Text.</p>")
    )
    assert (article.subtitle, article.body_html, article.outlet) == (None, "<p>Text.</p>", "RT")


@pytest.mark.parametrize(
    "body",
    [
        "<p>Text first.</p><p>More text.</p><p>RT | November 8, 2025</p>",
        "<p>One.</p><p>Two.</p><p>Three.</p><p>Four.</p><p>RT | November 8, 2025</p>",
        "<p>No byline here at all.</p>",
    ],
)
def test_no_byline_leaves_the_post_as_it_is(body: str) -> None:
    article = apply_body_byline(_post(body))
    assert (article.outlet, article.author, article.date) == ("Aletho News", "aletho", POSTED)
    assert article.body_html == body
