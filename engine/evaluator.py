"""Evaluate a case against the rule base through durable-rules and build the Assessment.

Which rules apply is decided by durable-rules alone (``Backend.evaluate``). Python then
explains the result: the facts each finding rests on, the last day it holds, the missing
facts that could change the answer (three-valued analysis of the same conditions), and
notes on exclusions, uncertain sources and law changes.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property

from hjemmel.assessment import Assessment, AssessmentData
from hjemmel.cases.consistency import check_case
from hjemmel.cases.facts import FactValue, case_facts, effective_date
from hjemmel.cases.model import Case
from hjemmel.cases.projection import Projection, project
from hjemmel.dates import day_number
from hjemmel.errors import CaseFileError, Problem
from hjemmel.evaluation.backend import Backend
from hjemmel.evaluation.compiler import compile_ruleset
from hjemmel.evaluation.plan import Plan, build_plan, epoch
from hjemmel.explain.context import Context
from hjemmel.explain.explanation import explain
from hjemmel.explain.findings import register_acute
from hjemmel.receipt import receipt_data
from hjemmel.rulebase.base import RuleBase
from hjemmel.rulebase.conditions import tests
from hjemmel.rulebase.model import Rule


@contextlib.contextmanager
def dates_in_range(source: str | None) -> Iterator[None]:
    """A deadline, birthday or month limit worked out from a case past year 9999 is an error for that case."""
    try:
        yield
    except OverflowError:
        problem = Problem("a date worked out from this case (a deadline, birthday or time limit) falls past year 9999: check the dates", file=source)
        raise CaseFileError("dates out of range", [problem]) from None


@dataclass
class Evaluator:
    """Holds a rule base and (lazily) one durable-rules backend for this process."""

    rules: RuleBase = field(repr=False)
    _backend: Backend | None = field(default=None, repr=False)
    _plans: dict[int, Plan] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        register_acute(self.rules)

    def plan(self, day: dt.date) -> Plan:
        index = epoch(self.rules, day)
        plan = self._plans.get(index)
        if plan is None:
            plan = self._plans[index] = build_plan(self.rules, day)
        return plan

    @cached_property
    def age_limits(self) -> frozenset[int]:
        """The ages at which some rule's test of ``person.age`` changes its answer."""
        out: set[int] = set()
        for condition in self.rules.conditions.values():
            for test in tests(condition):
                if test.path != "person.age":
                    continue
                for value in test.value if isinstance(test.value, tuple) else (test.value,):
                    if isinstance(value, int) and not isinstance(value, bool):
                        out.update((value, value + 1))
        return frozenset(out)

    @property
    def backend(self) -> Backend:
        if self._backend is None:
            self._backend = Backend()
        return self._backend

    def assess(
        self,
        case: Case,
        *,
        on: dt.date | None = None,
        lang: str = "nb",
        today: dt.date | None = None,
        system_duties: bool = False,
        source: str | None = None,
        show_national_id: bool = False,
    ) -> Assessment:
        """Assess ``case`` as of ``on`` (default: its assessment_date, else ``today``).

        The national id is masked in the result unless ``show_national_id`` is set.
        """
        data = self.assess_data(case, on=on, lang=lang, today=today, system_duties=system_duties, source=source, show_national_id=show_national_id)
        return Assessment.model_validate(data)

    def assess_data(
        self,
        case: Case,
        *,
        on: dt.date | None = None,
        lang: str = "nb",
        today: dt.date | None = None,
        system_duties: bool = False,
        source: str | None = None,
        show_national_id: bool = False,
        extras: bool = True,
    ) -> AssessmentData:
        """The assessment as plain data, in the exact shape and key order of the contract.

        ``Assessment.model_validate`` of it gives ``assess``; ``contract_json`` of it gives
        the same JSON as the model, without building the model (the batch's fast path).
        Without ``extras`` the report-only facts, deadlines and rule titles are left empty.
        The receipt (last) names the program, the rule base and the digest of ``case`` as read.
        """
        day, defaulted = effective_date(case, on, today or dt.date.today())
        with dates_in_range(source):
            context = self.context(case, day, lang=lang, source=source, show_national_id=show_national_id)
            receipt = receipt_data(case, self.rules, day, lang)
            return explain(context, defaulted=defaulted, system_duties=system_duties, receipt=receipt, extras=extras)

    def context(
        self, case: Case, day: dt.date, *, lang: str = "nb", source: str | None = None, show_national_id: bool = False, law_on: dt.date | None = None
    ) -> Context:
        """The case on ``day``: checked as written, moved to ``day`` (``project``), its facts, and
        the rules durable-rules fired.

        The case's facts were true on its ``assessment_date`` (or, without one, on ``day``):
        contradictions are checked on that date, and the scheduled events between it and
        ``day`` (a release, an eviction, a discharge) change the facts on their day.
        With ``law_on`` the rules are those in force on that day instead (the same facts under
        another day's law: ``impact --law-from/--law-to``).
        """
        projection, flat = self.facts(case, day, source=source)
        plan = self.plan(law_on or day)
        fired = self.fire(plan, flat)
        return Context(self.rules, plan, projection.case, day, flat, fired, lang, show_national_id, projection.data(lang))  # type: ignore[arg-type]

    def facts(self, case: Case, day: dt.date, *, source: str | None = None) -> tuple[Projection, dict[str, FactValue]]:
        """The case checked as written and moved to ``day``, and its flat facts on ``day``."""
        written = case.assessment_date or day
        check_case(case, written, source, day=day)
        with dates_in_range(source):
            projection = project(case, written, day, self.age_limits)
            flat = case_facts(projection.case, day)
            if projection.earliest_birth_date is not None:
                flat["person.earliest_birth_date"] = day_number(projection.earliest_birth_date)
        return projection, flat

    def fire(self, plan: Plan, flat: dict[str, FactValue]) -> set[str]:
        """The rules of ``plan`` that durable-rules fires on the facts ``flat``."""
        # Keyed by the rule base too: a reform's evaluator shares this backend (``sharing``).
        name = self.backend.ruleset((self.rules.digest, plan.key), lambda: self._compile(plan.active))
        # Nested as durable-rules reads it ({"person": {"age": 19}}), and only the facts some
        # rule in force tests: the others cannot change a match.
        nested: dict[str, dict[str, FactValue]] = {}
        where = plan.tested
        for path, value in flat.items():
            place = where.get(path)
            if place is not None:
                section = nested.get(place[0])
                if section is None:
                    section = nested[place[0]] = {}
                section[place[1]] = value
        return set(self.backend.evaluate(name, nested).fired)

    def sharing(self, rules: RuleBase) -> Evaluator:
        """An evaluator of another rule base (a reform) with this one's durable-rules host."""
        return Evaluator(rules, _backend=self.backend)

    def _compile(self, active: tuple[Rule, ...]) -> tuple[dict[str, dict[str, object]], dict[str, str]]:
        bodies = compile_ruleset(active, self.rules.conditions)
        derives = {r.id: r.derives for r in active if r.derives}
        return bodies, derives
