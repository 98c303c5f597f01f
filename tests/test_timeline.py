"""``hjemmel timeline``: the dates on which a case's findings change, checked day by day."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from click.testing import CliRunner
from hjemmel import CaseFileError, Evaluator, load_case, load_rules, parse_case
from hjemmel.cli import main
from hjemmel.timeline import timeline
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import CASES, ROOT, examples
from .strategies import case_dicts, days

RULES = load_rules(ROOT / "rules")
EVALUATOR = Evaluator(RULES)


def _day_by_day(case: Any, day: dt.date) -> tuple[list[str], bool]:
    """The findings of assessing the case on one day (as its own dates make it), or an error."""
    try:
        return sorted(f.rule for f in EVALUATOR.assess(case, on=day).findings), False
    except CaseFileError:
        return [], True


def _period_on(data: dict[str, Any], day: dt.date) -> dict[str, Any]:
    return next(p for p in data["periods"] if dt.date.fromisoformat(p["from"]) <= day <= dt.date.fromisoformat(p["to"]))


def _agrees(case: Any, data: dict[str, Any], day: dt.date) -> None:
    found, error = _day_by_day(case, day)
    period = _period_on(data, day)
    assert (period["error"] is not None) == error, day
    assert sorted(f["rule"] for f in period["findings"]) == found, day


@st.composite
def ranges(draw: st.DrawFn) -> tuple[Any, dt.date, dt.date]:
    start = draw(days())
    end = start + dt.timedelta(days=draw(st.integers(0, 3 * 366)))
    case = parse_case(draw(case_dicts(start)))
    return case, start, end


@settings(max_examples=examples(40), deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(ranges(), st.lists(st.integers(0, 3 * 366), min_size=3, max_size=6))
def test_the_timeline_agrees_with_assessing_every_day(item: tuple[Any, dt.date, dt.date], offsets: list[int]) -> None:
    case, start, end = item
    data = timeline(EVALUATOR, case, start, end)
    # periods cover the range without gaps or overlaps
    assert data["periods"][0]["from"] == start.isoformat() and data["periods"][-1]["to"] == end.isoformat()
    for before, after in zip(data["periods"], data["periods"][1:]):
        assert dt.date.fromisoformat(before["to"]) + dt.timedelta(days=1) == dt.date.fromisoformat(after["from"])
    # both sides of every change, and sampled days
    for change in data["changes"]:
        day = dt.date.fromisoformat(change["date"])
        _agrees(case, data, day)
        _agrees(case, data, day - dt.timedelta(days=1))
    for offset in offsets:
        _agrees(case, data, min(start + dt.timedelta(days=offset), end))


def test_the_aftercare_youth_loses_aftercare_on_the_25th_birthday() -> None:
    case = load_case(CASES / "ettervern-19-ar-2024.yaml")
    data = timeline(EVALUATOR, case, dt.date(2024, 3, 1), dt.date(2030, 12, 31))
    (change,) = data["changes"]
    assert change["date"] == "2029-11-02" and "fyller 25 år" in change["reasons"]
    assert "bvl.3-6.ettervern" in {f["rule"] for f in change["lost"]}
    for day in (dt.date(2029, 11, 1), dt.date(2029, 11, 2)):
        _agrees(case, data, day)


def test_a_law_change_is_a_change_date() -> None:
    case = load_case(CASES / "vanskeligstilt-2023-07-01.yaml")
    data = timeline(EVALUATOR, case, dt.date(2023, 6, 1), dt.date(2023, 7, 31))
    change = next(c for c in data["changes"] if c["date"] == "2023-07-01")
    assert "lovendring" in change["reasons"] and change["gained"]


def test_the_json_timeline_has_the_documented_shape() -> None:
    result = CliRunner().invoke(main, ["timeline", str(CASES / "ettervern-19-ar-2024.yaml"), "--from", "2024-03-01", "--to", "2030-12-31", "--format", "json"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert {"case_id", "from", "to", "changes", "periods"} <= set(data)
    finding = data["changes"][0]["lost"][0]
    assert {"rule", "actor", "law", "section"} <= set(finding)
    assert {"date", "gained", "lost"} <= set(data["changes"][0])


def test_the_html_timeline_draws_each_actor_as_an_accessible_svg(tmp_path: Any) -> None:
    out = tmp_path / "t.html"
    args = ["--from", "2024-11-01", "--to", "2025-01-31", "--format", "html", "--lang", "nn", "-o", str(out)]
    result = CliRunner().invoke(main, ["timeline", str(CASES / "loslatelse-uten-bolig-2024.yaml"), *args])
    assert result.exit_code == 0
    html = out.read_text("utf-8")
    assert '<html lang="nn">' in html and "<svg" in html and 'role="img"' in html and "<desc" in html
    assert "Kriminalomsorga" in html or "Kriminalomsorgen" in html
    assert "<script" not in html


def test_a_period_that_ends_before_it_starts_is_a_usage_error() -> None:
    result = CliRunner().invoke(main, ["timeline", str(CASES / "ettervern-19-ar-2024.yaml"), "--from", "2025-01-01", "--to", "2024-01-01"])
    assert result.exit_code == 2


def test_days_before_the_person_was_born_cannot_be_assessed() -> None:
    case = load_case(CASES / "ettervern-19-ar-2024.yaml")
    data = timeline(EVALUATOR, case, dt.date(2004, 1, 1), dt.date(2005, 1, 1))
    assert data["periods"][0]["error"] and data["periods"][0]["to"] == "2004-11-01"
    _agrees(case, data, dt.date(2004, 11, 1))
    _agrees(case, data, dt.date(2004, 11, 2))
