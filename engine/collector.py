"""The console start's garbage collection: off during the imports, then the imported objects frozen.

Only the console entry point (``hjemmel.main``) calls ``hold``; the CLI's lazy group calls
``imported`` once a command's module is imported. A module of its own (importing only ``gc``),
so that both can reach it without an import cycle and before anything heavy is imported.
"""

from __future__ import annotations

import gc

_held = False


def hold() -> None:
    """Turn the cyclic garbage collector off for the start (the imports), until ``imported``.

    The imports make hundreds of thousands of long-lived objects (modules, classes, pydantic's
    validators, whose traversal is slow) and almost no garbage, yet they trigger collections
    that walk them all again; a start spent about a tenth of its CPU in them, and the
    collection at exit walked them once more.
    """
    global _held
    if gc.isenabled():
        gc.disable()
        _held = True


def imported() -> None:
    """The command's module is imported: what exists now lives as long as the process, so it is
    frozen (``gc.freeze``: never walked by a collection again, the one at exit included) and the
    collector is turned back on for the command's own objects. Does nothing unless this console
    entry point turned the collector off (a program that uses the CLI in-process, such as a test,
    keeps its own collector as it is)."""
    global _held
    if _held:
        _held = False
        gc.freeze()
        gc.enable()
