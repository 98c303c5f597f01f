"""The social-housing rules against the official text (Lovdata's open data set).

Boligsosial lov § 7 first paragraph: when someone asks for assistance, the municipality must
decide whether the person is disadvantaged on the housing market (§ 4). So when that is
unknown, it is an open question; when it is known, the answer decides § 6.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hjemmel import Evaluator, RuleBase, parse_case

DAY = dt.date(2024, 6, 3)


def _asked_for_help(cannot_manage: bool | None) -> dict[str, object]:
    housing: dict[str, object] = {"situation": "with_family_or_friends", "requested_assistance": True}
    if cannot_manage is not None:
        housing["cannot_manage_housing_market"] = cannot_manage
    return {
        "id": "ba-om-bistand",
        "assessment_date": DAY.isoformat(),
        "person": {"age": 41, "municipality": "5001", "lawful_stay": True},
        "housing": housing,
    }


def _assess(evaluator: Evaluator, data: dict[str, object]):  # type: ignore[no-untyped-def]
    return evaluator.assess(parse_case(data), on=DAY)


def test_unknown_vanskeligstilt_is_an_open_question_when_help_was_asked_for(evaluator: Evaluator) -> None:
    result = _assess(evaluator, _asked_for_help(None))
    fired = {f.rule for f in result.findings}
    assert "bolsosl.7" in fired
    assert "bolsosl.6" not in fired
    questions = {q.fact: q for q in result.open_questions}
    assert "housing.cannot_manage_housing_market" in questions
    assert "bolsosl.6" in questions["housing.cannot_manage_housing_market"].could_add


def test_known_vanskeligstilt_gives_the_duty_of_assistance(evaluator: Evaluator) -> None:
    result = _assess(evaluator, _asked_for_help(True))
    fired = {f.rule for f in result.findings}
    assert {"bolsosl.6", "bolsosl.7"} <= fired
    assert "housing.cannot_manage_housing_market" not in {q.fact for q in result.open_questions}


def test_known_not_vanskeligstilt_keeps_the_decision_but_not_the_duty(evaluator: Evaluator) -> None:
    result = _assess(evaluator, _asked_for_help(False))
    fired = {f.rule for f in result.findings}
    # A refusal is also an individual decision (§ 7 first paragraph), so § 7 still applies.
    assert "bolsosl.7" in fired
    assert "bolsosl.6" not in fired
    assert "housing.cannot_manage_housing_market" not in {q.fact for q in result.open_questions}


def test_not_asking_for_help_does_not_make_vanskeligstilt_hold(evaluator: Evaluator) -> None:
    data = _asked_for_help(None)
    housing = data["housing"]
    assert isinstance(housing, dict)
    housing["requested_assistance"] = False
    fired = {f.rule for f in _assess(evaluator, data).findings}
    assert "bolsosl.6" not in fired
    assert "bolsosl.7" not in fired


def test_the_appeal_rule_cites_section_7(rules: RuleBase) -> None:
    rule = rules.rule("bolsosl.7.klage")
    assert rule.section == "7"
    assert [q.paragraph for q in rule.text] == ["fjerde ledd"]
    with pytest.raises(KeyError):
        rules.rule("bolsosl.8.klage")
