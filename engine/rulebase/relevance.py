"""Which rules a case really engages: a fact specific to a rule, not a generic one.

An open question is worth asking only for a rule the case is already in the area of. The
old test — "at least one of the rule's tests holds" — let a generic fact such as
``housing.cannot_manage_housing_market`` (tested, directly or through *vanskeligstilt*, by a
dozen rules) pull every refugee, eviction and hospital rule into an aftercare case. The
criterion here (see docs/relevance.md for the worked examples):

* **Specificity.** Among the rules in force, a fact tested by ``n`` rules (in their own
  ``when:``, counting a derived fact such as ``vanskeligstilt`` as one fact of its own)
  weighs ``1/n``. Facts every person has — age, date of birth, municipality — weigh nothing:
  they describe the person, not a situation.
* **Evidence.** A rule's evidence is the sum of the weights of its facts that are known to
  hold *positively* (a test that holds; ``not``/"any value but" tests hold for almost everyone
  and count for nothing), and of its derived facts that are engaged.
* **Engaged.** A rule is engaged when its evidence reaches ``ENGAGEMENT`` (one fact that at
  most four rules test, or two facts that at most eight rules test each, …). A rule whose
  ``when:`` names only derived facts (``bolsosl.6``: *vanskeligstilt*) is engaged when all of
  them are. A derived fact is engaged when it holds or when a rule deriving it is engaged.
* **Relevant question.** A question is asked for an engaged rule; and for a rule that is only
  *touched* (a test on a specific fact holds for it, its derived facts expanded, however
  common the fact) when every fact to ask lies in a section of the case file the case already
  speaks about (a prisoner whose home after release
  is unknown is asked about it; an aftercare youth is not asked about the eviction stage).

The weights are computed once per validity epoch from the rules in force, so a new rule
changes them without any list to maintain.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import cache
from typing import Any

from hjemmel import cache as startup
from hjemmel.cases.facts import COMPUTED, answered_by, catalogue
from hjemmel.rulebase.bits import Atoms
from hjemmel.rulebase.conditions import All, AnyOf, Condition, Derived, Not, Scalar, Test, push_not, walk
from hjemmel.rulebase.logic import TruthFunction, compile_truth
from hjemmel.rulebase.model import Rule

# Facts every person has: they place a person, they do not engage a rule.
GENERIC_FACTS = frozenset({"person.age", "person.birth_date", "person.earliest_birth_date", "person.municipality"})
# One fact tested by at most four rules, or two tested by at most eight each, engage a rule.
ENGAGEMENT = 0.25
_EPSILON = 1e-9
_POSITIVE_OPS = frozenset({"eq", "in", "lt", "lte", "gt", "gte"})


def atom(test: Test) -> str:
    """The fact a test is about, as the caseworker answers it (months since permit → permit date)."""
    return answered_by(test.path) if test.path != "person.county" else "person.municipality"


def atoms(test: Test) -> set[str]:
    """What a test is about: the fact, or for a named value ("situation: institution") the fact having that value.

    INTERPRETATION (usability): ``housing.situation: institution`` and ``housing.situation:
    homeless`` describe different situations, so each value of an enumerated fact counts as a
    fact of its own; numbers, dates and yes/no answers do not. A test that allows k values
    weighs 1/k of its value's weight (``in: [own_home, rental, …]`` only says "lives in a
    dwelling").
    """
    values = test.value if isinstance(test.value, tuple) else (test.value,)
    if values and all(isinstance(v, str) for v in values):
        return {f"{atom(test)}={v}" for v in values}
    return {atom(test)}


@dataclass(frozen=True)
class _RuleEvidence:
    # positive tests: the fact's weight (or each value's), the test, and the fact it is about (``atom``)
    tests: tuple[tuple[float, Test, dict[str, float] | None, str], ...]
    derived: tuple[tuple[float, str], ...]  # derived facts named, with their weight
    only_derived: bool  # the rule's condition names derived facts and nothing specific besides


@dataclass(frozen=True)
class Relevance:
    """Specificity weights and the evidence each rule in force can collect (one epoch)."""

    weights: dict[str, float]
    rules: dict[str, _RuleEvidence]
    derivers: dict[str, tuple[str, ...]]  # derived fact → ids of the rules that derive it
    holds: dict[str, TruthFunction]  # derivation rule → its truth (derived facts expanded)
    touch_tests: dict[str, tuple[Test, ...]]  # positive tests on specific facts, derived facts expanded

    def evidence(self, rule_id: str, facts: Mapping[str, Scalar], memo: dict[str, bool]) -> float:
        """The weight of what is known to hold for this rule (see the module docstring)."""
        entry = self.rules[rule_id]
        total = 0.0
        seen: set[str] = set()
        seen_values: set[tuple[str, str]] = set()
        for weight, test, by_value, key in entry.tests:  # the first holding test of each fact (or value) counts
            path = test.path
            if path in facts and test.holds(value := facts[path]):
                if by_value is not None:
                    text = str(value)  # the atom "fact=value"
                    if (key, text) not in seen_values:
                        seen_values.add((key, text))
                        total += by_value.get(text, 0.0)
                elif key not in seen:
                    seen.add(key)
                    total += weight
        for weight, name in entry.derived:
            if self.derived_engaged(name, facts, memo):
                total += weight
        return total

    def engaged(self, rule_id: str, facts: Mapping[str, Scalar], memo: dict[str, bool]) -> bool:
        """Whether the case engages this rule (memo: derived facts already decided, this case)."""
        found = memo.get(rule_id)
        if found is not None:
            return found
        entry = self.rules.get(rule_id)
        if entry is None:
            return False
        if entry.only_derived and entry.derived and all(self.derived_engaged(name, facts, memo) for _, name in entry.derived):
            result = True
        else:
            result = self.evidence(rule_id, facts, memo) >= ENGAGEMENT - _EPSILON
        memo[rule_id] = result
        return result

    def touched(self, rule_id: str, facts: Mapping[str, Scalar], memo: dict[str, bool]) -> bool:
        """Whether a specific fact holds positively for the rule, directly or inside a derived fact it names."""
        for test in self.touch_tests.get(rule_id, ()):
            path = test.path
            if path in facts and test.holds(facts[path]):
                return True
        return False

    def relevant(self, rule_id: str, facts: Mapping[str, Scalar], memo: dict[str, bool], fields: AbstractSet[str], spoken: AbstractSet[str]) -> bool:
        """Whether to ask for ``fields`` to decide this rule: it is engaged, or it is touched and
        every field to ask is in a section the case already speaks about (``spoken``)."""
        if all(field.split(".", 1)[0] in spoken for field in fields) and self.touched(rule_id, facts, memo):
            return True
        return self.engaged(rule_id, facts, memo)

    def derived_engaged(self, name: str, facts: Mapping[str, Scalar], memo: dict[str, bool]) -> bool:
        """A derived fact is engaged when it holds or a rule deriving it is engaged."""
        key = "derived:" + name
        if key in memo:
            return memo[key]
        memo[key] = False  # a cycle (lint reports it) counts as not engaged
        result = False
        for rule_id in self.derivers.get(name, ()):
            if self.holds[rule_id](facts, {}) is True or self.engaged(rule_id, facts, memo):
                result = True
                break
        memo[key] = result
        return result

    def value_tests(self) -> list[Test]:
        """An equality test for each named value that a positive test lets count ("situation:
        institution" out of ``in: [institution, prison]``): the bits ``EngagedBits`` weighs."""
        out: list[Test] = []
        for entry in self.rules.values():
            for _, test, by_value, _ in entry.tests:
                if by_value is not None:
                    out.extend(Test(test.path, "eq", value) for value in by_value)
        return out


class EngagedBits:
    """``Relevance.engaged`` on a case's bits (``Context.true``/``false``): the same answers,
    without a test per fact (a property test compares the two on every rule).

    A rule's evidence from its facts is one generated function of the true bits: for each
    fact, its weight when one of the rule's tests on it holds; for each named value, the weight
    of the first of the rule's tests that allows it when the fact has that value (its equality
    test from ``Relevance.value_tests`` holds). The derived facts are weighed as in
    ``Relevance.evidence``; a derivation holds when its expanded condition does with every
    derived fact unknown, as ``Relevance.holds`` is called.

    The weights are added in the order the rule lists its facts, where ``evidence`` adds them
    in the order their first test holds: the sums may differ in the last bit (about 1e-17),
    far inside the ``_EPSILON`` (1e-9) of the engagement threshold (a review found no sum of
    today's weights nearer to it than 1e-9: the nearest is 0.25 itself).
    """

    def __init__(self, relevance: Relevance, atoms: Atoms, expanded: Mapping[str, Condition]) -> None:
        self._relevance = relevance
        self._derived_bits = 0
        for bit in atoms.derived.values():
            self._derived_bits |= bit
        self._holds = atoms.truths({rule_id: expanded[rule_id] for rule_id in relevance.holds})
        self._facts = self._compile(relevance, atoms)

    @staticmethod
    def _compile(relevance: Relevance, atoms: Atoms) -> dict[str, Callable[[int], float]]:
        functions: list[str] = []
        names: dict[str, str] = {}
        for number, (rule_id, entry) in enumerate(relevance.rules.items()):
            keys: dict[str, tuple[float, int]] = {}  # fact → (weight, bits of the tests on it)
            values: dict[tuple[str, str], list[tuple[int, float]]] = {}  # (fact, value) → (bit, weight), in test order
            order: list[tuple[str, str] | str] = []  # the order in which ``evidence`` meets each
            for weight, test, by_value, key in entry.tests:
                if by_value is None:
                    if key not in keys:
                        order.append(key)
                        keys[key] = (weight, 0)
                    keys[key] = (weight, keys[key][1] | atoms.mask([test]))
                else:
                    for value, value_weight in by_value.items():
                        if (key, value) not in values:
                            order.append((key, value))
                            values[(key, value)] = []
                        values[(key, value)].append((atoms.mask([Test(test.path, "eq", value)]), value_weight))
            body = ["total = 0.0"]
            for item in order:
                if isinstance(item, str):
                    weight, mask = keys[item]
                    body += [f"if T & {mask}:", f"    total += {weight!r}"]
                else:
                    for index, (bit, weight) in enumerate(values[item]):  # the first test that allows it counts
                        body += [f"{'if' if index == 0 else 'elif'} T & {bit}:", f"    total += {weight!r}"]
            body.append("return total")
            name = names[rule_id] = f"_e{number}"
            functions.append(f"def {name}(T):\n" + "".join(f"    {line}\n" for line in body))
        namespace: dict[str, Any] = {}
        exec(startup.CODE.compile("\n".join(functions), "<hjemmel evidence>"), namespace)
        return {rule_id: namespace[name] for rule_id, name in names.items()}

    def evidence(self, rule_id: str, true: int, false: int, memo: dict[str, bool]) -> float:
        """``Relevance.evidence`` of the rule on the case whose bits these are."""
        total = self._facts[rule_id](true)
        for weight, name in self._relevance.rules[rule_id].derived:
            if self.derived_engaged(name, true, false, memo):
                total += weight
        return total

    def engaged(self, rule_id: str, true: int, false: int, memo: dict[str, bool]) -> bool:
        """``Relevance.engaged``: whether the case engages this rule (memo: decided, this case)."""
        found = memo.get(rule_id)
        if found is not None:
            return found
        entry = self._relevance.rules.get(rule_id)
        if entry is None:
            return False
        if entry.only_derived and entry.derived and all(self.derived_engaged(name, true, false, memo) for _, name in entry.derived):
            result = True
        else:
            result = self.evidence(rule_id, true, false, memo) >= ENGAGEMENT - _EPSILON
        memo[rule_id] = result
        return result

    def derived_engaged(self, name: str, true: int, false: int, memo: dict[str, bool]) -> bool:
        """``Relevance.derived_engaged``: the derived fact holds or a rule deriving it is engaged."""
        key = "derived:" + name
        if key in memo:
            return memo[key]
        memo[key] = False  # a cycle (lint reports it) counts as not engaged
        result = False
        keep = ~self._derived_bits  # the derivation's truth with every derived fact unknown
        for rule_id in self._relevance.derivers.get(name, ()):
            if self._holds[rule_id](true & keep, false & keep) is True or self.engaged(rule_id, true, false, memo):
                result = True
                break
        memo[key] = result
        return result


_GENERIC_PATHS = GENERIC_FACTS | {"person.county"}


class _Sections(dict[str, str]):
    """Fact path → its section of the case file (``housing.situation`` → ``housing``)."""

    def __missing__(self, path: str) -> str:
        return path.split(".", 1)[0]  # a path outside the vocabulary: not kept


@cache
def sections() -> _Sections:
    """The section of every fact of the vocabulary and every computed fact."""
    return _Sections({path: path.split(".", 1)[0] for path in (*catalogue(), *COMPUTED)})


def spoken_sections(facts: Mapping[str, Scalar]) -> frozenset[str]:
    """The sections of the case file the case says something specific about (not just age or municipality)."""
    return frozenset(map(sections().__getitem__, facts.keys() - _GENERIC_PATHS))


def build_relevance(active: Sequence[Rule], own: Mapping[str, Condition], expanded: Mapping[str, Condition]) -> Relevance:
    """Weights and evidence for the rules in force (``own``: each rule's ``when``; ``expanded``: derived facts expanded)."""
    counts: dict[str, int] = {}
    atoms_of: dict[str, set[str]] = {}
    for rule in active:
        cond = own[rule.id]
        names = {a for t in walk(cond) if isinstance(t, Test) for a in atoms(t)} | {"derived:" + d.name for d in walk(cond) if isinstance(d, Derived)}
        atoms_of[rule.id] = names
        for name in names:
            counts[name] = counts.get(name, 0) + 1
    weights = {name: (0.0 if name.split("=")[0] in GENERIC_FACTS else 1.0 / n) for name, n in counts.items()}
    rules: dict[str, _RuleEvidence] = {}
    for rule in active:
        pushed = push_not(own[rule.id])
        tests = tuple(_evidence_test(t, weights) for t in _positive_tests(pushed))
        tests = tuple(entry for entry in tests if entry[0] > 0 or entry[2])
        derived = tuple(sorted((weights["derived:" + d], d) for d in {c.name for c in walk(pushed) if isinstance(c, Derived)}))
        specific = {a for a in atoms_of[rule.id] if not a.startswith("derived:") and weights[a] > 0}
        rules[rule.id] = _RuleEvidence(tests=tests, derived=derived, only_derived=not specific)
    derivers: dict[str, list[str]] = {}
    for rule in active:
        if rule.derives:
            derivers.setdefault(rule.derives, []).append(rule.id)
    return Relevance(
        weights=weights,
        rules=rules,
        derivers={name: tuple(ids) for name, ids in derivers.items()},
        holds={rule.id: compile_truth(expanded[rule.id]) for rule in active if rule.derives},
        touch_tests={rule.id: tuple(t for t in _positive_tests(expanded[rule.id]) if atom(t) not in GENERIC_FACTS) for rule in active},
    )


def _evidence_test(test: Test, weights: Mapping[str, float]) -> tuple[float, Test, dict[str, float] | None, str]:
    """A positive test with the weight of its fact, or of each named value it allows, and the fact."""
    names = atoms(test)
    if any("=" in name for name in names):
        # A test that allows several values is as broad as their number ("lives in a dwelling").
        by_value = {name.split("=", 1)[1]: weights[name] / len(names) for name in names if weights[name] > 0}
        return 0.0, test, by_value, atom(test)
    return weights[atom(test)], test, None, atom(test)


def _positive_tests(cond: Condition) -> list[Test]:
    """Tests (negations pushed down) that describe a situation, not its absence."""
    out: list[Test] = []
    if isinstance(cond, Test):
        if cond.op in _POSITIVE_OPS:
            out.append(cond)
    elif isinstance(cond, (All, AnyOf)):
        for item in cond.items:
            out.extend(_positive_tests(item))
    elif isinstance(cond, Not):  # pragma: no cover - pushed conditions have no Not
        pass
    return out
