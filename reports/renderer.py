"""Render an Assessment with Jinja2 (one environment, StrictUndefined, HTML autoescape).

``context`` turns the assessment into views that are already in the report's language;
the templates only lay them out.
"""

from __future__ import annotations

import json
import re
import textwrap
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from hjemmel.assessment import Assessment, Deadline, Finding, OpenQuestion
from hjemmel.cases.facts import catalogue
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from .i18n import DEADLINE_KINDS, KINDS, LABELS, format_date, format_value, relative
from .timeline_svg import Point, timeline_svg
from .titles import rule_titles

FORMATS = ("text", "markdown", "html", "json")


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


@dataclass(frozen=True)
class ActorView:
    name: str
    findings: list[FindingView] = field(default_factory=list)


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
    )
    env.filters["wrap"] = _wrap
    env.filters["md"] = _markdown_escape
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


def fact_label(path: str, lang: str) -> str:
    info = catalogue().get(path)
    return info.label(lang) if info else path


def anchor(rule_id: str) -> str:
    return "f-" + rule_id.replace(".", "-")


def _value(path: str, value: object, lang: str) -> str:
    info = catalogue().get(path)
    return format_value(value, lang, is_date=bool(info and info.is_date))


class _Views:
    def __init__(self, assessment: Assessment) -> None:
        self.a = assessment
        self.lang = assessment.language
        self.titles = rule_titles(assessment)
        self.fired = {f.rule for f in assessment.findings}

    def ref(self, rule_id: str) -> RuleRef:
        return RuleRef(rule_id, self.titles.get(rule_id, rule_id), anchor(rule_id) if rule_id in self.fired else None)

    def finding(self, f: Finding) -> FindingView:
        reasons = [Reason(fact_label(b.fact, self.lang), _value(b.fact, b.value, self.lang)) for b in f.because]
        return FindingView(f, KINDS[self.lang][f.kind], reasons, format_date(f.until, self.lang), anchor(f.rule), format_date(f.starts, self.lang))

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

    def timeline(self, views: list[DeadlineView]) -> Markup:
        t = LABELS[self.lang]
        day = format_date(self.a.assessment_date, self.lang)
        points = [Point(d.date, v.date, d.kind, v.text) for d, v in zip(self.a.deadlines, views)]
        desc = t["timeline_desc"].format(day=day, items="; ".join(f"{v.date}: {v.text} ({v.when})" for v in views))
        return timeline_svg(self.a.assessment_date, day, points, t["timeline"], t["assessment_day"], desc)


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
    deadlines = [views.deadline(d) for d in assessment.deadlines]
    facts = [Reason(fact_label(path, lang), _value(path, value, lang)) for path, value in assessment.facts.items()]
    return {
        "a": assessment,
        "t": LABELS[lang],
        "lang": lang,
        "date": format_date(assessment.assessment_date, lang),
        "actors": list(actors.values()),
        "findings": [v for actor in actors.values() for v in actor.findings],
        "appeals": sorted(appeals.values(), key=lambda v: v.body),
        "questions": [views.question(q) for q in assessment.open_questions],
        "deadlines": deadlines,
        "timeline": views.timeline(deadlines),
        "facts": facts,
        "system_duties": [views.finding(f) for f in assessment.system_duties],
        "fact_label": lambda path: fact_label(path, lang),
    }


def render(assessment: Assessment, fmt: str = "text") -> str:
    """The report as a string in ``fmt`` (text, markdown, html or json)."""
    if fmt == "json":
        return json.dumps(assessment.to_json_dict(), ensure_ascii=False, indent=2, sort_keys=False) + "\n"
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    template = environment().get_template(f"assessment.{ {'text': 'txt', 'markdown': 'md', 'html': 'html'}[fmt] }.j2")
    return template.render(**context(assessment))
