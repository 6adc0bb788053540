"""Property tests (hypothesis): no input makes a parser raise, the writer round-trips.

The example budget is small here; `invoke fuzz` runs the same properties with a large
one (the HYPOTHESIS_PROFILE environment variable picks the profile).
"""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clippings.frontmatter import CONTROL
from clippings.importer.byline import parse_byline
from clippings.importer.categories import Vocabulary
from clippings.importer.footer import parse_footer
from clippings.importer.markdown import read_markdown, to_markdown
from clippings.importer.model import Article, Skipped
from clippings.importer.sources.text import parse_text

# Profiles (ci: small budget; fuzz: `invoke fuzz`) are set in conftest.py.

# Text drawn from what dumps are made of: bylines, footers, dates, separators, names.
PIECES = [
    "RT", "Sputnik", "Press TV", " | ", " – ", "By ", "Posted by", "November 9, 2025",
    "09.11.2025", "Leave a comment", "2 Comments", "Economics", ", ", "\n", "\n\n",
    "Aletho News", "The Cradle", "2025", "’", "“", "”", "…", "<b>", "&amp;", "#", "*", "_",
]  # fmt: skip
texty = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=12)), max_size=40).map("".join)
line = texty.map(lambda t: t.replace("\n", " "))


@given(line)
def test_byline_parser_returns_a_byline_or_none(text: str) -> None:
    byline = parse_byline(text)
    if byline is not None:
        # All a byline says is written in the line: its names verbatim, its date's year.
        # (Values read back exactly: tests/importer/test_generated_properties.py.)
        assert isinstance(byline.date, date) and str(byline.date.year) in text
        assert byline.outlet is not None or byline.author is not None
        assert byline.outlet is None or byline.outlet in text
        assert byline.author is None or byline.author in text


@given(line)
def test_footer_parser_returns_a_footer_or_none(text: str) -> None:
    footer = parse_footer(text, Vocabulary())
    if footer is not None:
        assert footer.comments is None or footer.comments >= 0
        assert str(footer.posted.year) in text and "posted by" in text.lower()
        assert all(tag and tag in text for tag in footer.tags)
        assert all(c.lower() in text.lower() for c in footer.categories)
        assert footer.posted_by is None or footer.posted_by in text


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(texty)
def test_dump_parser_yields_only_articles_and_skips(text: str) -> None:
    # (That a well-formed dump gives its articles back: test_generated_properties.py.)
    items = list(parse_text(text, "fuzz.txt"))
    assert all(isinstance(item, Article | Skipped) for item in items)
    articles = [item for item in items if isinstance(item, Article)]
    assert all(a.title.strip() and isinstance(a.date, date) for a in articles)
    assert all(a.title in " ".join(text.split()) for a in articles)


names = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=30).filter(
    str.strip
)


@given(
    title=names,
    outlet=st.none() | names,
    tags=st.lists(names, max_size=4, unique=True),
    body=st.text(st.characters(blacklist_categories=("Cs",)), max_size=200),
    comments=st.none() | st.integers(0, 10_000),
)
def test_markdown_writer_round_trips(
    title: str, outlet: str | None, tags: list[str], body: str, comments: int | None
) -> None:
    article = Article(
        title=title.strip(),
        date=date(2025, 11, 9),
        outlet=outlet,
        tags=tags,
        comments=comments,
        body_markdown=body,
    )
    meta, text_body = read_markdown(to_markdown(article))
    assert meta["title"] == article.title
    assert meta.get("outlet") == (outlet or None)
    assert meta.get("tags", []) == tags
    assert meta.get("comments") == comments
    body = body.replace("\r\n", "\n").replace("\r", "\n")  # files have "\n" line ends
    body = CONTROL.sub("", body)  # control characters are dropped (issue #16)
    assert text_body == (body.strip() + "\n" if body.strip() else "")
