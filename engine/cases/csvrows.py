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


@dataclass(frozen=True)
class Row:
    """One CSV row: its filled cells, or the problem that stops it."""

    line: int
    cells: Cells | None = None
    problem: str | None = None
    size: int = 0


def _decode(raw: bytes, first: bool) -> str:
    if first and raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    return raw.decode("utf-8")


def _split(text: str, delimiter: str) -> list[str]:
    return next(csv.reader([text], delimiter=delimiter, strict=True), [])


def _header_problem(header: list[str]) -> str | None:
    seen: dict[str, int] = {}
    for column, name in enumerate(header, start=1):
        if name in seen:
            return f"the header has the column {shown_value(name)!r} twice (columns {seen[name]} and {column}): every row is left out"
        seen[name] = column
    return None


def csv_rows(handle: BinaryIO, limit: int, delimiter: str = ",") -> Iterator[Row]:
    """Every non-blank data row of a CSV file (the header is read first; errors per row)."""
    lines = iter_lines(handle, limit)
    header: list[str] | None = None
    header_problem: str | None = None
    for number, raw in lines:
        if raw is None:
            header_problem = f"the header (line {number}) is longer than {limit} bytes"
        elif raw.strip():
            try:
                header = [h.strip() for h in _split(_decode(raw, number == 1), delimiter)]
                header_problem = _header_problem(header)
            except UnicodeDecodeError:
                header_problem = "the header is not UTF-8 (save the file as UTF-8)"
            except csv.Error as exc:
                header_problem = f"the header is not valid CSV: {exc}"
        else:
            continue
        break
    else:
        return
    for number, raw in lines:
        if raw is None:
            yield Row(number, problem=f"row longer than {limit} bytes")
            continue
        if not raw.strip():
            continue
        if header_problem is not None or header is None:
            yield Row(number, problem=header_problem or "the header is missing", size=len(raw))
            continue
        row = _row(number, raw, header, delimiter)
        if row.cells != []:  # a row of empty cells is a blank line
            yield row


def _row(number: int, raw: bytes, header: list[str], delimiter: str) -> Row:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return Row(number, problem=f"the row is not UTF-8 (byte 0x{raw[exc.start]:02x} cannot be decoded); save the file as UTF-8", size=len(raw))
    try:
        row = _split(text, delimiter)
    except csv.Error as exc:
        return Row(number, problem=f"invalid CSV: {exc}", size=len(raw))
    if not any(cell.strip() for cell in row):
        return Row(number, cells=[], size=len(raw))
    if len(row) != len(header):
        return Row(number, problem=f"expected {len(header)} cells as in the header, found {len(row)}", size=len(raw))
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
    return Document(data=data, file=file, positions=positions)
