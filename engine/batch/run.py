"""Batch evaluation: every input case yields exactly one output line, in input order.

An output line is either an assessment (the JSON contract) or an error record
``{"case_id": …, "source": "file[:line]", "error": {…}}``. One bad case never stops the
batch. With ``workers > 1`` the cases are parsed and assessed in worker processes, each
with its own durable-rules host; the main process only reads item boundaries, keeps the
output in input order (byte-identical to one worker) and writes it. At most a bounded
number of chunks is in flight, so memory does not grow with the number of cases.
"""

from __future__ import annotations

import concurrent.futures as futures
import datetime as dt
import multiprocessing
import os
import re
import time
from collections import Counter, deque
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Protocol

from hjemmel import interrupts
from hjemmel.assessment import Assessment, contract_json, lean
from hjemmel.batch.findings_table import assessment_rows, table_text
from hjemmel.batch.seen import SeenIds
from hjemmel.batch.workers import children, die_with_parent, starting_workers, stop_workers, worker_signals
from hjemmel.batch.writer import Sink, Writer
from hjemmel.cases.inputs import Item, iter_items, parse_item
from hjemmel.cases.loading import CaseRecord
from hjemmel.errors import CaseFileError, ErrorData, HjemmelError, Problem
from hjemmel.evaluator import Evaluator
from hjemmel.rulebase.loading import load_rules
from hjemmel.safe_text import mask_national_ids, shown

# (pydantic reads TypedDicts from typing_extensions only on Python 3.11: the output schemas need it)
from typing_extensions import TypedDict

CHUNK = 200
IN_FLIGHT_PER_WORKER = 4


@dataclass(frozen=True)
class Result:
    """What one item produced, small enough to send between processes."""

    source: str
    line: str
    case_id: str | None
    error_type: str | None = None
    error_message: str | None = None
    findings: tuple[tuple[str, str, str, str], ...] = ()  # (actor, rule, law, section)
    questions: tuple[str, ...] = ()
    report: str | None = None  # rendered report text, when --reports is asked for
    rows: str = ""  # the case's rows of the findings table (CSV text), when --findings is asked for
    extra: Any = None  # what a job other than the assessment counts (see ``Job``), e.g. an impact


_LOCATION = re.compile(r"^(?:[^\n]*?:\d+(?::\d+)?: )?(?:[\w.\[\]-]+: )?")
_VALUES = re.compile(r"'[^']*'|\"[^\"]*\"|«[^»]*»|\b\d[\d\-.:/]*\b")


def failure_kind(message: str) -> str:
    """The kind of a failure: its first problem's message without the location and the values
    (``cases/a.yaml:14: immigration.permit_date: 2023-11-20 is after …`` → ``… is after …``)."""
    first = message.splitlines()[0] if message else ""
    return _VALUES.sub("…", _LOCATION.sub("", first, count=1))[:120]


@dataclass
class BatchSummary:
    cases: int = 0
    assessed: int = 0
    failed: int = 0
    skipped: int = 0  # already in the output when resuming
    seconds: float = 0.0
    errors: Counter[str] = field(default_factory=Counter)
    actors: Counter[str] = field(default_factory=Counter)
    rules: Counter[str] = field(default_factory=Counter)
    laws: Counter[str] = field(default_factory=Counter)
    sections: Counter[tuple[str, str]] = field(default_factory=Counter)
    open_questions: Counter[str] = field(default_factory=Counter)
    failures: list[tuple[str, str | None, str]] = field(default_factory=list)  # (source, case id, message), first 1000
    kinds: Counter[str] = field(default_factory=Counter)  # failures by kind of message (failure_kind)
    interrupted: bool = False
    bytes_done: int = 0  # input bytes behind the cases written so far (progress display)
    bytes_skipped: int = 0  # of which already in the output when resuming
    bytes_total: int | None = None
    broken: str | None = None  # a worker process died: why (the run stopped there)
    whole: bool = False  # the counts include the lines already in the output (a resumed run)

    @property
    def ok(self) -> bool:
        return self.failed == 0 and not self.interrupted and self.broken is None

    @property
    def lines(self) -> int:
        """Lines in the output after this run (the earlier ones too, when resumed)."""
        return self.cases if self.whole else self.skipped + self.cases

    def add(self, result: Result) -> None:
        """Count one processed case."""
        self.cases += 1
        if result.error_type is not None:
            self.failed += 1
            self.errors[result.error_type] += 1
            self.kinds[failure_kind(result.error_message or result.error_type)] += 1
            if len(self.failures) < 1000:
                case_id = mask_national_ids(result.case_id) if result.case_id else None
                self.failures.append((mask_national_ids(result.source), case_id, result.error_message or result.error_type))
            return
        self.assessed += 1
        for actor, rule, law, section in result.findings:
            self.actors[actor] += 1
            self.rules[rule] += 1
            self.laws[law] += 1
            self.sections[(law, section)] += 1
        for fact in result.questions:
            self.open_questions[fact] += 1


