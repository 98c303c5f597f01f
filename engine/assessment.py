"""The assessment: the JSON contract ``hjemmel/assessment-v1`` (see docs/contract.md).

The contract's fields come first and keep their names and meaning. hjemmel adds a few
optional, clearly named fields that reports need (display names, summaries, reasons in
words, uncertainty), so that a report is a pure function of the assessment.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any, Literal, cast, get_args

import orjson
from hjemmel.languages import Language
from pydantic import BaseModel, ConfigDict, Field

# (pydantic reads TypedDicts from typing_extensions only on Python 3.11: the output schemas need it)
from typing_extensions import TypedDict

SCHEMA = "hjemmel/assessment-v1"

# The kinds of finding, most binding first (the order findings of one section are listed in).
FindingKind = Literal["duty", "right", "responsibility", "power", "soft"]
FINDING_KINDS: tuple[FindingKind, ...] = get_args(FindingKind)
KIND_ORDER: dict[str, int] = {kind: i for i, kind in enumerate(FINDING_KINDS)}
NoteKind = Literal["date_defaulted", "excluded", "law_change", "uncertain_source", "system_duty", "info"]
DeadlineKind = Literal["last_day", "starts", "release", "eviction", "discharge", "temporary_3_months", "law_change"]
RankEffect = Literal["add", "remove", "date"]


class _Model(BaseModel):
    # Built on first validation (defer_build): the JSON paths (batch, assess --format json, the API)
    # write the plain data and never build these validators.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Ruleset(_Model):
    version: str
    digest: str


class Because(_Model):
    fact: str
    value: Any


class Quote(_Model):
    """A sentence of the statute a finding rests on, with its paragraph (ledd) and the official
    text it was read from (Lovdata's open data set: ``ref_id``, the text's date ``as_of`` and a
    ``sha256`` of the quote; all None for a repealed act quoted from other sources)."""

    paragraph: str
    quote: str
    citation: str = ""
    ref_id: str | None = None
    as_of: str | None = None
    sha256: str | None = None


class Finding(_Model):
    """One actor's duty, right, power, soft duty or responsibility under one rule, with the facts it rests on."""

    rule: str
    actor: str
    law: str
    section: str
    kind: FindingKind
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
    # SSB's name of that municipality on the day assessed (KLASS 131), null when unknown then
    responsible_municipality_name: str | None = None
    uncertain: bool = False
    source_note: str | None = None
    note: str | None = None
    statute_text: list[Quote] = Field(default_factory=list)
    # the first day the finding applies, when a case date sets it (e.g. the day of release)
    starts: dt.date | None = None
    # the outcome turns on the caseworker's judgment: what it turns on (report language), else null
    discretion: str | None = None


class RankBasis(_Model):
    """One finding an answer could add or remove: its kind's weight over the answers it still needs."""

    rule: str
    effect: RankEffect
    kind: FindingKind
    weight: int
    missing: int


class Rank(_Model):
    """How decisive an answer is: the sum of weight/missing over ``basis`` (see hjemmel.explain.ranking)."""

    score: float = 0.0
    basis: list[RankBasis] = Field(default_factory=list)


class OpenQuestion(_Model):
    """An unknown fact whose answer could add findings (``could_add``) or set some aside (``could_remove``)."""

    fact: str
    question: str
    could_add: list[str]
    # hjemmel addition: rules that the answer could rule out (exceptions such as scope limits)
    could_remove: list[str] = Field(default_factory=list)
    rank: Rank = Field(default_factory=Rank)


class ConditionCheck(_Model):
    """One condition of a rule on one date: the fact, the test, the case's value and whether it holds.

    ``fact`` is None for a compound condition (``any``/``all``, listed in ``parts``) and for a
    derived fact (``derived`` names it; ``parts`` are the conditions that derive it).
    """

    fact: str | None
    test: Any
    value: Any
    holds: bool | None
    text: str = ""
    derived: str | None = None
    parts: list[ConditionCheck] = Field(default_factory=list)


class NearMiss(_Model):
    """A rule in force that fails on a single condition (all its other conditions hold)."""

    rule: str
    actor: str
    law: str
    section: str
    kind: FindingKind
    title: str
    legal_basis: str
    condition: ConditionCheck


class Note(_Model):
    kind: NoteKind
    text: str
    rule: str | None = None


class Deadline(_Model):
    """A date that matters to the person (hjemmel addition)."""

    date: dt.date
    kind: DeadlineKind
    text: str
    rule: str | None = None


class Projected(_Model):
    """A fact the assessment date changed from the case as written: a scheduled event that has
    happened by then (from its day), or a fact recorded later that is unknown then (``from``
    null); ``value`` null means unknown."""

    fact: str
    value: bool | int | str | None
    from_: dt.date | None = Field(alias="from")
    because: str


class Receipt(_Model):
    """What produced an assessment, for an audit: the program, the rule base, a digest of the
    case as read (``sha256:<hex>`` of its canonical JSON, see docs/contract.md), the day
    assessed and the language. No clock time: the same input gives the same receipt."""

    program: str
    rules: Ruleset
    input: str
    date: dt.date
    lang: Language


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
    language: Language = "nb"
    facts: dict[str, Any] = Field(default_factory=dict)
    # the names, on the assessment date, of the municipality numbers among the facts
    municipality_names: dict[str, str] = Field(default_factory=dict)
    system_duties: list[Finding] = Field(default_factory=list)
    deadlines: list[Deadline] = Field(default_factory=list)
    rule_titles: dict[str, str] = Field(default_factory=dict)  # titles of rules named only by id
    near_misses: list[NearMiss] = Field(default_factory=list)
    projected: list[Projected] = Field(default_factory=list)  # facts moved to the assessment date
    receipt: Receipt | None = None  # always written by hjemmel; optional for older assessments

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True)

    def to_json_dict(self) -> dict[str, Any]:
        """The contract JSON as plain data (dates as ISO strings)."""
        return self.model_dump(mode="json", by_alias=True)


