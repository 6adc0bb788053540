"""Compiled templates kept between builds (Jinja's bytecode cache, in CACHE_PATH).

Every generator has its own Jinja environment and compiles the theme's templates again
at every build: a fifth of a small archive's build. Jinja keys a compiled template by
its name, file and source text, not by the environment's options, so the cache folder
is named after those options (delimiters, whitespace control, autoescaping,
extensions, and how each filter and test is called), which change the compiled code.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import FileSystemBytecodeCache


class QuietBytecodeCache(FileSystemBytecodeCache):
    """Jinja's file cache, giving up quietly when a compiled template cannot be saved
    (a read-only or full disk, a folder removed meanwhile): the build goes on."""

    def dump_bytecode(self, bucket: Any) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def _name(value: Any) -> str:
    return str(getattr(value, "__qualname__", None) or getattr(value, "__name__", None) or value)


def options_key(env: jinja2.Environment) -> str:
    """A digest of what, besides the template's text, the compiled code depends on."""
    options = [
        jinja2.__version__,
        env.block_start_string, env.block_end_string,
        env.variable_start_string, env.variable_end_string,
        env.comment_start_string, env.comment_end_string,
        env.line_statement_prefix, env.line_comment_prefix,
        env.trim_blocks, env.lstrip_blocks, env.newline_sequence, env.keep_trailing_newline,
        _name(env.autoescape) if callable(env.autoescape) else env.autoescape,
        sorted(_name(type(ext)) for ext in env.extensions.values()),
        env.optimized, _name(env.undefined), env.is_async, _name(env.finalize),
        {name: str(getattr(f, "jinja_pass_arg", "")) for name, f in env.filters.items()},
        {name: str(getattr(t, "jinja_pass_arg", "")) for name, t in env.tests.items()},
    ]  # fmt: skip
    return hashlib.sha256(json.dumps(options, sort_keys=True, default=str).encode()).hexdigest()


def cache_templates(generator: Any) -> None:
    """Give the generator's Jinja environment a bytecode cache in CACHE_PATH."""
    env = getattr(generator, "env", None)
    if not isinstance(env, jinja2.Environment) or env.bytecode_cache is not None:
        return
    if not generator.settings.get("CACHE_CONTENT", False):
        return  # (a build asked not to cache keeps nothing between builds)
    folder = Path(generator.settings.get("CACHE_PATH") or "cache") / "templates"
    folder = folder / options_key(env)[:16]
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return  # a cache only saves time
    env.bytecode_cache = QuietBytecodeCache(str(folder))
