"""The vocabulary of the blog's known categories, used to split footers.

Category names on the blog can contain commas (`Mainstream Media, Warmongering` is one
category), so a footer's category list cannot be split on commas alone. The vocabulary
is the built-in list below, extended by a maintainer file (`content/categories.yaml`:
a YAML list of names) and by categories learned from structured inputs.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import yaml

from clippings.atomic import atomic_write
from clippings.errors import ConfigError

# The Aletho News category list (the blog whose dumps are the samples).
DEFAULT_CATEGORIES: tuple[str, ...] = (
    "Aletho News",
    "Book Review",
    "Civil Liberties",
    "Corruption",
    "Deception",
    "Economics",
    "Environmentalism",
    "Ethnic Cleansing, Racism, Zionism",
    "Fake News",
    "False Flag Terrorism",
    "Film Review",
    "Full Spectrum Dominance",
    "Illegal Occupation",
    "Islamophobia",
    "Malthusian Ideology, Phony Scarcity",
    "Mainstream Media, Warmongering",
    "Militarism",
    "Nuclear Power",
    "Progressive Hypocrite",
    "Russophobia",
    "Science and Pseudo-Science",
    "Sinophobia",
    "Solidarity and Activism",
    "Subjugation - Torture",
    "Supremacism, Social Darwinism",
    "Timeless or most popular",
    "Video",
    "War Crimes",
    "Wars for Israel",
)


class Vocabulary:
    """A case-insensitive set of known category names that keeps their spelling."""

    def __init__(self, names: Iterable[str] = DEFAULT_CATEGORIES) -> None:
        self._names: dict[str, str] = {}
        self.add(names)

    def add(self, names: Iterable[str]) -> None:
        """Learn more category names (the first spelling seen wins)."""
        for name in names:
            clean = " ".join(name.split())
            if clean:
                self._names.setdefault(clean.casefold(), clean)

    def lookup(self, name: str) -> str | None:
        """The known spelling of `name`, or None if it is not a known category."""
        return self._names.get(" ".join(name.split()).casefold())

    def split(self, text: str) -> list[str]:
        """Split a comma-separated category list, keeping known names that contain commas.

        Greedy longest match against the vocabulary; unknown names fall back to one
        comma-separated item each.
        """
        tokens = [t.strip() for t in text.split(",")]
        out: list[str] = []
        i = 0
        while i < len(tokens):
            match_end, match = i + 1, None
            for j in range(len(tokens), i, -1):
                known = self.lookup(", ".join(tokens[i:j]))
                if known:
                    match_end, match = j, known
                    break
            name = match or tokens[i]
            if name and name not in out:
                out.append(name)
            i = match_end
        return out

    def __len__(self) -> int:
        return len(self._names)

    def names(self) -> list[str]:
        """Every known name, in its kept spelling, sorted case-insensitively."""
        return sorted(self._names.values(), key=str.casefold)


def _read_names(path: Path) -> list[str]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise ConfigError(str(path), f"invalid YAML: {exc.problem}", line) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(str(path), f"cannot read: {exc}") from None
    if data is None:
        return []
    if not isinstance(data, list) or not all(isinstance(x, str) for x in data):
        raise ConfigError(str(path), "expected a YAML list of category names")
    return data


def load_vocabulary(*paths: Path | None) -> Vocabulary:
    """The default vocabulary plus the names listed in each YAML file that exists."""
    vocab = Vocabulary()
    for path in paths:
        if path is not None and path.exists():
            vocab.add(_read_names(path))
    return vocab


def save_learned(path: Path, vocabulary: Vocabulary, known: Vocabulary) -> bool:
    """Write the names `vocabulary` knows beyond `known` to `path` (a sorted YAML list).

    Returns True if the file changed. The file is the importer's memory of categories
    seen in structured inputs (WXR exports, saved pages), so later text-dump imports
    split footers with them too.
    """
    learned = [name for name in vocabulary.names() if known.lookup(name) is None]
    if not learned:
        return False
    text = "# Categories learned from imported WXR exports and saved pages (written by\n"
    text += "# `clippings import`; add your own to categories.yaml instead).\n"
    text += yaml.safe_dump(learned, allow_unicode=True, default_flow_style=False, width=1000)
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    atomic_write(path, text)
    return True
