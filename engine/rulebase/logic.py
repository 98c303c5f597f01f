"""Three-valued semantics of the condition language (Kleene logic: true, false, unknown).

A test on an absent fact is unknown; ``all`` is false as soon as one item is false, ``any``
true as soon as one item is true. durable-rules decides which rules fire; these functions
explain the result (reasons, open questions) and serve the lint and the interview.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from hjemmel.rulebase.conditions import All, AnyOf, Condition, Derived, Not, Scalar, Test, push_not

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
