"""Every example case in cases/ is a regression test: its `expected:` block must hold.

A lawyer can add a case file with an `expected:` block and get a test named by its
description sentence, without writing Python.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hjemmel import Evaluator, load_case

from .conftest import CASES

CASE_FILES = sorted(p for p in CASES.glob("*.yaml"))


def _name(path: Path) -> str:
    case = load_case(path)
    return case.expected.description if case.expected and case.expected.description else path.stem


def test_there_are_enough_example_cases() -> None:
    with_expectations = [p for p in CASE_FILES if load_case(p).expected is not None]
    assert len(with_expectations) >= 12


@pytest.mark.parametrize("path", CASE_FILES, ids=[_name(p) for p in CASE_FILES])
def test_example_case(path: Path, evaluator: Evaluator) -> None:
    case = load_case(path)
    expected = case.expected
    assert expected is not None, f"{path.name} has no expected: block"
    assessment = evaluator.assess(case)
    fired = sorted(f.rule for f in assessment.findings)
    if expected.findings is not None:
        assert fired == sorted(expected.findings), f"{path.name}: findings differ"
    for rule in expected.includes or []:
        assert rule in fired, f"{path.name}: expected {rule}"
    for rule in expected.excludes or []:
        assert rule not in fired, f"{path.name}: did not expect {rule}"
    by_rule = {f.rule: f for f in assessment.findings}
    for rule, day in (expected.until or {}).items():
        assert by_rule[rule].until == day, f"{path.name}: until of {rule}"
    for rule, day in (expected.starts or {}).items():
        assert by_rule[rule].starts == day, f"{path.name}: start of {rule}"
    for rule, number in (expected.responsible_municipality or {}).items():
        assert by_rule[rule].responsible_municipality == number, f"{path.name}: responsible municipality of {rule}"
    for rule in expected.discretion or []:
        assert by_rule[rule].discretion, f"{path.name}: {rule} must be shown as a matter for the caseworker's judgment"
    asked = {q.fact for q in assessment.open_questions}
    for fact in expected.open_questions or []:
        assert fact in asked, f"{path.name}: expected an open question on {fact}"
