"""Faults: a full disk or a folder that cannot be written gives one line naming the path
(never a traceback), leaves no temporary or half-written file, and a rerun converges.

The tests run as root, for whom permissions do not stop writes. So:

* a full disk is a small tmpfs (256 KiB) mounted as the content or output folder,
  mostly filled by a filler file, unmounted after the test;
* an unwritable folder is one owned by root (mode 0755), written to by a process run
  as `nobody` (setpriv). That process keeps one capability, CAP_DAC_READ_SEARCH: it may
  read and search any folder (the Python installation lives under /root, mode 0700),
  never write where `nobody` may not;
* the build also writes Pelican's cache (`cache/` in the repository, root's): for the
  unwritable-output case the build runs in a private mount namespace (unshare) with a
  writable tmpfs over `cache/`, seen by that process only.

A test is skipped, saying why, when mount, setpriv or unshare are not permitted here.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT, SAMPLES, build_site, run_clippings

from clippings.importer.markdown import read_markdown
from clippings.importer.store import checksum_ok

NOBODY = [
    "setpriv",
    "--reuid=nobody",
    "--regid=nogroup",
    "--clear-groups",
    "--inh-caps=+dac_read_search",
    "--ambient-caps=+dac_read_search",
]
ENV = {**os.environ, "LC_ALL": "C.UTF-8", "TZ": "UTC"}


def _run(command: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, capture_output=True, text=True, check=False, **kwargs)  # type: ignore[call-overload, no-any-return]


@pytest.fixture(scope="session")
def as_nobody() -> list[str]:
    """The setpriv prefix that runs a command as nobody (skips the test if not permitted)."""
    if shutil.which("setpriv") is None:
        pytest.skip("setpriv is not installed")
    probe = _run([*NOBODY, sys.executable, "-c", "import os; print(os.getuid())"])
    if probe.returncode != 0 or probe.stdout.strip() == "0":
        pytest.skip(f"cannot run a process as nobody here: {probe.stderr.strip()}")
    return NOBODY


def _mount_tmpfs(folder: Path, size: str) -> None:
    done = _run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)])
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 256 KiB file system at tmp_path/disk (unmounted after the test)."""
    folder = tmp_path / "disk"
    folder.mkdir()
    _mount_tmpfs(folder, "256k")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=True)


def _fill(disk: Path, leave_kib: int) -> Path:
    """Fill `disk` with one file, leaving about `leave_kib` KiB free; return the file."""
    stat = os.statvfs(disk)
    free = stat.f_bavail * stat.f_frsize
    filler = disk / "filler"
    filler.write_bytes(b"\0" * max(0, free - leave_kib * 1024))
    return filler


def _tree(folder: Path, pattern: str = "*") -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob(pattern))
        if p.is_file()
    }


def _leftovers(folder: Path) -> list[str]:
    """Temporary files (ours `.name.tmp`, SQLite's journals) left in `folder`."""
    return sorted(
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*")
        if p.name.endswith((".tmp", "-journal", "-wal"))
    )


def _one_error(stderr: str, prefix: str) -> str:
    lines = stderr.splitlines()
    assert "Traceback" not in stderr
    assert len(lines) == 1, stderr
    assert lines[0].startswith(prefix), lines[0]
    return lines[0]


# --- clippings import -----------------------------------------------------------------


@pytest.mark.parametrize("leave_kib", [8, 24, 120])  # the entity cache, a batch, the articles
def test_import_into_a_full_disk_then_rerun_converges(
    small_disk: Path, sample_content: Path, leave_kib: int
) -> None:
    content = small_disk
    filler = _fill(content, leave_kib)
    failed = run_clippings("import", str(SAMPLES), "--content", str(content))
    assert failed.returncode == 1
    line = _one_error(failed.stderr, f"clippings: error: {content}/")
    assert "No space left on device" in line or "database or disk is full" in line
    assert failed.stdout == ""
    # Nothing half-written: every article there is whole, as the importer wrote it.
    assert _leftovers(content) == []
    for article in (content / "articles").rglob("*.md"):
        text = article.read_text(encoding="utf-8")
        assert checksum_ok(text) is True, article
        assert read_markdown(text)[0]["title"]
    # With space again, the same archive as an import that never failed.
    filler.unlink()
    again = run_clippings("import", str(SAMPLES), "--content", str(content))
    assert again.returncode == 0, again.stderr
    assert again.stdout.splitlines()[0].startswith("21 item(s) in ")
    assert _tree(content / "articles") == _tree(sample_content / "articles")
    assert _leftovers(content) == []


@pytest.mark.parametrize("ner", [True, False], ids=["with-entities", "no-entities"])
def test_import_into_an_unwritable_folder(as_nobody: list[str], tmp_path: Path, ner: bool) -> None:
    content = tmp_path / "content"
    content.mkdir(mode=0o755)  # root's: nobody may read it, not write it
    command = [*as_nobody, sys.executable, "-m", "clippings", "import", str(SAMPLES)]
    command += ["--content", str(content), *([] if ner else ["--no-entities"])]
    result = _run(command, cwd=ROOT, env=ENV)
    assert result.returncode == 1
    line = _one_error(result.stderr, f"clippings: error: {content}/")
    assert "Permission denied" in line, line
    assert result.stdout == ""
    assert list(content.iterdir()) == []


