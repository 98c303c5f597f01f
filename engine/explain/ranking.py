"""How decisive an answer is: which findings it could add or remove, and of which kind.

The score of a question is the sum, over every finding one answer could add (``could_add``)
or set aside (``could_remove``), of the weight of the finding's kind divided by the number
of answers the finding still needs (its smallest set of missing facts): an answer that
completes a duty on its own weighs most. Duties and rights weigh four, a responsibility
(which body is responsible) two, a power or a soft duty one. Ties go to the order of the
fact vocabulary (``facts.yaml``: the person first), then the fact's name, so the ranking is
deterministic. The same ranking orders the interview's questions.
"""

from __future__ import annotations

from functools import cache

from hjemmel.assessment import FindingKind, RankBasisData, RankData, RankEffect
from hjemmel.cases.facts import catalogue

KIND_WEIGHT: dict[FindingKind, int] = {"duty": 4, "right": 4, "responsibility": 2, "power": 1, "soft": 1}


def basis(rule: str, effect: RankEffect, kind: FindingKind, missing: int) -> RankBasisData:
    """One finding an answer could add or remove, with what it weighs."""
    return RankBasisData(rule=rule, effect=effect, kind=kind, weight=KIND_WEIGHT[kind], missing=max(missing, 1))


def rank(items: list[RankBasisData]) -> RankData:
    """The rank of one question from its basis (each rule and effect once, in a stable order)."""
    if len(items) > 1:
        unique = {(b["effect"], b["rule"]): b for b in items}
        items = [unique[key] for key in sorted(unique)]
    score = 0.0
    for b in items:
        score += b["weight"] / b["missing"]
    return RankData(score=round(score, 3), basis=items)


@cache
def _vocabulary_order() -> dict[str, int]:
    return {path: i for i, path in enumerate(catalogue())}


def order_key(fact: str, score: float) -> tuple[float, int, str]:
    """Sort key: most decisive first, then the order of facts.yaml, then the name."""
    order = _vocabulary_order()
    return (-score, order.get(fact, len(order)), fact)
