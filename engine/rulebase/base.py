"""The rule base: laws, actors and rules, with what is in force on a date."""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from hjemmel.errors import Problem
from hjemmel.rulebase.conditions import Condition, tests
from hjemmel.rulebase.model import Actor, Law, Rule
from hjemmel.rulebase.municipalities import MunicipalityNames
from hjemmel.rulebase.official import OfficialText


@dataclass(frozen=True)
class RuleBase:
    """A checked, immutable rule base."""

    laws: dict[str, Law]
    actors: dict[str, Actor]
    rules: tuple[Rule, ...]
    conditions: dict[str, Condition]
    locations: dict[str, tuple[str, int]]
    version: str
    digest: str
    warnings: tuple[Problem, ...] = ()
    root: Path | None = None  # the folder the rules were loaded from
    sources: dict[str, OfficialText] = field(default_factory=dict)  # law id → excerpt of its official text
    municipalities: MunicipalityNames = field(default_factory=MunicipalityNames)  # names by number and day (empty without the file)
    _by_id: dict[str, Rule] = field(default_factory=dict, compare=False, repr=False)
    _limits: dict[tuple[int, str], tuple[int, ...]] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._by_id.update({r.id: r for r in self.rules})

    def __repr__(self) -> str:
        return f"RuleBase({len(self.rules)} rules, version={self.version!r})"

    def rule(self, rule_id: str) -> Rule:
        return self._by_id[rule_id]

    def get(self, rule_id: str) -> Rule | None:
        return self._by_id.get(rule_id)

    def in_force(self, day: dt.date) -> tuple[Rule, ...]:
        """Evaluable rules in force on ``day`` (system duties and omitted provisions excluded)."""
        return tuple(r for r in self.rules if r.evaluable and r.in_force.contains(day))

    def system_duties(self, day: dt.date) -> tuple[Rule, ...]:
        return tuple(r for r in self.rules if r.system and r.encoded and r.in_force.contains(day))

    def derivations(self, day: dt.date) -> dict[str, list[Condition]]:
        out: dict[str, list[Condition]] = {}
        for rule in self.in_force(day):
            if rule.derives:
                out.setdefault(rule.derives, []).append(self.conditions[rule.id])
        return out

    def limits(self, day: dt.date, path: str) -> tuple[int, ...]:
        """The numbers that rules in force on ``day`` set as lower limits (``path: {gte: N}``) on a fact.

        Law stays in the rule files: a report that names "three months in temporary
        accommodation" reads the three from the rule that sets it (cached per validity epoch).
        """
        key = (bisect.bisect_right(self.boundaries, day), path)
        found = self._limits.get(key)
        if found is None:
            values = {
                test.value
                for rule in self.in_force(day)
                for test in tests(self.conditions[rule.id])
                if test.path == path and test.op == "gte" and isinstance(test.value, int) and not isinstance(test.value, bool)
            }
            found = self._limits[key] = tuple(sorted(v for v in values if isinstance(v, int)))
        return found

    @cached_property
    def changes(self) -> dict[dt.date, tuple[Rule, ...]]:
        """Finding rules (not system duties) that start or stop on each boundary date."""
        out: dict[dt.date, list[Rule]] = {}
        for rule in self.rules:
            if rule.is_finding and rule.encoded and not rule.system:
                for day in {rule.in_force.start, rule.in_force.until}:
                    if day is not None:
                        out.setdefault(day, []).append(rule)
        return {day: tuple(rules) for day, rules in out.items()}

    @cached_property
    def boundaries(self) -> tuple[dt.date, ...]:
        """Every date on which some rule starts or stops being in force."""
        days: set[dt.date] = set()
        for rule in self.rules:
            if rule.in_force.start:
                days.add(rule.in_force.start)
            if rule.in_force.until:
                days.add(rule.in_force.until)
        return tuple(sorted(days))
