"""Checks of a Pelican settings file before a build: unknown settings, missing templates.

Pelican takes every upper-case name of its settings file and ignores those nothing
reads, so a typo (`ENTITY_MIN_ARTICLE = 3`) silently leaves the default in force.
`unknown_settings` names each assignment (file and line, found with `ast`, also in the
files it star-imports: publishconf.py's `from pelicanconf import *`) of a name that
is not a known setting, with the nearest known name (difflib). Known settings:

* Pelican's `DEFAULT_CONFIG`, and every name Pelican's own modules read or define
  (`settings["X"]`, `settings.get("X")`, `{"X": …}`);
* every name the plugins in use read or define defaults for, found the same way in
  their source (the pipeline's stages and the upstream plugins among them);
* `NAME_SAVE_AS` / `NAME_URL` of every direct template (Pelican builds these names);
* every upper-case name the theme's templates use (`PUBLIC_SITEURL`, `SITESUBTITLE`);
* `INTENDED`: names our settings define on purpose that nothing reads by name.

`missing_templates` names every template the build will ask the theme for and the
theme lacks: `article`, `page` (when there are pages), `tag`/`category`/`author` (when
their SAVE_AS is set), `period_archives` (or `archives`), the direct templates, those
the plugins in use load (`get_template("outlet")`), and every template these extend,
include or import. Pelican would otherwise fall back to its own "simple" theme for some
(a site built with the wrong pages, and no error) and stop with a Jinja traceback for
the others.
"""

from __future__ import annotations

import ast
import difflib
import functools
import importlib.machinery
import importlib.util
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from clippings.cachefile import read_cache, write_cache

# Upper-case names our settings define on purpose that no code reads by name.
INTENDED: dict[str, str] = {}
# The pipeline plugin registers upstream plugins itself (plugins/__init__.py STAGES).
PIPELINE = "clippings.plugins"
_NAME = re.compile(r"^[A-Z_][A-Z0-9_]*$")
_WORDS = re.compile(r"^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$")
_JINJA = re.compile(r"\{[{%#](.*?)[}%#]\}", re.DOTALL)
_IDENTIFIER = re.compile(r"\b[A-Z][A-Z0-9_]*[A-Z0-9]\b")


def display(path: str | os.PathLike[str]) -> str:
    """A path relative to the working folder when it is inside it, else absolute."""
    absolute = os.path.abspath(path)
    relative = os.path.relpath(absolute, os.getcwd())
    return absolute if relative.startswith("..") else relative


@dataclass(frozen=True)
class Assignment:
    """An upper-case name given a value at the top level of a settings file."""

    file: Path
    line: int
    name: str


def _statements(body: Iterable[ast.stmt]) -> Iterator[ast.stmt]:
    """Top-level statements, also inside if/try/with/for blocks (not in functions)."""
    for node in body:
        yield node
        for block in ("body", "orelse", "finalbody"):
            if isinstance(node, ast.If | ast.Try | ast.With | ast.For | ast.While):
                yield from _statements(getattr(node, block, []) or [])
        for handler in getattr(node, "handlers", []) or []:
            yield from _statements(handler.body)


def _targets(node: ast.stmt) -> list[ast.expr]:
    if isinstance(node, ast.Assign):
        return node.targets
    if isinstance(node, ast.AnnAssign | ast.AugAssign):
        return [node.target]
    return []


def assignments(path: Path, seen: set[Path] | None = None) -> list[Assignment]:
    """The upper-case names `path` assigns (Pelican's settings), with their lines;
    also those of the settings files it star-imports (`from pelicanconf import *`)."""
    path = path.resolve()
    seen = seen if seen is not None else set()
    if path in seen:
        return []
    seen.add(path)
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[Assignment] = []
    for node in _statements(tree.body):
        if isinstance(node, ast.ImportFrom) and any(a.name == "*" for a in node.names):
            module = (node.module or "").replace(".", os.sep) + ".py"
            for folder in (path.parent, Path.cwd()):
                if node.level == 0 and (folder / module).is_file():
                    found += assignments(folder / module, seen)
                    break
        for target in _targets(node):
            for name in ast.walk(target):
                if isinstance(name, ast.Name) and name.id.isupper():
                    found.append(Assignment(path, node.lineno, name.id))
    return found


