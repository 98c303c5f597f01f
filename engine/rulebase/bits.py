"""Three-valued truth as bit operations: every test of a plan read once per case.

Each distinct test of a plan's conditions (path, operator and value; ``True`` and ``1`` are
different values) and each derived fact gets a bit. Per case two integers are computed once
(``Atoms.read``): ``true``, the tests on known facts that hold, and ``known``, the tests on
known facts. The explanation adds the derived facts (``Atoms.derived``: their bit in ``true``
when the fact is true, in ``false`` when it is false) and works with ``true`` and
``false = known & ~true``; a bit in neither is unknown.

The truth of a condition is then a few mask operations on those two integers, with the same
Kleene semantics as ``hjemmel.rulebase.logic.evaluate`` (generated code, one function per
condition):

* a set of tests that must all hold (the items of an ``all``) with mask ``m``: surely true
  when ``true & m == m``, possibly true when ``false & m == 0``;
* a set of tests of which one must hold (an ``any``): surely when ``true & m != 0``,
  possibly when ``false & m != m``;
* other items (nested ``all``/``any``, ``not``) as ``hjemmel.rulebase.codegen`` combines them:
  the condition is true when surely true, false when not even possibly true, else unknown.

A property test checks every rule, derivation and near-miss condition against ``evaluate``.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping
from typing import Any, TypeVar

from hjemmel import cache as startup
from hjemmel.rulebase.codegen import holds_expression
from hjemmel.rulebase.conditions import All, AnyOf, Condition, Derived, Not, Scalar, Test, walk
from hjemmel.rulebase.logic import Truth

_MISSING = object()
K = TypeVar("K", bound=Hashable)

# (true bits, false bits) → the condition's truth
BitsTruth = Callable[[int, int], Truth]
# a case's flat facts → (true bits, known bits) of every test
ReadFunction = Callable[[Mapping[str, Scalar]], tuple[int, int]]


def test_key(test: Test) -> tuple[str, str, str]:
    """What makes two tests the same test (``repr`` tells ``True`` from ``1``)."""
    return test.path, test.op, repr(test.value)


class Atoms:
    """The bits of one plan's tests and derived facts, and the code that reads and combines them."""

    def __init__(self, conditions: Iterable[Condition], derived_names: Iterable[str] = ()) -> None:
        self._bits: dict[tuple[str, str, str], int] = {}
        self._tests: dict[str, list[Test]] = {}  # path → its distinct tests, in first-seen order
        self.derived: dict[str, int] = {}  # derived fact → its bit
        for cond in conditions:
            self._add(cond)
        for name in derived_names:
            self._derived_bit(name)
        self.read: ReadFunction = self._compile_read()

    def _add(self, cond: Condition) -> None:
        """Give every test and derived fact of ``cond`` a bit (only while ``read`` is not yet compiled)."""
        for item in walk(cond):
            if isinstance(item, Test):
                self._test_bit(item)
            elif isinstance(item, Derived):
                self._derived_bit(item.name)

    def _next(self) -> int:
        return 1 << (len(self._bits) + len(self.derived))

    def _test_bit(self, test: Test) -> int:
        key = test_key(test)
        bit = self._bits.get(key)
        if bit is None:
            bit = self._bits[key] = self._next()
            self._tests.setdefault(test.path, []).append(test)
        return bit

    def _derived_bit(self, name: str) -> int:
        bit = self.derived.get(name)
        if bit is None:
            bit = self.derived[name] = self._next()
        return bit

    def mask(self, tests: Iterable[Test]) -> int:
        """The bits of ``tests`` (each must be one of the plan's tests)."""
        out = 0
        for test in tests:
            out |= self._bits[test_key(test)]
        return out

    def _compile_read(self) -> ReadFunction:
        constants: list[Any] = []
        body = ["get = facts.get", "true = 0", "known = 0"]
        for path, tests in self._tests.items():
            constants.append(path)
            body += [f"v = get(_c{len(constants) - 1}, _M)", "if v is not _M:", f"    known |= {self.mask(tests)}"]
            for test in tests:
                body += [f"    if {holds_expression(test, 'v', constants)}:", f"        true |= {self._bits[test_key(test)]}"]
        body.append("return true, known")
        source = "def read(facts):\n" + "".join(f"    {line}\n" for line in body)
        namespace: dict[str, Any] = {"_M": _MISSING, **{f"_c{i}": value for i, value in enumerate(constants)}}
        exec(startup.CODE.compile(source, "<hjemmel bits>"), namespace)
        function: ReadFunction = namespace["read"]
        return function

    def truths(self, conds: Mapping[K, Condition]) -> dict[K, BitsTruth]:
        """A generated ``truth(true, false)`` per condition, equal to ``logic.evaluate`` on the case
        whose bits they are (every test and derived fact of ``conds`` must have been added)."""
        functions: list[str] = []
        names: dict[K, str] = {}
        for number, (key, cond) in enumerate(conds.items()):
            name = names[key] = f"_t{number}"
            surely, possibly = self._visit(cond)
            functions.append(f"def {name}(T, F):\n    if {surely}:\n        return True\n    return None if {possibly} else False\n")
        namespace: dict[str, Any] = {}
        exec(startup.CODE.compile("\n".join(functions), "<hjemmel bit truths>"), namespace)
        return {key: namespace[name] for key, name in names.items()}

    def _atom(self, cond: Condition) -> int | None:
        if isinstance(cond, Test):
            return self._bits[test_key(cond)]
        if isinstance(cond, Derived):
            return self.derived[cond.name]
        return None

    def _visit(self, cond: Condition) -> tuple[str, str]:
        """(surely true, possibly true) of ``cond`` as Python expressions of ``T`` and ``F``."""
        bit = self._atom(cond)
        if bit is not None:
            return f"(T & {bit})", f"(not F & {bit})"
        if isinstance(cond, Not):
            surely, possibly = self._visit(cond.item)
            return f"(not {possibly})", f"(not {surely})"
        if isinstance(cond, (All, AnyOf)):
            mask = 0
            rest: list[tuple[str, str]] = []
            for item in cond.items:
                atom = self._atom(item)
                if atom is not None:
                    mask |= atom
                else:
                    rest.append(self._visit(item))
            parts: list[tuple[str, str]] = []
            if isinstance(cond, All):
                if mask:
                    parts.append((f"(T & {mask} == {mask})", f"(not F & {mask})"))
                joiner, empty = " and ", "True"
            else:
                if mask:
                    parts.append((f"(T & {mask})", f"(F & {mask} != {mask})"))
                joiner, empty = " or ", "False"
            parts += rest
            if not parts:  # an empty all is true, an empty any false
                return empty, empty
            return "(" + joiner.join(s for s, _ in parts) + ")", "(" + joiner.join(p for _, p in parts) + ")"
        raise TypeError(f"cannot generate code for {cond!r}")
