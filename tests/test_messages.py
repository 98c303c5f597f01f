"""Messages about a case file in the user's language: bokmål by default, nynorsk, English."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from hjemmel.cli import main
from hjemmel.messages import MESSAGES, PHRASES, translate

BAD = """id: x
assessment_date: 2024-03-01
person:
  birth_date: 2024-13-01
  age: "tre"
  municipality: "9999"
housing:
  situashon: homeless
"""


def test_every_message_and_phrase_has_bokmal_and_nynorsk() -> None:
    for pattern, texts in (*MESSAGES, *PHRASES):
        assert set(texts) == {"nb", "nn"} and all(texts.values()), pattern


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "nb",
            [
                "forventet en dato (ÅÅÅÅ-MM-DD), fikk '2024-13-01'",
                "forventet et helt tall, fikk 'tre'",
                "ukjent felt «situashon»",
                "mente du «situation»?",
                "ikke et norsk kommunenummer",
            ],
        ),
        (
            "nn",
            [
                "venta ein dato (ÅÅÅÅ-MM-DD), fekk '2024-13-01'",
                "venta eit heilt tal, fekk 'tre'",
                "ukjent felt «situashon»",
                "meinte du «situation»?",
                "ikkje eit norsk kommunenummer",
            ],
        ),
        (
            "en",
            [
                "expected a date (YYYY-MM-DD), got '2024-13-01'",
                "expected a whole number, got 'tre'",
                "unknown field 'situashon'",
                "did you mean 'situation'?",
                "is not a Norwegian kommunenummer",
            ],
        ),
    ],
)
def test_case_errors_are_in_the_chosen_language_with_their_locations(tmp_path: Path, lang: str, expected: list[str]) -> None:
    path = tmp_path / "sak.yaml"
    path.write_text(BAD, encoding="utf-8")
    result = CliRunner().invoke(main, ["assess", str(path), "--lang", lang])
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    for text in expected:
        assert text in result.stderr, (text, result.stderr)
    assert "sak.yaml:4:3: person.birth_date:" in result.stderr  # the location stays as it is


def test_bokmal_is_the_default() -> None:
    assert translate("missing: expected a value (this field is required)", "nb") == "mangler: forventet en verdi (feltet må fylles ut)"


def test_a_message_of_no_known_kind_is_shown_as_written() -> None:
    assert translate("something new happened", "nb") == "something new happened"


def test_a_quoted_value_is_never_translated() -> None:
    assert translate("expected one of own_home, rental, got 'text'", "nb") == "forventet én av own_home, rental, fikk 'text'"


def test_the_upload_page_shows_the_problems_in_norwegian() -> None:
    from hjemmel.errors import Problem
    from hjemmel.serve.pages import problem_views

    (view,) = problem_views([Problem("expected a whole number, got 'tre'", file="x", line=2, path="person.age")], "nb")
    assert "forventet et helt tall, fikk 'tre'" in view.message
