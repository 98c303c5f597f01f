"""The console start's garbage collection: off during the imports, then the imported objects frozen.

Only the console entry point (``hjemmel.main``) calls ``hold``; the CLI's lazy group calls
``imported`` once a command's module is imported, and a command sets up what it keeps for its
whole run (the rule base, the report's module) in ``setting_up``. A module of its own (importing only ``gc``),
so that both can reach it without an import cycle and before anything heavy is imported.
"""

from __future__ import annotations

import gc

_held = False
_console = False  # this process is the console start (``hold`` turned the collector off)


def hold() -> None:
    """Turn the cyclic garbage collector off for the start (the imports), until ``imported``.

    The imports make hundreds of thousands of long-lived objects (modules, classes, pydantic's
    validators, whose traversal is slow) and almost no garbage, yet they trigger collections
    that walk them all again; a start spent about a tenth of its CPU in them, and the
    collection at exit walked them once more.
    """
    global _held, _console
    if gc.isenabled():
        gc.disable()
        _held = _console = True


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


class setting_up:  # (lower case: used as a function is, ``with collector.setting_up():``)
    """What the block makes lives as long as the command, as the imports do (the rule base: over
    a thousand objects unpickled; the report's module): no collections meanwhile, then frozen.

    Left alone, the collections in the command walked those objects again and again (about
    8 ms of a 0.23 s ``assess``, 2-3 ms with them frozen). The block's own cyclic garbage, if
    any, is frozen with them (a few dozen objects even when the rule base is read and checked).
    Does nothing unless this is the console start, nor inside another such block (the outer one
    freezes).
    """

    def __enter__(self) -> None:
        self._active = _console and gc.isenabled()
        if self._active:
            gc.disable()

    def __exit__(self, *exc: object) -> None:
        if self._active:
            gc.freeze()
            gc.enable()
