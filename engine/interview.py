"""The interview: which question to ask next so that every answer can change the result.

Pure functions over a rule base, a case given as a dict (the case-file shape) and the
assessment date. The command line lives in ``cli_interview``.

A rule is *still possible* when its condition (derived facts expanded) is not known to be
false. For each possible finding rule that has not fired yet, and for each exclusion that
could still remove a finding, we take the smallest set of unknown facts that could make it
hold (``hjemmel.rulebase.needs``, in terms of the fields to ask). A fact is worth asking
when it is in at least one such set. The next question is ranked as the open questions of
an assessment are (``hjemmel.explain.ranking``): a finding counts the weight of its kind
(duties and rights most) divided by the number of answers it still needs, and rules the
case already engages (``hjemmel.rulebase.relevance``) come first — only when none is left
does the interview open a new area. Ties are broken by the order of ``facts.yaml`` (person
first), so the interview is deterministic; the ranking is recomputed after every answer.

Facts answered "don't know" stay unknown and are never asked again; a rule that can only
become true through them is no longer possible.
"""

from __future__ import annotations

import datetime as dt
import re
import typing
from collections.abc import Mapping, Set
from dataclasses import dataclass
from typing import Any, Literal

from hjemmel.cases.consistency import check_case
from hjemmel.cases.facts import answered_by, case_facts, catalogue, enum_values
from hjemmel.cases.loading import parse_case
from hjemmel.cases.model import Case, fact_fields
from hjemmel.evaluation.plan import Plan, build_plan, epoch
from hjemmel.explain.ranking import KIND_WEIGHT, order_key
from hjemmel.languages import language
from hjemmel.rulebase.base import RuleBase
from hjemmel.rulebase.conditions import Scalar, tests
from hjemmel.rulebase.logic import evaluate
from hjemmel.rulebase.needs import Memo
from hjemmel.rulebase.relevance import spoken_sections

AnswerKind = Literal["bool", "date", "enum", "int", "text"]


@dataclass(frozen=True)
class Question:
    """The next fact to ask, with what it could change."""

    fact: str
    kind: AnswerKind
    text: str
    choices: tuple[str, ...]
    could_add: tuple[str, ...]
    could_remove: tuple[str, ...]
    score: float
    inverted: bool = False  # the question is phrased positively: "yes" makes the fact false


def answer_kind(path: str) -> AnswerKind:
    """What kind of answer a case field takes (from its type in the case model)."""
    if enum_values(path):
        return "enum"
    annotation = fact_fields().get(path)
    types = set(typing.get_args(annotation)) | {annotation}
    if dt.date in types:
        return "date"
    if bool in types:
        return "bool"
    if int in types:
        return "int"
    return "text"


def asked_fact(path: str, skipped: Set[str]) -> str | None:
    """The case field that answers a fact a rule tests (age ← birth date), or None.

    The age is asked as a date of birth (exact deadlines); only when the date of birth is
    not known is the age itself asked.
    """
    if path == "person.age":
        if "person.birth_date" not in skipped:
            return "person.birth_date"
        return None if "person.age" in skipped else "person.age"
    source = answered_by(path)
    return None if source in skipped else source


@dataclass(frozen=True)
class State:
    """Where the rules stand for a (partial) case: fired, still possible, dead."""

    fired: frozenset[str]
    excluded: frozenset[str]
    open: dict[str, frozenset[str]]  # rule id → smallest set of fields still to ask
    engaged: frozenset[str] = frozenset()  # open rules whose questions are relevant now (hjemmel.rulebase.relevance)

    @property
    def findings(self) -> frozenset[str]:
        return self.fired - self.excluded


def _parsed(case: Mapping[str, Any], day: dt.date) -> Case:
    """A (partial) case dict as a checked case (raises CaseFileError)."""
    data = {k: v for k, v in case.items() if k != "expected"}
    data.setdefault("id", "interview")
    parsed = parse_case(data)
    check_case(parsed, day)
    return parsed


