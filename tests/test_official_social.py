"""The social-housing rules against the official text (Lovdata's open data set).

Boligsosial lov § 7 first paragraph: when someone asks for assistance, the municipality must
decide whether the person is disadvantaged on the housing market (§ 4). So when that is
unknown, it is an open question; when it is known, the answer decides § 6.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from hjemmel import Evaluator, RuleBase, RuleFileError, load_rules, parse_case

from .conftest import ROOT

DAY = dt.date(2024, 6, 3)


def _asked_for_help(cannot_manage: bool | None) -> dict[str, object]:
    housing: dict[str, object] = {"situation": "with_family_or_friends", "requested_assistance": True}
    if cannot_manage is not None:
        housing["cannot_manage_housing_market"] = cannot_manage
    return {
        "id": "ba-om-bistand",
        "assessment_date": DAY.isoformat(),
        "person": {"age": 41, "municipality": "5001", "lawful_stay": True},
        "housing": housing,
    }


def _assess(evaluator: Evaluator, data: dict[str, object]):  # type: ignore[no-untyped-def]
    return evaluator.assess(parse_case(data), on=DAY)


def test_unknown_vanskeligstilt_is_an_open_question_when_help_was_asked_for(evaluator: Evaluator) -> None:
    result = _assess(evaluator, _asked_for_help(None))
    fired = {f.rule for f in result.findings}
    assert "bolsosl.7" in fired
    assert "bolsosl.6" not in fired
    questions = {q.fact: q for q in result.open_questions}
    assert "housing.cannot_manage_housing_market" in questions
    assert "bolsosl.6" in questions["housing.cannot_manage_housing_market"].could_add


def test_known_vanskeligstilt_gives_the_duty_of_assistance(evaluator: Evaluator) -> None:
    result = _assess(evaluator, _asked_for_help(True))
    fired = {f.rule for f in result.findings}
    assert {"bolsosl.6", "bolsosl.7"} <= fired
    assert "housing.cannot_manage_housing_market" not in {q.fact for q in result.open_questions}


def test_known_not_vanskeligstilt_keeps_the_decision_but_not_the_duty(evaluator: Evaluator) -> None:
    result = _assess(evaluator, _asked_for_help(False))
    fired = {f.rule for f in result.findings}
    # A refusal is also an individual decision (§ 7 first paragraph), so § 7 still applies.
    assert "bolsosl.7" in fired
    assert "bolsosl.6" not in fired
    assert "housing.cannot_manage_housing_market" not in {q.fact for q in result.open_questions}


def test_not_asking_for_help_does_not_make_vanskeligstilt_hold(evaluator: Evaluator) -> None:
    data = _asked_for_help(None)
    housing = data["housing"]
    assert isinstance(housing, dict)
    housing["requested_assistance"] = False
    fired = {f.rule for f in _assess(evaluator, data).findings}
    assert "bolsosl.6" not in fired
    assert "bolsosl.7" not in fired


def test_the_appeal_rule_cites_section_7(rules: RuleBase) -> None:
    rule = rules.rule("bolsosl.7.klage")
    assert rule.section == "7"
    assert [q.paragraph for q in rule.text] == ["fjerde ledd"]
    with pytest.raises(KeyError):
        rules.rule("bolsosl.8.klage")


# --- the checker and the data set's forms -------------------------------------------------

OFFICIAL_RULES = ROOT / "tests" / "data" / "official-rules"
APPEAL = "Ved klage over enkeltvedtak er statsforvalteren klageinstans."


def _fixture_with_appeal_quote(tmp_path: Path, quote: str, in_force: str) -> Path:
    folder = tmp_path / "rules"
    shutil.copytree(OFFICIAL_RULES, folder)
    path = folder / "boligsosialloven.yaml"
    text = path.read_text(encoding="utf-8")
    head, sep, tail = text.partition("  - id: bolsosl.7.klage\n")
    assert sep and APPEAL in tail
    tail = tail.replace(APPEAL, quote, 1).replace("    in_force: {from: 2023-07-01}\n", f"    in_force: {in_force}\n", 1)
    path.write_text(head + sep + tail, encoding="utf-8")
    return folder


def test_a_rule_for_an_earlier_wording_keeps_its_own_quote(tmp_path: Path) -> None:
    # The data set holds only today's text: a rule that ended before it was read is not checked against it.
    old = "Ved klage er statsforvalteren klageinstans."
    rules = load_rules(_fixture_with_appeal_quote(tmp_path, old, "{from: 2023-07-01, until: 2024-01-01}"))
    assert rules.rule("bolsosl.7.klage").text[-1].quote == old


def test_a_rule_still_in_force_when_the_data_set_was_read_is_checked(tmp_path: Path) -> None:
    folder = _fixture_with_appeal_quote(tmp_path, "Ved klage er statsforvalteren klageinstans.", "{from: 2023-07-01, until: 2027-01-01}")
    with pytest.raises(RuleFileError) as info:
        load_rules(folder)
    assert "bolsosl.7.klage: the quote is not verbatim in § 7" in info.value.format()


def test_an_act_without_a_number_has_a_ref_id_without_one(rules: RuleBase) -> None:
    law = rules.laws["forvaltningsloven"]
    assert law.official is not None and law.official.ref_id == "lov/1967-02-10"
    assert rules.rule("fvl.28.kommunal-bolig").text


def test_the_typo_in_sotjl_13_is_quoted_as_the_data_set_writes_it(rules: RuleBase) -> None:
    quotes = [q.quote for q in rules.rule("sotjl.13.samarbeid-barnevern").text]
    assert any("velferdsforvaltningener pålagt" in q for q in quotes)
