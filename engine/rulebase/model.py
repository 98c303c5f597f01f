"""The rule-base model: laws, actors and rules, as written in ``rules/*.yaml``.

Validity convention (used everywhere): ``in_force.from`` is the first day in force
(inclusive) and ``in_force.until`` is the first day *no longer* in force (exclusive).
A missing ``until`` means still in force as far as we know.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from hjemmel.assessment import FINDING_KINDS, FindingKind
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

RuleKind = Literal[FindingKind, "derived", "exclusion"]
Verification = Literal["confirmed", "unverified", "uncertain"]

RuleId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9.\-]*[a-z0-9]$", max_length=80)]
Name = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9\-]*$", max_length=60)]


class _Model(BaseModel):
    # Built on first validation (defer_build): a start with the cached rule base unpickles rules and never
    # validates one, so it does not pay for building these validators.
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True)


class Text(_Model):
    """A text a user sees, in bokmål, nynorsk and English.

    ``nn`` may be left out while a text is being written; the bokmål text is then shown and
    the test suite (``tests/test_nynorsk.py``) fails until it is added.
    """

    nb: str = Field(min_length=1)
    nn: str | None = Field(None, min_length=1)
    en: str = Field(min_length=1)

    def get(self, lang: str) -> str:
        if lang == "en":
            return self.en
        if lang == "nn" and self.nn is not None:
            return self.nn
        return self.nb


class Discretion(_Model):
    """What the caseworker's judgment turns on, when the outcome is not settled by the facts.

    Marks a rule whose finding must be assessed by the caseworker ("i særlige tilfeller",
    "åpenbart urimelig", "i god tid", what is "egnet" …): the report shows it as "must be
    assessed" with this text, never as a plain yes. ``nn`` is optional (nynorsk, bokmål
    otherwise).
    """

    nb: str = Field(min_length=1)
    en: str = Field(min_length=1)
    nn: str | None = Field(None, min_length=1)

    def get(self, lang: str) -> str:
        if lang == "en":
            return self.en
        if lang == "nn" and self.nn:
            return self.nn
        return self.nb


class Period(_Model):
    """Half-open validity: ``from`` inclusive, ``until`` exclusive (the first day not in force)."""

    start: dt.date | None = Field(None, alias="from")
    until: dt.date | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.start and self.until and self.until <= self.start:
            raise ValueError(f"'until' ({self.until}) must be after 'from' ({self.start})")
        return self

    def contains(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.until is None or day < self.until)

    def last_day(self) -> dt.date | None:
        return self.until - dt.timedelta(days=1) if self.until else None


class Source(_Model):
    """Where the rule comes from, and how sure we are of it.

    ``lovdata``, ``section`` and ``url`` may be left out: the loader then takes the law's
    Lovdata id (``laws.yaml``), cites ``§ <section>`` and links ``<law url>/§<section>``.
    """

    lovdata: str = Field("", description="Lovdata id, e.g. LOV-2009-12-18-131 (default: the law's)")
    section: str = Field("", description="as cited, e.g. '§ 27' or '§ 3-6 første ledd' (default: '§ <section>')")
    url: str = Field("", description="link to the provision (default: the law's URL + '/§<section>')")
    status: Verification = "confirmed"
    evidence: list[str] = Field(default_factory=list, description="URLs or citations checked")
    note: Text | str | None = Field(None, description="{nb, en}, or one text (then English) for both")

    def note_in(self, lang: str) -> tuple[str | None, bool]:
        """The source note in ``lang`` and whether it is in that language."""
        if self.note is None or isinstance(self.note, Text):
            return (self.note.get(lang) if self.note else None), True
        return self.note, lang == "en"  # a single text is English


class Quote(_Model):
    """The statute's own words that a rule encodes, with the section and paragraph (ledd) they stand in.

    For an instrument with an official text (``official`` in ``laws.yaml``) the quote is a
    verbatim part of that section in the stored excerpt ``rules/sources/<file>`` (Lovdata's
    open data set): whitespace runs count as one space and a Markdown link counts as its text.
    """

    section: str | None = Field(
        None,
        min_length=1,
        max_length=20,
        description="the section the quote stands in, as numbered in the official text, e.g. '7' or '2-1 a' (default: the rule's section)",
    )
    paragraph: str = Field(min_length=1, description="e.g. 'første ledd' or 'annet ledd første punktum'")
    quote: str = Field(min_length=1, description="the statute's wording, quoted exactly (normally bokmål)")


class Until(_Model):
    """How to compute the last day a finding holds, from the case facts."""

    day_before_birthday: int | None = Field(None, ge=1, le=120)
    date_of: str | None = None

    @model_validator(mode="after")
    def _one(self) -> Until:
        if (self.day_before_birthday is None) == (self.date_of is None):
            raise ValueError("give exactly one of 'day_before_birthday' or 'date_of'")
        return self


class Starts(_Model):
    """The first day a finding applies, from a case date (e.g. the day of release)."""

    date_of: str


class Rule(_Model):
    id: RuleId
    law: Name
    actor: Name | None = None
    section: str = Field(min_length=1, max_length=20)
    kind: RuleKind
    title: Text
    summary: Text
    in_force: Period
    when: Any = None
    derives: Name | None = None
    overrides: tuple[RuleId, ...] = ()
    scope: tuple[Name, ...] = Field((), description="named scope limits that apply to this rule (e.g. bolsosl-2)")
    overrides_scope: Name | None = Field(None, description="an exclusion that sets aside every rule in this named scope")
    appeal_to: Name | None = None
    until: Until | None = None
    starts: Starts | None = Field(None, description="the finding applies from this case date (a start, not a deadline)")
    responsible_municipality: str | None = Field(None, description="fact path naming the responsible municipality (kommunenummer)")
    system: bool = False
    encoded: bool = True
    reason_not_encoded: str | None = None
    source: Source
    text: tuple[Quote, ...] = Field((), description="the statute's wording this rule encodes")
    note: Text | None = None
    discretion: Discretion | None = Field(None, description="the outcome turns on the caseworker's judgment: what it turns on")

    @field_validator("section")
    @classmethod
    def _section(cls, value: str) -> str:
        if value.startswith("§") or " " in value:
            raise ValueError('write the section number alone, e.g. "27" or "3-6"')
        return value

    @model_validator(mode="after")
    def _consistent(self) -> Rule:
        if self.encoded and not self.system and self.when is None:
            raise ValueError("an encoded rule needs a 'when' condition (or system: true)")
        if not self.encoded and not self.reason_not_encoded:
            raise ValueError("a rule with encoded: false needs 'reason_not_encoded'")
        if self.kind == "derived" and not self.derives:
            raise ValueError("a derived rule needs 'derives: <name>'")
        if self.kind != "derived" and self.derives:
            raise ValueError("only kind: derived may have 'derives'")
        if self.kind == "exclusion" and not self.overrides and not self.overrides_scope:
            raise ValueError("an exclusion needs 'overrides: [rule ids]' or 'overrides_scope: <scope>'")
        if self.overrides_scope and self.kind != "exclusion":
            raise ValueError("only kind: exclusion may have 'overrides_scope'")
        if self.kind in FINDING_KINDS and self.actor is None:
            raise ValueError(f"a rule of kind '{self.kind}' needs an 'actor'")
        return self

    @property
    def is_finding(self) -> bool:
        """Whether the rule gives a finding (a duty, right, power, soft duty or responsibility)."""
        return self.kind in FINDING_KINDS

    @property
    def finding_kind(self) -> FindingKind:
        """The kind of finding this rule gives (only for rules that give one)."""
        kind = self.kind
        if kind == "derived" or kind == "exclusion":
            raise ValueError(f"rule {self.id} gives no finding")
        return kind

    @property
    def evaluable(self) -> bool:
        """Rules that take part in evaluating a case (not system duties, not omitted ones)."""
        return self.encoded and not self.system and self.when is not None


class ActorName(_Model):
    # (``model_construct``: the same empty period as ``Period()``, without building Period's
    # validator when this module is imported)
    period: Period = Period.model_construct()
    name: Text


class Actor(_Model):
    id: Name
    names: tuple[ActorName, ...] = Field(min_length=1)
    description: Text

    def name(self, on: dt.date, lang: str) -> str:
        for entry in self.names:
            if entry.period.contains(on):
                return entry.name.get(lang)
        return self.names[-1].name.get(lang)


class Official(_Model):
    """Where the official consolidated text of an instrument was read.

    The values are copied from the front matter of the instrument's file in Lovdata's open
    data set of current laws and central regulations (NLOD 2.0); an excerpt with the sections
    the rules quote is kept in ``rules/sources/<file>``.
    """

    ref_id: str = Field(
        pattern=r"^(lov|forskrift)/\d{4}-\d{2}-\d{2}(-\d+)?$", description="e.g. 'lov/2022-12-20-121' (an old act may have no number: 'lov/1967-02-10')"
    )
    file: str = Field(pattern=r"^(lover|forskrifter)/[^/]+\.md$", description="the file in the data set, e.g. 'lover/boligsosialloven.md'")
    last_change_in_force: str | None = Field(None, description="the data set's last_change_in_force (YYYY-MM-DD or null)")
    retrieved_at: str = Field(description="the data set's retrieved_at")


class Law(_Model):
    id: Name
    name: Text
    short: Text
    lovdata: str
    url: str
    in_force: Period
    status: Verification = "confirmed"
    evidence: list[str] = Field(default_factory=list)
    note: str | None = None
    official: Official | None = Field(None, description="the official text this instrument's rules are checked against")


class RuleFile(_Model):
    law: Name
    rules: list[Rule]


class ActorsFile(_Model):
    actors: list[Actor]


class LawsFile(_Model):
    laws: list[Law]
