"""Render an Assessment with Jinja2 (one environment, StrictUndefined, HTML autoescape).

``context`` turns the assessment into views that are already in the report's language;
the templates only lay them out.
"""

from __future__ import annotations

import json
import re
import textwrap
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from hjemmel import cache as startup
from hjemmel.assessment import Assessment, Deadline, Finding, NearMiss, OpenQuestion, Projected
from hjemmel.cases.facts import catalogue
from hjemmel.safe_text import escape_controls
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from .i18n import DEADLINE_KINDS, KINDS, LABELS, format_date, format_value, relative
from .timeline_svg import Point, timeline_svg
from .titles import rule_titles

FORMATS = ("text", "markdown", "html", "json")
# How many open questions and dates a report shows before "… and N more" (JSON has all).
SHOWN_QUESTIONS = 5
GLANCE_DATES = 3
# Kinds of finding that oblige an actor (the rest are powers and soft duties).
MUST_KINDS = frozenset({"duty", "right", "responsibility"})


@dataclass(frozen=True)
class Reason:
    label: str
    value: str


@dataclass(frozen=True)
class RuleRef:
    """A rule named in the report: its title, id, and the finding's anchor when it fired."""

    id: str
    title: str
    anchor: str | None

    @property
    def text(self) -> str:
        return self.id if self.title == self.id else f"{self.title} ({self.id})"


@dataclass(frozen=True)
class FindingView:
    finding: Finding
    kind: str
    reasons: list[Reason]
    until: str
    anchor: str
    starts: str = ""

    @property
    def municipality(self) -> str:
        """The responsible municipality as written in a report: its number and, when SSB's
        classification names it on the day assessed, its name ("4601 Bergen"); else the number."""
        number = self.finding.responsible_municipality or ""
        name = self.finding.responsible_municipality_name
        return f"{number} {name}" if number and name else number


@dataclass(frozen=True)
class ActorView:
    name: str
    findings: list[FindingView] = field(default_factory=list)

    @property
    def bases(self) -> list[str]:
        """The legal bases of the actor's findings, each once (two rules may share a section)."""
        return list(dict.fromkeys(v.finding.legal_basis for v in self.findings))


@dataclass(frozen=True)
class DateGroup:
    """Everything that happens on one date, listed once: "11.11.2024: Løslatelse; Plikten inntrer: …"."""

    date: str
    when: str
    past: bool
    items: list[DeadlineView]
    kind: str  # the first item's kind (colour in the timeline)

    @property
    def text(self) -> str:
        """Each text once; last days (and start days) of several findings share one prefix."""
        parts: list[str] = []
        prefixes: dict[str, int] = {}
        for item in self.items:
            prefix, sep, rest = item.text.partition(": ")
            if item.kind in ("last_day", "starts") and sep:
                if prefix in prefixes:
                    parts[prefixes[prefix]] += f", {rest}"
                    continue
                prefixes[prefix] = len(parts)
            if item.text not in parts:
                parts.append(item.text)
        return "; ".join(parts)


@dataclass(frozen=True)
class NearMissView:
    miss: NearMiss
    rule: RuleRef
    condition: str
    value: str


@dataclass(frozen=True)
class QuestionView:
    question: str
    fact: str
    fact_label: str
    could_add: list[RuleRef]
    could_remove: list[RuleRef]


@dataclass(frozen=True)
class DeadlineView:
    date: str
    kind: str
    kind_label: str
    text: str
    when: str
    past: bool
    rule: RuleRef | None


@dataclass(frozen=True)
class AppealView:
    body: str
    findings: list[FindingView]


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("hjemmel.reports", "templates"),
        undefined=StrictUndefined,
        autoescape=select_autoescape(enabled_extensions=("html", "html.j2"), default_for_string=False),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=startup.templates(),
    )
    env.filters["wrap"] = _wrap
    env.filters["md"] = _markdown_escape
    env.filters["mdurl"] = _markdown_url
    env.filters["basis"] = _basis
    return env


def _basis(text: str) -> Markup:
    """HTML: keep "§ 13-6" on one line."""
    return Markup(re.sub(r"§ ([0-9A-Za-z-]+)", r'<span class="nowrap">§&nbsp;\1</span>', str(escape(text))))


def _wrap(text: str, indent: int = 0, width: int = 88, first: int | None = None) -> str:
    pad = " " * indent
    initial = pad if first is None else " " * first
    return textwrap.fill(text, width=width, initial_indent=initial, subsequent_indent=pad, break_on_hyphens=False)


