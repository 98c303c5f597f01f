"""Messages about a case file in the user's language: bokmål by default, nynorsk, English."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from hjemmel.cli import main
from hjemmel.messages import HEADLINES, MESSAGES, PHRASES, RUN_LINES, USAGE, translate

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
    for pattern, texts in (*MESSAGES, *HEADLINES, *RUN_LINES, *USAGE, *PHRASES):  # English is the pattern itself
        assert set(texts) == {"nb", "nn"} and all(texts.values()) and pattern, pattern


def test_every_message_template_has_all_three_languages_and_only_the_patterns_parts() -> None:
    import re
    import string

    for pattern, texts in (*MESSAGES, *HEADLINES, *RUN_LINES, *USAGE):
        groups = set(re.compile(pattern).groupindex)  # English: the pattern itself, with its parts
        for lang in ("nb", "nn"):
            used = {name for _, name, _, _ in string.Formatter().parse(texts[lang]) if name}
            assert used <= groups, (pattern, lang, used - groups)


def test_every_serve_page_text_has_all_three_languages() -> None:
    from hjemmel.serve.texts import TEXTS

    assert set(TEXTS) == {"nb", "nn", "en"}
    for lang in ("nn", "en"):
        assert set(TEXTS[lang]) == set(TEXTS["nb"]), (lang, set(TEXTS[lang]) ^ set(TEXTS["nb"]))
        assert all(str(text).strip() for text in TEXTS[lang].values()), lang


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


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("nb", ["4 saker: 2 vurdert, 2 feilet;", "saker/s, 1 arbeidsprosess(er)", "× feil av typen"]),
        ("nn", ["4 saker: 2 vurderte, 2 feila;", "saker/s, 1 arbeidsprosess(ar)", "× feil av typen"]),
        ("en", ["4 cases: 2 assessed, 2 failed;", "cases/s, 1 worker(s)", "× case_file error"]),
    ],
)
def test_batch_closing_lines_in_the_chosen_language(tmp_path: Path, lang: str, expected: list[str]) -> None:
    good = Path(__file__).parent.parent / "cases" / "bostedslos-2008.yaml"
    bad = tmp_path / "bad.yaml"
    bad.write_text(BAD, encoding="utf-8")
    other = tmp_path / "other.yaml"
    other.write_text(BAD.replace("id: x", "id: y"), encoding="utf-8")
    inputs = [str(good), str(bad), str(other), str(good.with_name("ettervern-19-ar-2024.yaml"))]
    result = CliRunner().invoke(main, ["batch", *inputs, "--output", str(tmp_path / "r.jsonl"), "-j", "1", "--lang", lang])
    assert result.exit_code == 1
    for text in expected:
        assert text in result.stderr, result.stderr
    english = ("cases", "assessed", "failed", "worker")
    if lang != "en":
        lines = [line for line in result.stderr.splitlines() if "×" in line or "saker" in line]
        assert lines and not any(word in line for line in lines for word in english), lines


@pytest.mark.parametrize(("lang", "shown"), [("nb", "2\u00a0001 saker"), ("nn", "2\u00a0001 saker"), ("en", "2,001 cases")])
def test_run_lines_write_numbers_as_the_language_does(lang: str, shown: str) -> None:
    from hjemmel.cli.running import tell_counts
    from hjemmel.messages import translate

    assert translate("2,001 cases: 1,898 assessed, 103 failed", lang).startswith(shown)
    seconds = {"en": "; 1,234.5 s", "nb": "; 1\u00a0234,5 s", "nn": "; 1\u00a0234,5 s"}[lang]
    assert translate("; 1,234.5 s, 2,345 cases/s, 2 worker(s)", lang).startswith(seconds)
    assert callable(tell_counts)
