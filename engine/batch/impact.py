"""Impact: what moving from one date to another does to each case's findings.

For every case the findings it gains and loses between ``start`` and ``end`` (by rule: a
finding is lost when its rule no longer stands on ``end``, gained when it newly stands),
each finding exactly as ``batch --date`` writes it on that date, and how many stay. The
result is the same as two batch runs compared case by case (a property test checks it),
at a fraction of the cost:

* only what the comparison needs is computed — which rules fire (durable-rules, on both
  dates) and the findings that changed; no open questions, deadlines or notes;
* durable-rules runs once instead of twice when the outcome on ``end`` is provably the one
  on ``start``: the same rules are in force on both dates (one validity epoch) and every
  fact whose value moved with the date (an age, a number of days or months) gives every
  test of the rules on it the same truth value on both dates. A rule's condition is made of
  such tests alone, so durable-rules cannot fire differently.

This is a batch job (``hjemmel.batch.run.Job``): streaming, workers, order, resume and the
guarantee that no case is lost are the batch's own.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from hjemmel.assessment import FindingData, lean_finding
from hjemmel.batch.findings_table import impact_rows, table_text
from hjemmel.batch.run import BatchSummary, Result, case_failure, json_line, record_failure
from hjemmel.cases.facts import FactValue
from hjemmel.cases.loading import CaseRecord
from hjemmel.cases.model import Case
from hjemmel.evaluation.plan import Plan
from hjemmel.evaluator import Evaluator
from hjemmel.explain.context import Context
from hjemmel.explain.findings import finding, finding_order, overridden, standing
from hjemmel.rulebase.base import RuleBase
from hjemmel.rulebase.conditions import Test, tests

Key = tuple[str, str, str, str]  # (actor, rule, law, section)


ImpactLine = dict[str, Any]  # {"case_id", "source", "from", "to", "gained", "lost", "unchanged"}


@dataclass(frozen=True)
class Tally:
    """What the summary counts from one case's impact."""

    gained: tuple[Key, ...]
    lost: tuple[Key, ...]
    once: bool  # durable-rules ran once: the outcome on the second date was proved the same


def _key(found: FindingData) -> Key:
    return (found["actor"], found["rule"], found["law"], found["section"])


@dataclass(frozen=True)
class ImpactJob:
    """The impact job of a batch: one impact line (or error record) per case."""

    start: dt.date
    end: dt.date
    lang: str = "nb"
    table: str | None = None  # CSV dialect of the findings table, when one is written
    full: bool = False  # findings with their report-only texts, as ``batch --full`` writes them

    def process(self, record: CaseRecord, evaluator: Evaluator) -> Result:
        """Compare one case on the two dates; never raises."""
        if record.case is None:
            return record_failure(record)
        case = record.case
        try:
            line, once = compare(evaluator, case, self.start, self.end, lang=self.lang, source=record.source, full=self.full)
        except Exception as exc:  # a bug must not lose the case: record it and go on
            return case_failure(record, case.id, exc)
        return Result(
            source=record.source,
            line=json_line(line),
            case_id=case.id,
            rows=table_text(impact_rows(line), self.table) if self.table is not None else "",
            extra=Tally(tuple(map(_key, line["gained"])), tuple(map(_key, line["lost"])), once),
        )


