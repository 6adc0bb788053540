"""Issue 16 (9): UTF-16 and UTF-32 inputs with a BOM are read, not refused as binary."""

from __future__ import annotations

from pathlib import Path

import pytest

from clippings.errors import InputError
from clippings.importer.model import Article
from clippings.importer.sources.detect import detect, parser_for
from clippings.importer.sources.wide import as_utf8, is_wide_text, wide_encoding

DUMP = "Ünïcode title\nRT | November 8, 2025\nFirst paragraph.\n"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_wide_text_dump_is_read(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "dump.txt"
    data = DUMP.encode(encoding)
    if not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        data = "\ufeff".encode(encoding) + data  # the -be codecs write no BOM
    path.write_bytes(data)
    assert detect(path) == "text"
    articles = [i for i in parser_for("text")(path, None) if isinstance(i, Article)]
    assert [a.title for a in articles] == ["Ünïcode title"]


def test_bom_then_binary_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(InputError, match="binary file"):
        list(parser_for("text")(path, None))


def test_helpers() -> None:
    assert wide_encoding(b"\xff\xfe\x00\x00<") == "utf-32-le"
    assert as_utf8("\ufeff<rss ver".encode("utf-16-le")[:-1]) == b"<rss ve"  # cut char dropped
    assert as_utf8(b"<rss>") == b"<rss>"
    assert not is_wide_text(b"\xff\xfe", "utf-16-le")


@pytest.mark.parametrize("fmt", ["feed", "wxr"])
def test_entity_declarations_in_utf16_are_refused(tmp_path: Path, fmt: str) -> None:
    """The billion-laughs check must not be blind to UTF-16."""
    doc = (
        '<?xml version="1.0" encoding="UTF-16"?>\n<!DOCTYPE rss [<!ENTITY a "aaaa">'
        '<!ENTITY b "&a;&a;&a;&a;">]>\n<rss version="2.0" '
        'xmlns:wp="http://wordpress.org/export/1.2/"><channel><title>&b;</title>'
        "<wp:wxr_version>1.2</wp:wxr_version><item><title>&b;</title></item></channel></rss>"
    )
    path = tmp_path / "lol.xml"
    path.write_bytes(doc.encode("utf-16"))
    with pytest.raises(InputError, match="entity declarations are not allowed"):
        list(parser_for(fmt)(path, None))
