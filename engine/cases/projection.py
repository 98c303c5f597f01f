"""The case moves in time: the facts on another day than the one the case was written.

A case is written on its ``assessment_date`` (the day its facts were true), but it holds dates
of things still to come: a release from prison, a scheduled eviction, a discharge from a
hospital. Assessed on a later day, what is scheduled has happened by then; assessed on an
earlier day, what the case records as done later was not yet known. ``project`` gives the
case on the day asked for, and says every fact it changed and why, so nothing is hidden.

The events are data (``EVENTS``): which date in the case, which facts must hold for the event
to happen, and what the facts become on that day. A value of ``None`` means unknown from that
day: where a person goes after an eviction is not in the case, so it is not guessed.

Before the day the case was written, a fact dated after the day assessed (a permit granted
later, temporary accommodation that started later, a release that had not happened) is
unknown on that day — not an error. A bare age (no birth date) counts on only in whole years
from the day the case was written: on another day the person may have had a birthday, so the
age is unknown there unless a whole number of years has passed.
"""

from __future__ import annotations

import datetime as dt
from functools import cached_property
from dataclasses import dataclass
from typing import Any

from hjemmel.languages import language
from hjemmel.cases.model import Case
from hjemmel.dates import age_on, birthday, earliest_birth_date

Value = bool | int | str | None


Because = dict[str, str]  # the reason in nb, nn and en


@dataclass(frozen=True)
class Event:
    """On the date in ``date_of`` (when the facts in ``requires`` hold), the facts in ``sets`` take their values."""

    name: str
    date_of: str
    requires: tuple[tuple[str, tuple[Value, ...]], ...]
    sets: tuple[tuple[str, Value, tuple[Value, ...] | None], ...]  # (path, new value, only when the old value is one of these)
    because: Because

    @cached_property
    def _required(self) -> tuple[tuple[str, str, tuple[Value, ...]], ...]:
        """``requires`` with each path split into its section and field (once per event)."""
        out = []
        for path, allowed in self.requires:
            section, name = path.split(".", 1)
            out.append((section, name, allowed))
        return tuple(out)

    def expected(self, case: Case) -> bool:
        """Whether the case as written is in the situation the event ends (its ``requires``)."""
        return all(getattr(getattr(case, section), name) in allowed for section, name, allowed in self._required)


_HOMES = ("own_home", "rental", "municipal_rental")
_RELEASE: Because = {"nb": "planlagt løslatelse", "nn": "planlagd lauslating", "en": "scheduled release"}
_IN_CUSTODY = ("criminal_justice.status", ("serving", "remand"))

EVENTS: tuple[Event, ...] = (
    Event("release", "criminal_justice.release_date", (_IN_CUSTODY,), (("criminal_justice.status", "released", None),), _RELEASE),
    Event(
        "release-without-home",
        "criminal_justice.release_date",
        (_IN_CUSTODY, ("criminal_justice.home_after_release", (False,))),
        # INTERPRETATION: "no home after release" means that from the release day the person has
        # no home of their own (uten bolig); where they sleep the first night is not in the case.
        (("housing.situation", "homeless", None),),
        _RELEASE,
    ),
    Event(
        "release-to-a-home",
        "criminal_justice.release_date",
        (_IN_CUSTODY, ("criminal_justice.home_after_release", (True, None))),
        (("housing.situation", None, ("prison",)),),  # out of prison; which home is not in the case
        _RELEASE,
    ),
    Event(
        "eviction",
        "tenancy.eviction_date",
        (("tenancy.eviction_stage", ("scheduled",)),),
        # The home is lost; where the person goes is unknown unless the case says.
        (("tenancy.eviction_stage", "executed", None), ("housing.situation", None, _HOMES)),
        {"nb": "berammet utkastelse", "nn": "berama utkasting", "en": "scheduled eviction"},
    ),
    Event(
        "discharge",
        "health.discharge_date",
        (("health.in_specialist_institution", (True,)),),
        (("health.in_specialist_institution", False, None), ("housing.situation", None, ("institution",))),
        {"nb": "planlagt utskrivning", "nn": "planlagd utskriving", "en": "scheduled discharge"},
    ),
)
"""The scheduled events of a case. Each event's ``requires`` is read from the case as written;
its changes are applied in this order."""

LATER: tuple[tuple[str, tuple[str, ...], Because], ...] = (
    (
        "immigration.permit_date",
        ("immigration.permit_date", "immigration.status"),
        {"nb": "tillatelsen ble gitt senere", "nn": "løyvet vart gitt seinare", "en": "the permit was granted later"},
    ),
    (
        "housing.temporary_accommodation_since",
        ("housing.temporary_accommodation_since",),
        {
            "nb": "det midlertidige botilbudet startet senere",
            "nn": "det mellombelse butilbodet starta seinare",
            "en": "the temporary accommodation started later",
        },
    ),
)
"""Facts recorded as starting after a day: on that day they are unknown (path of the date, facts made unknown, why)."""


@dataclass(frozen=True)
class Projection:
    case: Case
    changes: tuple[tuple[str, Value, dt.date | None, Because], ...]
    earliest_birth_date: dt.date | None = None  # from a bare age on the day written, when the age was moved

    def data(self, lang: str) -> list[dict[str, Any]]:
        """The changes as the contract's ``projected[]``: ``{fact, value, from, because}``."""
        key = language(lang)
        return [{"fact": fact, "value": value, "from": start, "because": because[key]} for fact, value, start, because in self.changes]


