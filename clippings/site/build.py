"""The build: a settings check, then Pelican in-process, its errors as one line each.

`clippings build` and `invoke build` both run `build()`; `run_pelican()` is the step
`invoke serve` repeats on every change.
"""

from __future__ import annotations

import gc
import logging
import sys
from pathlib import Path

from clippings.site import resources, shares, uptodate
from clippings.site.build_errors import BuildErrors

SETTINGS_FILE = "pelicanconf.py"
PUBLISH_SETTINGS_FILE = "publishconf.py"


def settings_file(folder: Path, publish: bool = False) -> Path:
    """The archive's settings in `folder` (pelicanconf.py or publishconf.py), else
    Clippings' defaults shipped with the package."""
    own = folder / (PUBLISH_SETTINGS_FILE if publish else SETTINGS_FILE)
    if own.is_file():
        return own
    return resources.package_dir() / "site" / ("publishconf.py" if publish else "defaults.py")


def has_articles(content: Path) -> bool:
    """True if `content` holds at least one article file."""
    return any((content / "articles").rglob("*.md"))


def run_pelican(settings: Path, content: Path, output: Path) -> None:
    """Run Pelican in-process; exit non-zero on any warning or error.

    The installed Pelican is checked first (`clippings.site.compat`), then the settings
    file (`clippings.site.settingscheck`: unknown settings,
    templates missing from the theme), each problem one line, exit status 2. Clippings'
    own errors (e.g. a malformed `content/outlets.yaml`), unwritable folders, a full
    disk and missing templates are printed as one line, `build: error: FILE[:LINE]:
    message`, with exit status 2 (configuration) or 1. Pelican's own output goes to
    stderr: stdout holds only the build's account (plugins/build_account). A Pelican
    cache file cut short (by a build killed while writing it) stops the build in one
    line too, and is removed, so that the next build runs.
    """
    from pelican import main as pelican_main
    from pelican.log import DEFAULT_LOG_HANDLER, console

    from clippings.errors import ConfigError
    from clippings.site import compat
    from clippings.site.settingscheck import check, display, load

    try:  # before anything runs: the Pelican the stages were written against
        compat.check()
    except ConfigError as exc:
        print(f"build: error: {exc}", file=sys.stderr)
        raise SystemExit(2) from None
    try:
        values = load(settings)
        inputs = uptodate.Inputs(settings, values, content, output)
        account = inputs.last_account()
        if account is not None:  # the output would be the same bytes: nothing to do
            print("\n".join(uptodate.unchanged_account(account)), flush=True)
            print("build: nothing changed since the last build (content, settings, code, "
                  "output): nothing to do", file=sys.stderr)  # fmt: skip
            return
        inputs.forget()
        problems = check(settings, content, values)
    except SyntaxError as exc:  # in the settings file itself
        problems = [f"{display(exc.filename or settings)}:{exc.lineno}: {exc.msg}"]
    for problem in problems:
        print(f"build: error: {problem}", file=sys.stderr)
    if problems:
        raise SystemExit(2)
    argv = ["-s", str(settings), "-o", str(output), str(content), "--fatal", "warnings"]
    from clippings.plugins import build_account

    build_account.printed.clear()
    errors = BuildErrors(output)
    pelican_log = logging.getLogger("pelican")
    pelican_log.addFilter(errors)
    DEFAULT_LOG_HANDLER.addFilter(errors)
    console.file = sys.stderr  # Pelican's messages, its "Done" line: not stdout
    # A build holds millions of long-lived objects (articles, their HTML, metadata):
    # with Python's default thresholds the collector walks them again and again
    # (a tenth of a rebuild). Collections are made rarer, not stopped.
    thresholds = gc.get_threshold()
    gc.set_threshold(100_000, 50, 1000)
    try:
        pelican_main(argv)
    except SystemExit as exc:
        if errors.damaged is not None:  # a cache is only a cache: the next build runs
            errors.damaged.unlink(missing_ok=True)
            damaged = f"{display(errors.damaged)}: damaged cache (cut short by a killed build?)"
            errors.errors.insert(0, (f"{damaged}, removed: run the build again", 1))
        if errors.errors:
            message, status = errors.errors[0]
            print(f"build: error: {message}", file=sys.stderr)
            raise SystemExit(status) from None
        if exc.code:
            raise
    finally:
        shares.reap()  # workers of a build stopped before it joined them
        gc.set_threshold(*thresholds)
        console.file = None  # back to Pelican's default: the current sys.stdout
        pelican_log.removeFilter(errors)
        DEFAULT_LOG_HANDLER.removeFilter(errors)
    if errors.errors:  # kept out of the log, yet Pelican did not stop: stop here
        print(f"build: error: {errors.errors[0][0]}", file=sys.stderr)
        raise SystemExit(errors.errors[0][1])
    if build_account.printed:  # printed by this build: it succeeded
        inputs.save(build_account.printed)
