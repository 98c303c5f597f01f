"""Checks made on every load of the rule base (``hjemmel rules lint`` prints them all).

Each problem names the file, line, column and field path, and the rule id.
"""

from __future__ import annotations

import datetime as dt
import difflib
import itertools
from collections.abc import Iterable

from hjemmel.cases.documents import Document, dotted
from hjemmel.cases.facts import date_paths, enum_values, known_paths
from hjemmel.errors import Problem
from hjemmel.rulebase import conditions
from hjemmel.rulebase.conditions import All, Condition, ConditionError, Derived, Not
from hjemmel.rulebase.model import Actor, Law, Rule


def suggest(name: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def problem(doc: Document, path: tuple[str | int, ...], rule: Rule, message: str) -> Problem:
    line, col = doc.locate(path)
    return Problem(f"{rule.id}: {message}", file=doc.file, line=line, column=col, path=dotted(path))


def check_rule(
    rule: Rule,
    doc: Document,
    index: int,
    laws: dict[str, Law],
    actors: dict[str, Actor],
    parsed: dict[str, Condition],
) -> list[Problem]:
    where: tuple[str | int, ...] = ("rules", index)
    out: list[Problem] = []
    law = laws.get(rule.law)
    if law is None:
        out.append(problem(doc, where, rule, f"unknown law '{rule.law}'{suggest(rule.law, laws)}"))
    elif rule.encoded:
        start, until = rule.in_force.start, rule.in_force.until
        if law.in_force.start and (start is None or start < law.in_force.start):
            out.append(problem(doc, where + ("in_force",), rule, f"in force from {start} but {law.id} only from {law.in_force.start}"))
        if law.in_force.until and (until is None or until > law.in_force.until):
            out.append(problem(doc, where + ("in_force",), rule, f"in force until {until} but {law.id} was repealed on {law.in_force.until}"))
    for key in ("actor", "appeal_to"):
        value = getattr(rule, key)
        if value is not None and value not in actors:
            out.append(problem(doc, where + (key,), rule, f"unknown actor '{value}'{suggest(value, actors)}"))
    if not rule.source.url.startswith("https://"):
        out.append(problem(doc, where + ("source", "url"), rule, "the source URL must be an https:// link"))
    if rule.until and rule.until.date_of and rule.until.date_of not in date_paths():
        out.append(problem(doc, where + ("until", "date_of"), rule, f"'{rule.until.date_of}' is not a date field"))
    if rule.starts and rule.starts.date_of not in date_paths():
        out.append(problem(doc, where + ("starts", "date_of"), rule, f"'{rule.starts.date_of}' is not a date field"))
    if rule.responsible_municipality and "municipality" not in rule.responsible_municipality and not rule.responsible_municipality.endswith("admission"):
        out.append(problem(doc, where + ("responsible_municipality",), rule, "must name a kommunenummer field"))
    if rule.when is None:
        return out
    try:
        cond = conditions.parse(rule.when, ("when",))
    except ConditionError as exc:
        out.append(problem(doc, where + exc.path, rule, str(exc)))
        return out
    parsed[rule.id] = cond
    known = known_paths()
    dates = date_paths()
    for test in conditions.tests(cond):
        if test.path not in known:
            out.append(problem(doc, where + ("when",), rule, f"unknown fact '{test.path}'{suggest(test.path, known)}"))
            continue
        allowed = enum_values(test.path)
        values = test.value if isinstance(test.value, tuple) else (test.value,)
        if allowed is not None:
            for value in values:
                if value not in allowed:
                    out.append(
                        problem(
                            doc,
                            where + ("when",),
                            rule,
                            f"'{value}' is not a value of {test.path}; allowed: {', '.join(allowed)}{suggest(str(value), allowed)}",
                        )
                    )
        elif test.path in dates and any(isinstance(v, (str, bool)) for v in values):
            out.append(problem(doc, where + ("when",), rule, f"{test.path} is a date: compare it with a date (YYYY-MM-DD)"))
    for node in conditions.walk(cond):
        if isinstance(node, Not) and conditions.derived_names(node.item):
            out.append(problem(doc, where + ("when",), rule, "'not' over a derived fact is not supported (unknown is not false)"))
    top = cond.items if isinstance(cond, All) else (cond,)
    nested = conditions.derived_names(cond) - {c.name for c in top if isinstance(c, Derived)}
    if nested:
        out.append(problem(doc, where + ("when",), rule, f"derived facts ({', '.join(sorted(nested))}) may only be used as top-level conditions"))
    return out


def check_cycles(rules: list[Rule], parsed: dict[str, Condition], docs: dict[str, tuple[Document, int]]) -> list[Problem]:
    """Derived facts must not depend on themselves, and overrides must not form a cycle."""
    out: list[Problem] = []
    uses: dict[str, set[str]] = {}
    for rule in rules:
        if rule.derives and rule.id in parsed:
            uses.setdefault(rule.derives, set()).update(conditions.derived_names(parsed[rule.id]))
    beats = {rule.id: set(rule.overrides) for rule in rules}
    for graph, what in ((uses, "derived fact"), (beats, "override")):
        for start in sorted(graph):
            stack, seen = list(graph[start]), set()
            while stack:
                node = stack.pop()
                if node == start:
                    owner = next((r for r in rules if r.derives == start or r.id == start), None)
                    if owner is not None:
                        doc, index = docs[owner.id]
                        out.append(problem(doc, ("rules", index), owner, f"{what} cycle: '{start}' depends on itself"))
                    break
                if node not in seen:
                    seen.add(node)
                    stack.extend(graph.get(node, ()))
    return out


def check_versions(rules: list[Rule], docs: dict[str, tuple[Document, int]]) -> list[Problem]:
    """Versions of the same provision (same law, section, actor, title) must not overlap."""
    out: list[Problem] = []
    groups: dict[tuple[str, str, str | None, str], list[Rule]] = {}
    for rule in rules:
        if rule.encoded:
            groups.setdefault((rule.law, rule.section, rule.actor, rule.title.nb), []).append(rule)
    for group in groups.values():
        ordered = sorted(group, key=lambda r: r.in_force.start or dt.date.min)
        for first, second in itertools.pairwise(ordered):
            end = first.in_force.until or dt.date.max
            if second.in_force.start is not None and second.in_force.start < end and first.when == second.when:
                doc, index = docs[second.id]
                out.append(problem(doc, ("rules", index, "in_force"), second, f"overlaps the validity of '{first.id}' with the same condition"))
    return out