def case_value(case: Case, path: str) -> object:
    """A case field's value as written (None when unknown)."""
    section, name = path.split(".", 1)
    return getattr(getattr(case, section), name)


def _set(values: dict[str, dict[str, Value]], path: str, value: Value) -> None:
    section, name = path.split(".", 1)
    values.setdefault(section, {})[name] = value


def project(case: Case, written: dt.date, day: dt.date, age_limits: frozenset[int] = frozenset()) -> Projection:
    """``case`` as it stands on ``day``, given that its facts were true on ``written``.

    ``age_limits`` are the ages at which some rule's test of ``person.age`` changes (18 for
    "at least 18", 25 for "under 25"): a bare age that is one of two values on ``day`` is
    taken as the lower one when no limit lies between them, since every rule then gives the
    same answer for both; otherwise it is unknown.
    """
    if day == written:
        return Projection(case, ())
    updates: dict[str, dict[str, Value]] = {}
    changes: list[tuple[str, Value, dt.date | None, Because]] = []

    def current(path: str) -> object:
        section, name = path.split(".", 1)
        if name in updates.get(section, {}):
            return updates[section][name]
        return case_value(case, path)

    def change(path: str, value: Value, start: dt.date | None, because: Because, always: bool = False) -> None:
        if always or current(path) != value:
            _set(updates, path, value)
            changes.append((path, value, start, because))

    if day > written:
        for event in EVENTS:
            when = case_value(case, event.date_of)
            if not isinstance(when, dt.date) or not written < when <= day:
                continue
            if not event.expected(case):
                continue
            for path, value, only_from in event.sets:
                if only_from is None or current(path) in only_from:
                    change(path, value, when, event.because)
    else:
        _project_back(case, day, current, change)
    earliest = _project_age(case, written, day, change, age_limits)
    if not changes:
        return Projection(case, ())
    sections = {name: getattr(case, name).model_copy(update=values) for name, values in updates.items()}
    projected = case.model_copy(update=sections)
    projected._source, projected._locator = case._source, case._locator
    return Projection(projected, tuple(changes), earliest)


def _project_back(case: Case, day: dt.date, current: Any, change: Any) -> None:
    """Before the day the case was written: facts recorded as starting later are unknown."""
    for date_path, paths, because in LATER:
        when = case_value(case, date_path)
        if isinstance(when, dt.date) and when > day:
            for path in paths:
                change(path, None, None, because)
    cj = case.criminal_justice
    if cj.status == "released" and cj.release_date is not None and cj.release_date > day:
        change("criminal_justice.status", None, None, {"nb": "løslatt senere", "nn": "lauslaten seinare", "en": "released later"})
    tenancy = case.tenancy
    if tenancy.eviction_stage == "executed" and tenancy.eviction_date is not None and tenancy.eviction_date > day:
        change(
            "tenancy.eviction_stage", None, None, {"nb": "utkastelsen skjedde senere", "nn": "utkastinga skjedde seinare", "en": "the eviction happened later"}
        )
    health = case.health
    if health.in_specialist_institution is False and health.discharge_date is not None and health.discharge_date > day:
        change("health.in_specialist_institution", None, None, {"nb": "utskrevet senere", "nn": "utskriven seinare", "en": "discharged later"})
    del current


def _project_age(case: Case, written: dt.date, day: dt.date, change: Any, limits: frozenset[int]) -> dt.date | None:
    """A bare age is the age on the day the case was written, so the birth date lies in a known
    year-long window; on another day the age is what the whole window gives, if one age, or
    the lower of two when no rule's age limit separates them. Returns the window's start."""
    person = case.person
    if person.birth_date is not None or person.age is None:
        return None
    earliest = earliest_birth_date(person.age, written)
    latest = birthday(written, -person.age)
    low, high = age_on(latest, day), age_on(earliest, day)
    day_text = written.strftime("%d.%m.%Y")
    if low == high:
        because: Because = {
            "nb": f"alderen regnet frem fra {day_text}",
            "nn": f"alderen rekna fram frå {day_text}",
            "en": f"the age counted on from {written.isoformat()}",
        }
        change("person.age", low, None, because)
    elif low >= 0 and high not in limits:
        because = {
            "nb": f"bare alderen per {day_text} er oppgitt: personen er {low} eller {high} år, og ingen aldersgrense skiller dem",
            "nn": f"berre alderen per {day_text} er oppgitt: personen er {low} eller {high} år, og inga aldersgrense skil dei",
            "en": f"only the age on {written.isoformat()} is given: the person is {low} or {high}, and no age limit separates the two",
        }
        change("person.age", low, None, because, True)  # said even when the number stays: it is an assumption
    else:
        because = {
            "nb": f"bare alderen per {day_text} er oppgitt: personen er {low} eller {high} år",
            "nn": f"berre alderen per {day_text} er oppgitt: personen er {low} eller {high} år",
            "en": f"only the age on {written.isoformat()} is given: the person is {low} or {high}",
        }
        change("person.age", None, None, because)
    return earliest
