"""The error types Clippings raises: one small hierarchy, caught once by the CLI."""

from __future__ import annotations


class ClippingsError(Exception):
    """Base class: anything Clippings reports to the user as a one-line message."""


class InputError(ClippingsError):
    """An input file could not be read at all (missing, unreadable, not text)."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message

    def __reduce__(self) -> tuple[type[InputError], tuple[str, str]]:
        # Picklable as it was made: import workers send it back to the main process.
        return type(self), (self.path, self.message)


class ConfigError(ClippingsError):
    """A configuration file (categories, outlets, entities) is malformed."""

    def __init__(self, path: str, message: str, line: int | None = None) -> None:
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {message}")
        self.path = path
        self.message = message
        self.line = line

    def __reduce__(self) -> tuple[type[ConfigError], tuple[str, str, int | None]]:
        return type(self), (self.path, self.message, self.line)


class StoreError(ClippingsError):
    """The content folder could not be written (permissions, full disk, unsafe path)."""
