"""Outlet names: the matching key, the built-in list, content/outlets.yaml, merging.

An article's `outlet` is free text from a byline or a feed: `PressTV`, `Press TV`,
`press tv`, `RT News`. A `Registry` maps every spelling to one display name:

* spellings meet on their *key*: Unicode-normalised (NFKC), case-folded, every character
  that is not a letter or digit dropped (`Press TV`, `PressTV`, `press-tv` → `presstv`);
* a known outlet answers for its name and each alias (`RT News` → `RT`);
* an unknown outlet keeps its own name, spacing tidied (`Glenn  Diesen` → `Glenn Diesen`).

Known outlets come from `defaults.yaml` (next to this file) and the maintainer's
`content/outlets.yaml`, both a YAML list of `{name, aliases, homepage, description}`.
A maintainer entry that names a built-in outlet (by its name or any alias) replaces it:
its own name becomes the display name, its fields win, and the built-in aliases are kept.

Every problem in either file is a `ConfigError` naming the file and the line.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from clippings.errors import ConfigError

DEFAULTS_FILE = Path(__file__).resolve().parent / "defaults.yaml"
FIELDS = ("name", "aliases", "homepage", "description")
_STR = "tag:yaml.org,2002:str"
_NULL = "tag:yaml.org,2002:null"


def match_key(name: str) -> str:
    """The key two spellings of one outlet share: casefolded letters and digits only."""
    text = unicodedata.normalize("NFKC", name).casefold()
    return "".join(ch for ch in text if ch.isalnum())


def sort_key(name: str) -> str:
    """`name` for A–Z ordering: accents dropped, case-folded (`Émile` sorts as `emile`)."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def tidy(name: str) -> str:
    """`name` with runs of whitespace made one space, and no space at either end."""
    return " ".join(name.split())


@dataclass(frozen=True)
class OutletInfo:
    """One known outlet, as defined at `path`:`line` of a YAML file."""

    name: str
    aliases: tuple[str, ...] = ()
    homepage: str = ""
    description: str = ""
    path: str = field(default="", compare=False)
    line: int = field(default=0, compare=False)
    alias_lines: tuple[int, ...] = field(default=(), compare=False, repr=False)

    def spellings(self) -> list[str]:
        """The name, then each alias."""
        return [self.name, *self.aliases]

    def match_keys(self) -> list[str]:
        """The matching keys of the name and aliases, without repeats, name first."""
        return list(dict.fromkeys(match_key(s) for s in self.spellings()))


# --- reading one file -----------------------------------------------------------------


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _text(path: str, node: yaml.Node, what: str) -> str:
    """The text of a scalar node (numbers and the like as written), never empty."""
    if not isinstance(node, yaml.ScalarNode) or node.tag == _NULL:
        raise ConfigError(path, f"{what} must be text", _line(node))
    value = tidy(str(node.value))
    if not value:
        raise ConfigError(path, f"{what} must not be empty", _line(node))
    return value


def _entry(path: str, node: yaml.Node) -> OutletInfo:
    if not isinstance(node, yaml.MappingNode):
        raise ConfigError(
            path, "each outlet must be a mapping with a `name` (e.g. `- name: RT`)", _line(node)
        )
    values: dict[str, yaml.Node] = {}
    for key_node, value_node in node.value:
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
        if key not in FIELDS:
            raise ConfigError(
                path,
                f"unknown key {key!r} (expected {', '.join(FIELDS)})",
                _line(key_node),
            )
        if key in values:
            raise ConfigError(path, f"key {key!r} given twice", _line(key_node))
        values[key] = value_node
    if "name" not in values:
        raise ConfigError(path, "outlet without a `name`", _line(node))
    name = _text(path, values["name"], "`name`")
    aliases: list[str] = []
    alias_lines: list[int] = []
    if "aliases" in values:
        seq = values["aliases"]
        if isinstance(seq, yaml.ScalarNode) and seq.tag == _NULL:
            seq = yaml.SequenceNode("tag:yaml.org,2002:seq", [])
        if not isinstance(seq, yaml.SequenceNode):
            raise ConfigError(path, f"{name}: `aliases` must be a list of names", _line(seq))
        for item in seq.value:
            aliases.append(_text(path, item, f"{name}: an alias"))
            alias_lines.append(_line(item))
    homepage = ""
    if "homepage" in values:
        homepage = _text(path, values["homepage"], f"{name}: `homepage`")
        if not homepage.startswith(("https://", "http://")) or " " in homepage:
            raise ConfigError(
                path,
                f"{name}: `homepage` must be an http(s) address, not {homepage!r}",
                _line(values["homepage"]),
            )
    description = ""
    if "description" in values:
        description = _text(path, values["description"], f"{name}: `description`")
    info = OutletInfo(
        name=name,
        aliases=tuple(aliases),
        homepage=homepage,
        description=description,
        path=path,
        line=_line(node),
        alias_lines=tuple(alias_lines),
    )
    for spelling, line in zip(info.spellings(), (info.line, *alias_lines), strict=True):
        if not match_key(spelling):
            raise ConfigError(path, f"{spelling!r} has no letter or digit", line)
    return info


