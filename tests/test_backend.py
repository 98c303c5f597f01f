"""The durable-rules adapter absorbs the engine's sharp edges (see engine/backend.py)."""

from __future__ import annotations

import subprocess
import sys
import threading

import pytest
from hjemmel import BackendError, Evaluator, parse_case
from hjemmel.evaluation.backend import Backend

from .conftest import ROOT

SCRIPT = """
import datetime as dt
from hjemmel import Evaluator, load_rules, parse_case
ev = Evaluator(load_rules())
day = dt.date(2024, 3, 1)
# The first case of the ruleset matches no rule at all, then many more, half unmatched.
for i in range(3000):
    data = {"id": f"s-{i}"} if i % 2 == 0 else {"id": f"s-{i}", "housing": {"no_place_to_stay_next_24h": True}}
    ev.assess(parse_case(data), on=day)
print("survived")
"""


def test_unhandled_first_case_does_not_crash_the_process() -> None:
    # In a subprocess: the failure mode is a segmentation fault, which would kill pytest.
    result = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, cwd=ROOT, check=False, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "survived"


def test_no_background_threads_and_no_state_left_behind(evaluator: Evaluator) -> None:
    before = threading.active_count()
    backend = Backend()
    assert threading.active_count() == before  # the host starts no dispatch threads
    other = Evaluator(evaluator.rules, _backend=backend)
    for i in range(1500):  # more than the 1024 live sessions a ruleset can hold
        other.assess(parse_case({"id": f"b-{i}", "housing": {"no_place_to_stay_next_24h": True}}))
    assert threading.active_count() == before


def test_a_host_is_never_shared_across_threads(evaluator: Evaluator) -> None:
    backend = Backend()
    other = Evaluator(evaluator.rules, _backend=backend)
    other.assess(parse_case({"id": "t-1"}))
    errors: list[BaseException] = []

    def run() -> None:
        try:
            other.assess(parse_case({"id": "t-2"}))
        except BaseException as exc:
            errors.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    assert errors and isinstance(errors[0], BackendError)


def test_an_error_while_recording_a_rule_is_reported_not_swallowed(evaluator: Evaluator, monkeypatch: pytest.MonkeyPatch) -> None:
    backend = Backend()
    other = Evaluator(evaluator.rules, _backend=backend)

    def broken(*args: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(Backend, "_fired", broken)
    with pytest.raises(BackendError, match="boom"):
        other.assess(parse_case({"id": "e-1", "housing": {"no_place_to_stay_next_24h": True}}))
