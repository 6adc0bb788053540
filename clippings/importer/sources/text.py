"""Plain-text page dumps: a blog page copied as text, split into articles.

Two styles occur, and one algorithm handles both:

* blank-line paragraphs with a footer line after each post
  (`November 9, 2025 Posted by | Cat, Cat | , , | Leave a comment`);
* dense dumps, one line per paragraph, no blank lines and no footers.

An article starts where a title line is followed by a byline line (optionally with a
standfirst line in between). Title-like lines inside an article are section headings.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from clippings.errors import InputError
from clippings.importer.byline import (
    Byline,
    ends_sentence,
    is_heading,
    is_subtitle,
    is_title,
    parse_byline,
)
from clippings.importer.categories import Vocabulary
from clippings.importer.footer import Footer, parse_footer
from clippings.importer.links import linkify
from clippings.importer.markdown import plain_blocks_to_markdown
from clippings.importer.model import Article, Note, Skipped
from clippings.importer.options import ImportOptions
from clippings.importer.sources.wide import is_wide_text, wide_encoding

# Lines of the blog's page header, dropped where they stand before a title.
DEFAULT_HEADER_LINES: tuple[str, ...] = ("Aletho News", "ΑΛΗΘΩΣ", "Current News and Analysis")
# In a dense dump a standfirst is told from the previous article's last paragraph by
# the title above it being short.
MAX_DENSE_TITLE_LENGTH = 150


@dataclass(frozen=True)
class _Line:
    number: int  # 1-based line number in the input file
    text: str


@dataclass
class _Start:
    title: _Line
    subtitle: _Line | None
    byline: Byline
    title_index: int  # indexes into the list of non-empty lines
    byline_index: int


MAX_LINE_BYTES = 1 << 20  # a "line" longer than 1 MiB is not text a blog page holds
CHUNK_LINES = 20_000  # lines parsed at once; only the article in progress is carried over
_BOM = b"\xef\xbb\xbf"


def read_lines(path: Path) -> Iterator[_Line | Note | Skipped]:
    """The non-empty lines of the dump at `path`, streamed (memory stays bounded).

    Lines that are not UTF-8 are read as Windows-1252 and noted; over-long lines are
    skipped; a file that starts like a binary file is refused (InputError).
    """
    try:
        fh = path.open("rb")
    except OSError as exc:
        raise InputError(str(path), f"cannot read: {exc.strerror or exc}") from None
    with fh:
        head = fh.read(8192)
        wide = wide_encoding(head)
        if wide is not None and not is_wide_text(head, wide):
            raise InputError(str(path), f"binary file (not valid {wide} text), not a text dump")
        if wide is not None:
            yield from _read_wide_lines(path, wide)
            return
        if b"\x00" in head:
            raise InputError(str(path), "binary file (contains NUL bytes), not a text dump")
        fh.seek(0)
        number = 0
        while raw := fh.readline(MAX_LINE_BYTES):
            number += 1
            if not raw.endswith(b"\n") and len(raw) == MAX_LINE_BYTES:
                while (more := fh.readline(MAX_LINE_BYTES)) and not more.endswith(b"\n"):
                    pass
                yield Skipped(path.name, number, "line longer than 1 MiB, not imported")
                continue
            if number == 1:
                raw = raw.removeprefix(_BOM)
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                text = raw.decode("cp1252", errors="replace")
                yield Note(path.name, number, f"not UTF-8 (byte {exc.start}): read as Windows-1252")
            # Old Mac line ends (a lone CR) split a physical line further.
            for piece in re.split(r"\r\n|\r|\n", text.replace("\x00", "")):
                if piece.strip():
                    yield _Line(number, piece.strip())


def _read_wide_lines(path: Path, encoding: str) -> Iterator[_Line | Note | Skipped]:
    """The non-empty lines of a UTF-16/32 dump (a BOM said so; Windows Notepad's
    "Unicode"); text that does not decode is replaced and noted once."""
    with path.open("r", encoding=encoding, errors="replace", newline="") as fh:
        fh.read(1)  # the BOM
        noted = False
        for number, line in enumerate(fh, start=1):
            if "\ufffd" in line and not noted:
                noted = True
                yield Note(path.name, number, f"not valid {encoding}: undecodable text replaced")
            for piece in re.split(r"\r\n|\r|\n", line.replace("\x00", "")):
                if piece.strip():
                    yield _Line(number, piece.strip())


def parse(path: Path, options: ImportOptions | None = None) -> Iterator[Article | Skipped | Note]:
    """Yield the articles of the text dump at `path`, and the pieces that were skipped."""
    vocabulary = (options.vocabulary if options else None) or Vocabulary()
    headers = {" ".join(h.split()) for h in DEFAULT_HEADER_LINES}
    buffer: list[_Line] = []
    for item in read_lines(path):
        if not isinstance(item, _Line):
            yield item
            continue
        buffer.append(item)
        if len(buffer) >= CHUNK_LINES:
            done, buffer = _split_off_complete(buffer, vocabulary, headers, path.name)
            yield from _parse_lines(done, path.name, vocabulary, headers)
    yield from _parse_lines(buffer, path.name, vocabulary, headers)


def _split_off_complete(
    lines: list[_Line], vocabulary: Vocabulary, headers: set[str], source: str
) -> tuple[list[_Line], list[_Line]]:
    """Split `lines` before the last article start: what precedes it is complete."""
    footers = _footers(lines, vocabulary)
    starts = [s for s in _find_starts(lines, footers, headers, source) if isinstance(s, _Start)]
    if len(starts) < 2:
        return [], lines  # one long article so far: keep reading
    cut = starts[-1].title_index
    return lines[:cut], lines[cut:]


def parse_text(
    text: str,
    source: str,
    vocabulary: Vocabulary | None = None,
    header_lines: Iterable[str] = DEFAULT_HEADER_LINES,
) -> Iterator[Article | Skipped]:
    """Yield the articles in dump `text`; `source` names the input in reports."""
    lines = [
        _Line(number, raw.strip())
        for number, raw in enumerate(re.split(r"\r\n|\r|\n", text), start=1)
        if raw.strip()
    ]
    headers = {" ".join(h.split()) for h in header_lines}
    yield from _parse_lines(lines, source, vocabulary or Vocabulary(), headers)


def _footers(lines: list[_Line], vocabulary: Vocabulary) -> dict[int, Footer]:
    return {i: f for i, line in enumerate(lines) if (f := parse_footer(line.text, vocabulary))}


def _parse_lines(
    lines: list[_Line], source: str, vocabulary: Vocabulary, headers: set[str]
) -> Iterator[Article | Skipped]:
    footers = _footers(lines, vocabulary)
    starts = list(_find_starts(lines, footers, headers, source))
    yield from (s for s in starts if isinstance(s, Skipped))
    articles = [s for s in starts if isinstance(s, _Start)]
    consumed_until = 0  # index of the first line not yet accounted for
    for n, start in enumerate(articles):
        first_index = start.title_index
        if first_index > consumed_until:
            yield from _leftover(lines, consumed_until, first_index, footers, headers, source)
        end = articles[n + 1].title_index if n + 1 < len(articles) else len(lines)
        body_end = end
        footer: Footer | None = None
        for i in range(start.byline_index + 1, end):
            if i in footers:
                footer, body_end = footers[i], i
                break
        consumed_until = body_end + 1 if footer else end
        body = lines[start.byline_index + 1 : body_end]
        yield _make_article(start, body, footer, source)
    if consumed_until < len(lines):
        yield from _leftover(lines, consumed_until, len(lines), footers, headers, source)


def _find_starts(
    lines: list[_Line], footers: dict[int, Footer], headers: set[str], source: str
) -> Iterator[_Start | Skipped]:
    """Find every title (+ standfirst) + byline triple that starts an article."""
    last_byline = -1
    last_footer = -1
    for k, line in enumerate(lines):
        if k in footers:
            last_footer = k
            continue
        byline = parse_byline(line.text)
        if byline is None:
            continue
        prev = k - 1
        if prev < 0 or prev in footers or prev == last_byline or not is_title(lines[prev].text):
            yield Skipped(source, line.number, f"byline without a title: {line.text!r}")
            continue
        title_index, subtitle = prev, None
        if last_footer > last_byline or last_byline < 0:
            # Footer-delimited (or first article): everything since the last footer is
            # header, title and standfirst.
            segment = [
                i
                for i in range(last_footer + 1, k)
                if " ".join(lines[i].text.split()) not in headers
            ]
            if (
                len(segment) >= 2
                and is_title(lines[segment[-2]].text)
                and is_subtitle(lines[segment[-1]].text)
            ):
                title_index, subtitle = segment[-2], lines[segment[-1]]
        elif k - 2 > last_byline:
            # Dense dump: the line above the title-candidate is the previous article's
            # last paragraph (or a signature) unless it is a title-shaped line of at
            # least three words, shorter than the standfirst under it.
            above, below = lines[k - 2].text, lines[prev].text
            if (
                len(above) <= MAX_DENSE_TITLE_LENGTH
                and len(above.split()) >= 3
                and is_title(above)
                and not ends_sentence(above)
                and is_subtitle(below)
                and len(below) > len(above)
            ):
                title_index, subtitle = k - 2, lines[prev]
        last_byline = k
        yield _Start(
            title=lines[title_index],
            subtitle=subtitle,
            byline=byline,
            title_index=title_index,
            byline_index=k,
        )


def _leftover(
    lines: list[_Line],
    begin: int,
    end: int,
    footers: dict[int, Footer],
    headers: set[str],
    source: str,
) -> Iterator[Skipped]:
    """Report text that belongs to no article (site header lines are expected, not reported)."""
    piece: list[_Line] = []
    for i in range(begin, end):
        line = lines[i]
        if " ".join(line.text.split()) in headers and not piece:
            continue
        piece.append(line)
        if i in footers:
            first = piece[0]
            yield Skipped(
                source,
                first.number,
                f"post without a byline, not imported: {_clip(first.text)!r}",
            )
            piece = []
    if piece:
        first = piece[0]
        yield Skipped(
            source,
            first.number,
            f"{len(piece)} line(s) outside any article: {_clip(first.text)!r}",
        )


def _clip(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _make_article(start: _Start, body: list[_Line], footer: Footer | None, source: str) -> Article:
    blocks: list[str] = []
    plain: list[tuple[str, str]] = []
    summary = None
    for line in body:
        if is_heading(line.text):
            blocks.append(f"<h2>{html.escape(line.text, quote=False)}</h2>")
            plain.append(("h2", line.text))
        else:
            blocks.append(f"<p>{linkify(line.text)}</p>")
            plain.append(("p", line.text))
            if summary is None:
                summary = line.text
    article = Article(
        title=start.title.text,
        subtitle=start.subtitle.text if start.subtitle else None,
        date=start.byline.date,
        outlet=start.byline.outlet,
        author=start.byline.author,
        body_html="\n".join(blocks),
        # Plain text skips the HTML → Markdown conversion (the same bytes, much faster).
        body_markdown=plain_blocks_to_markdown(plain),
        summary=summary,
        source=f"{source}:{start.title.number}",
    )
    if footer is not None:
        article.posted = footer.posted
        article.posted_by = footer.posted_by
        article.tags = [*footer.categories, *(t for t in footer.tags if t not in footer.categories)]
        article.comments = footer.comments
    return article
