"""Render an Assessment with Jinja2 (one environment, StrictUndefined, HTML autoescape)."""

from __future__ import annotations

import json
import textwrap
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from engine.assessment import Assessment, Finding
from engine.facts import catalogue

from .i18n import KINDS, LABELS, format_date, format_value

FORMATS = ("text", "markdown", "html", "json")


@dataclass(frozen=True)
class Reason:
    label: str
    value: str


@dataclass(frozen=True)
class FindingView:
    finding: Finding
    kind: str
    reasons: list[Reason]
    until: str


@dataclass(frozen=True)
class ActorView:
    name: str
    findings: list[FindingView] = field(default_factory=list)


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("reports", "templates"),
        undefined=StrictUndefined,
        autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=False),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["wrap"] = _wrap
    env.filters["md"] = _markdown_escape
    return env


def _wrap(text: str, indent: int = 0, width: int = 88) -> str:
    pad = " " * indent
    return textwrap.fill(text, width=width, initial_indent=pad, subsequent_indent=pad, break_on_hyphens=False)


def _markdown_escape(text: object) -> str:
    out = str(text)
    for ch in "\\`*_[]<>|":
        out = out.replace(ch, "\\" + ch)
    return out


def fact_label(path: str, lang: str) -> str:
    info = catalogue().get(path)
    return info.label(lang) if info else path


def context(assessment: Assessment) -> dict[str, Any]:
    """Everything a template needs, already in the report's language."""
    lang = assessment.language
    info = catalogue()

    def view(f: Finding) -> FindingView:
        reasons = [
            Reason(
                label=fact_label(b.fact, lang),
                value=format_value(b.value, lang, is_date=bool(info.get(b.fact) and info[b.fact].is_date)),
            )
            for b in f.because
        ]
        return FindingView(finding=f, kind=KINDS[lang][f.kind], reasons=reasons, until=format_date(f.until, lang))

    actors: dict[str, ActorView] = {}
    for finding in assessment.findings:
        actors.setdefault(finding.actor, ActorView(name=finding.actor_name)).findings.append(view(finding))
    facts = [
        Reason(label=fact_label(path, lang), value=format_value(value, lang, is_date=bool(info.get(path) and info[path].is_date)))
        for path, value in assessment.facts.items()
    ]
    return {
        "a": assessment,
        "t": LABELS[lang],
        "lang": lang,
        "date": format_date(assessment.assessment_date, lang),
        "actors": list(actors.values()),
        "facts": facts,
        "system_duties": [view(f) for f in assessment.system_duties],
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