def flat_facts(case: Mapping[str, Any], day: dt.date) -> dict[str, Scalar]:
    """The facts of a case dict as the rules see them (validated; raises CaseFileError)."""
    return dict(case_facts(_parsed(case, day), day))


def _blocked(plan: Plan, flat: Mapping[str, Scalar], skipped: Set[str]) -> frozenset[str]:
    """Facts answered "don't know": they never become known, so no rule can need them."""
    return frozenset(t.path for cond in plan.expanded.values() for t in tests(cond) if t.path not in flat and asked_fact(t.path, skipped) is None)


def _question(fact: str, could_add: tuple[str, ...], could_remove: tuple[str, ...], score: float, lang: str) -> Question:
    info = catalogue().get(fact)
    return Question(
        fact=fact,
        kind=answer_kind(fact),
        text=info.question(lang) if info else fact,
        choices=tuple(str(v) for v in enum_values(fact) or ()),
        could_add=could_add,
        could_remove=could_remove,
        score=score,
        inverted=bool(info and info.inverted),
    )


_PLANS: dict[tuple[int, int], tuple[RuleBase, Plan]] = {}


def _plan(rules: RuleBase, day: dt.date) -> Plan:
    """The plan of the epoch of ``day`` (built once per rule base and epoch)."""
    key = (id(rules), epoch(rules, day))
    cached = _PLANS.get(key)
    if cached is None or cached[0] is not rules:
        cached = _PLANS[key] = (rules, build_plan(rules, day))
    return cached[1]


def state(rules: RuleBase, case: Mapping[str, Any], day: dt.date, skipped: Set[str] = frozenset()) -> State:
    plan = _plan(rules, day)
    flat = flat_facts(case, day)
    blocked = _blocked(plan, flat, skipped)  # a rule that needs them is not possible
    fired: set[str] = set()
    need: dict[str, frozenset[str]] = {}
    memo: Memo = {}
    true, known = plan.atoms.read(flat)  # (a derived fact left in an expanded condition is never true: no bit needed)
    false = known & ~true
    for rule in plan.active:
        if rule.kind == "derived":
            continue
        if evaluate(plan.expanded[rule.id], flat, {}) is True:
            fired.add(rule.id)
            continue
        facts = plan.need[rule.id](true, false, memo, blocked)
        gap = frozenset(field for path in facts for field in [asked_fact(path, skipped)] if field is not None) if facts else None
        if gap:
            need[rule.id] = gap
    excluded = {t for rule in plan.active if rule.kind == "exclusion" and rule.id in fired for t in rule.overrides}
    possible = {rid for rid in need if rules.rule(rid).is_finding and rid not in excluded}
    targets = (fired - excluded) | possible
    open_: dict[str, frozenset[str]] = {}
    for rid, gap in need.items():
        rule = rules.rule(rid)
        if rid in possible or (rule.kind == "exclusion" and targets.intersection(rule.overrides)):
            open_[rid] = gap
    engaged_memo: dict[str, bool] = {}
    spoken = spoken_sections(flat)
    engaged = frozenset(rid for rid, gap in open_.items() if plan.relevance.relevant(rid, flat, engaged_memo, gap, spoken))
    return State(fired=frozenset(fired), excluded=frozenset(excluded), open=open_, engaged=engaged)


