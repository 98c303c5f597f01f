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
import os
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from hjemmel.assessment import FindingData, LeanFindingData, ReceiptData, lean_finding
from hjemmel.batch.findings_table import impact_rows, table_text
from hjemmel.batch.run import BatchSummary, Result, case_failure, json_line, record_failure
from hjemmel.cases.facts import FactValue, effective_date
from hjemmel.cases.loading import CaseRecord
from hjemmel.cases.model import Case
from hjemmel.errors import RuleFileError
from hjemmel.evaluation.plan import Plan
from hjemmel.evaluator import Evaluator
from hjemmel.explain.context import Context
from hjemmel.explain.findings import finding, finding_order, overridden, standing
from hjemmel.receipt import receipt_data
from hjemmel.rulebase.base import RuleBase
from hjemmel.rulebase.conditions import Test, tests

# (pydantic reads TypedDicts from typing_extensions only on Python 3.11: the output schemas need it)
from typing_extensions import TypedDict

Key = tuple[str, str, str, str]  # (actor, rule, law, section)


# --- the impact line (one JSON line per case; its JSON Schema: ``hjemmel schema impact``) ----------
# The findings gained and lost are written as ``batch`` writes them: lean, or with ``--full`` whole.
Findings = list[LeanFindingData] | list[FindingData]
# --from/--to: the same person on two dates.
DatesLine = TypedDict(
    "DatesLine",
    {
        "case_id": str,
        "source": str | None,
        "compare": Literal["dates"],
        "from": dt.date,
        "to": dt.date,
        "gained": Findings,
        "lost": Findings,
        "unchanged": int,
        "receipt": ReceiptData,
    },
)
# --law-from/--law-to: the facts of one day under the law in force on two dates.
LawLine = TypedDict(
    "LawLine",
    {
        "case_id": str,
        "source": str | None,
        "compare": Literal["law"],
        "date": dt.date,
        "from": dt.date,
        "to": dt.date,
        "gained": Findings,
        "lost": Findings,
        "unchanged": int,
        "receipt": ReceiptData,
    },
)


class ReformLine(TypedDict):
    """--reform: the facts of one day under the law in force and under the reform (its folder's name)."""

    case_id: str
    source: str | None
    compare: Literal["reform"]
    date: dt.date
    reform: str
    gained: Findings
    lost: Findings
    unchanged: int
    receipt: ReceiptData


ImpactLine = DatesLine | LawLine | ReformLine  # (a case that cannot be compared gets an error record: ``hjemmel.batch.run.ErrorRecord``)


@dataclass(frozen=True)
class Tally:
    """What the summary counts from one case's impact."""

    gained: tuple[Key, ...]
    lost: tuple[Key, ...]
    once: bool  # durable-rules ran once: the outcome on the second date was proved the same


def _key(found: LeanFindingData | FindingData) -> Key:
    return (found["actor"], found["rule"], found["law"], found["section"])


Question = Literal["dates", "law", "reform"]


@dataclass(frozen=True)
class ImpactJob:
    """The impact job of a batch: one impact line (or error record) per case.

    Three questions on one machinery (``compare``):

    * ``dates``: the same person on ``start`` and on ``end`` (law and facts both move);
    * ``law``: the same facts on one day (``on``, else each case's assessment date) under the
      law in force on ``start`` and on ``end``;
    * ``reform``: the same facts on one day under the law in force and under the rule base
      with the reform folder ``reform`` laid over it (``load_rules(reform=…)``).
    """

    start: dt.date | None = None
    end: dt.date | None = None
    lang: str = "nb"
    table: str | None = None  # CSV dialect of the findings table, when one is written
    full: bool = False  # findings with their report-only texts, as ``batch --full`` writes them
    question: Question = "dates"
    on: dt.date | None = None  # the day of the facts for ``law`` and ``reform`` (default: each case's date)
    reform: str | None = None  # the reform folder for ``reform``
    today: dt.date = field(default_factory=dt.date.today)

    def process(self, record: CaseRecord, evaluator: Evaluator) -> Result:
        """Compare one case as the question asks; never raises."""
        if record.case is None:
            return record_failure(record)
        case = record.case
        try:
            line: ImpactLine
            if self.question == "dates":
                assert self.start is not None and self.end is not None
                line, once = compare(evaluator, case, self.start, self.end, lang=self.lang, source=record.source, full=self.full)
            else:
                line, once = self._same_day(evaluator, case, record.source)
        except Exception as exc:  # a located case error, or a bug: the case is never lost: record it and go on
            return case_failure(record, case.id, exc)
        return Result(
            source=record.source,
            line=json_line(line),
            case_id=case.id,
            rows=table_text(impact_rows(line), self.table) if self.table is not None else "",
            extra=Tally(tuple(map(_key, line["gained"])), tuple(map(_key, line["lost"])), once),
        )

    def _same_day(self, evaluator: Evaluator, case: Case, source: str | None) -> tuple[ImpactLine, bool]:
        day, _ = effective_date(case, self.on, self.today)
        first = evaluator.context(case, day, lang=self.lang, source=source, law_on=self.start if self.question == "law" else None)
        if self.question == "law":
            assert self.start is not None and self.end is not None
            plan = evaluator.plan(self.end)
            if plan is first.plan:  # one validity epoch: the same rules decide both
                second = first
            else:
                second = Context(evaluator.rules, plan, first.case, day, first.flat, evaluator.fire(plan, first.flat), self.lang, False, first.projected)
            gained, lost, unchanged = _diff(first, second, self.full)
            law: LawLine = {
                "case_id": case.id,
                "source": source,
                "compare": "law",
                "date": day,
                "from": self.start,
                "to": self.end,
                "gained": gained,
                "lost": lost,
                "unchanged": unchanged,
                "receipt": receipt_data(case, evaluator.rules, day, self.lang),
            }
            return law, second is first
        other = reformed(evaluator, self.reform)
        second = other.context(case, day, lang=self.lang, source=source)
        gained, lost, unchanged = _diff(first, second, self.full)
        # the receipt names the rule base in force; the reform laid over it is named in the line
        reform: ReformLine = {
            "case_id": case.id,
            "source": source,
            "compare": "reform",
            "date": day,
            "reform": Path(self.reform or "").name,
            "gained": gained,
            "lost": lost,
            "unchanged": unchanged,
            "receipt": receipt_data(case, evaluator.rules, day, self.lang),
        }
        return reform, False


