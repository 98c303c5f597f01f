"""``hjemmel impact``: three questions on one machinery — two dates, two laws, and a reform."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hjemmel.cli import main

from .conftest import CASES, ROOT

REFORM = ROOT / "tests" / "data" / "reform-ettervern-27"
AFTERCARE = "bvl.3-6.ettervern"


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.output


def _lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _youth(tmp_path: Path, age: int) -> Path:
    path = tmp_path / f"ung-{age}.yaml"
    path.write_text(
        f"id: ung-{age}\nassessment_date: 2026-12-01\nperson: {{age: {age}, municipality: '0301'}}\n"
        "child_welfare: {measures_before_18: true, consents_to_aftercare: true, needs_support_transition: true}\n",
        encoding="utf-8",
    )
    return path


def test_a_reform_to_27_gives_a_26_year_old_aftercare_and_changes_nothing_at_22(tmp_path: Path) -> None:
    out = tmp_path / "reform.jsonl"
    code, text = _run("impact", str(_youth(tmp_path, 26)), str(_youth(tmp_path, 22)), "--reform", str(REFORM), "-o", str(out), "--quiet", "-j", "1")
    assert code == 0, text
    older, younger = _lines(out)
    assert older["compare"] == "reform" and older["reform"] == "reform-ettervern-27" and older["date"] == "2026-12-01"
    assert [f["rule"] for f in older["gained"]] == [AFTERCARE] and older["lost"] == []
    assert younger["gained"] == younger["lost"] == [] and younger["unchanged"] >= 1


def test_the_findings_table_of_a_reform_dates_each_row_by_the_day_of_the_facts(tmp_path: Path) -> None:
    """A reform line has ``date`` but no ``from``/``to``: its rows are dated by ``date``."""
    table = tmp_path / "reform.csv"
    code, text = _run("impact", str(_youth(tmp_path, 26)), "--reform", str(REFORM), "-o", str(tmp_path / "o.jsonl"), "--findings", str(table), "-q", "-j", "1")
    assert code == 0, text
    rows = table.read_text(encoding="utf-8-sig").splitlines()
    assert len(rows) == 2 and rows[1].startswith(f"ung-26,2026-12-01,{AFTERCARE},") and rows[1].endswith(",gained")


def test_the_summary_names_the_reform_and_its_rules(tmp_path: Path) -> None:
    summary = tmp_path / "s.csv"
    code, _ = _run("impact", str(_youth(tmp_path, 26)), "--reform", str(REFORM), "-o", str(tmp_path / "o.jsonl"), "--summary", str(summary), "-q")
    assert code == 0
    assert "reform_replaced,bvl.3-6.ettervern,,,1,0" in summary.read_text(encoding="utf-8")
    html = tmp_path / "s.html"
    _run("impact", str(_youth(tmp_path, 26)), "--reform", str(REFORM), "-o", str(tmp_path / "o2.jsonl"), "--summary", str(html), "-q", "--lang", "en")
    page = html.read_text(encoding="utf-8")
    assert "The law in force against the reform “reform-ettervern-27”" in page and "changed by the reform" in page


def _reformed_rules(tmp_path: Path) -> Path:
    """The rule base with the reform written into it, as a lawyer would edit the files."""
    folder = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", folder)
    path = folder / "barnevernsloven.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index(f"  - id: {AFTERCARE}\n")
    end = text.index("\n  - id: ", start + 10)
    reform = (REFORM / "barnevernsloven.yaml").read_text(encoding="utf-8")
    block = reform[reform.index(f"  - id: {AFTERCARE}\n") :].rstrip() + "\n"
    path.write_text(text[:start] + block + text[end + 1 :], encoding="utf-8")
    return folder


def _findings(path: Path) -> dict[str, set[str]]:
    return {line["case_id"]: {f["rule"] for f in line.get("findings", [])} for line in _lines(path) if "error" not in line}


def test_impact_reform_equals_two_batches_case_by_case(tmp_path: Path) -> None:
    base, changed, impact = tmp_path / "base.jsonl", tmp_path / "changed.jsonl", tmp_path / "impact.jsonl"
    _run("batch", str(CASES), "-o", str(base), "-q", "-j", "1")
    _run("--rules", str(_reformed_rules(tmp_path)), "batch", str(CASES), "-o", str(changed), "-q", "-j", "1")
    _run("impact", str(CASES), "--reform", str(REFORM), "-o", str(impact), "-q", "-j", "2")
    before, after = _findings(base), _findings(changed)
    lines = {line["case_id"]: line for line in _lines(impact)}
    assert set(lines) == {line["case_id"] for line in _lines(base)}
    for case_id, found in before.items():
        line = lines[case_id]
        assert {f["rule"] for f in line["gained"]} == after[case_id] - found, case_id
        assert {f["rule"] for f in line["lost"]} == found - after[case_id], case_id


def test_the_same_facts_under_the_law_before_and_after_boligsosial_lov(tmp_path: Path) -> None:
    out = tmp_path / "law.jsonl"
    code, text = _run("impact", str(CASES / "vanskeligstilt-2023-07-01.yaml"), "--law-from", "2023-06-30", "--law-to", "2023-07-01", "-o", str(out), "-q")
    assert code == 0, text
    (line,) = _lines(out)
    assert line["compare"] == "law" and line["from"] == "2023-06-30" and line["to"] == "2023-07-01"
    assert "bolsosl.6" in {f["rule"] for f in line["gained"]}


def test_a_law_comparisons_findings_rows_are_dated_by_the_day_of_the_facts(tmp_path: Path) -> None:
    """The facts are assessed on one day (``--date``); the two law dates are not the facts' days."""
    import csv

    out, table = tmp_path / "law.jsonl", tmp_path / "law.csv"
    args = ("--law-from", "2023-06-30", "--law-to", "2023-07-01", "--date", "2023-08-15", "-o", str(out), "--findings", str(table), "-q")
    code, text = _run("impact", str(CASES / "vanskeligstilt-2023-07-01.yaml"), *args)
    assert code == 0, text
    with table.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    gained = [row for row in rows if row["change"] == "gained"]
    assert any(row["rule"] == "bolsosl.6" for row in gained)
    assert {row["assessment_date"] for row in rows} == {"2023-08-15"}


