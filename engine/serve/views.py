"""What the interview page shows, worked out on the engine thread: the question the engine
chooses (``hjemmel.interview.next_question``), the findings so far with what changed, and
the facts given so far. Plain data for the template.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from hjemmel.assessment import Assessment
from hjemmel.cases.facts import catalogue
from hjemmel.cases.loading import parse_case
from hjemmel.evaluator import Evaluator
from hjemmel.interview import Question, next_question
from hjemmel.reports.i18n import KINDS, VALUES, format_date, format_value

from .state import InterviewState, known_facts, lookup, question_for
from .texts import texts


@dataclass(frozen=True)
class FindingItem:
    rule: str
    actor: str
    title: str
    basis: str
    kind: str
    until: str
    new: bool
    discretion: bool  # the outcome turns on the caseworker's judgment (the report says on what)


@dataclass(frozen=True)
class AnswerItem:
    fact: str
    label: str
    value: str
    from_file: bool


@dataclass(frozen=True)
class Choice:
    value: str
    label: str


@dataclass(frozen=True)
class QuestionView:
    fact: str
    kind: str
    text: str
    number: int
    choices: list[Choice]
    could_add: list[str]
    could_remove: list[str]
    prefill: str
    again: bool  # asked again after "back" or "change"


@dataclass(frozen=True)
class InterviewPage:
    state: InterviewState  # with ``shown`` set to the findings of this page
    question: QuestionView | None
    findings: list[FindingItem]
    removed: list[str]  # titles of findings the last answer took away
    answers: list[AnswerItem]
    unknown: list[AnswerItem]
    changes: str  # the sentence on what the last step changed ("" on the first page)


def _pick(table: dict[str, dict[str, str]], lang: str) -> dict[str, str]:
    return table.get(lang) or table["nb"]


def label(fact: str, lang: str) -> str:
    info = catalogue().get(fact)
    return info.label(lang) if info else fact


def display(fact: str, value: object, lang: str, names: Mapping[str, str] | None = None) -> str:
    """An answer as the page shows it: a date as the caseworker writes it, a municipality number
    with its name on the assessment date ("4601 Bergen") where the assessment has one."""
    info = catalogue().get(fact)
    shown = format_value(value, lang, is_date=bool(info and info.is_date))
    if names and info is not None and info.kind == "municipality" and isinstance(value, str) and value in names:
        return f"{shown} {names[value]}"
    return shown


def assess(evaluator: Evaluator, state: InterviewState) -> Assessment:
    return evaluator.assess(parse_case(state.case), on=state.date, lang=state.lang)


def interview_page(evaluator: Evaluator, state: InterviewState) -> InterviewPage:
    """The page for ``state``: runs on the engine thread (it evaluates the case)."""
    rules = evaluator.rules
    lang = state.lang
    t = texts(lang)
    question: Question | None
    if state.ask is not None:
        question = question_for(state.ask, lang)
    else:
        question = next_question(rules, state.case, state.date, frozenset(state.unknown), lang)
    assessment = assess(evaluator, state)
    kinds = _pick(KINDS, lang)
    before = set(state.shown or ())
    findings = [
        FindingItem(
            rule=f.rule,
            actor=f.actor_name,
            title=f.title,
            basis=f.legal_basis,
            kind=kinds[f.kind],
            until=format_date(f.until, lang),
            new=state.shown is not None and f.rule not in before,
            discretion=bool(f.discretion),
        )
        for f in assessment.findings
    ]
    now = {f.rule for f in findings}
    removed = [rules.rule(r).title.get(lang) for r in sorted(before - now) if rules.get(r) is not None]
    changes = ""
    if state.shown is not None:
        added = sum(1 for f in findings if f.new)
        parts = [t["new_findings"].format(n=added)] if added else []
        parts += [t["removed_findings"].format(n=len(removed))] if removed else []
        changes = " ".join(parts) or t["no_change"]
    names = assessment.municipality_names
    answers = [
        AnswerItem(fact, _capitalized(label(fact, lang)), display(fact, lookup(state.case, fact), lang, names), from_file=fact not in state.steps)
        for fact in sorted(known_facts(state.case), key=lambda f: (f in state.steps, state.steps.index(f) if f in state.steps else 0))
        if fact != "person.national_id"
    ]
    unknown = [AnswerItem(fact, _capitalized(label(fact, lang)), t["unknown"], from_file=False) for fact in state.unknown]
    view = None
    if question is not None:
        values = _pick(VALUES, lang)
        view = QuestionView(
            fact=question.fact,
            kind=question.kind,
            text=question.text,
            number=len(state.steps) + 1,
            choices=[Choice(c, _capitalized(values.get(c, c))) for c in question.choices],
            could_add=[rules.rule(r).title.get(lang) for r in question.could_add],
            could_remove=[rules.rule(r).title.get(lang) for r in question.could_remove],
            prefill=_prefill(question.kind, state.prefill, lang),
            again=state.ask is not None,
        )
    shown = state.model_copy(update={"shown": tuple(sorted(now))})
    return InterviewPage(shown, view, findings, removed, answers, unknown, changes)


def _capitalized(text: str) -> str:
    return text[:1].upper() + text[1:]


def _prefill(kind: str, old: str | None, lang: str) -> str:
    """The old answer as the field shows it (dates as the caseworker writes them)."""
    if old is None:
        return ""
    if kind == "date" and lang != "en":
        try:
            return format_date(old, lang)
        except ValueError:
            return old
    return old