def _markdown_escape(text: object) -> str:
    out = str(text)
    for ch in "\\`*_[]<>|":
        out = out.replace(ch, "\\" + ch)
    return out


# Characters that could end a Markdown link destination or the line it stands on.
_URL_BREAKERS = re.compile("[\x00-\x20()<>\\\\`\x7f-\x9f\u2028\u2029]")


def _markdown_url(url: object) -> str:
    """A URL that stays inside ``[text](url)``: spaces, brackets, quotes and line breaks percent-encoded."""
    return _URL_BREAKERS.sub(lambda m: "".join(f"%{b:02X}" for b in m.group(0).encode("utf-8")), str(url))


def fact_label(path: str, lang: str) -> str:
    info = catalogue().get(path)
    return info.label(lang) if info else path


def anchor(rule_id: str) -> str:
    return "f-" + rule_id.replace(".", "-")


def _projected(item: Projected, lang: str, names: Mapping[str, str]) -> str:
    """ "Antatt fra 11.12.2026: status i kriminalomsorgen: løslatt (planlagt løslatelse)"."""
    t = LABELS[lang]
    label = fact_label(item.fact, lang)
    if item.value is None:
        return t["projected_unknown"].format(fact=label, because=item.because)
    value = _value(item.fact, item.value, lang, names)
    if item.from_ is None:
        return t["projected_now"].format(fact=label, value=value, because=item.because)
    return t["projected_from"].format(day=format_date(item.from_, lang), fact=label, value=value, because=item.because)


def _value(path: str, value: object, lang: str, names: Mapping[str, str]) -> str:
    """A fact's value as a report shows it: a date in the report's format, a municipality
    number with its name on the day assessed ("4601 Bergen") where the assessment has it."""
    info = catalogue().get(path)
    shown = format_value(value, lang, is_date=bool(info and info.is_date))
    if info is not None and info.kind == "municipality" and isinstance(value, str) and value in names:
        return f"{shown} {names[value]}"
    return shown


class _Views:
    def __init__(self, assessment: Assessment) -> None:
        self.a = assessment
        self.lang = assessment.language
        self.titles = rule_titles(assessment)
        self.fired = {f.rule for f in assessment.findings}

    def ref(self, rule_id: str) -> RuleRef:
        return RuleRef(rule_id, self.titles.get(rule_id, rule_id), anchor(rule_id) if rule_id in self.fired else None)

    def finding(self, f: Finding) -> FindingView:
        reasons = [Reason(fact_label(b.fact, self.lang), _value(b.fact, b.value, self.lang, self.a.municipality_names)) for b in f.because]
        return FindingView(f, KINDS[self.lang][f.kind], reasons, format_date(f.until, self.lang), anchor(f.rule), format_date(f.starts, self.lang))

    def near_miss(self, m: NearMiss) -> NearMissView:
        c = m.condition
        if c.fact is not None and c.value is not None:
            value = _value(c.fact, c.value, self.lang, self.a.municipality_names)
        else:
            value = LABELS[self.lang]["unknown"] if c.fact is not None else ""
        ref = RuleRef(m.rule, m.title, anchor(m.rule) if m.rule in self.fired else None)
        return NearMissView(m, ref, c.text, value)

    def question(self, q: OpenQuestion) -> QuestionView:
        return QuestionView(
            question=q.question,
            fact=q.fact,
            fact_label=fact_label(q.fact, self.lang),
            could_add=[self.ref(r) for r in q.could_add],
            could_remove=[self.ref(r) for r in q.could_remove],
        )

    def deadline(self, d: Deadline) -> DeadlineView:
        day = self.a.assessment_date
        return DeadlineView(
            date=format_date(d.date, self.lang),
            kind=d.kind,
            kind_label=DEADLINE_KINDS[self.lang][d.kind],
            text=d.text,
            when=relative(day, d.date, self.lang),
            past=d.date < day,
            rule=self.ref(d.rule) if d.rule else None,
        )

    def date_groups(self) -> list[DateGroup]:
        """The deadlines grouped by date: one entry per date, each text once."""
        groups: dict[object, list[tuple[Deadline, DeadlineView]]] = {}
        for d in self.a.deadlines:
            groups.setdefault(d.date, []).append((d, self.deadline(d)))
        out = []
        for _, items in sorted(groups.items(), key=lambda kv: str(kv[0])):
            items.sort(key=lambda item: _KIND_ORDER.index(item[0].kind) if item[0].kind in _KIND_ORDER else len(_KIND_ORDER))
            first = items[0][1]
            out.append(DateGroup(first.date, first.when, first.past, [v for _, v in items], _main_kind([d.kind for d, _ in items])))
        return out

    def timeline(self, groups: list[DateGroup]) -> Markup:
        t = LABELS[self.lang]
        day = format_date(self.a.assessment_date, self.lang)
        dates = sorted({d.date for d in self.a.deadlines})
        points = [Point(date, g.date, g.kind, g.text) for date, g in zip(dates, groups)]
        desc = t["timeline_desc"].format(day=day, items="; ".join(f"{g.date}: {g.text} ({g.when})" for g in groups))
        return timeline_svg(self.a.assessment_date, day, points, t["timeline"], t["assessment_day"], desc)


