"""How decisive an answer is: one score for the report's open questions, the interview and the API.

The score of a question is the sum, over every finding one answer could add (``could_add``),
set aside (``could_remove``) or give a date (``date``), of the finding's weight divided by
the number of answers it still needs (its smallest set of missing facts): an answer that
completes a duty on its own weighs most. What a caseworker weighs:

* the kind: duties and rights weigh four, a responsibility (which body is responsible) two,
  a power or a soft duty one (``KIND_WEIGHT``);
* who must act: a finding of an actor that has none yet weighs two more (the answer brings
  another body in), while a finding that only refines one already made — the same actor
  under the same law and section — weighs half;
* urgency: a finding that turns on where the person sleeps tonight (``ACUTE_FACTS``) weighs
  three times as much;
* staying on topic: a question in a section the case already speaks about (its child
  welfare, its housing …) weighs twice as much as one that opens a new area;
* dates: the date a deadline or start is read from (``until``/``starts`` in a rule), when
  unknown and the situation that needs it is known (a scheduled eviction, a prisoner, a
  patient in hospital: the events of ``hjemmel.cases.projection``) or a standing finding
  reads it, is asked with the weight of half the finding's kind: it adds no finding but gives
  the report its nearest dates.

One answer counts once per actor: the score is the sum, over the actors, of the most one
answer brings that actor (two duties of the NAV office from one answer count as the larger).
Ties go to a question on topic, then the situation before status and history (``SITUATION``:
where the person lives and sleeps, the age, the tenancy), then the order of the fact
vocabulary (``facts.yaml``), then the fact's name, so the ranking is deterministic.
"""

from __future__ import annotations

from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from functools import cache

from hjemmel.assessment import FindingKind, RankBasisData, RankData, RankEffect
from hjemmel.cases.facts import catalogue

KIND_WEIGHT: dict[FindingKind, int] = {"duty": 4, "right": 4, "responsibility": 2, "power": 1, "soft": 1}
NEW_ACTOR = 2
ACUTE = 3
ACUTE_FACTS = frozenset({"housing.no_place_to_stay_next_24h"})
SITUATION_SECTIONS = frozenset({"housing", "tenancy"})
SITUATION_FACTS = frozenset({"person.age", "person.birth_date"})


def weight(kind: FindingKind, *, new_actor: bool = False, refines: bool = False, acute: bool = False) -> int:
    """What one finding an answer could bring weighs (see the module docstring)."""
    value = KIND_WEIGHT[kind]
    if refines:
        value = max(1, value // 2)
    elif new_actor:
        value += NEW_ACTOR
    return value * ACUTE if acute else value


def basis(rule: str, effect: RankEffect, kind: FindingKind, missing: int, points: int | None = None) -> RankBasisData:
    """One finding an answer could add, remove or date, with what it weighs."""
    return RankBasisData(rule=rule, effect=effect, kind=kind, weight=KIND_WEIGHT[kind] if points is None else points, missing=max(missing, 1))


ON_TOPIC = 2


def rank(items: list[RankBasisData], actor_of: Mapping[str, str | None] | None = None) -> RankData:
    """The rank of one question from its basis (each rule and effect once, in a stable order):
    per actor the largest weight/missing, summed over the actors."""
    if len(items) == 1:
        b = items[0]
        return RankData(score=round(b["weight"] / b["missing"], 3), basis=items)
    unique = {(b["effect"], b["rule"]): b for b in items}
    items = [unique[key] for key in sorted(unique)]
    best: dict[str, float] = {}
    for b in items:
        who = (actor_of or {}).get(b["rule"]) or b["rule"]
        value = b["weight"] / b["missing"]
        if value > best.get(who, 0.0):
            best[who] = value
    return RankData(score=round(sum(best.values()), 3), basis=items)


@cache
def _vocabulary_order() -> dict[str, int]:
    return {path: i for i, path in enumerate(catalogue())}


def situation(fact: str) -> bool:
    """Whether a fact is about the person's situation (where they live and sleep, their age, the tenancy)."""
    return fact in SITUATION_FACTS or fact.split(".", 1)[0] in SITUATION_SECTIONS


def _fact_key(fact: str, index: int) -> tuple[str, int, int]:
    """A fact's section, whether it is about the situation (0) or not (1), and its place ``index``."""
    return fact.split(".", 1)[0], 0 if situation(fact) else 1, index


@cache
def _fact_keys() -> dict[str, tuple[str, int, int]]:
    """``_fact_key`` of every fact of the vocabulary (built once)."""
    return {fact: _fact_key(fact, i) for fact, i in _vocabulary_order().items()}


def order_key(fact: str, score: float, spoken: AbstractSet[str] = frozenset()) -> tuple[float, int, int, int, str]:
    """Sort key: most decisive first, then on topic (a section in ``spoken``), then the
    situation before status and history, then the order of facts.yaml, then the name."""
    section, place, index = _fact_keys().get(fact) or _fact_key(fact, len(_vocabulary_order()))
    return (-score, 0 if section in spoken else 1, place, index, fact)
