"""Everything the source document names is either covered by a rule or explicitly left out."""

from __future__ import annotations

from click.testing import CliRunner
from hjemmel import RuleBase
from hjemmel.cli import main
from hjemmel.rulebase.coverage import SOURCE_DOCUMENT, SourceItem, coverage, problems


def test_every_actor_and_law_in_the_source_is_covered_or_left_out(rules: RuleBase) -> None:
    assert problems(coverage(rules)) == []


def test_the_source_list_names_every_actor_that_rules_use(rules: RuleBase) -> None:
    named = {i for item in SOURCE_DOCUMENT if item.kind == "actor" for i in item.ids}
    used = {r.actor for r in rules.rules if r.actor} - {"kommunal-klagenemnd", "klagenemnda-for-husbanken", "tingretten", "nav-klageinstans"}
    assert used <= named, f"actors with rules but not in the source list: {sorted(used - named)}"


def test_an_uncovered_item_is_a_problem(rules: RuleBase) -> None:
    missing = SourceItem("law", "En lov uten regler", ("finnes-ikke",))
    unsectioned = SourceItem("law", "Sosialtjenesteloven", ("sosialtjenesteloven",), ("99",))
    found = problems(coverage(rules, (missing, unsectioned)))
    assert any("finnes-ikke" in p for p in found)
    assert any("neither covered" in p for p in found)
    assert any("§ 99" in p for p in found)


def test_a_left_out_item_needs_no_rule(rules: RuleBase) -> None:
    item = SourceItem("actor", "Et departement", left_out="policy only")
    assert problems(coverage(rules, (item,))) == []


def test_rules_coverage_command_lists_rules_and_omissions() -> None:
    result = CliRunner().invoke(main, ["rules", "coverage"], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    assert "sotjl.27" in result.stdout
    assert "not encoded: bolsosl.1" in result.stdout
    assert "left out" in result.stdout
    assert "0 problem(s)" in result.stderr
