"""What is fixed for every case assessed within one validity epoch.

Between two consecutive boundary dates of the rule base the same rules are in force, so
the selection, the compiled ruleset key and the expanded conditions used for explanations
are computed once per epoch, not once per case. The parts only explanations need are built
on first use (a timeline that only asks which rules fire never builds them).
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass
from functools import cached_property

from hjemmel.rulebase import conditions
from hjemmel.rulebase.base import RuleBase
from hjemmel.rulebase.conditions import Condition, Test
from hjemmel.rulebase.logic import TruthFunction, compile_truth
from hjemmel.rulebase.model import Rule
from hjemmel.rulebase.needs import NeedFunction, compile_need
from hjemmel.rulebase.relevance import GENERIC_FACTS, Relevance, build_relevance


@dataclass(frozen=True)
class Plan:
    key: frozenset[str]
    active: tuple[Rule, ...]
    derivations: dict[str, list[Condition]]
    own: dict[str, Condition]  # every rule's own condition (the rule base's)

    @cached_property
    def expanded(self) -> dict[str, Condition]:
        """Each rule's condition, negations pushed down and derived facts expanded (shared sub-conditions)."""
        return {rule.id: conditions.expand_shared(self.own[rule.id], self.derivations) for rule in self.active}

    @cached_property
    def pushed(self) -> dict[str, Condition]:
        """The rule's own condition with negations pushed down."""
        return {rule.id: conditions.push_not(self.own[rule.id]) for rule in self.active}

    @cached_property
    def play_tests(self) -> dict[str, tuple[Test, ...]]:
        """The tests of each expanded condition on facts other than the generic ones."""
        return {rid: tuple(t for t in conditions.tests(cond) if t.path not in GENERIC_FACTS) for rid, cond in self.expanded.items()}

    @cached_property
    def truth(self) -> dict[str, TruthFunction]:
        return {r.id: compile_truth(self.own[r.id]) for r in self.active}

    @cached_property
    def derivation_truth(self) -> dict[str, tuple[TruthFunction, ...]]:
        return {name: tuple(compile_truth(d) for d in defs) for name, defs in self.derivations.items()}

    @cached_property
    def need(self) -> dict[str, NeedFunction]:
        """The compiled smallest-missing-facts search of each rule."""
        compiled: dict[int, NeedFunction] = {}  # shared sub-conditions compile once
        return {rule_id: compile_need(cond, compiled) for rule_id, cond in self.expanded.items()}

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
    def items(self) -> dict[str, tuple[tuple[Condition, TruthFunction], ...]]:
        """Finding rules with two or more conditions: each condition with its compiled truth (near misses)."""
        out: dict[str, tuple[tuple[Condition, TruthFunction], ...]] = {}
        for rule in self.active:
            if rule.is_finding:
                parts = conditions.top_items(self.own[rule.id])
                if len(parts) >= 2:
                    out[rule.id] = tuple((part, compile_truth(part)) for part in parts)
        return out

    @cached_property
    def relevance(self) -> Relevance:
        """Which rules a case engages (hjemmel.rulebase.relevance)."""
        return build_relevance(self.active, self.own, self.expanded)


def epoch(rules: RuleBase, day: dt.date) -> int:
    """Index of the validity epoch that contains ``day``."""
    return bisect.bisect_right(rules.boundaries, day)


def build_plan(rules: RuleBase, day: dt.date) -> Plan:
    active = rules.in_force(day)
    return Plan(key=frozenset(r.id for r in active), active=active, derivations=rules.derivations(day), own=rules.conditions)
