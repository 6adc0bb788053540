"""`invoke serve` and `invoke publish`, run for real (loopback server, local rsync target)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from conftest import ROOT


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _invoke(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "invoke", *args],
        cwd=ROOT, capture_output=True, text=True, check=False, env={**os.environ, **(env or {})},
    )  # fmt: skip


def test_serve_with_live_reload_answers_on_loopback() -> None:
    assert _invoke("build").returncode == 0
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "invoke", "serve", "--port", str(port)],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        body = b""
        for _ in range(50):  # up to ~10 s for the server to come up
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/index.html", timeout=2) as r:
                    body = r.read()
                break
            except OSError:
                time.sleep(0.2)
        assert b"<h1" in body and b"livereload" in body  # the live-reload script is injected
        _assert_not_found_page(f"http://127.0.0.1:{port}")
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def _assert_not_found_page(base: str) -> None:
    """A missing path at depth gets status 404 and the site's own 404.html."""
    try:
        urllib.request.urlopen(f"{base}/2025/11/a-mistyped-slug/", timeout=5)
    except urllib.error.HTTPError as error:
        assert error.code == 404
        body = error.read()
        assert b"Page not found" in body and b'href="/theme/css/style.css"' in body
    else:
        raise AssertionError("a missing path was answered with 200")


def test_serve_without_reload_answers_missing_paths_with_the_404_page() -> None:
    assert (ROOT / "output" / "404.html").exists() or _invoke("build").returncode == 0
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "invoke", "serve", "--port", str(port), "--no-reload"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        for _ in range(50):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/index.html", timeout=2).close()
                break
            except OSError:
                time.sleep(0.2)
        _assert_not_found_page(f"http://127.0.0.1:{port}")
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_publish_rsyncs_the_publish_build(tmp_path: Path) -> None:
    target = tmp_path / "mirror"
    target.mkdir()
    env = {"CLIPPINGS_SITEURL": "https://archive.example.org"}
    dry = _invoke("publish", "--target", f"{target}/", "--dry-run", env=env)
    assert dry.returncode == 0, dry.stderr
    assert list(target.iterdir()) == []
    real = _invoke("publish", "--target", f"{target}/", env=env)
    assert real.returncode == 0, real.stderr
    assert (target / "index.html").is_file()
    robots = (target / "robots.txt").read_text(encoding="utf-8")
    assert "Sitemap: https://archive.example.org/sitemap.xml" in robots
    # Leave output/ as the default build for the other tests.
    assert _invoke("build").returncode == 0


def test_publish_refuses_without_target_or_siteurl() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLIPPINGS_")}
    result = subprocess.run(
        [sys.executable, "-m", "invoke", "publish"], cwd=ROOT, capture_output=True, text=True,
        env=env, check=False,
    )  # fmt: skip
    assert result.returncode != 0 and "--target" in result.stderr
