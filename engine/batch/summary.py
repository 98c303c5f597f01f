"""Write a batch summary as a self-contained HTML page or as CSV (``kind,key,count``).

The format follows the suffix of the path: ``.html`` or ``.csv``; anything else is a
ValueError. The page has no scripts and no external assets; its bar chart is inline SVG.
"""

from __future__ import annotations

import csv
import io
import pathlib
from collections import Counter
from collections.abc import Iterator

from hjemmel.batch.run import BatchSummary
from hjemmel.cases.facts import catalogue
from hjemmel.files import atomic_write_text
from hjemmel.safe_text import spreadsheet_cell

TOP = 15  # rows in each "most frequent" table
FAILURES_SHOWN = 20


def write_summary(summary: BatchSummary, path: pathlib.Path, lang: str) -> None:
    """Write ``summary`` to ``path`` as HTML or CSV, chosen by the suffix."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        atomic_write_text(path, summary_csv(summary))
    elif suffix in (".html", ".htm"):
        atomic_write_text(path, summary_html(summary, lang))
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


def summary_html(summary: BatchSummary, lang: str) -> str:
    from hjemmel.reports.summary_page import render_summary

    info = catalogue()
    questions = [(info[fact].question(lang) if fact in info else fact, fact, count) for fact, count in _ranked(summary.open_questions)[:TOP]]
    sections = _ranked(Counter({f"{law} § {section}": n for (law, section), n in summary.sections.items()}))
    return render_summary(
        lang=lang,
        cases=summary.cases,
        assessed=summary.assessed,
        failed=summary.failed,
        errors=_ranked(summary.errors),
        failures=summary.failures[:FAILURES_SHOWN],
        actors=_ranked(summary.actors),
        laws=_ranked(summary.laws),
        sections=sections[:TOP],
        rules=_ranked(summary.rules)[:TOP],
        questions=questions,
    )