# --- the same assessment as plain data ------------------------------------------------------
# The explanation builds these dicts (fast: no validation per case); ``Assessment`` validates
# them, and the batch writes them with ``contract_json`` without building the model. Keys and
# their order are the models' above; a test checks that the two stay identical.


class RulesetData(TypedDict):
    version: str
    digest: str


class BecauseData(TypedDict):
    fact: str
    value: object


class QuoteData(TypedDict):
    paragraph: str
    quote: str
    citation: str
    ref_id: str | None
    as_of: str | None
    sha256: str | None


class FindingData(TypedDict):
    rule: str
    actor: str
    law: str
    section: str
    kind: FindingKind
    title: str
    because: list[BecauseData]
    until: dt.date | None
    appeal_to: str | None
    source: str
    summary: str
    actor_name: str
    law_name: str
    appeal_name: str | None
    legal_basis: str
    responsible_municipality: str | None
    responsible_municipality_name: str | None
    uncertain: bool
    source_note: str | None
    note: str | None
    statute_text: list[QuoteData]
    starts: dt.date | None
    discretion: str | None


class LeanFindingData(TypedDict):
    """A finding without its report-only texts, as ``batch`` and ``impact`` write it by default."""

    rule: str
    actor: str
    law: str
    section: str
    kind: FindingKind
    title: str
    because: list[BecauseData]
    until: dt.date | None
    appeal_to: str | None
    source: str
    responsible_municipality: str | None
    uncertain: bool
    starts: dt.date | None
    discretion: str | None


class RankBasisData(TypedDict):
    rule: str
    effect: RankEffect
    kind: FindingKind
    weight: int
    missing: int


class RankData(TypedDict):
    score: float
    basis: list[RankBasisData]


class OpenQuestionData(TypedDict):
    fact: str
    question: str
    could_add: list[str]
    could_remove: list[str]
    rank: RankData


class ConditionCheckData(TypedDict):
    fact: str | None
    test: object
    value: object
    holds: bool | None
    text: str
    derived: str | None
    parts: list[ConditionCheckData]


class NearMissData(TypedDict):
    rule: str
    actor: str
    law: str
    section: str
    kind: FindingKind
    title: str
    legal_basis: str
    condition: ConditionCheckData


class NoteData(TypedDict):
    kind: NoteKind
    text: str
    rule: str | None


class DeadlineData(TypedDict):
    date: dt.date
    kind: DeadlineKind
    text: str
    rule: str | None


ProjectedData = TypedDict("ProjectedData", {"fact": str, "value": "bool | int | str | None", "from": "dt.date | None", "because": str})


class ReceiptData(TypedDict):
    program: str
    rules: RulesetData
    input: str
    date: dt.date
    lang: Language


class AssessmentData(TypedDict):
    schema: str
    case_id: str
    assessment_date: dt.date
    ruleset: RulesetData
    findings: list[FindingData]
    open_questions: list[OpenQuestionData]
    notes: list[NoteData]
    language: Language
    facts: dict[str, object]
    municipality_names: dict[str, str]
    system_duties: list[FindingData]
    deadlines: list[DeadlineData]
    rule_titles: dict[str, str]
    near_misses: list[NearMissData]
    projected: list[ProjectedData]
    receipt: ReceiptData


# Report-only additions: what a report needs beyond the contract (texts in the report's
# language, the facts as given, dates to watch). ``batch`` writes them with ``--full`` only;
# its default line is the contract with the small additions an analyst counts on
# (``uncertain``, ``responsible_municipality``, ``could_remove``, ``discretion``).
REPORT_ONLY = frozenset({"language", "facts", "municipality_names", "system_duties", "deadlines", "rule_titles"})
REPORT_ONLY_FINDING = frozenset(FindingData.__annotations__).difference(LeanFindingData.__annotations__)


def lean_finding(finding: Mapping[str, Any]) -> LeanFindingData:
    """A finding without its report-only texts (every contract field kept, in order)."""
    return cast(LeanFindingData, {key: value for key, value in finding.items() if key not in REPORT_ONLY_FINDING})


def lean(data: Mapping[str, Any]) -> dict[str, Any]:
    """An assessment without the report-only additions: the batch's default line."""
    out = {key: value for key, value in data.items() if key not in REPORT_ONLY}
    out["findings"] = [lean_finding(f) for f in data["findings"]]
    return out


def contract_json(data: Mapping[str, object]) -> str:
    """The contract JSON of plain data (``AssessmentData``): byte-identical to the model's, without building it.

    Compact UTF-8 JSON (no spaces after separators), written by orjson; keys keep their
    order, dates are ``YYYY-MM-DD``. A value orjson cannot write (an integer beyond 64 bits)
    falls back to the standard library in the same compact form.
    """
    try:
        return orjson.dumps(data).decode()
    except TypeError:
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=_json_default)


def contract_text(data: Mapping[str, object]) -> str:
    """The contract JSON as ``hjemmel assess --format json`` prints it (two-space indent, a final
    newline), from plain data: byte-identical to the model's rendering without building it."""
    try:
        return orjson.dumps(data, option=orjson.OPT_INDENT_2).decode() + "\n"
    except TypeError:
        return json.dumps(data, ensure_ascii=False, indent=2, default=_json_default) + "\n"


def _json_default(value: object) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"not JSON: {value!r}")
