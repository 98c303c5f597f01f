"""A Ctrl-C that lands where CPython can only print "Exception ignored" is kept, not lost."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hjemmel import interrupts

from .conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
from synthetic import write_jsonl


class _InterruptedFinaliser:
    """An object whose finaliser is hit by Ctrl-C, as a pydantic or import callback can be."""

    def __del__(self) -> None:
        raise KeyboardInterrupt


def test_a_ctrl_c_in_a_finaliser_is_kept_and_raised_once_at_the_next_check() -> None:
    before = sys.unraisablehook
    interrupts.install()
    try:
        _InterruptedFinaliser()  # dropped at once: its __del__ raises where nothing can catch it
        assert interrupts.pending()
        with pytest.raises(KeyboardInterrupt):
            interrupts.check()
        assert not interrupts.pending()
        interrupts.check()  # raised once only
    finally:
        sys.unraisablehook = before


def test_other_unraisable_exceptions_still_reach_the_previous_hook() -> None:
    seen: list[type[BaseException]] = []
    before = sys.unraisablehook
    sys.unraisablehook = lambda unraisable: seen.append(type(unraisable.exc_value))
    try:
        interrupts.install()

        class Broken:
            def __del__(self) -> None:
                raise ValueError("not an interrupt")

        Broken()
        assert seen == [ValueError] and not interrupts.pending()
    finally:
        sys.unraisablehook = before


# The whole program: a Ctrl-C swallowed in a finaliser while the batch starts stops the batch
# after its last complete line (exit 130, resumable), with no "Exception ignored" text.
_PROGRAM = r"""
import sys
from hjemmel.main import main

class Hit:
    def __del__(self):
        raise KeyboardInterrupt

import hjemmel.batch.run as run
original = run._serial
def serial(*args, **kwargs):
    Hit()  # the Ctrl-C lands in a finaliser just before the first case
    return original(*args, **kwargs)
run._serial = serial
sys.argv = ["hjemmel", "batch", sys.argv[1], "--output", sys.argv[2], "-j", "1", "--quiet"]
main()
"""


def test_a_batch_whose_ctrl_c_was_swallowed_at_start_up_stops_with_130(tmp_path: Path) -> None:
    cases = tmp_path / "cases.jsonl"
    write_jsonl(cases, 200)
    out = tmp_path / "results.jsonl"
    done = subprocess.run([sys.executable, "-c", _PROGRAM, str(cases), str(out)], capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 130, done.stderr
    assert "Exception ignored" not in done.stderr and "Traceback" not in done.stderr, done.stderr
    assert len(out.read_text(encoding="utf-8").splitlines()) < 200  # stopped, not run to the end
