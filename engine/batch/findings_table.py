"""The findings table: one row per finding, for Excel, a database or pandas.

Columns: ``case_id, assessment_date, rule, actor, law, section, kind, until, uncertain,
discretion`` (an impact adds ``change``: ``gained`` or ``lost``). A row is a pure function
of one output line (``line_rows``), so the same rows come from an assessment in memory, a
batch line, an impact line, or — when a run is resumed — the lines already written.

In CSV an unknown ``until`` or ``discretion`` is an empty cell, booleans are ``true``/``false``
and dates ``YYYY-MM-DD``; text a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``,
tab, CR first) gets a leading ``'`` (``hjemmel.safe_text.spreadsheet_cell``). The file is UTF-8 with a byte-order mark (so Excel reads æ, ø, å);
the ``excel-nb`` dialect separates cells with semicolons, as Norwegian Excel expects.

In Python, ``findings_rows(assess_many(...))`` gives the same rows as dicts with typed values
(dates as ``datetime.date``, ``uncertain`` as bool), and ``findings_frame`` a pandas DataFrame
(``pip install 'hjemmel[pandas]'``).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO, Any

from hjemmel.safe_text import spreadsheet_cell

COLUMNS = ("case_id", "assessment_date", "rule", "actor", "law", "section", "kind", "until", "uncertain", "discretion")
IMPACT_COLUMNS = (*COLUMNS, "change")


class _ExcelNb(csv.excel):
    """Norwegian Excel: semicolons between cells (the comma is the decimal sign)."""

    delimiter = ";"


DIALECTS: dict[str, type[csv.Dialect]] = {"excel": csv.excel, "excel-nb": _ExcelNb}
ENCODING = "utf-8-sig"  # UTF-8 with a byte-order mark

Row = tuple[object, ...]


def _day(value: object) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def _discretion(value: object) -> str | None:
    """What the caseworker's judgment turns on, as one cell: the text itself, or the texts of a structured value."""
    if value is None or value == "" or value is False:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, Mapping):
        for key in ("text", "turns_on", "summary"):
            if isinstance(value.get(key), str):
                return str(value[key])
        return "; ".join(str(v) for v in value.values() if isinstance(v, str)) or json.dumps(value, ensure_ascii=False, default=str)
    if isinstance(value, (list, tuple)):
        return "; ".join(filter(None, (_discretion(v) for v in value)))
    return str(value)


def _row(case_id: object, day: object, finding: Mapping[str, Any]) -> Row:
    return (
        case_id,
        _day(day),
        finding["rule"],
        finding["actor"],
        finding["law"],
        finding["section"],
        finding["kind"],
        _day(finding.get("until")),
        bool(finding.get("uncertain", False)),
        _discretion(finding.get("discretion")),
    )


def assessment_rows(data: Mapping[str, Any]) -> Iterator[Row]:
    """The rows of one assessment (plain data or a parsed batch line)."""
    for finding in data["findings"]:
        yield _row(data["case_id"], data["assessment_date"], finding)


def impact_rows(data: Mapping[str, Any]) -> Iterator[Row]:
    """The rows of one impact line: comparing dates, each finding gained (as of ``to``) or lost (as
    of ``from``); comparing laws or a reform, both as of the line's ``date``, the one day the facts
    are assessed on (``from`` and ``to`` of a law line are the days of the two laws, not of the facts)."""
    fixed_day = data.get("compare") in ("law", "reform")
    for change, day in (("gained", data["date"] if fixed_day else data["to"]), ("lost", data["date"] if fixed_day else data["from"])):
        for finding in data[change]:
            yield (*_row(data["case_id"], day, finding), change)


def line_rows(data: Mapping[str, Any]) -> Iterator[Row]:
    """The rows of any output line; an error record has none."""
    if "error" in data:
        return iter(())
    if "gained" in data:
        return impact_rows(data)
    return assessment_rows(data)


def _cell(value: object) -> object:
    """One CSV cell: unknown empty, booleans and dates as text, formulas neutralised."""
    if value is None:
        return ""
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    return spreadsheet_cell(value)


def table_text(rows: Iterable[Row], dialect: str) -> str:
    """Rows as CSV text in ``dialect`` (``excel`` or ``excel-nb``)."""
    out = io.StringIO()
    writer = csv.writer(out, dialect=DIALECTS[dialect])
    writer.writerows([_cell(v) for v in row] for row in rows)
    return out.getvalue()


def header_text(dialect: str, impact: bool = False) -> str:
    return table_text([IMPACT_COLUMNS if impact else COLUMNS], dialect)


def rebuild_table(output: Path, table: IO[str], dialect: str, impact: bool = False) -> None:
    """Write the header and the rows of every line already in ``output`` (used when resuming).

    The table is a function of the output lines, so after an interruption it is rebuilt
    from the complete lines the run keeps, and the run goes on appending to both.
    """
    table.write(header_text(dialect, impact))
    if not output.exists():
        return
    with output.open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                table.write(table_text(line_rows(json.loads(line)), dialect))


# --- the same rows in Python ----------------------------------------------------------------


def findings_rows(results: Iterable[object]) -> Iterator[dict[str, object]]:
    """One dict per finding of each assessment in ``results``, with the columns of the findings table.

    ``results`` may hold ``Assessment`` objects (as ``assess_many`` yields them), plain
    assessment data or parsed batch/impact lines; errors (exceptions, error records) are
    skipped. Values are typed: dates as ``datetime.date``, ``until`` and ``discretion`` None
    when unknown, ``uncertain`` a bool::

        rows = list(findings_rows(assess_many(cases, on=datetime.date(2024, 3, 1))))
    """
    for result in results:
        if isinstance(result, BaseException):
            continue
        data: Mapping[str, Any]
        if isinstance(result, Mapping):
            data = result
        else:
            dump = getattr(result, "model_dump", None)
            if dump is None:
                raise TypeError(f"not an assessment: {type(result).__name__}")
            data = dump(by_alias=True)
        rows = list(line_rows(data))
        columns = IMPACT_COLUMNS if "gained" in data else COLUMNS
        for row in rows:
            yield dict(zip(columns, row, strict=True))


def findings_frame(results: Iterable[object]) -> Any:
    """The findings table as a pandas DataFrame (needs ``pip install 'hjemmel[pandas]'``).

    The same rows and columns as ``findings_rows`` and ``batch --findings``::

        frame = findings_frame(assess_many(cases))
        frame.groupby(["actor", "law"]).size()
    """
    try:
        import pandas  # type: ignore[import-untyped,unused-ignore]
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError("findings_frame needs pandas: pip install 'hjemmel[pandas]'") from exc
    rows = list(findings_rows(results))
    columns = list(IMPACT_COLUMNS if rows and "change" in rows[0] else COLUMNS)
    return pandas.DataFrame(rows, columns=columns)
