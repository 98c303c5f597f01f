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

Semantics are three-valued (``hjemmel.rulebase.logic``): a test on an absent (unknown) fact
is *unknown*, and so is ``not`` of unknown. A rule fires only when its condition is known to
be true.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
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


def single_fact(cond: Condition) -> str | None:
    """The fact of a test, or of an ``all`` of comparisons on one fact (``age: {gte: 18, lt: 25}``); else None."""
    if isinstance(cond, Test):
        return cond.path
    if isinstance(cond, All) and cond.items and all(isinstance(i, Test) for i in cond.items):
        paths = {i.path for i in cond.items if isinstance(i, Test)}
        if len(paths) == 1:
            return paths.pop()
    return None


def top_items(cond: Condition) -> tuple[Condition, ...]:
    """The conditions of a ``when:`` list (one condition when it is not a list).

    Comparisons on one fact (``person.age: {gte: 18, lt: 25}``) are one condition.
    """
    if isinstance(cond, All) and single_fact(cond) is None:
        return cond.items
    return (cond,)
