"""What is fixed for every case assessed within one validity epoch.

Between two consecutive boundary dates of the rule base the same rules are in force, so
the selection, the compiled ruleset key and the expanded conditions used for explanations
are computed once per epoch, not once per case. The parts only explanations need are built
on first use (a timeline that only asks which rules fire never builds them).
"""

from __future__ import annotations

import bisect
import datetime as dt
import graphlib
from dataclasses import dataclass
from functools import cached_property

from hjemmel import cache as startup
from hjemmel.rulebase import conditions
from hjemmel.rulebase.base import RuleBase
from hjemmel.rulebase.bits import Atoms, BitsTruth
from hjemmel.rulebase.codegen import BitsNeedFunction, ReasonsFunction, compile_needs_bits, compile_reasons_flat, compile_truth_flat
from hjemmel.rulebase.conditions import Condition, Test
from hjemmel.rulebase.logic import TruthFunction
from hjemmel.rulebase.model import Rule
from hjemmel.rulebase.relevance import GENERIC_FACTS, EngagedBits, Relevance, build_relevance


@dataclass(frozen=True)
class Plan:
    key: frozenset[str]
    active: tuple[Rule, ...]
    derivations: dict[str, list[Condition]]
    expanded: dict[str, Condition]
    pushed: dict[str, Condition]  # the rule's own condition with negations pushed down
    reasons: dict[str, ReasonsFunction]  # the tests of ``pushed`` that make it true (generated code)
    relies_on: dict[str, tuple[str, ...]]  # the derived facts at the top of the rule's condition
    derivers: dict[str, tuple[Rule, ...]]  # derived fact → the rules in force that derive it, in order
    play_tests: dict[str, tuple[Test, ...]]
    derivation_order: tuple[str, ...]  # the derived facts in force, each after those it rests on
    derivation_rounds: int  # passes over derivation_order that settle every derived fact (1 unless they form a cycle)
    # fact path → the "in play" tests on it with their rules (not derived): one pass over the
    # known facts finds the rules in play (hjemmel.explain.questions)
    play_by_path: dict[str, tuple[tuple[Test, Rule], ...]]
    findings: tuple[Rule, ...]  # the rules of ``active`` that give findings, in order
    exclusions: tuple[Rule, ...]  # the exclusion rules of ``active``, in order
    overriding: tuple[Rule, ...]  # the rules of ``active`` that declare exceptions (``overrides``)
    tested: dict[str, tuple[str, str]]  # every fact path a rule in force tests (all durable-rules needs) → (section, name)
    own: dict[str, Condition]  # every rule's own condition (the rule base's)

    @cached_property
    def askable_by_path(self) -> dict[str, tuple[Rule, ...]]:
        """Fact path → the rules (not derived) with an "in play" test on it, to skip others fast."""
        out: dict[str, list[Rule]] = {}
        for rule in self.active:
            if rule.kind != "derived":
                for path in sorted({t.path for t in self.play_tests[rule.id]}):
                    out.setdefault(path, []).append(rule)
        return {path: tuple(rules) for path, rules in out.items()}

    @cached_property
    def atoms(self) -> Atoms:
        """Every test and derived fact of the conditions in force, each with its bit
        (``hjemmel.rulebase.bits``): a case's tests are read once into two integers."""
        conds = [*self.own.values(), *self.expanded.values(), *(d for defs in self.derivations.values() for d in defs), *self.relevance.value_tests()]
        return Atoms(conds, derived_names=[*self.derivations, *(r.derives for r in self.active if r.derives)])

    @cached_property
    def truth(self) -> dict[str, BitsTruth]:
        """Each rule's own condition as bit operations: ``truth[rule_id](true, false)`` of a
        ``Context`` is ``logic.evaluate`` of the condition on the case's facts."""
        return self.atoms.truths(self.own)

    @cached_property
    def need(self) -> dict[str, BitsNeedFunction]:
        """Each rule's smallest missing facts (``hjemmel.rulebase.needs``) as generated code on a
        case's bits: ``need[rule_id](true, false, memo, blocked)``."""
        return compile_needs_bits(self.expanded, lambda test: self.atoms.mask((test,)))

    @cached_property
    def deriving(self) -> tuple[tuple[str, str], ...]:
        """(rule id, derived fact) of every rule in force that derives a fact, in order."""
        return tuple((rule.id, rule.derives) for rule in self.active if rule.derives)

    @cached_property
    def derivation_truth(self) -> tuple[tuple[str, int, tuple[BitsTruth, ...]], ...]:
        """Each derived fact in ``derivation_order`` with its bit and the truth of each of its
        definitions as bit operations (unknown vs false for a derived fact that did not fire)."""
        truths = self.atoms.truths({(name, i): cond for name in self.derivation_order for i, cond in enumerate(self.derivations[name])})
        return tuple((name, self.atoms.derived[name], tuple(truths[(name, i)] for i in range(len(self.derivations[name])))) for name in self.derivation_order)

    @cached_property
    def items(self) -> dict[str, tuple[tuple[Condition, BitsTruth], ...]]:
        """Finding rules with two or more conditions: each condition with its truth as bit operations (near misses)."""
        parts_of: dict[str, tuple[Condition, ...]] = {}
        for rule in self.active:
            if rule.is_finding:
                parts = conditions.top_items(self.own[rule.id])
                if len(parts) >= 2:
                    parts_of[rule.id] = parts
        truths = self.atoms.truths({(rule_id, i): part for rule_id, parts in parts_of.items() for i, part in enumerate(parts)})
        return {rule_id: tuple((part, truths[(rule_id, i)]) for i, part in enumerate(parts)) for rule_id, parts in parts_of.items()}

    @cached_property
    def touch_masks(self) -> tuple[tuple[Rule, int], ...]:
        """``Relevance.touched`` for all rules at once: each rule that can be asked about (not
        derived), in id order, with the bits of its touch tests; a rule is touched when they
        meet the bits of the tests that hold (``Context.true``)."""
        tests = self.relevance.touch_tests
        askable = sorted((rule for rule in self.active if rule.kind != "derived" and tests.get(rule.id)), key=lambda rule: rule.id)
        return tuple((rule, self.atoms.mask(tests[rule.id])) for rule in askable)

    @cached_property
    def engaged(self) -> EngagedBits:
        """Which rules a case engages, on its bits (``Relevance.engaged`` as bit operations)."""
        return EngagedBits(self.relevance, self.atoms, self.expanded)

    @cached_property
    def relevance(self) -> Relevance:
        """Which rules a case engages (hjemmel.rulebase.relevance)."""
        return build_relevance(self.active, self.own, self.expanded)


