"""Why a rule does or does not apply: each of its conditions, the case's value, and whether it holds.

A rule's ``when:`` is a list of conditions that must all hold. Each is checked on the case
with three-valued logic (true, false, unknown) and described in words in the report
language ("alder: under 25 (fylte 25 år 01.09.2024)"). A derived fact is checked through
the rules that derive it. Used by ``hjemmel explain`` and by the near misses of an assessment.
"""

from __future__ import annotations

import datetime as dt

from hjemmel.assessment import ConditionCheckData
from hjemmel.cases.facts import catalogue, date_paths
from hjemmel.dates import birthday, from_day_number
from hjemmel.explain.context import Context
from hjemmel.explain.texts import format_day, texts
from hjemmel.rulebase.conditions import All, AnyOf, Condition, Derived, Not, Scalar, Test, single_fact, top_items
from hjemmel.rulebase.logic import Truth, evaluate


def check(ctx: Context, cond: Condition, depth: int = 0, shallow: bool = False) -> ConditionCheckData:
    """One condition on the case: fact, test, value, whether it holds, and the condition in words.

    ``shallow``: a derived fact is named, not explained through the rules that derive it
    (near misses in an assessment; ``hjemmel explain`` gives the whole story).
    """
    t = texts(ctx.lang)
    holds = evaluate(cond, ctx.flat, ctx.derived_truth)
    if isinstance(cond, Derived):
        parts: list[ConditionCheckData] = []
        deriving = [rule for rule in ctx.plan.active if rule.derives == cond.name]
        if depth < 3 and not shallow:
            for rule in deriving:
                items = [check(ctx, item, depth + 1) for item in top_items(ctx.rules.conditions[rule.id])]
                if len(deriving) == 1:
                    parts = items
                else:
                    truth = evaluate(ctx.rules.conditions[rule.id], ctx.flat, ctx.derived_truth)
                    parts.append(_check(None, {"rule": rule.id}, None, truth, rule.title.get(ctx.lang), None, items))
        return _check(None, {"derived": cond.name}, None, holds, derived_title(ctx, cond.name), cond.name, parts)
    fact = single_fact(cond)
    if fact is not None:
        value = ctx.display_value(fact) if fact in ctx.flat else None
        return _check(fact, test_json(cond), value, holds, _words(ctx, fact, cond, holds), None, [])
    if isinstance(cond, Not):
        inner = check(ctx, cond.item, depth + 1)
        return _check(inner["fact"], {"not": inner["test"]}, inner["value"], holds, f"{t['not']} ({inner['text']})", None, [inner])
    assert isinstance(cond, (All, AnyOf))
    parts = [check(ctx, item, depth + 1) for item in cond.items]
    word = t["or"] if isinstance(cond, AnyOf) else t["and"]
    key = "any" if isinstance(cond, AnyOf) else "all"
    return _check(None, {key: [p["test"] for p in parts]}, None, holds, f" {word} ".join(p["text"] for p in parts), None, parts)


def _check(fact: str | None, test: object, value: object, holds: Truth, text: str, derived: str | None, parts: list[ConditionCheckData]) -> ConditionCheckData:
    return ConditionCheckData(fact=fact, test=test, value=value, holds=holds, text=text, derived=derived, parts=parts)


def derived_title(ctx: Context, name: str) -> str:
    """A derived fact in words: the title of the rule named after it (else the first that derives it)."""
    deriving = [rule for rule in ctx.rules.rules if rule.derives == name]
    named = [rule for rule in deriving if rule.id.endswith("." + name)]
    return (named or deriving)[0].title.get(ctx.lang) if deriving else name


def _tests_of(cond: Condition) -> list[Test]:
    if isinstance(cond, Test):
        return [cond]
    assert isinstance(cond, All)
    return [i for i in cond.items if isinstance(i, Test)]


def test_json(cond: Condition) -> object:
    """A test as written in a rule file: ``true``, ``"homeless"`` or ``{"gte": 18, "lt": 25}``."""
    tests = _tests_of(cond)
    is_date = tests[0].path in date_paths()
    if len(tests) == 1 and tests[0].op == "eq":
        return _plain(tests[0].value, is_date)
    return {t.op: _plain(t.value, is_date) for t in tests}


def _plain(value: Scalar | tuple[Scalar, ...], is_date: bool) -> object:
    if isinstance(value, tuple):
        return [_plain(v, is_date) for v in value]
    if is_date and isinstance(value, int) and not isinstance(value, bool):
        return from_day_number(value).isoformat()
    return value


def _words(ctx: Context, fact: str, cond: Condition, holds: Truth) -> str:
    """``alder: minst 18 og under 25``, with the birthday that decides an age limit."""
    text = _stated(fact, cond, ctx.lang)
    if fact == "person.age" and holds is False and ctx.case.person.birth_date is not None:
        note = _birthday_note(ctx, ctx.case.person.birth_date, _tests_of(cond))
        if note:
            text += f" ({note})"
    return text


_STATED: dict[tuple[str, str, str], str] = {}


def _stated(fact: str, cond: Condition, lang: str) -> str:
    """A condition on one fact in words (``alder: minst 18 og under 25``): the same for every
    case, so built once per condition and language (the near misses of a batch repeat them)."""
    key = (fact, repr(cond), lang)  # (repr: a test of True is not a test of 1, though they compare equal)
    found = _STATED.get(key)
    if found is None:
        t = texts(lang)
        info = catalogue().get(fact)
        label = info.label(lang) if info else fact
        is_date = fact in date_paths()
        joined = f" {t['and']} ".join(_phrase(lang, test, is_date) for test in _tests_of(cond))
        found = _STATED[key] = f"{label}: {joined}"
    return found


def _phrase(lang: str, test: Test, is_date: bool) -> str:
    t = texts(lang)
    value = test.value

    def show(v: Scalar) -> str:
        if is_date and isinstance(v, int) and not isinstance(v, bool):
            return format_day(from_day_number(v), lang)
        if isinstance(v, bool):
            return str(t["yes"] if v else t["no"])
        return str(t["values"].get(str(v), str(v))) if isinstance(v, str) else str(v)

    if isinstance(value, tuple):
        shown = [show(v) for v in value]
        listed = shown[0] if len(shown) == 1 else f"{', '.join(shown[:-1])} {t['or']} {shown[-1]}"
        return listed if test.op == "in" else f"{t['not']} {listed}"
    if test.op == "eq":
        return show(value)
    if test.op == "ne":
        return f"{t['not']} {show(value)}"
    ops = t["date_ops"] if is_date else t["number_ops"]
    return str(ops[test.op]).format(value=show(value))


def _birthday_note(ctx: Context, birth: dt.date, tests: list[Test]) -> str | None:
    """The birthday that put the person outside an age limit ("fylte 25 år 01.09.2024")."""
    t = texts(ctx.lang)
    age = ctx.flat.get("person.age")
    for test in tests:
        if not isinstance(age, int) or not isinstance(test.value, int) or test.holds(age):
            continue
        limit = test.value + (1 if test.op in ("lte", "gt") else 0)
        day = birthday(birth, limit)
        key = "turned" if day <= ctx.day else "turns"
        return str(t[key]).format(age=limit, day=format_day(day, ctx.lang))
    return None
