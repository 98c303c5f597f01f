"""Finding a case that satisfies a condition (used by ``rules lint`` and by the tests).

A small search: the condition is put in disjunctive normal form, its tests are grouped by
the case fact they depend on (a computed fact such as ``person.age`` depends on
``person.birth_date``), and for each fact a list of candidate values is tried. Candidates
come from the fact's type and from the literal values the rule base itself uses, so the
search follows the rules rather than a hard-coded list.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from hjemmel.cases.consistency import check_case
from hjemmel.cases.facts import COMPUTED, case_facts, date_paths, enum_values
from hjemmel.cases.loading import parse_case
from hjemmel.cases.model import COUNTY_CODES, fact_fields
from hjemmel.dates import birthday, from_day_number
from hjemmel.errors import HjemmelError
from hjemmel.rulebase.conditions import All, AnyOf, Condition, Test, push_not, tests
from hjemmel.rulebase.logic import evaluate

DEFAULT_MUNICIPALITIES = ("0301", "4601", "1103", "5001", "1804", "3201")
DEFAULT_COUNTRIES = ("NO", "SE", "PL", "LT")  # Norway, a Nordic and two EEA countries
Hints = Mapping[str, frozenset[Any]]


def base_of(path: str) -> str:
    """The case field a (possibly computed) fact comes from."""
    return COMPUTED.get(path, path)


def hints_from(conditions: Iterable[Condition]) -> dict[str, frozenset[Any]]:
    """Literal values the conditions compare each base fact (or its computed facts) with."""
    out: dict[str, set[Any]] = {}
    dates = date_paths()
    for cond in conditions:
        for test in tests(cond):
            values = test.value if isinstance(test.value, tuple) else (test.value,)
            bucket = out.setdefault(test.path, set())
            for value in values:
                if test.path in dates and isinstance(value, int) and not isinstance(value, bool):
                    day = from_day_number(value)
                    bucket.update({day - dt.timedelta(days=1), day, day + dt.timedelta(days=1)})
                elif test.path == "person.county" and isinstance(value, str):
                    out.setdefault("person.municipality", set()).add(f"{value}01")
                else:
                    bucket.add(value)
    return {path: frozenset(values) for path, values in out.items()}


def candidates(path: str, day: dt.date, hints: Hints | None = None) -> list[Any]:
    """Plausible values of a base case fact (dates relative to the assessment date)."""
    hinted = sorted((hints or {}).get(path, ()), key=repr)
    if path not in fact_fields():  # an unknown fact (reported on load): only the values the rules name
        return [*hinted, True, False]
    annotation = str(fact_fields()[path])
    allowed = enum_values(path)
    if allowed is not None:
        return list(allowed)
    if "bool" in annotation:
        return [True, False]
    if path == "person.birth_date":
        around = [birthday(day, -years) - dt.timedelta(days=extra) for years in range(0, 100) for extra in (40, 200)]
        return around + [v for v in hinted if isinstance(v, dt.date) and v <= day]
    if "date" in annotation:
        return [day + dt.timedelta(days=offset) for offset in (*range(-400, 400, 3), -1000, 1000, 0)] + [v for v in hinted if isinstance(v, dt.date)]
    if "municipality" in path or path.endswith("admission"):
        values = [v for v in hinted if isinstance(v, str) and v[:2] in COUNTY_CODES]
        return values + [m for m in DEFAULT_MUNICIPALITIES if m not in values]
    if path.endswith("citizenship"):
        values = [v for v in hinted if isinstance(v, str)]
        return values + [c for c in DEFAULT_COUNTRIES if c not in values]
    if path in ("person.age", "immigration.age_at_permit"):
        return list(range(0, 100))
    if "int" in annotation:
        return list(range(0, 8))
    return []


def conjunctions(cond: Condition, limit: int = 64) -> Iterator[list[Test]]:
    """Disjunctive normal form, lazily (tests only; derived facts must be expanded first)."""

    def branches(c: Condition) -> Iterator[list[Test]]:
        if isinstance(c, Test):
            yield [c]
        elif isinstance(c, AnyOf):
            for item in c.items:
                yield from branches(item)
        elif isinstance(c, All):
            for combo in itertools.product(*[list(itertools.islice(branches(i), 8)) for i in c.items]):
                yield [t for part in combo for t in part]

    yield from itertools.islice(branches(cond), limit)


def _set(data: dict[str, Any], path: str, value: Any) -> None:
    section, name = path.split(".", 1)
    data.setdefault(section, {})[name] = value


def satisfy(
    cond: Condition,
    day: dt.date,
    base: dict[str, Any] | None = None,
    free: set[str] | None = None,
    hints: Hints | None = None,
) -> dict[str, Any] | None:
    """A case dict (built on ``base``) whose facts make ``cond`` true on ``day``, or None.

    ``cond`` must not contain derived facts (expand them first). Only base facts in
    ``free`` (default: any not already in ``base``) may be chosen.
    """
    base = base or {}
    hints = hints if hints is not None else hints_from([cond])
    for conjunction in conjunctions(push_not(cond)):
        by_fact: dict[str, list[Test]] = {}
        for test in conjunction:
            by_fact.setdefault(base_of(test.path), []).append(test)
        data: dict[str, Any] = {k: dict(v) if isinstance(v, dict) else v for k, v in base.items()}
        ok = True
        for fact, fact_tests in by_fact.items():
            section, name = fact.split(".", 1)
            if name in data.get(section, {}) and (free is None or fact not in free):
                continue  # fixed: the final check decides
            for value in candidates(fact, day, hints):
                flat = case_facts(parse_case({"id": "probe", section: {name: value}}), day)
                if all(t.path in flat and t.holds(flat[t.path]) for t in fact_tests):
                    _set(data, fact, value)
                    if fact == "person.birth_date":
                        data["person"].pop("age", None)  # the age now follows from the birth date
                    break
            else:
                ok = False
                break
        if not ok:
            continue
        data.setdefault("id", "witness")
        data["assessment_date"] = day
        try:
            case = parse_case(data)
            check_case(case, day)
        except HjemmelError:
            continue
        if evaluate(cond, case_facts(case, day), {}) is True:
            return data
    return None
