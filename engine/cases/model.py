"""The case-file model (contract version 1, see docs/contract.md).

Every field is optional except ``id``: an absent field means *unknown*, never *false*.
Models are frozen and forbid unknown fields, so a misspelled field is an error rather than
a silently ignored fact. Types are strict (``hjemmel.cases.fields``).

A fact is declared once, in ``facts.yaml``; the sections of ``Case`` are generated from it
(``hjemmel.cases.sections``, written by ``make docs``). This module is where the rest of
the program imports the model from.
"""

from __future__ import annotations

from functools import cache

from pydantic import BaseModel

from hjemmel.cases.fields import CASE_ID_MAX, CASE_ID_PATTERN, COUNTY_CODES, CountryCode, Expected, Municipality
from hjemmel.cases.sections import (
    Case,
    ChildWelfare,
    CriminalJustice,
    Disability,
    Economy,
    Health,
    Household,
    Housing,
    Immigration,
    Person,
    Tenancy,
    Work,
)

__all__ = [
    "CASE_ID_MAX",
    "CASE_ID_PATTERN",
    "COUNTY_CODES",
    "SECTIONS",
    "SECTION_NAMES",
    "Case",
    "ChildWelfare",
    "CountryCode",
    "CriminalJustice",
    "Disability",
    "Economy",
    "Expected",
    "Health",
    "Household",
    "Housing",
    "Immigration",
    "Municipality",
    "Person",
    "Tenancy",
    "Work",
    "fact_fields",
]

SECTION_NAMES = Case.SECTION_NAMES

SECTIONS: tuple[str, ...] = tuple(name for name in Case.model_fields if name not in ("id", "assessment_date", "expected"))


@cache
def fact_fields() -> dict[str, type | object]:
    """Every dotted case fact path with its annotation (``person.age`` → ``int | None``)."""
    out: dict[str, type | object] = {}
    for section in SECTIONS:
        model = Case.model_fields[section].annotation
        assert isinstance(model, type) and issubclass(model, BaseModel)
        for name, info in model.model_fields.items():
            out[f"{section}.{name}"] = info.annotation
    return out
