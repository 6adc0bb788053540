"""The one place that reads and checks an article file's YAML front-matter.

A content file may have been edited by hand, copied through Windows or saved by an editor
that adds a BOM, so reading is forgiving where nothing is lost and strict where something
would be: UTF-8 (with or without BOM), UTF-16 and UTF-32 with a BOM are decoded; CR LF
becomes LF; control characters other than tab and newline (ESC, VT, FF, NUL…), which XML
feeds and sitemaps cannot hold, are dropped. A file that still cannot be read raises
`FrontMatterError` with the line and the reason, never anything else, so a caller can
skip that one file and go on.

`check` validates the fields the archive relies on: a number where text is expected
becomes its text (`title: 1984`); a wrong type (`title: [a, b]`, `entities: [oops]`) is
an error naming its line. Duplicate keys are reported as warnings (YAML keeps the last).
"""

from __future__ import annotations

import codecs
import re
from datetime import date, datetime
from typing import Any

import yaml

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# C0 controls but tab and newline, DEL, and C1 controls: not allowed in XML 1.0 output
# (C1 are allowed there but are never text in a news article).
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
TEXT_FIELDS = ("title", "subtitle", "outlet", "author", "posted_by", "summary", "source")
TEXT_FIELDS += ("slug", "status", "url", "guid", "checksum")
LIST_FIELDS = ("tags",)


class FrontMatterError(ValueError):
    """A content file whose front-matter cannot be used; `line` is 1-based (0: unknown)."""

    def __init__(self, line: int, reason: str) -> None:
        super().__init__(f"line {line}: {reason}" if line else reason)
        self.line = line
        self.reason = reason


def decode(data: bytes) -> str:
    """The text of a content file's bytes (BOM-aware), LF line ends, controls dropped."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as exc:
                raise FrontMatterError(0, f"not valid {encoding} text: {exc.reason}") from None
            break
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            raise FrontMatterError(line, f"not UTF-8 text (byte {data[exc.start]:#04x})") from None
    return clean(text)


def clean(text: str) -> str:
    """`text` with LF line ends and no control characters but tab and newline."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return CONTROL.sub("", text)


def split(text: str) -> tuple[str, str]:
    """(front-matter YAML, body) of a file starting with a `---` block."""
    if not text.startswith("---\n"):
        raise FrontMatterError(1, "no YAML front-matter (the file must start with '---')")
    end = text.find("\n---\n", 3)
    if end == -1:
        if text.endswith("\n---"):
            return text[4 : len(text) - 3], ""
        raise FrontMatterError(1, "the front-matter's closing '---' line is missing")
    return text[4 : end + 1], text[end + 5 :]


class _CheckingLoader(_Loader):  # type: ignore[misc, valid-type]
    """The safe loader, noting keys that appear twice in one mapping."""

    def construct_mapping(self, node: Any, deep: bool = False) -> Any:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = getattr(key_node, "value", None)
            if key in seen:
                self.duplicates.append((key_node.start_mark.line, key))
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def load(text: str) -> tuple[dict[str, Any], str, list[str]]:
    """(front-matter mapping, body, warnings) of the cleaned text of a content file.

    Raises FrontMatterError with the file's line number.
    """
    meta_text, body = split(text)
    loader = _CheckingLoader(meta_text)
    loader.duplicates = []
    try:
        meta = loader.get_single_data()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        line = mark.line + 2 if mark else 2
        raise FrontMatterError(line, f"invalid YAML front-matter: {problem}") from None
    finally:
        loader.dispose()
    if not isinstance(meta, dict):
        raise FrontMatterError(2, "the front-matter is not a YAML mapping of fields")
    warnings = [
        f"line {line + 2}: duplicate key {key!r} (the last value is used)"
        for line, key in loader.duplicates
    ]
    return meta, body.lstrip("\n"), warnings


def check(meta: dict[str, Any], text: str = "") -> dict[str, Any]:
    """The front-matter with scalars where text is expected made text; FrontMatterError
    (with the field's line in `text`) for a value of the wrong type. Control characters
    YAML escapes let in (`"\\e"`) are dropped from every string."""
    out = {key: without_controls(value) for key, value in meta.items()}
    for name in TEXT_FIELDS:
        value = out.get(name)
        if value is None or isinstance(value, str):
            continue
        if isinstance(value, bool | int | float | date):
            # `title: 1984` or `slug: 2025`: YAML read a number; the text is what was meant.
            out[name] = _scalar_text(value)
            continue
        raise FrontMatterError(field_line(text, name), f"{name}: expected text, not {_kind(value)}")
    for name in LIST_FIELDS:
        value = out.get(name)
        if value is None:
            continue
        if isinstance(value, str):
            out[name] = [value]
        elif not isinstance(value, list) or not all(_is_scalar(v) for v in value):
            raise FrontMatterError(
                field_line(text, name), f"{name}: expected a list of names, not {_kind(value)}"
            )
        else:
            out[name] = [_scalar_text(v) for v in value if v is not None]
    entities = out.get("entities")
    if entities is not None and not (
        isinstance(entities, dict)
        and all(isinstance(v, list) and all(_is_scalar(x) for x in v) for v in entities.values())
    ):
        raise FrontMatterError(
            field_line(text, "entities"),
            f"entities: expected kinds mapped to lists of names, not {_kind(entities)}",
        )
    if isinstance(entities, dict):  # names as text, whatever YAML read (`- 1984`)
        out["entities"] = {
            str(kind): [_scalar_text(v) for v in names if v is not None]
            for kind, names in entities.items()
        }
    when = out.get("date")
    if "date" in out and not isinstance(when, date | str):
        raise FrontMatterError(field_line(text, "date"), f"date: not a date ({_kind(when)})")
    return out


def read(data: bytes) -> tuple[dict[str, Any], str, list[str]]:
    """Decode, load and check a content file: (front-matter, body, warnings)."""
    text = decode(data)
    meta, body, warnings = load(text)
    return check(meta, text), body, warnings


def salvage(text: str) -> dict[str, Any]:
    """The `key: value` lines of a front-matter that is not valid YAML (best effort).

    Used only to recognise a hand-damaged file as the article it was, so a re-import
    leaves it alone instead of creating a second copy.
    """
    text = clean(text)
    head = text[4:].split("\n---\n", 1)[0] if text.startswith("---\n") else ""
    found: dict[str, Any] = {}
    for line in head.split("\n"):
        m = re.match(r"^(title|date|outlet|url|guid|source|slug):\s*(.*?)\s*$", line)
        if m and m[1] not in found and m[2]:
            value = m[2].strip("'\"")
            if m[1] == "date":
                try:
                    found["date"] = date.fromisoformat(value[:10])
                except ValueError:
                    continue
            else:
                found[m[1]] = value
    return found


def without_controls(value: Any) -> Any:
    """`value` (text, or lists and mappings of it) without control characters."""
    if isinstance(value, str):
        return CONTROL.sub("", value)
    if isinstance(value, list):
        return [without_controls(v) for v in value]
    if isinstance(value, dict):
        return {k: without_controls(v) for k, v in value.items()}
    return value


def field_line(text: str, name: str) -> int:
    """The 1-based line of top-level field `name` in `text`, or 0."""
    m = re.search(rf"^{re.escape(name)}\s*:", text, re.MULTILINE)
    return text[: m.start()].count("\n") + 1 if m else 0


def _is_scalar(value: Any) -> bool:
    return isinstance(value, str | int | float | bool | date) or value is None


def _scalar_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def _kind(value: Any) -> str:
    return {dict: "a mapping", list: "a list"}.get(type(value), type(value).__name__)
