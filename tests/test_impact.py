"""Impact: the findings each case gains and loses between two dates, equal to two batch runs compared."""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import json
import os
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hjemmel import Evaluator
from hjemmel.batch.impact import ImpactJob, ImpactSummary, compare
from hjemmel.batch.impact_summary import summary_csv, summary_html
from hjemmel.batch.run import run_batch
from hjemmel.cases.loading import parse_case
from hjemmel.cli import main
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import CASES, ROOT, examples
from .strategies import case_dicts

sys.path.insert(0, str(ROOT / "benchmarks"))
from synthetic import synthetic_cases

GOLDEN = ROOT / "tests" / "golden"
DAYS = [dt.date(2010, 1, 1), dt.date(2012, 1, 1), dt.date(2021, 1, 1), dt.date(2023, 1, 1), dt.date(2023, 7, 1)]
# Both in one validity epoch (2024-06-01 … 2024-08-31; pasient- og brukerrettighetsloven § 2-1 a
# became § 2-1 on 2024-06-01): durable-rules may run once.
SAME_EPOCH = (dt.date(2024, 6, 1), dt.date(2024, 8, 31))
PAIRS = [*itertools.permutations(DAYS, 2), SAME_EPOCH]


def _lines(evaluator: Evaluator, path: Path, **kwargs: Any) -> list[dict[str, Any]]:
    out = io.StringIO()
    run_batch([path], out, evaluator, **kwargs)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def _expected(before: dict[str, Any], after: dict[str, Any], start: dt.date, end: dt.date) -> dict[str, Any]:
    """What two batch lines say when compared case by case (by rule)."""
    if "error" in before or "error" in after:
        return {"error": True}
    first = {f["rule"]: f for f in before["findings"]}
    second = {f["rule"]: f for f in after["findings"]}
    return {
        "case_id": before["case_id"],
        "compare": "dates",
        "from": start.isoformat(),
        "to": end.isoformat(),
        "gained": [f for f in after["findings"] if f["rule"] not in first],
        "lost": [f for f in before["findings"] if f["rule"] not in second],
        "unchanged": len(first.keys() & second.keys()),
        "receipt": after["receipt"],  # the case as read, on the second date: the batch's receipt on that day
    }


def _check_against_two_batches(evaluator: Evaluator, path: Path, start: dt.date, end: dt.date) -> ImpactSummary:
    before = _lines(evaluator, path, on=start)
    after = _lines(evaluator, path, on=end)
    counted = ImpactSummary(start=start, end=end)
    impact = _lines(evaluator, path, job=ImpactJob(start, end), summary=counted)
    assert len(impact) == len(before) == len(after)
    for one, two, line in zip(before, after, impact, strict=True):
        expected = _expected(one, two, start, end)
        if "error" in expected:
            assert "error" in line, line
            continue
        line.pop("source")
        assert line == expected
    return counted


@pytest.mark.parametrize(("start", "end"), PAIRS, ids=lambda d: d.isoformat())
def test_impact_equals_two_batch_runs_compared_case_by_case(evaluator: Evaluator, tmp_path: Path, start: dt.date, end: dt.date) -> None:
    path = tmp_path / "cases.jsonl"
    path.write_text("".join(json.dumps(case) + "\n" for case in synthetic_cases(120, seed=hash((start, end)) % 10**6)))
    counted = _check_against_two_batches(evaluator, path, start, end)
    if (start, end) == SAME_EPOCH:
        assert counted.once > 0  # the shortcut was taken for some cases …
    assert counted.once < counted.assessed or (start, end) == SAME_EPOCH  # … and not where the rules differ


@settings(max_examples=examples(12), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data(), pair=st.sampled_from(PAIRS))
def test_impact_equals_two_batch_runs_on_generated_cases(evaluator: Evaluator, tmp_path: Path, data: st.DataObject, pair: tuple[dt.date, dt.date]) -> None:
    start, end = pair
    cases = data.draw(st.lists(case_dicts(end), min_size=1, max_size=25))
    path = tmp_path / f"gen-{start}-{end}.jsonl"
    path.write_text("".join(json.dumps({**case, "id": f"g-{i}"}, default=str) + "\n" for i, case in enumerate(cases)))
    _check_against_two_batches(evaluator, path, start, end)


def test_one_evaluation_only_when_the_outcome_is_proved_the_same(evaluator: Evaluator) -> None:
    start, end = SAME_EPOCH
    # Turns 18 between the dates: the age moves a test, so durable-rules runs on both dates.
    young = parse_case({"id": "y", "person": {"birth_date": "2006-07-15"}, "housing": {"no_place_to_stay_next_24h": True}})
    line, once = compare(evaluator, young, start, end)
    assert not once
    # Age 40 → 41: no test on the age changes its truth; nothing else moves with the date.
    settled = parse_case({"id": "s", "person": {"birth_date": "1983-07-15"}, "housing": {"no_place_to_stay_next_24h": True}})
    line, once = compare(evaluator, settled, start, end)
    assert once and line["gained"] == line["lost"] == [] and line["unchanged"] >= 1


