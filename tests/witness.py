"""Test helpers: build cases that satisfy a rule, and an independent plain evaluator.

``satisfy`` finds values for case facts that make a condition true (a small search over
candidate values per base fact). ``plain_findings`` evaluates the same YAML rules in plain
Python, without durable-rules, so tests can check that both paths agree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from hjemmel import RuleBase, load_rules
from hjemmel.cases.facts import case_facts
from hjemmel.rulebase.conditions import All, AnyOf, Condition, Derived, Scalar, Test, expand_derived, push_not, walk
from hjemmel.rulebase.logic import evaluate
from hjemmel.rulebase.satisfiability import base_of, hints_from
from hjemmel.rulebase.satisfiability import candidates as _candidates
from hjemmel.rulebase.satisfiability import satisfy as _satisfy

__all__ = ["MUNICIPALITIES", "base_of", "candidates", "plain_findings", "rule_condition", "satisfy"]

# Oslo, Bergen, Stavanger, Trondheim, Bodø, Bærum (2024), and pre-reform numbers for
# Bergen (12), Trondheim (16), Bærum (02, 30), Tromsø (19, 54, 55), Kristiansand (42).
MUNICIPALITIES = ("0301", "4601", "1103", "5001", "1804", "3201", "1201", "1601", "0219", "3024", "1902", "5401", "5501", "4204")

_RULES = load_rules(Path(__file__).resolve().parent.parent / "rules")
HINTS = hints_from(_RULES.conditions.values())


def candidates(path: str, day: dt.date) -> list[Any]:
    """Candidate values for generated cases: the engine's list plus a few municipalities."""
    values = _candidates(path, day, HINTS)
    if "municipality" in path or path.endswith("admission"):
        values = values + [m for m in MUNICIPALITIES if m not in values]
    return values


def satisfy(cond: Condition, day: dt.date, base: dict[str, Any] | None = None, free: set[str] | None = None) -> dict[str, Any] | None:
    return _satisfy(cond, day, base=base, free=free, hints=HINTS)


def rule_condition(rules: RuleBase, rule_id: str, day: dt.date) -> Condition:
    return expand_derived(rules.conditions[rule_id], rules.derivations(day))


def plain_findings(rules: RuleBase, case: Any, day: dt.date) -> set[str]:
    """Finding rule ids by plain three-valued evaluation (no durable-rules)."""
    flat = case_facts(case, day)
    active = rules.in_force(day)
    derived: dict[str, bool | None] = {}
    for _ in range(5):  # fixpoint over derived facts
        for rule in active:
            if rule.derives and evaluate(rules.conditions[rule.id], flat, derived) is True:
                derived[rule.derives] = True
    fired = {r.id for r in active if evaluate(rules.conditions[r.id], flat, derived) is True}
    # Declared exceptions, by plain fixpoint: a rule that stands sets its targets aside.
    standing = set(fired)
    for _ in range(10):
        aside = {t for r in active if r.id in standing for t in r.overrides}
        standing = fired - aside
    return {r.id for r in active if r.is_finding and r.id in standing}


GENERIC = frozenset({"person.age", "person.birth_date", "person.earliest_birth_date", "person.municipality"})


def plain_open_questions(rules: RuleBase, case: Any, day: dt.date) -> dict[str, set[str]]:
    """fact → rules it could add, computed plainly from the rule conditions (no plan, no
    compiled closures, no durable-rules): for every finding rule in force that is neither
    true nor false, is "in play" (a non-generic test already holds) and is not set aside by
    a standing exception, the smallest set of missing facts."""
    from hjemmel.cases.facts import COMPUTED

    flat = case_facts(case, day)
    active = rules.in_force(day)
    derivations = rules.derivations(day)
    derived: dict[str, bool | None] = {}
    for _ in range(5):
        for name, defs in derivations.items():
            values = [evaluate(d, flat, derived) for d in defs]
            derived[name] = True if True in values else (None if None in values else False)
    fired = {r.id for r in active if evaluate(rules.conditions[r.id], flat, derived) is True}
    standing = set(fired)
    for _ in range(10):
        standing = fired - {t for r in active if r.id in standing for t in r.overrides}
    aside = fired - standing
    # Where the person sleeps tonight is asked whenever it is open: the case speaks about the
    # housing, and the person is not in a home of their own, a prison or an institution.
    situation = flat.get("housing.situation")
    tonight = (
        TONIGHT not in flat
        and situation not in ("own_home", "rental", "municipal_rental", "prison", "institution")
        and flat.get("criminal_justice.status") not in ("serving", "remand")
        and (situation is not None or any(path.startswith("housing.") for path in flat))
    )
    out: dict[str, set[str]] = {}
    for rule in active:
        if not rule.is_finding or rule.id in fired or rule.id in aside:
            continue
        cond = rules.conditions[rule.id]
        if evaluate(cond, flat, derived) is not None:
            continue
        needed = missing_for(cond, flat, derivations)
        fields = {path if path == "person.age" else COMPUTED.get(path, path) for path in needed or ()}
        spoken = {path.split(".")[0] for path in flat if path not in GENERIC and path != "person.county"}
        engaged = plain_engaged(rules, active, derivations, rule.id, flat)
        touched = plain_touched(rules, active, derivations, rule.id, flat) or (tonight and plain_tests(rules, derivations, rule.id, TONIGHT))
        if not engaged and not (all(f.split(".")[0] in spoken for f in fields) and touched):
            continue
        for asked in fields:
            out.setdefault(asked, set()).add(rule.id)
    return out


