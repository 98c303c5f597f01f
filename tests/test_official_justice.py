"""Rules checked against the official text (issue 19): correctional, housing-finance, tenancy,
enforcement and health acts. Each date or age the text sets is tested on both sides."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hjemmel import Evaluator, parse_case


def _fired(evaluator: Evaluator, data: dict[str, Any], day: dt.date) -> set[str]:
    return {f.rule for f in evaluator.assess(parse_case(data), on=day).findings}


def _inmate(birth_date: str, consents: bool | None = True) -> dict[str, Any]:
    cj: dict[str, Any] = {
        "status": "serving",
        "release_date": "2026-06-01",
        "municipality_after_release": "5001",
        "home_after_release": False,
    }
    if consents is not None:
        cj["consents_to_release_planning"] = consents
    return {"id": "innsatt", "person": {"birth_date": birth_date}, "housing": {"situation": "prison"}, "criminal_justice": cj}


UNDER_25 = "strgjfl.41.kontakt-under-25"


def test_under_25_duty_starts_on_1_december_2024(evaluator: Evaluator) -> None:
    case = _inmate("2003-05-05")
    assert UNDER_25 not in _fired(evaluator, case, dt.date(2024, 11, 30))
    assert UNDER_25 in _fired(evaluator, case, dt.date(2024, 12, 1))
    # the general duty «i nødvendig utstrekning» applies on both days
    assert "strgjfl.41.kontakt-bolig" in _fired(evaluator, case, dt.date(2024, 11, 30))


def test_under_25_duty_ends_on_the_25th_birthday(evaluator: Evaluator) -> None:
    case = _inmate("2001-03-15")
    assert UNDER_25 in _fired(evaluator, case, dt.date(2026, 3, 14))
    fired = _fired(evaluator, case, dt.date(2026, 3, 15))
    assert UNDER_25 not in fired
    assert "strgjfl.41.kontakt-bolig" in fired


def test_under_25_duty_needs_consent(evaluator: Evaluator) -> None:
    day = dt.date(2025, 6, 2)
    assert UNDER_25 not in _fired(evaluator, _inmate("2003-05-05", consents=False), day)
    assert UNDER_25 not in _fired(evaluator, _inmate("2003-05-05", consents=None), day)
    assert UNDER_25 in _fired(evaluator, _inmate("2003-05-05", consents=True), day)


def test_electronic_monitoring_is_section_16a_from_july_2020(evaluator: Evaluator) -> None:
    case = {"id": "el", "criminal_justice": {"status": "serving", "outside_prison_requested": True, "fixed_address": True}}
    before = _fired(evaluator, case, dt.date(2020, 6, 30))
    after = _fired(evaluator, case, dt.date(2020, 7, 1))
    assert "strgjfl.16a.elektronisk-kontroll" not in before and "strgjfl.16.utenfor-fengsel" in before
    assert {"strgjfl.16a.elektronisk-kontroll", "strgjfl.16.utenfor-fengsel"} <= after
    without_home = {"id": "el", "criminal_justice": {"status": "serving", "outside_prison_requested": True, "fixed_address": False}}
    assert not {"strgjfl.16a.elektronisk-kontroll", "strgjfl.16.utenfor-fengsel"} & _fired(evaluator, without_home, dt.date(2024, 1, 1))


def test_municipal_health_services_right_moves_to_pbrl_2_1_on_1_june_2024(evaluator: Evaluator) -> None:
    case = {"id": "helse", "health": {"needs_health_care_services": True}}
    before = _fired(evaluator, case, dt.date(2024, 5, 31))
    after = _fired(evaluator, case, dt.date(2024, 6, 1))
    assert "pbrl.2-1a" in before and "pbrl.2-1" not in before
    assert "pbrl.2-1" in after and "pbrl.2-1a" not in after


def test_municipal_housing_grants_are_bustottelova_14_and_15_from_2020(evaluator: Evaluator) -> None:
    buyer = {"id": "kjop", "economy": {"bank_loan_available": False, "long_term_financing_problems": True}}
    adapt = {"id": "tilpass", "housing": {"situation": "own_home", "needs_adapted_home": True}}
    assert "bustl.14.etablering" not in _fired(evaluator, buyer, dt.date(2019, 12, 31))
    assert "bustl.14.etablering" in _fired(evaluator, buyer, dt.date(2020, 1, 1))
    assert "bustl.15.tilpassing" not in _fired(evaluator, adapt, dt.date(2019, 12, 31))
    assert "bustl.15.tilpassing" in _fired(evaluator, adapt, dt.date(2020, 1, 1))
