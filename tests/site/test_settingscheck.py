"""Configuration errors stop a build in one line each, naming the file and line:
unknown settings (clippings.site.settingscheck), templates the theme lacks, bad YAML in
entities.yaml and outlets.yaml."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, build_site

from clippings.site.settingscheck import assignments, check, display

PELICANCONF = ROOT / "pelicanconf.py"
DEFAULTS = ROOT / "clippings" / "site" / "defaults.py"


def _pelicanconf_copy(folder: Path, replace: tuple[str, str] | None = None) -> Path:
    """Clippings' default settings copied into `folder` as its pelicanconf.py."""
    text = DEFAULTS.read_text(encoding="utf-8")
    if replace:
        assert replace[0] in text
        text = text.replace(*replace)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "pelicanconf.py"
    path.write_text(text, encoding="utf-8")
    return path


def _line_of(path: Path, start: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if line.startswith(start))


def _build_with(settings: Path, content: Path, output: Path) -> subprocess.CompletedProcess[str]:
    """The build's Pelican step (`run_pelican`, what `invoke build` runs) on `settings`."""
    code = (
        "import sys; from pathlib import Path; from clippings.site.build import run_pelican; "
        "run_pelican(*(Path(a) for a in sys.argv[1:]))"
    )
    return subprocess.run(
        [sys.executable, "-c", code, str(settings), str(content), str(output)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture
def one_article(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    article = content / "articles" / "2025" / "11" / "one.md"
    article.parent.mkdir(parents=True)
    article.write_text("---\ntitle: One\ndate: 2025-11-01\n---\nText.\n", encoding="utf-8")
    return content


def test_our_settings_files_define_only_known_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLIPPINGS_SITEURL", "https://archive.example")
    monkeypatch.chdir(ROOT)
    assert check(PELICANCONF, ROOT / "content") == []
    assert check(DEFAULTS, ROOT / "content") == []
    assert check(ROOT / "publishconf.py", ROOT / "content") == []


def test_unknown_settings_are_named_with_file_line_and_the_nearest_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)  # where `from pelicanconf import *` finds pelicanconf.py
    settings = tmp_path / "mysettings.py"
    settings.write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT)!r})\n"
        "from pelicanconf import *  # noqa: F403\n"
        "ENTITY_MIN_ARTICLE = 3\n"
        "SEARCH_CHUNKDOCS = 8\n"
        "if True:\n"
        "    DEFAULT_PAGINATON: int = 5\n"
        "helper = 1  # lower case: not a setting, Pelican ignores it\n"
        "NOTHING_LIKE_ANY_SETTING = 1\n"
        "DEFAULT_PAGINATION = 10  # known\n",
        encoding="utf-8",
    )
    where = display(settings)
    assert check(settings, tmp_path) == [
        f"{where}:4: unknown setting ENTITY_MIN_ARTICLE (did you mean ENTITY_MIN_ARTICLES?)",
        f'{where}:5: unknown setting SEARCH_CHUNKDOCS (did you mean SEARCH["chunk_docs"]?)',
        f"{where}:7: unknown setting DEFAULT_PAGINATON (did you mean DEFAULT_PAGINATION?)",
        f"{where}:9: unknown setting NOTHING_LIKE_ANY_SETTING",
    ]


def test_star_imports_are_followed_to_the_file_and_line(tmp_path: Path) -> None:
    conf = _pelicanconf_copy(tmp_path)
    publish = tmp_path / "publishconf.py"
    shutil.copy(ROOT / "publishconf.py", publish)
    found = {(a.file.name, a.name): a.line for a in assignments(publish)}
    assert found[("publishconf.py", "DELETE_OUTPUT_DIRECTORY")] == _line_of(
        publish, "DELETE_OUTPUT_DIRECTORY"
    )
    assert found[("pelicanconf.py", "ENTITY_MIN_ARTICLES")] == _line_of(conf, "ENTITY_MIN_ARTICLES")


def test_a_typo_in_the_settings_stops_the_build_in_one_line(
    tmp_path: Path, one_article: Path
) -> None:
    conf = _pelicanconf_copy(
        tmp_path / "site", ("ENTITY_MIN_ARTICLES = 1", "ENTITY_MIN_ARTICLE = 3")
    )
    line = _line_of(conf, "ENTITY_MIN_ARTICLE ")
    output = tmp_path / "output"
    result = _build_with(conf, one_article, output)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"build: error: {display(conf)}:{line}: unknown setting ENTITY_MIN_ARTICLE "
        "(did you mean ENTITY_MIN_ARTICLES?)"
    ]
    assert result.stdout == ""
    assert not output.exists()  # stopped before Pelican wrote anything


