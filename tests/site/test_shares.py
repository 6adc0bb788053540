"""Builds on every core give the bytes of a serial build (clippings/site/shares.py).

The real command builds the same archive (the samples, generated articles and one
article with damaged front-matter) with BUILD_PROCESSES = 1, 2 and 3, each in its own
working folder (its own cache), and the output folders and build accounts must be the
same; then an incremental build in 2 processes after edits must equal a clean serial
build. The fork machinery itself is checked with small stand-ins: results and a
worker's error come back to the main process, failing items are left to the caller.
"""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import assert_same_output, process_alive, run_clippings

from bench.formats import write_markdown
from bench.generate import generate
from clippings.errors import ConfigError
from clippings.site import shares

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")


def _build(work: Path, content: Path, output: Path, processes: int) -> tuple[str, str]:
    work.mkdir(exist_ok=True)
    (work / "pelicanconf.py").write_text(
        "from clippings.site.defaults import *  # noqa: F403\n"
        f"BUILD_PROCESSES = {processes}\nPROGRESS_MIN_ARTICLES = 1\n",
        encoding="utf-8",
    )
    done = run_clippings("build", "--content", str(content), "--output", str(output), cwd=work)
    assert done.returncode == 1, done.stdout + done.stderr  # the damaged article
    assert "1 content file(s) not built" in done.stderr, done.stderr
    return done.stdout, done.stderr


@pytest.fixture
def content(sample_content: Path, tmp_path: Path) -> Path:
    folder = Path(shutil.copytree(sample_content, tmp_path / "content"))
    write_markdown(generate(180), folder)
    (folder / "articles" / "damaged.md").write_text(
        "---\ntitle: [not, a, title]\ndate: 2020-01-01\n---\n\nBody.\n", encoding="utf-8"
    )
    return folder


def test_builds_in_several_processes_equal_a_serial_build(content: Path, tmp_path: Path) -> None:
    serial_out, serial_err = _build(tmp_path / "w1", content, tmp_path / "o1", 1)
    assert "processes" not in serial_err and "cores" not in serial_err
    for processes in (2, 3):
        out, err = _build(
            tmp_path / f"w{processes}", content, tmp_path / f"o{processes}", processes
        )
        assert f"on {processes} cores" in err  # read ahead …
        assert f"writing pages in {processes} processes" in err  # … and rendered in workers
        assert out == serial_out
        assert_same_output(tmp_path / f"o{processes}", tmp_path / "o1")
        assert "damaged.md:2" in out

    # Incremental, in 2 processes: an edited article, a new one, a removed one.
    articles = sorted((content / "articles").rglob("*.md"))
    edited, removed = articles[3], articles[-4]
    edited.write_text(
        edited.read_text(encoding="utf-8").replace("\n\n", "\n\nAn edited paragraph.\n\n", 1),
        encoding="utf-8",
    )
    newer = edited.read_text(encoding="utf-8").replace("\ntitle: ", "\ntitle: Newer ", 1)
    (edited.parent / "zz-newer.md").write_text(newer.replace("slug: ", "slug: newer-", 1))
    removed.unlink()
    again_out, _ = _build(tmp_path / "w2", content, tmp_path / "o2", 2)
    clean_out, _ = _build(tmp_path / "w1-clean", content, tmp_path / "o1-clean", 1)
    assert_same_output(tmp_path / "o2", tmp_path / "o1-clean")
    assert again_out.split("\noutput:")[0] == clean_out.split("\noutput:")[0]


class _Writer:
    """A stand-in writer: renders the calls its share owns, counts the others."""

    def __init__(self) -> None:
        self.share: shares.Share | None = None
        self.rendered: list[int] = []

    def write(self, number: int) -> None:
        if self.share is None or self.share.mine():
            if number == 7 and os.environ.get("BREAK_SEVEN"):
                raise ValueError("page 7 could not be rendered")
            self.rendered.append(number)


class _Generator:
    def generate_output(self, writer: _Writer) -> None:
        for number in range(12):
            writer.write(number)


