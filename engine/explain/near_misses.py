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
from hjemmel.explain.why import check
from hjemmel.rulebase.model import Rule


def near_misses(
    ctx: Context, excluded: dict[str, str], engaged_memo: dict[str, bool], candidates: list[Rule], truths: dict[str, bool | None]
) -> list[NearMissData]:
    """The near misses of a case, in the order findings are listed.

    ``candidates``: ``questions.touched``; ``truths``: their truth values (from the open questions).
    """
    out: list[NearMissData] = []
    items = ctx.plan.items
    true, false = ctx.true, ctx.false
    for rule in candidates:  # touched rules (an engaged rule is touched)
        if truths.get(rule.id) is not False or rule.id not in items or rule.id in excluded:
            continue  # a near miss is false: one condition fails, none is unknown
        failing = None
        for condition, truth_of in items[rule.id]:
            truth = truth_of(true, false)
            if truth is None or (truth is False and failing is not None):
                failing = None
                break
            if truth is False:
                failing = condition
        if failing is None or not ctx.plan.engaged.engaged(rule.id, true, false, engaged_memo):
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
                condition=check(ctx, failing, shallow=True),
            )
        )
    out.sort(key=finding_order)
    return out