class Job(Protocol):
    """What a batch does with each case (picklable: it is sent to the worker processes).

    The batch machinery (streaming, workers, order, resume, duplicates, interruption) is the
    same for every job; ``Options`` is the assessment, ``hjemmel.batch.impact`` another job.
    """

    def process(self, record: CaseRecord, evaluator: Evaluator) -> Result: ...


@dataclass(frozen=True)
class Options:
    """The assessment job: one assessment (or error record) per case."""

    on: dt.date | None = None
    lang: str = "nb"
    today: dt.date | None = None
    report_format: str | None = None  # render a report per case in this format
    table: str | None = None  # CSV dialect of the findings table, when one is written
    full: bool = False  # write the report-only additions too (``assess --format json``)

    def process(self, record: CaseRecord, evaluator: Evaluator) -> Result:
        return process(record, evaluator, self)


# Characters that some line readers (str.splitlines, JavaScript) treat as line breaks:
# escaped so that one JSON line is one line for every reader.
_LINE_BREAKS = (("\x85", "\\u0085"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029"))


def json_line(data: Mapping[str, object]) -> str:
    """One output line: the contract JSON of an assessment or an error record, line breaks escaped."""
    line = contract_json(data)
    for char, escaped in _LINE_BREAKS:
        if char in line:
            line = line.replace(char, escaped)
    return line


class ErrorRecord(TypedDict):
    """The line of a case that could not be read or assessed (``batch``, ``impact``, ``verify``):
    its id when known, where it was read from, and the error."""

    case_id: str | None
    source: str
    error: ErrorData


def error_line(source: str, case_id: str | None, error: ErrorData) -> str:
    """An error record; a national id in the source (a file name) or the id is masked."""
    record: ErrorRecord = {"case_id": mask_national_ids(case_id) if case_id else case_id, "source": mask_national_ids(source), "error": error}
    return json_line(record)


def read_item(item: Item) -> CaseRecord:
    """``parse_item`` inside the per-case safety net: whatever one item holds, it becomes a record."""
    try:
        return parse_item(item)
    except Exception as exc:  # a reader bug must not stop the batch: record it and go on
        problem = Problem(f"internal error while reading: {type(exc).__name__}: {exc}", file=item.source)
        return CaseRecord(source=item.source, error=CaseFileError("internal error while reading", [problem]))


def process(record: CaseRecord, evaluator: Evaluator, options: Options) -> Result:
    """Assess one case record; never raises."""
    if record.case is None:
        return record_failure(record)
    case = record.case
    try:
        extras = options.full or options.report_format is not None
        data = evaluator.assess_data(case, on=options.on, lang=options.lang, today=options.today, source=record.source, extras=extras)
        report = None
        if options.report_format is not None:
            from hjemmel.reports import render

            report = render(Assessment.model_validate(data), options.report_format)
        line = json_line(data if options.full else lean(data))
    except Exception as exc:  # a bug must not lose the case: record it and go on
        return case_failure(record, case.id, exc)
    return Result(
        source=record.source,
        line=line,
        case_id=case.id,
        findings=tuple((f["actor"], f["rule"], f["law"], f["section"]) for f in data["findings"]),
        questions=tuple(q["fact"] for q in data["open_questions"]),
        report=report,
        rows=table_text(assessment_rows(data), options.table) if options.table is not None else "",
    )


def record_failure(record: CaseRecord) -> Result:
    """The error record of a case that could not be read or validated."""
    error = record.error
    assert error is not None
    return Result(record.source, error_line(record.source, record.case_id, error.to_json()), record.case_id, error.code, error.format())


def case_failure(record: CaseRecord, case_id: str, exc: Exception) -> Result:
    """The error record of a case whose evaluation failed: a located error, or a bug kept as ``internal``."""
    if isinstance(exc, HjemmelError):
        return Result(record.source, error_line(record.source, case_id, exc.to_json()), case_id, exc.code, exc.format())
    message = shown(f"internal error: {type(exc).__name__}: {exc}")
    internal: ErrorData = {"type": "internal", "message": message, "problems": []}
    return Result(record.source, error_line(record.source, case_id, internal), case_id, "internal", message)


# --- worker processes -------------------------------------------------------------------

_WORKER: dict[str, Any] = {}


def _init_worker(rules_dir: str | None, digest: str, job: Job, parent: int) -> None:
    die_with_parent(parent)
    worker_signals()  # the main process handles Ctrl-C
    rules = load_rules(rules_dir)
    if rules.digest != digest:
        raise RuntimeError("the rule base changed while the batch was starting")
    _WORKER["evaluator"] = Evaluator(rules)
    _WORKER["job"] = job


def _work(items: list[Item]) -> list[Result]:
    evaluator: Evaluator = _WORKER["evaluator"]
    job: Job = _WORKER["job"]
    return [job.process(read_item(item), evaluator) for item in items]


def _chunks(items: Iterator[Item], size: int) -> Iterator[list[Item]]:
    chunk: list[Item] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _parallel(
    chunks: Iterator[list[Item]], workers: int, rules_dir: str | None, digest: str, job: Job, idle: Callable[[], None]
) -> Generator[tuple[Result, int], None, None]:
    """The results of the chunks, in order, from ``workers`` processes; ``idle()`` is called
    before waiting for a chunk that is not done (the writer writes its pending lines)."""
    context = multiprocessing.get_context("spawn")
    before = children()
    initargs = (rules_dir, digest, job, os.getpid())
    pool = futures.ProcessPoolExecutor(workers, mp_context=context, initializer=_init_worker, initargs=initargs)
    pending: deque[tuple[futures.Future[list[Result]], list[int]]] = deque()

    def done() -> Iterator[tuple[Result, int]]:
        future, sizes = pending.popleft()
        if not future.done():
            idle()
        yield from zip(future.result(), sizes, strict=True)

    try:
        for chunk in chunks:
            with starting_workers():  # a worker started here begins with Ctrl-C blocked
                pending.append((pool.submit(_work, chunk), [item.size for item in chunk]))
            if len(pending) >= workers * IN_FLIGHT_PER_WORKER:
                yield from done()
        while pending:
            yield from done()
    except BaseException:
        # Interrupted, a broken pool, or the consumer stopped: never wait for a worker that
        # may be stuck; kill them and go.
        stop_workers(pool, before)
        raise
    pool.shutdown(wait=True)


def _serial(chunks: Iterator[list[Item]], evaluator: Evaluator, job: Job) -> Generator[tuple[Result, int], None, None]:
    for chunk in chunks:
        for item in chunk:
            yield job.process(read_item(item), evaluator), item.size


# --- the batch -----------------------------------------------------------------------------


def _duplicate(result: Result) -> Result:
    problem = Problem(f"duplicate case id '{result.case_id}': an earlier case in this batch has the same id", file=result.source, path="id")
    error = CaseFileError("duplicate case id", [problem])
    return Result(result.source, error_line(result.source, result.case_id, error.to_json()), result.case_id, error.code, error.format())


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
    workers: int = 1,
    skip: int = 0,
    seen_ids: Iterable[str] = (),
    progress: Callable[[BatchSummary], None] | None = None,
    bytes_total: int | None = None,
    findings: IO[str] | None = None,
    csv_dialect: str = "excel",
    job: Job | None = None,
    summary: BatchSummary | None = None,
    full: bool = False,
    exclude: frozenset[str] = frozenset(),
    writer: Sink | None = None,
) -> BatchSummary:
    """Assess every case of ``inputs``, writing one JSON line per case to ``out``.

    ``skip`` items are passed over (they are already in the output when resuming). A
    KeyboardInterrupt stops the batch after the last complete line; the summary says so.
    With ``findings`` each case's rows of the findings table are written there too, in the
    same order. Each line is the contract with the small additions an analyst counts on;
    ``full`` adds the report-only additions (``hjemmel.assessment.REPORT_ONLY``). ``job`` replaces the assessment by another job (``hjemmel.batch.impact``),
    counted into ``summary`` (a ``BatchSummary`` subclass that knows the job's results); a
    resumed run may pass the counts of the lines already written as ``summary``. A failure to
    write (a full disk) raises ``OutputError`` after the last complete line. ``exclude`` holds
    the real paths of the run's own outputs, which a glob never reads back. ``writer`` (from
    ``hjemmel.batch.outputs``) replaces ``out``, ``findings`` and ``reports_dir``.
    """
    if job is None:
        table = csv_dialect if findings is not None or (writer is not None and writer.findings is not None) else None
        reports = reports_dir is not None or (writer is not None and writer.reports_dir is not None)
        job = Options(on=on, lang=lang, today=today or dt.date.today(), report_format=report_format if reports else None, table=table, full=full)
    summary = summary if summary is not None else BatchSummary()
    summary.skipped, summary.bytes_total = skip, bytes_total
    seen = SeenIds()
    for case_id in seen_ids:
        seen.add(case_id)
    items = iter_items(inputs, exclude)
    for _ in range(skip):
        skipped = next(items, None)
        if skipped is None:
            break
        summary.bytes_done += skipped.size
        summary.bytes_skipped += skipped.size
    chunks = _chunks(items, CHUNK)
    rules_dir = str(evaluator.rules.root) if evaluator.rules.root is not None else None
    if writer is None:
        writer = Writer(out, out_name=_name(out), findings=findings, reports_dir=reports_dir, report_format=report_format)
    if workers > 1:
        results = _parallel(chunks, workers, rules_dir, evaluator.rules.digest, job, writer.flush)
    else:
        results = _serial(chunks, evaluator, job)
    started = time.perf_counter()
    last_tick = started
    try:
        for result, size in results:
            interrupts.check()  # a Ctrl-C kept while starting (hjemmel.interrupts)
            summary.bytes_done += size
            if result.error_type is None and result.case_id is not None and not seen.add(result.case_id):
                result = _duplicate(result)
            writer.write(result)
            summary.add(result)
            if progress is not None and time.perf_counter() - last_tick > 0.25:
                last_tick = time.perf_counter()
                summary.seconds = last_tick - started
                progress(summary)
        writer.finish()
    except KeyboardInterrupt:
        summary.interrupted = True
        writer.flush()  # the lines of the cases assessed so far (the writer keeps them a moment); verify checks no further
    except BrokenProcessPool as exc:
        # A worker died (killed, out of memory, a crash in native code): stop cleanly after
        # the last complete line so the run can be resumed.
        summary.broken = f"a worker process stopped unexpectedly ({exc})"
        writer.flush()
    finally:
        results.close()
        summary.seconds = time.perf_counter() - started
    return summary


def _name(out: IO[str]) -> str:
    name = getattr(out, "name", None)
    return name if isinstance(name, str) else "the results file"
