"""Each format name gives its own parser, and the sniff window is 8 KiB (found by mutation
testing, docs/MUTANTS.md: only an unknown name was tested, and no window edge)."""

from __future__ import annotations

from pathlib import Path

import pytest

from clippings.importer.sources import feed, html, text, wxr
from clippings.importer.sources.detect import FORMATS, detect, parser_for


@pytest.mark.parametrize(
    ("fmt", "parse"),
    [("text", text.parse), ("wxr", wxr.parse), ("feed", feed.parse), ("html", html.parse)],
)
def test_each_format_has_its_parser(fmt: str, parse: object) -> None:
    assert parser_for(fmt) is parse
    # A name from the command line or a file is a new string, not the interned literal.
    assert parser_for("".join(list(fmt))) is parse


def test_the_formats_are_those_with_a_parser() -> None:
    assert FORMATS == ("text", "wxr", "feed", "html")


@pytest.mark.parametrize("name", ["", "a", "feeds", "htmlx", "textile", "wxr2", "zzz", "TEXT"])
def test_other_names_are_refused(name: str) -> None:
    with pytest.raises(ValueError, match=rf"unknown format '{name}' \(expected one of text, "):
        parser_for(name)


SNIFF_BYTES = 8192  # written out: the window the docs promise, not the module's constant


def _rss_ending_at(tmp_path: Path, end: int) -> Path:
    """A feed whose `<rss>` root tag's last byte is byte number `end` of the file."""
    opening, closing = b"<!--", b"--><rss><channel></channel></rss>"
    pad = end - len(opening) - len(b"--><rss>")
    path = tmp_path / "late.xml"
    path.write_bytes(opening + b"x" * pad + closing)
    assert path.read_bytes().index(b"<rss>") + len(b"<rss>") == end
    return path


def test_a_root_tag_inside_the_first_8_kib_is_seen(tmp_path: Path) -> None:
    assert detect(_rss_ending_at(tmp_path, SNIFF_BYTES)) == "feed"


def test_a_root_tag_past_the_first_8_kib_is_not(tmp_path: Path) -> None:
    # Past the window nothing says XML (no `<?xml` either): read as a text dump, whose
    # parser then reports what it finds.
    assert detect(_rss_ending_at(tmp_path, SNIFF_BYTES + 1)) == "text"
