"""Open questions: the unknown facts whose answer could add a finding or set one aside."""

from __future__ import annotations

from functools import cache

from hjemmel.assessment import OpenQuestionData
from hjemmel.cases.facts import answered_by, catalogue
from hjemmel.explain.context import Context
from hjemmel.rulebase.model import Rule
from hjemmel.rulebase.needs import Memo

_NOTHING_BLOCKED: frozenset[str] = frozenset()


def open_questions(ctx: Context, excluded: dict[str, str]) -> list[OpenQuestionData]:
    """Questions for the rules the case touches that are still unknown, most findings first.

    For each such rule the smallest set of unknown facts that could make it hold is taken
    (``hjemmel.rulebase.needs``); every fact in it is a question. A finding rule gives
    ``could_add``; an exclusion gives ``could_remove`` for the findings it would set aside.
    """
    add: dict[str, set[str]] = {}
    remove: dict[str, set[str]] = {}
    memo: Memo = {}  # shared derived sub-conditions, this case
    plan, flat, fired, derived = ctx.plan, ctx.flat, ctx.fired, ctx.derived_truth
    need, truth = plan.need, plan.truth
    for rule_id, rule in sorted(rules_in_play(ctx).items()):
        if rule_id in fired or truth[rule_id](flat, derived) is not None:
            continue
        needed = need[rule_id](flat, memo, _NOTHING_BLOCKED)
        if not needed:
            continue
        if rule.is_finding and rule_id not in excluded:
            for path in needed:
                add.setdefault(answered_by(path), set()).add(rule_id)
        elif rule.kind == "exclusion":
            targets = [t for t in rule.overrides if t in fired]
            for path in needed:
                remove.setdefault(answered_by(path), set()).update(targets)
    texts = _question_texts(ctx.lang)
    questions = [
        OpenQuestionData(fact=path, question=texts.get(path, path), could_add=sorted(add.get(path, ())), could_remove=sorted(remove.get(path, ())))
        for path in sorted(set(add) | {p for p, targets in remove.items() if targets})
    ]
    questions.sort(key=lambda q: (-len(q["could_add"]), -len(q["could_remove"]), q["fact"]))
    return questions


@cache
def _question_texts(lang: str) -> dict[str, str]:
    """fact path → its question in ``lang``."""
    return {path: entry.question(lang) for path, entry in catalogue().items()}


def rules_in_play(ctx: Context) -> dict[str, Rule]:
    """The rules in play (see ``in_play``), found in one pass over the known facts."""
    found: dict[str, Rule] = {}
    by_path = ctx.plan.play_by_path
    for path, value in ctx.flat.items():
        for test, rule in by_path.get(path, ()):
            if rule.id not in found and test.holds(value):
                found[rule.id] = rule
    return found


def in_play(ctx: Context, rule_id: str) -> bool:
    """Whether the case already touches this rule's area.

    INTERPRETATION (usability): an open question is asked only for a rule of which at
    least one test is already known to hold, not counting age alone. Otherwise every
    case would list every unknown fact in the rule base (is the person in prison? a
    refugee? ...). The interview goes further and asks about cold areas too.
    """
    flat = ctx.flat
    return any(t.path in flat and t.holds(flat[t.path]) for t in ctx.plan.play_tests[rule_id])