def test_templates_missing_from_the_theme_stop_the_build_naming_each(
    tmp_path: Path, one_article: Path
) -> None:
    theme = Path(shutil.copytree(ROOT / "theme", tmp_path / "theme"))
    # article.html: Pelican would quietly use its "simple" theme's; outlet.html (a
    # plugin's) and _macros.html (included): a Jinja traceback.
    for name in ("article.html", "outlet.html", "_macros.html"):
        (theme / "templates" / name).unlink()
    conf = _pelicanconf_copy(
        tmp_path / "site", ("THEME = str(resources.theme_dir())", f"THEME = {str(theme)!r}")
    )
    output = tmp_path / "output"
    result = _build_with(conf, one_article, output)
    assert result.returncode == 2
    templates = display(theme / "templates")
    lines = result.stderr.splitlines()
    assert lines[:2] == [
        f"build: error: {templates}/article.html: missing template (needed for article pages)",
        f"build: error: {templates}/outlet.html: missing template (needed for plugin outlets)",
    ]
    assert len(lines) == 3
    assert lines[2].startswith(
        f"build: error: {templates}/_macros.html: missing template (used by "
    )
    assert not output.exists()


def test_a_template_syntax_error_is_named_with_its_line(tmp_path: Path, one_article: Path) -> None:
    theme = Path(shutil.copytree(ROOT / "theme", tmp_path / "theme"))
    tags = theme / "templates" / "tags.html"
    tags.write_text(tags.read_text(encoding="utf-8") + "\n{% if %}\n", encoding="utf-8")
    line = len(tags.read_text(encoding="utf-8").splitlines())
    conf = _pelicanconf_copy(
        tmp_path / "site", ("THEME = str(resources.theme_dir())", f"THEME = {str(theme)!r}")
    )
    result = _build_with(conf, one_article, tmp_path / "output")
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"build: error: {display(tags)}:{line}: template error: Expected an expression, got "
        "'end of statement block'"
    ]


@pytest.mark.parametrize(
    ("name", "text", "line", "message"),
    [
        ("entities.yaml", "aliases:\n  Kyiv: [Kiev\n", 3,
         "invalid YAML: expected ',' or ']', but got '<stream end>'"),
        ("outlets.yaml", "- name: RT\n  aliases: [RT News\n- name: X\n", 3,
         "invalid YAML: expected ',' or ']', but got ':'"),
    ],
)  # fmt: skip
def test_bad_yaml_in_curation_files_stops_the_build_with_file_and_line(
    tmp_path: Path, one_article: Path, name: str, text: str, line: int, message: str
) -> None:
    path = one_article / name
    path.write_text(text, encoding="utf-8")
    result = build_site(one_article, tmp_path / "output")
    assert result.returncode == 2
    assert result.stderr.splitlines() == [f"build: error: {display(path)}:{line}: {message}"]
    assert "Traceback" not in result.stdout


def test_scans_of_plugin_sources_are_kept_between_builds_by_stat(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from clippings.site import settingscheck

    plugin = tmp_path / "plugins" / "myplugin"
    plugin.mkdir(parents=True)
    source = plugin / "__init__.py"
    source.write_text('def register(s):\n    return s.get("MY_OWN_SETTING")\n', encoding="utf-8")
    (tmp_path / "cache").mkdir()
    settings = tmp_path / "conf.py"
    settings.write_text(
        'PLUGIN_PATHS = ["plugins"]\nPLUGINS = ["myplugin"]\nCACHE_PATH = "cache"\n'
        "MY_OWN_SETTING = 1\n",
        encoding="utf-8",
    )
    assert not settingscheck.unknown_settings(settings, settingscheck.load(settings))
    settingscheck.check(settings, tmp_path)
    assert (tmp_path / "cache" / settingscheck.SCAN_CACHE).is_file()

    def no_parsing(path: Path, mtime: int) -> None:
        raise AssertionError(f"{path} parsed again")

    # A new build (a new process: nothing in memory): every file read back from the cache.
    settingscheck._saved_scans.clear()
    settingscheck._seen_scans.clear()
    monkeypatch.setattr(settingscheck, "_scan", no_parsing)
    first = settingscheck.check(settings, tmp_path)
    # The plugin edited (it now reads another name): parsed again, the setting unknown.
    source.write_text('def register(s):\n    return s.get("ANOTHER")\n', encoding="utf-8")
    with pytest.raises(AssertionError, match="parsed again"):
        settingscheck.check(settings, tmp_path)
    monkeypatch.undo()
    assert not any("MY_OWN_SETTING" in line for line in first)
    again = settingscheck.check(settings, tmp_path)
    assert any("unknown setting MY_OWN_SETTING" in line for line in again)
