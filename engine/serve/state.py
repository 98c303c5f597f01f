"""The interview's state, carried by the page itself (a hidden form field), never stored.

The server keeps nothing between requests: every form of the interview page posts the case
so far (in the case-file shape), the facts answered in this interview in order, the facts
answered "vet ikke", and the findings shown on the page before. The state is untrusted
input like any other: it is validated here, and the case is validated again on every step.

Steps:
- ``answered``: a typed answer (``hjemmel.interview.parse_answer``) that does not contradict
  the other facts is written into the case;
- ``dont_know``: the fact stays unknown and is not asked again;
- ``back``: the last answer is taken out again and its question asked anew, with the old
  answer filled in;
- ``change``: the same for any fact of the case, also one that came from a case file.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

from hjemmel.cases.documents import DuplicateKeyError, unique_object
from hjemmel.cases.facts import catalogue, enum_values
from hjemmel.cases.model import SECTIONS
from hjemmel.interview import AnswerError, Question, answer_kind, flat_facts, parse_answer, with_answer
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .texts import LANGUAGES

_DOTTED_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")


class StateError(ValueError):
    """The posted state cannot be read (tampered with, truncated or from another version)."""


def _known_fact(path: str) -> str:
    if path not in catalogue() or catalogue()[path].computed or path == "person.national_id":
        raise StateError(f"not a fact the interview asks: {path!r}")
    return path


class InterviewState(BaseModel):
    """Everything the interview knows, posted back by each form of the page."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    case: dict[str, Any]
    date: dt.date
    lang: str
    steps: tuple[str, ...] = ()  # facts answered (or "vet ikke") in this interview, in order
    unknown: tuple[str, ...] = ()  # facts answered "vet ikke"
    shown: tuple[str, ...] | None = None  # rule ids of the findings on the page before
    ask: str | None = None  # a fact to ask now (after back or change), instead of the next one
    prefill: str | None = Field(None, max_length=200)  # the old answer to ``ask``

    @field_validator("lang")
    @classmethod
    def _language(cls, value: str) -> str:
        if value not in LANGUAGES:
            raise ValueError(f"unknown language {value!r}")
        return value

    @field_validator("steps", "unknown")
    @classmethod
    def _facts(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(_known_fact(path) for path in value)

    @field_validator("ask")
    @classmethod
    def _ask(cls, value: str | None) -> str | None:
        return None if value is None else _known_fact(value)

    def encode(self) -> str:
        return json.dumps(self.model_dump(mode="json", exclude_defaults=True), ensure_ascii=False, separators=(",", ":"))

    @property
    def case_id(self) -> str:
        return str(self.case.get("id", ""))


def decode(text: str) -> InterviewState:
    """The state posted by a form (raises ``StateError``)."""
    try:
        state = InterviewState.model_validate(json.loads(text, object_pairs_hook=unique_object))
    except DuplicateKeyError as exc:
        raise StateError(f"duplicate key '{exc.key}'") from None
    except ValidationError as exc:
        raise StateError(str(exc)) from None
    except (ValueError, RecursionError) as exc:  # not JSON
        raise StateError(f"invalid JSON: {exc}") from None
    if not isinstance(state.case.get("id"), str):
        raise StateError("the case has no id")
    person = state.case.get("person")
    if isinstance(person, dict) and "national_id" in person:  # the pages never carry it
        state = state.model_copy(update={"case": _without(state.case, "person.national_id")})
    return state


def start(day: dt.date, lang: str, case: dict[str, Any] | None = None) -> InterviewState:
    """A new interview on ``day``: from an empty case, or from the case of a case file.

    Raises ``CaseFileError`` when the case contradicts itself or the date.
    """
    data = dict(case or {})
    data.pop("expected", None)
    data["id"] = data.get("id") or f"intervju-{day:%Y%m%d}"
    data["assessment_date"] = day.isoformat()
    flat_facts(data, day)
    return InterviewState(case=data, date=day, lang=lang)


def question_for(fact: str, lang: str) -> Question:
    """The question that asks ``fact`` (used when the caseworker goes back to it)."""
    info = catalogue()[fact]
    return Question(
        fact=fact,
        kind=answer_kind(fact),
        text=info.question(lang),
        choices=tuple(str(v) for v in enum_values(fact) or ()),
        could_add=(),
        could_remove=(),
        score=0.0,
        inverted=info.inverted,  # asked positively: "yes" sets the fact to false
    )


def parse_date(text: str) -> dt.date | None:
    """A date written as YYYY-MM-DD or as Norwegians write it (DD.MM.YYYY), else None."""
    text = text.strip()
    match = _DOTTED_DATE.match(text)
    try:
        if match:
            return dt.date(int(match[3]), int(match[2]), int(match[1]))
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def answered(state: InterviewState, fact: str, raw: str) -> InterviewState:
    """The state with ``raw`` as the answer to ``fact``.

    Raises ``AnswerError`` for an answer that does not fit the question and
    ``CaseFileError`` for one that contradicts the other facts.
    """
    question = question_for(_known_fact(fact), state.lang)
    text = raw.strip()
    if not text:
        raise AnswerError("svar, eller velg «Vet ikke»" if state.lang != "en" else "answer, or choose “Don't know”")
    if question.kind == "date":
        day = parse_date(text)
        text = day.isoformat() if day else text
    value = parse_answer(question, text, state.lang)
    if isinstance(value, dt.date):
        value = value.isoformat()
    case = with_answer(_without(state.case, fact), fact, value)
    flat_facts(case, state.date)
    return state.model_copy(
        update={"case": case, "steps": (*_drop(state.steps, fact), fact), "unknown": _drop(state.unknown, fact), "ask": None, "prefill": None}
    )


def dont_know(state: InterviewState, fact: str) -> InterviewState:
    """The state with ``fact`` answered "vet ikke" (not asked again)."""
    fact = _known_fact(fact)
    return state.model_copy(
        update={
            "case": _without(state.case, fact),
            "steps": (*_drop(state.steps, fact), fact),
            "unknown": (*_drop(state.unknown, fact), fact),
            "ask": None,
            "prefill": None,
        }
    )


def back(state: InterviewState) -> InterviewState:
    """The state before the last answer, asking that question again."""
    if state.ask is not None and state.ask not in state.steps:
        return state.model_copy(update={"ask": None, "prefill": None})
    if not state.steps:
        return state
    return change(state, state.steps[-1])


def change(state: InterviewState, fact: str) -> InterviewState:
    """The state with ``fact`` taken out of the case, asking it again with the old answer filled in."""
    fact = _known_fact(fact)
    old = lookup(state.case, fact)
    if isinstance(old, bool) and catalogue()[fact].inverted:
        old = not old  # the answer to the positively phrased question
    prefill = None if old is None else (("true" if old else "false") if isinstance(old, bool) else str(old))
    return state.model_copy(
        update={"case": _without(state.case, fact), "steps": _drop(state.steps, fact), "unknown": _drop(state.unknown, fact), "ask": fact, "prefill": prefill}
    )


def lookup(case: dict[str, Any], fact: str) -> Any:
    section, name = fact.split(".", 1)
    values = case.get(section)
    return values.get(name) if isinstance(values, dict) else None


def known_facts(case: dict[str, Any]) -> list[str]:
    """The facts set in ``case``, in the order of the fact catalogue."""
    return [path for path in catalogue() if lookup(case, path) is not None]


def case_file(case: dict[str, Any]) -> dict[str, Any]:
    """The case as a case file holds it: id and date first, then the sections in contract order."""
    out: dict[str, Any] = {key: case[key] for key in ("id", "assessment_date") if key in case}
    for section in SECTIONS:
        if case.get(section):
            out[section] = case[section]
    return out


def _without(case: dict[str, Any], fact: str) -> dict[str, Any]:
    section, name = fact.split(".", 1)
    out = {k: (dict(v) if isinstance(v, dict) else v) for k, v in case.items()}
    values = out.get(section)
    if isinstance(values, dict):
        values.pop(name, None)
        if not values:
            del out[section]
    return out


def _drop(facts: tuple[str, ...], fact: str) -> tuple[str, ...]:
    return tuple(f for f in facts if f != fact)
