"""The kinds of value a case field can hold, and the checks each kind makes.

A fact's kind is declared in ``facts.yaml`` (``type:``); the case sections generated from it
(``hjemmel.cases.sections``) use these types and checks. Types are strict: a yes/no field
takes only true or false (not ``1``, ``"yes"`` or ``"on"``), a number field only a whole
number (not ``true``), and a date only a date — ``YYYY-MM-DD`` text or a YAML date, never
with a time or time zone.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Annotated, Any, ClassVar

from pydantic import BaseModel, ConfigDict, PrivateAttr, StringConstraints, field_validator, model_validator
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


class Section(BaseModel):
    """A section of a case file (``person``, ``housing`` …): frozen, strict, no unknown fields."""

    # (defer_build: the validator of a case is built on first use, as one; not one per section
    # and base class at import)
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, defer_build=True)


_DATE_TEXT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def plain_date(value: Any) -> Any:
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


def check_municipality(value: str | None) -> str | None:
    """A kommunenummer: four digits whose first two are a county code."""
    if value is not None and value[:2] not in COUNTY_CODES:
        raise ValueError(f"'{value}' is not a Norwegian kommunenummer: no county has the code '{value[:2]}'")
    return value


def check_national_id(value: str | None) -> str | None:
    """A fødselsnummer or D-nummer: 11 digits with valid check digits."""
    if value is not None:
        validate_national_id(value)
    return value


class Expected(Section):
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


class CaseBase(Section):
    """What a case file has besides its sections: the id, the assessment date, where it came from."""

    # The names of the sections: every field of the (generated) subclass but these three.
    SECTION_NAMES: ClassVar[frozenset[str]] = frozenset()

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        cls.SECTION_NAMES = frozenset(name for name in cls.model_fields if name not in ("id", "assessment_date", "expected"))

    id: Annotated[str, StringConstraints(pattern=CASE_ID_PATTERN, max_length=CASE_ID_MAX)]
    assessment_date: dt.date | None = None

    _dates = field_validator("assessment_date", mode="before")(plain_date)

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
            sections = cls.SECTION_NAMES
            return {k: ({} if v is None and k in sections else v) for k, v in data.items()}
        return data

    # Where the case came from (file, and a function giving the line of a field path).
    _source: str | None = PrivateAttr(default=None)
    _locator: Callable[[tuple[str, ...]], tuple[int | None, int | None]] | None = PrivateAttr(default=None)

    def locate(self, path: str) -> tuple[str | None, int | None]:
        """File and line of a dotted field path (or of its nearest parent)."""
        if self._locator is None:
            return self._source, None
        return self._source, self._locator(tuple(path.split(".")))[0]
