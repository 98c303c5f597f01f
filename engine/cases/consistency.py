"""Checks that need the assessment date: facts that contradict each other or the date."""

from __future__ import annotations

import datetime as dt

from hjemmel.cases.model import Case
from hjemmel.cases.national_id import birth_date_of, mask
from hjemmel.dates import age_on
from hjemmel.errors import CaseFileError, Problem


def check_case(case: Case, on: dt.date, source: str | None = None, *, day: dt.date | None = None) -> None:
    """Raise ``CaseFileError`` listing every contradiction in ``case`` as of ``on`` (the day its
    facts were true); ``day``, the day assessed when it differs, must not be before the birth."""
    problems: list[Problem] = []

    def add(path: str, message: str) -> None:
        file, line = case.locate(path)
        problems.append(Problem(message, file=file or source, line=line, path=path))

    person = case.person
    if person.birth_date is not None and day is not None and day < on and person.birth_date > day:
        add("person.birth_date", f"born {person.birth_date}, after the assessment date {day}")
    if person.birth_date is not None:
        if person.birth_date > on:
            add("person.birth_date", f"born {person.birth_date}, after the assessment date {on}")
        elif person.age is not None and age_on(person.birth_date, on) != person.age:
            add(
                "person.age",
                f"age {person.age} contradicts birth_date {person.birth_date} (the person is {age_on(person.birth_date, on)} on {on})",
            )
        elif on.year - person.birth_date.year > 130:
            add("person.birth_date", f"born {person.birth_date}: more than 130 years before {on}")
    if person.national_id is not None:
        encoded = birth_date_of(person.national_id)
        if encoded is not None and person.birth_date is not None and encoded != person.birth_date:
            add("person.national_id", f"the national id {mask(person.national_id)} gives the birth date {encoded}, but birth_date is {person.birth_date}")
        elif encoded is not None and person.birth_date is None and person.age is not None and encoded <= on and age_on(encoded, on) != person.age:
            add("person.national_id", f"the national id {mask(person.national_id)} gives the age {age_on(encoded, on)} on {on}, but age is {person.age}")
    cj = case.criminal_justice
    if cj.release_date is not None and cj.status in ("serving", "remand") and cj.release_date < on:
        add(
            "criminal_justice.release_date",
            f"release date {cj.release_date} is before the assessment date {on}, but status is '{cj.status}' (use status 'released' or correct the date)",
        )
    if cj.release_date is not None and cj.status == "released" and cj.release_date > on:
        add(
            "criminal_justice.release_date",
            f"status is 'released' but the release date {cj.release_date} is after the assessment date {on}",
        )
    since = case.housing.temporary_accommodation_since
    if since is not None and since > on:
        add("housing.temporary_accommodation_since", f"{since} is after the assessment date {on}")
    if case.immigration.permit_date is not None and case.immigration.permit_date > on:
        add("immigration.permit_date", f"{case.immigration.permit_date} is after the assessment date {on}")
    imm = case.immigration
    if imm.age_at_permit is not None and imm.permit_date is not None and person.birth_date is not None:
        if age_on(person.birth_date, imm.permit_date) != imm.age_at_permit:
            add(
                "immigration.age_at_permit",
                f"age at permit {imm.age_at_permit} contradicts birth_date {person.birth_date} and permit_date {imm.permit_date}",
            )
    if imm.age_at_permit is not None and person.age is not None and imm.age_at_permit > person.age:
        add("immigration.age_at_permit", f"age at permit {imm.age_at_permit} is above the age {person.age} on {on}")
    if case.housing.no_place_to_stay_next_24h and case.housing.situation in ("own_home", "rental", "municipal_rental"):
        pass  # INTERPRETATION: possible (e.g. a home made uninhabitable); not a contradiction.
    if problems:
        raise CaseFileError(f"{len(problems)} contradiction(s) in the case", problems)