_KIND_ORDER = ("eviction", "release", "discharge", "starts", "temporary_3_months", "last_day", "law_change")


def _main_kind(kinds: list[str]) -> str:
    """The kind that colours a date: a case event (eviction, release …) before a last day."""
    for kind in _KIND_ORDER:
        if kind in kinds:
            return kind
    return kinds[0]


def context(assessment: Assessment) -> dict[str, Any]:
    """Everything a template needs, already in the report's language."""
    lang = assessment.language
    views = _Views(assessment)
    actors: dict[str, ActorView] = {}
    appeals: dict[str, AppealView] = {}
    for finding in assessment.findings:
        view = views.finding(finding)
        actors.setdefault(finding.actor, ActorView(name=finding.actor_name)).findings.append(view)
        if finding.appeal_name:
            appeals.setdefault(finding.appeal_name, AppealView(finding.appeal_name, [])).findings.append(view)
    groups = views.date_groups()
    names = assessment.municipality_names
    facts = [Reason(fact_label(path, lang), _value(path, value, lang, names)) for path, value in assessment.facts.items()]
    projected = [_projected(p, lang, names) for p in assessment.projected]
    questions = [views.question(q) for q in assessment.open_questions]
    upcoming = [g for g in groups if not g.past]
    return {
        "a": assessment,
        "t": LABELS[lang],
        "lang": lang,
        "date": format_date(assessment.assessment_date, lang),
        "actors": list(actors.values()),
        "must": _by_actor(actors, MUST_KINDS, LABELS[lang]["discretion_short"]),
        "may": _by_actor(actors, frozenset(KINDS[lang]) - MUST_KINDS, LABELS[lang]["discretion_short"]),
        "findings": [v for actor in actors.values() for v in actor.findings],
        "appeals": sorted(appeals.values(), key=lambda v: v.body),
        "questions": questions[:SHOWN_QUESTIONS],
        "more_questions": max(len(questions) - SHOWN_QUESTIONS, 0),
        "first_question": questions[0] if questions else None,
        "deadlines": groups,
        "nearest": upcoming[:GLANCE_DATES],
        "more_dates": max(len(upcoming) - GLANCE_DATES, 0),
        "timeline": views.timeline(groups),
        "near_misses": [views.near_miss(m) for m in assessment.near_misses],
        "facts": facts,
        "projected": projected,
        "system_duties": [views.finding(f) for f in assessment.system_duties],
        "fact_label": lambda path: fact_label(path, lang),
        "receipt": _receipt(assessment),
    }


def _receipt(assessment: Assessment) -> str | None:
    """The report's last line: what produced it (program, rule base, input digest; prefixes of the digests)."""
    receipt = assessment.receipt
    if receipt is None:
        return None
    text: str = LABELS[assessment.language]["receipt"]
    return text.format(program=receipt.program, version=receipt.rules.version, digest=receipt.rules.digest[:19], input=receipt.input[:19])


def _by_actor(actors: dict[str, ActorView], kinds: frozenset[str], judgment: str) -> list[tuple[str, list[str]]]:
    """(actor name, legal bases, each once) for the findings of the given kinds; "(skjønn)" marks discretion."""
    out = []
    for actor in actors.values():
        bases = list(
            dict.fromkeys(v.finding.legal_basis + (f" ({judgment})" if v.finding.discretion else "") for v in actor.findings if v.finding.kind in kinds)
        )
        if bases:
            out.append((actor.name, bases))
    return out


def render(assessment: Assessment, fmt: str = "text") -> str:
    """The report as a string in ``fmt`` (text, markdown, html or json)."""
    if fmt == "json":
        return json.dumps(assessment.to_json_dict(), ensure_ascii=False, indent=2, sort_keys=False) + "\n"
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    template = environment().get_template(f"assessment.{ {'text': 'txt', 'markdown': 'md', 'html': 'html'}[fmt] }.j2")
    # Nothing from a case or a rule file may drive a terminal: control characters are shown escaped.
    return escape_controls(template.render(**context(assessment)), keep_newlines=True)
