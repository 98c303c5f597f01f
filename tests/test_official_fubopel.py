"""Forskrift om sosiale tjenester for personer uten fast bopel § 1a (EEA citizens), from 2025-03-07."""

from __future__ import annotations

import datetime as dt

import pytest
from hjemmel import Evaluator, parse_case

BEFORE, FROM = dt.date(2025, 3, 6), dt.date(2025, 3, 7)


def _case(basis: str | None, citizenship: str = "PL") -> dict[str, object]:
    data: dict[str, object] = {
        "id": "eos",
        "person": {"age": 35, "citizenship": citizenship, "lawful_stay": True, "residence_in_norway": False},
        "housing": {"no_place_to_stay_next_24h": True},
        "economy": {"can_support_self": False},
    }
    if basis is not None:
        data["immigration"] = {"eea_right_of_residence": basis}
    return data


def _findings(evaluator: Evaluator, data: dict[str, object], day: dt.date) -> set[str]:
    return {f.rule for f in evaluator.assess(parse_case(data), on=day).findings}


@pytest.mark.parametrize(
    ("day", "expected", "absent"),
    [
        (BEFORE, "fubopel.1.stonad", "fubopel.1a.stonad"),
        (FROM, "fubopel.1a.stonad", "fubopel.1.stonad"),
    ],
)
def test_section_111_only(evaluator: Evaluator, day: dt.date, expected: str, absent: str) -> None:
    found = _findings(evaluator, _case("section_111"), day)
    assert expected in found and absent not in found
    assert "sotjl.27" not in found


@pytest.mark.parametrize(("day", "limited"), [(BEFORE, True), (FROM, False)])
def test_right_beyond_section_111_lifts_the_bopel_condition(evaluator: Evaluator, day: dt.date, limited: bool) -> None:
    found = _findings(evaluator, _case("beyond_section_111"), day)
    assert ("fubopel.1.stonad" in found) is limited
    assert ("sotjl.27" in found) is not limited
    assert "fubopel.1a.stonad" not in found


@pytest.mark.parametrize("day", [BEFORE, FROM])
def test_no_eea_right_keeps_section_1(evaluator: Evaluator, day: dt.date) -> None:
    found = _findings(evaluator, _case("none", citizenship="US"), day)
    assert "fubopel.1.stonad" in found and "fubopel.1a.stonad" not in found


def test_nordic_citizen_is_outside_section_1a(evaluator: Evaluator) -> None:
    found = _findings(evaluator, _case("section_111", citizenship="SE"), FROM)
    assert not {"fubopel.1.stonad", "fubopel.1a.stonad"} & found
