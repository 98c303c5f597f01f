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

    def __post_init__(self) -> None:
        truth: dict[str, Truth] = {}
        for rule in self.plan.active:
            if rule.derives and rule.id in self.fired:
                truth[rule.derives] = True
        # Unknown vs false for derived facts that did not fire: one pass with each derived fact
        # after those it rests on (three rounds in file order if they form a cycle, which lint rejects).
        for _ in range(self.plan.derivation_rounds):
            for derived_name, functions in self.plan.derivation_truth.items():
                if truth.get(derived_name) is True:
                    continue
                values = [f(self.flat, truth) for f in functions]
                truth[derived_name] = True if True in values else (None if None in values else False)
        self.derived_truth = truth

    def display_value(self, path: str) -> object:
        """A fact's value as a report shows it: dates as ISO dates, the national id masked."""
        value = self.flat[path]
        if path in date_paths() and isinstance(value, int) and not isinstance(value, bool):
            return from_day_number(value).isoformat()
        if path.endswith("national_id") and isinstance(value, str) and not self.show_national_id:
            return mask(value)
        return value
