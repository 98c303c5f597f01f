"""The caseworker's pages without a browser: the interview's steps, uploads, downloads, report.

Each page carries the interview's state in its forms; these tests post the forms as a
browser would (``tests/test_serve_browser.py`` does the same in a real Chromium).
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from fastapi.testclient import TestClient
from hjemmel import RuleBase, load_case, parse_case
from hjemmel.reports.i18n import LABELS
from hjemmel.serve import create_app
from hjemmel.serve import state as steps
from hjemmel.serve.state import StateError
from hjemmel.serve.texts import LANGUAGES, TEXTS
from hypothesis import given, settings
from hypothesis import strategies as st

from .conftest import CASES, ROOT, examples
from .test_serve_api import SYNTHETIC_ID

BAD = ROOT / "tests" / "data" / "bad"


@pytest.fixture(scope="module")
def client(rules: RuleBase) -> Iterator[TestClient]:
    with TestClient(create_app(rules), base_url="http://localhost") as test_client:
        yield test_client


class Page:
    """A page of the interview, read as a browser would: its question, findings and forms."""

    def __init__(self, response: Any) -> None:
        self.status = response.status_code
        self.text: str = response.text

    @property
    def state(self) -> str:
        match = re.search(r'name="state" value="([^"]*)"', self.text)
        assert match, "no state on the page"
        return html.unescape(match.group(1))

    @property
    def fact(self) -> str | None:
        match = re.search(r'name="fact" value="([^"]*)"', self.text)
        return match.group(1) if match else None

    @property
    def findings(self) -> set[str]:
        return set(re.findall(r'data-rule="([^"]*)"', self.text))

    @property
    def status_line(self) -> str:
        match = re.search(r'role="status"><p>(.*?)</p>', self.text)
        return html.unescape(match.group(1)) if match else ""

    def field_value(self) -> str:
        match = re.search(r'<input[^>]*id="answer"[^>]*value="([^"]*)"', self.text) or re.search(r'value="([^"]*)" checked', self.text)
        return html.unescape(match.group(1)) if match else ""


def start(client: TestClient, day: str = "2024-03-01", lang: str = "nb") -> Page:
    return Page(client.post("/start", data={"date": day, "lang": lang}))


def step(client: TestClient, page: Page, **form: str) -> Page:
    return Page(client.post("/interview", data={"state": page.state, **form}))


def to_yes_no_question(client: TestClient, page: Page) -> Page:
    """Answer "vet ikke" until the question is a yes/no question."""
    while 'name="answer" value="true"' not in page.text:
        assert page.fact is not None
        page = step(client, page, fact=page.fact, action="dont_know")
    return page


def raw_answer(value: object, fact: str = "") -> str:
    """The answer a caseworker gives for a fact's value (a positively phrased question for a negative fact inverts it)."""
    from hjemmel.cases.facts import catalogue

    if isinstance(value, bool):
        info = catalogue().get(fact)
        yes = value != bool(info and info.inverted)
        return "true" if yes else "false"
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def run_interview(client: TestClient, truth: dict[str, Any]) -> tuple[Page, list[str]]:
    """Answer every question from ``truth``; a fact it does not hold is "vet ikke"."""
    page = start(client, truth["assessment_date"].isoformat())
    asked: list[str] = []
    while (fact := page.fact) is not None:
        assert fact not in asked, f"{fact} asked twice"
        asked.append(fact)
        section, name = fact.split(".", 1)
        value = truth.get(section, {}).get(name)
        page = step(client, page, fact=fact, action="dont_know") if value is None else step(client, page, fact=fact, answer=raw_answer(value, fact))
        assert page.status == 200, page.text
    return page, asked


def truth(name: str) -> dict[str, Any]:
    return load_case(CASES / f"{name}.yaml").model_dump(mode="python", exclude_none=True, exclude={"expected"})


@pytest.mark.parametrize("name", ["ettervern-19-ar-2024", "bostedslos-2025", "utkastelse-2024"])
def test_the_interview_reaches_the_findings_of_the_full_case(client: TestClient, name: str) -> None:
    case = load_case(CASES / f"{name}.yaml")
    assert case.expected is not None
    page, asked = run_interview(client, truth(name))
    assert page.findings == set(case.expected.findings)
    assert "Ingen flere spørsmål kan endre resultatet" in page.text
    assert len(asked) < 40


