"""Round-trip properties: what a byline, a footer or a whole dump says is read back exactly.

tests/test_properties.py checks that no input makes a parser raise; those properties
hold for a parser that returns None for everything. These generate well-formed input
from known values and check the parser gives those values back (issue #21).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from clippings.importer.byline import Byline, parse_byline
from clippings.importer.categories import Vocabulary
from clippings.importer.footer import Footer, parse_footer
from clippings.importer.model import Article
from clippings.importer.sources.text import parse_text

DATE_FORMS: list[Callable[[date], str]] = [
    lambda d: f"{d:%B} {d.day}, {d.year}",  # November 9, 2025
    lambda d: f"{d:%b} {d.day}, {d.year}",  # Nov 9, 2025
    lambda d: f"{d.day} {d:%B} {d.year}",  # 9 November 2025
    lambda d: f"{d:%d.%m.%Y}",  # 09.11.2025
    lambda d: d.isoformat(),  # 2025-11-09
]
dates = st.dates(min_value=date(1990, 1, 1), max_value=date(2099, 12, 31))
date_forms = st.sampled_from(DATE_FORMS)
# Names as outlets and authors write them: capitalised words, some with inner punctuation.
word = st.sampled_from(
    ["RT", "Press", "TV", "The", "Cradle", "Al", "Mayadeen", "New", "Eastern", "Outlook",
     "Kit", "Klarenberg", "Jean-Paul", "O’Brien", "Vali", "Kaleji", "Sputnik", "Globe"]
)  # fmt: skip
names = st.lists(word, min_size=1, max_size=4).map(" ".join)
separators = st.sampled_from([" | ", " – ", " — ", " - ", "|"])


@given(
    outlet=names,
    author=st.none() | names,
    by=st.booleans(),
    when=dates,
    form=date_forms,
    sep=separators,
)
def test_a_written_byline_reads_back(
    outlet: str, author: str | None, by: bool, when: date, form: Callable[[date], str], sep: str
) -> None:
    # "By author | outlet | date", or "author | outlet | date" without the "By".
    parts = ([f"By {author}" if by else author] if author else []) + [outlet, form(when)]
    assert parse_byline(sep.join(parts)) == Byline(date=when, outlet=outlet, author=author)


CATEGORIES = ["Economics", "Militarism", "Mainstream Media, Warmongering", "Russophobia"]
COMMENTS = {0: "Leave a comment", 1: "One Comment", 2: "2 Comments", 17: "17 Comments"}


@given(
    when=dates,
    form=date_forms,
    by=st.none() | names,
    categories=st.lists(st.sampled_from(CATEGORIES), min_size=1, max_size=3, unique=True),
    tags=st.lists(names, max_size=3, unique=True),
    comments=st.sampled_from(sorted(COMMENTS)),
)
def test_a_written_footer_reads_back(
    when: date,
    form: Callable[[date], str],
    by: str | None,
    categories: list[str],
    tags: list[str],
    comments: int,
) -> None:
    line = (
        f"{form(when)} Posted by {by or ''} | {', '.join(categories)} | "
        f"{', '.join(tags) or ', ,'} | {COMMENTS[comments]}"
    )
    assert parse_footer(line, Vocabulary()) == Footer(
        posted=when, categories=categories, tags=tags, comments=comments, posted_by=by
    )


TITLE_WORDS = ["Iran", "Russia", "Sign", "Railway", "Pact", "Talks", "Gaza", "Sanctions",
               "New", "Deal", "On", "Energy", "Corridor", "Ties"]  # fmt: skip
titles = st.lists(st.sampled_from(TITLE_WORDS), min_size=2, max_size=8).map(" ".join)
sentences = st.lists(
    st.sampled_from(["the", "talks", "went", "on", "for", "days", "and", "ended", "today"]),
    min_size=4,
    max_size=14,
).map(lambda ws: " ".join(ws).capitalize() + ".")
paragraphs = st.lists(sentences, min_size=1, max_size=3).map(" ".join)


@st.composite
def articles(draw: st.DrawFn) -> tuple[str, Article]:
    """One article as a dump prints it, and the values the parser must find."""
    title, outlet, when = draw(titles), draw(names), draw(dates)
    body = draw(st.lists(paragraphs, min_size=1, max_size=3))
    byline = f"{outlet}{draw(separators)}{draw(date_forms)(when)}"
    text = "\n".join([title, byline, *body])
    return text, Article(title=title, date=when, outlet=outlet)


@given(st.lists(articles(), min_size=1, max_size=5), st.sampled_from(["\n", "\n\n"]))
def test_a_written_dump_reads_back_article_by_article(
    written: list[tuple[str, Article]], gap: str
) -> None:
    text = "\n".join(t for t, _ in written).replace("\n", gap)
    found = list(parse_text(text, "generated.txt"))
    assert [type(a) for a in found] == [Article] * len(written)
    got = [(a.title, a.date, a.outlet) for a in found if isinstance(a, Article)]
    assert got == [(a.title, a.date, a.outlet) for _, a in written]
