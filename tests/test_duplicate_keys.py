"""JSON objects with the same key twice are located case errors everywhere, as in YAML (issue 20).

``{"id":"a","id":"b","person":{"age":19,"age":70}}`` was assessed as id b, age 70: the json
module keeps the last value. Now the reader (``assess``), the batch (JSON Lines), the API and
the interview page's state refuse it at the second key, with its line, column and field path.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from hjemmel import Evaluator, RuleBase
from hjemmel.batch.run import run_batch
from hjemmel.cases.documents import DocumentError, parse_json
from hjemmel.cli import main
from hjemmel.serve import create_app
from hjemmel.serve.state import StateError, decode

ATTACK = '{"id":"a","id":"b","person":{"age":19,"age":70}}'


def test_the_reader_refuses_the_second_key_with_its_place() -> None:
    with pytest.raises(DocumentError) as caught:
        parse_json('{"id": "a",\n "housing": [{"k": 1}, {"k": 1,\n "k": 2}]}', "x.json")
    problem = caught.value.problem
    assert (problem.message, problem.line, problem.column, problem.path) == ("duplicate key 'k'", 3, 2, "housing[1].k")


def test_the_first_duplicate_in_the_text_is_named() -> None:
    with pytest.raises(DocumentError) as caught:
        parse_json(ATTACK, "x.json")
    assert (caught.value.problem.message, caught.value.problem.path, caught.value.problem.column) == ("duplicate key 'id'", "id", 11)


def test_an_escaped_spelling_of_the_same_key_is_the_same_key() -> None:
    with pytest.raises(DocumentError, match="duplicate key 'id'"):
        parse_json('{"id":"a","\\u0069d":"b"}', "x.json")


def test_assess_refuses_it(tmp_path: Path) -> None:
    path = tmp_path / "sak.json"
    path.write_text(ATTACK)
    result = CliRunner().invoke(main, ["assess", str(path)])
    assert result.exit_code == 1
    assert "id: nøkkelen «id» står to ganger" in result.stderr and "Traceback" not in result.output  # "duplicate key 'id'" in nb


def test_a_batch_line_with_a_duplicate_key_is_an_error_line_and_the_batch_goes_on(tmp_path: Path, evaluator: Evaluator) -> None:
    path = tmp_path / "saker.jsonl"
    good = json.dumps({"id": "c", "assessment_date": "2024-03-01"})
    path.write_text(f"{good}\n{ATTACK}\n")
    out = io.StringIO()
    summary = run_batch([path], out, evaluator)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert len(lines) == 2 and "error" not in lines[0]
    problem = lines[1]["error"]["problems"][0]
    assert problem["message"] == "duplicate key 'id'" and problem["line"] == 2 and problem["path"] == "id"
    assert summary.failed == 1


@pytest.fixture(scope="module")
def client(rules: RuleBase) -> Iterator[TestClient]:
    with TestClient(create_app(rules), base_url="http://localhost") as test_client:
        yield test_client


def test_the_api_refuses_it_as_a_located_case_error(client: TestClient) -> None:
    response = client.post("/api/v1/assess", content=ATTACK, headers={"content-type": "application/json"})
    assert response.status_code in (400, 422)
    body = response.json()
    assert body["problems"][0]["message"] == "duplicate key 'id'" and body["problems"][0]["path"] == "id"


def test_the_interview_state_refuses_it() -> None:
    with pytest.raises(StateError, match="duplicate key"):
        decode('{"case":{"id":"a","id":"b"},"date":"2024-03-01","lang":"nb"}')