_STARTING: dict[tuple[str, dt.date, str], TruthFunction] = {}


def starting_truth(rules: RuleBase, boundary: dt.date, rule_id: str) -> TruthFunction:
    """The truth of a rule that starts on ``boundary`` (the first day of an epoch), its derived
    facts expanded with the derivations in force that day: generated code equal to
    ``logic.evaluate`` of the expanded condition, built on first use once per rule base,
    boundary and rule, not per case (the law changes among a case's deadlines)."""
    key = (rules.digest, boundary, rule_id)
    found = _STARTING.get(key)
    if found is None:
        found = _STARTING[key] = compile_truth_flat(conditions.expand_derived(rules.conditions[rule_id], rules.derivations(boundary)))
        startup.CODE.save()  # the compiled code, for the next start (as a plan's)
    return found


def epoch(rules: RuleBase, day: dt.date) -> int:
    """Index of the validity epoch that contains ``day``."""
    return bisect.bisect_right(rules.boundaries, day)


def build_plan(rules: RuleBase, day: dt.date) -> Plan:
    active = rules.in_force(day)
    derivations = rules.derivations(day)
    expanded: dict[str, Condition] = {}
    play: dict[str, tuple[Test, ...]] = {}
    pushed: dict[str, Condition] = {}
    for rule in active:
        cond = conditions.expand_shared(rules.conditions[rule.id], derivations)
        expanded[rule.id] = cond
        pushed[rule.id] = conditions.push_not(rules.conditions[rule.id])
        play[rule.id] = tuple(t for t in conditions.tests(cond) if t.path not in GENERIC_FACTS)
    order, rounds = _dependency_order(derivations)
    plan = Plan(
        key=frozenset(r.id for r in active),
        active=active,
        derivations=derivations,
        expanded=expanded,
        pushed=pushed,
        reasons={rule_id: compile_reasons_flat(cond) for rule_id, cond in pushed.items()},
        relies_on={rule_id: _top_derived(cond) for rule_id, cond in pushed.items()},
        derivers={name: tuple(r for r in active if r.derives == name) for name in {r.derives for r in active if r.derives}},
        play_tests=play,
        derivation_order=tuple(order),
        derivation_rounds=rounds,
        play_by_path=_by_path(active, play),
        findings=tuple(r for r in active if r.is_finding),
        exclusions=tuple(r for r in active if r.kind == "exclusion"),
        overriding=tuple(r for r in active if r.overrides),
        tested={t.path: _split(t.path) for r in active for t in conditions.tests(rules.conditions[r.id])},
        own={r.id: rules.conditions[r.id] for r in active},
    )
    startup.CODE.save()  # the compiled conditions, for the next start
    return plan


def _dependency_order(derivations: dict[str, list[Condition]]) -> tuple[list[str], int]:
    """Derived facts with each after those its definitions use, and the passes that settle them."""
    graph = {name: {n for d in defs for n in conditions.derived_names(d) if n in derivations} for name, defs in derivations.items()}
    try:
        return list(graphlib.TopologicalSorter(graph).static_order()), 1
    except graphlib.CycleError:  # lint reports the cycle; keep the bounded rounds
        return list(derivations), 3


def _split(path: str) -> tuple[str, str]:
    section, _, name = path.partition(".")
    return section, name


def _top_derived(cond: Condition) -> tuple[str, ...]:
    top = cond.items if isinstance(cond, conditions.All) else (cond,)
    return tuple(item.name for item in top if isinstance(item, conditions.Derived))


def _by_path(active: tuple[Rule, ...], play: dict[str, tuple[Test, ...]]) -> dict[str, tuple[tuple[Test, Rule], ...]]:
    out: dict[str, list[tuple[Test, Rule]]] = {}
    for rule in active:
        if rule.kind != "derived":
            for test in play[rule.id]:
                out.setdefault(test.path, []).append((test, rule))
    return {path: tuple(pairs) for path, pairs in out.items()}
