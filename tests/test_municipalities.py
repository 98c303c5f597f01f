"""Municipality names by number and day (rules/municipalities.yaml, SSB KLASS 131).

A report names the responsible municipality with the name SSB gives its number on the day
assessed: 3005 was Drammen until 2023-12-31 and is no municipality from 2024-01-01, when
Drammen became 3301. A number without a name on the day is shown alone, never guessed.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from typing import Any

import pytest
from click.testing import CliRunner
from hjemmel import Evaluator
from hjemmel.assessment import Assessment
from hjemmel.cases.loading import parse_case
from hjemmel.cli import main as cli
from hjemmel.interview import municipality_echo
from hjemmel.reports import render
from hjemmel.rulebase.base import RuleBase
from hjemmel.rulebase.loading import load_rules

from .conftest import ROOT

BEFORE = dt.date(2023, 12, 31)
FROM = dt.date(2024, 1, 1)


def test_a_renumbered_municipality_on_both_sides_of_2024_01_01(rules: RuleBase) -> None:
    names = rules.municipalities
    assert names.name("3005", BEFORE) == "Drammen"
    assert names.name("3005", FROM) is None
    assert names.name("3301", BEFORE) is None
    assert names.name("3301", FROM) == "Drammen"
    # Haram split from Ålesund: 1507 Ålesund until 2023, then 1508 Ålesund and 1580 Haram.
    assert (names.name("1507", BEFORE), names.name("1508", FROM), names.name("1580", FROM)) == ("Ålesund", "Ålesund", "Haram")


def test_unknown_numbers_and_days_have_no_name(rules: RuleBase) -> None:
    names = rules.municipalities
    assert names.name("9999", FROM) is None  # SSB's "Uoppgitt" is no municipality
    assert names.name("0602", dt.date(2019, 12, 31)) is None  # before the names here begin
    assert names.name(None, FROM) is None


def test_sami_parallel_names_as_ssb_gives_them(rules: RuleBase) -> None:
    assert rules.municipalities.name("5612", FROM) == "Guovdageaidnu - Kautokeino"
    assert rules.municipalities.name("5430", BEFORE) == "Guovdageaidnu - Kautokeino"


def test_periods_hold_the_sets_of_ssb(rules: RuleBase) -> None:
    sizes = [len(table) for table in rules.municipalities.tables]
    assert sizes == [356, 350, 357]


def test_a_rule_folder_without_the_file_shows_bare_numbers(tmp_path: Any) -> None:
    folder = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", folder, ignore=shutil.ignore_patterns("municipalities.yaml"))
    bare = load_rules(folder, strict=False)
    assert bare.municipalities.name("4601", FROM) is None


def _refugee(number: str, day: str) -> dict[str, Any]:
    return {
        "id": f"flyktning-{number}",
        "assessment_date": day,
        "person": {"age": 40, "municipality": number, "lawful_stay": True},
        "housing": {"situation": "rental", "cannot_manage_housing_market": True},
        "immigration": {
            "status": "refugee",
            "permit_date": "2022-03-01",
            "age_at_permit": 38,
            "settled": True,
            "settlement_municipality": number,
            "integration_grant_period": True,
            "in_reception_centre": False,
        },
    }


def _assess(evaluator: Evaluator, number: str, day: str, lang: str = "nb") -> Assessment:
    case = parse_case(_refugee(number, day), "case.yaml")
    return evaluator.assess(case, on=dt.date.fromisoformat(day), lang=lang)


def _responsible(assessment: Assessment) -> tuple[str | None, str | None]:
    found = next(f for f in assessment.findings if f.rule == "bolsosl.3.flyktning")
    return found.responsible_municipality, found.responsible_municipality_name


@pytest.mark.parametrize(
    ("number", "day", "expected"),
    [
        ("3005", "2023-12-31", ("3005", "Drammen")),
        ("3301", "2024-01-01", ("3301", "Drammen")),
        ("3005", "2024-01-01", ("3005", None)),  # the old number on the new day: no name, no crash
    ],
)
def test_the_finding_carries_the_name_of_the_day(evaluator: Evaluator, number: str, day: str, expected: tuple[str, str | None]) -> None:
    assert _responsible(_assess(evaluator, number, day)) == expected


LABEL = {"nb": "Ansvarlig kommune", "nn": "Ansvarleg kommune", "en": "Responsible municipality"}


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_reports_show_number_and_name_in_every_language(evaluator: Evaluator, lang: str) -> None:
    assessment = _assess(evaluator, "3301", "2024-01-01", lang)
    assert f"{LABEL[lang]}: 3301 Drammen" in render(assessment, "text")
    assert f"**{LABEL[lang]}:** 3301 Drammen" in render(assessment, "markdown")
    assert f"<dt>{LABEL[lang]}</dt><dd>3301 Drammen</dd>" in render(assessment, "html")
    unknown = _assess(evaluator, "3005", "2024-01-01", lang)
    text = render(unknown, "text")
    assert f"{LABEL[lang]}: 3005\n" in text


def test_the_html_report_escapes_the_name(evaluator: Evaluator) -> None:
    assessment = _assess(evaluator, "3301", "2024-01-01")
    findings = [
        f.model_copy(update={"responsible_municipality_name": '<script>alert("x")</script> & Co'}) if f.responsible_municipality else f
        for f in assessment.findings
    ]
    html = render(assessment.model_copy(update={"findings": findings}), "html")
    assert "<script>alert" not in html
    assert "3301 &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; Co" in html


def test_the_json_keeps_the_number_and_adds_the_name(tmp_path: Any) -> None:
    path = tmp_path / "case.json"
    path.write_text(json.dumps(_refugee("3301", "2024-01-01")), encoding="utf-8")
    result = CliRunner().invoke(cli, ["assess", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    found = next(f for f in json.loads(result.stdout)["findings"] if f["rule"] == "bolsosl.3.flyktning")
    assert (found["responsible_municipality"], found["responsible_municipality_name"]) == ("3301", "Drammen")
    lean = CliRunner().invoke(cli, ["batch", str(path), "--output", str(tmp_path / "out.jsonl"), "--quiet"])
    assert lean.exit_code == 0, lean.output
    line = json.loads((tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()[0])
    finding = next(f for f in line["findings"] if f["rule"] == "bolsosl.3.flyktning")
    assert finding["responsible_municipality"] == "3301" and "responsible_municipality_name" not in finding


@pytest.mark.parametrize(("lang", "label"), sorted(LABEL.items()))
def test_explain_names_the_responsible_municipality(tmp_path: Any, lang: str, label: str) -> None:
    path = tmp_path / "case.json"
    path.write_text(json.dumps(_refugee("3005", "2023-12-31")), encoding="utf-8")
    result = CliRunner().invoke(cli, ["explain", str(path), "bolsosl.3.flyktning", "--lang", lang])
    assert result.exit_code == 0, result.output
    assert f"{label}: 3005 Drammen" in result.stdout


def test_the_interview_says_the_name_back_and_warns_on_an_unknown_number(rules: RuleBase) -> None:
    assert municipality_echo(rules, "3301", FROM, "nb") == ("3301 Drammen", True)
    text, known = municipality_echo(rules, "3005", FROM, "en")
    assert not known and text.startswith("3005 (") and "check the number" in text
    for lang in ("nb", "nn"):
        text, known = municipality_echo(rules, "3005", FROM, lang)
        assert not known and "kontroller nummeret" in text


FACT_LABEL = {"nb": "oppholdskommune", "nn": "opphaldskommune", "en": "municipality where the person is staying"}


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
@pytest.mark.parametrize(
    ("number", "day", "shown"),
    [("3005", "2023-12-31", "3005 Drammen"), ("3005", "2024-01-01", "3005"), ("3301", "2024-01-01", "3301 Drammen")],
)
def test_the_facts_of_the_case_show_each_municipality_with_its_name_of_the_day(evaluator: Evaluator, lang: str, number: str, day: str, shown: str) -> None:
    assessment = _assess(evaluator, number, day, lang)
    assert assessment.municipality_names == ({number: "Drammen"} if " " in shown else {})
    assert f"- {FACT_LABEL[lang]}: {shown}\n" in render(assessment, "text")
    assert f"<td>{shown}</td>" in render(assessment, "html")


def test_the_names_of_the_facts_are_a_report_only_part_of_the_json(tmp_path: Any) -> None:
    path = tmp_path / "case.json"
    path.write_text(json.dumps(_refugee("4601", "2024-01-01")), encoding="utf-8")
    result = CliRunner().invoke(cli, ["assess", str(path), "--format", "json"])
    assert json.loads(result.stdout)["municipality_names"] == {"4601": "Bergen"}
    lean = CliRunner().invoke(cli, ["batch", str(path), "--output", str(tmp_path / "out.jsonl"), "--quiet"])
    assert lean.exit_code == 0, lean.output
    assert "municipality_names" not in json.loads((tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()[0])
