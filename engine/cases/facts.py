"""Case facts as the rule engine sees them: flat dotted paths, computed facts, questions.

Dates become day numbers (days since 1970-01-01) so that rules can compare them.
Computed facts are derived from the case and the assessment date only; they carry no law.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from typing import Any

from hjemmel.languages import LANGUAGES, language
from hjemmel import cache as startup
from hjemmel.cases.model import SECTIONS, Case, fact_fields
from hjemmel.dates import age_on, day_number, earliest_birth_date, whole_months_between

FactValue = bool | int | str




_lang = language
@dataclass(frozen=True)
class FactInfo:
    """A fact's label and question in bokmål, nynorsk and English.

    ``inverted``: the question is phrased positively and a "yes" makes the fact false
    ("Does the person have a place to sleep?" for ``no_place_to_stay_next_24h``).
    """

    path: str
    labels: dict[str, str]
    questions: dict[str, str]
    computed: bool = False
    is_date: bool = False
    inverted: bool = False
    in_time: str | None = None  # a date field: "event", "starts" or "fixed" (see facts.yaml)
    kind: str | None = None  # a case field's type in facts.yaml (bool, date, municipality …); None for a computed fact

    def label(self, lang: str) -> str:
        return self.labels[_lang(lang)]

    def question(self, lang: str) -> str:
        return self.questions[_lang(lang)]


# Computed facts: name → (fact it is computed from, description). See ``case_facts``.
COMPUTED: dict[str, str] = {
    "person.age": "person.birth_date",
    "person.earliest_birth_date": "person.birth_date",
    "person.county": "person.municipality",
    "criminal_justice.days_until_release": "criminal_justice.release_date",
    "criminal_justice.months_until_release": "criminal_justice.release_date",
    "housing.months_in_temporary_accommodation": "housing.temporary_accommodation_since",
    "tenancy.days_until_eviction": "tenancy.eviction_date",
    "health.days_until_discharge": "health.discharge_date",
    "immigration.months_since_permit": "immigration.permit_date",
}


def answered_by(path: str) -> str:
    """The case field a caseworker answers to settle the fact ``path``.

    A computed fact is settled by the fact it comes from (months since the permit ← the
    permit date). The age is the exception: it may be given directly when the date of birth
    is not known, so it is its own field.
    """
    return path if path == "person.age" else COMPUTED.get(path, path)


@cache
def catalogue() -> dict[str, FactInfo]:
    """Labels and questions (nb/nn/en) for every fact, from ``facts.yaml`` beside this module."""
    fields = fact_fields()
    out: dict[str, FactInfo] = {}
    for path, entry in _vocabulary()["facts"].items():
        annotation = fields.get(path)
        out[path] = FactInfo(
            path=path,
            labels=dict(entry["label"]),
            questions=dict(entry["question"]),
            computed=path in COMPUTED and path != "person.age",
            is_date="date" in str(annotation),
            inverted=bool(entry.get("inverted", False)),
            in_time=entry.get("in_time"),
            kind=entry.get("type"),
        )
    return out


@cache
def _vocabulary() -> dict[str, Any]:
    data: dict[str, Any] = startup.program_yaml("hjemmel.cases", "facts.yaml")
    return data


@cache
def value_labels(lang: str) -> dict[str, str]:
    """Names of the allowed values of enumerated fields (``homeless`` → ``uten bolig``)."""
    return {value: names[_lang(lang)] for value, names in _vocabulary()["values"].items()}


@cache
def known_paths() -> frozenset[str]:
    """Every fact a rule may test: case fields plus computed facts."""
    return frozenset(fact_fields()) | frozenset(COMPUTED)


@cache
def enum_values(path: str) -> tuple[Any, ...] | None:
    """Allowed values of an enumerated field (``housing.situation`` …), else None."""
    annotation = fact_fields().get(path)
    args = getattr(annotation, "__args__", ())
    for arg in args:
        literal_args = getattr(arg, "__args__", None)
        if literal_args and all(isinstance(a, str) for a in literal_args):
            return tuple(literal_args)
    return None


@cache
def date_paths() -> frozenset[str]:
    return frozenset(p for p, a in fact_fields().items() if "datetime.date" in str(a))


def effective_date(case: Case, override: dt.date | None, today: dt.date) -> tuple[dt.date, bool]:
    """Assessment date: --date, else the case's assessment_date, else today (defaulted=True)."""
    if override is not None:
        return override, False
    if case.assessment_date is not None:
        return case.assessment_date, False
    return today, True


def case_facts(case: Case, on: dt.date) -> dict[str, FactValue]:
    """Flat ``{"person.age": 19, ...}`` of known facts; unknown facts are simply absent."""
    flat: dict[str, FactValue] = {}
    paths = _section_paths()
    for section in SECTIONS:
        # Straight from the model's field values (in field order), not model_dump: every
        # field of a section is a scalar, so nothing needs converting but dates.
        names = paths[section]
        for name, value in getattr(case, section).__dict__.items():
            if value is not None:
                flat[names[name]] = day_number(value) if type(value) is dt.date else value
    person = case.person
    if person.birth_date is not None:
        flat["person.age"] = age_on(person.birth_date, on)
        flat["person.earliest_birth_date"] = day_number(person.birth_date)
    elif person.age is not None:
        # Only the age is known: the earliest birth date it allows, so that a rule can tell
        # when the age alone settles a date-of-birth limit.
        flat["person.earliest_birth_date"] = day_number(earliest_birth_date(person.age, on))
    if person.municipality is not None:
        # The county code is the first two digits of the kommunenummer valid on the date.
        flat["person.county"] = person.municipality[:2]
    cj = case.criminal_justice
    if cj.release_date is not None:
        flat["criminal_justice.days_until_release"] = (cj.release_date - on).days
        flat["criminal_justice.months_until_release"] = whole_months_between(on, cj.release_date)
    since = case.housing.temporary_accommodation_since
    if since is not None:
        flat["housing.months_in_temporary_accommodation"] = whole_months_between(since, on)
    if case.tenancy.eviction_date is not None:
        flat["tenancy.days_until_eviction"] = (case.tenancy.eviction_date - on).days
    if case.health.discharge_date is not None:
        flat["health.days_until_discharge"] = (case.health.discharge_date - on).days
    if case.immigration.permit_date is not None:
        flat["immigration.months_since_permit"] = whole_months_between(case.immigration.permit_date, on)
        if person.birth_date is not None and case.immigration.age_at_permit is None:
            # The age on the day the permit was granted (integreringsloven § 8).
            flat["immigration.age_at_permit"] = age_on(person.birth_date, case.immigration.permit_date)
    return flat


@cache
def _section_paths() -> dict[str, dict[str, str]]:
    """section → field name → dotted path (built once)."""
    out: dict[str, dict[str, str]] = {}
    for path in fact_fields():
        section, name = path.split(".", 1)
        out.setdefault(section, {})[name] = path
    return out


def nest(flat: dict[str, FactValue]) -> dict[str, Any]:
    """``{"person.age": 19}`` → ``{"person": {"age": 19}}`` (what durable-rules receives)."""
    out: dict[str, Any] = {}
    for path, value in flat.items():
        section, name = path.split(".", 1)
        out.setdefault(section, {})[name] = value
    return out
