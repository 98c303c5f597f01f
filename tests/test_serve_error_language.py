"""API error bodies: the machine-readable fields as they were (English), the human texts in the
language of ?lang=, else Accept-Language, else bokmål."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from hjemmel import RuleBase
from hjemmel.serve import create_app

JSON = {"content-type": "application/json"}
BAD = json.dumps({"id": "x", "person": {"age": "tre"}})


@pytest.fixture(scope="module")
def client(rules: RuleBase) -> Iterator[TestClient]:
    with TestClient(create_app(rules), base_url="http://localhost") as test_client:
        yield test_client


@pytest.mark.parametrize(
    ("query", "headers", "lang", "text", "problem"),
    [
        ("", {}, "nb", "1 feil i saken", "forventet et helt tall, fikk 'tre'"),
        ("?lang=nn", {"accept-language": "en"}, "nn", "1 feil i saka", "venta eit heilt tal, fekk 'tre'"),
        ("", {"accept-language": "nn-NO, nb;q=0.8"}, "nn", "1 feil i saka", "venta eit heilt tal, fekk 'tre'"),
        ("", {"accept-language": "no"}, "nb", "1 feil i saken", "forventet et helt tall, fikk 'tre'"),
        ("?lang=en", {}, "en", "1 problem(s) in the case", "expected a whole number, got 'tre'"),
    ],
)
def test_a_case_error_keeps_its_code_and_tells_it_in_the_language(
    client: TestClient, query: str, headers: dict[str, str], lang: str, text: str, problem: str
) -> None:
    answer = client.post(f"/api/v1/assess{query}", content=BAD, headers={**JSON, **headers})
    assert answer.status_code == 422
    body = answer.json()
    assert body["type"] == "case_file" and body["message"] == "1 problem(s) in the case"  # as before, for programs
    assert body["problems"][0]["message"] == "expected a whole number, got 'tre'" and body["problems"][0]["path"] == "person.age"
    assert body["lang"] == lang and body["text"] == text and body["problems"][0]["text"] == problem


def test_errors_answered_before_the_app_tell_it_in_the_language_too(client: TestClient) -> None:
    answer = client.post("/api/v1/assess?lang=nn", content=BAD, headers={"content-type": "text/plain"})
    assert answer.status_code == 415
    body = answer.json()
    assert body["type"] == "unsupported_media_type" and body["message"].startswith("the API takes a case as JSON")
    assert body["text"].startswith("API-et tek imot ei sak som JSON") and body["lang"] == "nn"
    missing = client.get("/api/v1/nothing", headers={"accept-language": "nb"}).json()
    assert missing["type"] == "http" and missing["message"] == "not found" and missing["text"] == "finnes ikke"
    bad_date = client.post("/api/v1/assess?date=2024-02-30", content=BAD, headers=JSON).json()
    assert bad_date["message"] == "invalid query parameter" and bad_date["text"] == "ugyldig parameter i adressen"
