"""``hjemmel explain``: why a rule does or does not apply, condition by condition."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from click.testing import CliRunner
from hjemmel import CaseFileError, Evaluator, load_rules, parse_case
from hjemmel.cases.consistency import check_case
from hjemmel.cli import main
from hjemmel.explain.rule_explanation import explain_rule
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from .conftest import CASES, ROOT, examples
from .strategies import case_dicts, days

RULES = load_rules(ROOT / "rules")
EVALUATOR = Evaluator(RULES)


def _explain(*args: str) -> Any:
    return CliRunner().invoke(main, ["explain", *args], catch_exceptions=False)


def test_a_rule_that_fails_on_age_names_the_birthday_that_decided_it() -> None:
    result = _explain(str(CASES / "ettervern-19-ar-2024.yaml"), "bvl.3-6.ettervern", "--date", "2030-01-01")
    assert result.exit_code == 0
    assert "gjelder ikke 01.01.2030" in " ".join(result.stdout.split())
    assert "✗ ikke oppfylt: alder: minst 18 og under 25 (fylte 25 år 02.11.2029) — i saken: 25" in result.stdout
    assert "✓ oppfylt: samtykker til ettervern: ja — i saken: ja" in result.stdout


def test_the_json_explanation_lists_each_condition_with_fact_test_value_and_whether_it_holds() -> None:
    result = _explain(str(CASES / "ettervern-19-ar-2024.yaml"), "bvl.3-6.ettervern", "--date", "2030-01-01", "--format", "json")
    data = json.loads(result.stdout)
    assert data["rule"] == "bvl.3-6.ettervern" and data["applies"] is False
    age = next(c for c in data["conditions"] if c["fact"] == "person.age")
    assert age["test"] == {"gte": 18, "lt": 25} and age["value"] == 25 and age["holds"] is False
    assert {"fact", "test", "value", "holds"} <= set(age)


def test_a_rule_that_cannot_be_decided_yet_names_the_missing_facts() -> None:
    result = _explain(str(ROOT / "tests" / "data" / "first-contact" / "ettervern-20-ar.yaml"), "bvl.3-6.ettervern", "--format", "json", "--lang", "nn")
    data = json.loads(result.stdout)
    assert data["applies"] is None
    assert data["missing"] == ["child_welfare.consents_to_aftercare", "child_welfare.needs_support_transition"]
    text = " ".join(_explain(str(ROOT / "tests" / "data" / "first-contact" / "ettervern-20-ar.yaml"), "bvl.3-6.ettervern", "--lang", "nn").stdout.split())
    assert "kan ikkje avgjerast" in text and "samtykkjer til ettervern" in text


def test_a_rule_not_in_force_says_so() -> None:
    result = _explain(str(CASES / "ettervern-19-ar-2024.yaml"), "bolsosl.6", "--date", "2020-01-01", "--lang", "en")
    text = " ".join(result.stdout.split())
    assert "does not apply on 2020-01-01" in text
    assert "not in force on that day (in force from 2023-07-01)" in text


def test_an_unknown_rule_is_a_usage_error_with_a_suggestion() -> None:
    result = _explain(str(CASES / "ettervern-19-ar-2024.yaml"), "bvl.3-6.etervern")
    assert result.exit_code == 2
    assert "did you mean 'bvl.3-6.ettervern'" in result.stderr


def test_a_bad_case_file_gives_a_message_and_exit_1(tmp_path: Any) -> None:
    bad = tmp_path / "x.yaml"
    bad.write_text("id: x\nperson:\n  age: tre\n", encoding="utf-8")
    result = _explain(str(bad), "sotjl.27")
    assert result.exit_code == 1 and "Traceback" not in result.stderr and "person.age" in result.stderr


@st.composite
def cases(draw: st.DrawFn) -> tuple[Any, dt.date]:
    day = draw(days())
    case = parse_case(draw(case_dicts(day)))
    try:
        check_case(case, day)
    except CaseFileError:
        assume(False)
    return case, day


@settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_explain_says_applies_true_exactly_for_the_rules_in_the_findings(item: tuple[Any, dt.date]) -> None:
    case, day = item
    findings = {f.rule for f in EVALUATOR.assess(case, on=day).findings}
    ctx = EVALUATOR.context(case, day)
    applies = {rule.id for rule in RULES.rules if rule.is_finding and not rule.system and explain_rule(ctx, rule.id)["applies"] is True}
    assert applies == findings
