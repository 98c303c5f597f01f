"""Realistic synthetic case files (made-up persons only) covering every rule area."""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Iterator
from typing import Any

MUNICIPALITIES = ["0301", "4601", "5001", "1103", "1804", "3201", "3403", "4204", "1506", "5501"]
DAYS = [dt.date(2008, 2, 1), dt.date(2015, 5, 5), dt.date(2020, 6, 1), dt.date(2022, 6, 1), dt.date(2023, 6, 30),
        dt.date(2023, 7, 1), dt.date(2024, 3, 1), dt.date(2025, 10, 1)]  # fmt: skip


def _maybe(rng: random.Random, p: float = 0.7) -> bool:
    return rng.random() < p


def synthetic_case(rng: random.Random, number: int) -> dict[str, Any]:
    day = rng.choice(DAYS) + dt.timedelta(days=rng.randint(0, 60))
    age = rng.randint(16, 80)
    birth = day - dt.timedelta(days=age * 365 + rng.randint(10, 300))
    case: dict[str, Any] = {"id": f"syn-{number:07d}", "assessment_date": day.isoformat()}
    person: dict[str, Any] = {"birth_date": birth.isoformat(), "municipality": rng.choice(MUNICIPALITIES)}
    if _maybe(rng, 0.3):
        person["lawful_stay"] = _maybe(rng, 0.9)
    case["person"] = person
    area = rng.choice(["homeless", "aftercare", "prison", "eviction", "refugee", "health", "plain"])
    housing: dict[str, Any] = {}
    if area == "homeless":
        housing = {"situation": rng.choice(["homeless", "with_family_or_friends", "temporary_accommodation"]),
                   "no_place_to_stay_next_24h": _maybe(rng), "cannot_manage_housing_market": _maybe(rng),
                   "requested_assistance": _maybe(rng, 0.5)}  # fmt: skip
        if housing["situation"] == "temporary_accommodation":
            housing["temporary_accommodation_since"] = (day - dt.timedelta(days=rng.randint(5, 300))).isoformat()
        case["economy"] = {"can_support_self": _maybe(rng, 0.3)}
    elif area == "aftercare":
        age = rng.randint(16, 26)
        case["person"]["birth_date"] = (day - dt.timedelta(days=age * 365 + rng.randint(10, 300))).isoformat()
        case["child_welfare"] = {"measures_before_18": True, "consents_to_aftercare": _maybe(rng, 0.8),
                                 "needs_support_transition": _maybe(rng, 0.8), "currently_receives_measures": _maybe(rng, 0.5)}  # fmt: skip
        housing = {"cannot_manage_housing_market": _maybe(rng, 0.5)}
    elif area == "prison":
        case["criminal_justice"] = {"status": "serving", "release_date": (day + dt.timedelta(days=rng.randint(1, 120))).isoformat(),
                                    "home_municipality": rng.choice(MUNICIPALITIES), "home_after_release": _maybe(rng, 0.4)}  # fmt: skip
        housing = {"situation": "prison"}
    elif area == "eviction":
        case["tenancy"] = {"eviction_stage": rng.choice(["warning", "petition", "scheduled"]), "rent_arrears": True,
                           "eviction_date": (day + dt.timedelta(days=rng.randint(5, 60))).isoformat()}  # fmt: skip
        case["economy"] = {"can_support_self": _maybe(rng, 0.5), "debt_problems": _maybe(rng)}
        housing = {"situation": "rental", "cannot_manage_housing_market": _maybe(rng, 0.6)}
        case["household"] = {"children": rng.randint(0, 3)}
    elif area == "refugee":
        case["immigration"] = {"status": rng.choice(["refugee", "asylum_seeker", "collective_protection"]),
                               "in_reception_centre": _maybe(rng, 0.5), "settled": _maybe(rng, 0.5),
                               "settlement_municipality": rng.choice(MUNICIPALITIES), "integration_grant_period": _maybe(rng)}  # fmt: skip
        housing = {"cannot_manage_housing_market": _maybe(rng, 0.6)}
    elif area == "health":
        case["health"] = {"substance_use": _maybe(rng, 0.5), "needs_long_term_coordinated_services": _maybe(rng),
                          "consents_to_individual_plan": _maybe(rng), "needs_specialist_treatment": _maybe(rng, 0.4)}  # fmt: skip
        case["work"] = {"substantially_reduced_work_capacity": _maybe(rng, 0.5), "no_or_limited_benefits": _maybe(rng, 0.5)}
        housing = {"situation": rng.choice(["institution", "rental", "own_home"]), "municipality_before_admission": rng.choice(MUNICIPALITIES),
                   "needs_adapted_home": _maybe(rng, 0.5), "cannot_manage_housing_market": _maybe(rng, 0.5)}  # fmt: skip
        case["disability"] = {"function_permanently_reduced": _maybe(rng, 0.3), "needs_assistive_devices": _maybe(rng, 0.3)}
    if housing:
        case["housing"] = housing
    return case


def synthetic_cases(count: int, seed: int = 20261124) -> Iterator[dict[str, Any]]:
    rng = random.Random(seed)
    for number in range(count):
        yield synthetic_case(rng, number)


def write_jsonl(path: Any, count: int, seed: int = 20261124) -> None:
    with open(path, "w", encoding="utf-8") as out:
        for case in synthetic_cases(count, seed):
            out.write(json.dumps(case, ensure_ascii=False) + "\n")
