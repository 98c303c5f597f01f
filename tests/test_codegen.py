"""Generated condition code gives the same three-valued answers as the plain definition."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hjemmel import RuleBase
from hjemmel.cases.facts import case_facts
from hjemmel.cases.loading import parse_case
from hjemmel.rulebase.codegen import compile_reasons_flat, compile_truth_flat
from hjemmel.rulebase.conditions import push_not
from hjemmel.rulebase.logic import Truth, evaluate, satisfied_tests
from hypothesis import given, settings
from hypothesis import strategies as st

from .conftest import examples
from .strategies import case_dicts, days


def _partial_facts(data: st.DataObject, day: dt.date) -> dict[str, Any] | None:
    """The flat facts of a generated case with some of them left unknown (None: not a valid case)."""
    raw: dict[str, Any] = data.draw(case_dicts(day))
    try:
        flat = case_facts(parse_case(raw), day)
    except Exception:
        return None
    return {path: value for path, value in flat.items() if data.draw(st.booleans(), label=f"keep {path}")}


@settings(max_examples=examples(60), deadline=None)
@given(data=st.data(), day=days())
def test_generated_truth_equals_three_valued_evaluation_for_every_rule(rules: RuleBase, data: st.DataObject, day: dt.date) -> None:
    raw: dict[str, Any] = data.draw(case_dicts(day))
    try:
        flat = case_facts(parse_case(raw), day)
    except Exception:  # an invalid combination: nothing to compare
        return
    names = sorted({r.derives for r in rules.rules if r.derives})
    derived: dict[str, Truth] = {n: data.draw(st.sampled_from([True, False, None])) for n in names}
    for rule in rules.rules:
        cond = rules.conditions.get(rule.id)
        if cond is not None:
            assert compile_truth_flat(cond)(flat, derived) == evaluate(cond, flat, derived), rule.id


@settings(max_examples=examples(60), deadline=None)
@given(data=st.data(), day=days())
def test_generated_reasons_equal_the_satisfied_tests_for_every_rule(rules: RuleBase, data: st.DataObject, day: dt.date) -> None:
    raw: dict[str, Any] = data.draw(case_dicts(day))
    try:
        flat = case_facts(parse_case(raw), day)
    except Exception:  # an invalid combination: nothing to compare
        return
    names = sorted({r.derives for r in rules.rules if r.derives})
    derived: dict[str, Truth] = {n: data.draw(st.sampled_from([True, False, None])) for n in names}
    for rule in rules.rules:
        cond = rules.conditions.get(rule.id)
        if cond is not None:
            pushed = push_not(cond)
            assert compile_reasons_flat(pushed)(flat, derived) == satisfied_tests(pushed, flat, derived, pushed=True), rule.id


@settings(max_examples=examples(60), deadline=None)
@given(data=st.data(), day=days())
def test_generated_needs_equal_the_closures_for_every_rule(rules: RuleBase, data: st.DataObject, day: dt.date) -> None:
    """The smallest missing facts of every rule in force, generated as code, as ``compile_need`` finds them."""
    from hjemmel import Evaluator
    from hjemmel.rulebase.needs import compile_need

    flat = _partial_facts(data, day)
    if flat is None:  # an invalid combination: nothing to compare
        return
    plan = Evaluator(rules).plan(day)
    generated = plan.need
    true, false = _bits(plan, flat, {})
    compiled: dict[int, Any] = {}
    paths = sorted({t.path for cond in plan.expanded.values() for t in conditions_tests(cond)})
    blocked = frozenset(data.draw(st.lists(st.sampled_from(paths), max_size=4))) if paths else frozenset()
    memo_a: dict[int, Any] = {}
    memo_b: dict[int, Any] = {}
    for rule_id, cond in sorted(plan.expanded.items()):
        expected = compile_need(cond, compiled)(flat, memo_a, blocked)
        assert generated[rule_id](true, false, memo_b, blocked) == expected, rule_id


def conditions_tests(cond: Any) -> list[Any]:
    from hjemmel.rulebase.conditions import tests

    return list(tests(cond))


def _bits(plan: Any, flat: dict[str, Any], derived: dict[str, Truth]) -> tuple[int, int]:
    """The (true, false) bits of ``flat`` with the derived facts as ``derived`` says."""
    true, known = plan.atoms.read(flat)
    false = known & ~true
    for name, bit in plan.atoms.derived.items():
        if derived.get(name) is True:
            true |= bit
        elif derived.get(name) is False:
            false |= bit
    return true, false


@settings(max_examples=examples(60), deadline=None)
@given(data=st.data(), day=days())
def test_bit_truths_equal_three_valued_evaluation_for_every_rule_item_and_derivation(rules: RuleBase, data: st.DataObject, day: dt.date) -> None:
    """Each rule's condition, each near-miss condition and each definition of a derived fact,
    as bit operations (``hjemmel.rulebase.bits``), gives what ``logic.evaluate`` gives,
    with facts left unknown and derived facts true, false or unknown."""
    from hjemmel import Evaluator

    flat = _partial_facts(data, day)
    if flat is None:  # an invalid combination: nothing to compare
        return
    plan = Evaluator(rules).plan(day)
    derived: dict[str, Truth] = {n: data.draw(st.sampled_from([True, False, None]), label=n) for n in sorted(plan.atoms.derived)}
    true, false = _bits(plan, flat, derived)
    for rule_id, cond in plan.own.items():
        assert plan.truth[rule_id](true, false) == evaluate(cond, flat, derived), rule_id
    for rule_id, parts in plan.items.items():
        for part, truth in parts:
            assert truth(true, false) == evaluate(part, flat, derived), (rule_id, part)
    for name, _bit, functions in plan.derivation_truth:
        assert [f(true, false) for f in functions] == [evaluate(d, flat, derived) for d in plan.derivations[name]], name


@settings(max_examples=examples(60), deadline=None)
@given(data=st.data(), day=days())
def test_a_context_derives_facts_and_bits_as_the_plain_evaluation_does(rules: RuleBase, data: st.DataObject, day: dt.date) -> None:
    """``Context.derived_truth`` is what durable-rules fired, else the plain evaluation of the
    definitions in dependency order; ``Context.true``/``false`` are those facts as bits."""
    from hjemmel import Evaluator

    raw: dict[str, Any] = data.draw(case_dicts(day))
    try:
        ctx = Evaluator(rules).context(parse_case(raw), day)
    except Exception:  # an invalid combination: nothing to compare
        return
    plan = ctx.plan
    expected: dict[str, Truth] = {r.derives: True for r in plan.active if r.derives and r.id in ctx.fired}
    for _ in range(plan.derivation_rounds):
        for name in plan.derivation_order:
            if expected.get(name) is not True:
                values = [evaluate(d, ctx.flat, expected) for d in plan.derivations[name]]
                expected[name] = True if True in values else (None if None in values else False)
    assert ctx.derived_truth == expected
    assert (ctx.true, ctx.false) == _bits(plan, ctx.flat, expected)
    assert ctx.true & ctx.false == 0


@settings(max_examples=examples(60), deadline=None)
@given(data=st.data(), day=days())
def test_touch_masks_equal_relevance_touched_for_every_rule(rules: RuleBase, data: st.DataObject, day: dt.date) -> None:
    from hjemmel import Evaluator

    flat = _partial_facts(data, day)
    if flat is None:  # an invalid combination: nothing to compare
        return
    plan = Evaluator(rules).plan(day)
    true, _ = plan.atoms.read(flat)
    for rule, mask in plan.touch_masks:
        assert (true & mask != 0) == plan.relevance.touched(rule.id, flat, {}), rule.id
    askable = {rule.id for rule, _ in plan.touch_masks}
    assert askable == {r.id for r in plan.active if r.kind != "derived" and plan.relevance.touch_tests.get(r.id)}


@settings(max_examples=examples(60), deadline=None)
@given(data=st.data(), day=days())
def test_touched_rules_by_bits_are_the_plain_selection(rules: RuleBase, data: st.DataObject, day: dt.date) -> None:
    """``questions.touched`` (bit operations) selects what the plain definition does: the rules
    (not derived) that did not fire, with an "in play" test on a known fact, for which
    ``Relevance.touched`` holds, in id order."""
    from hjemmel import Evaluator
    from hjemmel.explain.questions import touched

    raw: dict[str, Any] = data.draw(case_dicts(day))
    evaluator = Evaluator(rules)
    try:
        ctx = evaluator.context(parse_case(raw), day)
    except Exception:  # an invalid combination: nothing to compare
        return
    plan, flat = ctx.plan, ctx.flat
    by_path = plan.askable_by_path
    found = {rule.id: rule for path in flat if path in by_path for rule in by_path[path] if rule.id not in ctx.fired}
    plain = [found[rule_id] for rule_id in sorted(found) if plan.relevance.touched(rule_id, flat, {})]
    assert touched(ctx) == plain


@settings(max_examples=examples(40), deadline=None)
@given(data=st.data())
def test_law_changes_read_the_starting_rules_as_the_plain_evaluation_does(rules: RuleBase, data: st.DataObject) -> None:
    """The truth of each rule starting on a boundary, compiled once per boundary for the
    deadlines (``plan.starting_truth``), equals ``evaluate`` of its expanded condition."""
    from hjemmel.evaluation.plan import starting_truth
    from hjemmel.rulebase.conditions import expand_derived

    boundary = data.draw(st.sampled_from(rules.boundaries))
    raw: dict[str, Any] = data.draw(case_dicts(boundary))
    try:
        flat = case_facts(parse_case(raw), boundary)
    except Exception:  # an invalid combination: nothing to compare
        return
    derivations = rules.derivations(boundary)
    for rule in [r for r in rules.changes.get(boundary, ()) if r.in_force.start == boundary]:
        truth = starting_truth(rules, boundary, rule.id)
        assert truth(flat, {}) == evaluate(expand_derived(rules.conditions[rule.id], derivations), flat, {}), rule.id


@settings(max_examples=examples(60), deadline=None)
@given(data=st.data(), day=days())
def test_engagement_by_bits_equals_the_plain_relevance_for_every_rule(rules: RuleBase, data: st.DataObject, day: dt.date) -> None:
    """``Plan.engaged`` (evidence as bit operations) engages the rules ``Relevance`` engages,
    with the same evidence, on cases with facts left unknown."""
    from hjemmel import Evaluator

    flat = _partial_facts(data, day)
    if flat is None:  # an invalid combination: nothing to compare
        return
    plan = Evaluator(rules).plan(day)
    true, false = _bits(plan, flat, {})
    plain: dict[str, bool] = {}
    bits: dict[str, bool] = {}
    for rule_id in sorted(plan.relevance.rules):
        assert plan.engaged.engaged(rule_id, true, false, bits) == plan.relevance.engaged(rule_id, flat, plain), rule_id
        assert abs(plan.engaged.evidence(rule_id, true, false, {}) - plan.relevance.evidence(rule_id, flat, {})) < 1e-12, rule_id
    assert bits == plain
