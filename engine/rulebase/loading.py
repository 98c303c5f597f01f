"""Loading and checking the rule base (``rules/*.yaml``).

Every problem is reported as ``file:line:column: path: message`` with the rule id. The
checks here run on every load; ``hjemmel rules lint`` prints them without failing early.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import itertools
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Any

from hjemmel.cases.documents import Document, DocumentError, dotted, parse_yaml
from hjemmel.cases.facts import date_paths, enum_values, known_paths
from hjemmel.errors import Problem, RuleFileError
from hjemmel.rulebase import conditions
from hjemmel.rulebase.conditions import All, Condition, ConditionError, Derived, Not
from hjemmel.rulebase.model import Actor, ActorsFile, Law, LawsFile, Rule, RuleFile
from pydantic import BaseModel, ValidationError


def default_rules_dir() -> Path:
    """The bundled rule base: ``rules/`` in a source checkout, else the installed package data.

    In a checkout (also behind the strict editable install's link tree, which ``resolve``
    follows) the folder itself is used, so a rule file added there is seen at once.
    """
    checkout = Path(__file__).resolve().parents[2] / "rules"
    if Path(__file__).resolve().parents[1].name == "engine" and (checkout / "laws.yaml").is_file():
        return checkout
    return Path(str(resources.files("hjemmel").joinpath("rules")))


SPECIAL_FILES = ("actors.yaml", "laws.yaml")


@dataclass(frozen=True)
class RuleBase:
    """A checked, immutable rule base."""

    laws: dict[str, Law]
    actors: dict[str, Actor]
    rules: tuple[Rule, ...]
    conditions: dict[str, Condition]
    locations: dict[str, tuple[str, int]]
    version: str
    digest: str
    warnings: tuple[Problem, ...] = ()
    root: Path | None = None  # the folder the rules were loaded from
    _by_id: dict[str, Rule] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._by_id.update({r.id: r for r in self.rules})

    def __repr__(self) -> str:
        return f"RuleBase({len(self.rules)} rules, version={self.version!r})"

    def rule(self, rule_id: str) -> Rule:
        return self._by_id[rule_id]

    def get(self, rule_id: str) -> Rule | None:
        return self._by_id.get(rule_id)

    def in_force(self, day: dt.date) -> tuple[Rule, ...]:
        """Evaluable rules in force on ``day`` (system duties and omitted provisions excluded)."""
        return tuple(r for r in self.rules if r.evaluable and r.in_force.contains(day))

    def system_duties(self, day: dt.date) -> tuple[Rule, ...]:
        return tuple(r for r in self.rules if r.system and r.encoded and r.in_force.contains(day))

    def derivations(self, day: dt.date) -> dict[str, list[Condition]]:
        out: dict[str, list[Condition]] = {}
        for rule in self.in_force(day):
            if rule.derives:
                out.setdefault(rule.derives, []).append(self.conditions[rule.id])
        return out

    @cached_property
    def changes(self) -> dict[dt.date, tuple[Rule, ...]]:
        """Finding rules (not system duties) that start or stop on each boundary date."""
        out: dict[dt.date, list[Rule]] = {}
        for rule in self.rules:
            if rule.is_finding and rule.encoded and not rule.system:
                for day in {rule.in_force.start, rule.in_force.until}:
                    if day is not None:
                        out.setdefault(day, []).append(rule)
        return {day: tuple(rules) for day, rules in out.items()}

    @cached_property
    def boundaries(self) -> tuple[dt.date, ...]:
        """Every date on which some rule starts or stops being in force."""
        days: set[dt.date] = set()
        for rule in self.rules:
            if rule.in_force.start:
                days.add(rule.in_force.start)
            if rule.in_force.until:
                days.add(rule.in_force.until)
        return tuple(sorted(days))


def _locate(doc: Document, path: tuple[str | int, ...]) -> tuple[int | None, int | None]:
    return doc.locate(path)


def _validation_problems(doc: Document, exc: ValidationError, prefix: tuple[str | int, ...] = ()) -> list[Problem]:
    problems = []
    for err in exc.errors(include_url=False):
        loc = prefix + tuple(err["loc"])
        line, col = _locate(doc, loc)
        message = err["msg"]
        if err["type"] == "extra_forbidden":
            message = f"unknown field '{loc[-1]}'"
        elif "ctx" in err and "error" in err["ctx"]:
            message = str(err["ctx"]["error"])
        if err["type"].startswith("date"):
            message = f"expected a date (YYYY-MM-DD), got {err.get('input')!r}"
        problems.append(Problem(message, file=doc.file, line=line, column=col, path=dotted(loc)))
    return problems


def _read(path: Path) -> Document:
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleFileError("unreadable rule file", [Problem(f"cannot read: {exc}", file=str(path))]) from exc
    try:
        return parse_yaml(text, _display(path))
    except DocumentError as exc:
        raise RuleFileError("invalid rule file", [exc.problem]) from exc


def _display(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _model(doc: Document, model: type[BaseModel]) -> Any:
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        raise RuleFileError("invalid rule file", _validation_problems(doc, exc)) from None


def load_rules(directory: str | os.PathLike[str] | None = None, *, strict: bool = True) -> RuleBase:
    """Load, validate and check the rule base in ``directory`` (default: the bundled ``rules/``).

    With ``strict`` (the default) any problem raises ``RuleFileError``; otherwise problems
    are returned in ``RuleBase.warnings`` (used by ``hjemmel rules lint``).
    """
    if directory is None:
        directory = os.environ.get("HJEMMEL_RULES") or default_rules_dir()
    root = Path(directory)
    if not root.is_dir():
        raise RuleFileError("no rule base", [Problem("rule folder not found", file=str(root))])
    digest = hashlib.sha256()
    files = sorted(p for p in root.glob("*.yaml"))
    for path in files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    missing = [name for name in SPECIAL_FILES if not (root / name).is_file()]
    if missing:
        raise RuleFileError("incomplete rule base", [Problem(f"{name} is missing", file=str(root / name)) for name in missing])

    laws_doc = _read(root / "laws.yaml")
    version = "unversioned"
    if isinstance(laws_doc.data, dict):
        version = str(laws_doc.data.pop("ruleset_version", version))
    laws_file: LawsFile = _model(laws_doc, LawsFile)
    actors_file: ActorsFile = _model(_read(root / "actors.yaml"), ActorsFile)

    problems: list[Problem] = []
    rules: list[Rule] = []
    docs: dict[str, tuple[Document, int]] = {}
    for path in files:
        if path.name in SPECIAL_FILES:
            continue
        doc = _read(path)
        if isinstance(doc.data, dict) and isinstance(doc.data.get("rules"), list):
            for item in doc.data["rules"]:
                if isinstance(item, dict):
                    item.setdefault("law", doc.data.get("law"))
        try:
            parsed: RuleFile = RuleFile.model_validate(doc.data)
        except ValidationError as exc:
            problems.extend(_validation_problems(doc, exc))
            continue
        for index, rule in enumerate(parsed.rules):
            if rule.id in docs:
                other, other_index = docs[rule.id]
                line, _ = other.locate(("rules", other_index))
                here, col = doc.locate(("rules", index, "id"))
                problems.append(
                    Problem(f"duplicate rule id '{rule.id}' (also at {other.file}:{line})", file=doc.file, line=here, column=col, path=f"rules[{index}].id")
                )
                continue
            docs[rule.id] = (doc, index)
            rules.append(rule)

    laws = {law.id: law for law in laws_file.laws}
    actors = {actor.id: actor for actor in actors_file.actors}
    parsed_conditions: dict[str, Condition] = {}
    for rule in rules:
        doc, index = docs[rule.id]
        problems.extend(_check_rule(rule, doc, index, laws, actors, parsed_conditions))
    derived_defined = {r.derives for r in rules if r.derives}
    ids = {r.id for r in rules}
    for rule in rules:
        doc, index = docs[rule.id]
        where = ("rules", index)
        for name in sorted(conditions.derived_names(parsed_conditions[rule.id]) if rule.id in parsed_conditions else ()):
            if name not in derived_defined:
                problems.append(_problem(doc, where + ("when",), rule, f"derived fact '{name}' is not defined by any rule{_suggest(name, derived_defined)}"))
        for target in rule.overrides:
            if target not in ids:
                problems.append(_problem(doc, where + ("overrides",), rule, f"overrides unknown rule '{target}'{_suggest(target, ids)}"))
    problems.extend(_check_versions(rules, docs))
    problems.extend(_check_cycles(rules, parsed_conditions, docs))

    locations = {}
    for rule in rules:
        doc, index = docs[rule.id]
        line, _ = doc.locate(("rules", index))
        locations[rule.id] = (doc.file, line or 0)
    if problems and strict:
        raise RuleFileError(f"{len(problems)} problem(s) in the rule base", problems)
    return RuleBase(
        laws=laws,
        actors=actors,
        rules=tuple(sorted(rules, key=lambda r: r.id)),
        conditions=parsed_conditions,
        locations=locations,
        version=version,
        digest="sha256:" + digest.hexdigest(),
        warnings=tuple(problems),
        root=root.resolve(),
    )


def _suggest(name: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def _problem(doc: Document, path: tuple[str | int, ...], rule: Rule, message: str) -> Problem:
    line, col = doc.locate(path)
    return Problem(f"{rule.id}: {message}", file=doc.file, line=line, column=col, path=dotted(path))


def _check_rule(
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
        out.append(_problem(doc, where, rule, f"unknown law '{rule.law}'{_suggest(rule.law, laws)}"))
    elif rule.encoded:
        start, until = rule.in_force.start, rule.in_force.until
        if law.in_force.start and (start is None or start < law.in_force.start):
            out.append(_problem(doc, where + ("in_force",), rule, f"in force from {start} but {law.id} only from {law.in_force.start}"))
        if law.in_force.until and (until is None or until > law.in_force.until):
            out.append(_problem(doc, where + ("in_force",), rule, f"in force until {until} but {law.id} was repealed on {law.in_force.until}"))
    for key in ("actor", "appeal_to"):
        value = getattr(rule, key)
        if value is not None and value not in actors:
            out.append(_problem(doc, where + (key,), rule, f"unknown actor '{value}'{_suggest(value, actors)}"))
    if not rule.source.url.startswith("https://"):
        out.append(_problem(doc, where + ("source", "url"), rule, "the source URL must be an https:// link"))
    if rule.until and rule.until.date_of and rule.until.date_of not in date_paths():
        out.append(_problem(doc, where + ("until", "date_of"), rule, f"'{rule.until.date_of}' is not a date field"))
    if rule.responsible_municipality and not rule.responsible_municipality.endswith("municipality") and not rule.responsible_municipality.endswith("admission"):
        out.append(_problem(doc, where + ("responsible_municipality",), rule, "must name a kommunenummer field"))
    if rule.when is None:
        return out
    try:
        cond = conditions.parse(rule.when, ("when",))
    except ConditionError as exc:
        out.append(_problem(doc, where + exc.path, rule, str(exc)))
        return out
    parsed[rule.id] = cond
    known = known_paths()
    dates = date_paths()
    for test in conditions.tests(cond):
        if test.path not in known:
            out.append(_problem(doc, where + ("when",), rule, f"unknown fact '{test.path}'{_suggest(test.path, known)}"))
            continue
        allowed = enum_values(test.path)
        values = test.value if isinstance(test.value, tuple) else (test.value,)
        if allowed is not None:
            for value in values:
                if value not in allowed:
                    out.append(
                        _problem(
                            doc,
                            where + ("when",),
                            rule,
                            f"'{value}' is not a value of {test.path}; allowed: {', '.join(allowed)}{_suggest(str(value), allowed)}",
                        )
                    )
        elif test.path in dates and any(isinstance(v, (str, bool)) for v in values):
            out.append(_problem(doc, where + ("when",), rule, f"{test.path} is a date: compare it with a date (YYYY-MM-DD)"))
    for node in conditions.walk(cond):
        if isinstance(node, Not) and conditions.derived_names(node.item):
            out.append(_problem(doc, where + ("when",), rule, "'not' over a derived fact is not supported (unknown is not false)"))
    top = cond.items if isinstance(cond, All) else (cond,)
    nested = conditions.derived_names(cond) - {c.name for c in top if isinstance(c, Derived)}
    if nested:
        out.append(_problem(doc, where + ("when",), rule, f"derived facts ({', '.join(sorted(nested))}) may only be used as top-level conditions"))
    return out


def _check_cycles(rules: list[Rule], parsed: dict[str, Condition], docs: dict[str, tuple[Document, int]]) -> list[Problem]:
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
                        out.append(_problem(doc, ("rules", index), owner, f"{what} cycle: '{start}' depends on itself"))
                    break
                if node not in seen:
                    seen.add(node)
                    stack.extend(graph.get(node, ()))
    return out


def _check_versions(rules: list[Rule], docs: dict[str, tuple[Document, int]]) -> list[Problem]:
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
                out.append(_problem(doc, ("rules", index, "in_force"), second, f"overlaps the validity of '{first.id}' with the same condition"))
    return out
