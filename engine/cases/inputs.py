"""Case inputs: one case file (``load_case``), or streams of many for a batch: files, folders
(recursively), globs, JSON Lines and CSV.

Reading is split in two so that a batch can run in parallel:
- ``iter_items`` (in the main process) walks the inputs and yields small ``Item``s in a
  stable order without parsing them: a case file's path, one JSON Lines line, one CSV row;
- ``parse_item`` (in any worker) turns an item into a ``CaseRecord``.
Each item yields exactly one output line, so nothing is lost and ``--resume`` can count.
Nothing loads a whole input into memory.
"""

from __future__ import annotations

import csv
import glob
import itertools
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hjemmel.cases.loading import CASE_SUFFIXES, CaseRecord, read_file_record, record_from_document
from hjemmel.cases.model import Case
from hjemmel.cases.documents import MAX_BYTES, Document, DocumentError, parse_json
from hjemmel.errors import CaseFileError, Problem

CSV_SUFFIX = ".csv"
MAX_LINE_BYTES = MAX_BYTES


@dataclass(frozen=True)
class Item:
    """One unit of batch work: exactly one output line comes from it."""

    source: str
    kind: str  # "file" | "jsonl" | "csv" | "error"
    payload: Any = None
    line: int = 0
    size: int = 0  # bytes of input it covers (for the progress display)


def _error(source: str, message: str, line: int | None = None, hint: str | None = None) -> Item:
    problem = Problem(message, file=source, line=line, hint=hint)
    return Item(source=source if line is None else f"{source}:{line}", kind="error", payload=CaseFileError(message, [problem]))


def _expand(item: str | os.PathLike[str]) -> Iterator[Path | Item]:
    text = os.fspath(item)
    path = Path(text)
    if not path.exists() and any(ch in text for ch in "*?["):
        matches = sorted(glob.glob(text, recursive=True))
        if not matches:
            yield _error(text, "no file matches this pattern")
        for match in matches:
            yield from _expand(match)
        return
    if path.is_dir():
        found = False
        for root, dirs, files in os.walk(path):
            dirs.sort()
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            for name in sorted(files):
                if name.lower().endswith((*CASE_SUFFIXES, CSV_SUFFIX)) and not name.startswith("."):
                    found = True
                    yield Path(root) / name
        if not found:
            yield _error(text, "the folder holds no case files (*.yaml, *.yml, *.json, *.jsonl, *.csv)")
        return
    yield path


def iter_items(inputs: Iterable[str | os.PathLike[str]]) -> Iterator[Item]:
    """Every unit of work in every input, in a stable order, streamed."""
    for entry in inputs:
        for path in _expand(entry):
            if isinstance(path, Item):
                yield path
            elif path.suffix.lower() == ".jsonl":
                yield from _jsonl_items(path)
            elif path.suffix.lower() == CSV_SUFFIX:
                yield from _csv_items(path)
            else:
                yield Item(source=str(path), kind="file", payload=str(path), size=_size(path))


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def total_bytes(inputs: Iterable[str | os.PathLike[str]]) -> int:
    """Bytes of all input files (walks folders and globs; used for the progress bar)."""
    return sum(_size(path) for entry in inputs for path in _expand(entry) if isinstance(path, Path))


def _jsonl_items(path: Path) -> Iterator[Item]:
    file = str(path)
    try:
        handle = path.open("rb")
    except OSError as exc:
        yield _error(file, "file not found" if isinstance(exc, FileNotFoundError) else f"cannot read the file: {exc.strerror}")
        return
    empty = True
    with handle:
        for number, raw in enumerate(handle, start=1):
            if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            if not raw.strip():
                continue
            empty = False
            if len(raw) > MAX_LINE_BYTES:
                yield _error(file, f"line longer than {MAX_LINE_BYTES} bytes", number)
                continue
            try:
                text = raw.decode("utf-8").rstrip("\r\n")
            except UnicodeDecodeError:
                yield _error(file, "the line is not UTF-8 (save the file as UTF-8)", number)
                continue
            yield Item(source=f"{file}:{number}", kind="jsonl", payload=text, line=number, size=len(raw))
    if empty:
        yield _error(file, "the file holds no cases")


# Separators a CSV file may use: the comma, and the semicolon that Excel writes where the
# decimal separator is a comma (Norwegian settings); a tab from copy and paste.
CSV_SEPARATORS = (",", ";", "\t")
_SEPARATOR_NAMES = {",": "commas (,)", ";": "semicolons (;)", "\t": "tabs"}
_FIELD_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?")


def _separator(header_line: str) -> str:
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


