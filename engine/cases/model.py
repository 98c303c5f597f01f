"""The case-file model (contract version 1, see docs/contract.md).

Every field is optional except ``id``: an absent field means *unknown*, never *false*.
Models are frozen and forbid unknown fields, so a misspelled field is an error rather than
a silently ignored fact. Types are strict: a yes/no field takes only true or false (not
``1``, ``"yes"`` or ``"on"``), a number field only a whole number (not ``true``), and a date
only a date — ``YYYY-MM-DD`` text or a YAML date, never with a time or time zone.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from functools import cache
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, StringConstraints, field_validator, model_validator
from pydantic_core import PydanticCustomError

from hjemmel.cases.national_id import contains_national_id, validate_national_id

# Letters, digits, '.', '_', '-', and '/' between parts (an archive number such as 2024/1234);
# no part may be empty, '.' or '..', so an id never reads as a path out of a folder.
CASE_ID_PATTERN = r"^[A-Za-z0-9._-]+(?:/[A-Za-z0-9._-]+)*$"
CASE_ID_MAX = 64

# County codes (first two digits of a kommunenummer) that have existed since 1972.
# 2020 and 2024 county reforms included; 21/22 are Svalbard and Jan Mayen.
COUNTY_CODES = frozenset(
    {
        "01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12", "14",
        "15", "16", "17", "18", "19", "20", "21", "22", "30", "31", "32", "33", "34",
        "38", "39", "40", "42", "46", "50", "54", "55", "56",
    }
)  # fmt: skip

Municipality = Annotated[str, StringConstraints(pattern=r"^[0-9]{4}$")]
# ISO 3166-1 alpha-2 country code, e.g. "NO", "SE" (docs/contract.md: person.citizenship).
CountryCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]

HousingSituation = Literal[
    "own_home",
    "rental",
    "municipal_rental",
    "with_family_or_friends",
    "temporary_accommodation",
    "institution",
    "prison",
    "homeless",
]
EvictionStage = Literal["none", "warning", "petition", "scheduled", "executed"]
CriminalJusticeStatus = Literal["none", "remand", "serving", "released"]
ImmigrationStatus = Literal[
    "none",
    "asylum_seeker",
    "refugee",
    "collective_protection",
    "resettlement_refugee",
    "family_member",
]

# The basis of an EEA citizen's (or family member's) right of residence (forskrift om sosiale
# tjenester for personer uten fast bopel § 1a): only utlendingsloven § 111, a right beyond it
# (utlendingsloven chapter 13), or no right of residence under the EEA rules.
EeaRightOfResidence = Literal["section_111", "beyond_section_111", "none"]


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


_DATE_TEXT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _plain_date(value: Any) -> Any:
    """A date field takes a date: ``YYYY-MM-DD`` text or a YAML date; a time or a time zone is an error."""
    if value is None or type(value) is dt.date:
        return value
    if isinstance(value, str) and _DATE_TEXT.fullmatch(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise PydanticCustomError("date_parsing", "not a calendar date") from None
    if isinstance(value, dt.datetime) or (isinstance(value, str) and _DATE_TEXT.match(value)):
        raise PydanticCustomError("date_with_time", "a date without a time or time zone")
    raise PydanticCustomError("date_type", "not a date")


def _check_municipality(value: str | None) -> str | None:
    if value is not None and value[:2] not in COUNTY_CODES:
        raise ValueError(f"'{value}' is not a Norwegian kommunenummer: no county has the code '{value[:2]}'")
    return value


class Person(_Section):
    birth_date: dt.date | None = Field(None, description="Fødselsdato / date of birth")
    age: int | None = Field(None, ge=0, le=130, description="Alder når fødselsdato mangler")
    municipality: Municipality | None = Field(None, description="Oppholdskommune (kommunenummer)")
    citizenship: CountryCode | None = Field(None, description="Statsborgerskap (ISO 3166-1 alfa-2, f.eks. NO, SE) / citizenship (ISO 3166-1 alpha-2)")
    lawful_stay: bool | None = Field(None, description="Lovlig opphold i Norge")
    residence_in_norway: bool | None = Field(None, description="Bopel i Norge: tilknytning til Norge, ikke det samme som å ha en bolig")
    national_id: str | None = Field(None, description="Fødselsnummer eller D-nummer (11 sifre)")

    _municipality = field_validator("municipality")(_check_municipality)
    _dates = field_validator("birth_date", mode="before")(_plain_date)

    @field_validator("national_id")
    @classmethod
    def _national_id(cls, value: str | None) -> str | None:
        if value is not None:
            validate_national_id(value)
        return value


class Housing(_Section):
    situation: HousingSituation | None = None
    no_place_to_stay_next_24h: bool | None = None
    cannot_manage_housing_market: bool | None = None
    requested_assistance: bool | None = None
    needs_adapted_home: bool | None = None
    temporary_accommodation_since: dt.date | None = None
    municipal_housing_refused: bool | None = None
    municipality_before_admission: Municipality | None = None

    _municipality = field_validator("municipality_before_admission")(_check_municipality)
    _dates = field_validator("temporary_accommodation_since", mode="before")(_plain_date)


class Tenancy(_Section):
    eviction_stage: EvictionStage | None = None
    eviction_date: dt.date | None = None
    rent_arrears: bool | None = None
    dispute_with_landlord: bool | None = None

    _dates = field_validator("eviction_date", mode="before")(_plain_date)


class Economy(_Section):
    can_support_self: bool | None = None
    debt_problems: bool | None = None
    high_housing_costs_low_income: bool | None = None
    bank_loan_available: bool | None = None
    long_term_financing_problems: bool | None = None


class Work(_Section):
    substantially_reduced_work_capacity: bool | None = None
    no_or_limited_benefits: bool | None = None
    # Added (optional): in work, or with a job offer, of at least 30 hours a week
    # (integreringsloven § 8 fourth paragraph, from 2026-01-01).
    job_30_hours_a_week: bool | None = None


class ChildWelfare(_Section):
    measures_before_18: bool | None = None
    consents_to_aftercare: bool | None = None
    needs_support_transition: bool | None = None
    currently_receives_measures: bool | None = None
    # Added (optional): placed in a state (Bufetat) institution or a specialised foster home,
    # whose costs after 18 Bufetat pays (barnevernloven 1992 § 9-4).
    state_placement: bool | None = None
    # Added (optional): placed outside the home (foster home or institution) by the child
    # welfare service (barnevernloven 1992 § 4-15 concerned placements only).
    placed_outside_home: bool | None = None


class CriminalJustice(_Section):
    status: CriminalJusticeStatus | None = None
    release_date: dt.date | None = None
    home_municipality: Municipality | None = None
    # Added in contract v1 as an optional field: whether the person has an owned or rented
    # home to go to on release (SSB/regjeringen's "uten egen bolig" test).
    home_after_release: bool | None = None
    # Added (optional): the person wants or is considered for serving outside prison
    # (særlige vilkår / electronic monitoring, straffegjennomføringsloven §§ 16 and 16 a).
    outside_prison_requested: bool | None = None
    # Added (optional): the person has a fixed address (fast bopel) to serve from.
    fixed_address: bool | None = None
    # Added (optional): the municipality where the person will stay after release (the NAV
    # office and the municipality there act on release; sosialtjenesteloven § 3).
    municipality_after_release: Municipality | None = None
    # Added (optional): released on parole, or being considered for it (§§ 42–44).
    parole: bool | None = None
    # Added (optional): wants or is considered for serving in an institution (§ 12).
    institution_requested: bool | None = None
    # Added (optional): the inmate consents to the correctional service contacting the services
    # that can help with housing, work or training and coordinating the plans for release
    # (straffegjennomføringsloven § 41: an unconditional duty for inmates under 25 who consent).
    consents_to_release_planning: bool | None = None

    _municipality = field_validator("home_municipality", "municipality_after_release")(_check_municipality)
    _dates = field_validator("release_date", mode="before")(_plain_date)


class Immigration(_Section):
    status: ImmigrationStatus | None = None
    permit_date: dt.date | None = None
    # Added (optional): the age when the residence permit was granted (integreringsloven § 8
    # first paragraph); computed from person.birth_date and permit_date when both are known.
    age_at_permit: int | None = Field(None, ge=0, le=130)
    in_reception_centre: bool | None = None
    settled: bool | None = None
    settlement_municipality: Municipality | None = None
    integration_grant_period: bool | None = None
    moved_by_agreement: bool | None = None
    # Added (optional): a person granted a permit who moved out of state accommodation
    # (a reception centre) on their own initiative (forskrift uten fast bopel § 2 annet ledd).
    left_state_accommodation: bool | None = None
    # Added (optional): the basis of an EEA citizen's or family member's lawful stay under the
    # EEA agreement (forskrift uten fast bopel § 1a, from 2025-03-07).
    eea_right_of_residence: EeaRightOfResidence | None = None

    _municipality = field_validator("settlement_municipality")(_check_municipality)
    _dates = field_validator("permit_date", mode="before")(_plain_date)


class Health(_Section):
    substance_use: bool | None = None
    mental_illness: bool | None = None
    needs_health_care_services: bool | None = None
    needs_long_term_coordinated_services: bool | None = None
    consents_to_individual_plan: bool | None = None
    needs_specialist_treatment: bool | None = None
    in_specialist_institution: bool | None = None
    discharge_date: dt.date | None = None

    _dates = field_validator("discharge_date", mode="before")(_plain_date)


class Disability(_Section):
    function_permanently_reduced: bool | None = None
    needs_assistive_devices: bool | None = None


class Household(_Section):
    children: int | None = Field(None, ge=0, le=30)


class Expected(_Section):
    """What the test suite expects for an example case (``cases/*.yaml`` only)."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=False)
    description: str | None = None
    findings: list[str] | None = None
    includes: list[str] | None = None
    excludes: list[str] | None = None
    until: dict[str, dt.date] | None = None
    starts: dict[str, dt.date] | None = None
    responsible_municipality: dict[str, str] | None = None
    discretion: list[str] | None = None  # findings that must carry a discretion text
    open_questions: list[str] | None = None


SECTION_NAMES = frozenset(
    {"person", "housing", "tenancy", "economy", "work", "child_welfare", "criminal_justice", "immigration", "health", "disability", "household"}
)


class Case(_Section):
    """A case file (contract version 1): the facts of one person's situation; an absent field is unknown."""

    id: Annotated[str, StringConstraints(pattern=CASE_ID_PATTERN, max_length=CASE_ID_MAX)]
    assessment_date: dt.date | None = None
    person: Person = Person()
    housing: Housing = Housing()
    tenancy: Tenancy = Tenancy()
    economy: Economy = Economy()
    work: Work = Work()
    child_welfare: ChildWelfare = ChildWelfare()
    criminal_justice: CriminalJustice = CriminalJustice()
    immigration: Immigration = Immigration()
    health: Health = Health()
    disability: Disability = Disability()
    household: Household = Household()
    expected: Expected | None = None

    _dates = field_validator("assessment_date", mode="before")(_plain_date)

    @field_validator("id")
    @classmethod
    def _no_national_id(cls, value: str) -> str:
        """A case id names report files and appears in every output: it must not hold a national id."""
        if any(part in (".", "..") for part in value.split("/")):
            raise ValueError("a part of a case id between '/' must not be '.' or '..'")
        if contains_national_id(value):
            raise ValueError("a case id must not contain a national id (fødselsnummer or D-nummer): the id appears in every output and report file name")
        return value

    @model_validator(mode="before")
    @classmethod
    def _empty_sections(cls, data: Any) -> Any:
        """An empty section (``person:`` with nothing under it) means nothing is known."""
        if isinstance(data, dict):
            return {k: ({} if v is None and k in SECTION_NAMES else v) for k, v in data.items()}
        return data

    # Where the case came from (file, and a function giving the line of a field path).
    _source: str | None = PrivateAttr(default=None)
    _locator: Callable[[tuple[str, ...]], tuple[int | None, int | None]] | None = PrivateAttr(default=None)

    def locate(self, path: str) -> tuple[str | None, int | None]:
        """File and line of a dotted field path (or of its nearest parent)."""
        if self._locator is None:
            return self._source, None
        return self._source, self._locator(tuple(path.split(".")))[0]


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
