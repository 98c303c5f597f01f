"""A Ctrl-C that CPython could not deliver is kept, not lost.

When SIGINT's ``KeyboardInterrupt`` is raised where no exception can propagate — inside a
finaliser, a weakref or garbage-collector callback, which pydantic's validator building and
the import machinery run — CPython prints "Exception ignored … KeyboardInterrupt" and goes
on: the user's Ctrl-C is gone and a batch would run to its end. ``install`` replaces
``sys.unraisablehook`` so that such an interrupt is recorded (and nothing is printed);
``check`` raises it at the next safe point (the batch checks before each case's output).
Every other unraisable exception goes to the hook that was there before.
"""

from __future__ import annotations

import sys
from typing import Any

_pending = False
_previous: Any = None


def _hook(unraisable: Any) -> None:
    global _pending
    if isinstance(unraisable.exc_value, KeyboardInterrupt):
        _pending = True
        return
    (_previous or sys.__unraisablehook__)(unraisable)


def install() -> None:
    """Keep Ctrl-Cs that land where they cannot be raised (idempotent)."""
    global _previous
    if sys.unraisablehook is not _hook:
        _previous = sys.unraisablehook
        sys.unraisablehook = _hook


def pending() -> bool:
    """Whether a Ctrl-C was kept and not yet raised."""
    return _pending


def check() -> None:
    """Raise the kept Ctrl-C, if any (once)."""
    global _pending
    if _pending:
        _pending = False
        raise KeyboardInterrupt
