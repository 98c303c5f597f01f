"""Evaluate a case against the rule base through durable-rules and build the Assessment.

Which rules apply is decided by durable-rules alone (``Backend.evaluate``). Python then
explains the result: the facts each finding rests on, the last day it holds, the missing
facts that could change the answer (three-valued analysis of the same conditions), and
notes on exclusions, uncertain sources and law changes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from hjemmel.assessment import Assessment, AssessmentData
from hjemmel.cases.consistency import check_case
from hjemmel.cases.facts import case_facts, effective_date, nest
from hjemmel.cases.model import Case
from hjemmel.errors import CaseFileError, Problem
from hjemmel.evaluation.backend import Backend
from hjemmel.evaluation.compiler import compile_ruleset
from hjemmel.evaluation.plan import Plan, build_plan, epoch
from hjemmel.explain.context import Context
from hjemmel.explain.explanation import explain
from hjemmel.rulebase.base import RuleBase
from hjemmel.rulebase.model import Rule


@dataclass
class Evaluator:
    """Holds a rule base and (lazily) one durable-rules backend for this process."""

    rules: RuleBase = field(repr=False)
    _backend: Backend | None = field(default=None, repr=False)
    _plans: dict[int, Plan] = field(default_factory=dict, repr=False)

    def plan(self, day: dt.date) -> Plan:
        index = epoch(self.rules, day)
        plan = self._plans.get(index)
        if plan is None:
            plan = self._plans[index] = build_plan(self.rules, day)
        return plan

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
    ) -> AssessmentData:
        """The assessment as plain data, in the exact shape and key order of the contract.

        ``Assessment.model_validate`` of it gives ``assess``; ``contract_json`` of it gives
        the same JSON as the model, without building the model (the batch's fast path).
        """
        day, defaulted = effective_date(case, on, today or dt.date.today())
        check_case(case, day, source)
        try:
            flat = case_facts(case, day)
            plan = self.plan(day)
            name = self.backend.ruleset(plan.key, lambda: self._compile(plan.active))
            session = self.backend.evaluate(name, nest(flat))
            context = Context(self.rules, plan, case, day, flat, set(session.fired), lang, show_national_id)
            return explain(context, defaulted=defaulted, system_duties=system_duties)
        except OverflowError:
            # A deadline, birthday or month limit computed from the case falls outside years 1–9999.
            problem = Problem("a date worked out from this case (a deadline, birthday or time limit) falls past year 9999: check the dates", file=source)
            raise CaseFileError("dates out of range", [problem]) from None

    def _compile(self, active: tuple[Rule, ...]) -> tuple[dict[str, dict[str, object]], dict[str, str]]:
        bodies = compile_ruleset(active, self.rules.conditions)
        derives = {r.id: r.derives for r in active if r.derives}
        return bodies, derives
