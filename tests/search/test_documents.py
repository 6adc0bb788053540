"""clippings.search.documents: the body-text cache gives what html_text gives."""

from __future__ import annotations

from pathlib import Path

from clippings.search.documents import BodyTexts, html_text

BODIES = ["<p>One <b>two</b></p><p>three</p>", "<ul><li>a</li><li>b</li></ul>", ""]


def test_cached_texts_equal_html_text_and_the_file_follows_the_last_build(tmp_path: Path) -> None:
    path = tmp_path / "cache" / "texts.pickle"
    first = BodyTexts(path)
    assert [first(b) for b in BODIES] == [html_text(b) for b in BODIES]
    assert first.misses == len(BODIES)
    first.save()
    stamp = path.stat().st_mtime_ns
    again = BodyTexts(path)
    assert [again(b) for b in BODIES] == [html_text(b) for b in BODIES]
    assert again.misses == 0
    again.save()
    assert path.stat().st_mtime_ns == stamp  # nothing changed: not written
    # A build without the first body: the file drops it.
    fewer = BodyTexts(path)
    assert [fewer(b) for b in BODIES[1:]] == [html_text(b) for b in BODIES[1:]]
    fewer.save()
    assert len(BodyTexts(path).known) == len(BODIES) - 1


def test_a_damaged_cache_file_is_an_empty_cache(tmp_path: Path) -> None:
    path = tmp_path / "texts.pickle"
    path.write_bytes(b"\x80\x05not a pickle")
    texts = BodyTexts(path)
    assert texts(BODIES[0]) == html_text(BODIES[0])
    assert texts.misses == 1
    texts.save()
    reread = BodyTexts(path)  # replaced by a good one, holding what was used
    assert list(reread.known.values()) == [html_text(BODIES[0])]
    assert reread(BODIES[0]) == html_text(BODIES[0]) and reread.misses == 0
