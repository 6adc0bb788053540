"""clippings.site.build_errors: the errors a build stops on become one line naming the file (`_one_line`),
whatever raised them; anything else keeps Pelican's traceback."""

from __future__ import annotations

import errno
import gzip
import os
import pickle
from pathlib import Path

import jinja2
from pelican.generators import PelicanTemplateNotFound

from clippings.errors import ConfigError, StoreError
from clippings.site import build_errors


def _raised(function, *args):  # type: ignore[no-untyped-def]
    try:
        function(*args)
    except BaseException as exc:
        return exc
    raise AssertionError("nothing raised")


def _write_into_full_disk(path: str) -> None:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))  # as write(2) does: no file name


def _fatal_warning_while_saving_cache() -> None:
    try:
        raise PermissionError(errno.EACCES, "Permission denied", "/nonexistent/cache/Readers")
    except OSError:
        # As pelican.log.FatalLogger raises after logging the warning (its __context__).
        raise RuntimeError("Warning or error encountered") from None


def test_a_full_disk_names_the_file_being_written(tmp_path: Path) -> None:
    page = str(tmp_path / "output" / "2025" / "index.html")
    error = _raised(_write_into_full_disk, page)
    assert build_errors._one_line(error, tmp_path / "output") == (
        f"{page}: cannot write: No space left on device",
        1,
    )


def test_a_folder_that_cannot_be_written_is_named_also_behind_a_fatal_warning(
    tmp_path: Path,
) -> None:
    error = _raised(_fatal_warning_while_saving_cache)
    assert isinstance(error, RuntimeError)
    message, status = build_errors._one_line(error, tmp_path)  # type: ignore[misc]
    # ("cannot write: " too when the folder is not writable: not so for root, see test_faults)
    assert message.startswith("/nonexistent/cache/Readers: ") and status == 1
    assert message.endswith("Permission denied")


def test_clippings_and_template_errors(tmp_path: Path) -> None:
    config = ConfigError(str(tmp_path / "outlets.yaml"), "invalid YAML: …", 3)
    assert build_errors._one_line(config, tmp_path) == (f"{tmp_path}/outlets.yaml:3: invalid YAML: …", 2)
    assert build_errors._one_line(StoreError("x: cannot write"), tmp_path) == ("x: cannot write", 1)
    missing = PelicanTemplateNotFound(
        f"[templates] unable to load outlet[.html] from ['{tmp_path}/theme/templates']"
    )
    assert build_errors._one_line(missing, tmp_path) == (
        f"{tmp_path}/theme/templates/outlet.html: missing template",
        2,
    )
    included = jinja2.TemplateNotFound("_macros.html")
    assert build_errors._one_line(included, tmp_path) == (
        "_macros.html: missing template (the theme has no such file)",
        2,
    )


def test_other_errors_keep_their_traceback(tmp_path: Path) -> None:
    assert build_errors._one_line(KeyError("slug"), tmp_path) is None
    assert build_errors._one_line(RuntimeError("Warning or error encountered"), tmp_path) is None


def test_a_damaged_cache_is_recognised_by_the_file_pelican_was_loading(tmp_path: Path) -> None:
    from pelican.cache import FileDataCacher

    cache = tmp_path / "Readers"
    with gzip.open(cache, "wb") as out:
        pickle.dump({"a": "b" * 1000}, out)
    cache.write_bytes(cache.read_bytes()[:20])
    settings = {"CACHE_PATH": str(tmp_path), "GZIP_CACHE": True}
    error = _raised(FileDataCacher, settings, "Readers", True, True)
    assert build_errors._damaged_cache(error) == cache
    assert build_errors._damaged_cache(EOFError("elsewhere")) is None
