"""Every Pelican internal Clippings relies on, checked once before a build starts.

Clippings replaces or subclasses a few of Pelican's private functions (for linear-time
listings, stable pagination, a cheaper cache, fast dates, a writer that skips unchanged
pages) and reads some of Pelican's log messages. Each one is listed here with a hash of
the source it was written against. `check()` runs when the plugins register: a Pelican
outside the tested range, or any listed function whose source changed, stops the build
with one line naming it, instead of changing output or speed without a word.
Plugins replace functions only through `replace()`, which accepts only what is listed.

docs/architecture.md lists each internal and why; docs/upstream.md offers the general
fixes to Pelican.
"""

from __future__ import annotations

import hashlib
import importlib
import inspect
import os
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib.metadata import version
from typing import Any

from clippings.errors import ConfigError

# The Pelican releases the build was tested on (major, minor). `.ci/newest-pelican` runs
# the suite against the newest 4.x with CLIPPINGS_UNTESTED_PELICAN=1.
TESTED_PELICAN = ((4, 12),)
UNTESTED_ALLOWED = "CLIPPINGS_UNTESTED_PELICAN"


@dataclass(frozen=True)
class Internal:
    """A Pelican function or class Clippings replaces or extends, and why."""

    path: str  # "module:Qualified.name"
    digest: str  # sha256 (first 16 hex digits) of its dedented source
    user: str  # the plugin that relies on it


_GEN = "pelican.generators:ArticlesGenerator"
INTERNALS: tuple[Internal, ...] = (
    Internal("pelican.cache:FileDataCacher", "3a1f0a28ab1caeab", "reader_cache"),
    Internal("pelican.cache:FileStampDataCacher", "7a5e37066829d636", "reader_cache"),
    Internal(f"{_GEN}._build_period_archives", "15b314c522e7e2c5", "linear_listings"),
    Internal(f"{_GEN}.generate_tags", "49eb931e86b9e832", "linear_listings"),
    Internal(f"{_GEN}.generate_categories", "a1504358747c4860", "linear_listings"),
    Internal(f"{_GEN}.generate_authors", "872f337b8aca1742", "linear_listings"),
    Internal("pelican.paginator:Paginator", "0c26c37742e10484", "stable_pagination"),
    Internal("pelican.paginator:Page", "b2f5f99423393cac", "stable_pagination"),
    Internal("pelican.utils:strftime", "0b3c59004b3eaa07", "fast_dates"),
    Internal("pelican.writers:Writer._open_w", "5fa1ef1be3dcfdd6", "changed_only"),
    Internal("pelican.writers:Writer.write_file", "e81283da04c4584f", "changed_only"),
    Internal("pelican.writers:Writer.write_feed", "ddb5e77c4b0a6008", "changed_only"),
    # Rendering workers fork when the writer is made, after every generator's context.
    Internal("pelican:Pelican.run", "20f6a81ac132507a", "changed_only"),
    # Reading ahead fills the reader cache as `read_file` would.
    Internal("pelican.readers:Readers.read_file", "1bfdfc0ddfe9d1f4", "reader_cache"),
    Internal("pelican.readers:_filter_discardable_metadata", "ddc12a0fe7a35f45", "reader_cache"),
    Internal("pelican.plugins.yaml_metadata.yaml_metadata:YAMLMetadataReader",
             "822c61fbc67e4374", "fast_yaml"),
)  # fmt: skip

# Pelican's log messages the build account reads (exact format strings), by module.
MESSAGES: dict[str, tuple[str, ...]] = {
    "pelican.generators": ("Could not process %s",),
    "pelican.contents": (
        "Skipping %s: could not find information about '%s'",
        "Skipping %s: file %r would be written outside output path",
        "Unknown status '%s' for file %s, skipping it. (Not in %s)",
    ),
    "pelican.utils": (
        'There are %s items "%s" with lang %s',
        "There are %s original (not translated)",
    ),
}
(COULD_NOT_PROCESS,) = MESSAGES["pelican.generators"]
MISSING, OUTSIDE, STATUS = MESSAGES["pelican.contents"]
SAME_SLUG = MESSAGES["pelican.utils"]