def compare(
    evaluator: Evaluator, case: Case, start: dt.date, end: dt.date, *, lang: str = "nb", source: str | None = None, full: bool = False
) -> tuple[ImpactLine, bool]:
    """The impact line of ``case`` from ``start`` to ``end``, and whether durable-rules ran only once.

    Findings are written as ``batch`` writes them: without their report-only texts unless ``full``.

    Raises ``CaseFileError`` when the case contradicts itself on either date (as ``batch
    --date`` would for that date).
    """
    first = evaluator.context(case, start, lang=lang, source=source)
    projection, flat = evaluator.facts(case, end, source=source)
    plan = evaluator.plan(end)
    before = standing(first, overridden(first))
    once = plan is first.plan and same_outcome(evaluator.rules, plan, first.flat, flat)
    if once:
        second, after = first, before
    else:
        second = Context(evaluator.rules, plan, projection.case, end, flat, evaluator.fire(plan, flat), lang, False, projection.data(lang))  # type: ignore[arg-type]
        after = standing(second, overridden(second))
    before_ids = {rule.id for rule in before}
    after_ids = {rule.id for rule in after}
    gained: list[Any] = sorted((finding(second, rule) for rule in after if rule.id not in before_ids), key=finding_order)
    lost: list[Any] = sorted((finding(first, rule) for rule in before if rule.id not in after_ids), key=finding_order)
    if not full:
        gained, lost = [lean_finding(f) for f in gained], [lean_finding(f) for f in lost]
    line: ImpactLine = {
        "case_id": case.id,
        "source": source,
        "from": start,
        "to": end,
        "gained": gained,
        "lost": lost,
        "unchanged": len(before_ids & after_ids),
    }
    return line, once


_TESTED: dict[tuple[str, frozenset[str]], dict[str, tuple[Test, ...]]] = {}


def _tested(rules: RuleBase, plan: Plan) -> dict[str, tuple[Test, ...]]:
    """Every test of the rules in ``plan`` (derived facts' rules included), by fact path."""
    key = (rules.digest, plan.key)
    found = _TESTED.get(key)
    if found is None:
        by_path: dict[str, list[Test]] = {}
        for rule in plan.active:
            for test in tests(rules.conditions[rule.id]):
                by_path.setdefault(test.path, []).append(test)
        found = _TESTED[key] = {path: tuple(items) for path, items in by_path.items()}
    return found


def same_outcome(rules: RuleBase, plan: Plan, before: Mapping[str, FactValue], after: Mapping[str, FactValue]) -> bool:
    """Whether durable-rules must fire the same rules of ``plan`` on the facts ``after`` as on ``before``.

    True when both hold the same facts and every fact whose value differs gives every test
    of the plan's rules on it the same truth value. The compiled ruleset tests each fact
    only through such tests (``hjemmel.evaluation.compiler``), so its matches cannot differ.
    """
    if before.keys() != after.keys():
        return False
    tested = _tested(rules, plan)
    for path, value in before.items():
        other = after[path]
        if other == value:
            continue
        for test in tested.get(path, ()):
            if test.holds(value) != test.holds(other):
                return False
    return True


# --- counting ---------------------------------------------------------------------------------


@dataclass
class ImpactSummary(BatchSummary):
    """The batch summary of an impact run: cases that gained or lost findings, by actor, law, section and rule.

    Each count is a number of cases (a case that gains two findings of one actor counts once
    for that actor).
    """

    start: dt.date | None = None
    end: dt.date | None = None
    changed: int = 0  # cases with at least one finding gained or lost
    once: int = 0  # cases for which durable-rules ran once (outcome proved the same)
    gained: Counter[tuple[str, str]] = field(default_factory=Counter)  # (kind, key) → cases
    lost: Counter[tuple[str, str]] = field(default_factory=Counter)
    findings_gained: int = 0
    findings_lost: int = 0

    def add(self, result: Result) -> None:
        if result.error_type is not None or not isinstance(result.extra, Tally):
            super().add(result)
            return
        self.cases += 1
        self.assessed += 1
        tally = result.extra
        self.once += tally.once
        if tally.gained or tally.lost:
            self.changed += 1
        self.findings_gained += len(tally.gained)
        self.findings_lost += len(tally.lost)
        for counter, keys in ((self.gained, tally.gained), (self.lost, tally.lost)):
            counter.update(_kinds(keys))


def _kinds(keys: tuple[Key, ...]) -> set[tuple[str, str]]:
    out: set[tuple[str, str]] = set()
    for actor, rule, law, section in keys:
        out.update({("actor", actor), ("law", law), ("section", f"{law} § {section}"), ("rule", rule)})
    return out
