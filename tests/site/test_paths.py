"""clippings.site.paths: the string cut gives what os.path.relpath gives."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from clippings.site.paths import relative_name

ROOT = "/srv/site/output"


@pytest.mark.parametrize(
    "path",
    [f"{ROOT}/index.html", f"{ROOT}/2025/11/a-b/index.html", f"{ROOT}/./x.html",
     f"{ROOT}//y.html", f"{ROOT}/../elsewhere.html", f"{ROOT}/.hidden/z.xml", "relative/p.html"],
)  # fmt: skip
def test_relative_name_equals_relpath(path: str) -> None:
    expected = Path(os.path.relpath(os.path.abspath(path), ROOT)).as_posix()
    assert relative_name(path, ROOT) == relative_name(path, ROOT + "/") == expected