def _names_read(tree: ast.AST) -> set[str]:
    """Setting-like names a module reads or defines defaults for: `x["NAME"]`,
    `x.get("NAME")`, `x.setdefault("NAME")`, `x.pop("NAME")`, `{"NAME": …}`, and any
    string of two or more upper-case words (`"OUTLET_FEED_ATOM_URL"` passed to a helper).
    Wrongly calling a setting unknown would stop builds: this errs on the wide side."""
    names: set[str] = set()
    for node in ast.walk(tree):
        keys: list[ast.expr | None] = []
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            if _WORDS.match(node.value):
                names.add(node.value)
        elif isinstance(node, ast.Subscript):
            keys = [node.slice]
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("get", "setdefault", "pop")
            and node.args
        ):
            keys = [node.args[0]]
        elif isinstance(node, ast.Dict):
            keys = list(node.keys)
        for key in keys:
            value = key.value if isinstance(key, ast.Constant) else None
            if isinstance(value, str) and _NAME.match(value):
                names.add(value)
    return names


def _templates_loaded(tree: ast.AST) -> set[str]:
    """Names a module passes to `get_template("…")`."""
    return {
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "get_template"
        and node.args
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
    }


@functools.lru_cache(maxsize=256)
def _scan(path: Path, mtime: int) -> tuple[frozenset[str], frozenset[str]]:
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    except (OSError, SyntaxError, UnicodeDecodeError, ValueError):
        return frozenset(), frozenset()
    return frozenset(_names_read(tree)), frozenset(_templates_loaded(tree))


# What each source file reads and loads, by its stat, kept between builds in CACHE_PATH
# (check() loads and saves it): Pelican's and the plugins' sources, parsed at every
# build, were a tenth of a small archive's build.
SCAN_CACHE = "settings-scan.pickle"
ScanKey = tuple[str, int, int, int]
_saved_scans: dict[ScanKey, tuple[frozenset[str], frozenset[str]]] = {}
_seen_scans: dict[ScanKey, tuple[frozenset[str], frozenset[str]]] = {}


def _scan_files(files: Iterable[Path]) -> tuple[set[str], set[str]]:
    names: set[str] = set()
    templates: set[str] = set()
    for file in files:
        try:
            stat = file.stat()
        except OSError:
            continue
        key = (str(file), stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns)
        found = _seen_scans.get(key) or _saved_scans.get(key)
        if found is None:
            found = _scan(file, stat.st_mtime_ns)
        _seen_scans[key] = found
        read, loaded = found
        names |= read
        templates |= loaded
    return names, templates


def _python_files(location: Path) -> list[Path]:
    if location.is_file():
        return [location]
    return sorted(p for p in location.rglob("*.py") if "tests" not in p.relative_to(location).parts)


def plugin_locations(values: dict[str, Any]) -> dict[str, Path]:
    """Each plugin in PLUGINS → its package folder (or module file), as Pelican finds it."""
    found: dict[str, Path] = {}
    paths = [str(p) for p in values.get("PLUGIN_PATHS") or []]
    plugins: list[Any] = []
    for plugin in values.get("PLUGINS") or []:
        if plugin == PIPELINE:  # the pipeline stands for its stages, each named as itself
            from clippings.plugins import STAGES

            plugins += [s if s.startswith("pelican.") else f"{PIPELINE}.{s}" for s in STAGES]
        else:
            plugins.append(plugin)
    for plugin in plugins:
        if not isinstance(plugin, str):
            file = getattr(plugin, "__file__", None)
            if file:
                found[getattr(plugin, "__name__", str(plugin))] = Path(file).parent
            continue
        spec = None
        for candidate in (plugin, f"pelican.plugins.{plugin}"):
            try:
                spec = importlib.machinery.PathFinder.find_spec(candidate, paths) or (
                    importlib.util.find_spec(candidate)
                )
            except (ImportError, ValueError):
                spec = None
            if spec is not None:
                break
        if spec is None:
            continue  # Pelican reports a plugin it cannot load
        name = plugin.removeprefix(f"{PIPELINE}.")
        if spec.submodule_search_locations:
            found[name] = Path(next(iter(spec.submodule_search_locations)))
        elif spec.origin:
            found[name] = Path(spec.origin)
    return found


