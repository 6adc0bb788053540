"""What a rebuild reads back from the last build (CACHE_PATH) gives a clean build's bytes.

Each build here runs in its own working folder, so its CACHE_PATH (`cache/`, relative to
it) is its own: the incremental builds reuse the state of the builds before them, the
clean builds start from nothing (tests/plugins/test_changed_only.py builds from the
repository root, where every build shares one cache folder).

Covered: the related articles (plugins/archive_nav), the period archives' fingerprints
(plugins/changed_only), the content hashes and compiled templates (plugins/reader_cache),
and every page kind, after a rebuild with no change and after
one that adds a newer article (new month, new year counts), edits another's tags and
body, and removes a third.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import assert_same_output, run_clippings


def _build(work: Path, content: Path, output: Path) -> str:
    work.mkdir(exist_ok=True)
    done = run_clippings("build", "--content", str(content), "--output", str(output), cwd=work)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_incremental_builds_give_the_bytes_of_clean_builds(
    sample_content: Path, tmp_path: Path
) -> None:
    content = Path(shutil.copytree(sample_content, tmp_path / "content"))
    work, output = tmp_path / "work", tmp_path / "output"
    _build(work, content, output)
    assert (work / "cache").is_dir()
    assert list((work / "cache" / "templates").rglob("*.cache"))  # compiled templates
    # Nothing changed: everything read back from the last build.
    again = _build(work, content, output)
    assert "output: 0 page(s) and feed(s) written" in again
    _build(tmp_path / "clean0", content, tmp_path / "clean0-output")
    assert_same_output(output, tmp_path / "clean0-output")

    # A newer article (a new month and year), a tag given to two others (new related
    # articles) with an edited body, one article removed.
    articles = sorted(p for p in content.rglob("*.md") if "articles" in p.parts)
    untagged = [a for a in articles if "\ntags:" not in a.read_text(encoding="utf-8")]
    assert len(untagged) >= 3 and len(articles) > len(untagged)
    first, second, third = untagged[0], untagged[1], untagged[-1]
    newer = []
    for line in first.read_text(encoding="utf-8").split("\n"):
        if line.startswith("date: "):
            line = "date: 2031-02-03"
        elif line.startswith("slug: "):
            line = "slug: a-newer-article-for-the-build-state"
        newer.append(line)
    (first.parent / "a-newer-article.md").write_text("\n".join(newer), encoding="utf-8")
    for tagged in (first, second):
        text = tagged.read_text(encoding="utf-8").replace(
            "\ntitle: ", "\ntags:\n- Build State\ntitle: ", 1
        )
        tagged.write_text(text.replace("\n\n", "\n\nAn edited paragraph.\n\n", 1), encoding="utf-8")
    third.unlink()
    _build(work, content, output)
    _build(tmp_path / "clean1", content, tmp_path / "clean1-output")
    assert_same_output(output, tmp_path / "clean1-output")
    assert any("2031" in p.as_posix() for p in output.rglob("*") if p.is_file())


def test_a_period_archive_fingerprint_follows_what_its_page_shows() -> None:
    from datetime import datetime
    from types import SimpleNamespace

    from clippings.plugins.archive_nav import Month, Year
    from clippings.plugins.changed_only.fingerprints import period_subject

    def article(n: int, outlet: object = "RT") -> SimpleNamespace:
        when = datetime(2024, 3, n)
        return SimpleNamespace(
            _content="body", url=f"a{n}/", title=f"A{n}", metadata={"date": when}, outlet=outlet
        )

    def year(count: int) -> Year:
        return Year(2024, "2024/", count, [Month(3, "March", "2024/03/", count)])

    def subject(dates: list, count: int = 2, period: tuple = (2024, "March")) -> object:
        return period_subject({"dates": dates}, {"period": period, "archive_years": [year(count)]})

    base = subject([article(1), article(2)])
    assert subject([article(1), article(2)]) == base
    assert subject([article(1), article(2)], period=(2024,)) != base
    assert subject([article(1), article(3)]) != base
    assert subject([article(1), article(2)], count=3) != base  # the year's calendar
    with_page = SimpleNamespace(url="outlets/rt/", count=2, __str__=lambda self: "RT")
    assert subject([article(1, with_page), article(2)]) != base  # its outlet got a page
    assert period_subject({"dates": []}, {}) is None  # not a period page: always rendered


def test_compiled_templates_are_kept_apart_for_other_jinja_options() -> None:
    import jinja2
    from clippings.plugins.reader_cache.templates import options_key

    def env(**options: object) -> jinja2.Environment:
        return jinja2.Environment(**{"trim_blocks": True, "autoescape": True, **options})

    assert options_key(env()) == options_key(env())
    assert options_key(env(trim_blocks=False)) != options_key(env())
    assert options_key(env(autoescape=False)) != options_key(env())
    assert options_key(env(extensions=["jinja2.ext.do"])) != options_key(env())
    plain, with_context = env(), env()
    plain.filters["shout"] = str.upper
    with_context.filters["shout"] = jinja2.pass_context(lambda context, v: v.upper())
    assert options_key(plain) != options_key(with_context)  # called differently


def test_a_compiled_template_that_cannot_be_saved_does_not_stop_the_build(tmp_path: Path) -> None:
    import jinja2
    from clippings.plugins.reader_cache.templates import QuietBytecodeCache

    folder = tmp_path / "templates"
    folder.mkdir()
    env = jinja2.Environment(
        loader=jinja2.DictLoader({"page.html": "<p>{{ x }}</p>"}),
        bytecode_cache=QuietBytecodeCache(str(folder)),
    )
    folder.rmdir()  # (as root, a read-only folder would still be writable)
    assert env.get_template("page.html").render(x=1) == "<p>1</p>"
