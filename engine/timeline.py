"""When the answer changes: the findings of one case over a period, and the dates they change.

Findings can change on two kinds of dates: when the law changes (a rule's validity
boundary) and when a fact computed from the date crosses a limit a rule sets — the birthday
at an age limit, the release or discharge date, the day an eviction is near, a number of
months since a permit or in temporary accommodation. Between two such dates every rule
condition has the same truth value, so the findings are the same on every day.

``timeline`` therefore assesses the case only on those candidate dates: each rule boundary
in the period, and for each date-dependent fact and each limit a rule tests it against, the
one day on which the test flips (the facts are monotone in the date, so a binary search
finds it). A test suite compares the result with assessing every day.

The case is taken as its own dates make it on each day, as ``assess --date`` takes it
(``hjemmel.cases.projection``): from the release day the person is released, from the
eviction day the eviction is executed, from the discharge day the person is discharged, and
before the day the case was written what it records as starting later is unknown. Those event
days are candidate dates too. Days on which the case cannot be assessed (before the person
was born …) form periods with the error.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable
from typing import Any

from hjemmel.assessment import FindingKind
from hjemmel.cases.facts import COMPUTED, case_facts
from hjemmel.cases.model import Case
from hjemmel.dates import birthday, earliest_birth_date
from hjemmel.errors import CaseFileError
from hjemmel.evaluator import Evaluator
from hjemmel.explain.findings import finding_order, overridden
from hjemmel.explain.texts import legal_basis, texts
from hjemmel.languages import Language, language
from hjemmel.rulebase.conditions import Test, tests
from hjemmel.rulebase.model import Rule

# (pydantic reads TypedDicts from typing_extensions only on Python 3.11: the output schemas need it)
from typing_extensions import TypedDict

# Computed facts that move with the date (the county does not).
MOVING = tuple(path for path in COMPUTED if path != "person.county")
_ONE_DAY = dt.timedelta(days=1)


# --- the timeline as data (``hjemmel timeline --format json``; its JSON Schema: ``hjemmel schema timeline``)


class TimelineFinding(TypedDict):
    """A finding in a timeline: who, under which rule, and for reading its kind, title and names."""

    rule: str
    actor: str
    law: str
    section: str
    kind: FindingKind
    title: str
    actor_name: str
    legal_basis: str


class TimelineChange(TypedDict):
    """A day the findings change: those gained and lost, why (in the timeline's language), and the
    error when the case cannot be assessed from that day."""

    date: str
    gained: list[TimelineFinding]
    lost: list[TimelineFinding]
    reasons: list[str]
    error: str | None


class _State(TypedDict):
    findings: list[TimelineFinding]
    error: str | None


# A period of days with the same findings (or the same error), ``from`` and ``to`` inclusive.
TimelinePeriod = TypedDict("TimelinePeriod", {"from": str, "to": str, "findings": list[TimelineFinding], "error": str | None})
# The findings of one case over a period: the days they change and the periods between.
TimelineData = TypedDict(
    "TimelineData", {"case_id": str, "from": str, "to": str, "changes": list[TimelineChange], "periods": list[TimelinePeriod], "language": Language}
)


def timeline(evaluator: Evaluator, case: Case, start: dt.date, end: dt.date, lang: str = "nb") -> TimelineData:
    """The findings of ``case`` from ``start`` to ``end`` (inclusive): changes and periods.

    JSON: ``{"case_id", "from", "to", "changes": [{"date", "gained", "lost", "reasons", "error"}],
    "periods": [{"from", "to", "findings", "error"}], "language"}``; a finding has ``rule, actor,
    law, section`` and, for reading, ``kind, title, actor_name, legal_basis`` (``TimelineData``).
    """
    if end < start:
        raise ValueError("the end of the period is before its start")
    reasons = candidates(evaluator, case, start, end, lang)
    days = sorted(reasons)
    states = [_state(evaluator, case, day, lang) for day in days]
    periods: list[TimelinePeriod] = []
    changes: list[TimelineChange] = []
    for day, state in zip(days, states):
        if periods and _same(periods[-1], state):
            continue
        if periods:
            periods[-1]["to"] = (day - _ONE_DAY).isoformat()
            before = {f["rule"]: f for f in periods[-1]["findings"]}
            after = {f["rule"]: f for f in state["findings"]}
            changes.append(
                {
                    "date": day.isoformat(),
                    "gained": [after[r] for r in after if r not in before],
                    "lost": [before[r] for r in before if r not in after],
                    "reasons": sorted(reasons[day]),
                    "error": state["error"],
                }
            )
        periods.append({"from": day.isoformat(), "to": end.isoformat(), "findings": state["findings"], "error": state["error"]})
    return {"case_id": case.id, "from": start.isoformat(), "to": end.isoformat(), "changes": changes, "periods": periods, "language": language(lang)}


def _same(period: TimelinePeriod, state: _State) -> bool:
    """Same findings, or both days not assessable (the error names the first day of the period)."""
    return bool((period["error"] is None) == (state["error"] is None) and [f["rule"] for f in period["findings"]] == [f["rule"] for f in state["findings"]])


def _state(evaluator: Evaluator, case: Case, day: dt.date, lang: str) -> _State:
    """The findings on one day (or the error that keeps the case from being assessed)."""
    try:
        ctx = evaluator.context(case, day, lang=lang)
    except CaseFileError as exc:
        return {"findings": [], "error": "; ".join(p.message for p in exc.problems) or exc.message}
    excluded = overridden(ctx)
    found = [_finding(evaluator, r, day, lang) for r in ctx.plan.active if r.is_finding and r.id in ctx.fired and r.id not in excluded]
    found.sort(key=finding_order)
    return {"findings": found, "error": None}


def _finding(evaluator: Evaluator, rule: Rule, day: dt.date, lang: str) -> TimelineFinding:
    assert rule.actor is not None
    law = evaluator.rules.laws[rule.law]
    return {
        "rule": rule.id,
        "actor": rule.actor,
        "law": rule.law,
        "section": rule.section,
        "kind": rule.finding_kind,
        "title": rule.title.get(lang),
        "actor_name": evaluator.rules.actors[rule.actor].name(day, lang),
        "legal_basis": legal_basis(law.short.get(lang), rule.source.section, lang),
    }


def candidates(evaluator: Evaluator, case: Case, start: dt.date, end: dt.date, lang: str = "nb") -> dict[dt.date, set[str]]:
    """Every date in the period on which the findings may change, with why (in ``lang``)."""

    t = texts(lang)
    out: dict[dt.date, set[str]] = {start: set()}

    def add(day: dt.date | None, reason: str) -> None:
        if day is not None and start < day <= end:
            out.setdefault(day, set()).add(reason)

    rules = evaluator.rules
    for boundary in rules.boundaries:
        add(boundary, t["reason_law_change"])
    # Days on which the case itself changes: validity of its dates, and the projection.
    person, cj = case.person, case.criminal_justice
    add(person.birth_date, t["reason_born"])
    add(case.immigration.permit_date, t["reason_fact"].format(fact=_label("immigration.permit_date", lang)))
    add(case.housing.temporary_accommodation_since, t["reason_fact"].format(fact=_label("housing.temporary_accommodation_since", lang)))
    if cj.release_date is not None:
        # The release (projected from the day written), and where the case gives no date of its
        # own, the days its status stops or starts fitting the release date.
        add(cj.release_date, t["reason_released"])
        add(cj.release_date + _ONE_DAY, t["reason_released"])
    if case.tenancy.eviction_date is not None and case.tenancy.eviction_stage == "scheduled":
        add(case.tenancy.eviction_date, t["reason_fact"].format(fact=_label("tenancy.eviction_date", lang)))
    if case.health.discharge_date is not None and case.health.in_specialist_institution:
        add(case.health.discharge_date, t["reason_fact"].format(fact=_label("health.discharge_date", lang)))
    written = case.assessment_date
    if written is not None:
        # Before the day written, facts recorded later are unknown; from it, they hold.
        add(written, t["reason_written"])
        add(written + _ONE_DAY, t["reason_written"])
        if person.birth_date is None and person.age is not None:
            # A bare age is known within a year-long window of birth dates: the age (or whether
            # it is known) can change on the anniversaries of both ends of the window.
            for edge in (written, earliest_birth_date(person.age, written)):
                for years in range(start.year - edge.year - 1, end.year - edge.year + 2):
                    with contextlib.suppress(OverflowError, ValueError):
                        turn = birthday(edge, years)
                        add(turn, _label("person.age", lang))
                        add(turn + _ONE_DAY, _label("person.age", lang))
    values = _probe(case)  # the computed facts that move with the date do not depend on the projection
    limits = _limits(rules.rules, rules.conditions)
    for path in MOVING:
        if values(path, start) is None and values(path, end) is None:
            continue
        for threshold in limits.get(path, ()):
            day = _flip(_crossing(values, path, threshold), start, end)
            if day is not None:
                reason = t["reason_birthday"].format(age=threshold) if path == "person.age" else _label(path, lang)
                add(day, reason)
    return out


def _label(path: str, lang: str) -> str:
    from hjemmel.cases.facts import answered_by, catalogue

    info = catalogue().get(answered_by(path))
    return info.label(lang) if info else path


def _probe(case: Case) -> Callable[[str, dt.date], int | None]:
    def value(path: str, day: dt.date) -> int | None:
        found = case_facts(case, day).get(path)
        return found if isinstance(found, int) and not isinstance(found, bool) else None

    return value


def _limits(rules: tuple[Rule, ...], conditions: dict[str, Any]) -> dict[str, set[int]]:
    """For each moving fact, the values ``v`` such that "fact ≥ v" decides some test of a rule."""
    out: dict[str, set[int]] = {}
    for rule in rules:
        if rule.id not in conditions:
            continue
        for test in tests(conditions[rule.id]):
            if test.path in MOVING:
                out.setdefault(test.path, set()).update(_thresholds(test))
    return out


def _thresholds(test: Test) -> set[int]:
    values = test.value if isinstance(test.value, tuple) else (test.value,)
    out: set[int] = set()
    for v in values:
        if isinstance(v, bool) or not isinstance(v, int):
            continue
        if test.op in ("lt", "gte"):
            out.add(v)
        elif test.op in ("gt", "lte"):
            out.add(v + 1)
        else:  # eq, ne, in, not_in: entering and leaving the value
            out.update((v, v + 1))
    return out


def _crossing(values: Callable[[str, dt.date], int | None], path: str, threshold: int) -> Callable[[dt.date], bool | None]:
    """Whether ``path`` has reached ``threshold`` on a day (None while it is unknown)."""

    def reached(day: dt.date) -> bool | None:
        return _at_least(values(path, day), threshold)

    return reached


def _at_least(value: int | None, threshold: int) -> bool | None:
    return None if value is None else value >= threshold


def _flip(predicate: Callable[[dt.date], bool | None], start: dt.date, end: dt.date) -> dt.date | None:
    """The first day after ``start`` on which a monotone predicate differs from its value at ``start``."""
    first = predicate(start)
    if predicate(end) == first:
        return None
    low, high = start, end  # predicate(low) == first, predicate(high) != first
    while (high - low).days > 1:
        middle = low + dt.timedelta(days=(high - low).days // 2)
        if predicate(middle) == first:
            low = middle
        else:
            high = middle
    return high