def _pelican_files() -> list[Path]:
    import pelican

    return sorted(Path(pelican.__file__).parent.glob("*.py"))


def template_folders(values: dict[str, Any]) -> list[Path]:
    """Where Pelican looks for the theme's templates (overrides first)."""
    folders = [Path(p) for p in values.get("THEME_TEMPLATES_OVERRIDES") or []]
    return [*folders, Path(values["THEME"]) / "templates"]


def _template_files(values: dict[str, Any]) -> list[Path]:
    extensions = tuple(values.get("TEMPLATE_EXTENSIONS") or [".html"])
    return sorted(
        p for folder in template_folders(values) if folder.is_dir()
        for p in folder.rglob("*") if p.is_file() and p.name.endswith(extensions)
    )  # fmt: skip


def known_settings(values: dict[str, Any]) -> set[str]:
    """Every setting name something in this build reads (see the module docstring)."""
    from pelican.settings import DEFAULT_CONFIG

    known = set(DEFAULT_CONFIG) | set(INTENDED)
    known |= _scan_files(_pelican_files())[0]
    for location in plugin_locations(values).values():
        known |= _scan_files(_python_files(location))[0]
    for template in {*DEFAULT_CONFIG["DIRECT_TEMPLATES"], *(values.get("DIRECT_TEMPLATES") or [])}:
        known |= {f"{template.upper()}_SAVE_AS", f"{template.upper()}_URL"}
    for file in _template_files(values):
        try:
            text = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        for code in _JINJA.findall(text):
            known |= set(_IDENTIFIER.findall(code))
    return known


def _suggestion(name: str, known: set[str], values: dict[str, Any]) -> str:
    close = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.8)
    if close:
        return f" (did you mean {close[0]}?)"
    # SEARCH_CHUNKDOCS for a key of the SEARCH dict: SEARCH["chunk_docs"].
    for key in sorted(known, key=len, reverse=True):
        value = values.get(key)
        if name.startswith(key + "_") and isinstance(value, dict):
            keys = {str(k).replace("_", "").lower(): str(k) for k in value}
            rest = name[len(key) + 1 :].replace("_", "").lower()
            match = difflib.get_close_matches(rest, sorted(keys), n=1, cutoff=0.8)
            if match:
                return f' (did you mean {key}["{keys[match[0]]}"]?)'
    return ""


def unknown_settings(settings_file: Path, values: dict[str, Any]) -> list[str]:
    """One line per assignment of an unknown setting: `FILE:LINE: unknown setting X …`."""
    known = known_settings(values)
    problems = []
    for assignment in assignments(settings_file):
        if assignment.name not in known:
            problems.append(
                f"{display(assignment.file)}:{assignment.line}: unknown setting "
                f"{assignment.name}{_suggestion(assignment.name, known, values)}"
            )
    return problems


def _has_files(content: Path, folders: Iterable[str]) -> bool:
    return any(
        p.is_file() for folder in folders for p in (content / folder).rglob("*")
    ) if content.is_dir() else False  # fmt: skip


def needed_templates(values: dict[str, Any], content: Path) -> dict[str, str]:
    """The templates (names without extension) the build asks for → why."""
    needed = {"article": "article pages"}
    if _has_files(content, values.get("PAGE_PATHS") or []):
        needed["page"] = "pages"
    for name in ("tag", "category", "author"):
        if values.get(f"{name.upper()}_SAVE_AS"):
            needed[name] = f"{name} pages ({name.upper()}_SAVE_AS)"
    if any(values.get(f"{p}_ARCHIVE_SAVE_AS") for p in ("YEAR", "MONTH", "DAY")):
        needed["period_archives"] = "year and month pages"
    for name in values.get("DIRECT_TEMPLATES") or []:
        if values.get(f"{name.upper()}_SAVE_AS", f"{name}.html"):
            needed[name] = f"DIRECT_TEMPLATES ({name.upper()}_SAVE_AS)"
    for plugin, location in plugin_locations(values).items():
        for name in sorted(_scan_files(_python_files(location))[1]):
            needed.setdefault(name, f"plugin {plugin}")
    return needed


