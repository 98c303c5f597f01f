"""The condition language of rule files.

A ``when:`` block is a list of conditions that must all hold. Each item is one of::

    - housing.no_place_to_stay_next_24h: true          # equality
    - person.age: {gte: 18, lt: 25}                     # comparisons (all must hold)
    - housing.situation: {in: [homeless, prison]}       # membership
    - person.birth_date: {gte: 1998-01-01}              # dates compare as dates
    - any: [ ... ]                                      # at least one holds
    - all: [ ... ]                                      # every one holds
    - not: { ... }                                      # negation of a fact test
    - derived: vanskeligstilt                           # a derived fact (another rule)

Semantics are three-valued: a test on an absent (unknown) fact is *unknown*, and so is
``not`` of unknown. A rule fires only when its condition is known to be true.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from hjemmel.dates import day_number

OPERATORS = ("eq", "ne", "in", "not_in", "lt", "lte", "gt", "gte")
NEGATED = {"eq": "ne", "ne": "eq", "in": "not_in", "not_in": "in", "lt": "gte", "gte": "lt", "gt": "lte", "lte": "gt"}

Scalar = bool | int | str


@dataclass(frozen=True)
class Test:
    path: str
    op: str
    value: Scalar | tuple[Scalar, ...]

    def holds(self, actual: Scalar) -> bool:
        op, value = self.op, self.value
        if op == "eq":
            return actual == value and type(actual) is type(value)
        if op == "ne":
            return not (actual == value and type(actual) is type(value))
        if op == "in":
            assert isinstance(value, tuple)
            return actual in value
        if op == "not_in":
            assert isinstance(value, tuple)
            return actual not in value
        if isinstance(actual, bool) or not isinstance(actual, int) or not isinstance(value, int):
            return False
        if op == "lt":
            return actual < value
        if op == "lte":
            return actual <= value
        if op == "gt":
            return actual > value
        return actual >= value


@dataclass(frozen=True)
class All:
    items: tuple[Condition, ...]


@dataclass(frozen=True)
class AnyOf:
    items: tuple[Condition, ...]


@dataclass(frozen=True)
class Not:
    item: Condition


@dataclass(frozen=True)
class Derived:
    name: str


Condition = Test | All | AnyOf | Not | Derived


class ConditionError(ValueError):
    """A malformed condition; ``path`` says where inside ``when``."""

    def __init__(self, message: str, path: tuple[str | int, ...]) -> None:
        super().__init__(message)
        self.path = path


def _scalar(value: Any, where: tuple[str | int, ...]) -> Scalar:
    if isinstance(value, dt.date):
        return day_number(value)
    if isinstance(value, (bool, int, str)):
        return value
    raise ConditionError(f"expected true/false, a number, a date or a name, got {value!r}", where)


def parse(raw: Any, where: tuple[str | int, ...] = ()) -> Condition:
    """Parse a ``when:`` block (a list means all of its items)."""
    if isinstance(raw, list):
        if not raw:
            raise ConditionError("an empty condition list is not allowed", where)
        return All(tuple(parse(item, where + (i,)) for i, item in enumerate(raw)))
    if not isinstance(raw, Mapping) or len(raw) != 1:
        raise ConditionError(
            "each condition is a mapping with one key: a fact path, 'all', 'any', 'not' or 'derived'",
            where,
        )
    ((key, value),) = raw.items()
    inner = where + (key,)
    if key in ("all", "any"):
        if not isinstance(value, list) or not value:
            raise ConditionError(f"'{key}' takes a non-empty list of conditions", inner)
        items = tuple(parse(item, inner + (i,)) for i, item in enumerate(value))
        return All(items) if key == "all" else AnyOf(items)
    if key == "not":
        return Not(parse(value, inner))
    if key == "derived":
        if not isinstance(value, str):
            raise ConditionError("'derived' takes the name of a derived fact", inner)
        return Derived(value)
    if not isinstance(key, str) or "." not in key:
        raise ConditionError(f"'{key}' is not a fact path (section.field) nor all/any/not/derived", inner)
    if isinstance(value, Mapping):
        tests: list[Condition] = []
        for op, operand in value.items():
            if op not in OPERATORS:
                raise ConditionError(f"unknown operator '{op}'; use one of {', '.join(OPERATORS)}", inner + (op,))
            if op in ("in", "not_in"):
                if not isinstance(operand, list) or not operand:
                    raise ConditionError(f"'{op}' takes a non-empty list", inner + (op,))
                tests.append(Test(key, op, tuple(_scalar(v, inner + (op,)) for v in operand)))
            else:
                scalar = _scalar(operand, inner + (op,))
                if op in ("lt", "lte", "gt", "gte") and (isinstance(scalar, bool) or not isinstance(scalar, int)):
                    raise ConditionError(f"'{op}' compares numbers or dates, got {operand!r}", inner + (op,))
                tests.append(Test(key, op, scalar))
        if not tests:
            raise ConditionError("an empty comparison", inner)
        return tests[0] if len(tests) == 1 else All(tuple(tests))
    return Test(key, "eq", _scalar(value, inner))


def walk(cond: Condition) -> Iterator[Condition]:
    yield cond
    if isinstance(cond, (All, AnyOf)):
        for item in cond.items:
            yield from walk(item)
    elif isinstance(cond, Not):
        yield from walk(cond.item)


def tests(cond: Condition) -> Iterator[Test]:
    return (c for c in walk(cond) if isinstance(c, Test))


def derived_names(cond: Condition) -> set[str]:
    return {c.name for c in walk(cond) if isinstance(c, Derived)}


def push_not(cond: Condition, negate: bool = False) -> Condition:
    """Move negations down to the tests (De Morgan); ``not derived`` is rejected by lint."""
    if isinstance(cond, Test):
        return Test(cond.path, NEGATED[cond.op], cond.value) if negate else cond
    if isinstance(cond, Not):
        return push_not(cond.item, not negate)
    if isinstance(cond, All):
        items = tuple(push_not(i, negate) for i in cond.items)
        return AnyOf(items) if negate else All(items)
    if isinstance(cond, AnyOf):
        items = tuple(push_not(i, negate) for i in cond.items)
        return All(items) if negate else AnyOf(items)
    if negate:
        raise ValueError(f"negation of derived fact '{cond.name}' is not supported")
    return cond


def expand_derived(cond: Condition, expand: Mapping[str, list[Condition]], depth: int = 0) -> Condition:
    """Replace each ``derived: X`` by the disjunction of the conditions that derive X."""
    if isinstance(cond, Derived):
        defs = expand.get(cond.name, [])
        if depth > 8 or not defs:
            return cond
        return AnyOf(tuple(expand_derived(d, expand, depth + 1) for d in defs))
    if isinstance(cond, All):
        return All(tuple(expand_derived(i, expand, depth) for i in cond.items))
    if isinstance(cond, AnyOf):
        return AnyOf(tuple(expand_derived(i, expand, depth) for i in cond.items))
    if isinstance(cond, Not):
        return Not(expand_derived(cond.item, expand, depth))
    return cond


def expand_shared(cond: Condition, expand: Mapping[str, list[Condition]]) -> Condition:
    """``push_not`` then ``expand_derived``, with each derived fact's expansion built once.

    Every rule that uses ``derived: X`` then shares the very same sub-condition object for
    X, so per-case memoisation by object identity (``compile_need``) pays off.
    """
    cache: dict[str, Condition] = {}

    def derived(name: str, depth: int) -> Condition:
        if name not in cache:
            defs = expand.get(name, [])
            if depth > 8 or not defs:
                return Derived(name)
            cache[name] = AnyOf(tuple(walk_expand(push_not(d), depth + 1) for d in defs))
        return cache[name]

    def walk_expand(c: Condition, depth: int) -> Condition:
        if isinstance(c, Derived):
            return derived(c.name, depth)
        if isinstance(c, All):
            return All(tuple(walk_expand(i, depth) for i in c.items))
        if isinstance(c, AnyOf):
            return AnyOf(tuple(walk_expand(i, depth) for i in c.items))
        return c

    return walk_expand(push_not(cond), 0)


# --- three-valued evaluation (used for reasons and open questions) -----------------------

Truth = bool | None


def evaluate(cond: Condition, facts: Mapping[str, Scalar], derived: Mapping[str, Truth]) -> Truth:
    """Kleene three-valued logic: True, False, or None (unknown)."""
    if isinstance(cond, Test):
        if cond.path not in facts:
            return None
        return cond.holds(facts[cond.path])
    if isinstance(cond, Derived):
        return derived.get(cond.name)
    if isinstance(cond, Not):
        inner = evaluate(cond.item, facts, derived)
        return None if inner is None else not inner
    results = [evaluate(item, facts, derived) for item in cond.items]
    if isinstance(cond, All):
        if any(r is False for r in results):
            return False
        return True if all(r is True for r in results) else None
    if any(r is True for r in results):
        return True
    return False if all(r is False for r in results) else None


TruthFunction = Callable[[Mapping[str, Scalar], Mapping[str, Truth]], Truth]


def compile_truth(cond: Condition) -> TruthFunction:
    """A fast closure equivalent to ``evaluate(cond, …)`` (same three-valued semantics)."""
    if isinstance(cond, Test):
        path, holds = cond.path, cond.holds

        def test(facts: Mapping[str, Scalar], derived: Mapping[str, Truth]) -> Truth:
            value = facts.get(path, _MISSING)
            return None if value is _MISSING else holds(value)  # type: ignore[arg-type]

        return test
    if isinstance(cond, Derived):
        name = cond.name
        return lambda facts, derived: derived.get(name)
    if isinstance(cond, Not):
        inner = compile_truth(cond.item)

        def negate(facts: Mapping[str, Scalar], derived: Mapping[str, Truth]) -> Truth:
            value = inner(facts, derived)
            return None if value is None else not value

        return negate
    parts = tuple(compile_truth(item) for item in cond.items)
    if isinstance(cond, All):

        def conjunction(facts: Mapping[str, Scalar], derived: Mapping[str, Truth]) -> Truth:
            unknown = False
            for part in parts:
                value = part(facts, derived)
                if value is False:
                    return False
                if value is None:
                    unknown = True
            return None if unknown else True

        return conjunction

    def disjunction(facts: Mapping[str, Scalar], derived: Mapping[str, Truth]) -> Truth:
        unknown = False
        for part in parts:
            value = part(facts, derived)
            if value is True:
                return True
            if value is None:
                unknown = True
        return None if unknown else False

    return disjunction


_MISSING = object()


def satisfied_tests(cond: Condition, facts: Mapping[str, Scalar], derived: Mapping[str, Truth], *, pushed: bool = False) -> list[Test]:
    """The tests that make a true condition true (for ``any``: the true branches only)."""
    if not pushed:
        cond = push_not(cond)
    out: list[Test] = []

    def visit(c: Condition) -> None:
        if isinstance(c, Test):
            if evaluate(c, facts, derived) is True:
                out.append(c)
        elif isinstance(c, All):
            for item in c.items:
                visit(item)
        elif isinstance(c, AnyOf):
            for item in c.items:
                if evaluate(item, facts, derived) is True:
                    visit(item)

    visit(cond)
    return out


def missing_for(cond: Condition, facts: Mapping[str, Scalar], expand: Mapping[str, list[Condition]]) -> frozenset[str] | None:
    """Smallest set of unknown facts that, given suitable values, can make ``cond`` true.

    Returns None when the condition is already false (no answer can make it true), and an
    empty set when it is already true. Derived facts are expanded through ``expand``
    (name → the conditions of the rules that derive it). This is the plain reference
    version; the evaluator uses ``compile_need``, and tests check that both agree.
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


