"""The interview asks only questions that can change the result, and saves a valid case."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from hjemmel import Evaluator, RuleBase, load_case, parse_case
from hjemmel.cli.interview import interview
from hjemmel.interview import AnswerError, Question, next_question, parse_answer, state

from .conftest import CASES

PERSONAS = ["ettervern-19-ar-2024", "bostedslos-2008", "utkastelse-2024", "loslatelse-uten-bolig-2024"]


def _truth(name: str) -> dict[str, Any]:
    return load_case(CASES / f"{name}.yaml").model_dump(mode="python", exclude_none=True, exclude={"expected"})


def _run_persona(rules: RuleBase, truth: dict[str, Any]) -> tuple[dict[str, Any], list[str], list[str]]:
    """Answer every question from ``truth``; a fact truth does not have is "don't know"."""
    day = truth["assessment_date"]
    data: dict[str, Any] = {"id": truth["id"]}
    skipped: set[str] = set()
    asked: list[str] = []
    answers: list[str] = []
    while (q := next_question(rules, data, day, skipped)) is not None:
        assert q.fact not in asked, f"{q.fact} asked twice"
        asked.append(q.fact)
        section, name = q.fact.split(".", 1)
        value = truth.get(section, {}).get(name)
        if value is None:
            skipped.add(q.fact)
            answers.append("")
        else:
            data.setdefault(section, {})[name] = value
            yes = value != q.inverted  # a positively phrased question for a negative fact
            answers.append(("ja" if yes else "nei") if isinstance(value, bool) else str(value))
    return data, asked, answers


@pytest.mark.parametrize("name", PERSONAS)
def test_the_interview_reaches_the_same_findings_as_the_full_case(rules: RuleBase, evaluator: Evaluator, name: str) -> None:
    truth = _truth(name)
    day = truth["assessment_date"]
    data, asked, _ = _run_persona(rules, truth)
    full = {f.rule for f in evaluator.assess(parse_case(truth), on=day).findings}
    got = {f.rule for f in evaluator.assess(parse_case(data), on=day).findings}
    assert got == full
    known = sum(len(v) for k, v in truth.items() if isinstance(v, dict))
    assert len(asked) < 60 and len(asked) <= known + 25


def test_every_question_is_about_a_rule_that_is_still_open(rules: RuleBase) -> None:
    day = dt.date(2024, 3, 1)
    data: dict[str, Any] = {"housing": {"situation": "homeless"}, "criminal_justice": {"status": "none"}}
    q = next_question(rules, data, day)
    assert q is not None
    assert q.could_add or q.could_remove
    open_rules = state(rules, data, day).open
    assert all(q.fact in open_rules[r] for r in q.could_add)
    assert not q.fact.startswith("criminal_justice.")  # answered "none": no prison rule is possible


def test_a_dont_know_answer_is_not_asked_again(rules: RuleBase) -> None:
    day = dt.date(2024, 3, 1)
    first = next_question(rules, {}, day)
    assert first is not None
    second = next_question(rules, {}, day, {first.fact})
    assert second is not None and second.fact != first.fact


def test_age_is_asked_only_when_the_birth_date_is_unknown(rules: RuleBase) -> None:
    day = dt.date(2024, 3, 1)
    facts: list[str] = []
    skipped = {"person.birth_date"}
    data: dict[str, Any] = {"child_welfare": {"measures_before_18": True, "consents_to_aftercare": True, "needs_support_transition": True}}
    while (q := next_question(rules, data, day, skipped)) is not None and len(facts) < 40:
        facts.append(q.fact)
        skipped.add(q.fact)
    assert "person.age" in facts and "person.birth_date" not in facts


def _q(kind: str, choices: tuple[str, ...] = ()) -> Question:
    return Question("x.y", kind, "?", choices, (), (), 1.0)  # type: ignore[arg-type]


def test_answers_are_parsed_by_kind() -> None:
    assert parse_answer(_q("bool"), " Ja ") is True
    assert parse_answer(_q("bool"), "no") is False
    assert parse_answer(_q("bool"), "") is None
    assert parse_answer(_q("date"), "2004-05-17") == dt.date(2004, 5, 17)
    assert parse_answer(_q("enum", ("none", "serving")), "2") == "serving"
    assert parse_answer(_q("enum", ("none", "serving")), "none") == "none"
    assert parse_answer(_q("int"), "3") == 3
    for kind, raw in [("bool", "kanskje"), ("date", "17.13.2004"), ("enum", "9"), ("int", "tre"), ("int", "-1")]:
        with pytest.raises(AnswerError):
            parse_answer(_q(kind, ("a", "b")), raw)


def _interview(args: list[str], answers: list[str]) -> Any:
    return CliRunner().invoke(interview, args, input="\n".join(answers) + "\n", catch_exceptions=False)


def test_piped_answers_build_a_case_file_that_loads_again(tmp_path: Path, rules: RuleBase, evaluator: Evaluator) -> None:
    truth = _truth("ettervern-19-ar-2024")
    _, _, answers = _run_persona(rules, truth)
    out = tmp_path / "sak.yaml"
    result = _interview(["--date", "2024-03-01", "--output", str(out)], answers)
    assert result.exit_code == 0, result.stderr
    assert "Spørsmål 1:" in result.stdout
    assert "+ Barnevernstjenesten: Ettervern: hjelpetiltak til ungdom over 18 år (barnevernsloven § 3-6)" in result.stdout
    assert "Ingen flere spørsmål kan endre resultatet." in result.stdout
    case = load_case(out)
    assert case.id == "intervju-20240301" and case.assessment_date == dt.date(2024, 3, 1)
    want = {f.rule for f in evaluator.assess(parse_case(truth)).findings}
    assert {f.rule for f in evaluator.assess(case).findings} == want


def test_invalid_and_contradicting_answers_are_asked_again(tmp_path: Path, rules: RuleBase) -> None:
    day = dt.date(2024, 3, 1)
    skipped: set[str] = set()
    while (q := next_question(rules, {}, day, skipped)) is not None and q.fact != "person.birth_date":
        skipped.add(q.fact)
    assert q is not None and len(skipped) >= 1
    first = next_question(rules, {}, day)
    assert first is not None and first.kind != "text"
    # invalid, then "don't know" for every question before the birth date; a birth date
    # after the assessment date contradicts the case, then a valid one.
    answers = ["maybe", *[""] * len(skipped), "2030-01-01", "2004-05-17", "ferdig"]
    out = tmp_path / "sak.yaml"
    result = _interview(["--date", "2024-03-01", "--output", str(out), "--lang", "en"], answers)
    assert result.exit_code == 0
    assert "Invalid answer" in result.stderr
    assert "contradicts" in result.stderr
    data = yaml.safe_load(out.read_text())
    assert data["person"]["birth_date"] == dt.date(2004, 5, 17)


def test_the_interview_continues_a_case_file_and_asks_the_date_when_needed(tmp_path: Path) -> None:
    source = tmp_path / "delvis.yaml"
    source.write_text("id: delvis-1\nhousing:\n  situation: homeless\n", encoding="utf-8")
    out = tmp_path / "ferdig.yaml"
    result = _interview([str(source), "--output", str(out)], ["2024-03-01", "ja", "ferdig"])
    assert result.exit_code == 0
    assert "Vurderingsdato" in result.stdout
    data = yaml.safe_load(out.read_text())
    assert data["id"] == "delvis-1" and data["housing"]["situation"] == "homeless"
    assert str(data["assessment_date"]) == "2024-03-01"
    load_case(out)


def test_enum_questions_show_a_numbered_menu(tmp_path: Path, rules: RuleBase) -> None:
    day = dt.date(2024, 3, 1)
    skipped: set[str] = set()
    while (q := next_question(rules, {}, day, skipped)) is not None and q.kind != "enum":
        skipped.add(q.fact)
    assert q is not None
    answers = [""] * len(skipped) + ["1", "ferdig"]
    out = tmp_path / "sak.yaml"
    result = _interview(["--date", "2024-03-01", "--output", str(out)], answers)
    assert f"  1) {q.choices[0]} – " in result.stdout
    section, name = q.fact.split(".")
    assert yaml.safe_load(out.read_text())[section][name] == q.choices[0]


def _printed_examples() -> list[str]:
    """Every piped interview example in the README and in ``hjemmel interview --help``."""
    import re

    found = re.findall(r"^\s*(printf .*\| hjemmel interview .*)$", _help() + "\n" + _readme(), flags=re.MULTILINE)
    return list(dict.fromkeys(line.strip().strip("`") for line in found))


def _help() -> str:
    from hjemmel.cli import main

    return str(CliRunner().invoke(main, ["interview", "--help"]).stdout)


def _readme() -> str:
    return (CASES.parent / "README.md").read_text("utf-8")


def test_the_readme_and_help_show_a_piped_interview_example() -> None:
    examples = _printed_examples()
    assert examples
    assert any(e in _help() for e in examples) and any(e in _readme().split("## Command reference")[0] for e in examples)


@pytest.mark.parametrize("example", _printed_examples())
def test_the_printed_piped_examples_work_as_printed(tmp_path: Path, example: str) -> None:
    import os
    import shutil
    import subprocess
    import sys

    (tmp_path / "cases").symlink_to(CASES)
    bin_dir = Path(sys.executable).parent
    assert shutil.which("hjemmel", path=str(bin_dir))
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"}
    run = subprocess.run(["bash", "-c", example], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120, check=False)
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr
    saved = load_case(tmp_path / "sak.yaml")
    assert saved.child_welfare.consents_to_aftercare is True
    assert "+ Barnevernstjenesten: Ettervern" in run.stdout


def test_an_interview_whose_answers_run_out_saves_them_and_exits_non_zero(tmp_path: Path) -> None:
    out = tmp_path / "sak.yaml"
    result = _interview([str(CASES / "ettervern-samtykke-ukjent-2025.yaml"), "--output", str(out)], ["nei"])
    assert result.exit_code == 1
    assert "avbrutt" in result.stderr
    assert load_case(out).child_welfare.consents_to_aftercare is False  # the first question: consent


def test_the_interview_asks_about_aftercare_before_other_areas(rules: RuleBase) -> None:
    case = _truth("ettervern-samtykke-ukjent-2025")
    data = {k: v for k, v in case.items() if k != "child_welfare"} | {"child_welfare": {"measures_before_18": True}}
    data["economy"] = {"can_support_self": False}
    q = next_question(rules, data, case["assessment_date"])
    assert q is not None and q.fact == "child_welfare.consents_to_aftercare"
    assert "bvl.3-6.ettervern" in q.could_add


def test_each_question_shows_what_its_answer_could_give(tmp_path: Path) -> None:
    out = tmp_path / "sak.yaml"
    result = _interview([str(CASES / "ettervern-samtykke-ukjent-2025.yaml"), "--output", str(out)], ["ja", "ferdig"])
    assert "Spørsmål 1: Samtykker personen til tiltak fra barnevernet etter 18 år (ettervern)?" in result.stdout
    assert "Spørsmål 2: Trenger personen hjelp fra barnevernet til en god overgang til voksenlivet?" in result.stdout
    assert "(kan gi: Ettervern: hjelpetiltak til ungdom over 18 år)" in result.stdout


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_no_question_is_a_double_negative(lang: str) -> None:
    """A yes/no question never asks about a negation (a "no" would then be a double negative)."""
    from hjemmel.cases.facts import catalogue
    from hjemmel.interview import answer_kind

    negative = {
        "nb": (" ikke ", " ingen ", "mangler", " uten "),
        "nn": (" ikkje ", " ingen ", "manglar", " utan "),
        "en": (" not ", " no ", "unable", "lack", "without"),
    }
    for path, info in catalogue().items():
        if answer_kind(path) != "bool":
            continue
        question = f" {info.question(lang).lower().split('?')[0]} "  # the question, not an explanation after it
        assert not any(word in question for word in negative[lang]), f"{path}: {question}"


def test_a_yes_to_a_positively_phrased_question_sets_a_negative_fact_to_false(rules: RuleBase) -> None:
    day = dt.date(2024, 3, 1)
    skipped: set[str] = set()
    while (q := next_question(rules, {}, day, skipped)) is not None and q.fact != "housing.no_place_to_stay_next_24h":
        skipped.add(q.fact)
    assert q is not None and q.inverted
    assert "Har personen et sted å sove" in q.text
    assert parse_answer(q, "ja") is False and parse_answer(q, "nei") is True
