"""The maintainer's curation of entities: `content/entities.yaml`.

    aliases:        # the name shown: [other spellings of the same entity]
      Kyiv: [Kiev]
    merges:         # entities to show as one (a renamed organisation, a short name)
      Hayat Tahrir al-Sham: [HTS]
    types:          # type overrides: person | organization | place
      Bundeswehr: organization
    blocklist:      # never an entity
      - Russophobia
    min_articles: 2 # articles an entity needs for a page (default: the setting)

Every problem is reported with the file and line: bad YAML, unknown keys, a type that is
not one of the three, a spelling claimed by two names.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from clippings.entities.names import name_key
from clippings.errors import ConfigError

TYPES = ("person", "organization", "place")
KEYS = ("aliases", "merges", "types", "blocklist", "min_articles")


@dataclass
class Curation:
    """What the maintainer decided, by name key (see `names.name_key`)."""

    canonical: dict[str, str] = field(default_factory=dict)  # spelling key → shown name
    spelling_text: dict[str, str] = field(default_factory=dict)  # spelling key → as written
    types: dict[str, str] = field(default_factory=dict)  # name key → type
    blocklist: set[str] = field(default_factory=set)
    min_articles: int | None = None


def _fail(path: Path, node: yaml.Node, message: str) -> ConfigError:
    return ConfigError(str(path), message, node.start_mark.line + 1)


def _scalar(path: Path, node: yaml.Node, what: str) -> str:
    if not isinstance(node, yaml.ScalarNode) or not str(node.value).strip():
        raise _fail(path, node, f"{what} must be a non-empty name")
    return str(node.value).strip()


def _names(path: Path, node: yaml.Node, what: str) -> list[yaml.ScalarNode]:
    if isinstance(node, yaml.ScalarNode):
        return [node]
    if not isinstance(node, yaml.SequenceNode):
        raise _fail(path, node, f"{what} must be a name or a list of names")
    return list(node.value)


def load_curation(path: Path) -> Curation:
    """The curation in `path` (an empty one if the file does not exist)."""
    curation = Curation()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return curation
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(str(path), f"cannot read: {exc}") from None
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        problem = getattr(exc, "problem", exc)
        raise ConfigError(str(path), f"invalid YAML: {problem}", line) from None
    if root is None:
        return curation
    if not isinstance(root, yaml.MappingNode):
        raise _fail(path, root, "expected a mapping with keys " + ", ".join(KEYS))
    claimed: dict[str, str] = {}
    for key_node, value in root.value:
        key = _scalar(path, key_node, "a key")
        if key not in KEYS:
            raise _fail(path, key_node, f"unknown key {key!r} (expected one of {', '.join(KEYS)})")
        if key in ("aliases", "merges"):
            if not isinstance(value, yaml.MappingNode):
                raise _fail(path, value, f"{key} must map a name to its other spellings")
            for name_node, spellings in value.value:
                shown = _scalar(path, name_node, "a name")
                for node in [name_node, *_names(path, spellings, "spellings")]:
                    spelling = name_key(_scalar(path, node, "a spelling"))
                    if claimed.get(spelling, shown) != shown:
                        taken = f"{node.value!r} is already a spelling of {claimed[spelling]!r}"
                        raise _fail(path, node, taken)
                    claimed[spelling] = shown
                    curation.spelling_text[spelling] = str(node.value).strip()
        elif key == "types":
            if not isinstance(value, yaml.MappingNode):
                raise _fail(path, value, "types must map a name to person, organization or place")
            for name_node, type_node in value.value:
                kind = _scalar(path, type_node, "a type")
                if kind not in TYPES:
                    raise _fail(path, type_node, f"type {kind!r} is not one of {', '.join(TYPES)}")
                curation.types[name_key(_scalar(path, name_node, "a name"))] = kind
        elif key == "blocklist":
            for node in _names(path, value, "blocklist"):
                curation.blocklist.add(name_key(_scalar(path, node, "a blocked name")))
        else:
            raw = _scalar(path, value, "min_articles")
            if not raw.isdigit() or int(raw) < 1:
                raise _fail(path, value, "min_articles must be a whole number ≥ 1")
            curation.min_articles = int(raw)
    curation.canonical = claimed
    return curation
