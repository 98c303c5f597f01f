"""Open questions a caseworker can act on: the most decisive first, only the relevant ones.

The cases in tests/data/first-contact/ are what a caseworker knows at a first meeting
(made-up persons). Each test says what a caseworker would expect to be asked first, and
what must not be asked at all (or not among the first five).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hjemmel import Evaluator, load_case
from hjemmel.assessment import Assessment

from .conftest import ROOT

FIRST_CONTACT = ROOT / "tests" / "data" / "first-contact"


def _questions(evaluator: Evaluator, name: str) -> list[str]:
    return [q.fact for q in _assess(evaluator, name).open_questions]


def _assess(evaluator: Evaluator, name: str) -> Assessment:
    return evaluator.assess(load_case(FIRST_CONTACT / f"{name}.yaml"))


def _areas(facts: list[str]) -> set[str]:
    return {fact.split(".")[0] for fact in facts}


def test_the_aftercare_youth_is_asked_about_consent_first_and_not_about_refugees_eviction_or_hospital(evaluator: Evaluator) -> None:
    facts = _questions(evaluator, "ettervern-20-ar")
    assert "child_welfare.consents_to_aftercare" in facts[:2]
    first_five = facts[:5]
    assert not _areas(first_five) & {"immigration", "tenancy"}
    assert "health.discharge_date" not in first_five and "health.in_specialist_institution" not in first_five


def test_the_aftercare_youth_gets_no_question_that_only_a_generic_fact_touches(evaluator: Evaluator) -> None:
    facts = _questions(evaluator, "ettervern-20-ar")
    # "cannot manage the housing market" touches refugee, eviction and hospital rules, but
    # none of them is engaged by anything specific to it.
    assert not _areas(facts) & {"immigration", "tenancy", "criminal_justice"}
    assert "health.discharge_date" not in facts


def test_the_person_due_for_release_is_first_asked_whether_he_has_a_home_to_go_to(evaluator: Evaluator) -> None:
    facts = _questions(evaluator, "loslatelse")
    assert facts[0] == "criminal_justice.home_after_release"
    assert not _areas(facts) & {"immigration", "child_welfare", "tenancy"}


def test_the_refugee_family_is_asked_about_the_integration_grant_first(evaluator: Evaluator) -> None:
    facts = _questions(evaluator, "flyktningfamilie")
    assert facts[0] == "immigration.integration_grant_period"
    assert not _areas(facts) & {"child_welfare", "criminal_justice"}
    assert "health.discharge_date" not in facts and "health.in_specialist_institution" not in facts


def test_the_family_facing_eviction_is_asked_about_the_housing_market_and_money_not_about_other_areas(evaluator: Evaluator) -> None:
    facts = _questions(evaluator, "utkastelse-barn")
    # the right to housing allowance first, then the help to keep the home (a power since the legal review)
    assert "housing.cannot_manage_housing_market" in facts[:3]
    assert "economy.can_support_self" in facts
    assert not _areas(facts) & {"immigration", "child_welfare", "criminal_justice"}
    assert "health.discharge_date" not in facts


def test_the_homeless_person_with_substance_use_is_not_asked_about_refugees_eviction_or_prison(evaluator: Evaluator) -> None:
    facts = _questions(evaluator, "bostedslos-rus")
    assert not _areas(facts) & {"immigration", "tenancy", "criminal_justice", "child_welfare"}


@pytest.mark.parametrize("path", sorted(FIRST_CONTACT.glob("*.yaml")), ids=lambda p: p.stem)
def test_every_open_question_carries_the_basis_of_its_rank_and_the_list_is_in_rank_order(evaluator: Evaluator, path: Path) -> None:
    questions = evaluator.assess(load_case(path)).open_questions
    scores = [q.rank.score for q in questions]
    assert scores == sorted(scores, reverse=True)
    for q in questions:
        assert q.rank.basis, q.fact
        assert {b.rule for b in q.rank.basis if b.effect == "add"} == set(q.could_add)
        assert {b.rule for b in q.rank.basis if b.effect == "remove"} == set(q.could_remove)
        # one answer counts once per actor: the largest weight/missing it brings each actor
        best: dict[str, float] = {}
        for b in q.rank.basis:
            actor = evaluator.rules.rule(b.rule).actor or b.rule
            best[actor] = max(best.get(actor, 0.0), b.weight / b.missing)
        assert q.rank.score == pytest.approx(sum(best.values()), abs=1e-3)


def test_a_duty_outranks_a_power_when_one_answer_decides_each(evaluator: Evaluator) -> None:
    from hjemmel.explain.ranking import KIND_WEIGHT

    assert KIND_WEIGHT["duty"] > KIND_WEIGHT["power"] and KIND_WEIGHT["right"] > KIND_WEIGHT["soft"]
