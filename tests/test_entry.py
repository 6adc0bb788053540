"""clippings.entry: the site commands are parsed without importing the importer."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import ROOT, run_clippings

PROBE = """
import sys
from clippings.site import cli as site_cli
seen = []
site_cli.run = lambda args: seen.append(args) or 0
from clippings.entry import main
assert main(sys.argv[1:]) == 0
print(vars(seen[0]))
print(sorted(m for m in sys.modules if m.startswith(("clippings.importer", "bs4", "spacy"))))
"""


@pytest.mark.parametrize("command", ["build", "check", "serve", "publish"])
def test_site_commands_parse_as_the_full_parser_does_without_the_importer(command: str) -> None:
    from clippings.cli import build_parser

    argv = [command, "--folder", "site", "--content", "c"]
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *argv], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    parsed, imported = done.stdout.splitlines()
    assert parsed == str(vars(build_parser().parse_args(argv)))
    assert imported == "[]"


def test_help_and_other_commands_go_to_the_full_command_line() -> None:
    full = run_clippings("--help")
    assert full.returncode == 0 and "import" in full.stdout and "build" in full.stdout
    sub = run_clippings("build", "--help")
    assert sub.returncode == 0 and "--content" in sub.stdout
    assert sub.stdout.startswith("usage: clippings build")
    wrong = run_clippings("biuld")
    assert wrong.returncode == 2 and "invalid choice" in wrong.stderr
