"""The sections of a case file: one field per fact declared in ``facts.yaml``.

Generated from ``engine/cases/facts.yaml`` by ``make docs`` (``python -m
hjemmel.cases.declarations --write docs/contract.md``). Do not edit by hand: declare the
fact in ``facts.yaml``; a test and ``hjemmel rules lint`` fail while this file is stale.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, field_validator

from hjemmel.cases.fields import CaseBase, CountryCode, Expected, Municipality, Section, check_municipality, check_national_id, plain_date


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


TenancyEvictionStage = Literal[
    "none",
    "warning",
    "petition",
    "scheduled",
    "executed",
]


CriminalJusticeStatus = Literal[
    "none",
    "remand",
    "serving",
    "released",
]


ImmigrationStatus = Literal[
    "none",
    "asylum_seeker",
    "refugee",
    "collective_protection",
    "resettlement_refugee",
    "family_member",
]


ImmigrationEeaRightOfResidence = Literal[
    "section_111",
    "beyond_section_111",
    "none",
]


class Person(Section):
    birth_date: dt.date | None = None
    age: int | None = Field(None, ge=0, le=130)
    municipality: Municipality | None = None
    citizenship: CountryCode | None = None
    lawful_stay: bool | None = None
    # Bopel i Norge: a connection to Norway, not the same as having a home.
    residence_in_norway: bool | None = None
    national_id: str | None = None

    _dates = field_validator("birth_date", mode="before")(plain_date)
    _municipalities = field_validator("municipality")(check_municipality)
    _national_ids = field_validator("national_id")(check_national_id)


class Housing(Section):
    situation: HousingSituation | None = None
    no_place_to_stay_next_24h: bool | None = None
    cannot_manage_housing_market: bool | None = None
    requested_assistance: bool | None = None
    needs_adapted_home: bool | None = None
    temporary_accommodation_since: dt.date | None = None
    municipal_housing_refused: bool | None = None
    municipality_before_admission: Municipality | None = None

    _dates = field_validator("temporary_accommodation_since", mode="before")(plain_date)
    _municipalities = field_validator("municipality_before_admission")(check_municipality)


class Tenancy(Section):
    eviction_stage: TenancyEvictionStage | None = None
    eviction_date: dt.date | None = None
    rent_arrears: bool | None = None
    dispute_with_landlord: bool | None = None

    _dates = field_validator("eviction_date", mode="before")(plain_date)


class Economy(Section):
    can_support_self: bool | None = None
    debt_problems: bool | None = None
    high_housing_costs_low_income: bool | None = None
    bank_loan_available: bool | None = None
    long_term_financing_problems: bool | None = None


class Work(Section):
    substantially_reduced_work_capacity: bool | None = None
    no_or_limited_benefits: bool | None = None
    # In work, or with a job offer, of at least 30 hours a week (integreringsloven § 8 fourth paragraph,
    # from 2026-01-01).
    job_30_hours_a_week: bool | None = None


class ChildWelfare(Section):
    measures_before_18: bool | None = None
    consents_to_aftercare: bool | None = None
    needs_support_transition: bool | None = None
    currently_receives_measures: bool | None = None
    # Placed in a state (Bufetat) institution or a specialised foster home, whose costs after 18 Bufetat
    # pays (barnevernloven 1992 § 9-4).
    state_placement: bool | None = None
    # Placed outside the home (foster home or institution) by the child welfare service (barnevernloven
    # 1992 § 4-15 concerned placements only).
    placed_outside_home: bool | None = None


class CriminalJustice(Section):
    status: CriminalJusticeStatus | None = None
    release_date: dt.date | None = None
    home_municipality: Municipality | None = None
    # Whether the person has an owned or rented home to go to on release (SSB/regjeringen's "uten egen
    # bolig" test).
    home_after_release: bool | None = None
    # The person wants or is considered for serving outside prison (særlige vilkår / electronic
    # monitoring, straffegjennomføringsloven §§ 16 and 16 a).
    outside_prison_requested: bool | None = None
    # The person has a fixed address (fast bopel) to serve from.
    fixed_address: bool | None = None
    # The municipality where the person will stay after release (the NAV office and the municipality there
    # act on release; sosialtjenesteloven § 3).
    municipality_after_release: Municipality | None = None
    # Released on parole, or being considered for it (straffegjennomføringsloven §§ 42–44).
    parole: bool | None = None
    # Wants or is considered for serving in an institution (straffegjennomføringsloven § 12).
    institution_requested: bool | None = None
    # The inmate consents to the correctional service contacting the services that can help with housing,
    # work or training and coordinating the plans for release (straffegjennomføringsloven § 41: an
    # unconditional duty for inmates under 25 who consent).
    consents_to_release_planning: bool | None = None

    _dates = field_validator("release_date", mode="before")(plain_date)
    _municipalities = field_validator("home_municipality", "municipality_after_release")(check_municipality)


class Immigration(Section):
    status: ImmigrationStatus | None = None
    permit_date: dt.date | None = None
    # The age when the residence permit was granted (integreringsloven § 8 first paragraph); computed from
    # person.birth_date and permit_date when both are known.
    age_at_permit: int | None = Field(None, ge=0, le=130)
    in_reception_centre: bool | None = None
    settled: bool | None = None
    settlement_municipality: Municipality | None = None
    integration_grant_period: bool | None = None
    moved_by_agreement: bool | None = None
    # A person granted a permit who moved out of state accommodation (a reception centre) on their own
    # initiative (forskrift uten fast bopel § 2 second paragraph).
    left_state_accommodation: bool | None = None
    # The basis of an EEA citizen's or family member's lawful stay under the EEA agreement (forskrift uten
    # fast bopel § 1a, from 2025-03-07): only utlendingsloven § 111, a right beyond it (utlendingsloven
    # chapter 13), or no right of residence under the EEA rules.
    eea_right_of_residence: ImmigrationEeaRightOfResidence | None = None

    _dates = field_validator("permit_date", mode="before")(plain_date)
    _municipalities = field_validator("settlement_municipality")(check_municipality)


class Health(Section):
    substance_use: bool | None = None
    mental_illness: bool | None = None
    needs_health_care_services: bool | None = None
    needs_long_term_coordinated_services: bool | None = None
    consents_to_individual_plan: bool | None = None
    needs_specialist_treatment: bool | None = None
    in_specialist_institution: bool | None = None
    discharge_date: dt.date | None = None

    _dates = field_validator("discharge_date", mode="before")(plain_date)


class Disability(Section):
    function_permanently_reduced: bool | None = None
    needs_assistive_devices: bool | None = None


class Household(Section):
    children: int | None = Field(None, ge=0, le=30)


class Case(CaseBase):
    """A case file (contract version 1): the facts of one person's situation; an absent field is unknown."""

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
