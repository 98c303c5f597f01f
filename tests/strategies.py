"""Hypothesis strategies for realistic random cases and assessment dates."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hjemmel.cases.model import fact_fields
from hypothesis import strategies as st

from .witness import candidates

# Days around every legal boundary the rule base knows, plus ordinary days.
INTERESTING_DAYS = [
    dt.date(y, m, d)
    for (y, m, d) in [
        (2008, 2, 1), (2009, 12, 31), (2010, 1, 1), (2011, 12, 31), (2012, 1, 1), (2020, 6, 1),
        (2020, 12, 31), (2021, 1, 1), (2022, 12, 31), (2023, 1, 1), (2023, 6, 30), (2023, 7, 1),
        (2024, 8, 31), (2024, 9, 1), (2025, 10, 1),
    ]
]  # fmt: skip

FIELDS = [p for p in fact_fields() if not p.endswith("national_id")]


@st.composite
def days(draw: st.DrawFn) -> dt.date:
    return draw(st.one_of(st.sampled_from(INTERESTING_DAYS), st.dates(dt.date(2005, 1, 1), dt.date(2026, 12, 31))))


@st.composite
def case_dicts(draw: st.DrawFn, day: dt.date) -> dict[str, Any]:
    """A case dict with a random subset of facts (absent = unknown)."""
    data: dict[str, Any] = {"id": "h-" + str(draw(st.integers(0, 10**6)))}
    chosen = draw(st.lists(st.sampled_from(FIELDS), unique=True, max_size=14))
    for path in chosen:
        options = candidates(path, day)
        if not options:
            continue
        section, name = path.split(".", 1)
        if path == "person.age" and "birth_date" in data.get("person", {}):
            continue
        if path == "person.birth_date" and "age" in data.get("person", {}):
            continue
        data.setdefault(section, {})[name] = draw(st.sampled_from(options))
    return data
