"""Compile rules into a durable-rules JSON ruleset (the only producer of that artefact).

Shape of the facts asserted per case (one session id per case):
- the case:      ``{"sid": …, "t": "case", "person": {"age": 19, …}, …}``
- derived facts: ``{"sid": …, "t": "derived", "name": "vanskeligstilt", "by": rule_id}``

A rule becomes one durable-rules rule. Its fact tests become one expression on the case
fact; each top-level ``derived: X`` becomes a join with a derived fact named X. Negations
are pushed down to the tests; every test except equality is guarded by ``$ex`` so that an
absent (unknown) fact never matches. A warm-up rule (matching only the warm-up fact the
backend asserts once per ruleset) avoids a crash in durable-rules 2.0.28 when the state
of an unhandled *first* session is deleted (see backend.py).
"""

from __future__ import annotations

import json
from typing import Any

from hjemmel.rulebase.conditions import All, AnyOf, Condition, Derived, Test, push_not
from hjemmel.rulebase.model import Rule

WARMUP = "_warmup"
WARMUP_FACT = {"sid": "_warmup", "t": "warmup"}
CASE = {"t": "case"}


def _exists(path: str) -> dict[str, Any]:
    return {"$ex": {path: 1}}


def compile_test(test: Test) -> dict[str, Any]:
    path, op, value = test.path, test.op, test.value
    if op == "eq":
        return {path: value}
    if op == "in":
        assert isinstance(value, tuple)
        if len(value) == 1:
            return {path: value[0]}
        return {"$or": [{path: v} for v in value]}
    if op == "ne":
        return {"$and": [_exists(path), {"$neq": {path: value}}]}
    if op == "not_in":
        assert isinstance(value, tuple)
        return {"$and": [_exists(path)] + [{"$neq": {path: v}} for v in value]}
    operator = {"lt": "$lt", "lte": "$lte", "gt": "$gt", "gte": "$gte"}[op]
    return {"$and": [_exists(path), {operator: {path: value}}]}


def compile_expression(cond: Condition) -> dict[str, Any]:
    if isinstance(cond, Test):
        return compile_test(cond)
    if isinstance(cond, All):
        return {"$and": [compile_expression(item) for item in cond.items]}
    if isinstance(cond, AnyOf):
        if len(cond.items) == 1:
            return compile_expression(cond.items[0])
        return {"$or": [compile_expression(item) for item in cond.items]}
    raise TypeError(f"cannot compile {cond!r} inside a fact expression")


def compile_rule(cond: Condition) -> dict[str, Any]:
    """The durable-rules rule body (without its action) for one condition."""
    cond = push_not(cond)
    top = cond.items if isinstance(cond, All) else (cond,)
    derived = sorted({c.name for c in top if isinstance(c, Derived)})
    tests = [c for c in top if not isinstance(c, Derived)]
    case_expr: dict[str, Any] = {"$and": [dict(CASE)] + [compile_expression(t) for t in tests]}
    patterns: list[dict[str, Any]] = [{"c": case_expr}]
    for i, name in enumerate(derived):
        patterns.append({f"d{i}": {"$and": [{"t": "derived"}, {"name": name}]}})
    return {"all": patterns}


def compile_ruleset(rules: tuple[Rule, ...], conditions: dict[str, Condition]) -> dict[str, dict[str, Any]]:
    """rule id → durable-rules rule body. Deterministic; a fresh copy on every call.

    The copy is a JSON round trip: the bodies are JSON (durable-rules serialises them
    anyway), and it is several times faster than ``copy.deepcopy`` (a timeline compiles a
    ruleset per validity epoch).
    """
    out: dict[str, dict[str, Any]] = {WARMUP: {"all": [{"w": {"t": "warmup"}}]}}
    for rule in sorted(rules, key=lambda r: r.id):
        out[rule.id] = compile_rule(conditions[rule.id])
    fresh: dict[str, dict[str, Any]] = json.loads(json.dumps(out))
    return fresh
