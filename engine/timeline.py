"""Dates that matter to the person: last days of findings, case events, law changes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from .assessment import Deadline, Finding
from .case_model import Case
from .dates import add_months
from .rule_base_text import texts
from .rule_loader import RuleBase


def build_deadlines(rules: RuleBase, case: Case, day: dt.date, findings: Iterable[Finding], lang: str) -> list[Deadline]:
    t = texts(lang)
    out: list[Deadline] = []
    findings = list(findings)
    for finding in findings:
        if finding.until is not None:
            out.append(Deadline(date=finding.until, kind="last_day", rule=finding.rule, text=t["deadline_last_day"].format(title=finding.title)))
    cj, tenancy, health, housing = case.criminal_justice, case.tenancy, case.health, case.housing
    if cj.release_date is not None and cj.status in ("serving", "remand"):
        out.append(Deadline(date=cj.release_date, kind="release", text=t["deadline_release"]))
    if tenancy.eviction_date is not None and tenancy.eviction_stage not in ("none", "executed"):
        out.append(Deadline(date=tenancy.eviction_date, kind="eviction", text=t["deadline_eviction"]))
    if health.discharge_date is not None and health.discharge_date >= day:
        out.append(Deadline(date=health.discharge_date, kind="discharge", text=t["deadline_discharge"]))
    if housing.temporary_accommodation_since is not None and housing.situation == "temporary_accommodation":
        out.append(
            Deadline(date=add_months(housing.temporary_accommodation_since, 3), kind="temporary_3_months", text=t["deadline_temporary"])
        )
    horizon = max((d.date for d in out), default=day)
    actors = {f.actor for f in findings}
    for boundary in rules.boundaries:
        if not (day < boundary <= horizon):
            continue
        changed = sorted(
            {r.id for r in rules.rules if r.is_finding and r.encoded and r.actor in actors and boundary in (r.in_force.start, r.in_force.until)}
        )
        if changed:
            out.append(Deadline(date=boundary, kind="law_change", text=t["deadline_law_change"].format(rules=", ".join(changed))))
    out.sort(key=lambda d: (d.date, d.kind, d.rule or ""))
    return out
