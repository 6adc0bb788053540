"""Issue 16: one damaged content file never stops a build; it is skipped with file:line."""

from __future__ import annotations

from pathlib import Path

from conftest import build_site
from lxml import etree

from clippings import frontmatter
from clippings.site.settingscheck import display


def _write(content: Path, rel: str, data: bytes) -> Path:
    path = content / "articles" / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def _md(front: str, body: str = "Some text.\n") -> bytes:
    return f"---\n{front}---\n{body}".encode()


def test_hand_edited_files_build_or_are_skipped_with_file_and_line(tmp_path: Path) -> None:
    content = tmp_path / "content"
    _write(content, "2025/11/good.md", _md("title: Good\ndate: 2025-11-01\n"))
    _write(content, "2025/11/number.md", _md("title: 1984\ndate: 2025-11-02\n"))
    listed = _write(content, "2025/11/list.md", _md("title: [a, b]\ndate: 2025-11-03\n"))
    oops = _write(
        content, "2025/11/oops.md", _md("title: Oops\ndate: 2025-11-04\nentities: [oops]\n")
    )
    _write(
        content,
        "2025/11/control.md",
        _md('title: "Esc \\e and VT \\v"\ndate: 2025-11-05\n', "Body \x1b with \x0b FF \x0c.\n"),
    )
    _write(content, "2025/11/bom.md", b"\xef\xbb\xbf" + _md("title: Bom\ndate: 2025-11-06\n"))
    _write(
        content,
        "2025/11/wide.md",
        "\ufeff---\ntitle: Wide\ndate: 2025-11-07\n---\nUTF-16 text.\n".encode("utf-16-le"),
    )
    dup = _write(content, "2025/11/dup.md", _md("title: First\ntitle: Dup\ndate: 2025-11-08\n"))
    output = tmp_path / "output"
    result = build_site(content, output)
    out = result.stdout + result.stderr
    assert "Traceback" not in out
    assert result.returncode == 1, out  # three files were left out: the status says so
    n = display
    assert f"skipped: {n(listed)}:2: title: expected text, not a list" in result.stdout, out
    assert (
        f"skipped: {n(oops)}:4: entities: expected kinds mapped to lists of names, not a list"
        in result.stdout
    ), out
    built = sorted(p.parent.name for p in output.glob("2025/11/*/index.html"))
    assert built == ["1984", "bom", "esc-and-vt", "good", "wide"], out
    page = (output / "2025/11/esc-and-vt/index.html").read_text(encoding="utf-8")
    assert "\x1b" not in page and "Esc" in page
    for feed in output.rglob("*.xml"):  # feeds and sitemap stay valid XML 1.0
        etree.parse(str(feed))
    assert f"skipped: {n(dup)}:3: duplicate key 'title' (keep one)" in result.stdout, out


def test_front_matter_reader_contract() -> None:
    meta, body, warnings = frontmatter.read(_md("title: 1984\ntags: [C++, 3]\n", "x\x00y\n"))
    assert meta == {"title": "1984", "tags": ["C++", "3"]} and body == "xy\n"
    assert warnings == []
    meta = frontmatter.read(_md("title: t\nentities: {people: [1984, Ann]}\n"))[0]
    assert meta["entities"] == {"people": ["1984", "Ann"]}
    try:
        frontmatter.read(b"---\ntitle: ok\n---\ncaf\xe9\n")
    except frontmatter.FrontMatterError as exc:
        assert (exc.line, exc.reason) == (4, "not UTF-8 text (byte 0xe9)")
    else:
        raise AssertionError("latin-1 accepted")
    for bad, line in ((b"title: x\n", 1), (b"---\ntitle: x\n", 1), (b"---\n- a\n---\n", 2)):
        try:
            frontmatter.read(bad)
        except frontmatter.FrontMatterError as exc:
            assert exc.line == line
        else:
            raise AssertionError(bad)


def test_import_drops_control_characters(tmp_path: Path) -> None:
    """Issue 16 (10): ESC/VT/FF in a feed's title and body never reach a content file."""
    from clippings.cli import run_import

    feed = tmp_path / "f.rss"
    feed.write_bytes(
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>F</title>'
        b"<item><title>Esc \x1b VT \x0b FF \x0c end</title><guid>g</guid>"
        b"<pubDate>Mon, 01 Sep 2025 10:00:00 +0000</pubDate>"
        b"<description>Body \x1b text.</description></item></channel></rss>"
    )
    report = run_import([feed], tmp_path / "c", ner_model=None, jobs=1)
    assert report.inputs[str(feed)].created == 1, report.summary()
    (path,) = (tmp_path / "c").rglob("*.md")
    data = path.read_bytes()
    assert not frontmatter.CONTROL.search(data.decode("utf-8").replace("\n", ""))
    assert frontmatter.read(data)[0]["title"] == "Esc VT FF end"


def test_build_removes_only_its_own_temporary_files(tmp_path: Path) -> None:
    """Issue 16 (14): a maintainer's own `.notes.tmp` under output/ survives a build."""
    content = tmp_path / "content"
    _write(content, "2025/11/good.md", _md("title: Good\ndate: 2025-11-01\n"))
    output = tmp_path / "output"
    output.mkdir()
    (output / ".notes.tmp").write_text("mine", encoding="utf-8")
    (output / ".clippings-left-by-a-killed-build.tmp").write_text("x", encoding="utf-8")
    result = build_site(content, output)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (output / ".notes.tmp").read_text(encoding="utf-8") == "mine"
    assert not (output / ".clippings-left-by-a-killed-build.tmp").exists()
