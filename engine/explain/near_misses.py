"""Near misses: rules in force that fail on a single condition, with that condition.

A caseworker asks "why not X?". When every condition of a rule holds but one, the answer is
that one condition — the age limit, the missing consent, the wrong housing situation. A
rule is a near miss when it gives findings, did not fire, has at least two conditions,
exactly one of them is false and all the others hold, and the case engages it
(``hjemmel.rulebase.relevance``: otherwise a one-line rule on a generic fact would be a near
miss for almost everyone).
"""

from __future__ import annotations

from hjemmel.assessment import NearMissData
from hjemmel.explain.context import Context
from hjemmel.explain.findings import finding_order
from hjemmel.explain.texts import legal_basis
from hjemmel.explain.why import check, top_items
from hjemmel.rulebase.logic import evaluate


def near_misses(ctx: Context, excluded: dict[str, str], engaged_memo: dict[str, bool]) -> list[NearMissData]:
    """The near misses of a case, in the order findings are listed."""
    out: list[NearMissData] = []
    by_path = ctx.plan.askable_by_path
    candidates = {rule.id: rule for path in ctx.flat if path in by_path for rule in by_path[path]}
    for rule_id in sorted(candidates):
        rule = candidates[rule_id]
        if not rule.is_finding or rule.id in ctx.fired or rule.id in excluded:
            continue
        items = top_items(ctx.rules.conditions[rule.id])
        if len(items) < 2:
            continue
        failing = None
        for item in items:
            truth = evaluate(item, ctx.flat, ctx.derived_truth)
            if truth is None:
                failing = None
                break
            if truth is False:
                if failing is not None:
                    failing = None
                    break
                failing = item
        if failing is None or not ctx.plan.relevance.engaged(rule.id, ctx.flat, engaged_memo):
            continue
        law = ctx.rules.laws[rule.law]
        out.append(
            NearMissData(
                rule=rule.id,
                actor=rule.actor or "",
                law=rule.law,
                section=rule.section,
                kind=rule.finding_kind,
                title=rule.title.get(ctx.lang),
                legal_basis=legal_basis(law.short.get(ctx.lang), rule.source.section, ctx.lang),
                condition=check(ctx, failing),
            )
        )
    out.sort(key=lambda m: finding_order(m))  # type: ignore[arg-type]
    return out
