"""The `clippings` command's entry point: the site commands without the importer.

`clippings build` (and check, serve, publish) need none of the importer's modules
(parsers, BeautifulSoup, NER), whose import took a few tenths of a second of every
build. Those commands are parsed here with the same sub-command parser
(`clippings.site.cli.add_commands`); everything else (`import`, `--help`,
`--version`, a mistyped command) goes to `clippings.cli.main`, unchanged.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `clippings` command."""
    from clippings.site import cli as site_cli

    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in site_cli.COMMANDS:
        parser = argparse.ArgumentParser(prog="clippings")
        commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
        site_cli.add_commands(commands)
        return site_cli.run(parser.parse_args(args))
    from clippings.cli import main as full_main

    return full_main(args)
