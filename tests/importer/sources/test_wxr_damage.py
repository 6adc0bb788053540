"""Issue 16: a damaged WXR export loses only its damaged items, each named with its line."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from clippings.errors import InputError
from clippings.importer.model import Article, Note, Skipped
from clippings.importer.options import ImportOptions
from clippings.importer.sources.wxr import parse

HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Blog</title><link>https://blog.example</link>
<wp:wxr_version>1.2</wp:wxr_version>
"""


def _item(n: int, title: str | None = None, body: str = "Text.", guid: str | None = None) -> str:
    title = f"Post {n}" if title is None else title
    guid = guid or f"https://blog.example/?p={n}"
    return (
        f"<item>\n<title>{title}</title>\n<link>https://blog.example/post-{n}/</link>\n"
        f'<guid isPermaLink="false">{guid}</guid>\n<wp:post_id>{n}</wp:post_id>\n'
        f"<content:encoded><![CDATA[<p>{body}</p>]]></content:encoded>\n"
        f"<wp:post_date>2025-11-{n:02d} 08:00:00</wp:post_date>\n"
        "<wp:status>publish</wp:status><wp:post_type>post</wp:post_type>\n</item>\n"
    )


def _export(tmp_path: Path, items: list[str], tail: str = "</channel></rss>\n") -> Path:
    path = tmp_path / "export.xml"
    path.write_bytes((HEAD + "".join(items) + tail).encode("utf-8"))
    return path


def _parse(path: Path) -> tuple[list[Article], list[Skipped], list[Note]]:
    items = list(parse(path, ImportOptions()))
    return (
        [i for i in items if isinstance(i, Article)],
        [i for i in items if isinstance(i, Skipped)],
        [i for i in items if isinstance(i, Note)],
    )


@pytest.mark.parametrize(
    ("damage", "repaired"),
    [
        ("Tom and Jerry <3", True),  # a bare '<': repaired, the title kept whole
        ("Salt & pepper", True),  # a stray '&'
        ("If a <b then c", False),  # looks like a tag: cannot be repaired unambiguously
        ("No end tag", False),  # a missing </title>
        ("Escape \x1b and form feed \x0c", True),  # control characters: dropped
    ],
)
def test_one_damaged_item_costs_only_itself(tmp_path: Path, damage: str, repaired: bool) -> None:
    items = [_item(n) for n in range(1, 9)]
    items[1] = _item(2, title=damage)
    if damage == "No end tag":
        items[1] = items[1].replace("</title>", "", 1)
    path = _export(tmp_path, items)
    articles, skipped, notes = _parse(path)
    titles = [a.title for a in articles]
    line = (HEAD + items[0]).count("\n") + 1  # the damaged item's <item> line
    for n in (1, 3, 4, 5, 6, 7, 8):
        assert f"Post {n}" in titles
    if repaired:
        assert len(articles) == 8 and not skipped
        assert [n.line for n in notes] == [line]
        expected = " ".join(damage.replace("\x1b", "").replace("\x0c", "").split())
        assert articles[1].title == expected
    else:
        assert len(articles) == 7
        (skip,) = skipped
        assert skip.line == line and "damaged XML" in skip.reason


def test_item_over_the_size_limit_is_named_and_the_next_is_kept(tmp_path: Path) -> None:
    items = [_item(1), _item(2, body="x" * (11 * 1024 * 1024)), _item(3), _item(4)]
    articles, skipped, _ = _parse(_export(tmp_path, items))
    assert [a.title for a in articles] == ["Post 1", "Post 3", "Post 4"]
    (skip,) = skipped
    assert "larger than the limit" in skip.reason
    assert skip.line == (HEAD + items[0]).count("\n") + 1


def test_truncated_export_keeps_every_whole_item(tmp_path: Path) -> None:
    items = [_item(n) for n in range(1, 5)]
    text = HEAD + "".join(items)
    path = tmp_path / "cut.xml"
    path.write_bytes(text[: len(text) - 60].encode("utf-8"))  # cut inside item 4
    articles, skipped, _ = _parse(path)
    assert [a.title for a in articles] == ["Post 1", "Post 2", "Post 3"]
    (skip,) = skipped
    assert "damaged XML" in skip.reason and skip.line == (
        text.count("\n", 0, text.rindex("<item>")) + 1
    )


def test_item_inside_cdata_is_not_a_boundary(tmp_path: Path) -> None:
    body = "An RSS lesson: <item><title>fake</title></item> ends here."
    articles, skipped, _ = _parse(_export(tmp_path, [_item(1, body=body), _item(2)]))
    assert [a.title for a in articles] == ["Post 1", "Post 2"] and not skipped
    assert "ends here" in articles[0].body_html


def test_nul_bytes_and_utf16(tmp_path: Path) -> None:
    text = HEAD + _item(1, title="Null\x00 in title") + _item(2) + "</channel></rss>\n"
    path = tmp_path / "nul.xml"
    path.write_bytes(text.encode("utf-8"))
    articles, skipped, _ = _parse(path)
    assert [a.title for a in articles] == ["Null in title", "Post 2"] and not skipped
    utf16 = tmp_path / "utf16.xml"
    utf16.write_bytes(
        "\ufeff".encode("utf-16-le")
        + (HEAD.replace("UTF-8", "UTF-16") + _item(1, title="Ünïcode") + "</channel></rss>").encode(
            "utf-16-le"
        )
    )
    articles, skipped, _ = _parse(utf16)
    assert [a.title for a in articles] == ["Ünïcode"] and not skipped


def test_shared_guid_gives_each_post_its_own_identity(tmp_path: Path) -> None:
    """Issue 16 (2): posts with their own ids and links sharing one guid."""
    same = "https://elsewhere.example/?p=1"
    items = [_item(1, guid=same), _item(2, title="Video", guid=same), _item(3)]
    articles, _, _ = _parse(_export(tmp_path, items))
    assert [a.guid for a in articles] == [
        "https://blog.example/?p=1",
        "https://blog.example/?p=2",
        "https://blog.example/?p=3",
    ]


def test_non_wordpress_xml_forced_as_wxr_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "feed.xml"
    path.write_bytes(
        b'<?xml version="1.0" encoding="ISO-8859-1"?><rss version="2.0"><channel>'
        b"<title>Jornal</title><item><title>Cora\xe7\xe3o</title></item></channel></rss>"
    )
    with pytest.raises(InputError, match="not a WordPress export"):
        list(parse(path, ImportOptions()))


def test_date_written_in_another_language_or_unreadable(tmp_path: Path) -> None:
    item = _item(1).replace(
        "<wp:post_date>2025-11-01 08:00:00</wp:post_date>",
        "<pubDate>Seg, 24 Set 2018 19:42:40 -0300</pubDate>",
    )
    bad = _item(2).replace(
        "<wp:post_date>2025-11-02 08:00:00</wp:post_date>", "<pubDate>someday</pubDate>"
    )
    articles, skipped, _ = _parse(_export(tmp_path, [item, bad]))
    assert [a.date for a in articles] == [date(2018, 9, 24)]
    assert "'someday' cannot be read" in skipped[0].reason


def test_declared_encoding_applies_to_every_item(tmp_path: Path) -> None:
    """Each item is parsed alone: the document's encoding must still apply to it."""
    text = HEAD.replace("UTF-8", "ISO-8859-1") + _item(1, title="Coração") + _item(2)
    path = tmp_path / "latin1.xml"
    path.write_bytes((text + "</channel></rss>").encode("latin-1"))
    articles, skipped, _ = _parse(path)
    assert [a.title for a in articles] == ["Coração", "Post 2"] and not skipped
