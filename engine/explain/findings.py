"""Findings: which fired rules stand, and each finding with its reasons, last day and notes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from functools import cache
from typing import Any

from hjemmel.assessment import KIND_ORDER, BecauseData, FindingData, NoteData, NoteKind, QuoteData
from hjemmel.cases.facts import answered_by
from hjemmel.dates import birthday, from_day_number
from hjemmel.explain.context import Context
from hjemmel.explain.ranking import ACUTE_FACTS
from hjemmel.explain.texts import format_day, legal_basis, texts
from hjemmel.rulebase.base import RuleBase
from hjemmel.rulebase.conditions import Test, top_items
from hjemmel.rulebase.model import Rule
from hjemmel.rulebase.quotes import quoted


def overridden(ctx: Context) -> dict[str, str]:
    """Fired rules that a declared exception (``overrides``) sets aside: id → by whom.

    A rule sets others aside only when it applies itself and is not set aside in turn
    (exceptions to exceptions), so the result does not depend on rule order.
    """
    by: dict[str, list[str]] = {}
    for rule in ctx.plan.overriding:
        if rule.id in ctx.fired:
            for target in rule.overrides:
                by.setdefault(target, []).append(rule.id)
    memo: dict[str, bool] = {}

    def stands(rule_id: str, seen: frozenset[str] = frozenset()) -> bool:
        if rule_id not in memo:
            if rule_id in seen:  # a cycle: lint reports it; do not loop
                return True
            memo[rule_id] = not any(stands(o, seen | {rule_id}) for o in by.get(rule_id, ()))
        return memo[rule_id]

    out: dict[str, str] = {}
    for target in sorted(by):
        if target in ctx.fired and not stands(target):
            out[target] = next(o for o in sorted(by[target]) if stands(o))
    return out


def standing(ctx: Context, excluded: dict[str, str]) -> list[Rule]:
    """The finding rules that fired and are not set aside by an exception, in plan order."""
    fired = ctx.fired
    return [rule for rule in ctx.plan.findings if rule.id in fired and rule.id not in excluded]


def finding(ctx: Context, rule: Rule, system: bool = False) -> FindingData:
    """The finding of one rule in the report language (a system duty has no reasons).

    What depends only on the rule and the language (titles, summaries, legal basis, source
    notes) is built once per rule base, rule and language; each case adds its reasons, last
    day, responsible municipality and the actors' names on the day.

    The responsible municipality is the kommunenummer in the case field the rule names; its
    name is the one SSB's classification gives that number on the day assessed (one dict
    look-up in the rule base's table for that day), none when the number had no name then.
    """
    assert rule.actor is not None
    found = _template(ctx, rule).copy()  # a dict copy keeps the contract's key order
    municipality = None
    if rule.responsible_municipality:
        value = ctx.flat.get(rule.responsible_municipality)
        municipality = str(value) if value is not None else None
    found["because"] = [] if system else because(ctx, rule)
    found["until"] = None if system else until(ctx, rule)
    found["actor_name"] = ctx.rules.actors[rule.actor].name(ctx.day, ctx.lang)
    if rule.appeal_to:
        found["appeal_name"] = ctx.rules.actors[rule.appeal_to].name(ctx.day, ctx.lang)
    found["responsible_municipality"] = municipality
    found["responsible_municipality_name"] = ctx.rules.municipalities.name(municipality, ctx.day)
    found["statute_text"] = [q.copy() for q in found["statute_text"]]
    found["starts"] = None if system else starts(ctx, rule)
    return found


_TEMPLATES: dict[tuple[str, str, str], FindingData] = {}


def _template(ctx: Context, rule: Rule) -> FindingData:
    key = (ctx.rules.digest, rule.id, ctx.lang)
    template = _TEMPLATES.get(key)
    if template is None:
        assert rule.actor is not None
        law = ctx.rules.laws[rule.law]
        template = _TEMPLATES[key] = FindingData(
            rule=rule.id,
            actor=rule.actor,
            law=rule.law,
            section=rule.section,
            kind=rule.finding_kind,
            title=rule.title.get(ctx.lang),
            because=[],
            until=None,
            appeal_to=rule.appeal_to,
            source=rule.source.url,
            summary=rule.summary.get(ctx.lang),
            actor_name="",
            law_name=law.short.get(ctx.lang),
            appeal_name=None,
            legal_basis=legal_basis(law.short.get(ctx.lang), rule.source.section, ctx.lang),
            responsible_municipality=None,
            responsible_municipality_name=None,
            uncertain=rule.source.status != "confirmed" or law.status != "confirmed",
            source_note=rule.source.note_in(ctx.lang)[0],
            note=rule.note.get(ctx.lang) if rule.note else None,
            statute_text=statute_text(ctx.rules, rule, law.short.get(ctx.lang), ctx.lang),
            starts=None,
            discretion=rule.discretion.get(ctx.lang) if rule.discretion else None,
        )
    return template


def statute_text(rules: RuleBase, rule: Rule, law_short: str, lang: str) -> list[QuoteData]:
    """The rule's quotes of the statute, each with its citation and the official text it was
    checked against."""
    return [
        QuoteData(
            paragraph=q.paragraph,
            quote=q.quote,
            citation=legal_basis(law_short, f"§ {q.section} {q.paragraph}", lang),
            ref_id=q.ref_id,
            as_of=q.as_of,
            sha256=q.sha256,
        )
        for q in quoted(rule, rules.sources)
    ]


def because(ctx: Context, rule: Rule) -> list[BecauseData]:
    """The known facts that make the rule apply, each once, as the caseworker gave them."""
    items: list[BecauseData] = []
    seen: set[str] = set()
    for test in _reasons(ctx, rule.id):
        path = answered_by(test.path)  # a computed fact is explained by the fact it comes from
        if path in seen or path not in ctx.flat:
            continue
        seen.add(path)
        items.append(BecauseData(fact=path, value=ctx.display_value(path)))
    return items


def _reasons(ctx: Context, rule_id: str) -> Iterator[Test]:
    """The tests that hold, including those of the derived facts the rule relies on."""
    plan = ctx.plan
    yield from plan.reasons[rule_id](ctx.flat, ctx.derived_truth)  # = satisfied_tests(pushed condition, …)
    for name in plan.relies_on[rule_id]:
        for rule in plan.derivers.get(name, ()):
            if rule.id in ctx.fired:
                yield from _reasons(ctx, rule.id)
                break


def until(ctx: Context, rule: Rule) -> dt.date | None:
    """The last day the finding holds when the facts fix it (the day before a birthday, a case date)."""
    spec = rule.until
    if spec is None:
        return None
    if spec.day_before_birthday is not None:
        birth = ctx.case.person.birth_date
        if birth is None:
            return None
        return birthday(birth, spec.day_before_birthday) - dt.timedelta(days=1)
    assert spec.date_of is not None
    value = ctx.flat.get(spec.date_of)
    return from_day_number(value) if isinstance(value, int) and not isinstance(value, bool) else None


def starts(ctx: Context, rule: Rule) -> dt.date | None:
    """The first day the finding applies, when the rule takes it from a case date."""
    if rule.starts is None:
        return None
    value = ctx.flat.get(rule.starts.date_of)
    return from_day_number(value) if isinstance(value, int) and not isinstance(value, bool) else None


def finding_notes(ctx: Context, rule: Rule, found: FindingData) -> Iterator[NoteData]:
    """Notes a finding brings: an uncertain source, a law change before its last day, an unknown last day."""
    t = texts(ctx.lang)
    named = f"{found['title']}, {found['legal_basis']}"
    if found["uncertain"]:
        yield note_data("uncertain_source", rule.id, _uncertain_text(ctx, rule, named))
    last = rule.in_force.last_day()
    if last is not None and (found["until"] is None or found["until"] > last):
        yield note_data("law_change", rule.id, t["law_change"].format(title=named, day=format_day(last, ctx.lang)))
    if rule.until and rule.until.day_before_birthday and ctx.case.person.birth_date is None:
        yield note_data("info", rule.id, t["until_unknown"].format(title=named))


_UNCERTAIN: dict[tuple[str, str, str], str] = {}


def _uncertain_text(ctx: Context, rule: Rule, named: str) -> str:
    """The note that a finding's source is not confirmed: the same for every case, so built
    once per rule base, rule and language."""
    key = (ctx.rules.digest, rule.id, ctx.lang)
    text = _UNCERTAIN.get(key)
    if text is None:
        t = texts(ctx.lang)
        note, native = rule.source.note_in(ctx.lang)
        form = "uncertain_note" if native else "uncertain_note_en"
        text = _UNCERTAIN[key] = t[form].format(title=named, note=note) if note else t["uncertain"].format(title=named)
    return text


ACUTE_RULES: set[str] = set()  # rules whose own condition is an acute need (see register_acute)
_REGISTERED: set[str] = set()


def register_acute(rules: RuleBase) -> None:
    """Note the rules of ``rules`` whose ``when`` list itself requires an acute need tonight
    (``ACUTE_FACTS``), not merely allows it among alternatives: their findings come first."""
    if rules.digest in _REGISTERED:
        return
    _REGISTERED.add(rules.digest)
    for rule_id, condition in rules.conditions.items():
        for item in top_items(condition):
            if isinstance(item, Test) and item.path in ACUTE_FACTS and item.op == "eq" and item.value is True:
                ACUTE_RULES.add(rule_id)


def finding_order(f: Mapping[str, Any]) -> tuple[object, ...]:
    """Findings are listed by actor; within an actor what matters first — a finding that rests
    on an acute need tonight, then one with a deadline or a start date — then by law, section
    (numerically), kind and rule id. ``f`` is a finding (``FindingData``, lean or full) or a
    timeline's finding (no dates)."""
    if f["rule"] in ACUTE_RULES:
        urgency = 0
    elif f.get("until") or f.get("starts"):
        urgency = 1
    else:
        urgency = 2
    return (f["actor"], urgency, f["law"], section_key(f["section"]), KIND_ORDER[f["kind"]], f["rule"])


@cache  # a rule base has few sections, and findings are sorted by them for every case
def section_key(section: str) -> tuple[int, ...]:
    """``"13-6"`` → (13, 6): sections sort as numbers, not as text."""
    parts = []
    for piece in section.replace("-", " ").split():
        digits = "".join(ch for ch in piece if ch.isdigit())
        parts.append(int(digits) if digits else 0)
    return tuple(parts)


def note_data(kind: NoteKind, rule: str | None, text: str) -> NoteData:
    """A note, in the Note model's field order."""
    return NoteData(kind=kind, text=text, rule=rule)


def dedupe(notes: Iterable[NoteData]) -> list[NoteData]:
    """Each note once, in first-seen order."""
    seen: set[tuple[str, str | None, str]] = set()
    out = []
    for note in notes:
        key = (note["kind"], note["rule"], note["text"])
        if key not in seen:
            seen.add(key)
            out.append(note)
    return out
