"""tasks.py: every task has a one-line docstring and is documented in docs/commands.md;
every setting in docs/settings.md."""

from __future__ import annotations

from pathlib import Path

import pytest
from invoke import Collection

import tasks

ROOT = Path(__file__).resolve().parent.parent


def test_every_task_has_a_docstring_and_a_documented_entry() -> None:
    readme = (ROOT / "docs" / "commands.md").read_text(encoding="utf-8")
    collection = Collection.from_module(tasks)
    assert {"build", "import", "serve", "clean", "test"} <= set(collection.task_names)
    for name in collection.task_names:
        body = collection[name].body
        doc = (body.__doc__ or "").strip()
        assert doc and "\n" not in doc, f"task {name} needs a one-line docstring"
        assert f"`invoke {name}" in readme, f"task {name} is not in docs/commands.md"


def test_every_setting_is_documented(monkeypatch: pytest.MonkeyPatch) -> None:
    readme = (ROOT / "docs" / "settings.md").read_text(encoding="utf-8")
    monkeypatch.setenv("CLIPPINGS_SITEURL", "https://archive.example")
    import pelicanconf
    import publishconf

    names = {k for m in (pelicanconf, publishconf) for k in vars(m) if k.isupper()}
    assert sorted(k for k in names if f"`{k}`" not in readme) == []
