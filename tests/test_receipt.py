"""The receipt on every answer (issue 23, part 1): program, rule base, input digest, day, language.

The receipt is the last key of every assessment (``assess --format json``, each ``batch`` line
with one or two workers and resumed, each ``impact`` line, the API) and a short line at the end
of every report; the input digest is the same for one case written as YAML, JSON and a CSV row.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
from pathlib import Path
from typing import Any

import orjson
import pytest
import yaml
from click.testing import CliRunner
from hjemmel import __version__
from hjemmel.cases.canonical import canonical_case, case_digest
from hjemmel.cases.inputs import iter_items, load_case, parse_item
from hjemmel.cli import main
from hjemmel.evaluator import Evaluator
from hjemmel.reports import render
from hjemmel.rulebase.base import RuleBase

from .conftest import CASES

CASE = CASES / "ettervern-19-ar-2024.yaml"
SAMPLE = [CASES / name for name in ("ettervern-19-ar-2024.yaml", "bostedslos-2008.yaml", "utkastelse-2024.yaml")]


def cli(*args: str | Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert "Traceback" not in result.output
    return result.exit_code, result.stdout, result.stderr


def case_data(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(path.read_text("utf-8"))
    data.pop("expected", None)
    return data


def check_receipt(line: dict[str, Any], rules: RuleBase, *, date: str, lang: str = "nb") -> None:
    assert list(line)[-1] == "receipt"
    receipt = line["receipt"]
    assert list(receipt) == ["program", "rules", "input", "date", "lang"]
    assert receipt["program"] == f"hjemmel {__version__}"
    assert receipt["rules"] == {"version": rules.version, "digest": rules.digest}
    assert receipt["input"].startswith("sha256:") and len(receipt["input"]) == 71
    assert receipt["date"] == date and receipt["lang"] == lang


def test_assess_json_ends_with_the_receipt(rules: RuleBase) -> None:
    code, out, _ = cli("assess", CASE, "--format", "json", "--lang", "en")
    assert code == 0
    data = json.loads(out)
    check_receipt(data, rules, date="2024-03-01", lang="en")
    assert data["receipt"]["input"] == case_digest(load_case(CASE))
    code, again, _ = cli("assess", CASE, "--format", "json", "--lang", "en", "--date", "2025-01-01")
    assert json.loads(again)["receipt"]["input"] == data["receipt"]["input"]  # the case as read, not as projected
    assert json.loads(again)["receipt"]["date"] == "2025-01-01"


def test_the_input_digest_is_the_sha256_of_the_documented_canonical_json() -> None:
    case = load_case(CASE)
    canonical = canonical_case(case)
    data = case_data(CASE)

    def plain(value: Any) -> Any:
        if isinstance(value, dict):
            return {key: plain(item) for key, item in value.items()}
        return str(value) if isinstance(value, dt.date) else value

    expected = plain(data)
    assert canonical == json.dumps(expected, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    assert case_digest(case) == "sha256:" + hashlib.sha256(canonical).hexdigest()
    assert b"expected" not in canonical and b"null" not in canonical and b"{}" not in canonical


def test_the_case_model_is_flat_so_the_canonical_form_needs_one_pass() -> None:
    from hjemmel.cases.model import SECTIONS, Case

    for name in SECTIONS:
        section = Case.model_fields[name].annotation
        for field in section.model_fields.values():  # type: ignore[union-attr]
            assert "BaseModel" not in str(field.annotation) and "dict[" not in str(field.annotation) and "list[" not in str(field.annotation), name


def _csv_row(data: dict[str, Any]) -> str:
    flat: dict[str, str] = {}
    for key, value in data.items():
        for sub, item in value.items() if isinstance(value, dict) else [(None, value)]:
            name = key if sub is None else f"{key}.{sub}"
            flat[name] = str(item).lower() if isinstance(item, bool) else str(item)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(flat))
    writer.writeheader()
    writer.writerow(flat)
    return out.getvalue()


@pytest.mark.parametrize("path", SAMPLE, ids=lambda p: p.stem)
def test_the_same_case_as_yaml_json_jsonl_and_a_csv_row_has_one_digest(tmp_path: Path, path: Path) -> None:
    data = case_data(path)
    (tmp_path / "c.yaml").write_text(path.read_text("utf-8"), "utf-8")  # with its expected block and comments
    (tmp_path / "c.json").write_text(json.dumps(data, default=str, indent=3), "utf-8")
    (tmp_path / "c.jsonl").write_text(json.dumps(data, default=str) + "\n", "utf-8")
    (tmp_path / "c.csv").write_text(_csv_row(data), "utf-8")
    digests = set()
    for name in ("c.yaml", "c.json", "c.jsonl", "c.csv"):
        (record,) = [parse_item(item) for item in iter_items([tmp_path / name])]
        assert record.case is not None, record.error
        digests.add(case_digest(record.case))
    assert len(digests) == 1
    # an edited fact is another input
    changed = {**data, "household": {"children": 7}}
    (tmp_path / "d.json").write_text(json.dumps(changed, default=str), "utf-8")
    assert case_digest(load_case(tmp_path / "d.json")) not in digests


def _lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def test_every_batch_line_has_the_receipt_with_one_and_two_workers_and_resumed(tmp_path: Path, rules: RuleBase) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    for i in range(30):
        (inputs / f"{i:02}.yaml").write_text(f"id: c-{i}\nperson:\n  age: {17 + i % 10}\nhousing:\n  no_place_to_stay_next_24h: true\n", "utf-8")
    one, two, full = tmp_path / "1.jsonl", tmp_path / "2.jsonl", tmp_path / "full.jsonl"
    assert cli("batch", inputs, "-o", one, "-j", "1", "-q", "--date", "2024-05-01")[0] == 0
    assert cli("batch", inputs, "-o", two, "-j", "2", "-q", "--date", "2024-05-01")[0] == 0
    assert one.read_bytes() == two.read_bytes()
    for line in _lines(one):
        check_receipt(line, rules, date="2024-05-01")
    assert cli("batch", inputs, "-o", full, "-j", "1", "-q", "--full", "--date", "2024-05-01")[0] == 0
    assert [line["receipt"] for line in _lines(full)] == [line["receipt"] for line in _lines(one)]
    # resumed: byte-identical, no clock time in any line (cases without a date use the run's day)
    undated = tmp_path / "undated"
    undated.mkdir()
    for i in range(6):
        (undated / f"{i}.yaml").write_text(f"id: u-{i}\n", "utf-8")
    whole, resumed = tmp_path / "whole.jsonl", tmp_path / "resumed.jsonl"
    assert cli("batch", undated, "-o", whole, "-j", "1", "-q")[0] == 0
    assert cli("batch", undated, "-o", resumed, "-j", "2", "-q")[0] == 0
    kept = resumed.read_text("utf-8").splitlines(keepends=True)[:2]
    resumed.write_text("".join(kept) + '{"case_id": "u-', "utf-8")
    assert cli("batch", undated, "-o", resumed, "-j", "2", "-q", "--resume")[0] == 0
    assert resumed.read_bytes() == whole.read_bytes()
    today = dt.date.today().isoformat()
    for line in _lines(whole):
        check_receipt(line, rules, date=today)


def test_every_impact_line_has_the_receipt(tmp_path: Path, rules: RuleBase) -> None:
    out = tmp_path / "impact.jsonl"
    code, _, err = cli("impact", *SAMPLE, "--from", "2024-01-01", "--to", "2026-01-01", "-o", out, "-q", "-j", "1")
    assert code == 0, err
    lines = _lines(out)
    assert len(lines) == len(SAMPLE)
    for line, path in zip(lines, SAMPLE, strict=True):
        check_receipt(line, rules, date="2026-01-01")
        assert line["receipt"]["input"] == case_digest(load_case(path))
    law = tmp_path / "law.jsonl"
    assert cli("impact", CASE, "--law-from", "2020-01-01", "--law-to", "2024-01-01", "-o", law, "-q", "-j", "1")[0] == 0
    check_receipt(_lines(law)[0], rules, date="2024-03-01")


def test_the_api_answer_has_the_receipt(rules: RuleBase) -> None:
    from fastapi.testclient import TestClient
    from hjemmel.serve import create_app

    with TestClient(create_app(rules), base_url="http://localhost") as client:
        body = json.dumps(case_data(CASE), default=str)
        answer = client.post("/api/v1/assess?lang=nn", content=body, headers={"content-type": "application/json"})
        assert answer.status_code == 200
        check_receipt(answer.json(), rules, date="2024-03-01", lang="nn")
        assert answer.json()["receipt"]["input"] == case_digest(load_case(CASE))
        report = client.post("/api/v1/report?format=text", content=body, headers={"content-type": "application/json"})
        assert report.text.rstrip().splitlines()[-1].startswith("Kvittering: hjemmel")


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_every_report_ends_with_a_short_receipt_line(evaluator: Evaluator, rules: RuleBase, fmt: str) -> None:
    case = load_case(CASE)
    assessment = evaluator.assess(case, lang="en")
    text = render(assessment, fmt)
    line = f"Receipt: hjemmel {__version__}, rule base {rules.version} ({rules.digest[:19]}), input {case_digest(case)[:19]}"
    assert line in text
    tail = text.rstrip().splitlines()[-1] if fmt != "html" else text[text.rindex("<footer>") :]
    assert line in tail


def test_the_model_and_the_plain_data_write_the_same_receipt(evaluator: Evaluator) -> None:
    case = load_case(CASE)
    data = evaluator.assess_data(case, lang="nb")
    assert orjson.loads(orjson.dumps(data))["receipt"] == evaluator.assess(case).to_json_dict()["receipt"]
