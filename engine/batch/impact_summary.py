"""The summary of an impact run as a self-contained HTML page or as CSV.

Counts of cases that gained and lost findings per actor, law, section and rule, and the
changes in the rule base between the two dates (rules that start or stop being in force)
with the cases each one moved. Findings that changed while their rule was in force on both
dates moved with the case's own dates (an age, months in temporary accommodation, days to
release) or with a rule they depend on; they are listed apart.

CSV columns: ``kind,key,date,count,gained,lost`` — ``cases`` rows carry a ``count``; the
``actor``, ``law``, ``section`` and ``rule`` rows the cases that ``gained`` and ``lost`` a
finding; ``rule_starts``/``rule_ends`` rows (key: the rule id) the date of the change.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import pathlib
from collections.abc import Iterator
from dataclasses import dataclass

from hjemmel.batch.impact import ImpactSummary
from hjemmel.files import atomic_write_text
from hjemmel.messages import translate_lines
from hjemmel.rulebase.base import RuleBase
from hjemmel.safe_text import spreadsheet_cell

KINDS = ("actor", "law", "section", "rule")


@dataclass(frozen=True)
class LawChange:
    """A rule that starts (``starts``) or stops (``ends``) being in force between the dates, and the cases it moved."""

    day: dt.date
    rule: str
    title: str
    law: str
    section: str
    change: str  # "starts" | "ends"
    gained: int
    lost: int


def law_changes(summary: ImpactSummary, rules: RuleBase, lang: str) -> list[LawChange]:
    """Finding rules that start or stop being in force after the earlier date, up to and including the later one."""
    if summary.start is None or summary.end is None:
        return []
    low, high = sorted((summary.start, summary.end))
    out: list[LawChange] = []
    for day in rules.boundaries:
        if not low < day <= high:
            continue
        for rule in sorted(rules.changes.get(day, ()), key=lambda r: r.id):
            change = "starts" if rule.in_force.start == day else "ends"
            out.append(
                LawChange(
                    day=day,
                    rule=rule.id,
                    title=rule.title.get(lang),
                    law=rule.law,
                    section=rule.section,
                    change=change,
                    gained=summary.gained[("rule", rule.id)],
                    lost=summary.lost[("rule", rule.id)],
                )
            )
    return out


def other_changes(summary: ImpactSummary, changes: list[LawChange]) -> list[tuple[str, int, int]]:
    """Rules in force on both dates whose findings still changed: (rule, cases gained, cases lost)."""
    moved = {c.rule for c in changes}
    rules = {key for kind, key in (*summary.gained, *summary.lost) if kind == "rule" and key not in moved}
    return sorted(((r, summary.gained[("rule", r)], summary.lost[("rule", r)]) for r in rules), key=lambda t: (-(t[1] + t[2]), t[0]))


def counts(summary: ImpactSummary, kind: str) -> list[tuple[str, int, int]]:
    """(key, cases gained, cases lost) for one kind, most moved first."""
    keys = {key for k, key in (*summary.gained, *summary.lost) if k == kind}
    return sorted(((k, summary.gained[(kind, k)], summary.lost[(kind, k)]) for k in keys), key=lambda t: (-(t[1] + t[2]), t[0]))


def overview(summary: ImpactSummary) -> list[tuple[str, int]]:
    return [
        ("total", summary.cases),
        ("compared", summary.assessed),
        ("failed", summary.failed),
        ("changed", summary.changed),
        ("unchanged", summary.assessed - summary.changed),
        ("findings_gained", summary.findings_gained),
        ("findings_lost", summary.findings_lost),
        ("evaluated_once", summary.once),
    ]


def rows(summary: ImpactSummary, rules: RuleBase) -> Iterator[tuple[str, str, str, str, str, str]]:
    """The CSV rows (``kind, key, date, count, gained, lost``) as text cells."""
    for key, count in overview(summary):
        yield "cases", key, "", str(count), "", ""
    for kind in KINDS:
        for key, gained, lost in counts(summary, kind):
            yield kind, key, "", "", str(gained), str(lost)
    for change in law_changes(summary, rules, "en"):
        yield f"rule_{change.change}", change.rule, change.day.isoformat(), "", str(change.gained), str(change.lost)
    for rule_id, what in summary.reform_changes:
        yield f"reform_{what}", rule_id, "", "", str(summary.gained[("rule", rule_id)]), str(summary.lost[("rule", rule_id)])
    for error, count in sorted(summary.errors.items()):
        yield "error", error, "", str(count), "", ""


def summary_csv(summary: ImpactSummary, rules: RuleBase) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["kind", "key", "date", "count", "gained", "lost"])
    writer.writerows([spreadsheet_cell(cell) for cell in row] for row in rows(summary, rules))
    return out.getvalue()


def summary_html(summary: ImpactSummary, rules: RuleBase, lang: str) -> str:
    from hjemmel.reports.impact_page import render_impact

    changes = law_changes(summary, rules, lang)
    titles = {rule.id: rule.title.get(lang) for rule in rules.rules}
    rows: list[tuple[dt.date | None, str, str, str, str, int, int]] = [
        (c.day, c.change, c.rule, c.title, f"{c.law} § {c.section}", c.gained, c.lost) for c in changes
    ]
    for rule_id, change in summary.reform_changes:
        rule = rules.get(rule_id)
        where = f"{rule.law} § {rule.section}" if rule else ""
        rows.append((None, change, rule_id, titles.get(rule_id, rule_id), where, summary.gained[("rule", rule_id)], summary.lost[("rule", rule_id)]))
    return render_impact(
        lang=lang,
        start=summary.start,
        end=summary.end,
        overview=dict(overview(summary)),
        errors=sorted(summary.errors.items(), key=lambda t: (-t[1], t[0])),
        failures=[(source, case_id, translate_lines(message, lang)) for source, case_id, message in summary.failures[:20]],
        actors=[(_actor(rules, key, lang), g, lo) for key, g, lo in counts(summary, "actor")],
        laws=[(_law(rules, key, lang), g, lo) for key, g, lo in counts(summary, "law")],
        sections=[(_section(rules, key, lang), g, lo) for key, g, lo in counts(summary, "section")],
        changes=rows,
        others=[
            (rule, titles.get(rule, rule), gained, lost) for rule, gained, lost in other_changes(summary, changes) if rule not in dict(summary.reform_changes)
        ],
        question="reform" if summary.reform else ("law" if summary.question == "law" else "dates"),
        reform=summary.reform,
    )


def write_impact_summary(summary: ImpactSummary, path: pathlib.Path, rules: RuleBase, lang: str) -> None:
    """Write ``summary`` to ``path`` as HTML or CSV, chosen by the suffix."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        atomic_write_text(path, summary_csv(summary, rules))
    elif suffix in (".html", ".htm"):
        atomic_write_text(path, summary_html(summary, rules, lang))
    else:
        raise ValueError(f"unknown summary format {path.suffix or '(no suffix)'!r} for {path}: use .html or .csv")


def _actor(rules: RuleBase, actor_id: str, lang: str) -> str:
    """An actor's name as the reports show it (today's name)."""
    actor = rules.actors.get(actor_id)
    return actor.name(dt.date.today(), lang) if actor else actor_id


def _law(rules: RuleBase, law_id: str, lang: str) -> str:
    law = rules.laws.get(law_id)
    return law.short.get(lang) if law else law_id


def _section(rules: RuleBase, key: str, lang: str) -> str:
    """``barnevernsloven § 3-6`` with the law's short name."""
    law_id, _, section = key.partition(" § ")
    return f"{_law(rules, law_id, lang)} § {section}" if section else key
