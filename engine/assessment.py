"""The assessment: the JSON contract ``hjemmel/assessment-v1`` (see design.md).

The contract's fields come first and keep their names and meaning. hjemmel adds a few
optional, clearly named fields that reports need (display names, summaries, reasons in
words, uncertainty), so that a report is a pure function of the assessment.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA = "hjemmel/assessment-v1"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Ruleset(_Model):
    version: str
    digest: str


class Because(_Model):
    fact: str
    value: Any


class Finding(_Model):
    """One actor's duty, right, power, soft duty or responsibility under one rule, with the facts it rests on."""

    rule: str
    actor: str
    law: str
    section: str
    kind: Literal["duty", "right", "power", "soft", "responsibility"]
    title: str
    because: list[Because]
    until: dt.date | None
    appeal_to: str | None
    source: str
    # hjemmel additions (optional for consumers of the contract)
    summary: str = ""
    actor_name: str = ""
    law_name: str = ""
    appeal_name: str | None = None
    legal_basis: str = ""
    responsible_municipality: str | None = None
    uncertain: bool = False
    source_note: str | None = None
    note: str | None = None


class OpenQuestion(_Model):
    """An unknown fact whose answer could add findings (``could_add``) or set some aside (``could_remove``)."""

    fact: str
    question: str
    could_add: list[str]
    # hjemmel addition: rules that the answer could rule out (exceptions such as scope limits)
    could_remove: list[str] = Field(default_factory=list)


class Note(_Model):
    kind: Literal["date_defaulted", "excluded", "law_change", "uncertain_source", "system_duty", "info"]
    text: str
    rule: str | None = None


class Deadline(_Model):
    """A date that matters to the person (hjemmel addition)."""

    date: dt.date
    kind: Literal["last_day", "release", "eviction", "discharge", "temporary_3_months", "law_change"]
    text: str
    rule: str | None = None


class Assessment(_Model):
    """The result of assessing one case on one date: the JSON contract ``hjemmel/assessment-v1``."""

    schema_: str = Field(SCHEMA, alias="schema")
    case_id: str
    assessment_date: dt.date
    ruleset: Ruleset
    findings: list[Finding]
    open_questions: list[OpenQuestion]
    notes: list[Note]
    # hjemmel additions
    language: Literal["nb", "en"] = "nb"
    facts: dict[str, Any] = Field(default_factory=dict)
    system_duties: list[Finding] = Field(default_factory=list)
    deadlines: list[Deadline] = Field(default_factory=list)
    rule_titles: dict[str, str] = Field(default_factory=dict)  # titles of rules named only by id

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    def to_json_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json", by_alias=True)
