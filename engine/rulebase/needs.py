"""The smallest set of unknown facts that could still make a condition true.

This one search serves the open questions of an assessment and the interview (run as the
generated code of ``hjemmel.rulebase.codegen.compile_needs_bits`` on a case's bits, which a property test keeps
equal to the closures here). It runs on
conditions with negations pushed down and derived facts expanded (``Plan.expanded``); a
plain reference version lives in the test suite (``tests/witness.py``), and a property test
checks that both agree.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from collections.abc import Set as AbstractSet

from hjemmel.rulebase.conditions import All, AnyOf, Condition, Scalar, Test

_MISSING = object()

Memo = dict[int, "frozenset[str] | None"]
# (facts, memo, blocked) → the smallest set of unknown facts, or None when no answers can help.
# ``blocked`` names unknown facts that will never be known (answered "don't know").
NeedFunction = Callable[[Mapping[str, Scalar], Memo, AbstractSet[str]], "frozenset[str] | None"]
_EMPTY: frozenset[str] = frozenset()


def compile_need(cond: Condition, compiled: dict[int, NeedFunction] | None = None) -> NeedFunction:
    """Compile the search for the smallest set of unknown facts that can make ``cond`` true.

    The result is None when the condition is already false (no answer can make it true),
    and an empty set when it is already true; among several smallest sets the first in
    sorted order wins, so the answer is deterministic. ``cond`` must be pushed and expanded
    (no ``not``, no derived facts: an unexpanded one counts as never true). Sub-conditions
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

        def test(facts: Mapping[str, Scalar], memo: Memo, blocked: AbstractSet[str]) -> frozenset[str] | None:
            value = facts.get(path, _MISSING)
            if value is _MISSING:
                return None if path in blocked else missing
            return _EMPTY if holds(value) else None  # type: ignore[arg-type]

        function = test
    elif isinstance(cond, All):
        parts = tuple(compile_need(item, compiled) for item in cond.items)

        def conjunction(facts: Mapping[str, Scalar], memo: Memo, blocked: AbstractSet[str]) -> frozenset[str] | None:
            total: frozenset[str] = _EMPTY
            for part in parts:
                found = part(facts, memo, blocked)
                if found is None:
                    return None
                if found:
                    total = total | found
            return total

        function = conjunction
    elif isinstance(cond, AnyOf):
        options = tuple(compile_need(item, compiled) for item in cond.items)

        def disjunction(facts: Mapping[str, Scalar], memo: Memo, blocked: AbstractSet[str]) -> frozenset[str] | None:
            if key in memo:
                return memo[key]
            best: frozenset[str] | None = None
            for option in options:
                found = option(facts, memo, blocked)
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

        def unknown(facts: Mapping[str, Scalar], memo: Memo, blocked: AbstractSet[str]) -> frozenset[str] | None:
            return None  # an unexpanded derived fact

        function = unknown
    compiled[key] = function
    return function