def missing_templates(values: dict[str, Any], content: Path) -> list[str]:
    """One line per template the build needs and the theme lacks, or cannot parse."""
    import jinja2
    from jinja2 import meta

    folders = template_folders(values)
    if not Path(values["THEME"]).is_dir():
        return [f"{display(values['THEME'])}: theme folder not found (setting THEME)"]
    extensions = list(values.get("TEMPLATE_EXTENSIONS") or [".html"])

    def find(file: str) -> Path | None:
        return next((f / file for f in folders if (f / file).is_file()), None)

    problems: list[str] = []
    todo: list[tuple[str, str]] = []  # (file name, why)
    for name, why in needed_templates(values, content).items():
        found = [f"{name}{ext}" for ext in extensions if find(f"{name}{ext}")]
        if name == "period_archives" and not found:  # Pelican falls back to archives
            found = [f"archives{ext}" for ext in extensions if find(f"archives{ext}")]
        if found:
            todo.append((found[0], why))
        else:
            problems.append(f"{display(folders[-1] / (name + extensions[0]))}: missing "
                            f"template (needed for {why})")  # fmt: skip
    env = jinja2.Environment(**{k: v for k, v in _jinja_options(values).items()})
    done: set[str] = set()
    while todo:
        file, why = todo.pop(0)
        if file in done:
            continue
        done.add(file)
        path = find(file)
        if path is None:
            problems.append(f"{display(folders[-1] / file)}: missing template ({why})")
            continue
        try:
            tree = env.parse(path.read_text(encoding="utf-8"), name=file, filename=str(path))
        except jinja2.TemplateSyntaxError as exc:
            problems.append(f"{display(path)}:{exc.lineno}: template error: {exc.message}")
            continue
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(f"{display(path)}: cannot read the template: {exc}")
            continue
        for referenced in meta.find_referenced_templates(tree):
            if referenced and not referenced.startswith("!simple/"):
                todo.append((referenced.removeprefix("!theme/"), f"used by {file}"))
    return problems


def _jinja_options(values: dict[str, Any]) -> dict[str, Any]:
    """The Jinja options that change how templates parse (delimiters, extensions)."""
    options = dict(values.get("JINJA_ENVIRONMENT") or {})
    keep = {"block_start_string", "block_end_string", "variable_start_string",
            "variable_end_string", "comment_start_string", "comment_end_string",
            "line_statement_prefix", "line_comment_prefix", "extensions"}  # fmt: skip
    return {k: v for k, v in options.items() if k in keep}


def load(settings_file: Path) -> dict[str, Any]:
    """The settings as Pelican reads them (defaults included; THEME, PLUGIN_PATHS and a
    CACHE_PATH the file sets made absolute from its folder), without Pelican's other
    processing."""
    from pelican.settings import DEFAULT_CONFIG, DEFAULT_THEME, get_settings_from_file

    own = get_settings_from_file(str(settings_file))
    values = {**DEFAULT_CONFIG, **own}
    base = settings_file.resolve().parent
    if "CACHE_PATH" in own and not os.path.isabs(own["CACHE_PATH"]):  # as Pelican does
        values["CACHE_PATH"] = str(base / own["CACHE_PATH"])
    theme = str(values.get("THEME") or DEFAULT_THEME)
    if not os.path.isabs(theme):
        local = base / theme
        builtin = Path(DEFAULT_THEME).parent / theme
        theme = str(local if local.exists() or not builtin.is_dir() else builtin)
    values["THEME"] = theme
    values["PLUGIN_PATHS"] = [str(base / p) for p in values.get("PLUGIN_PATHS") or []]
    return values


def check(settings_file: Path, content: Path, values: dict[str, Any] | None = None) -> list[str]:
    """Every problem of `settings_file` (and its theme) a build would hit, one line each.
    `values`: the file's settings, if already loaded (`load`)."""
    values = values if values is not None else load(settings_file)
    cache = Path(values.get("CACHE_PATH") or "cache") / SCAN_CACHE
    _saved_scans.clear()
    _saved_scans.update(read_cache(cache, dict) or {})
    _seen_scans.clear()
    problems = unknown_settings(settings_file, values) + missing_templates(values, content)
    if _seen_scans.keys() != _saved_scans.keys() and cache.parent.is_dir():
        write_cache(cache, dict(_seen_scans))  # (what this build read: no growth)
    return problems
