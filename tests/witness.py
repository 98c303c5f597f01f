"""Test helpers: build cases that satisfy a rule, and an independent plain evaluator.

``satisfy`` finds values for case facts that make a condition true (a small search over
candidate values per base fact). ``plain_findings`` evaluates the same YAML rules in plain
Python, without durable-rules, so tests can check that both paths agree.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from typing import Any

from engine import RuleBase, parse_case
from engine.case_model import fact_fields
from engine.consistency import check_case
from engine.conditions import All, AnyOf, Condition, Test, evaluate, expand_derived, push_not
from engine.dates import birthday
from engine.facts import COMPUTED, case_facts, enum_values

# Oslo, Bergen, Stavanger, Trondheim, Bodø, Bærum (2024), and pre-reform numbers for
# Bergen (12), Trondheim (16), Bærum (02, 30), Tromsø (19, 54, 55), Kristiansand (42).
MUNICIPALITIES = ("0301", "4601", "1103", "5001", "1804", "3201", "1201", "1601", "0219", "3024", "1902", "5401", "5501", "4204")


def base_of(path: str) -> str:
    return COMPUTED.get(path, path)


def candidates(path: str, day: dt.date) -> list[Any]:
    """Plausible values of a base case fact (dates relative to the assessment date)."""
    annotation = str(fact_fields()[path])
    allowed = enum_values(path)
    if allowed is not None:
        return list(allowed)
    if "bool" in annotation:
        return [True, False]
    if path == "person.birth_date":
        return [birthday(day, -years) - dt.timedelta(days=extra) for years in range(0, 100) for extra in (40, 200)]
    if "date" in annotation:
        return [day + dt.timedelta(days=offset) for offset in (*range(-400, 400, 3), -1000, 1000)]
    if path.endswith("municipality") or path.endswith("admission"):
        return list(MUNICIPALITIES)
    if path == "person.age":
        return list(range(0, 100))
    if "int" in annotation:
        return list(range(0, 8))
    if path.endswith("national_id"):
        return []
    return []


def set_path(data: dict[str, Any], path: str, value: Any) -> None:
    section, name = path.split(".", 1)
    data.setdefault(section, {})[name] = value


def conjunctions(cond: Condition, limit: int = 64) -> Iterator[list[Test]]:
    """Disjunctive normal form, lazily (tests only; derived facts must be expanded first)."""
    def branches(c: Condition) -> Iterator[list[Test]]:
        if isinstance(c, Test):
            yield [c]
        elif isinstance(c, AnyOf):
            for item in c.items:
                yield from branches(item)
        elif isinstance(c, All):
            for combo in itertools.product(*[list(itertools.islice(branches(i), 8)) for i in c.items]):
                yield [t for part in combo for t in part]
        else:
            return

    yield from itertools.islice(branches(cond), limit)


def satisfy(cond: Condition, day: dt.date, base: dict[str, Any] | None = None, free: set[str] | None = None) -> dict[str, Any] | None:
    """A case dict (built on ``base``) whose facts make ``cond`` true on ``day``, or None.

    Only base facts in ``free`` (default: any not already in ``base``) may be chosen.
    """
    base = base or {}
    for tests in conjunctions(push_not(cond)):
        by_fact: dict[str, list[Test]] = {}
        for test in tests:
            by_fact.setdefault(base_of(test.path), []).append(test)
        data: dict[str, Any] = {k: dict(v) if isinstance(v, dict) else v for k, v in base.items()}
        ok = True
        for fact, fact_tests in by_fact.items():
            section, name = fact.split(".", 1)
            present = name in data.get(section, {})
            if present and (free is None or fact not in free):
                continue  # fixed: the final check below decides
            for value in candidates(fact, day):
                probe = {"id": "probe", section: {name: value}}
                flat = case_facts(parse_case(probe), day)
                if all(t.path in flat and t.holds(flat[t.path]) for t in fact_tests):
                    set_path(data, fact, value)
                    if fact == "person.birth_date":
                        data["person"].pop("age", None)  # the age now follows from the birth date
                    break
            else:
                ok = False
                break
        if not ok:
            continue
        data.setdefault("id", "witness")
        data["assessment_date"] = day
        try:
            case = parse_case(data)
            check_case(case, day)
        except Exception:
            continue
        if evaluate(cond, case_facts(case, day), {}) is True:
            return data
    return None


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
    excluded = {t for r in active if r.kind == "exclusion" and r.id in fired for t in r.overrides}
    return {r.id for r in active if r.is_finding and r.id in fired and r.id not in excluded}
