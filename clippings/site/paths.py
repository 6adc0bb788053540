"""Relative names of files under a folder, cheaply for the paths Pelican hands out."""

from __future__ import annotations

import os
from pathlib import Path


def relative_name(path: str, root: str) -> str:
    """`path` relative to the folder `root`, as a POSIX name.

    Pelican's paths are absolute and normalised: those are cut by string (a build asks
    this for every article and every page written, and `os.path.relpath` normalises
    both paths at every call); anything else goes through `relpath`.
    """
    prefix = str(root).rstrip(os.sep) + os.sep
    if os.sep == "/" and path.startswith(prefix) and "/." not in path and "//" not in path:
        return path[len(prefix) :]
    return Path(os.path.relpath(os.path.abspath(path), root)).as_posix()
