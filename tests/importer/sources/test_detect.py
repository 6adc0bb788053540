"""Tests for clippings.importer.sources.detect: format by content, not by name."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURES, SAMPLES

from clippings.importer.sources.detect import detect, parser_for


@pytest.mark.parametrize(
    ("content", "fmt"),
    [
        (b'<?xml version="1.0"?>\n<rss xmlns:wp="http://wordpress.org/export/1.2/">', "wxr"),
        (b'\xef\xbb\xbf<?xml version="1.0"?><rss version="2.0"><channel>', "feed"),
        (b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">', "feed"),
        (b'<?xml version="1.0"?><rdf:RDF xmlns:rdf="x">', "feed"),
        (b"<!DOCTYPE html>\n<html lang=en><head>", "html"),
        (b"  <html><body><article>", "html"),
        (b"Title\nRT | November 8, 2025\n", "text"),
        (b"", "text"),
    ],
)
def test_detect_by_content(tmp_path: Path, content: bytes, fmt: str) -> None:
    path = tmp_path / "input.bin"  # the name says nothing
    path.write_bytes(content)
    assert detect(path) == fmt


def test_real_inputs() -> None:
    assert {detect(p) for p in SAMPLES.glob("*.txt")} == {"text"}
    assert {detect(p) for p in (FIXTURES / "wxr").glob("*.xml")} == {"wxr"}


def test_unknown_format() -> None:
    with pytest.raises(ValueError, match="unknown format"):
        parser_for("docx")
