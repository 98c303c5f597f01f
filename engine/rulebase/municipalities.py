"""Municipality names by number and day (``rules/municipalities.yaml``, from SSB's KLASS 131).

A kommunenummer names a municipality only for the days SSB's classification gives it: the
numbers changed on 2020-01-01 and again on 2024-01-01, and names change (Sami and Kven
parallel names added). The name shown for a number is the one valid on the day assessed; a
number that has no name on that day (not yet or no longer in use, or a day the file does not
cover) is shown alone. The file is optional: a rule folder without it shows bare numbers.

Validity as everywhere in the rule base: ``from`` inclusive, ``until`` exclusive.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

FILE = "municipalities.yaml"

Number = Annotated[str, StringConstraints(pattern=r"^[0-9]{4}$")]
_NONE: Mapping[str, str] = MappingProxyType({})


class NamePeriod(BaseModel):
    """The names of the municipalities for one stretch of days (one version of KLASS 131)."""

    # (defer_build: only a rule base that is read, not the cached one, validates these)
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True)

    start: dt.date = Field(alias="from")
    until: dt.date | None = None
    names: dict[Number, Annotated[str, StringConstraints(min_length=1, max_length=80)]]

    @model_validator(mode="after")
    def _ordered(self) -> NamePeriod:
        if self.until is not None and self.until <= self.start:
            raise ValueError("until must be after from")
        return self


class MunicipalitiesFile(BaseModel):
    """``municipalities.yaml``: periods in date order that do not overlap."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    periods: list[NamePeriod]

    @model_validator(mode="after")
    def _no_overlap(self) -> MunicipalitiesFile:
        for before, after in zip(self.periods, self.periods[1:], strict=False):
            if before.until is None or before.until > after.start:
                raise ValueError(f"the period from {after.start} overlaps the one before it (periods in date order, each ended by until)")
        return self


@dataclass(frozen=True)
class MunicipalityNames:
    """Name lookup: one dict per period, found by the day (a bisect), then the number."""

    starts: tuple[dt.date, ...] = ()
    untils: tuple[dt.date | None, ...] = ()
    tables: tuple[Mapping[str, str], ...] = ()

    @classmethod
    def from_file(cls, parsed: MunicipalitiesFile) -> MunicipalityNames:
        return cls(
            starts=tuple(p.start for p in parsed.periods),
            untils=tuple(p.until for p in parsed.periods),
            tables=tuple(dict(p.names) for p in parsed.periods),
        )

    def on(self, day: dt.date) -> Mapping[str, str]:
        """The names valid on ``day`` (number → name); empty when no period covers the day."""
        index = bisect.bisect_right(self.starts, day) - 1
        if index < 0:
            return _NONE
        until = self.untils[index]
        if until is not None and day >= until:
            return _NONE
        return self.tables[index]

    def name(self, number: str | None, day: dt.date) -> str | None:
        """The name SSB gives ``number`` on ``day``, or None when it has none that day."""
        return None if number is None else self.on(day).get(number)

    def valid_on(self, number: str) -> list[tuple[dt.date, dt.date | None, str]]:
        """Every period in which ``number`` has a name: (from, until, name), in date order."""
        return [(start, until, table[number]) for start, until, table in zip(self.starts, self.untils, self.tables, strict=True) if number in table]