def next_question(
    rules: RuleBase,
    case: Mapping[str, Any],
    day: dt.date,
    skipped: Set[str] = frozenset(),
    lang: str = "nb",
) -> Question | None:
    """The next question: the report's most decisive open question (one score and one
    relevance test for both, ``hjemmel.explain.questions``), leaving out the facts answered
    "don't know"; when the report has none left, the most decisive fact of a rule the case
    does not engage yet (a new area), or None when nothing can change the answer."""
    top = _report_question(rules, case, day, skipped, lang)
    if top is not None:
        return top
    current = state(rules, case, day, skipped)
    engaged: dict[str, float] = {}
    scores: dict[str, float] = {}
    add: dict[str, set[str]] = {}
    remove: dict[str, set[str]] = {}
    for rid, gap in current.open.items():
        rule = rules.rule(rid)
        if rule.kind == "exclusion":
            targets = [t for t in rule.overrides if (t in current.findings or t in current.open) and rules.rule(t).is_finding]
            weight = sum(KIND_WEIGHT[rules.rule(t).finding_kind] for t in targets)
        else:
            targets = []
            weight = KIND_WEIGHT[rule.finding_kind]
        for path in gap:
            scores[path] = scores.get(path, 0.0) + weight / len(gap)
            if rid in current.engaged:
                engaged[path] = engaged.get(path, 0.0) + weight / len(gap)
            if rule.kind == "exclusion":
                remove.setdefault(path, set()).update(targets)
            else:
                add.setdefault(path, set()).add(rid)
    if not scores:
        return None
    best = min(scores, key=lambda p: (-round(engaged.get(p, 0.0), 9), *order_key(p, round(scores[p], 9))))
    return _question(best, tuple(sorted(add.get(best, ()))), tuple(sorted(remove.get(best, ()))), scores[best], lang)


def _report_question(rules: RuleBase, case: Mapping[str, Any], day: dt.date, skipped: Set[str], lang: str) -> Question | None:
    """The first of the report's open questions for this (partial) case that can be asked."""
    from hjemmel.explain.context import Context
    from hjemmel.explain.findings import overridden
    from hjemmel.explain.questions import open_questions

    parsed = _parsed(case, day)
    plan = _plan(rules, day)
    flat: dict[str, Scalar] = dict(case_facts(parsed, day))
    # The same three-valued conditions durable-rules decides (property-tested equal): the
    # interview needs no engine run to choose its next question.
    fired = {rule.id for rule in plan.active if evaluate(plan.expanded[rule.id], flat, {}) is True}
    ctx = Context(rules, plan, parsed, day, flat, fired, lang)
    for q in open_questions(ctx, overridden(ctx), blocked=_blocked(plan, flat, skipped)):
        field = asked_fact(q["fact"], skipped)
        if field is not None and field not in flat:
            return _question(field, tuple(q["could_add"]), tuple(q["could_remove"]), q["rank"]["score"], lang)
    return None


TRUE_WORDS = frozenset({"ja", "j", "yes", "y", "true", "sant"})
FALSE_WORDS = frozenset({"nei", "n", "no", "false", "usant"})


class AnswerError(ValueError):
    """An answer that does not fit the question (the interview asks again)."""


def parse_answer(question: Question, raw: str, lang: str = "nb") -> bool | int | str | dt.date | None:
    """A typed answer, or None for "don't know" (an empty answer)."""
    text = raw.strip()
    if not text:
        return None
    t = ANSWER_ERRORS[lang if lang in ANSWER_ERRORS else "nb"]
    if question.kind == "bool":
        word = text.lower()
        if word in TRUE_WORDS:
            return not question.inverted
        if word in FALSE_WORDS:
            return question.inverted
        raise AnswerError(t["bool"])
    if question.kind == "date":
        try:
            if re.fullmatch(r"\d{1,2}\.\d{1,2}\.\d{4}", text):  # 01.03.2024, as Norwegians write it
                day, month, year = (int(part) for part in text.split("."))
                return dt.date(year, month, day)
            return dt.date.fromisoformat(text)
        except ValueError:
            raise AnswerError(t["date"]) from None
    if question.kind == "enum":
        if text.isdigit() and 1 <= int(text) <= len(question.choices):
            return question.choices[int(text) - 1]
        if text in question.choices:
            return text
        shown = ", ".join(f"{i} {c}" for i, c in enumerate(question.choices, 1))
        raise AnswerError(t["enum"].format(choices=shown))
    if question.kind == "int":
        try:
            value = int(text)
        except ValueError:
            raise AnswerError(t["int"]) from None
        if value < 0:
            raise AnswerError(t["negative"])
        return value
    kind = info.kind if (info := catalogue().get(question.fact)) is not None else None
    if kind == "country":
        if not re.fullmatch(r"[A-Za-z]{2}", text):
            raise AnswerError(t["country"])
        return text.upper()  # "no" and "NO" alike
    if kind == "municipality" and not re.fullmatch(r"\d{4}", text):
        raise AnswerError(t["municipality"])
    return text