def _resolve(path: str) -> Any:
    module, _, qualname = path.partition(":")
    obj: Any = importlib.import_module(module)
    for part in qualname.split("."):
        obj = inspect.getattr_static(obj, part) if inspect.isclass(obj) else getattr(obj, part)
    return obj


def digest(obj: Any) -> str:
    """The first 16 hex digits of the sha256 of `obj`'s dedented source."""
    source = textwrap.dedent(inspect.getsource(obj))
    return hashlib.sha256(source.encode()).hexdigest()[:16]


# The originals, taken when this module is first imported (before any plugin replaces one).
_ORIGINALS: dict[str, Any] = {}


def _original(path: str) -> Any:
    if path not in _ORIGINALS:
        _ORIGINALS[path] = _resolve(path)
    return _ORIGINALS[path]


def problems() -> list[str]:
    """One line per way the installed Pelican differs from the one Clippings expects."""
    found = []
    pelican_version = version("pelican")
    major_minor = tuple(int(p) for p in pelican_version.split(".")[:2])
    if major_minor not in TESTED_PELICAN and not os.environ.get(UNTESTED_ALLOWED):
        tested = ", ".join(f"{a}.{b}.x" for a, b in TESTED_PELICAN)
        found.append(
            f"Pelican {pelican_version} is installed, Clippings is tested on {tested} "
            f"(pip install 'pelican>={TESTED_PELICAN[0][0]}.{TESTED_PELICAN[0][1]},"
            f"<{TESTED_PELICAN[-1][0]}.{TESTED_PELICAN[-1][1] + 1}'; "
            f"{UNTESTED_ALLOWED}=1 to try anyway)"
        )
    for internal in INTERNALS:
        try:
            seen = digest(_original(internal.path))
        except (ImportError, AttributeError, OSError, TypeError) as exc:
            found.append(f"{internal.path} (used by {internal.user}) is missing: {exc}")
            continue
        if seen != internal.digest:
            found.append(
                f"{internal.path} changed in Pelican {pelican_version} (source hash {seen}, "
                f"expected {internal.digest}); the plugin {internal.user} relies on it: "
                "see docs/architecture.md"
            )
    for module, messages in MESSAGES.items():
        source = inspect.getsource(importlib.import_module(module))
        for message in messages:
            if message not in source:
                found.append(f"{module} no longer logs {message!r} (the build account reads it)")
    return found


@cache
def check() -> None:
    """Stop with one line if Pelican is not the one Clippings was tested on."""
    found = problems()
    if found:
        raise ConfigError("pelican", found[0] + (f" (+{len(found) - 1} more)" * (len(found) > 1)))


def original(path: str) -> Any:
    """The Pelican function or class at `path` as Pelican defined it.

    `path` is listed in INTERNALS, or is a member of a class listed there.
    """
    if not any(path == i.path or path.startswith(i.path + ".") for i in INTERNALS):
        raise KeyError(f"{path} is not listed in clippings.site.compat.INTERNALS")
    return _original(path)


def replace(path: str, new: Callable[..., Any] | type) -> None:
    """Put `new` in place of the listed Pelican function or class at `path`."""
    check()
    original(path)  # listed, and its original remembered before it is replaced
    module, _, qualname = path.partition(":")
    owner: Any = importlib.import_module(module)
    *parents, name = qualname.split(".")
    for part in parents:
        owner = getattr(owner, part)
    setattr(owner, name, new)


def replace_in_module(module: str, name: str, new: Any, reason_path: str) -> None:
    """Set `module.name` (e.g. a builtin the module looks up first) for a listed internal."""
    check()
    original(reason_path)
    setattr(importlib.import_module(module), name, new)


if __name__ == "__main__":  # print the digests of the installed Pelican, to update INTERNALS
    for internal in INTERNALS:
        print(f"{digest(_original(internal.path))}  {internal.path}")