def test_the_findings_firm_up_as_the_caseworker_answers(client: TestClient) -> None:
    page = start(client)
    assert page.findings == set() and "Ingen funn ennå" in page.text
    while page.fact != "housing.no_place_to_stay_next_24h":
        assert page.fact is not None
        page = step(client, page, fact=page.fact, action="dont_know")
    # "Har personen et sted å sove …?" — "nei": no place to stay
    page = step(client, page, fact="housing.no_place_to_stay_next_24h", answer="false")
    assert "sotjl.27" in page.findings
    assert page.status_line.startswith("Registrert: ") and "Nye funn:" in page.status_line
    assert 'class="badge">Ny<' in page.text


def test_dont_know_is_not_asked_again_and_is_listed(client: TestClient) -> None:
    page = start(client)
    first = page.fact
    assert first is not None
    page = step(client, page, fact=first, action="dont_know")
    assert page.fact != first
    assert "vet ikke" in page.status_line
    assert f'name="change" value="{first}"' in page.text


def test_back_asks_the_last_question_again_with_the_old_answer(client: TestClient) -> None:
    page = start(client)
    while page.fact != "person.birth_date":
        assert page.fact is not None
        page = step(client, page, fact=page.fact, action="dont_know")
    answered = step(client, page, fact="person.birth_date", answer="02.11.2004")
    assert "fødselsdato: 02.11.2004" in answered.status_line
    back = step(client, answered, action="back")
    assert back.fact == "person.birth_date"
    assert back.field_value() == "02.11.2004"
    assert steps.lookup(json.loads(back.state)["case"], "person.birth_date") is None


def test_an_answer_can_be_changed_from_the_list(client: TestClient) -> None:
    page = to_yes_no_question(client, start(client))
    first = page.fact
    assert first is not None
    page = step(client, page, fact=first, answer="false")
    changed = step(client, page, change=first)
    assert changed.fact == first and "Endre svaret" in changed.text
    again = step(client, changed, fact=first, answer="true")
    assert steps.lookup(json.loads(again.state)["case"], first) is True


def test_a_wrong_answer_is_shown_at_the_field_and_asked_again(client: TestClient) -> None:
    page = start(client)
    while page.fact != "person.birth_date":
        assert page.fact is not None
        page = step(client, page, fact=page.fact, action="dont_know")
    wrong = step(client, page, fact="person.birth_date", answer="31.02.2004")
    assert wrong.status == 422 and wrong.fact == "person.birth_date"
    assert 'id="answer-error"' in wrong.text and 'aria-invalid="true"' in wrong.text and "ÅÅÅÅ-MM-DD" in wrong.text
    assert wrong.field_value() == "31.02.2004"
    future = step(client, page, fact="person.birth_date", answer="2030-01-01")
    assert future.status == 422 and "motsier andre opplysninger" in future.text


def test_the_language_can_be_switched_mid_interview(client: TestClient) -> None:
    page = to_yes_no_question(client, start(client))
    first = page.fact
    assert first is not None
    page = step(client, page, fact=first, answer="false")
    assert page.status == 200
    english = step(client, page, action="lang", lang="en")
    assert '<html lang="en">' in english.text and "Findings so far" in english.text
    assert json.loads(english.state)["case"] == json.loads(page.state)["case"]
    for code in LANGUAGES:
        assert f'name="lang" value="{code}"' in english.text


def test_the_pages_offer_the_languages_of_the_report_and_have_every_text_in_each() -> None:
    assert set(LANGUAGES) == set(LABELS)
    for lang in LANGUAGES:
        assert set(TEXTS[lang]) == set(TEXTS["nb"]), lang


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_start_page_in_each_language(client: TestClient, lang: str) -> None:
    page = client.get(f"/?lang={lang}").text
    assert f'<html lang="{lang}">' in page and TEXTS[lang]["start_title"] in page
    assert 'enctype="multipart/form-data"' in page


def test_a_bad_date_on_the_start_page_is_shown_at_the_field(client: TestClient) -> None:
    page = start(client, "1.13.2024")
    assert page.status == 422
    assert 'id="date-error"' in page.text and 'aria-describedby="date-hint date-error"' in page.text


@pytest.mark.parametrize("path", sorted(BAD.iterdir()), ids=lambda p: p.name)
def test_a_bad_case_file_upload_shows_the_located_error_at_the_field(client: TestClient, path: Path) -> None:
    response = client.post("/upload", files={"file": (path.name, path.read_bytes())}, data={"lang": "nb"})
    assert response.status_code in (413, 422)
    text = response.text
    block = text[text.index('id="file-error"') : text.index('id="file"')]
    assert f"Saksfilen {path.name} kan ikke brukes" in block and "<li>" in block
    assert 'aria-describedby="file-hint file-error"' in text and "Traceback" not in text


