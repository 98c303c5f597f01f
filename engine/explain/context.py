"""What the explanation of one assessed case works from: the case, its facts and what fired."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from hjemmel.assessment import ProjectedData
from hjemmel.cases.facts import date_paths
from hjemmel.cases.model import Case
from hjemmel.cases.national_id import mask
from hjemmel.dates import from_day_number
from hjemmel.evaluation.plan import Plan
from hjemmel.rulebase.base import RuleBase
from hjemmel.rulebase.conditions import Scalar
from hjemmel.rulebase.logic import Truth


@dataclass
class Context:
    """One case on one date: its flat facts, the rules in force (``plan``) and the rules that fired.

    ``derived_truth`` is the three-valued value of every derived fact: true when a rule
    deriving it fired in durable-rules, otherwise false or unknown from the same conditions.
    ``true`` and ``false`` are the same case as bits (``hjemmel.rulebase.bits``): the tests
    of the rules in force that hold and the derived facts that are true, the tests on known
    facts that fail and the derived facts that are false; ``plan.truth`` and ``plan.items``
    read them.
    """

    rules: RuleBase
    plan: Plan
    case: Case
    day: dt.date
    flat: dict[str, Scalar]
    fired: set[str]
    lang: str
    show_national_id: bool = False
    projected: list[ProjectedData] = field(default_factory=list)  # what the date changed in the case as written
    derived_truth: dict[str, Truth] = field(init=False)
    true: int = field(init=False)
    false: int = field(init=False)

    def __post_init__(self) -> None:
        plan = self.plan
        true, known = plan.atoms.read(self.flat)
        false = known & ~true
        bit_of = plan.atoms.derived
        truth: dict[str, Truth] = {}
        fired = self.fired
        for rule_id, name in plan.deriving:
            if rule_id in fired:
                truth[name] = True
                true |= bit_of[name]
        # Unknown vs false for derived facts that did not fire: one pass with each derived fact
        # after those it rests on (three rounds in file order if they form a cycle, which lint rejects).
        for _ in range(plan.derivation_rounds):
            for name, bit, functions in plan.derivation_truth:
                if truth.get(name) is True:
                    continue
                values = [f(true, false) for f in functions]
                value = truth[name] = True if True in values else (None if None in values else False)
                if value is True:
                    true, false = true | bit, false & ~bit
                elif value is False:
                    false |= bit
                else:
                    false &= ~bit
        self.derived_truth = truth
        self.true, self.false = true, false

    def display_value(self, path: str) -> object:
        """A fact's value as a report shows it: dates as ISO dates, the national id masked."""
        value = self.flat[path]
        if path in date_paths() and isinstance(value, int) and not isinstance(value, bool):
            return from_day_number(value).isoformat()
        if path.endswith("national_id") and isinstance(value, str) and not self.show_national_id:
            return mask(value)
        return value
