"""``hjemmel explain``: whether one rule applies to a case on a date, condition by condition.

``applies`` is true exactly when the rule gives a finding (durable-rules fired it and no
declared exception sets it aside), false when a condition fails, the rule is set aside or
not in force, and null when facts are missing to decide it (``missing`` names the smallest
set of them).
"""

from __future__ import annotations

from hjemmel.assessment import ConditionCheckData, QuoteData
from hjemmel.cases.facts import answered_by
from hjemmel.explain.context import Context
from hjemmel.explain.findings import overridden, statute_text
from hjemmel.explain.texts import legal_basis
from hjemmel.explain.why import check
from hjemmel.languages import Language, language
from hjemmel.rulebase.conditions import top_items
from hjemmel.rulebase.logic import evaluate
from hjemmel.rulebase.model import RuleKind

# (pydantic reads TypedDicts from typing_extensions only on Python 3.11: the output schemas need it)
from typing_extensions import TypedDict

_NOTHING: frozenset[str] = frozenset()


class RuleExplanation(TypedDict):
    """``hjemmel explain --format json``: one rule on one case and date (its JSON Schema:
    ``hjemmel schema explain``). Dates are ``YYYY-MM-DD`` text; texts are in ``language``."""

    rule: str
    applies: bool | None
    conditions: list[ConditionCheckData]
    case_id: str
    date: str
    title: str
    actor: str | None
    actor_name: str | None
    law: str
    section: str
    kind: RuleKind
    legal_basis: str
    source: str
    in_force: bool
    in_force_from: str | None
    in_force_until: str | None
    system: bool
    encoded: bool
    reason_not_encoded: str | None
    set_aside_by: str | None
    set_aside_by_title: str | None
    missing: list[str]
    responsible_municipality: str | None
    responsible_municipality_name: str | None
    statute_text: list[QuoteData]
    language: Language


def explain_rule(ctx: Context, rule_id: str) -> RuleExplanation:
    """The explanation of one rule (JSON: ``{"rule", "applies", "conditions": [...], ...}``)."""
    rules = ctx.rules
    rule = rules.rule(rule_id)
    law = rules.laws[rule.law]
    in_force = rule.in_force.contains(ctx.day)
    active = any(r.id == rule_id for r in ctx.plan.active)
    excluded = overridden(ctx)
    conditions = [check(ctx, item) for item in top_items(rules.conditions[rule_id])] if rule_id in rules.conditions else []
    set_aside_by = excluded.get(rule_id)
    missing: list[str] = []
    applies: bool | None
    if rule.system and rule.encoded and in_force:
        applies = True
    elif not rule.encoded or rule.when is None:
        applies = None
    elif not active:
        applies = False
    elif rule_id in ctx.fired:
        applies = set_aside_by is None
    else:
        truth = evaluate(rules.conditions[rule_id], ctx.flat, ctx.derived_truth)
        applies = None if truth is None else False
        if truth is None and rule_id in ctx.plan.need:
            needed = ctx.plan.need[rule_id](ctx.true, ctx.false, {}, _NOTHING)
            missing = sorted({answered_by(path) for path in needed or ()})
    # The municipality the rule makes responsible: the kommunenummer in the case field it names,
    # with SSB's name for that number on the day (none when the number had no name then).
    number = ctx.flat.get(rule.responsible_municipality) if rule.responsible_municipality else None
    municipality = str(number) if number is not None else None
    return {
        "rule": rule.id,
        "applies": applies,
        "conditions": conditions,
        "case_id": ctx.case.id,
        "date": ctx.day.isoformat(),
        "title": rule.title.get(ctx.lang),
        "actor": rule.actor,
        "actor_name": rules.actors[rule.actor].name(ctx.day, ctx.lang) if rule.actor else None,
        "law": rule.law,
        "section": rule.section,
        "kind": rule.kind,
        "legal_basis": legal_basis(law.short.get(ctx.lang), rule.source.section, ctx.lang),
        "source": rule.source.url,
        "in_force": in_force,
        "in_force_from": rule.in_force.start.isoformat() if rule.in_force.start else None,
        "in_force_until": rule.in_force.until.isoformat() if rule.in_force.until else None,
        "system": rule.system,
        "encoded": rule.encoded,
        "reason_not_encoded": rule.reason_not_encoded,
        "set_aside_by": set_aside_by,
        "set_aside_by_title": rules.rule(set_aside_by).title.get(ctx.lang) if set_aside_by else None,
        "missing": missing,
        "responsible_municipality": municipality,
        "responsible_municipality_name": rules.municipalities.name(municipality, ctx.day),
        "statute_text": statute_text(rules, rule, law.short.get(ctx.lang), ctx.lang),
        "language": language(ctx.lang),
    }