def _run(count: int) -> tuple[_Writer, list[Any]]:
    writer = _Writer()
    shares.remember_generators([_Generator()])
    shares.start(writer, count, lambda g: True, lambda: writer.rendered)
    _Generator().generate_output(writer)
    return writer, shares.join()


def test_workers_render_their_share_and_send_it_back() -> None:
    writer, results = _run(3)
    assert writer.rendered == [0, 3, 6, 9]
    assert results == [[1, 4, 7, 10], [2, 5, 8, 11]]


def test_a_workers_error_is_raised_in_the_main_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BREAK_SEVEN", "1")
    with pytest.raises(ValueError, match="page 7 could not be rendered"):
        _run(2)  # page 7 is the worker's (7 % 2 == 1)


def test_map_shared_leaves_failures_and_warnings_to_the_caller() -> None:
    def work(n: int) -> int:
        if n == 5:
            raise OSError("unreadable")
        if n == 8:
            logging.getLogger("pelican.readers").warning("odd file")
        return n * n

    seen: list[int] = []
    done = dict(shares.map_shared(list(range(20)), 3, work, seen.append))
    # 8 warned in a worker (left out), unless this process did it (8 % 3 != 0: a worker).
    assert done == {n: n * n for n in range(20) if n not in (5, 8)}
    assert seen[-1] == 20


def test_processes_follow_the_setting_and_the_archive_size(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(shares, "usable_cores", lambda: 4)
    assert shares.processes(0, 10_000) == 4
    assert shares.processes(0, 50) == 1  # small archive: not worth a fork
    assert shares.processes(3, 50) == 3  # asked for
    assert shares.processes(1, 10_000) == 1
    with pytest.raises(ConfigError, match="BUILD_PROCESSES: not a whole number: 'many'"):
        shares.processes("many", 10_000)


def _children(pid: int) -> set[int]:
    """The processes whose parent is `pid` (from /proc)."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.add(int(stat.parent.name))
    return found


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
def test_a_build_killed_while_workers_render_leaves_no_worker_and_converges(
    content: Path, tmp_path: Path
) -> None:
    """SIGKILL to the build while its workers render: they die with it (no orphan keeps
    writing), no page is half-written, and the next build equals a clean one."""
    import signal
    import subprocess
    import sys
    import time

    from conftest import ROOT

    (content / "articles" / "damaged.md").unlink()
    work, output = tmp_path / "w", tmp_path / "o"
    work.mkdir()
    (work / "pelicanconf.py").write_text(
        "from clippings.site.defaults import *  # noqa: F403\n"
        "BUILD_PROCESSES = 2\nPROGRESS_MIN_ARTICLES = 1\n",
        encoding="utf-8",
    )
    command = [sys.executable, "-m", "clippings", "build", "--content", str(content),
               "--output", str(output)]  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(ROOT), "LC_ALL": "C.UTF-8", "TZ": "UTC"}
    for delay in (0.0, 0.3, 1.0):
        proc = subprocess.Popen(command, cwd=work, env=env, text=True,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # fmt: skip
        assert proc.stderr is not None
        for line in proc.stderr:  # until the workers are forked
            if "writing pages in 2 processes" in line:
                break
        else:
            pytest.fail("the build never wrote pages in 2 processes")
        time.sleep(delay)
        workers = _children(proc.pid)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        proc.stderr.close()
        deadline = time.monotonic() + 10
        while any(process_alive(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        left = {w: Path(f"/proc/{w}/cmdline").read_bytes() for w in workers if process_alive(w)}
        assert not left, f"a process outlived its build: {left}"
        for page in output.rglob("*.html"):
            assert page.read_bytes().rstrip().endswith(b"</html>"), page
    done = run_clippings("build", "--content", str(content), "--output", str(output), cwd=work)
    assert done.returncode == 0, done.stderr
    assert not list(output.rglob(".*.tmp"))
    clean = run_clippings("build", "--content", str(content), "--output", str(tmp_path / "c"))
    assert clean.returncode == 0, clean.stderr
    assert_same_output(output, tmp_path / "c")
