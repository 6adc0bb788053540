"""fast_yaml: read the YAML front-matter with libyaml (PyYAML's C loader).

pelican-yaml-metadata parses every article's front-matter with PyYAML's pure-Python
loader, a tenth of a large build's time. This reader is the same reader with
`CSafeLoader` (the same safe subset of YAML, the same Python values), registered for
the same file extensions after pelican-yaml-metadata's. A front-matter that is not
valid YAML stops the build naming the file and line.

The file is read through `clippings.frontmatter`, the one reader of front-matter: a BOM
or UTF-16 is decoded, control characters (which XML feeds and sitemaps cannot hold) are
dropped from the whole file, a number where text is expected becomes text (`title:
1984`), and a value of the wrong type (`title: [a, b]`, `entities: [oops]`) or invalid
YAML, or a key given twice, is a `ConfigError` naming the file and line: `build_account`
reports that file as skipped and the build goes on.
"""

from __future__ import annotations

from typing import Any

import yaml
from pelican import signals
from pelican.plugins.yaml_metadata.yaml_metadata import YAMLMetadataReader

from clippings import frontmatter
from clippings.errors import ConfigError

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class FastYAMLMetadataReader(YAMLMetadataReader):
    """pelican-yaml-metadata's reader, loading YAML with libyaml."""

    def read(self, source_path: str) -> tuple[str, dict[str, Any]]:
        with open(source_path, "rb") as fh:
            data = fh.read()
        text = stripped = ""
        try:
            text = frontmatter.decode(data)
            stripped = text.lstrip("\n")  # blank lines before the block are allowed
            if not stripped.startswith("---\n"):
                return super().read(source_path)  # no YAML block: Markdown metadata
            meta, body, warnings = frontmatter.load(stripped)
            meta = frontmatter.check(meta, stripped)
        except frontmatter.FrontMatterError as exc:
            line = exc.line + len(text) - len(stripped) if exc.line else None
            raise ConfigError(source_path, exc.reason, line) from None
        if warnings:  # a key given twice: which value was meant is not ours to guess
            line, _, reason = warnings[0].removeprefix("line ").partition(": ")
            offset = len(text) - len(stripped)
            raise ConfigError(source_path, reason.replace(" (the last value is used)", "")
                              + " (keep one)", int(line) + offset)  # fmt: skip
        metadata = self._parse_yaml_metadata(meta, source_path)
        # As pelican-yaml-metadata: markdown.extensions.meta's `Meta`, lists of strings.
        self._md.Meta = {
            k: [str(i) for i in v] if isinstance(v, list) else [str(v)] for k, v in meta.items()
        }
        return self._md.reset().convert(body), metadata

    def _load_yaml_metadata(self, text: str, source_path: str) -> dict[str, Any]:
        try:
            metadata = yaml.load(text, Loader=_Loader)  # a safe loader (libyaml)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            # The text starts with the newline that ends the opening `---` line: the mark's
            # 0-based line is the file's 1-based line minus one.
            line = mark.line + 1 if mark else None
            problem = getattr(exc, "problem", None) or exc
            raise ConfigError(source_path, f"invalid YAML front-matter: {problem}", line) from None
        if not isinstance(metadata, dict):
            raise ConfigError(source_path, "the front-matter is not a YAML mapping", 2)
        return self._parse_yaml_metadata(metadata, source_path)


def add_reader(readers: Any) -> None:
    for extension in FastYAMLMetadataReader.file_extensions:
        readers.reader_classes[extension] = FastYAMLMetadataReader


def register() -> None:
    signals.readers_init.connect(add_reader)
