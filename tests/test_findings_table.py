"""The findings table: one row per finding, in CSV for Excel and in Python (rows, DataFrame)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hjemmel import RuleBase, assess_many, findings_frame, findings_rows
from hjemmel.batch.findings_table import COLUMNS
from hjemmel.cli import main

from .conftest import CASES

DAY = dt.date(2024, 3, 1)


def _batch(tmp_path: Path, *extra: str) -> tuple[list[dict[str, object]], bytes]:
    out, table = tmp_path / "out.jsonl", tmp_path / "funn.csv"
    args = ["batch", str(CASES), "--output", str(out), "--date", DAY.isoformat(), "--findings", str(table), "--quiet", "--workers", "1", *extra]
    CliRunner().invoke(main, args, catch_exceptions=False)
    return [json.loads(line) for line in out.read_text().splitlines()], table.read_bytes()


def test_one_row_per_finding_equal_to_the_json_findings(tmp_path: Path) -> None:
    lines, raw = _batch(tmp_path)
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM: Excel reads æ, ø, å
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert list(rows[0]) == list(COLUMNS)
    expected = [
        {
            "case_id": line["case_id"],
            "assessment_date": line["assessment_date"],
            **{key: str(f[key]) for key in ("rule", "actor", "law", "section", "kind")},
            "until": f["until"] or "",
            "uncertain": "true" if f["uncertain"] else "false",
            "discretion": f.get("discretion") or "",
        }
        for line in lines
        if "error" not in line
        for f in line["findings"]
    ]
    assert rows == expected and len(rows) > 50
    assert any(r["until"] for r in rows) and any(r["uncertain"] == "true" for r in rows)


def test_excel_nb_dialect_separates_cells_with_semicolons(tmp_path: Path) -> None:
    _, raw = _batch(tmp_path, "--csv-dialect", "excel-nb")
    text = raw.decode("utf-8-sig")
    assert text.startswith("case_id;assessment_date;rule;actor;law;section;kind;until;uncertain;discretion\r\n")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert all(len(row) == len(COLUMNS) for row in rows)


def test_the_same_rows_in_python_from_assess_many(tmp_path: Path, rules: RuleBase) -> None:
    _, raw = _batch(tmp_path)
    from_csv = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    from hjemmel.cases.inputs import iter_records

    cases = [record.case for record in iter_records([CASES]) if record.case is not None]
    rows = list(findings_rows(assess_many(cases, rules, on=DAY)))
    as_text = [{k: ("" if v is None else "true" if v is True else "false" if v is False else str(v)) for k, v in row.items()} for row in rows]
    ok_ids = {r["case_id"] for r in from_csv}
    assert [r for r in as_text if r["case_id"] in ok_ids] == from_csv
    assert isinstance(rows[0]["assessment_date"], dt.date) and isinstance(rows[0]["uncertain"], bool)


def test_a_pandas_dataframe_when_pandas_is_installed(rules: RuleBase) -> None:
    pandas = pytest.importorskip("pandas")
    from hjemmel import load_case

    frame = findings_frame(assess_many([load_case(CASES / "ettervern-19-ar-2024.yaml")], rules))
    assert isinstance(frame, pandas.DataFrame)
    assert list(frame.columns) == list(COLUMNS) and len(frame) >= 1
    assert (frame["case_id"] == "ettervern-19-ar-2024").all()
    empty = findings_frame([])
    assert list(empty.columns) == list(COLUMNS) and len(empty) == 0
