"""The site half of the `clippings` command line: `build`, `check`, `serve`, `publish`.

Each runs in the current folder (or `--folder`): its content/ and output/ folders and
its own pelicanconf.py / publishconf.py when it has them, Clippings' defaults otherwise.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from clippings.site import commands

COMMANDS = ("build", "check", "serve", "publish")


def add_commands(commands_parser: Any) -> None:
    """Add the site commands to the `clippings` sub-command parser."""
    for name, text in (
        ("build", "build the site from the content folder into the output folder"),
        ("check", "check the built site: every article listed once, links, HTML5, feeds"),
        ("serve", "serve the output folder on 127.0.0.1, rebuilding on changes"),
        ("publish", "build with the publishing settings and rsync the output folder"),
    ):
        sub = commands_parser.add_parser(name, help=text, description=text[0].upper() + text[1:])
        sub.add_argument(
            "--folder",
            type=Path,
            default=Path("."),
            help="the archive's folder (default: the current folder)",
        )
        sub.add_argument(
            "--content", type=Path, default=None, help="content folder (default: FOLDER/content)"
        )
        sub.add_argument(
            "--output", type=Path, default=None, help="output folder (default: FOLDER/output)"
        )
        if name == "build":
            sub.add_argument(
                "--publish",
                action="store_true",
                help="use the publishing settings (CLIPPINGS_SITEURL required)",
            )
        if name == "check":
            sub.add_argument(
                "--no-html5",
                dest="html5",
                action="store_false",
                help="do not parse every page with html5lib (large sites)",
            )
        if name == "serve":
            sub.add_argument("--port", type=int, default=commands.SERVE_PORT)
            sub.add_argument(
                "--no-reload",
                dest="reload",
                action="store_false",
                help="serve only; do not rebuild on changes",
            )
        if name == "publish":
            sub.add_argument(
                "--target",
                default="",
                help="rsync destination (default: $CLIPPINGS_PUBLISH_TARGET)",
            )
            sub.add_argument("--dry-run", action="store_true", help="show what would be sent")
            sub.add_argument(
                "--delete",
                action="store_true",
                help="delete files on the target that the output no longer has",
            )


def run(args: argparse.Namespace) -> int:
    """Run the site command `args.command`; its exit status."""
    folder: Path = args.folder
    content = args.content or folder / "content"
    output = args.output or folder / "output"
    if args.command == "build":
        commands.build(folder, content, output, publish=args.publish)
    elif args.command == "check":
        return 1 if commands.check(folder, content, output, html5=args.html5) else 0
    elif args.command == "serve":
        commands.serve(folder, content, output, port=args.port, reload=args.reload)
    elif args.command == "publish":
        commands.publish(folder, content, output, args.target, args.dry_run, args.delete)
    return 0