# --- invoke build ---------------------------------------------------------------------


def test_build_into_a_full_disk_then_rerun_converges(
    small_disk: Path, sample_content: Path, tmp_path: Path
) -> None:
    content = Path(shutil.copytree(sample_content, tmp_path / "content"))
    output = small_disk
    failed = build_site(content, output)
    assert failed.returncode == 1
    line = _one_error(failed.stderr, f"build: error: {output}/")
    assert line.endswith(": cannot write: No space left on device"), line
    assert _leftovers(output) == []
    clean = tmp_path / "clean"
    assert build_site(content, clean).returncode == 0
    expected = _tree(clean)
    # Every file the failed build left is whole: the clean build's bytes.
    partial = _tree(output)
    assert partial and all(expected[name] == digest for name, digest in partial.items())
    # More space: the rerun gives the clean build, byte for byte.
    remount = _run(["mount", "-o", "remount,size=64m", str(output)])
    assert remount.returncode == 0, remount.stderr
    again = build_site(content, output)
    assert again.returncode == 0, again.stderr
    assert _tree(output) == expected


def test_build_into_an_unwritable_output_folder(
    as_nobody: list[str], sample_content: Path, tmp_path: Path
) -> None:
    if shutil.which("unshare") is None:
        pytest.skip("unshare is not installed")
    content = Path(shutil.copytree(sample_content, tmp_path / "content"))
    output = tmp_path / "output"
    output.mkdir(mode=0o755)  # root's: nobody may not write it
    build = [*as_nobody, sys.executable, "-m", "invoke", "build"]
    build += ["--content", str(content), "--output", str(output)]
    # Pelican's cache (the repository's cache/, root's) made writable for this build only.
    cache = ROOT / "cache"
    cache.mkdir(exist_ok=True)
    script = 'mount -t tmpfs -o mode=1777 tmpfs "$1" && shift && exec "$@"'
    command = ["unshare", "--mount", "--propagation", "private", "sh", "-c", script, "sh"]
    probe = _run([*command, str(cache), "true"])
    if probe.returncode != 0:
        pytest.skip(f"cannot use a private mount namespace here: {probe.stderr.strip()}")
    result = _run([*command, str(cache), *build], cwd=ROOT, env=ENV)
    assert result.returncode == 1
    line = _one_error(result.stderr, f"build: error: {output}/")
    assert line.endswith(": cannot write: Permission denied"), line
    assert result.stdout == ""
    assert list(output.iterdir()) == []


def test_build_with_an_unwritable_cache_folder(
    as_nobody: list[str], sample_content: Path, tmp_path: Path
) -> None:
    """The repository's cache/ belongs to root: nobody's build stops there, in one line."""
    content = Path(shutil.copytree(sample_content, tmp_path / "content"))
    output = tmp_path / "output"
    output.mkdir(mode=0o777)
    (ROOT / "cache").mkdir(exist_ok=True)
    build = [*as_nobody, sys.executable, "-m", "invoke", "build"]
    result = _run([*build, "--content", str(content), "--output", str(output)], cwd=ROOT, env=ENV)
    assert result.returncode == 1
    line = _one_error(result.stderr, "build: error: cache")
    assert line.endswith(": cannot write: Permission denied"), line


@pytest.mark.parametrize("damage", ["cut short", "pickled by other code"])
def test_a_damaged_pelican_cache_stops_one_build_in_one_line_and_is_removed(
    tmp_path: Path, damage: str
) -> None:
    """Pelican writes its cache in place: a build killed meanwhile leaves it cut short,
    and Pelican's loader would stop every later build on it with a traceback."""
    content = tmp_path / "content"
    article = content / "articles" / "2025" / "11" / "one.md"
    article.parent.mkdir(parents=True)
    article.write_text("---\ntitle: One\ndate: 2025-11-01\n---\nText.\n", encoding="utf-8")
    cache = tmp_path / "cache"
    settings = tmp_path / "pelicanconf.py"
    text = (ROOT / "pelicanconf.py").read_text(encoding="utf-8")
    settings.write_text(text + f"\nCACHE_PATH = {str(cache)!r}\n", encoding="utf-8")
    code = (
        "import sys; from pathlib import Path; from clippings.site.build import run_pelican; "
        "run_pelican(*map(Path, sys.argv[1:]))"
    )
    build = [sys.executable, "-c", code, str(settings), str(content), str(tmp_path / "output")]
    assert _run(build, cwd=ROOT).returncode == 0
    damaged = cache / "ArticlesGenerator-Readers"
    data = damaged.read_bytes()
    if damage == "cut short":
        damaged.write_bytes(data[: len(data) // 2])
    else:  # a class its code no longer has (moved, renamed): Pelican's loader raised it
        damaged.write_bytes(b"cclippings_no_such_module\nThing\n.")
    failed = _run(build, cwd=ROOT)
    assert failed.returncode == 1
    assert failed.stderr.splitlines() == [
        f"build: error: {damaged}: damaged cache (cut short by a killed build?), removed: "
        "run the build again"
    ]
    assert not damaged.exists()
    again = _run(build, cwd=ROOT)
    assert again.returncode == 0, again.stderr
    assert again.stdout.splitlines()[0].startswith("1 article(s) found in ")
    assert damaged.is_file()
