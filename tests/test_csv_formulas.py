"""CSV cells a spreadsheet would run as a formula are neutralised in every CSV hjemmel writes (issue 20).

Text starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return (or a full-width
form) gets a leading ``'``: the findings table (batch and impact, fresh and rebuilt on
resume), the batch summary and the impact summary as CSV.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from hjemmel import RuleBase
from hjemmel.batch.findings_table import table_text
from hjemmel.batch.impact import ImpactSummary
from hjemmel.batch.impact_summary import summary_csv as impact_csv
from hjemmel.batch.run import BatchSummary
from hjemmel.batch.summary import summary_csv
from hjemmel.cli import main
from hjemmel.safe_text import spreadsheet_cell

FORMULAS = ["=1+1", "+1+1", "-1+1", "@SUM(A1:A9)", "\t=1", "\r=1", '=HYPERLINK("http://x")', "＝1+1", "-cmd|' /C calc'!A0"]
CASE = {"assessment_date": "2024-03-01", "housing": {"no_place_to_stay_next_24h": True}}


def _cells(text: str, delimiter: str = ",") -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=delimiter) for cell in row]


def _neutral(cell: str) -> bool:
    return not cell.startswith(("=", "+", "-", "@", "\t", "\r", "＝")) or cell.lstrip("+-").replace(".", "", 1).isdigit()


@pytest.mark.parametrize("text", FORMULAS)
def test_a_formula_gets_a_leading_quote_and_plain_values_stay(text: str) -> None:
    assert spreadsheet_cell(text) == "'" + text
    for plain in ("sak-1", "-3", "+1.5", "2024-03-01", "", 7, None, True):
        assert spreadsheet_cell(plain) == plain


@pytest.mark.parametrize("dialect", ["excel", "excel-nb"])
def test_the_findings_table_neutralises_every_cell(dialect: str) -> None:
    text = table_text([tuple(FORMULAS[:10])], dialect)
    cells = _cells(text, ";" if dialect == "excel-nb" else ",")
    assert cells and all(_neutral(cell) for cell in cells), cells


def test_a_batch_and_a_resumed_batch_write_ids_starting_with_a_dash_as_text(tmp_path: Path) -> None:
    cases = tmp_path / "saker.jsonl"
    cases.write_text("".join(json.dumps({"id": case_id, **CASE}) + "\n" for case_id in ("-cmd", "-1.x", ".-x")))
    out, table = tmp_path / "r.jsonl", tmp_path / "f.csv"
    for extra in ([], ["--resume"]):
        result = CliRunner().invoke(main, ["batch", str(cases), "--output", str(out), "--findings", str(table), "--workers", "1", "--quiet", *extra])
        assert result.exit_code == 0, result.stderr
        ids = {row[0] for row in csv.reader(io.StringIO(table.read_text("utf-8-sig")))}
        assert {"'-cmd", "'-1.x", ".-x"} <= ids and "-cmd" not in ids


def test_an_impact_table_neutralises_ids_too(tmp_path: Path) -> None:
    cases = tmp_path / "saker.jsonl"
    cases.write_text(json.dumps({"id": "-x", **CASE}) + "\n")
    table = tmp_path / "f.csv"
    args = ["impact", str(cases), "--from", "2023-01-01", "--to", "2024-03-01", "-o", str(tmp_path / "i.jsonl"), "--findings", str(table), "-q", "-j", "1"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.stderr
    assert all(_neutral(cell) for cell in _cells(table.read_text("utf-8-sig")))


def test_the_summaries_as_csv_neutralise_every_cell(rules: RuleBase) -> None:
    summary = BatchSummary(cases=1, failed=1, errors=Counter({"=1+1": 1}), open_questions=Counter({"@x": 1}), rules=Counter({"-cmd": 1}))
    assert all(_neutral(cell) for cell in _cells(summary_csv(summary)))
    impact = ImpactSummary(start=dt.date(2023, 1, 1), end=dt.date(2024, 1, 1))
    impact.errors["+1+1"] += 1
    assert all(_neutral(cell) for cell in _cells(impact_csv(impact, rules)))
