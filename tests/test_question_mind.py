"""One question mind: the interview asks first what the report ranks first, and both weigh what a
caseworker weighs — the acute need tonight, consent for aftercare, the date of a scheduled eviction."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml
from hjemmel import Evaluator, load_case, load_rules, parse_case
from hjemmel.interview import next_question

from .conftest import CASES, ROOT

RULES = load_rules(ROOT / "rules")
EVALUATOR = Evaluator(RULES)
EXAMPLES = sorted(CASES.glob("*.yaml"))


def _same_field(report_fact: str, asked: str) -> bool:
    """The interview asks the date of birth for the age (exact deadlines)."""
    return asked == report_fact or (report_fact == "person.age" and asked == "person.birth_date")


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_the_interview_asks_first_what_the_report_ranks_first(path: Path) -> None:
    assessment = EVALUATOR.assess(load_case(path))
    if not assessment.open_questions:
        pytest.skip("no open question")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    question = next_question(RULES, data, assessment.assessment_date)
    assert question is not None and _same_field(assessment.open_questions[0].fact, question.fact)
    assert question.score == assessment.open_questions[0].rank.score


def _questions(data: dict[str, Any], day: dt.date, n: int) -> list[str]:
    """The first ``n`` questions of an interview answered "vet ikke" each time."""
    asked: list[str] = []
    while len(asked) < n and (q := next_question(RULES, data, day, frozenset(asked))) is not None:
        asked.append(q.fact)
    return asked


def test_a_homeless_16_year_old_is_first_asked_where_they_sleep_tonight() -> None:
    data = {"id": "hjemlos-16", "assessment_date": "2026-12-01", "person": {"age": 16, "municipality": "0301"}, "housing": {"situation": "homeless"}}
    assert _questions(data, dt.date(2026, 12, 1), 1) == ["housing.no_place_to_stay_next_24h"]
    top = EVALUATOR.assess(parse_case(data)).open_questions[0]
    assert top.fact == "housing.no_place_to_stay_next_24h" and {"bvl.4-1.uten-omsorg", "sotjl.27.mindreaarig"} <= set(top.could_add)


def test_the_aftercare_youth_is_first_asked_for_consent() -> None:
    data = yaml.safe_load((CASES / "ettervern-samtykke-ukjent-2025.yaml").read_text(encoding="utf-8"))
    assert _questions(data, dt.date(2025, 2, 10), 1) == ["child_welfare.consents_to_aftercare"]


def test_a_scheduled_eviction_without_a_date_asks_the_date_within_three_questions() -> None:
    data = {
        "id": "utk-uten-dato",
        "assessment_date": "2026-12-01",
        "person": {"age": 40, "municipality": "0301"},
        "housing": {"situation": "rental"},
        "tenancy": {"eviction_stage": "scheduled"},
    }
    assert "tenancy.eviction_date" in _questions(data, dt.date(2026, 12, 1), 3)
    question = next(q for q in EVALUATOR.assess(parse_case(data)).open_questions if q.fact == "tenancy.eviction_date")
    assert question.could_add == [] and {b.effect for b in question.rank.basis} == {"date"}


def test_a_prisoner_without_a_release_date_is_asked_it() -> None:
    data = {"id": "soner", "assessment_date": "2026-12-01", "person": {"age": 30}, "criminal_justice": {"status": "serving", "home_after_release": False}}
    facts = [q.fact for q in EVALUATOR.assess(parse_case(data)).open_questions]
    assert "criminal_justice.release_date" in facts


def test_a_known_date_is_not_asked_again() -> None:
    data = {
        "id": "utk",
        "assessment_date": "2026-12-01",
        "housing": {"situation": "rental"},
        "tenancy": {"eviction_stage": "scheduled", "eviction_date": "2027-01-10"},
    }
    assert "tenancy.eviction_date" not in [q.fact for q in EVALUATOR.assess(parse_case(data)).open_questions]


def test_within_an_actor_the_child_without_care_comes_first() -> None:
    data = {
        "id": "barn",
        "assessment_date": "2026-12-01",
        "person": {"age": 16, "municipality": "0301"},
        "housing": {"situation": "homeless", "no_place_to_stay_next_24h": True},
    }
    findings = [f.rule for f in EVALUATOR.assess(parse_case(data)).findings if f.actor == "barnevernstjenesten"]
    assert findings[0] == "bvl.4-1.uten-omsorg", findings


def test_one_answer_counts_once_per_actor() -> None:
    """Two duties of one actor from one answer count as the larger, not the sum."""
    from hjemmel.explain.ranking import rank

    items = [
        {"rule": "a", "effect": "add", "kind": "duty", "weight": 6, "missing": 1},
        {"rule": "b", "effect": "add", "kind": "duty", "weight": 6, "missing": 1},
        {"rule": "c", "effect": "add", "kind": "duty", "weight": 4, "missing": 2},
    ]
    assert rank(items, {"a": "nav", "b": "nav", "c": "barnevern"})["score"] == 8.0  # type: ignore[arg-type]
