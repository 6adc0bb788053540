"""fast_yaml: read the YAML front-matter with libyaml (PyYAML's C loader).

pelican-yaml-metadata parses every article's front-matter with PyYAML's pure-Python
loader, a tenth of a large build's time. This reader is the same reader with
`CSafeLoader` (the same safe subset of YAML, the same Python values), registered for
the same file extensions after pelican-yaml-metadata's. A front-matter that is not
valid YAML stops the build naming the file and line.
"""

from __future__ import annotations

from typing import Any

import yaml
from pelican import signals
from pelican.plugins.yaml_metadata.yaml_metadata import YAMLMetadataReader

from clippings.errors import ConfigError

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class FastYAMLMetadataReader(YAMLMetadataReader):
    """pelican-yaml-metadata's reader, loading YAML with libyaml."""

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
