"""Write a batch summary as a self-contained HTML page or as CSV (``kind,key,count``).

The format follows the suffix of the path: ``.html`` or ``.csv``; anything else is a
ValueError. The page has no scripts and no external assets; its bar chart is inline SVG.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import pathlib
from collections import Counter
from collections.abc import Iterator

from hjemmel.batch.run import BatchSummary, failure_kind
from hjemmel.cases.facts import catalogue
from hjemmel.files import atomic_write_text
from hjemmel.messages import translate_line, translate_lines
from hjemmel.rulebase.base import RuleBase
from hjemmel.safe_text import spreadsheet_cell

TOP = 15  # rows in each "most frequent" table
FAILURES_SHOWN = 20


def write_summary(summary: BatchSummary, path: pathlib.Path, lang: str, rules: RuleBase | None = None, run_date: dt.date | None = None) -> None:
    """Write ``summary`` to ``path`` as HTML or CSV, chosen by the suffix.

    With ``rules`` the page names actors, laws and rules as the reports do and says which
    rule base and program made it, and on which day (``run_date``, default today).
    """
    suffix = path.suffix.lower()
    if suffix == ".csv":
        atomic_write_text(path, summary_csv(summary))
    elif suffix in (".html", ".htm"):
        atomic_write_text(path, summary_html(summary, lang, rules, run_date))
    else:
        raise ValueError(f"unknown summary format {path.suffix or '(no suffix)'!r} for {path}: use .html or .csv")


def rows(summary: BatchSummary) -> Iterator[tuple[str, str, int]]:
    """One ``(kind, key, count)`` per counted item, most frequent first within a kind."""
    yield "cases", "total", summary.cases
    yield "cases", "assessed", summary.assessed
    yield "cases", "failed", summary.failed
    counters: list[tuple[str, Counter[str]]] = [
        ("error", summary.errors),
        ("actor", summary.actors),
        ("law", summary.laws),
        ("section", Counter({f"{law} § {section}": n for (law, section), n in summary.sections.items()})),
        ("rule", summary.rules),
        ("open_question", summary.open_questions),
    ]
    for kind, counter in counters:
        for key, count in _ranked(counter):
            yield kind, key, count


def summary_csv(summary: BatchSummary) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["kind", "key", "count"])
    writer.writerows([spreadsheet_cell(cell) for cell in row] for row in rows(summary))
    return out.getvalue()


def _ranked(counter: Counter[str]) -> list[tuple[str, int]]:
    return sorted(counter.items(), key=lambda item: (-item[1], item[0]))


def summary_html(summary: BatchSummary, lang: str, rules: RuleBase | None = None, run_date: dt.date | None = None) -> str:
    from hjemmel import __version__
    from hjemmel.reports.summary_page import render_summary

    info = catalogue()
    day = run_date or dt.date.today()
    names = _Names(rules, lang, day)
    questions = [(info[fact].question(lang) if fact in info else fact, fact, count) for fact, count in _ranked(summary.open_questions)[:TOP]]
    sections = _ranked(Counter({f"{names.law(law)} § {section}": n for (law, section), n in summary.sections.items()}))
    run = None
    if rules is not None:
        run = {
            "date": day.isoformat() if lang == "en" else day.strftime("%d.%m.%Y"),
            "program": __version__,
            "version": rules.version,
            "digest": rules.digest[:19],
        }
    return render_summary(
        lang=lang,
        cases=summary.cases,
        assessed=summary.assessed,
        failed=summary.failed,
        errors=_ranked(summary.errors),
        kinds=_kinds(summary, lang),
        failures=[(source, case_id, translate_lines(message, lang)) for source, case_id, message in summary.failures[:FAILURES_SHOWN]],
        actors=[(names.actor(a), a, n) for a, n in _ranked(summary.actors)],
        laws=[(names.law(law), law, n) for law, n in _ranked(summary.laws)],
        sections=sections[:TOP],
        rules=[(names.rule(r), r, n) for r, n in _ranked(summary.rules)[:TOP]],
        questions=questions,
        run=run,
    )


def _kinds(summary: BatchSummary, lang: str) -> list[tuple[str, int]]:
    """The most frequent kinds of failure, in ``lang``: a kind is counted by its English message
    (as the error records have it); it is shown as the kind of that message in ``lang``, from the
    first failure of the kind that is kept (else as it is)."""
    kinds = _ranked(summary.kinds)[:TOP]
    if lang == "en":
        return kinds
    examples: dict[str, str] = {}
    for _source, _case_id, message in summary.failures:
        examples.setdefault(failure_kind(message), message)
    shown = []
    for kind, count in kinds:
        example = examples.get(kind)
        shown.append((failure_kind(translate_line(example.splitlines()[0], lang)) if example else kind, count))
    return shown


class _Names:
    """Actor, law and rule names as the reports show them (the ids when no rule base is given)."""

    def __init__(self, rules: RuleBase | None, lang: str, day: dt.date) -> None:
        self.rules, self.lang, self.day = rules, lang, day

    def actor(self, actor_id: str) -> str:
        actor = self.rules.actors.get(actor_id) if self.rules else None
        return actor.name(self.day, self.lang) if actor else actor_id

    def law(self, law_id: str) -> str:
        law = self.rules.laws.get(law_id) if self.rules else None
        return law.short.get(self.lang) if law else law_id

    def rule(self, rule_id: str) -> str:
        rule = self.rules.get(rule_id) if self.rules else None
        return f"{rule.title.get(self.lang)} ({self.law(rule.law)} § {rule.section})" if rule else rule_id
