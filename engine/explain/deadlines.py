"""Dates that matter to the person: last days of findings, case events, law changes.

Included, in date order:

* the last day of each finding whose facts fix one (``until``), and the first day of a
  finding that starts on a case date (``starts``, e.g. temporary accommodation from the day
  of release);
* events in the case on or after the assessment date: release from prison or remand, a
  scheduled eviction, discharge from an institution (a past event is history, not a
  deadline);
* the day the stay in temporary accommodation reaches the length a rule in force sets as a
  limit (three months in sosialtjenesteloven § 27 today; the number comes from the rule
  file, not from here), also when already past: it tells how long the stay has lasted;
* changes in the rule base between the assessment date and the last of those dates (or
  the day a rule behind a finding stops being in force, if later) that touch a rule of an
  actor with a finding (the rule's title is named, so the caseworker
  knows what to look at again).
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable

from hjemmel.assessment import DeadlineData, DeadlineKind, FindingData
from hjemmel.cases.facts import case_facts
from hjemmel.cases.model import Case
from hjemmel.dates import add_months
from hjemmel.evaluation.plan import starting_truth
from hjemmel.explain.texts import texts
from hjemmel.rulebase.base import RuleBase


def build_deadlines(rules: RuleBase, case: Case, day: dt.date, findings: Iterable[FindingData], lang: str) -> list[DeadlineData]:
    """Deadlines as plain data (the evaluator validates the whole assessment once)."""
    t = texts(lang)
    findings = list(findings)
    out = [_deadline(f["until"], "last_day", t["deadline_last_day"].format(title=f["title"]), f["rule"]) for f in findings if f["until"] is not None]
    out.extend(_deadline(f["starts"], "starts", t["deadline_starts"].format(title=f["title"]), f["rule"]) for f in findings if f["starts"] is not None)
    out.extend(_case_events(rules, case, day, t))
    # A rule a finding rests on that stops being in force is a date to watch, however far.
    ends = [r.in_force.until for f in findings if (r := rules.get(f["rule"])) is not None and r.in_force.until is not None]
    horizon = max([day, *(d["date"] for d in out), *ends])
    out.extend(_law_changes(rules, case, day, findings, horizon, lang, t))
    unique = {(d["date"], d["kind"], d["rule"], d["text"]): d for d in out}
    return sorted(unique.values(), key=lambda d: (d["date"], d["kind"], d["rule"] or "", d["text"]))


def _deadline(date: dt.date, kind: DeadlineKind, text: str, rule: str | None = None) -> DeadlineData:
    return DeadlineData(date=date, kind=kind, text=text, rule=rule)  # the Deadline model's field order


def _case_events(rules: RuleBase, case: Case, day: dt.date, t: dict[str, str]) -> list[DeadlineData]:
    out: list[DeadlineData] = []
    cj, tenancy, health, housing = case.criminal_justice, case.tenancy, case.health, case.housing
    if cj.release_date is not None and cj.status in ("serving", "remand") and cj.release_date >= day:
        out.append(_deadline(cj.release_date, "release", t["deadline_release"]))
    if tenancy.eviction_date is not None and tenancy.eviction_stage not in ("none", "executed") and tenancy.eviction_date >= day:
        out.append(_deadline(tenancy.eviction_date, "eviction", t["deadline_eviction"]))
    if health.discharge_date is not None and health.discharge_date >= day:
        out.append(_deadline(health.discharge_date, "discharge", t["deadline_discharge"]))
    since = housing.temporary_accommodation_since
    if since is not None and housing.situation == "temporary_accommodation":
        for months in rules.limits(day, TEMPORARY_MONTHS):
            out.append(_deadline(add_months(since, months), "temporary_3_months", t["deadline_temporary"].format(months=_count(months, t))))
    return out


TEMPORARY_MONTHS = "housing.months_in_temporary_accommodation"


def _law_changes(rules: RuleBase, case: Case, day: dt.date, findings: list[FindingData], horizon: dt.date, lang: str, t: dict[str, str]) -> list[DeadlineData]:
    out: list[DeadlineData] = []
    days = rules.boundaries
    found = {f["rule"] for f in findings}
    for boundary in days[bisect.bisect_right(days, day) : bisect.bisect_right(days, horizon)]:
        # Only what changes this case: a finding it has that ends, or a rule that starts and
        # whose condition holds on the case's facts on that day (derived facts are expanded).
        candidates = list(rules.changes.get(boundary, ()))
        starting = [r for r in candidates if r.id not in found and r.in_force.start == boundary]
        flat = case_facts(case, boundary) if starting else {}
        holds = {r.id for r in starting if starting_truth(rules, boundary, r.id)(flat, {}) is True}
        changed = sorted((r for r in candidates if r.id in found or r.id in holds), key=lambda r: r.id)
        if changed:
            titles = "; ".join(dict.fromkeys(r.title.get(lang) for r in changed))
            out.append(_deadline(boundary, "law_change", t["deadline_law_change"].format(rules=titles)))
    return out


def _count(months: int, t: dict[str, str]) -> str:
    """A small count in words at the start of a sentence (``Tre``/``Three``), else digits."""
    words = t["counts"].split()
    return words[months] if 0 <= months < len(words) else str(months)
