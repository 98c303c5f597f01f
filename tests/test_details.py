"""Small things a caseworker notices: a national id that contradicts the birth date, how far away a date is."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hjemmel import CaseFileError, Evaluator, load_rules, parse_case
from hjemmel.cases.national_id import birth_date_of
from hjemmel.reports.i18n import relative

from .conftest import ROOT

EVALUATOR = Evaluator(load_rules(ROOT / "rules"))


def _with_check_digits(first_nine: str) -> str:
    """A national id with valid check digits (modulus 11) after nine given digits."""
    w1, w2 = (3, 7, 6, 1, 8, 9, 4, 5, 2), (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
    digits = [int(c) for c in first_nine]
    k1 = 11 - sum(a * b for a, b in zip(w1, digits, strict=True)) % 11
    k1 = 0 if k1 == 11 else k1
    digits.append(k1)
    k2 = 11 - sum(a * b for a, b in zip(w2, digits, strict=True)) % 11
    k2 = 0 if k2 == 11 else k2
    if 10 in (k1, k2):
        raise ValueError("no valid id with these digits")
    return first_nine + str(k1) + str(k2)


def _synthetic(day: dt.date) -> str:
    """A synthetic test id (month + 80) for a birth date in the 2000s (individual number 5xx)."""
    for individual in range(500, 1000):
        try:
            return _with_check_digits(f"{day.day:02d}{day.month + 80:02d}{day.year % 100:02d}{individual:03d}")
        except ValueError:
            continue
    raise AssertionError("no id")


def test_the_birth_date_in_a_national_id() -> None:
    assert birth_date_of(_synthetic(dt.date(2004, 6, 30))) == dt.date(2004, 6, 30)
    assert birth_date_of("15850410018") == dt.date(1904, 5, 15)


def test_a_national_id_that_contradicts_the_birth_date_is_a_located_error() -> None:
    national_id = _synthetic(dt.date(2004, 6, 30))
    case = parse_case({"id": "nid", "assessment_date": "2025-01-01", "person": {"birth_date": "2004-07-30", "national_id": national_id}})
    with pytest.raises(CaseFileError) as info:
        EVALUATOR.assess(case)
    text = info.value.format()
    assert "person.national_id" in text and "gives the birth date 2004-06-30, but birth_date is 2004-07-30" in text
    assert national_id not in text
    same = parse_case({"id": "nid", "assessment_date": "2025-01-01", "person": {"birth_date": "2004-06-30", "national_id": national_id}})
    assert EVALUATOR.assess(same).case_id == "nid"


def test_a_national_id_that_contradicts_the_age_is_a_located_error() -> None:
    national_id = _synthetic(dt.date(2004, 6, 30))
    case = parse_case({"id": "nid", "assessment_date": "2025-01-01", "person": {"age": 25, "national_id": national_id}})
    with pytest.raises(CaseFileError) as info:
        EVALUATOR.assess(case)
    assert "gives the age 20 on 2025-01-01, but age is 25" in info.value.format()


@pytest.mark.parametrize(
    ("date", "nb", "en"),
    [
        (dt.date(2029, 11, 1), "om 4 år og 11 måneder", "in 4 years and 11 months"),
        (dt.date(2026, 11, 4), "om 2 år", "in 2 years"),
        (dt.date(2025, 12, 4), "om 1 år og 1 måned", "in 1 year and 1 month"),
        (dt.date(2025, 3, 1), "om 3 måneder", "in 3 months"),
        (dt.date(2024, 11, 5), "om 1 dag", "in 1 day"),
        (dt.date(2020, 1, 1), "for 4 år og 10 måneder siden", "4 years and 10 months ago"),
    ],
)
def test_how_far_away_a_date_is_says_years_and_months(date: dt.date, nb: str, en: str) -> None:
    day = dt.date(2024, 11, 4)
    assert relative(day, date, "nb") == nb and relative(day, date, "en") == en


@pytest.mark.parametrize(
    ("fact", "kind", "raw", "value"),
    [
        ("person.citizenship", "text", "no", "NO"),
        ("person.citizenship", "text", "se", "SE"),
        ("person.birth_date", "date", "01.03.2004", dt.date(2004, 3, 1)),
        ("person.birth_date", "date", "2004-03-01", dt.date(2004, 3, 1)),
        ("person.municipality", "text", "0301", "0301"),
    ],
)
def test_interview_answers_as_a_caseworker_types_them(fact: str, kind: str, raw: str, value: object) -> None:
    from hjemmel.interview import Question, parse_answer

    question = Question(fact=fact, kind=kind, text="?", choices=(), could_add=(), could_remove=(), score=0.0)  # type: ignore[arg-type]
    assert parse_answer(question, raw) == value


@pytest.mark.parametrize(
    ("fact", "kind", "raw", "lang", "message"),
    [
        ("person.citizenship", "text", "Norge", "nb", "skriv en landkode med to bokstaver"),
        ("person.citizenship", "text", "Noreg", "nn", "skriv ei landkode med to bokstavar"),
        ("person.municipality", "text", "Oslo", "en", "write a four-digit municipality number"),
        ("person.birth_date", "date", "1. mars", "nb", "DD.MM.ÅÅÅÅ"),
    ],
)
def test_interview_answers_that_do_not_fit_say_so_in_the_users_language(fact: str, kind: str, raw: str, lang: str, message: str) -> None:
    from hjemmel.interview import AnswerError, Question, parse_answer

    question = Question(fact=fact, kind=kind, text="?", choices=(), could_add=(), could_remove=(), score=0.0)  # type: ignore[arg-type]
    with pytest.raises(AnswerError, match=message):
        parse_answer(question, raw, lang)


@pytest.mark.parametrize("case_id", ["2024/1234", "arkiv/2024/77", "a.b/c-d_e"])
def test_an_archive_number_is_a_case_id(case_id: str) -> None:
    assert parse_case({"id": case_id}).id == case_id


@pytest.mark.parametrize("case_id", ["/2024", "2024/", "2024//1", "../x", "a/../b", "a/./b", ".", "a" * 65])
def test_a_case_id_never_reads_as_a_path(case_id: str) -> None:
    with pytest.raises(CaseFileError):
        parse_case({"id": case_id})


def test_archive_numbers_through_assess_and_batch_reports(tmp_path: Path) -> None:
    from click.testing import CliRunner
    from hjemmel.cli import main

    one, two = tmp_path / "a.yaml", tmp_path / "b.yaml"
    one.write_text("id: 2024/1234\nassessment_date: 2024-03-01\nhousing: {no_place_to_stay_next_24h: true}\n", encoding="utf-8")
    two.write_text('id: "2024_1234"\nassessment_date: 2024-03-01\nhousing: {no_place_to_stay_next_24h: true}\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["assess", str(one)])
    assert result.exit_code == 0 and "Sak: 2024/1234" in result.stdout
    reports = tmp_path / "reports"
    result = CliRunner().invoke(main, ["batch", str(one), str(two), "-o", str(tmp_path / "r.jsonl"), "--reports", str(reports), "-q", "-j", "1"])
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in reports.iterdir())
    assert names == ["2024_1234.html", "2024_1234~2.html"]
    assert "2024/1234" in (reports / "2024_1234.html").read_text(encoding="utf-8")
