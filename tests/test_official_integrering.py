"""Integreringsloven from the official text: age at the permit date, § 8 fourth paragraph
(from 2026-01-01), family members, the over-55 power and the § 51 → § 52 renumbering."""

from __future__ import annotations

import datetime as dt

import pytest
from hjemmel import CaseFileError, Evaluator, parse_case

RIGHT, DUTY, POWER = "intl.8.introduksjonsprogram", "intl.12.introduksjonsprogram", "intl.8.kan-tilby"


def _case(**immigration: object) -> dict[str, object]:
    imm: dict[str, object] = {
        "status": "refugee",
        "permit_date": "2024-01-15",
        "settled": True,
        "settlement_municipality": "4601",
        "integration_grant_period": True,
        "in_reception_centre": False,
    }
    imm.update(immigration)
    return {"id": "intl", "person": {"municipality": "4601"}, "immigration": imm}


def _findings(evaluator: Evaluator, data: dict[str, object], day: dt.date) -> set[str]:
    return {f.rule for f in evaluator.assess(parse_case(data), on=day).findings}


@pytest.mark.parametrize(("birth", "right"), [("1968-01-16", True), ("1968-01-15", False)])
def test_the_last_day_of_55_on_the_permit_date(evaluator: Evaluator, birth: str, right: bool) -> None:
    data = _case()
    data["person"] = {"municipality": "4601", "birth_date": birth}
    found = _findings(evaluator, data, dt.date(2025, 6, 2))
    assert (RIGHT in found) is right and (DUTY in found) is right and (POWER in found) is not right


def test_age_at_permit_must_agree_with_the_birth_date(evaluator: Evaluator) -> None:
    data = _case(age_at_permit=40)
    data["person"] = {"municipality": "4601", "birth_date": "1990-01-01"}
    with pytest.raises(CaseFileError):
        evaluator.assess(parse_case(data), on=dt.date(2025, 6, 2))


@pytest.mark.parametrize(("day", "right"), [(dt.date(2025, 12, 31), True), (dt.date(2026, 1, 1), False)])
def test_full_time_job_from_2026(evaluator: Evaluator, day: dt.date, right: bool) -> None:
    data = _case(age_at_permit=30)
    data["work"] = {"job_30_hours_a_week": True}
    found = _findings(evaluator, data, day)
    assert (RIGHT in found) is right and (DUTY in found) is right


def test_family_member_need_not_be_settled_by_agreement(evaluator: Evaluator) -> None:
    found = _findings(evaluator, _case(status="family_member", settled=False, age_at_permit=30), dt.date(2024, 9, 2))
    assert {RIGHT, DUTY} <= found
    found = _findings(evaluator, _case(settled=False, age_at_permit=30), dt.date(2024, 9, 2))
    assert not {RIGHT, DUTY} & found and POWER in found


@pytest.mark.parametrize(
    ("day", "rule"),
    [(dt.date(2022, 7, 31), "intl.51.introduksjonsloven-fortsatt"), (dt.date(2022, 8, 1), "intl.52.introduksjonsloven-fortsatt")],
)
def test_transitional_rule_is_section_52_from_2022_08_01(evaluator: Evaluator, day: dt.date, rule: str) -> None:
    data = _case(permit_date="2020-06-01", age_at_permit=30)
    data["person"] = {"municipality": "4601", "age": 32}
    found = _findings(evaluator, data, day)
    other = "intl.51.introduksjonsloven-fortsatt" if rule.startswith("intl.52") else "intl.52.introduksjonsloven-fortsatt"
    assert rule in found and other not in found and RIGHT not in found


@pytest.mark.parametrize(("citizenship", "right"), [("SE", False), ("PL", False), ("SY", True)])
def test_nordic_and_eea_citizens_are_outside_section_8(evaluator: Evaluator, citizenship: str, right: bool) -> None:
    data = _case(age_at_permit=30)
    data["person"] = {"municipality": "4601", "citizenship": citizenship}
    found = _findings(evaluator, data, dt.date(2024, 9, 2))
    assert (RIGHT in found) is right and (DUTY in found) is right
