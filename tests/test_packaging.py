"""The package ships everything a build needs: a wheel builds an archive from any folder."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

from conftest import ROOT


def test_every_package_folder_is_listed_in_pyproject() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    mapped = {"clippings": ROOT / "clippings", "clippings.plugins": ROOT / "plugins"}
    found = {"clippings.theme"}
    for name, folder in mapped.items():
        for init in folder.rglob("__init__.py"):
            if "__pycache__" not in init.parts:
                relative = init.parent.relative_to(folder).parts
                found.add(".".join((name, *relative)))
    assert listed == found


def test_a_wheel_builds_the_samples_from_a_folder_outside_the_checkout(
    tmp_path: Path, sample_content: Path
) -> None:
    wheels = tmp_path / "wheels"
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-q", "-w", str(wheels)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert built.returncode == 0, built.stderr
    target = tmp_path / "site-packages"
    (wheel,) = wheels.glob("clippings-*.whl")
    installed = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target),
         str(wheel)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert installed.returncode == 0, installed.stderr
    archive = tmp_path / "archive"
    shutil.copytree(sample_content, archive / "content")
    # The wheel's copy comes first on the path: nothing is read from this checkout.
    env = {**os.environ, "PYTHONPATH": str(target), "LC_ALL": "C.UTF-8", "TZ": "UTC"}
    where = subprocess.run(
        [sys.executable, "-c", "import clippings.site.resources as r; print(r.theme_dir())"],
        cwd=archive, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert where.stdout.strip() == str(target / "clippings" / "theme")
    result = subprocess.run(
        [sys.executable, "-m", "clippings", "build"],
        cwd=archive, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    output = archive / "output"
    assert "21 article(s) found" in result.stdout
    assert (output / "search" / "lunr.js").read_bytes() == (
        target / "clippings" / "search" / "lunr.min.js"
    ).read_bytes()
    assert (output / "theme" / "css" / "style.css").is_file()
    assert len(list(output.glob("20*/*/*/index.html"))) == 21
    # The check finds the same archive with the shipped settings (no pelicanconf.py here).
    check = subprocess.run(
        [sys.executable, "-m", "clippings", "check", "--no-html5"],
        cwd=archive, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert check.returncode == 0, check.stdout + check.stderr
    assert "21 article(s) in content" in check.stdout and "0 problem(s)" in check.stdout