def check_reform(rules: RuleBase, reform: str | os.PathLike[str]) -> tuple[tuple[str, str], ...]:
    """Load and check a reform over ``rules`` like the rule base itself (located errors, rules
    that can never fire, contradictions): ``RuleFileError`` when anything is wrong, else the
    reform's changes ``(rule id, added | replaced | repealed)``."""
    from hjemmel.rulebase.lint import contradictions, never_fires
    from hjemmel.rulebase.loading import load_rules
    from hjemmel.rulebase.satisfiability import hints_from

    reformed = load_rules(rules.root, reform=reform)
    hints = hints_from(reformed.conditions.values())
    problems = [*never_fires(reformed, hints), *contradictions(reformed, hints)]
    if problems:
        raise RuleFileError(f"{len(problems)} problem(s) in the reform", problems)
    before = {rule.id: rule for rule in rules.rules}
    after = {rule.id: rule for rule in reformed.rules}
    changes = [(rule_id, "added" if rule_id not in before else "replaced") for rule_id in after if rule_id not in before or after[rule_id] != before[rule_id]]
    changes += [(rule_id, "repealed") for rule_id in before if rule_id not in after]
    return tuple(sorted(changes))


_REFORMED: dict[tuple[str, str, str], Evaluator] = {}


def reformed(evaluator: Evaluator, reform: str | None) -> Evaluator:
    """The evaluator of the rule base with ``reform`` laid over it (loaded once per process)."""
    from hjemmel.rulebase.loading import load_rules

    assert reform is not None and evaluator.rules.root is not None
    key = (str(evaluator.rules.root), reform, evaluator.rules.digest)
    found = _REFORMED.get(key)
    if found is None:
        found = _REFORMED[key] = evaluator.sharing(load_rules(evaluator.rules.root, reform=reform))
    return found


def _diff(first: Context, second: Context, full: bool) -> tuple[Findings, Findings, int]:
    """The findings gained and lost from ``first`` to ``second``, and how many stay."""
    before = standing(first, overridden(first))
    after = before if second is first else standing(second, overridden(second))
    before_ids = {rule.id for rule in before}
    after_ids = {rule.id for rule in after}
    gained = sorted((finding(second, rule) for rule in after if rule.id not in before_ids), key=finding_order)
    lost = sorted((finding(first, rule) for rule in before if rule.id not in after_ids), key=finding_order)
    unchanged = len(before_ids & after_ids)
    if not full:
        return [lean_finding(f) for f in gained], [lean_finding(f) for f in lost], unchanged
    return gained, lost, unchanged


def compare(
    evaluator: Evaluator, case: Case, start: dt.date, end: dt.date, *, lang: str = "nb", source: str | None = None, full: bool = False
) -> tuple[DatesLine, bool]:
    """The impact line of ``case`` from ``start`` to ``end``, and whether durable-rules ran only once.

    Findings are written as ``batch`` writes them: without their report-only texts unless ``full``.

    Raises ``CaseFileError`` when the case contradicts itself on either date (as ``batch
    --date`` would for that date).
    """
    first = evaluator.context(case, start, lang=lang, source=source)
    projection, flat = evaluator.facts(case, end, source=source)
    plan = evaluator.plan(end)
    once = plan is first.plan and same_outcome(evaluator.rules, plan, first.flat, flat)
    if once:
        second = first
    else:
        second = Context(evaluator.rules, plan, projection.case, end, flat, evaluator.fire(plan, flat), lang, False, projection.data(lang))  # type: ignore[arg-type]
    gained, lost, unchanged = _diff(first, second, full)
    # the receipt: the rule base, the case as read, and the day whose facts were compared last
    line: DatesLine = {
        "case_id": case.id,
        "source": source,
        "compare": "dates",
        "from": start,
        "to": end,
        "gained": gained,
        "lost": lost,
        "unchanged": unchanged,
        "receipt": receipt_data(case, evaluator.rules, end, lang),
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
    reform: str | None = None  # the reform's folder name, for --reform
    question: str = "dates"
    reform_changes: tuple[tuple[str, str], ...] = ()  # (rule id, added | replaced | repealed)
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