def read_outlets(path: Path, text: str | None = None) -> list[OutletInfo]:
    """The outlets a YAML file defines, checked: fields, types, no name claimed twice."""
    shown = str(path)
    if text is None:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(shown, f"cannot read: {exc}") from None
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise ConfigError(shown, f"invalid YAML: {exc.problem or exc.context}", line) from None
    except yaml.YAMLError as exc:
        raise ConfigError(shown, f"invalid YAML: {exc}") from None
    if root is None or (isinstance(root, yaml.ScalarNode) and root.tag == _NULL):
        return []
    if not isinstance(root, yaml.SequenceNode):
        raise ConfigError(
            shown, "expected a YAML list of outlets (`- name: …` entries)", _line(root)
        )
    outlets = [_entry(shown, node) for node in root.value]
    _check_unique(outlets)
    return outlets


def _check_unique(outlets: Iterable[OutletInfo]) -> None:
    """Raise if one name or alias (by key) belongs to two outlets of the same file."""
    owner: dict[str, OutletInfo] = {}
    for info in outlets:
        lines = (info.line, *info.alias_lines)
        for spelling, line in zip(info.spellings(), lines, strict=True):
            key = match_key(spelling)
            first = owner.setdefault(key, info)
            if first is not info:
                raise ConfigError(
                    info.path,
                    f"{spelling!r} is claimed by two outlets: {first.name!r} (line "
                    f"{first.line}) and {info.name!r}",
                    line,
                )


# --- merging and matching -------------------------------------------------------------


def merge(defaults: list[OutletInfo], overrides: list[OutletInfo]) -> list[OutletInfo]:
    """The built-in outlets with the maintainer's entries applied (see the module doc)."""
    default_of: dict[str, int] = {}
    for i, info in enumerate(defaults):
        for key in info.match_keys():
            default_of[key] = i
    taken: dict[int, OutletInfo] = {}
    merged: list[OutletInfo] = []
    for entry in overrides:
        matched = list(dict.fromkeys(default_of[k] for k in entry.match_keys() if k in default_of))
        for i in matched:
            if i in taken:
                raise ConfigError(
                    entry.path,
                    f"{entry.name!r} and {taken[i].name!r} (line {taken[i].line}) both name "
                    f"the built-in outlet {defaults[i].name!r}; merge them into one entry",
                    entry.line,
                )
            taken[i] = entry
        aliases = list(entry.aliases)
        for i in matched:
            aliases += defaults[i].spellings()
        known = {match_key(entry.name)}
        kept = []
        for alias in aliases:
            if match_key(alias) not in known:
                known.add(match_key(alias))
                kept.append(alias)
        first = defaults[matched[0]] if matched else None
        merged.append(
            replace(
                entry,
                aliases=tuple(kept),
                homepage=entry.homepage or (first.homepage if first else ""),
                description=entry.description or (first.description if first else ""),
                alias_lines=(),
            )
        )
    untouched = [info for i, info in enumerate(defaults) if i not in taken]
    return untouched + merged


class Registry:
    """Every known outlet by the key of its name and of each alias."""

    def __init__(self, outlets: Iterable[OutletInfo] = ()) -> None:
        self.outlets = list(outlets)
        self._by_key: dict[str, OutletInfo] = {}
        for info in self.outlets:
            for key in info.match_keys():
                self._by_key[key] = info

    def known(self, spelling: str) -> OutletInfo | None:
        """The known outlet `spelling` names, if any."""
        return self._by_key.get(match_key(spelling))

    def display_name(self, spelling: str) -> str:
        """The name to show for `spelling`: a known outlet's name, else the tidied text."""
        info = self.known(spelling)
        return info.name if info else tidy(spelling)


def load_registry(path: Path | None, defaults: Path = DEFAULTS_FILE) -> Registry:
    """The built-in outlets, with the maintainer file `path` applied when it exists."""
    outlets = read_outlets(defaults)
    if path is not None and path.is_file():
        outlets = merge(outlets, read_outlets(path))
    return Registry(outlets)
