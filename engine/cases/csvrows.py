"""CSV case files: one case per row, one outcome per row, always.

The header holds dotted field names (``person.birth_date``, ``housing.situation``, …); an
empty cell is unknown. Each physical line is one row (no case field holds a line break), so
a bad byte, an unterminated quote or an oversized cell is an error for that row alone, with
its line number, and the rows after it are still read. A row is at most ``limit`` bytes and
a cell at most ``csv.field_size_limit()`` characters. Duplicate header columns make every
row an error (which column would count is unknowable).

CSV holds text only, so cells are converted by the field's type before the (strict) case
model sees them: ``true``/``false`` (any case; Norwegian Excel's ``SANN``/``USANN``) for
yes/no fields, digits for whole numbers; dates stay text and are checked by the model.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any, BinaryIO, get_args

from hjemmel.cases.documents import Document
from hjemmel.cases.model import fact_fields
from hjemmel.cases.reading import iter_lines
from hjemmel.safe_text import shown_value

Cells = list[tuple[int, str, str]]  # (column number counting empty cells, field name, text) of each filled cell


# Separators a CSV file may use: the comma, and the semicolon that Excel writes where the
# decimal separator is a comma (Norwegian settings); a tab from copy and paste.
CSV_SEPARATORS = (",", ";", "\t")
_SEPARATOR_NAMES = {",": "commas (,)", ";": "semicolons (;)", "\t": "tabs"}
_FIELD_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?")
_NOT_UTF8_HINT = "in Excel, save as 'CSV UTF-8 (kommadelt)' / 'CSV UTF-8 (Comma delimited)'"


@dataclass(frozen=True)
class Row:
    """One CSV row: its filled cells, or the problem that stops it (with advice in ``hint``)."""

    line: int
    cells: Cells | None = None
    problem: str | None = None
    hint: str | None = None
    size: int = 0


def separator_of(header_line: str) -> str:
    """The separator of a CSV file, from its header line (field names never contain one)."""
    counts = {sep: header_line.count(sep) for sep in CSV_SEPARATORS}
    best = max(CSV_SEPARATORS, key=lambda sep: counts[sep])
    return best if counts[best] else ","


def _other_separator(row: list[str], separator: str, cells: int) -> str | None:
    """A separator that would split this row (read with ``separator``) into ``cells`` cells."""
    text = separator.join(row)
    for other in CSV_SEPARATORS:
        if other != separator and len(next(csv.reader([text], delimiter=other))) == cells:
            return other
    return None


def _split(text: str, delimiter: str) -> list[str]:
    return next(csv.reader([text], delimiter=delimiter, strict=True), [])


def _header_problem(header: list[str]) -> tuple[str, str | None] | None:
    if len(header) == 1 and not _FIELD_NAME.fullmatch(header[0]):
        return f"the header is one column, {shown_value(header[0])!r}", "separate the columns with commas (,) or semicolons (;), as Excel's CSV export does"
    seen: dict[str, int] = {}
    for column, name in enumerate(header, start=1):
        if name in seen:
            return f"the header has the column {shown_value(name)!r} twice (columns {seen[name]} and {column}): every row is left out", None
        seen[name] = column
    return None


class CsvRows:
    """The non-blank data rows of a CSV file, in order; ``header_seen`` once the header was read."""

    def __init__(self, handle: BinaryIO, limit: int) -> None:
        self.lines = iter_lines(handle, limit)
        self.limit = limit
        self.header_seen = False

    def _header(self) -> tuple[list[str], str, tuple[str, str | None] | None] | None:
        """The header's cells, the separator and the problem that makes every row an error, if any."""
        for number, raw in self.lines:
            if raw is not None and not raw.strip():
                continue
            self.header_seen = True
            if raw is None:
                return [], ",", (f"the header (line {number}) is longer than {self.limit} bytes", None)
            try:
                text = raw.decode("utf-8").removeprefix("\ufeff")
            except UnicodeDecodeError:
                return [], ",", ("the file is not UTF-8", _NOT_UTF8_HINT)
            separator = separator_of(text)
            try:
                header = [h.strip() for h in _split(text, separator)]
            except csv.Error as exc:
                return [], separator, (f"the header is not valid CSV: {exc}", None)
            return header, separator, _header_problem(header)
        return None

    def __iter__(self) -> Iterator[Row]:
        found = self._header()
        if found is None:
            return
        header, separator, problem = found
        for number, raw in self.lines:
            if raw is None:
                yield Row(number, problem=f"row longer than {self.limit} bytes")
            elif not raw.strip():
                continue
            elif problem is not None:
                yield Row(number, problem=problem[0], hint=problem[1], size=len(raw))
            elif (row := _row(number, raw, header, separator)).cells != []:  # a row of empty cells is a blank line
                yield row


def _row(number: int, raw: bytes, header: list[str], separator: str) -> Row:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return Row(number, problem=f"the row is not UTF-8 (byte 0x{raw[exc.start]:02x} cannot be decoded)", hint=_NOT_UTF8_HINT, size=len(raw))
    try:
        row = _split(text, separator)
    except csv.Error as exc:
        return Row(number, problem=f"invalid CSV: {exc}", size=len(raw))
    if not any(cell.strip() for cell in row):
        return Row(number, cells=[], size=len(raw))
    if len(row) != len(header):
        other = _other_separator(row, separator, len(header))
        hint = f"this row is separated by {_SEPARATOR_NAMES[other]}, the header by {_SEPARATOR_NAMES[separator]}: use one separator" if other else None
        return Row(number, problem=f"expected {len(header)} cells as in the header, found {len(row)}", hint=hint, size=len(raw))
    cells = [(column, name, value) for column, (name, value) in enumerate(zip(header, row), start=1) if value.strip() != ""]
    return Row(number, cells=cells, size=len(raw))


_TRUE = frozenset({"true", "sann"})
_FALSE = frozenset({"false", "usann"})
_WHOLE = re.compile(r"[+-]?[0-9]{1,18}")


@cache
def _kinds() -> dict[str, str]:
    """``"bool"`` or ``"int"`` for every field whose cells are converted."""
    out: dict[str, str] = {}
    for path, annotation in fact_fields().items():
        types = set(get_args(annotation)) | {annotation}
        if bool in types:
            out[path] = "bool"
        elif int in types:
            out[path] = "int"
    return out


def cell_value(name: str, text: str) -> Any:
    """A cell's text as the field's type (text that does not convert stays text: the model reports it)."""
    kind = _kinds().get(name)
    if kind == "bool":
        folded = text.casefold()
        if folded in _TRUE:
            return True
        if folded in _FALSE:
            return False
    elif kind == "int" and _WHOLE.fullmatch(text):
        return int(text)
    return text


def csv_document(cells: Cells, file: str, line: int) -> Document:
    """The case in one row as a document whose positions are (line, column) of each cell."""
    data: dict[str, Any] = {}
    positions: dict[tuple[str | int, ...], tuple[int, int]] = {}
    for column, name, raw in cells:
        value = cell_value(name, raw.strip())
        parts = name.split(".", 1)
        if len(parts) == 1:
            data[name] = value
            positions[(name,)] = (line, column)
        else:
            section = data.setdefault(parts[0], {})
            if not isinstance(section, dict):
                section = data[parts[0]] = {}
            section[parts[1]] = value
            positions[(parts[0], parts[1])] = (line, column)
            positions.setdefault((parts[0],), (line, column))
    positions[()] = (line, 1)
    return Document(data=data, file=file, positions=positions, kind="csv")