def test_the_located_error_names_line_and_field(client: TestClient) -> None:
    response = client.post("/upload", files={"file": ("sak.yaml", (BAD / "bad-date.yaml").read_bytes())}, data={"lang": "nb"})
    assert "linje 4, kolonne 3" in response.text and "<code>person.birth_date</code> (fødselsdato)" in response.text


def test_a_case_file_starts_the_interview_without_the_national_id(client: TestClient) -> None:
    case = (CASES / "ettervern-19-ar-2024.yaml").read_text("utf-8").replace("person:\n", f'person:\n  national_id: "{SYNTHETIC_ID}"\n', 1)
    page = Page(client.post("/upload", files={"file": ("sak.yaml", case.encode())}, data={"lang": "nb"}))
    assert page.status == 200
    assert SYNTHETIC_ID not in page.text and "Fødselsnummeret i saksfilen er ikke tatt med" in page.text
    assert "(fra saksfilen)" in page.text
    expected = load_case(CASES / "ettervern-19-ar-2024.yaml").expected
    assert expected is not None and page.findings == set(expected.findings)
    assert "Sak ettervern-19-ar-2024, vurdert per 01.03.2024" in page.text


def test_a_file_of_many_cases_is_sent_to_batch(client: TestClient) -> None:
    response = client.post("/upload", files={"file": ("mange.jsonl", b'{"id": "a"}\n')}, data={"lang": "en"})
    assert response.status_code == 422 and "hjemmel batch" in response.text


def test_the_case_downloads_as_yaml_and_json_that_load_back(client: TestClient, tmp_path: Path) -> None:
    page, _ = run_interview(client, truth("bostedslos-2025"))
    expected = json.loads(page.state)["case"]
    for suffix in ("yaml", "json"):
        response = client.post(f"/case.{suffix}", data={"state": page.state})
        assert response.status_code == 200
        assert response.headers["content-disposition"] == f'attachment; filename="intervju-20251001.{suffix}"'
        path = tmp_path / f"sak.{suffix}"
        path.write_bytes(response.content)
        loaded = load_case(path).model_dump(mode="json", exclude_none=True)
        assert {k: v for k, v in loaded.items() if v} == expected
    assert yaml.safe_load(client.post("/case.yaml", data={"state": page.state}).text)["assessment_date"] == dt.date(2025, 10, 1)


def test_the_report_page_is_the_report_with_a_toolbar(client: TestClient) -> None:
    page, _ = run_interview(client, truth("bostedslos-2025"))
    response = client.post("/report", data={"state": page.state})
    assert response.status_code == 200
    text = response.text
    assert "Vurdering av rettslig grunnlag" in text and "Tilbake til intervjuet" in text and "data-print hidden" in text
    assert "http-equiv" not in text  # the policy comes as a header, with the hash of the report's style
    assert "'sha256-" in response.headers["content-security-policy"]
    back = Page(client.post("/interview", data={"state": page.state, "action": "show"}))
    assert back.findings == page.findings


def test_no_page_has_inline_script_or_style_attributes(client: TestClient) -> None:
    page, _ = run_interview(client, truth("ettervern-19-ar-2024"))
    pages = [client.get("/").text, page.text, client.post("/report", data={"state": page.state}).text, client.get("/docs").text]
    for text in pages:
        assert " style=" not in text
        assert re.findall(r"<script(?![^>]*\bsrc=)", text) == []


def test_a_tampered_state_gets_a_clear_page_not_a_traceback(client: TestClient) -> None:
    for bad in ("", "{", '{"case": {}, "date": "2024-03-01", "lang": "nb"}', '{"case": {"id": "x"}, "date": "2024-03-01", "lang": "xx"}'):
        response = client.post("/interview", data={"state": bad})
        assert response.status_code == 400 and "Start intervjuet på nytt" in response.text
    wrong_fact = steps.start(dt.date(2024, 3, 1), "nb").encode()
    assert client.post("/interview", data={"state": wrong_fact, "change": "person.county"}).status_code == 400
    invalid_case = json.dumps({"case": {"id": "x", "person": {"age": "old"}}, "date": "2024-03-01", "lang": "nb"})
    assert client.post("/report", data={"state": invalid_case}).status_code == 400


