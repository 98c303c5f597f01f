"""The whole explanation of one assessed case, as plain assessment data (the JSON contract)."""

from __future__ import annotations

from hjemmel.assessment import SCHEMA, AssessmentData, FindingData, NoteData, ReceiptData, RulesetData
from hjemmel.cases.facts import answered_by, catalogue
from hjemmel.explain.context import Context
from hjemmel.explain.deadlines import build_deadlines
from hjemmel.explain.findings import dedupe, finding, finding_notes, finding_order, note_data, overridden, standing
from hjemmel.explain.near_misses import near_misses
from hjemmel.explain.questions import open_questions, touched
from hjemmel.explain.texts import format_day, texts
from hjemmel.languages import language


def explain(ctx: Context, *, defaulted: bool, system_duties: bool, receipt: ReceiptData, extras: bool = True) -> AssessmentData:
    """Findings (fired rules not set aside by an exception), open questions, notes and dates.

    ``defaulted`` says the assessment date was not given (today was used); with
    ``system_duties`` the duties that hold whatever the case (supervision, planning) are listed.
    Without ``extras`` the report-only parts that take time (the facts shown, deadlines, rule
    titles) are left empty: the batch's default line does not carry them (``REPORT_ONLY``).
    ``receipt`` (what produced the assessment) comes last.
    """
    notes: list[NoteData] = []
    if defaulted:
        notes.append(note_data("date_defaulted", None, texts(ctx.lang)["date_defaulted"].format(day=format_day(ctx.day, ctx.lang))))
    excluded = overridden(ctx)
    for rule in ctx.plan.exclusions:
        if rule.id in ctx.fired and rule.id not in excluded:
            notes.append(note_data("excluded", rule.id, f"{rule.title.get(ctx.lang)}: {rule.summary.get(ctx.lang)}"))
    findings: list[FindingData] = []
    for rule in standing(ctx, excluded):
        found = finding(ctx, rule)
        findings.append(found)
        notes.extend(finding_notes(ctx, rule, found))
    findings.sort(key=finding_order)
    duties = [finding(ctx, r, system=True) for r in ctx.rules.system_duties(ctx.day)] if system_duties else []
    duties.sort(key=finding_order)
    engaged: dict[str, bool] = {}  # which derived facts the case engages (shared below)
    candidates = touched(ctx)  # the rules the known facts touch: the only ones that can be engaged
    truths: dict[str, bool | None] = {}
    questions = open_questions(ctx, excluded, engaged, candidates, truths)
    misses = near_misses(ctx, excluded, engaged, candidates, truths)
    named = {r for q in questions for r in (*q["could_add"], *q["could_remove"])} | {n["rule"] for n in notes if n["rule"]}
    return AssessmentData(
        schema=SCHEMA,
        case_id=ctx.case.id,
        assessment_date=ctx.day,
        ruleset=RulesetData(version=ctx.rules.version, digest=ctx.rules.digest),
        findings=findings,
        open_questions=questions,
        notes=dedupe(notes),
        language=language(ctx.lang),
        facts=visible_facts(ctx) if extras else {},
        municipality_names=municipality_names(ctx) if extras else {},
        system_duties=duties,
        deadlines=build_deadlines(ctx.rules, ctx.case, ctx.day, findings, ctx.lang) if extras else [],
        rule_titles={rule_id: ctx.rules.rule(rule_id).title.get(ctx.lang) for rule_id in sorted(named)} if extras else {},
        near_misses=misses,
        projected=ctx.projected,
        receipt=receipt,
    )


def municipality_names(ctx: Context) -> dict[str, str]:
    """The name on the day assessed of each municipality number among the facts (a number with no
    name that day is left out: shown alone, as the responsible municipality is)."""
    info = catalogue()
    out: dict[str, str] = {}
    for path, value in ctx.flat.items():
        entry = info.get(path)
        if entry is not None and entry.kind == "municipality" and isinstance(value, str):
            name = ctx.rules.municipalities.name(value, ctx.day)
            if name is not None:
                out[value] = name
    return dict(sorted(out.items()))


def visible_facts(ctx: Context) -> dict[str, object]:
    """The facts as given (national id masked), for the report's case summary."""
    return {path: ctx.display_value(path) for path in sorted(ctx.flat) if answered_by(path) == path}
