"""A rebuild with nothing changed is skipped, and any change makes a full build
(clippings/site/uptodate.py), with the real command on the sample archive."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest
from conftest import run_clippings

from clippings.site import uptodate

SKIPPED = "nothing changed since the last build"


def _build(work: Path, content: Path, output: Path, **env: str) -> tuple[int, str, str]:
    saved = {key: os.environ.get(key) for key in env}
    os.environ.update(env)
    try:
        done = run_clippings("build", "--content", str(content), "--output", str(output), cwd=work)
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    return done.returncode, done.stdout, done.stderr


def _files(output: Path) -> dict[str, tuple[bytes, int]]:
    return {
        p.relative_to(output).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in output.rglob("*")
        if p.is_file()
    }


@pytest.fixture
def archive(sample_content: Path, tmp_path: Path) -> tuple[Path, Path, Path]:
    content = Path(shutil.copytree(sample_content, tmp_path / "content"))
    work, output = tmp_path / "work", tmp_path / "output"
    work.mkdir()
    # Content written moments ago is "racy" (its time stamps may not show a change
    # made within the same clock tick): wait until it is not.
    time.sleep(uptodate.RACY_NS / 1e9 + 0.2)
    return work, content, output


def test_an_unchanged_rebuild_is_skipped_and_any_change_rebuilds(
    archive: tuple[Path, Path, Path],
) -> None:
    work, content, output = archive
    status, first, _ = _build(work, content, output)
    assert status == 0
    before = _files(output)

    status, again, err = _build(work, content, output)
    assert status == 0 and SKIPPED in err
    assert again.split("\noutput:")[0] == first.split("\noutput:")[0]
    assert "output: 0 page(s) and feed(s) written" in again
    assert _files(output) == before  # not a byte, not a time stamp

    # A content file edited, its size kept: a full build.
    article = sorted((content / "articles").rglob("*.md"))[0]
    text = article.read_text(encoding="utf-8")
    article.write_text(text[:-2] + "x" + text[-1], encoding="utf-8")  # same size
    status, _, err = _build(work, content, output)
    assert status == 0 and SKIPPED not in err
    # … and, that edit being too recent to trust, the next build too.
    status, _, err = _build(work, content, output)
    assert status == 0 and SKIPPED not in err
    time.sleep(uptodate.RACY_NS / 1e9 + 0.2)
    status, _, err = _build(work, content, output)
    status, _, err = _build(work, content, output)
    assert status == 0 and SKIPPED in err

    # An output page deleted, another edited by hand: rebuilt, both as they were.
    pages = sorted(output.rglob("index.html"))
    deleted, edited = pages[0], pages[1]
    deleted_bytes, edited_bytes = deleted.read_bytes(), edited.read_bytes()
    deleted.unlink()
    edited.write_bytes(b"<p>defaced</p>")
    status, _, err = _build(work, content, output)
    assert status == 0 and SKIPPED not in err
    assert deleted.read_bytes() == deleted_bytes and edited.read_bytes() == edited_bytes

    # A setting from the environment (the public address): rebuilt, with a sitemap.
    status, _, err = _build(work, content, output, CLIPPINGS_SITEURL="https://example.org")
    assert status == 0 and SKIPPED not in err
    assert (output / "sitemap.xml").is_file()

    # The archive's own settings file: rebuilt.
    status, _, err = _build(work, content, output)
    (work / "pelicanconf.py").write_text(
        "from clippings.site.defaults import *  # noqa: F403\nSITENAME = 'Renamed'\n",
        encoding="utf-8",
    )
    status, _, err = _build(work, content, output)
    assert status == 0 and SKIPPED not in err, err
    assert "Renamed" in (output / "index.html").read_text(encoding="utf-8")


def test_a_failed_build_is_never_skipped(archive: tuple[Path, Path, Path]) -> None:
    work, content, output = archive
    damaged = content / "articles" / "damaged.md"
    damaged.write_text("---\ntitle: [a, b]\n---\n\nBody.\n", encoding="utf-8")
    os.utime(damaged, ns=(time.time_ns() - 10**10,) * 2)
    time.sleep(uptodate.RACY_NS / 1e9 + 0.2)
    for _ in range(2):
        status, out, err = _build(work, content, output)
        assert status == 1 and SKIPPED not in err
        assert "damaged.md:2" in out


def test_settings_are_summed_without_memory_addresses() -> None:
    class Extension:
        def __init__(self) -> None:
            self.options = {"b": 2, "a": [1, {3}]}

    one, two = (
        uptodate._stable({"X": Extension(), "F": len}),
        uptodate._stable({"F": len, "X": Extension()}),
    )
    assert one == two and "0x" not in one
    assert uptodate._stable({"X": [1, 2]}) != uptodate._stable({"X": [2, 1]})


def test_the_sum_follows_code_content_and_settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, content, output = tmp_path / "code", tmp_path / "content", tmp_path / "output"
    (code / "__pycache__").mkdir(parents=True)
    content.mkdir()
    (code / "stage.py").write_text("x = 1\n", encoding="utf-8")
    (content / "a.md").write_text("---\ntitle: A\n---\n", encoding="utf-8")
    settings_file = tmp_path / "pelicanconf.py"
    settings_file.write_text("SITENAME = 'A'\n", encoding="utf-8")
    monkeypatch.setattr(uptodate.resources, "code_folders", lambda: (code,))
    settings = {"CACHE_PATH": str(tmp_path / "cache"), "SITENAME": "A"}

    def key(values: dict[str, object] = settings) -> str:
        return uptodate.Inputs(settings_file, values, content, output).key

    first = key()
    assert key() == first
    (code / "__pycache__" / "stage.cpython-311.pyc").write_bytes(b"bytecode")
    assert key() == first  # Python's bytecode cache says nothing new
    (code / "stage.py").write_text("x = 22\n", encoding="utf-8")  # (another size: same-tick)
    second = key()
    assert second != first
    (content / "b.md").write_text("---\ntitle: B\n---\n", encoding="utf-8")
    third = key()
    assert third != second
    assert key({**settings, "SITENAME": "B"}) != third
    assert uptodate.Inputs(settings_file, settings, content, output).racy  # just written