def test_an_error_page_speaks_the_caseworkers_language(client: TestClient) -> None:
    """A state that cannot be read has no language of its own: the browser's is used; a state
    that was read but cannot take the step asked keeps the interview's language."""
    english = client.post("/interview", data={"state": "{"}, headers={"accept-language": "en-GB,en;q=0.8"})
    assert english.status_code == 400 and "Start the interview again" in english.text and 'lang="en"' in english.text
    assert "Start intervjuet på nytt" in client.post("/interview", data={"state": "{"}).text  # no preference: bokmål
    nynorsk = steps.start(dt.date(2024, 3, 1), "nn").encode()
    wrong_step = client.post("/interview", data={"state": nynorsk, "change": "person.county"}, headers={"accept-language": "en"})
    assert wrong_step.status_code == 400 and "Skjemaet kunne ikkje lesast" in wrong_step.text
    missing = client.get("/no-such-page", headers={"accept-language": "nn-NO"})
    assert missing.status_code == 404 and 'lang="nn"' in missing.text


def test_a_national_id_smuggled_into_the_state_is_dropped() -> None:
    text = json.dumps({"case": {"id": "x", "person": {"national_id": SYNTHETIC_ID, "age": 30}}, "date": "2024-03-01", "lang": "nb"})
    assert SYNTHETIC_ID not in steps.decode(text).encode()


def test_dates_are_read_as_caseworkers_write_them() -> None:
    assert steps.parse_date("17.05.2004") == dt.date(2004, 5, 17)
    assert steps.parse_date("1.2.2024") == dt.date(2024, 2, 1)
    assert steps.parse_date("2024-02-29") == dt.date(2024, 2, 29)
    assert steps.parse_date("30.02.2024") is None and steps.parse_date("i går") is None


BOOL_FACTS = ["housing.no_place_to_stay_next_24h", "economy.can_support_self", "person.lawful_stay", "child_welfare.measures_before_18"]
ACTIONS = st.lists(st.tuples(st.sampled_from(["yes", "no", "dont_know", "back", "change"]), st.sampled_from(BOOL_FACTS)), max_size=12)


@settings(max_examples=examples(60), deadline=None)
@given(ACTIONS)
def test_any_sequence_of_steps_keeps_a_valid_state(actions: list[tuple[str, str]]) -> None:
    """Answers, "vet ikke", back and change in any order: the state stays readable, the case
    valid, a fact is never both answered and unknown, and back undoes the last step."""
    state = steps.start(dt.date(2024, 3, 1), "nb")
    for action, fact in actions:
        before = state
        if action in ("yes", "no"):
            state = steps.answered(state, fact, "true" if action == "yes" else "false")
        elif action == "dont_know":
            state = steps.dont_know(state, fact)
        elif action == "back":
            state = steps.back(state)
        else:
            state = steps.change(state, fact)
        assert steps.decode(state.encode()) == state
        parse_case(state.case)
        assert not set(state.unknown) & set(steps.known_facts(state.case))
        assert set(state.unknown) <= set(state.steps)
        if action in ("yes", "no", "dont_know"):
            undone = steps.back(state)
            assert undone.ask == fact and set(steps.known_facts(undone.case)) == set(steps.known_facts(before.case)) - {fact}


def test_an_unknown_fact_in_a_step_is_a_state_error() -> None:
    with pytest.raises(StateError):
        steps.dont_know(steps.start(dt.date(2024, 3, 1), "nb"), "person.shoe_size")


@pytest.mark.parametrize(
    ("lang", "number", "said"),
    [
        ("nb", "4601", "4601 Bergen"),
        ("nn", "4601", "4601 Bergen"),
        ("nb", "3005", "3005 (hjemmel kjenner ikke et kommunenavn for dette nummeret på vurderingsdatoen; kontroller nummeret)"),
        ("en", "3005", "3005 (hjemmel knows no municipality name for this number on the assessment date; check the number)"),
    ],
)
def test_a_municipality_number_is_said_back_with_its_name_of_the_day(client: TestClient, lang: str, number: str, said: str) -> None:
    """As the terminal interview does: the name on the assessment date, or a warning (never a refusal:
    3005 was Drammen until 2023)."""
    page = step(client, start(client, "2024-03-01", lang), change="person.municipality")
    assert page.fact == "person.municipality"
    answered = step(client, page, fact="person.municipality", answer=number)
    assert answered.status == 200 and said in answered.status_line
    if number == "4601":
        assert f"<td>{said}</td>" in answered.text or f"{said}</td>" in answered.text
