"""The HTTP API: the same contract as the CLI, clear errors, limits, masking, safe headers."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from fastapi.testclient import TestClient
from hjemmel import RuleBase
from hjemmel.cases.documents import parse_yaml
from hjemmel.cli import main
from hjemmel.serve import create_app
from hjemmel.serve.security import API_LIMIT, FORM_LIMIT

from .conftest import CASES

SYNTHETIC_ID = "15850410019"  # valid check digits, no real person (as in test_privacy)
CASE_FILES = sorted(CASES.glob("*.yaml"))


@pytest.fixture(scope="module")
def client(rules: RuleBase) -> Iterator[TestClient]:
    with TestClient(create_app(rules), base_url="http://localhost") as test_client:
        yield test_client


def case_json(path: Path) -> str:
    """A case file as the JSON a case system would send."""
    return json.dumps(parse_yaml(path.read_text("utf-8"), str(path)).data, default=str, ensure_ascii=False)


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: p.stem)
def test_assess_answers_byte_for_byte_what_the_cli_prints(client: TestClient, path: Path) -> None:
    cli = CliRunner().invoke(main, ["assess", str(path), "--format", "json"])
    assert cli.exit_code == 0, cli.stderr
    response = client.post("/api/v1/assess", content=case_json(path))
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.text == cli.stdout


def test_date_and_language_work_as_the_cli_options(client: TestClient) -> None:
    path = CASES / "ettervern-19-ar-2024.yaml"
    cli = CliRunner().invoke(main, ["assess", str(path), "--format", "json", "--date", "2025-06-01", "--lang", "en"])
    response = client.post("/api/v1/assess?date=2025-06-01&lang=en", content=case_json(path))
    assert response.text == cli.stdout
    assert json.loads(response.text)["assessment_date"] == "2025-06-01"


@pytest.mark.parametrize("fmt", ["html", "markdown", "text"])
def test_report_is_the_report_the_cli_writes(client: TestClient, fmt: str) -> None:
    path = CASES / "utkastelse-2024.yaml"
    cli = CliRunner().invoke(main, ["assess", str(path), "--format", fmt])
    response = client.post(f"/api/v1/report?format={fmt}", content=case_json(path))
    assert response.status_code == 200
    assert response.text == cli.stdout
    assert response.headers["content-type"].startswith({"html": "text/html", "markdown": "text/markdown", "text": "text/plain"}[fmt])


def test_the_html_report_satisfies_the_strict_policy_by_the_hash_of_its_style(client: TestClient) -> None:
    response = client.post("/api/v1/report?format=html", content=case_json(CASES / "utkastelse-2024.yaml"))
    policy = response.headers["content-security-policy"]
    assert "'sha256-" in policy and "unsafe-inline" not in policy and "script-src 'self'" in policy


def test_malformed_json_is_400_with_the_line(client: TestClient) -> None:
    response = client.post("/api/v1/assess", content='{"id": "x",\n  "person": {"age": }\n}')
    assert response.status_code == 400
    error = response.json()
    assert error["type"] == "case_file" and error["message"].startswith("invalid JSON")
    assert error["problems"][0]["line"] == 2


def test_a_body_that_is_not_text_is_400(client: TestClient) -> None:
    assert client.post("/api/v1/assess", content=b"\x00\x01\x02binary").status_code == 400


def test_a_bad_case_is_422_with_located_problems(client: TestClient) -> None:
    body = '{"id": "x",\n "person": {"birth_date": "2004-13-01", "municipality": 301},\n "housing": {"situaton": "homeless"}}'
    response = client.post("/api/v1/assess", content=body)
    assert response.status_code == 422
    problems = {p["path"]: p for p in response.json()["problems"]}
    assert problems["person.birth_date"]["expected"] == "a date (YYYY-MM-DD)"
    assert problems["person.birth_date"]["found"] == "'2004-13-01'"
    assert problems["person.birth_date"]["line"] == 2
    assert problems["housing.situaton"]["hint"] == "did you mean 'situation'?"
    assert "person.municipality" in problems


def test_a_case_that_contradicts_itself_is_422(client: TestClient) -> None:
    body = json.dumps({"id": "x", "assessment_date": "2024-03-01", "person": {"birth_date": "2004-05-17", "age": 40}})
    response = client.post("/api/v1/assess", content=body)
    assert response.status_code == 422
    assert any(p.get("path", "").startswith("person.") for p in response.json()["problems"])


@pytest.mark.parametrize("query", ["date=2024-02-30", "date=yesterday", "lang=de", "format=pdf"])
def test_a_bad_query_parameter_is_422_naming_it(client: TestClient, query: str) -> None:
    response = client.post(f"/api/v1/report?{query}", content='{"id": "x"}')
    assert response.status_code == 422
    name = query.split("=")[0]
    assert any(name in p["path"] for p in response.json()["problems"])


def test_a_body_over_the_limit_is_413_before_it_is_read(client: TestClient) -> None:
    big = '{"id": "x", "pad": "' + "x" * API_LIMIT + '"}'
    response = client.post("/api/v1/assess", content=big)
    assert response.status_code == 413
    assert response.json()["type"] == "too_large"


def test_a_streamed_body_over_the_limit_is_413(client: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        for _ in range(API_LIMIT // 100_000 + 2):
            yield b" " * 100_000

    response = client.post("/api/v1/assess", content=chunks())
    assert response.status_code == 413


def test_a_document_with_too_many_values_is_413(client: TestClient) -> None:
    response = client.post("/api/v1/assess", content=json.dumps({"id": "x", "list": [0] * 30_000}))
    assert response.status_code == 413


def test_a_page_form_over_its_limit_is_413_with_the_message_at_the_upload_field(client: TestClient) -> None:
    response = client.post("/upload", files={"file": ("big.yaml", b"#" * (FORM_LIMIT + 10))}, headers={"accept-language": "en"})
    assert response.status_code == 413
    assert 'id="file-error"' in response.text and "too large" in response.text


def test_national_ids_are_masked_in_every_answer(client: TestClient) -> None:
    case = json.dumps({"id": "p-1", "assessment_date": "2024-03-01", "person": {"national_id": SYNTHETIC_ID, "age": 119}})
    for path in ("/api/v1/assess", "/api/v1/report?format=html", "/api/v1/report?format=markdown", "/api/v1/report?format=text"):
        response = client.post(path, content=case)
        assert response.status_code == 200
        assert SYNTHETIC_ID not in response.text
    bad = client.post("/api/v1/assess", content=json.dumps({"id": "p-2", "person": {"national_id": "15850410018"}}))
    assert bad.status_code == 422 and "15850410018" not in bad.text


def test_rules_are_listed_as_rules_list_gives_them(client: TestClient, rules: RuleBase) -> None:
    listed = client.get("/api/v1/rules").json()
    assert listed["ruleset"] == {"version": rules.version, "digest": rules.digest}
    assert [r["id"] for r in listed["rules"]] == [r.id for r in rules.rules]
    in_force = client.get("/api/v1/rules?date=2024-01-01&law=sosialtjenesteloven").json()["rules"]
    cli = CliRunner().invoke(main, ["rules", "list", "--date", "2024-01-01", "--law", "sosialtjenesteloven"])
    assert [r["id"] for r in in_force] == [line.split()[0] for line in cli.stdout.splitlines() if line.startswith("sotjl")]
    first = next(r for r in in_force if r["id"] == "sotjl.27")
    assert first["actor"] == "nav-kontoret" and first["section"] == "27" and first["kind"] == "duty"


def test_one_rule_is_shown_as_rules_show_gives_it(client: TestClient) -> None:
    response = client.get("/api/v1/rules/sotjl.27")
    assert response.status_code == 200
    shown = response.json()
    location = shown.pop("location")
    cli = CliRunner().invoke(main, ["rules", "show", "sotjl.27"])
    assert shown == yaml.safe_load(cli.stdout)
    assert location["file"] == cli.stdout.splitlines()[0].split(":")[0].rsplit("/", 1)[-1]
    assert "/" not in location["file"]  # no server paths


def test_an_unknown_rule_is_404_with_suggestions(client: TestClient) -> None:
    response = client.get("/api/v1/rules/sotjl.2")
    assert response.status_code == 404
    assert "sotjl.27" in response.json()["problems"][0]["hint"]


def test_healthz_is_ready_with_the_rule_base_version(client: TestClient, rules: RuleBase) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok" and response.json()["ruleset"]["version"] == rules.version


def test_unknown_api_paths_are_json_404(client: TestClient) -> None:
    response = client.get("/api/v1/nothing")
    assert response.status_code == 404 and response.json()["type"] == "http"


@pytest.mark.parametrize("path", ["/", "/healthz", "/api/v1/rules", "/docs", "/openapi.json", "/static/hjemmel.css"])
def test_every_response_carries_the_security_headers(client: TestClient, path: str) -> None:
    headers = client.get(path).headers
    assert headers["content-security-policy"].startswith("default-src 'none'; script-src 'self'; style-src 'self'")
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"
    assert headers["x-frame-options"] == "DENY"
    assert "server" not in headers
    if not path.startswith("/static"):
        assert headers["cache-control"] == "no-store"


def test_a_foreign_host_name_is_refused_by_a_localhost_server(rules: RuleBase) -> None:
    """DNS rebinding: a page elsewhere cannot reach the local server under its own name."""
    app = create_app(rules, allowed_hosts=["localhost", "127.0.0.1"])
    with TestClient(app, base_url="http://attacker.example") as foreign:
        assert foreign.get("/healthz").status_code == 400
    with TestClient(app, base_url="http://127.0.0.1:8000") as local:
        assert local.get("/healthz").status_code == 200


def test_the_openapi_document_describes_the_api(client: TestClient) -> None:
    document = client.get("/openapi.json").json()
    assert set(document["paths"]) == {"/api/v1/assess", "/api/v1/report", "/api/v1/rules", "/api/v1/rules/{rule_id}", "/healthz"}
    assess = document["paths"]["/api/v1/assess"]["post"]
    assert assess["requestBody"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Case"}
    assert {"200", "400", "413", "422"} <= set(assess["responses"])
    schemas = document["components"]["schemas"]
    assert {"Case", "Person", "Housing", "Assessment", "Finding", "ErrorOut"} <= set(schemas)
    refs = {v for v in _walk(document) if isinstance(v, str) and v.startswith("#/")}
    assert all(ref.rsplit("/", 1)[-1] in schemas for ref in refs), refs


def _walk(node: Any) -> Iterator[Any]:
    if isinstance(node, dict):
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)
    else:
        yield node


def test_the_docs_page_needs_nothing_from_elsewhere(client: TestClient) -> None:
    page = client.get("/docs").text
    assert "POST /api/v1/assess" in page and 'id="schema-Case"' in page and "/openapi.json" in page
    assert "http://" not in page.replace('href="http://', "") and "cdn" not in page.lower()
    assert "<script" not in page.replace('<script src="/static/hjemmel.js" defer></script>', "")
