"""Batch evaluation: every input case yields exactly one output line, in input order.

An output line is either an assessment (the JSON contract) or an error record
``{"case_id": …, "source": "file[:line]", "error": {…}}``. One bad case never stops
the batch.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from .case_loader import CaseRecord, iter_records
from .errors import HjemmelError
from .evaluator import Evaluator
from .files import atomic_write_text


@dataclass
class BatchSummary:
    cases: int = 0
    assessed: int = 0
    failed: int = 0
    errors: Counter[str] = field(default_factory=Counter)
    actors: Counter[str] = field(default_factory=Counter)
    rules: Counter[str] = field(default_factory=Counter)
    laws: Counter[str] = field(default_factory=Counter)
    sections: Counter[tuple[str, str]] = field(default_factory=Counter)
    open_questions: Counter[str] = field(default_factory=Counter)
    failures: list[tuple[str, str | None, str]] = field(default_factory=list)  # (source, case id, message), first 1000

    def add(self, outcome: Outcome, source: str) -> None:
        """Count one processed case."""
        self.cases += 1
        if outcome.error_type is not None:
            self.failed += 1
            self.errors[outcome.error_type] += 1
            if len(self.failures) < 1000:
                self.failures.append((source, outcome.case_id, outcome.error_message or outcome.error_type))
            return
        self.assessed += 1
        for finding in outcome.assessment.findings:
            self.actors[finding.actor] += 1
            self.rules[finding.rule] += 1
            self.laws[finding.law] += 1
            self.sections[(finding.law, finding.section)] += 1
        for question in outcome.assessment.open_questions:
            self.open_questions[question.fact] += 1

    @property
    def ok(self) -> bool:
        return self.failed == 0


@dataclass(frozen=True)
class Outcome:
    """One processed case: the JSON line and, when assessed, the assessment."""

    line: str
    case_id: str | None
    error_type: str | None = None
    assessment: Any = None
    error_message: str | None = None


def error_record(record: CaseRecord, error: dict[str, Any]) -> str:
    return json.dumps({"case_id": record.case_id, "source": record.source, "error": error}, ensure_ascii=False, sort_keys=False)


def process(
    record: CaseRecord,
    evaluator: Evaluator,
    *,
    on: dt.date | None,
    lang: str,
    today: dt.date | None = None,
) -> Outcome:
    """Assess one case record; never raises."""
    if record.error is not None:
        return Outcome(error_record(record, record.error.to_json()), record.case_id, record.error.code, error_message=record.error.format())
    assert record.case is not None
    try:
        assessment = evaluator.assess(record.case, on=on, lang=lang, today=today, source=record.source)
    except HjemmelError as exc:
        return Outcome(error_record(record, exc.to_json()), record.case.id, exc.code, error_message=exc.format())
    except Exception as exc:  # a bug must not lose the case: record it and go on
        error = {"type": "internal", "message": f"internal error: {type(exc).__name__}: {exc}", "problems": []}
        return Outcome(error_record(record, error), record.case.id, "internal", error_message=error["message"])
    line = json.dumps(assessment.to_json_dict(), ensure_ascii=False)
    return Outcome(line, record.case.id, None, assessment)


def dedupe_ids(records: Iterable[CaseRecord]) -> Iterator[CaseRecord]:
    """Turn a repeated case id in one batch into an error record for the repeat."""
    from .errors import CaseFileError, Problem

    first: dict[str, str] = {}
    for record in records:
        case_id = record.case.id if record.case is not None else None
        if case_id is not None:
            if case_id in first:
                problem = Problem(f"duplicate case id '{case_id}' (first used at {first[case_id]})", file=record.source, path="id")
                yield CaseRecord(source=record.source, error=CaseFileError("duplicate case id", [problem]), case_id=case_id)
                continue
            first[case_id] = record.source
        yield record


def run_batch(
    inputs: Iterable[str | os.PathLike[str]],
    out: IO[str],
    evaluator: Evaluator,
    *,
    on: dt.date | None = None,
    lang: str = "nb",
    reports_dir: Path | None = None,
    report_format: str = "html",
    today: dt.date | None = None,
) -> BatchSummary:
    """Assess every case of ``inputs``, writing one JSON line per case to ``out``."""
    summary = BatchSummary()
    for record in dedupe_ids(iter_records(inputs)):
        outcome = process(record, evaluator, on=on, lang=lang, today=today)
        out.write(outcome.line + "\n")
        summary.add(outcome, record.source)
        if reports_dir is not None and outcome.assessment is not None:
            write_report(outcome.assessment, reports_dir, report_format)
    out.flush()
    return summary


def report_path(reports_dir: Path, case_id: str, report_format: str) -> Path:
    """A file name derived from the case id alone (ids are [A-Za-z0-9._-]{1,64})."""
    suffix = {"html": ".html", "markdown": ".md", "text": ".txt", "json": ".json"}[report_format]
    name = case_id.replace("..", "_") + suffix
    path = (reports_dir / name).resolve()
    if path.parent != reports_dir.resolve():  # pragma: no cover - ids cannot contain '/'
        raise ValueError(f"unsafe report name for case {case_id!r}")
    return path


def write_report(assessment: Any, reports_dir: Path, report_format: str) -> Path:
    from reports import render

    path = report_path(reports_dir, assessment.case_id, report_format)
    atomic_write_text(path, render(assessment, report_format))
    return path