def test_a_case_that_contradicts_the_second_date_is_an_error_record(evaluator: Evaluator, tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    path.write_text('{"id": "r", "criminal_justice": {"status": "serving", "release_date": "2023-03-01"}}\n')
    (line,) = _lines(evaluator, path, job=ImpactJob(dt.date(2023, 1, 1), dt.date(2023, 7, 1)))
    assert line["case_id"] == "r" and "release date" in line["error"]["problems"][0]["message"]


def _cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stderr if hasattr(result, "stderr") else result.output


def test_impact_command_with_workers_summary_and_findings(tmp_path: Path) -> None:
    out1, out2 = tmp_path / "i1.jsonl", tmp_path / "i2.jsonl"
    table = tmp_path / "funn.csv"
    common = ["--from", "2023-01-01", "--to", "2023-07-01", "--quiet"]
    code, _ = _cli("impact", str(CASES), *common, "--output", str(out1), "--workers", "1", "--findings", str(table), "--summary", str(tmp_path / "s.csv"))
    assert code == 0  # no case is lost: facts dated after 2023-01-01 are unknown on that day (projection)
    code, _ = _cli("impact", str(CASES), *common, "--output", str(out2), "--workers", "2")
    assert out1.read_bytes() == out2.read_bytes()
    lines = [json.loads(line) for line in out1.read_text().splitlines()]
    assert len(lines) == len(list(CASES.glob("*.yaml")))
    rows = list(csv.DictReader(io.StringIO(table.read_text(encoding="utf-8-sig"))))
    expected = [(line["case_id"], change, f["rule"]) for line in lines if "error" not in line for change in ("gained", "lost") for f in line[change]]
    assert [(r["case_id"], r["change"], r["rule"]) for r in rows] == expected
    assert {r["assessment_date"] for r in rows if r["change"] == "gained"} == {"2023-07-01"}
    summary = {(r["kind"], r["key"]): r for r in csv.DictReader(io.StringIO((tmp_path / "s.csv").read_text()))}
    assert ("rule_starts", "bolsosl.6") in summary and summary[("rule_starts", "bolsosl.6")]["date"] == "2023-07-01"


def test_impact_resume_gives_the_same_output_and_table(tmp_path: Path) -> None:
    source = tmp_path / "cases.jsonl"
    source.write_text("".join(json.dumps(case) + "\n" for case in synthetic_cases(80)))
    common = ["impact", str(source), "--from", "2021-01-01", "--to", "2023-07-01", "--quiet", "--workers", "1"]
    full, table = tmp_path / "full.jsonl", tmp_path / "full.csv"
    full_code, _ = _cli(*common, "--output", str(full), "--findings", str(table), "--csv-dialect", "excel-nb")
    part, part_table = tmp_path / "part.jsonl", tmp_path / "part.csv"
    lines = full.read_text().splitlines(keepends=True)
    part.write_text("".join(lines[:30]) + lines[30][:25])  # killed in the middle of line 31
    # the run record the killed run left beside its results (--resume continues only that run)
    Path(f"{part}.resume.json").write_bytes(Path(f"{full}.resume.json").read_bytes())
    part_table.write_text("case_id;junk\n", encoding="utf-8")  # whatever was there is rebuilt
    code, _ = _cli(*common, "--output", str(part), "--findings", str(part_table), "--csv-dialect", "excel-nb", "--resume")
    assert code == full_code  # 1: some generated cases contradict 2021-01-01
    assert part.read_bytes() == full.read_bytes()
    assert part_table.read_bytes() == table.read_bytes()
    assert table.read_bytes().startswith(b"\xef\xbb\xbfcase_id;assessment_date;rule;")


def _golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("HJEMMEL_UPDATE_GOLDEN") == "1" or not path.exists():
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"{path.name} differs; if intended, rerun with HJEMMEL_UPDATE_GOLDEN=1"


@pytest.fixture(scope="module")
def impact_2023(evaluator: Evaluator) -> ImpactSummary:
    counted = ImpactSummary(start=dt.date(2023, 1, 1), end=dt.date(2023, 7, 1))
    here = Path.cwd()
    os.chdir(ROOT)  # sources relative to the repository: the golden pages name no local path
    try:
        run_batch(["cases"], io.StringIO(), evaluator, job=ImpactJob(dt.date(2023, 1, 1), dt.date(2023, 7, 1)), summary=counted)
    finally:
        os.chdir(here)
    return counted


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_impact_summary_page_golden(impact_2023: ImpactSummary, evaluator: Evaluator, lang: str) -> None:
    html = summary_html(impact_2023, evaluator.rules, lang)
    assert "<script" not in html and "<link" not in html and 'role="img"' in html
    assert "bolsosl.6" in html  # the boligsosial lov comes into force on 2023-07-01
    _golden(f"impact-2023.{lang}.html", html)


def test_impact_summary_csv_golden(impact_2023: ImpactSummary, evaluator: Evaluator) -> None:
    text = summary_csv(impact_2023, evaluator.rules)
    rows = {(r["kind"], r["key"]): r for r in csv.DictReader(io.StringIO(text))}
    assert int(rows[("cases", "total")]["count"]) == impact_2023.cases
    assert int(rows[("cases", "changed")]["count"]) == impact_2023.changed > 0
    _golden("impact-2023.csv", text)
