"""Conditions as flat generated Python: the three-valued truth of a condition in one function.

The same semantics as ``hjemmel.rulebase.logic.evaluate`` (Kleene logic: a test on an
absent fact is unknown), computed as two plain boolean expressions instead of a tree of
closures: *surely true* (every needed test known and holding) and *possibly true* (no test
known to fail). The condition is true when it is surely true, false when it is not even
possibly true, and unknown otherwise:

* a test: surely = known and holds; possibly = unknown or holds;
* ``all``/``any``: ``and``/``or`` of the items' surely and possibly values;
* ``not``: surely = not possibly(item); possibly = not surely(item);
* a derived fact: surely = it is true; possibly = it is not false.

Each fact is read once per call; Python's own ``and``/``or`` short-circuit. A property test
checks the generated functions against ``evaluate`` on every rule of the rule base.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from hjemmel import cache as startup
from hjemmel.rulebase.conditions import All, AnyOf, Condition, Derived, Not, Scalar, Test
from hjemmel.rulebase.logic import Truth, TruthFunction

_MISSING = object()


def _holds(test: Test, var: str, constants: list[Any]) -> str:
    """A Python expression equal to ``test.holds(var)`` for a known value ``var``."""
    op, value = test.op, test.value
    constants.append(value)
    c = f"_c{len(constants) - 1}"
    if op in ("eq", "ne"):
        same = f"({var} == {c} and type({var}) is type({c}))"
        return same if op == "eq" else f"(not {same})"
    if op == "in":
        return f"({var} in {c})"
    if op == "not_in":
        return f"({var} not in {c})"
    if isinstance(value, bool) or not isinstance(value, int):
        return "False"
    symbol = {"lt": "<", "lte": "<=", "gt": ">", "gte": ">="}[op]
    return f"(isinstance({var}, int) and not isinstance({var}, bool) and {var} {symbol} {c})"


def truth_source(cond: Condition, name: str = "truth") -> tuple[str, dict[str, Any]]:
    """The source of ``def name(facts, derived)`` and the constants it refers to."""
    variables: dict[str, str] = {}
    constants: list[Any] = []

    def var(path: str) -> str:
        if path not in variables:
            variables[path] = f"_v{len(variables)}"
        return variables[path]

    def visit(c: Condition) -> tuple[str, str]:
        if isinstance(c, Test):
            v = var(c.path)
            holds = _holds(c, v, constants)
            return f"({v} is not _M and {holds})", f"({v} is _M or {holds})"
        if isinstance(c, Derived):
            constants.append(c.name)
            got = f"derived.get(_c{len(constants) - 1})"
            return f"({got} is True)", f"({got} is not False)"
        if isinstance(c, Not):
            surely, possibly = visit(c.item)
            return f"(not {possibly})", f"(not {surely})"
        if isinstance(c, (All, AnyOf)):
            parts = [visit(item) for item in c.items]
            if not parts:  # an empty all is true, an empty any false
                return ("True", "True") if isinstance(c, All) else ("False", "False")
            joiner = " and " if isinstance(c, All) else " or "
            return "(" + joiner.join(s for s, _ in parts) + ")", "(" + joiner.join(p for _, p in parts) + ")"
        raise TypeError(f"cannot generate code for {c!r}")

    surely, possibly = visit(cond)
    lines = [f"def {name}(facts, derived):", "    get = facts.get"]
    lines += [f"    {v} = get({path!r}, _M)" for path, v in variables.items()]
    lines += [f"    if {surely}:", "        return True", f"    return None if {possibly} else False"]
    namespace: dict[str, Any] = {"_M": _MISSING, **{f"_c{i}": value for i, value in enumerate(constants)}}
    return "\n".join(lines) + "\n", namespace


def compile_truth_flat(cond: Condition) -> TruthFunction:
    """A generated function equal to ``logic.evaluate(cond, facts, derived)``."""
    source, namespace = truth_source(cond)
    exec(startup.CODE.compile(source, "<hjemmel condition>"), namespace)
    function: TruthFunction = namespace["truth"]
    return function


ReasonsFunction = Callable[[Mapping[str, Scalar], Mapping[str, Truth]], list[Test]]


def compile_reasons_flat(cond: Condition) -> ReasonsFunction:
    """A generated function equal to ``logic.satisfied_tests(cond, facts, derived, pushed=True)``.

    The tests that make a true condition true, in the order of the condition: every test of
    an ``all`` that holds, and of an ``any`` only the branches that are true. ``cond`` must
    have its negations pushed down to the tests.
    """
    variables: dict[str, str] = {}
    constants: list[Any] = []
    lines = ["def reasons(facts, derived):", "    get = facts.get", "    out = []"]
    body: list[str] = []

    def var(path: str) -> str:
        if path not in variables:
            variables[path] = f"_v{len(variables)}"
        return variables[path]

    def surely(c: Condition) -> str:
        if isinstance(c, Test):
            v = var(c.path)
            return f"({v} is not _M and {_holds(c, v, constants)})"
        if isinstance(c, Derived):
            constants.append(c.name)
            return f"(derived.get(_c{len(constants) - 1}) is True)"
        if isinstance(c, Not):
            return f"(not {possibly(c.item)})"
        parts = [surely(item) for item in c.items] if isinstance(c, (All, AnyOf)) else []
        if not parts:
            return "True" if isinstance(c, All) else "False"
        return "(" + (" and " if isinstance(c, All) else " or ").join(parts) + ")"

    def possibly(c: Condition) -> str:
        if isinstance(c, Test):
            v = var(c.path)
            return f"({v} is _M or {_holds(c, v, constants)})"
        if isinstance(c, Derived):
            constants.append(c.name)
            return f"(derived.get(_c{len(constants) - 1}) is not False)"
        if isinstance(c, Not):
            return f"(not {surely(c.item)})"
        parts = [possibly(item) for item in c.items] if isinstance(c, (All, AnyOf)) else []
        if not parts:
            return "True" if isinstance(c, All) else "False"
        return "(" + (" and " if isinstance(c, All) else " or ").join(parts) + ")"

    def emit(c: Condition, indent: str) -> None:
        if isinstance(c, Test):
            constants.append(c)
            name = f"_c{len(constants) - 1}"
            body.append(f"{indent}if {surely(c)}:")
            body.append(f"{indent}    out.append({name})")
        elif isinstance(c, All):
            for item in c.items:
                emit(item, indent)
        elif isinstance(c, AnyOf):
            for item in c.items:
                body.append(f"{indent}if {surely(item)}:")
                size = len(body)
                emit(item, indent + "    ")
                if len(body) == size:
                    body.append(f"{indent}    pass")

    emit(cond, "    ")
    lines += [f"    {v} = get({path!r}, _M)" for path, v in variables.items()]
    lines += body
    lines.append("    return out")
    namespace: dict[str, Any] = {"_M": _MISSING, **{f"_c{i}": value for i, value in enumerate(constants)}}
    exec(startup.CODE.compile("\n".join(lines) + "\n", "<hjemmel reasons>"), namespace)
    function: ReasonsFunction = namespace["reasons"]
    return function