NeedFunction = Callable[[Mapping[str, Scalar], dict[int, "frozenset[str] | None"]], "frozenset[str] | None"]
_EMPTY: frozenset[str] = frozenset()


def compile_need(cond: Condition, compiled: dict[int, NeedFunction] | None = None) -> NeedFunction:
    """A fast closure equivalent to ``missing_for`` on an already pushed and expanded ``cond``.

    ``cond`` must be pushed and expanded (no ``not``, no derived facts). Sub-conditions
    shared between rules (``expand_shared``) compile to one closure, and their results are
    memoised per case in the ``memo`` dict the caller passes.
    """
    compiled = compiled if compiled is not None else {}
    key = id(cond)
    if key in compiled:
        return compiled[key]
    function: NeedFunction
    if isinstance(cond, Test):
        path, holds, missing = cond.path, cond.holds, frozenset((cond.path,))

        def test(facts: Mapping[str, Scalar], memo: dict[int, frozenset[str] | None]) -> frozenset[str] | None:
            value = facts.get(path, _MISSING)
            if value is _MISSING:
                return missing
            return _EMPTY if holds(value) else None  # type: ignore[arg-type]

        function = test
    elif isinstance(cond, All):
        parts = tuple(compile_need(item, compiled) for item in cond.items)

        def conjunction(facts: Mapping[str, Scalar], memo: dict[int, frozenset[str] | None]) -> frozenset[str] | None:
            total: frozenset[str] = _EMPTY
            for part in parts:
                found = part(facts, memo)
                if found is None:
                    return None
                if found:
                    total = total | found
            return total

        function = conjunction
    elif isinstance(cond, AnyOf):
        options = tuple(compile_need(item, compiled) for item in cond.items)

        def disjunction(facts: Mapping[str, Scalar], memo: dict[int, frozenset[str] | None]) -> frozenset[str] | None:
            if key in memo:
                return memo[key]
            best: frozenset[str] | None = None
            for option in options:
                found = option(facts, memo)
                if found is None:
                    continue
                if not found:
                    best = found
                    break
                if best is None or len(found) < len(best) or (len(found) == len(best) and sorted(found) < sorted(best)):
                    best = found
            memo[key] = best
            return best

        function = disjunction
    else:

        def unknown(facts: Mapping[str, Scalar], memo: dict[int, frozenset[str] | None]) -> frozenset[str] | None:
            return None  # an unexpanded derived fact

        function = unknown
    compiled[key] = function
    return function


def _smallest(options: list[frozenset[str] | None]) -> frozenset[str] | None:
    viable = [o for o in options if o is not None]
    if not viable:
        return None
    return min(viable, key=lambda o: (len(o), sorted(o)))
