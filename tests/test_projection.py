"""The case moves in time: scheduled events change the facts on their day (``hjemmel.cases.projection``)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hjemmel import CaseFileError, Evaluator, load_rules, parse_case
from hjemmel.cli import main
from hjemmel.timeline import timeline
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import ROOT, examples

RULES = load_rules(ROOT / "rules")
EVALUATOR = Evaluator(RULES)

RELEASE = {
    "id": "losl-2026-12",
    "assessment_date": "2026-12-01",
    "person": {"birth_date": "1992-05-04", "municipality": "0301", "lawful_stay": True, "citizenship": "NO", "residence_in_norway": True},
    "criminal_justice": {"status": "serving", "release_date": "2026-12-11", "home_after_release": False},
    "housing": {"situation": "prison"},
}
SHELTER = "sotjl.27.ved-loslatelse"


def _findings(case: dict[str, Any], day: str) -> set[str]:
    return {f.rule for f in EVALUATOR.assess(parse_case(case), on=dt.date.fromisoformat(day)).findings}


def _period(data: dict[str, Any], day: str) -> set[str]:
    period = next(p for p in data["periods"] if p["from"] <= day <= p["to"])
    assert period["error"] is None, period["error"]
    return {f["rule"] for f in period["findings"]}


def test_the_release_day_starts_the_duties_instead_of_ending_them() -> None:
    data = timeline(EVALUATOR, parse_case(RELEASE), dt.date(2026, 12, 1), dt.date(2027, 6, 30))
    for day in ("2026-12-10", "2026-12-11", "2026-12-12", "2027-06-30"):
        assert {SHELTER, "bolsosl.6", "bolsosl.3.loslatelse"} <= _period(data, day), day
    assert all(f["rule"] != SHELTER for change in data["changes"] for f in change["lost"])


def test_assess_after_the_release_says_what_was_assumed(tmp_path: Path) -> None:
    assessment = EVALUATOR.assess(parse_case(RELEASE), on=dt.date(2027, 1, 15))
    projected = [(p.fact, p.value, p.from_) for p in assessment.projected]
    assert ("criminal_justice.status", "released", dt.date(2026, 12, 11)) in projected
    assert ("housing.situation", "homeless", dt.date(2026, 12, 11)) in projected
    assert SHELTER in {f.rule for f in assessment.findings}
    path = tmp_path / "release.json"
    path.write_text(json.dumps(RELEASE), encoding="utf-8")
    result = CliRunner().invoke(main, ["assess", str(path), "--date", "2027-01-15"])
    assert result.exit_code == 0, result.output
    assert "Antatt fra 11.12.2026: status i kriminalomsorgen: løslatt (planlagt løslatelse)" in result.output


def test_both_sides_of_the_release_day() -> None:
    before = EVALUATOR.assess(parse_case(RELEASE), on=dt.date(2026, 12, 10))
    on_the_day = EVALUATOR.assess(parse_case(RELEASE), on=dt.date(2026, 12, 11))
    assert before.projected == []
    assert [p.fact for p in on_the_day.projected] == ["criminal_justice.status", "housing.situation"]


def test_on_its_own_date_the_case_is_as_written(tmp_path: Path) -> None:
    assessment = EVALUATOR.assess(parse_case(RELEASE))
    assert assessment.projected == [] and assessment.assessment_date == dt.date(2026, 12, 1)
    path = tmp_path / "release.json"
    path.write_text(json.dumps(RELEASE), encoding="utf-8")
    data = json.loads(CliRunner().invoke(main, ["assess", str(path), "--format", "json"]).output)
    assert data["projected"] == []


def test_a_scheduled_eviction_is_executed_on_its_day_and_where_the_person_goes_is_unknown() -> None:
    case = {
        "id": "utk",
        "assessment_date": "2026-12-01",
        "person": {"birth_date": "1986-02-03"},
        "housing": {"situation": "rental"},
        "tenancy": {"eviction_stage": "scheduled", "eviction_date": "2027-01-10"},
    }
    assert EVALUATOR.assess(parse_case(case), on=dt.date(2027, 1, 9)).projected == []
    after = EVALUATOR.assess(parse_case(case), on=dt.date(2027, 1, 10), lang="en")
    assert [(p.fact, p.value, p.from_) for p in after.projected] == [
        ("tenancy.eviction_stage", "executed", dt.date(2027, 1, 10)),
        ("housing.situation", None, dt.date(2027, 1, 10)),
    ]
    assert after.projected[0].because == "scheduled eviction"


def test_a_discharge_date_discharges() -> None:
    case = {
        "id": "utskr",
        "assessment_date": "2026-12-01",
        "health": {"in_specialist_institution": True, "discharge_date": "2026-12-20"},
        "housing": {"situation": "institution"},
    }
    after = EVALUATOR.assess(parse_case(case), on=dt.date(2026, 12, 20))
    assert ("health.in_specialist_institution", False) in [(p.fact, p.value) for p in after.projected]
    assert EVALUATOR.assess(parse_case(case), on=dt.date(2026, 12, 19)).projected == []


def test_a_permit_granted_after_the_day_assessed_is_unknown_then_not_an_error() -> None:
    case = {"id": "flykt", "assessment_date": "2024-06-01", "person": {"age": 30}, "immigration": {"status": "refugee", "permit_date": "2024-03-01"}}
    earlier = EVALUATOR.assess(parse_case(case), on=dt.date(2024, 1, 1))
    unknown = {p.fact for p in earlier.projected if p.value is None and p.from_ is None}
    assert {"immigration.permit_date", "immigration.status"} <= unknown
    on_the_day = EVALUATOR.assess(parse_case(case), on=dt.date(2024, 3, 1))
    assert not {p.fact for p in on_the_day.projected} & {"immigration.permit_date", "immigration.status"}


def test_a_real_contradiction_stays_a_located_error() -> None:
    case = {"id": "feil", "assessment_date": "2026-12-01", "criminal_justice": {"status": "released", "release_date": "2026-12-11"}}
    with pytest.raises(CaseFileError) as info:
        EVALUATOR.assess(parse_case(case), on=dt.date(2027, 1, 15))
    assert "status is 'released' but the release date 2026-12-11 is after the assessment date 2026-12-01" in info.value.format()


@pytest.mark.parametrize(
    ("day", "age"),
    [("2026-01-01", 24), ("2027-01-01", 25), ("2026-06-01", None), ("2028-03-01", 26)],
)
def test_a_bare_age_counts_on_only_as_far_as_it_is_known(day: str, age: int | None) -> None:
    """24 on 2026-01-01: on 2027-01-01 the person is 25; between, 24 or 25, and 25 is an age
    limit (aftercare ends at 25), so the age is unknown there; on 2028-03-01, 26 or 27, which no
    limit separates, so 26."""
    case = {"id": "alder", "assessment_date": "2026-01-01", "person": {"age": 24}}
    assessment = EVALUATOR.assess(parse_case(case), on=dt.date.fromisoformat(day))
    moved = {p.fact: p.value for p in assessment.projected}
    if day == "2026-01-01":
        assert moved == {}
    else:
        assert moved == {"person.age": age}


def test_a_bare_age_between_two_values_that_no_limit_separates_is_the_lower() -> None:
    case = {"id": "alder", "assessment_date": "2026-01-01", "person": {"age": 40}}
    assessment = EVALUATOR.assess(parse_case(case), on=dt.date(2026, 6, 1), lang="en")
    (item,) = assessment.projected
    assert (item.fact, item.value, item.from_) == ("person.age", 40, None)
    assert item.because == "only the age on 2026-01-01 is given: the person is 40 or 41, and no age limit separates the two"


def test_impact_no_longer_loses_cases_with_dates_after_from(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    path.write_text(json.dumps({"id": "p", "assessment_date": "2024-06-01", "immigration": {"status": "refugee", "permit_date": "2024-03-01"}}) + "\n")
    out = tmp_path / "i.jsonl"
    result = CliRunner().invoke(main, ["impact", str(path), "--from", "2023-01-01", "--to", "2024-06-01", "--output", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    (line,) = [json.loads(x) for x in out.read_text().splitlines()]
    assert "error" not in line


@st.composite
def moving_cases(draw: st.DrawFn) -> tuple[Any, dt.date, dt.date]:
    """A case written on ``start`` with a release, an eviction and/or a discharge inside the period."""
    start = draw(st.dates(dt.date(2021, 1, 1), dt.date(2026, 6, 30)))
    end = start + dt.timedelta(days=draw(st.integers(1, 400)))

    def inside() -> str:
        return (start + dt.timedelta(days=draw(st.integers(1, (end - start).days)))).isoformat()

    data: dict[str, Any] = {"id": "m", "assessment_date": start.isoformat()}
    if draw(st.booleans()):
        data["person"] = {"age": draw(st.integers(16, 30))}
    else:
        data["person"] = {"birth_date": (start - dt.timedelta(days=draw(st.integers(16 * 365, 30 * 365)))).isoformat()}
    data["person"].update({"lawful_stay": True, "residence_in_norway": True, "municipality": "0301"})
    if draw(st.booleans()):
        data["criminal_justice"] = {"status": draw(st.sampled_from(["serving", "remand"])), "release_date": inside()}
        if draw(st.booleans()):
            data["criminal_justice"]["home_after_release"] = draw(st.booleans())
        data["housing"] = {"situation": "prison"}
    if draw(st.booleans()):
        data["tenancy"] = {"eviction_stage": "scheduled", "eviction_date": inside()}
        data.setdefault("housing", {"situation": "rental"})
    if draw(st.booleans()):
        data["health"] = {"in_specialist_institution": True, "discharge_date": inside(), "needs_health_care_services": draw(st.booleans())}
    if draw(st.booleans()):
        data.setdefault("housing", {})["requested_assistance"] = True
    return parse_case(data), start, end


@settings(max_examples=examples(25), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(moving_cases(), st.lists(st.integers(0, 400), min_size=2, max_size=4))
def test_the_timeline_agrees_with_assess_on_every_day_with_events_inside(item: tuple[Any, dt.date, dt.date], offsets: list[int]) -> None:
    case, start, end = item
    data = timeline(EVALUATOR, case, start, end)

    def check(day: dt.date) -> None:
        try:
            found = sorted(f.rule for f in EVALUATOR.assess(case, on=day).findings)
            error = False
        except CaseFileError:
            found, error = [], True
        period = next(p for p in data["periods"] if dt.date.fromisoformat(p["from"]) <= day <= dt.date.fromisoformat(p["to"]))
        assert (period["error"] is not None) == error, day
        assert sorted(f["rule"] for f in period["findings"]) == found, day

    for change in data["changes"]:
        day = dt.date.fromisoformat(change["date"])
        check(day)
        check(day - dt.timedelta(days=1))
    for offset in offsets:
        check(min(start + dt.timedelta(days=offset), end))


@settings(max_examples=examples(25), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(moving_cases())
def test_projection_never_changes_a_case_on_its_own_date(item: tuple[Any, dt.date, dt.date]) -> None:
    case, start, _ = item
    written = EVALUATOR.assess(case)
    undated = EVALUATOR.assess(case.model_copy(update={"assessment_date": None}), on=start)
    assert written.projected == [] and [f.rule for f in written.findings] == [f.rule for f in undated.findings]


@settings(max_examples=examples(25), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(moving_cases(), st.integers(1, 800))
def test_impact_over_cases_with_dated_facts_loses_no_case(item: tuple[Any, dt.date, dt.date], before: int) -> None:
    """From a day before the case was written to a day after its events: no error for a fact
    dated after the first day (it is unknown then), for every generated case."""
    from hjemmel.batch.impact import compare

    case, start, end = item
    line, _ = compare(EVALUATOR, case, start - dt.timedelta(days=before), end)
    assert line["case_id"] == case.id and "error" not in line
