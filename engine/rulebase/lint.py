"""Deep checks of the rule base (``hjemmel rules lint`` and the test suite).

The load-time checks (``rule_loader``) are structural and cheap. These need a search for
satisfying cases and so run on demand:
- a rule in force that quotes none of the statute's words, and a law in force without an
  official text to check quotes against;
- a rule that can never fire on any day it is in force;
- two rules that can apply to the same facts with contradictory conclusions and no
  declared override: the same provision (actor, law, section, title) with different kinds,
  or two ``responsibility`` rules of one actor that name different responsible
  municipalities;
- a fact declaration in ``facts.yaml`` that is incomplete or wrong, or a generated case
  model not written since it changed (``hjemmel.cases.declarations``).
Every problem names the file, the line and the rule id (or the fact).
"""

from __future__ import annotations

import datetime as dt
import itertools

from hjemmel.errors import Problem
from hjemmel.rulebase.base import RuleBase
from hjemmel.rulebase.conditions import All, Condition, expand_derived
from hjemmel.rulebase.model import Rule
from hjemmel.rulebase.quotes import without_quote
from hjemmel.rulebase.satisfiability import Hints, hints_from, satisfy


def _problem(rules: RuleBase, rule: Rule, message: str) -> Problem:
    file, line = rules.locations.get(rule.id, (None, None))
    return Problem(f"{rule.id}: {message}", file=file, line=line)


def _days(rule: Rule, rules: RuleBase) -> list[dt.date]:
    """Days to try: the first and last day in force and the boundaries in between."""
    start = rule.in_force.start or dt.date(2000, 1, 1)
    last = rule.in_force.last_day() or max(dt.date.today(), start)
    inside = [d for d in rules.boundaries if start < d <= last]
    return sorted({start, last, *inside, *(d - dt.timedelta(days=1) for d in inside)})


def _condition(rules: RuleBase, rule: Rule, day: dt.date) -> Condition:
    return expand_derived(rules.conditions[rule.id], rules.derivations(day))


def never_fires(rules: RuleBase, hints: Hints, skip: frozenset[str] = frozenset()) -> list[Problem]:
    out = []
    for rule in rules.rules:
        if not rule.evaluable or rule.id in skip:
            continue
        if not any(satisfy(_condition(rules, rule, day), day, hints=hints) for day in _days(rule, rules)):
            out.append(_problem(rules, rule, "can never fire: no case satisfies its condition on any day it is in force"))
    return out


def _overlap(a: Rule, b: Rule) -> dt.date | None:
    start = max(a.in_force.start or dt.date.min, b.in_force.start or dt.date.min)
    end = min(a.in_force.until or dt.date.max, b.in_force.until or dt.date.max)
    return start if start < end else None


def contradictions(rules: RuleBase, hints: Hints, skip: frozenset[str] = frozenset()) -> list[Problem]:
    out = []
    findings = [r for r in rules.rules if r.evaluable and r.is_finding and r.id not in skip]
    for a, b in itertools.combinations(findings, 2):
        if a.actor != b.actor or a.id in b.overrides or b.id in a.overrides:
            continue
        same_provision = (a.law, a.section, a.title.nb) == (b.law, b.section, b.title.nb) and a.kind != b.kind
        responsibilities = (
            a.kind == b.kind == "responsibility"
            and a.responsible_municipality is not None
            and b.responsible_municipality is not None
            and a.responsible_municipality != b.responsible_municipality
        )
        if not (same_provision or responsibilities):
            continue
        day = _overlap(a, b)
        if day is None:
            continue
        both = All((_condition(rules, a, day), _condition(rules, b, day)))
        witness = satisfy(both, day, hints=hints)
        if witness is None:
            continue
        what = (
            f"both a {a.kind} and a {b.kind} under the same provision"
            if same_provision
            else f"different responsible municipalities ({a.responsible_municipality} / {b.responsible_municipality})"
        )
        out.append(
            _problem(
                rules,
                b,
                f"contradicts {a.id}: the same facts give {what}, and neither overrides the other "
                f"(add `overrides: [{a.id}]` to the rule that prevails); example facts: {_example(witness)}",
            )
        )
    return out


def _example(witness: dict[str, object]) -> str:
    parts: list[str] = []
    for section, values in witness.items():
        if isinstance(values, dict):
            parts.extend(f"{section}.{k}={v}" for k, v in values.items())
    return ", ".join(parts[:8])


def unquoted(rules: RuleBase, today: dt.date | None = None) -> list[Problem]:
    """Rules in force (today or later) that carry none of the statute's words (``text:``), and
    laws in force whose rules are not checked against an official text (``official:``)."""
    today = today or dt.date.today()
    message = "in force but quotes none of the statute's wording (add 'text:' from the official text)"
    out = [_problem(rules, rule, message) for rule in without_quote(rules.rules, today)]
    used = {rule.law for rule in rules.rules if rule.in_force.until is None or rule.in_force.until > today}
    for law in rules.laws.values():
        if law.id in used and law.official is None and (law.in_force.until is None or law.in_force.until > today):
            out.append(Problem(f"{law.id}: in force but has no official text ('official:' in laws.yaml, excerpt in rules/sources/)", file="laws.yaml"))
    return out


def fact_declarations() -> list[Problem]:
    """Fact declarations that are incomplete or wrong (``hjemmel.cases.declarations``): an entry
    of ``facts.yaml`` without its kind, label or question in every language, an entry that is no
    fact, a date that does not say what it does in time, a generated case model not written
    since. Independent of the rules: a fact no rule tests yet is found too, and a fact a rule
    tests is reported once, at its entry."""
    from hjemmel.cases.declarations import problems

    return problems()


def lint(rules: RuleBase) -> list[Problem]:
    """Every load-time warning plus the deep checks; a deep check that cannot run on a broken
    rule base is itself a located problem, never a crash."""
    hints = hints_from(rules.conditions.values())
    out = [*rules.warnings, *unquoted(rules), *fact_declarations()]
    # Rules the load-time checks flag (an unknown fact, a bad value …) are left out of the
    # searches: what they would find rests on the broken part.
    ids = {rule.id for rule in rules.rules}
    broken = frozenset(p.message.split(":", 1)[0] for p in rules.warnings if p.message.split(":", 1)[0] in ids)
    for check in (never_fires, contradictions):
        try:
            out.extend(check(rules, hints, broken))
        except Exception as exc:  # a rule the load-time checks already flag can break a search
            out.append(
                Problem(
                    f"the check '{check.__name__}' could not run ({type(exc).__name__}: {exc}); fix the problems above first", file=str(rules.root or "rules")
                )
            )
    return out