TONIGHT = "housing.no_place_to_stay_next_24h"


def plain_tests(rules: RuleBase, derivations: Mapping[str, list[Condition]], rule_id: str, path: str) -> bool:
    """Whether the rule's own ``when`` list requires ``path`` to be true (an acute rule)."""
    from hjemmel.rulebase.conditions import top_items

    del derivations
    return any(isinstance(t, Test) and t.path == path and t.op == "eq" and t.value is True for t in top_items(rules.conditions[rule_id]))


def plain_touched(rules: RuleBase, active: Any, derivations: Mapping[str, list[Condition]], rule_id: str, flat: Mapping[str, Scalar]) -> bool:
    """A positive test (not "any value but") on a non-generic fact holds, derived facts expanded."""
    from hjemmel.cases.facts import answered_by

    def specific(t: Test) -> bool:
        return ("person.municipality" if t.path == "person.county" else answered_by(t.path)) not in GENERIC

    cond = push_not(expand_derived(rules.conditions[rule_id], derivations))
    return any(isinstance(t, Test) and t.op not in ("ne", "not_in") and t.path in flat and t.holds(flat[t.path]) and specific(t) for t in walk(cond))


def missing_for(cond: Condition, facts: Mapping[str, Scalar], expand: Mapping[str, list[Condition]]) -> frozenset[str] | None:
    """Smallest set of unknown facts that, given suitable values, can make ``cond`` true.

    Returns None when the condition is already false (no answer can make it true), and an
    empty set when it is already true. Derived facts are expanded through ``expand``
    (name → the conditions of the rules that derive it). This is the plain
    reference version; the engine uses ``hjemmel.rulebase.needs``, and tests check that
    both agree.
    """

    def need(c: Condition, depth: int) -> frozenset[str] | None:
        if isinstance(c, Test):
            if c.path not in facts:
                return frozenset({c.path})
            return frozenset() if c.holds(facts[c.path]) else None
        if isinstance(c, Derived):
            if depth > 8:
                return None
            return _smallest([need(push_not(d), depth + 1) for d in expand.get(c.name, [])])
        if isinstance(c, All):
            total: set[str] = set()
            for item in c.items:
                part = need(item, depth)
                if part is None:
                    return None
                total |= part
            return frozenset(total)
        if isinstance(c, AnyOf):
            return _smallest([need(item, depth) for item in c.items])
        raise TypeError(c)  # pragma: no cover - push_not removed Not

    return need(push_not(cond), 0)


def _smallest(options: list[frozenset[str] | None]) -> frozenset[str] | None:
    viable = [o for o in options if o is not None]
    if not viable:
        return None
    return min(viable, key=lambda o: (len(o), sorted(o)))


def plain_engaged(rules: RuleBase, active: Any, derivations: Mapping[str, list[Condition]], rule_id: str, flat: Mapping[str, Scalar]) -> bool:
    """The relevance criterion of docs/relevance.md, written out plainly (no compiled tables).

    A fact tested by n rules in force weighs 1/n (age, birth date, municipality: 0); a rule is
    engaged when the facts that hold positively, plus its engaged derived facts, weigh at
    least 1/4, or when it names only derived facts and all of them are engaged.
    """
    from hjemmel.cases.facts import answered_by

    def fact(t: Test) -> str:
        return "person.municipality" if t.path == "person.county" else answered_by(t.path)

    def named(t: Test) -> set[str]:  # a named value of an enumerated fact counts as a fact of its own
        values = t.value if isinstance(t.value, tuple) else (t.value,)
        return {f"{fact(t)}={v}" for v in values} if all(isinstance(v, str) for v in values) else {fact(t)}

    count: dict[str, int] = {}
    for rule in active:
        cond = rules.conditions[rule.id]
        for name in {n for t in walk(cond) if isinstance(t, Test) for n in named(t)} | {"derived:" + d.name for d in walk(cond) if isinstance(d, Derived)}:
            count[name] = count.get(name, 0) + 1

    def weight(name: str) -> float:
        return 0.0 if name.split("=")[0] in GENERIC else 1 / count.get(name, 10**9)

    def held(t: Test) -> str:
        value = flat[t.path]
        return f"{fact(t)}={value}" if "=" in next(iter(named(t))) else fact(t)

    def engaged(rid: str, seen: frozenset[str]) -> bool:
        cond = push_not(rules.conditions[rid])
        tests_ = [c for c in walk(cond) if isinstance(c, Test)]
        names = {d.name for d in walk(cond) if isinstance(d, Derived)}
        positive = {held(t): len(named(t)) for t in tests_ if t.op not in ("ne", "not_in") and t.path in flat and t.holds(flat[t.path])}
        on = {n for n in names if derived_on(n, seen)}
        if names and on == names and not any(weight(n) > 0 for t in tests_ for n in named(t)):
            return True
        return sum(weight(p) / (k if "=" in p else 1) for p, k in positive.items()) + sum(weight("derived:" + n) for n in on) >= 0.25 - 1e-9

    def derived_on(name: str, seen: frozenset[str]) -> bool:
        if name in seen:
            return False
        for rule in active:
            if rule.derives == name:
                holds = evaluate(expand_derived(rules.conditions[rule.id], derivations), flat, {}) is True
                if holds or engaged(rule.id, seen | {name}):
                    return True
        return False

    return engaged(rule_id, frozenset())
