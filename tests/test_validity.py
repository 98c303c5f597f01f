"""Dates matter: every rule is tested on both sides of each of its validity boundaries."""

from __future__ import annotations

import datetime as dt

import pytest
from hjemmel import CaseFileError, Evaluator, RuleBase, load_rules, parse_case

from .conftest import ROOT
from .witness import rule_condition, satisfy

RULES = load_rules(ROOT / "rules")
ONE_DAY = dt.timedelta(days=1)

BOUNDARIES = [
    pytest.param(rule.id, edge, id=f"{rule.id}@{edge}")
    for rule in RULES.rules
    if rule.is_finding and rule.evaluable
    for edge in ("from", "until")
    if (rule.in_force.start if edge == "from" else rule.in_force.until) is not None
]


def _fired(evaluator: Evaluator, data: dict[str, object], day: dt.date) -> set[str]:
    try:
        return {f.rule for f in evaluator.assess(parse_case(data), on=day).findings}
    except CaseFileError:
        # The witness cannot exist on that day (e.g. a permit dated after it): nothing applies.
        return set()


@pytest.mark.parametrize(("rule_id", "edge"), BOUNDARIES)
def test_rule_applies_exactly_inside_its_validity(rule_id: str, edge: str, rules: RuleBase, evaluator: Evaluator) -> None:
    rule = rules.rule(rule_id)
    if edge == "from":
        assert rule.in_force.start is not None
        inside, outside = rule.in_force.start, rule.in_force.start - ONE_DAY
    else:
        assert rule.in_force.until is not None
        inside, outside = rule.in_force.until - ONE_DAY, rule.in_force.until
    witness = satisfy(rule_condition(rules, rule_id, inside), inside)
    assert witness is not None, f"no case satisfies {rule_id} on {inside}"
    assert rule_id in _fired(evaluator, witness, inside), f"{rule_id} should apply on {inside}"
    assert rule_id not in _fired(evaluator, witness, outside), f"{rule_id} must not apply on {outside}"


@pytest.mark.parametrize(
    ("day", "name"),
    [(dt.date(2020, 12, 31), "Fylkesmannen"), (dt.date(2021, 1, 1), "Statsforvalteren")],
)
def test_appeal_body_is_named_for_the_date(day: dt.date, name: str, evaluator: Evaluator) -> None:
    case = parse_case({"id": "navn", "housing": {"no_place_to_stay_next_24h": True}})
    finding = next(f for f in evaluator.assess(case, on=day).findings if f.rule == "sotjl.27")
    assert finding.appeal_to == "statsforvalteren"
    assert finding.appeal_name == name


def test_validity_is_half_open(rules: RuleBase) -> None:
    hol = rules.rule("hol.3-7")
    assert hol.in_force.contains(dt.date(2023, 6, 30))
    assert not hol.in_force.contains(dt.date(2023, 7, 1))
    assert hol.in_force.last_day() == dt.date(2023, 6, 30)


def test_aftercare_limit_follows_the_birth_date_after_2021(evaluator: Evaluator) -> None:
    base = {"child_welfare": {"measures_before_18": True, "consents_to_aftercare": True}}
    turned_23_in_2021 = parse_case({"id": "a", "person": {"birth_date": "1998-01-01"}, **base})
    turned_23_in_2020 = parse_case({"id": "b", "person": {"birth_date": "1997-12-31"}, **base})
    day = dt.date(2021, 6, 1)
    assert "bvl1992.1-3.ettervern-25" in {f.rule for f in evaluator.assess(turned_23_in_2021, on=day).findings}
    assert "bvl1992.1-3.ettervern-25" not in {f.rule for f in evaluator.assess(turned_23_in_2020, on=day).findings}


def test_aftercare_ends_the_day_before_the_25th_birthday(evaluator: Evaluator) -> None:
    data = {"id": "e", "person": {"birth_date": "2000-02-29"}, "child_welfare": {
        "measures_before_18": True, "consents_to_aftercare": True, "needs_support_transition": True}}  # fmt: skip
    case = parse_case(data)
    last = dt.date(2025, 2, 28)  # 25th birthday of a 29 February child is 1 March 2025
    finding = next(f for f in evaluator.assess(case, on=last).findings if f.rule == "bvl.3-6.ettervern")
    assert finding.until == last
    assert "bvl.3-6.ettervern" not in {f.rule for f in evaluator.assess(case, on=last + ONE_DAY).findings}
