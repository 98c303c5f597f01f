"""``hjemmel schema NAME``: the published JSON Schema of each output, and the real outputs against it.

Every example case is explained (a share of the rules each), laid out on a timeline and compared
by impact in each of its modes; every document must validate against the schema the command
prints, and a field written without its declaration must fail.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hjemmel import Evaluator
from hjemmel.cases.inputs import load_case
from hjemmel.cli import main
from hjemmel.explain.rule_explanation import explain_rule
from hjemmel.languages import LANGUAGES
from hjemmel.schemas import DOCUMENTS
from hjemmel.timeline import timeline
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from .conftest import CASES, ROOT

CASE_FILES = sorted(CASES.glob("*.yaml"))
REFORM = ROOT / "tests" / "data" / "reform-ettervern-27"
BAD = ROOT / "tests" / "data" / "bad"


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.output


@pytest.fixture(scope="module")
def validators() -> dict[str, Draft202012Validator]:
    """Each document's validator, from the schema ``hjemmel schema NAME`` prints (dates checked as dates)."""
    out = {}
    for name in DOCUMENTS:
        code, text = _run("schema", name)
        assert code == 0, text
        out[name] = Draft202012Validator(json.loads(text), format_checker=Draft202012Validator.FORMAT_CHECKER)
    return out


@pytest.mark.parametrize("name", DOCUMENTS)
def test_the_schema_command_prints_a_valid_json_schema_for_each_document(name: str) -> None:
    code, text = _run("schema", name)
    assert code == 0, text
    schema = json.loads(text)
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema" and schema["title"]


def test_the_schema_command_without_a_document_prints_the_case_schema_as_before() -> None:
    from hjemmel.cases.schema import schema_text

    assert _run("schema") == (0, schema_text()) == _run("schema", "case")


def test_the_facts_table_goes_with_no_document_but_the_case() -> None:
    code, _ = _run("schema", "impact", "--facts-table")
    assert code == 2
    assert _run("schema", "--facts-table")[0] == 0


def test_an_unknown_document_is_a_usage_error() -> None:
    assert _run("schema", "assesment")[0] == 2


def test_every_object_of_the_output_schemas_is_closed() -> None:
    """No object with named fields admits others: a field added to an output needs its declaration."""
    from hjemmel.schemas import json_schema

    def objects(node: Any) -> list[dict[str, Any]]:
        if isinstance(node, list):
            return [o for item in node for o in objects(item)]
        if not isinstance(node, dict):
            return []
        own = [node] if isinstance(node.get("properties"), dict) else []
        return own + [o for value in node.values() for o in objects(value)]

    for name in ("assessment", "explain", "timeline", "impact"):
        found = objects(json_schema(name))
        assert found and all(o["additionalProperties"] is False for o in found), name


def _explanations(evaluator: Evaluator) -> list[dict[str, Any]]:
    """``explain --format json`` of every example case, for every fifth rule (a different fifth per case)."""
    ids = [rule.id for rule in evaluator.rules.rules]
    out = []
    for i, path in enumerate(CASE_FILES):
        case = load_case(path)
        ctx = evaluator.context(case, case.assessment_date or dt.date(2024, 1, 1), lang=LANGUAGES[i % len(LANGUAGES)])
        out += [json.loads(json.dumps(explain_rule(ctx, rule_id), ensure_ascii=False)) for rule_id in ids[i % 5 :: 5]]
    return out


def test_explain_of_every_example_case_validates_against_its_schema(evaluator: Evaluator, validators: dict[str, Draft202012Validator]) -> None:
    explanations = _explanations(evaluator)
    assert len(explanations) > 2000
    assert {e["applies"] for e in explanations} == {True, False, None}
    for data in explanations:
        validators["explain"].validate(data)


def test_the_cli_json_of_explain_is_the_document_the_schema_describes(validators: dict[str, Draft202012Validator]) -> None:
    code, text = _run("explain", str(CASES / "ettervern-19-ar-2024.yaml"), "bvl.3-6.ettervern", "--format", "json", "--date", "2030-01-01")
    assert code == 0, text
    validators["explain"].validate(json.loads(text))


def test_the_timeline_of_every_example_case_validates_against_its_schema(evaluator: Evaluator, validators: dict[str, Draft202012Validator]) -> None:
    changes = 0
    for i, path in enumerate(CASE_FILES):
        case = load_case(path)
        start = case.assessment_date or dt.date(2024, 1, 1)
        data = timeline(evaluator, case, start, start + dt.timedelta(days=3 * 365), LANGUAGES[i % len(LANGUAGES)])
        validators["timeline"].validate(json.loads(json.dumps(data, ensure_ascii=False)))
        changes += len(data["changes"])
    assert changes > 50