def test_the_same_law_on_both_sides_changes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "same.jsonl"
    code, _ = _run("impact", str(CASES), "--law-from", "2024-05-01", "--law-to", "2024-05-01", "-o", str(out), "-q")
    lines = _lines(out)
    assert code == 0 and lines and all(line["gained"] == line["lost"] == [] for line in lines if "error" not in line)


def test_the_dates_question_says_so(tmp_path: Path) -> None:
    out = tmp_path / "d.jsonl"
    _run("impact", str(CASES / "vanskeligstilt-2023-07-01.yaml"), "--from", "2023-06-30", "--to", "2023-07-01", "-o", str(out), "-q")
    (line,) = _lines(out)
    assert list(line)[:5] == ["case_id", "source", "compare", "from", "to"] and line["compare"] == "dates"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--reform", "REFORM", "--from", "2023-01-01", "--to", "2023-02-01"], "give one question"),
        (["--law-from", "2023-01-01", "--from", "2023-01-01", "--to", "2023-02-01"], "give one question"),
        (["--law-from", "2023-01-01"], "--law-from and --law-to go together"),
        (["--from", "2023-01-01", "--to", "2023-02-01", "--date", "2023-01-01"], "--date is for"),
        ([], "give one question"),
    ],
)
def test_questions_that_do_not_fit_together_are_usage_errors(tmp_path: Path, args: list[str], message: str) -> None:
    args = [str(REFORM) if a == "REFORM" else a for a in args]
    code, text = _run("impact", str(CASES / "vanskeligstilt-2023-07-01.yaml"), *args, "-o", str(tmp_path / "x.jsonl"))
    assert code == 2 and message in text and not (tmp_path / "x.jsonl").exists()


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("law: barnevernsloven\nrepeal: [bvl.nothing]\n", "x.yaml:2:10: repeal[0]: repeal: no rule 'bvl.nothing' to repeal"),
        ("law: barnevernsloven\nrules: [\n", "x.yaml:"),
        ("FIXTURE:unknown-fact", "unknown fact"),
        ("FIXTURE:bad-date", "expected a date"),
    ],
)
def test_a_bad_reform_is_a_located_message_and_exit_2_before_any_case(tmp_path: Path, content: str, expected: str) -> None:
    folder = tmp_path / "reform"
    folder.mkdir()
    text = (REFORM / "barnevernsloven.yaml").read_text(encoding="utf-8")
    if content == "FIXTURE:unknown-fact":
        content = text.replace("child_welfare.consents_to_aftercare: true", "child_welfare.consents_to_afterkare: true")
    elif content == "FIXTURE:bad-date":
        content = text.replace("from: 2023-01-01", "from: 2023-13-01")
    (folder / "x.yaml").write_text(content, encoding="utf-8")
    out = tmp_path / "x.jsonl"
    code, message = _run("impact", str(CASES), "--reform", str(folder), "-o", str(out))
    assert code == 2 and expected in message and "Traceback" not in message
    assert not out.exists()