def municipality_echo(rules: RuleBase, number: str, day: dt.date, lang: str = "nb") -> tuple[str, bool]:
    """How the interview says a kommunenummer back: ("4601 Bergen", True) when SSB's
    classification names it on the day; otherwise the number with a warning, and False.

    An unknown number is not refused: a number valid before a merger or a renumbering (3005
    Drammen before 2024) is a real municipality of the past, a case may be recorded from an
    older file, and the names here do not reach back before 2020. The caseworker is asked to
    check it instead.
    """
    name = rules.municipalities.name(number, day)
    if name:
        return f"{number} {name}", True
    return MUNICIPALITY_UNKNOWN[language(lang)].format(number=number), False


MUNICIPALITY_UNKNOWN = {
    "nb": "{number} (hjemmel kjenner ikke et kommunenavn for dette nummeret på vurderingsdatoen; kontroller nummeret)",
    "nn": "{number} (hjemmel kjenner ikkje eit kommunenamn for dette nummeret på vurderingsdatoen; kontroller nummeret)",
    "en": "{number} (hjemmel knows no municipality name for this number on the assessment date; check the number)",
}


def is_stop(raw: str) -> bool:
    """Whether an answer ends the interview on purpose ("ferdig", "done", …)."""
    return raw.strip().lower() in STOP_WORDS


STOP_WORDS = frozenset({"ferdig", "stopp", "done", "stop"})
ANSWER_ERRORS: dict[str, dict[str, str]] = {
    "nb": {
        "bool": "svar ja eller nei (eller tomt: vet ikke)",
        "date": "skriv en dato som ÅÅÅÅ-MM-DD eller DD.MM.ÅÅÅÅ",
        "enum": "velg en av: {choices}",
        "int": "skriv et helt tall",
        "negative": "tallet kan ikke være negativt",
        "country": "skriv en landkode med to bokstaver, for eksempel NO eller SE",
        "municipality": "skriv et kommunenummer med fire sifre, for eksempel 0301",
    },
    "nn": {
        "bool": "svar ja eller nei (eller tomt: veit ikkje)",
        "date": "skriv ein dato som ÅÅÅÅ-MM-DD eller DD.MM.ÅÅÅÅ",
        "enum": "vel ein av: {choices}",
        "int": "skriv eit heilt tal",
        "negative": "talet kan ikkje vere negativt",
        "country": "skriv ei landkode med to bokstavar, til dømes NO eller SE",
        "municipality": "skriv eit kommunenummer med fire siffer, til dømes 0301",
    },
    "en": {
        "bool": "answer yes or no (or leave empty: don't know)",
        "date": "write a date as YYYY-MM-DD or DD.MM.YYYY",
        "enum": "choose one of: {choices}",
        "int": "write a whole number",
        "negative": "the number cannot be negative",
        "country": "write a two-letter country code, for example NO or SE",
        "municipality": "write a four-digit municipality number, for example 0301",
    },
}


def with_answer(case: Mapping[str, Any], fact: str, value: object) -> dict[str, Any]:
    """A copy of ``case`` with ``fact`` (section.field) set to ``value``."""
    section, name = fact.split(".", 1)
    out = {k: (dict(v) if isinstance(v, dict) else v) for k, v in case.items()}
    out.setdefault(section, {})[name] = value
    return out