def test_the_cli_json_of_timeline_is_the_document_the_schema_describes(tmp_path: Path, validators: dict[str, Draft202012Validator]) -> None:
    """Also a period on which the case cannot be assessed (before the person is born): ``error``."""
    out = tmp_path / "t.json"
    code, text = _run("timeline", str(CASES / "ettervern-19-ar-2024.yaml"), "--from", "2000-01-01", "--to", "2030-12-31", "--format", "json", "-o", str(out))
    assert code == 0, text
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["periods"][0]["error"] is not None
    validators["timeline"].validate(data)


IMPACT_MODES = {
    "dates": ["--from", "2023-01-01", "--to", "2025-07-01"],
    "dates-full": ["--from", "2012-01-01", "--to", "2024-01-01", "--full"],
    "law": ["--law-from", "2011-06-30", "--law-to", "2024-07-01"],
    "reform": ["--reform", str(REFORM), "--date", "2026-12-01"],
}


@pytest.mark.parametrize("mode", IMPACT_MODES)
def test_every_impact_line_of_every_mode_validates_against_its_schema(mode: str, tmp_path: Path, validators: dict[str, Draft202012Validator]) -> None:
    """Every example case and every bad case of the tests: impact lines and error records alike
    (and a 26-year-old, whom the reform of aftercare to 27 gives a finding)."""
    youth = tmp_path / "ung-26.yaml"
    youth.write_text(
        "id: ung-26\nassessment_date: 2026-12-01\nperson: {age: 26, municipality: '0301'}\n"
        "child_welfare: {measures_before_18: true, consents_to_aftercare: true, needs_support_transition: true}\n",
        encoding="utf-8",
    )
    out = tmp_path / "impact.jsonl"
    code, text = _run("impact", str(CASES), str(youth), str(BAD), *IMPACT_MODES[mode], "-o", str(out), "-q", "-j", "1")
    assert code == 1, text  # the bad cases fail; every case still has its line
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    compared = [line for line in lines if "error" not in line]
    assert len(compared) == len(CASE_FILES) + 1 and len(lines) > len(compared)
    assert {line["compare"] for line in compared} == {mode.removesuffix("-full")}
    assert any(line["gained"] or line["lost"] for line in compared)
    for line in lines:
        validators["impact"].validate(line)


def test_assess_and_batch_lines_validate_against_the_assessment_schema(tmp_path: Path, validators: dict[str, Draft202012Validator]) -> None:
    code, text = _run("assess", str(CASES / "utkastelse-2024.yaml"), "--format", "json")
    assert code == 0, text
    validators["assessment"].validate(json.loads(text))
    out = tmp_path / "batch.jsonl"
    code, text = _run("batch", *(str(p) for p in CASE_FILES[:20]), "-o", str(out), "-q", "-j", "1")
    assert code == 0, text
    for line in out.read_text(encoding="utf-8").splitlines():
        validators["assessment"].validate(json.loads(line))


def _impact_line(tmp_path: Path) -> dict[str, Any]:
    out = tmp_path / "one.jsonl"
    _run("impact", str(CASES / "bostedslos-2025.yaml"), "--from", "2008-01-01", "--to", "2025-07-01", "-o", str(out), "-q", "-j", "1")
    line: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    assert line["gained"], "the example needs a finding gained"
    return line


@pytest.mark.parametrize("where", ["top", "finding", "receipt"])
def test_a_field_written_without_its_declaration_fails_the_schema(where: str, tmp_path: Path, validators: dict[str, Draft202012Validator]) -> None:
    line = _impact_line(tmp_path)
    validators["impact"].validate(line)
    changed = copy.deepcopy(line)
    {"top": changed, "finding": changed["gained"][0], "receipt": changed["receipt"]}[where]["undeclared"] = 1
    with pytest.raises(ValidationError):
        validators["impact"].validate(changed)


def test_a_declared_field_left_out_or_of_the_wrong_type_fails_the_schema(evaluator: Evaluator, validators: dict[str, Draft202012Validator]) -> None:
    case = load_case(CASES / "ettervern-19-ar-2024.yaml")
    data = json.loads(json.dumps(explain_rule(evaluator.context(case, dt.date(2024, 3, 1)), "bvl.3-6.ettervern"), ensure_ascii=False))
    validators["explain"].validate(data)
    for broken in ({k: v for k, v in data.items() if k != "applies"}, {**data, "applies": "yes"}, {**data, "language": "de"}):
        with pytest.raises(ValidationError):
            validators["explain"].validate(broken)
    line = timeline(evaluator, case, dt.date(2024, 3, 1), dt.date(2030, 1, 1))
    plain = json.loads(json.dumps(line, ensure_ascii=False))
    plain["changes"][0]["gained"].append({"rule": "x"})
    with pytest.raises(ValidationError):
        validators["timeline"].validate(plain)
