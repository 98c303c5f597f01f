"""Invariants of the engine, checked with hypothesis on generated cases."""

from __future__ import annotations

import datetime as dt
import json
import random
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from hjemmel import CaseFileError, Evaluator, RuleBase, load_rules, parse_case
from hjemmel.cases.consistency import check_case
from hjemmel.reports import render
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from .conftest import ROOT
from .strategies import case_dicts, days
from .witness import base_of, missing_for, plain_findings, plain_open_questions, satisfy

RULES = load_rules(ROOT / "rules")
EVALUATOR = Evaluator(RULES)  # module level: hypothesis would pretty-print fixtures in full
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def cases(draw: st.DrawFn) -> tuple[Any, dt.date]:
    day = draw(days())
    data = draw(case_dicts(day))
    case = parse_case(data)
    try:
        check_case(case, day)
    except CaseFileError:
        assume(False)
    return case, day


@SETTINGS
@given(cases())
def test_same_input_gives_byte_identical_output(item: tuple[Any, dt.date]) -> None:
    evaluator = EVALUATOR
    case, day = item
    first = render(evaluator.assess(case, on=day), "json")
    second = render(Evaluator(evaluator.rules).assess(case, on=day), "json")
    assert first == second


@SETTINGS
@given(cases())
def test_durable_rules_agrees_with_a_plain_evaluator(item: tuple[Any, dt.date]) -> None:
    """Findings and open questions: durable-rules plus the engine's explanation vs plain Python."""
    rules, evaluator = RULES, EVALUATOR
    case, day = item
    assessment = evaluator.assess(case, on=day)
    assert {f.rule for f in assessment.findings} == plain_findings(rules, case, day)
    engine_questions = {q.fact: set(q.could_add) for q in assessment.open_questions if q.could_add}
    assert engine_questions == plain_open_questions(rules, case, day)


@SETTINGS
@given(cases(), st.data())
def test_a_missing_fact_never_produces_a_finding_that_needs_it(item: tuple[Any, dt.date], data: st.DataObject) -> None:
    evaluator = EVALUATOR
    case, day = item
    full = evaluator.assess(case, on=day)
    known = case.model_dump(mode="json", exclude_none=True, exclude={"expected"})
    paths = [(s, f) for s, v in known.items() if isinstance(v, dict) for f in v]
    assume(paths)
    drop = data.draw(st.lists(st.sampled_from(paths), unique=True, min_size=1))
    for section, name in drop:
        del known[section][name]
    reduced = evaluator.assess(parse_case(known), on=day)
    standing = {n.rule for n in full.notes if n.kind == "excluded"} | {f.rule for f in full.findings}
    overridden = {t for rid in standing if rid for t in evaluator.rules.rule(rid).overrides}
    for finding in reduced.findings:
        assert finding.rule in {f.rule for f in full.findings} or finding.rule in overridden
        for reason in finding.because:
            section, name = reason.fact.split(".", 1)
            assert (section, name) not in drop, f"{finding.rule} rests on removed fact {reason.fact}"


@SETTINGS
@given(cases())
def test_answering_open_questions_produces_or_rules_out_the_finding(item: tuple[Any, dt.date]) -> None:
    evaluator = EVALUATOR
    case, day = item
    assessment = evaluator.assess(case, on=day)
    rules = evaluator.rules
    data = case.model_dump(mode="json", exclude_none=True, exclude={"expected"})
    for question in assessment.open_questions[:3]:
        for rule_id in question.could_add[:2]:
            cond = rules.conditions[rule_id]
            from hjemmel.cases.facts import case_facts

            needed = missing_for(cond, case_facts(case, day), rules.derivations(day))
            assert needed is not None and question.fact in needed | {base_of(p) for p in needed}
            answered = satisfy(cond, day, base=data, free={base_of(p) for p in needed})
            if answered is None:
                continue  # the search found no values; nothing to check
            after = {f.rule for f in evaluator.assess(parse_case(answered), on=day).findings}
            excluded = {n.rule for n in evaluator.assess(parse_case(answered), on=day).notes if n.kind == "excluded"}
            assert rule_id in after or excluded, f"answering {sorted(needed)} should produce {rule_id}"


def test_rule_order_in_the_files_does_not_matter(tmp_path: Path, evaluator: Evaluator) -> None:
    shuffled = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", shuffled)
    rng = random.Random(7)
    for path in shuffled.glob("*.yaml"):
        data = yaml.safe_load(path.read_text())
        for key in ("rules", "actors", "laws"):
            if key in data:
                rng.shuffle(data[key])
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    other = Evaluator(load_rules(shuffled))
    for case_file in sorted((ROOT / "cases").glob("*.yaml")):
        from hjemmel import load_case

        case = load_case(case_file)
        a = json.loads(render(evaluator.assess(case), "json"))
        b = json.loads(render(other.assess(case), "json"))
        a["ruleset"] = b["ruleset"] = a["receipt"]["rules"] = b["receipt"]["rules"] = None  # the digest covers the file bytes
        assert a == b, case_file.name


def test_every_finding_rule_can_fire(rules: RuleBase) -> None:
    """No rule is dead: each has a case that satisfies it on some day it is in force."""
    from .witness import rule_condition

    for rule in rules.rules:
        if not (rule.is_finding and rule.evaluable):
            continue
        day = rule.in_force.start or dt.date(2024, 1, 1)
        assert satisfy(rule_condition(rules, rule.id, day), day) is not None, rule.id


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_every_format_renders_for_every_example(evaluator: Evaluator, lang: str) -> None:
    from hjemmel import load_case

    for case_file in sorted((ROOT / "cases").glob("*.yaml")):
        assessment = evaluator.assess(load_case(case_file), lang=lang)
        for fmt in ("text", "markdown", "html", "json"):
            assert render(assessment, fmt).strip()


@SETTINGS
@given(cases(), st.sampled_from(["nb", "en"]))
def test_batch_fast_path_writes_exactly_the_contract_json(item: tuple[Any, dt.date], lang: str) -> None:
    """The batch serialises plain data without building the model: it must not differ."""
    from hjemmel.assessment import contract_json

    case, day = item
    data = EVALUATOR.assess_data(case, on=day, lang=lang)
    model = EVALUATOR.assess(case, on=day, lang=lang)
    assert contract_json(data) == contract_json(model.to_json_dict()) == json.dumps(model.to_json_dict(), ensure_ascii=False, separators=(",", ":"))


@SETTINGS
@given(cases(), st.sampled_from(["nb", "nn", "en"]))
def test_assess_json_from_plain_data_is_the_models_rendering(item: tuple[Any, dt.date], lang: str) -> None:
    """`assess --format json` and the API's /assess write the plain data (one serialisation):
    byte for byte what rendering the validated model writes."""
    from hjemmel.assessment import Assessment, contract_text

    case, day = item
    data = EVALUATOR.assess_data(case, on=day, lang=lang)
    assert contract_text(data) == render(Assessment.model_validate(data), "json")


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_assess_json_from_plain_data_for_every_example(evaluator: Evaluator, lang: str) -> None:
    from hjemmel import load_case
    from hjemmel.assessment import Assessment, contract_text

    for case_file in sorted((ROOT / "cases").glob("*.yaml")):
        data = evaluator.assess_data(load_case(case_file), lang=lang, source=str(case_file))
        assert contract_text(data) == render(Assessment.model_validate(data), "json"), case_file.name
