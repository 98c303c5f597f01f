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
from collections.abc import Set as AbstractSet
from typing import Any

from hjemmel import cache as startup
from hjemmel.rulebase.conditions import All, AnyOf, Condition, Derived, Not, Scalar, Test
from hjemmel.rulebase.logic import Truth, TruthFunction
from hjemmel.rulebase.needs import Memo

_MISSING = object()


def holds_expression(test: Test, var: str, constants: list[Any]) -> str:
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
            holds = holds_expression(c, v, constants)
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


# (true bits, false bits, memo, blocked) → the smallest set of unknown facts, or None (``needs.NeedFunction`` on bits)
BitsNeedFunction = Callable[[int, int, Memo, AbstractSet[str]], "frozenset[str] | None"]

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
            return f"({v} is not _M and {holds_expression(c, v, constants)})"
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
            return f"({v} is _M or {holds_expression(c, v, constants)})"
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


def compile_needs_bits(expanded: Mapping[str, Condition], bit_of: Callable[[Test], int]) -> dict[str, BitsNeedFunction]:
    """Generated functions equal to ``needs.compile_need`` for each rule's expanded condition,
    on a case's bits (``hjemmel.rulebase.bits``: ``need(true, false, memo, blocked)``).

    The same search (the smallest set of unknown facts that could make the condition true,
    ties to the first in sorted order, None when no answer can help), as one generated function
    per ``all``/``any`` node with its tests inline: the closures of ``compile_need`` call a
    function per test, which was most of the open questions' time; each test is two mask
    operations on the bits (``bit_of`` gives its bit), read once per case. Nodes shared between rules
    are one function, and an ``any`` keeps its result in the case's ``memo`` as before (keyed
    by the node's identity). Every process-specific value (the memo keys, the tests' values,
    the fact sets) is a constant of the namespace, so the source is the same in every start
    (and its compiled code is cached). A property test checks it against ``compile_need``.
    """
    names: dict[int, str] = {}
    functions: list[str] = []
    constants: list[Any] = []
    namespace: dict[str, Any] = {"_E": frozenset()}

    def constant(value: Any) -> str:
        constants.append(value)
        return f"_c{len(constants) - 1}"

    def test_lines(test: Test, into: str, on_unknown_blocked: str, on_false: str) -> list[str]:
        """Lines that set ``into`` for a test: its missing set, or run the given statements."""
        missing = constant(frozenset((test.path,)))
        path = constant(test.path)
        bit = bit_of(test)
        return [
            f"if T & {bit}:",
            f"    {into} = _E",
            f"elif F & {bit}:",
            f"    {on_false}",
            f"elif {path} in blocked:",
            f"    {on_unknown_blocked}",
            "else:",
            f"    {into} = {missing}",
        ]

    def function(cond: Condition) -> str:
        key = id(cond)
        if key in names:
            return names[key]
        name = names[key] = f"_n{len(names)}"
        body: list[str] = []
        if isinstance(cond, Test):
            body += test_lines(cond, "found", "return None", "return None")
            body.append("return found")
        elif isinstance(cond, All):
            body.append("total = _E")
            for item in cond.items:
                if isinstance(item, Test):
                    body += test_lines(item, "found", "return None", "return None")
                elif isinstance(item, (All, AnyOf)):
                    body.append(f"found = {function(item)}(T, F, memo, blocked)")
                    body.append("if found is None:")
                    body.append("    return None")
                else:
                    body.append("return None")  # an unexpanded derived fact is never true
                    break
                body.append("if found:")
                body.append("    total = total | found")
            body.append("return total")
        elif isinstance(cond, AnyOf):
            memo_key = constant(key)
            body = [f"if {memo_key} in memo:", f"    return memo[{memo_key}]", "best = None"]
            for number, item in enumerate(cond.items):
                if isinstance(item, Test):
                    body += [f"while True:  # option {number}"]
                    body += ["    " + line for line in test_lines(item, "found", "break", "break")]
                elif isinstance(item, (All, AnyOf)):
                    body += [f"while True:  # option {number}", f"    found = {function(item)}(T, F, memo, blocked)", "    if found is None:", "        break"]
                else:
                    continue  # an unexpanded derived fact: never an option
                body += [
                    "    if not found:",
                    f"        memo[{memo_key}] = found",
                    "        return found",
                    "    if best is None or len(found) < len(best) or (len(found) == len(best) and sorted(found) < sorted(best)):",
                    "        best = found",
                    "    break",
                ]
            body += [f"memo[{memo_key}] = best", "return best"]
        else:
            body = ["return None"]  # an unexpanded derived fact is never true
        functions.append(f"def {name}(T, F, memo, blocked):\n" + "".join(f"    {line}\n" for line in body))
        return name

    tops = {rule_id: function(cond) for rule_id, cond in expanded.items()}
    source = "\n".join(functions)
    namespace.update({f"_c{i}": value for i, value in enumerate(constants)})
    exec(startup.CODE.compile(source, "<hjemmel needs>"), namespace)
    return {rule_id: namespace[name] for rule_id, name in tops.items()}
