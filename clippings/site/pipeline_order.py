"""The build pipeline as a newcomer reads it: per Pelican signal, who runs, in order.

`invoke pipeline` prints it; tests check the orders the stages depend on (for example
that the writer's report runs before the build account prints it).
"""

from __future__ import annotations

from typing import Any

from blinker import Signal
from pelican.plugins import signals

from clippings.site import compat


def receivers() -> dict[str, list[str]]:
    """Each Pelican signal → `module.function` of its receivers, in the order they run.

    Registers the pipeline (plugins/__init__.py) first, as a build does.
    """
    from clippings.plugins import register

    register()
    found: dict[str, list[str]] = {}
    for value in vars(signals).values():
        if not isinstance(value, Signal) or not value.receivers:
            continue
        names = [_name(r) for r in value.receivers_for(object())]
        if names:
            found[value.name] = names
    return found


def _name(receiver: Any) -> str:
    module = getattr(receiver, "__module__", "") or ""
    return (
        f"{module.removeprefix('clippings.plugins.')}.{getattr(receiver, '__qualname__', receiver)}"
    )


def describe() -> str:
    """The pipeline and the Pelican internals it relies on, as plain text."""
    from clippings.plugins import STAGES

    lines = ["Stages, in registration order:", *(f"  {i:2}. {s}" for i, s in enumerate(STAGES, 1))]
    lines += ["", "Receivers per Pelican signal, in the order they run:"]
    for signal, names in receivers().items():
        lines.append(f"  {signal}")
        lines += [f"    {name}" for name in names]
    lines += ["", "Pelican internals replaced or extended (clippings/site/compat.py):"]
    lines += [f"  {i.path}  [{i.user}]" for i in compat.INTERNALS]
    return "\n".join(lines)