def _csv_items(path: Path) -> Iterator[Item]:
    """CSV with a header of dotted field names (person.birth_date, …); empty cell = unknown.

    Read as Excel writes it, also with Norwegian settings: comma or semicolon separated (told
    apart by the header), UTF-8 with or without a byte-order mark, Windows or Unix line ends.
    """
    file = str(path)
    try:
        handle = path.open("r", encoding="utf-8-sig", newline="")
    except OSError as exc:
        yield _error(file, "file not found" if isinstance(exc, FileNotFoundError) else f"cannot read the file: {exc.strerror}")
        return
    with handle:
        try:
            first = handle.readline()
            separator = _separator(first)
            reader = csv.reader(itertools.chain([first], handle) if first else iter(()), delimiter=separator)
            header = next(reader, None)
            if header is None:
                yield _error(file, "the file holds no cases (not even a header)")
                return
            header = [h.strip() for h in header]
            if len(header) == 1 and not _FIELD_NAME.fullmatch(header[0]):
                yield _error(
                    file,
                    f"the header is one column, {header[0][:60]!r}",
                    1,
                    hint="separate the columns with commas (,) or semicolons (;), as Excel's CSV export does",
                )
                return
            empty = True
            start = reader.line_num + 1
            for row in reader:
                line = start
                start = reader.line_num + 1
                if not any(cell.strip() for cell in row):
                    continue
                empty = False
                if len(row) != len(header):
                    other = _other_separator(row, separator, len(header))
                    hint = f"this row is separated by {_SEPARATOR_NAMES[other]}, the header by {_SEPARATOR_NAMES[separator]}: use one separator" if other else None
                    yield _error(file, f"expected {len(header)} cells as in the header, found {len(row)}", line, hint=hint)
                    continue
                # (column number, name, value) of each filled cell; columns count empty cells too
                cells = [(column, name, value) for column, (name, value) in enumerate(zip(header, row), start=1) if value.strip() != ""]
                yield Item(source=f"{file}:{line}", kind="csv", payload=cells, line=line, size=sum(map(len, row)) + len(row))
            if empty:
                yield _error(file, "the file holds no cases (only a header)")
        except UnicodeDecodeError:
            yield _error(file, "the file is not UTF-8", hint="in Excel, save as 'CSV UTF-8 (kommadelt)' / 'CSV UTF-8 (Comma delimited)'")
        except csv.Error as exc:
            yield _error(file, f"invalid CSV: {exc}", reader.line_num)


def _csv_document(item: Item) -> Document:
    data: dict[str, Any] = {}
    positions: dict[tuple[str | int, ...], tuple[int, int]] = {}
    file = item.source.rsplit(":", 1)[0]
    for column, name, value in item.payload:
        parts = name.split(".", 1)
        if len(parts) == 1:
            data[name] = value.strip()
            positions[(name,)] = (item.line, column)
        else:
            section = data.setdefault(parts[0], {})
            if not isinstance(section, dict):
                section = data[parts[0]] = {}
            section[parts[1]] = value.strip()
            positions[(parts[0], parts[1])] = (item.line, column)
            positions.setdefault((parts[0],), (item.line, column))
    positions[()] = (item.line, 1)
    return Document(data=data, file=file, positions=positions, kind="csv")


def parse_item(item: Item) -> CaseRecord:
    """Read and validate one item; never raises for bad input."""
    if item.kind == "error":
        return CaseRecord(source=item.source, error=item.payload)
    if item.kind == "file":
        return read_file_record(Path(item.payload))
    file = item.source.rsplit(":", 1)[0]
    if item.kind == "jsonl":
        try:
            doc = parse_json(item.payload, file, line_offset=item.line - 1)
        except DocumentError as exc:
            return CaseRecord(source=item.source, error=CaseFileError(exc.problem.message, [exc.problem]))
        return record_from_document(doc, item.source)
    return record_from_document(_csv_document(item), item.source)


def iter_file_records(path: Path) -> Iterator[CaseRecord]:
    """Every case in one file, in order (a JSON Lines or CSV file may hold many)."""
    if path.suffix.lower() in (".jsonl", CSV_SUFFIX):
        for item in iter_items([path]):
            yield parse_item(item)
    else:
        yield read_file_record(path)


def iter_records(inputs: Iterable[str | os.PathLike[str]]) -> Iterator[CaseRecord]:
    """Every case of every input, streamed in input order (single process)."""
    for item in iter_items(inputs):
        yield parse_item(item)


def load_case(path: str | os.PathLike[str]) -> Case:
    """Load one case from a YAML or JSON file (raises ``CaseFileError``)."""
    records = list(iter_file_records(Path(path)))
    if len(records) != 1:
        raise CaseFileError(
            "several cases",
            [Problem(f"expected one case, the file holds {len(records)}", file=str(path))],
        )
    record = records[0]
    if record.error is not None:
        raise record.error
    assert record.case is not None
    return record.case
