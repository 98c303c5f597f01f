"""Case inputs: one case file (``load_case``), or streams of many for a batch: files, folders
(recursively), globs, JSON Lines and CSV.

Reading is split in two so that a batch can run in parallel:
- ``iter_items`` (in the main process) walks the inputs and yields small ``Item``s in a
  stable order without parsing them: a case file's path, one JSON Lines line, one CSV row;
- ``parse_item`` (in any worker) turns an item into a ``CaseRecord``.
Each item yields exactly one output line, so nothing is lost and ``--resume`` can count.
Nothing loads a whole input into memory, and only regular files are read
(``hjemmel.cases.reading``). Inside a folder, a symbolic link that points outside the folder
is not followed (an error record says so); a link to a folder is never followed, so ``**``
globs and folders cannot loop.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hjemmel.cases.documents import MAX_BYTES, DocumentError, parse_json
from hjemmel.cases.loading import CASE_SUFFIXES, CaseRecord, read_file_record, record_from_document
from hjemmel.cases.model import Case
from hjemmel.cases.reading import iter_lines, open_input
from hjemmel.errors import CaseFileError, Problem

CSV_SUFFIX = ".csv"
MAX_LINE_BYTES = MAX_BYTES
GLOB_CHARS = "*?["


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


def _is_case_file(name: str) -> bool:
    return name.lower().endswith((*CASE_SUFFIXES, CSV_SUFFIX)) and not name.startswith(".")


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def _walk(folder: Path) -> Iterator[Path | Item]:
    """Case files in a folder and its subfolders, sorted; links that leave the folder are error records."""
    root = os.path.realpath(folder)
    errors: list[OSError] = []
    for current, dirs, files in os.walk(folder, onerror=errors.append):
        for name in sorted(files):
            if not _is_case_file(name):
                continue
            full = os.path.join(current, name)
            if os.path.islink(full) and not _inside(os.path.realpath(full), root):
                yield _error(full, "not read: a symbolic link that points outside the input folder")
                continue
            yield Path(full)
        for name in sorted(dirs):  # (subfolders are walked after this folder's files)
            full = os.path.join(current, name)
            if os.path.islink(full) and not name.startswith(".") and not _inside(os.path.realpath(full), root):
                yield _error(full, "not followed: a symbolic link to a folder outside the input folder")
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not os.path.islink(os.path.join(current, d)))
    for exc in errors:
        yield _error(str(exc.filename or folder), f"cannot read the folder: {exc.strerror or type(exc).__name__}")


def _glob(pattern: str) -> list[Path]:
    """Matches of a glob pattern, sorted; ``**`` never follows a link to a folder (no loops), hidden names are skipped."""
    parts = Path(pattern).parts
    first = next(i for i, part in enumerate(parts) if any(ch in part for ch in GLOB_CHARS))
    base = Path(*parts[:first]) if first else Path()
    rest = "/".join(parts[first:])
    try:
        found = [p for p in base.glob(rest) if not any(part.startswith(".") for part in p.relative_to(base).parts)]
    except (OSError, ValueError):
        return []
    return sorted(found, key=str)


def is_glob(entry: str | os.PathLike[str]) -> bool:
    """True when an input is a pattern: it names no existing path and holds ``*``, ``?`` or ``[``."""
    text = os.fspath(entry)
    return any(ch in text for ch in GLOB_CHARS) and not os.path.lexists(text)


def glob_matches(pattern: str) -> list[Path]:
    """What a glob pattern matches (files and folders), sorted."""
    return _glob(pattern)


def _expand(item: str | os.PathLike[str], exclude: frozenset[str] = frozenset()) -> Iterator[Path | Item]:
    text = os.fspath(item)
    path = Path(text)
    if is_glob(text):
        matches = _glob(text)
        if not matches:
            yield _error(text, "no file matches this pattern")
        seen: set[str] = set()
        for match in matches:
            for found in _walk(match) if match.is_dir() else [match]:
                key = str(found.source if isinstance(found, Item) else found)
                if key in seen or (exclude and os.path.realpath(key) in exclude):  # never read back an output
                    continue
                seen.add(key)
                yield found
        return
    if path.is_dir():
        found_any = False
        for found in _walk(path):
            found_any = True
            yield found
        if not found_any:
            yield _error(text, "the folder holds no case files (*.yaml, *.yml, *.json, *.jsonl, *.csv)")
        return
    yield path


def iter_items(inputs: Iterable[str | os.PathLike[str]], exclude: frozenset[str] = frozenset()) -> Iterator[Item]:
    """Every unit of work in every input, in a stable order, streamed.

    ``exclude`` holds real paths (``os.path.realpath``) that a glob may match but that are not
    inputs: the run's own output files.
    """
    for entry in inputs:
        for path in _expand(entry, exclude):
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
    except (OSError, ValueError):
        return 0


def input_files(inputs: Iterable[str | os.PathLike[str]], exclude: frozenset[str] = frozenset()) -> Iterator[Path]:
    """Every file the inputs name (after expanding folders and globs), in input order."""
    for entry in inputs:
        for path in _expand(entry, exclude):
            if isinstance(path, Path):
                yield path


def total_bytes(inputs: Iterable[str | os.PathLike[str]], exclude: frozenset[str] = frozenset()) -> int:
    """Bytes of all input files (walks folders and globs; used for the progress bar)."""
    return sum(_size(path) for path in input_files(inputs, exclude))


def _jsonl_items(path: Path) -> Iterator[Item]:
    file = str(path)
    try:
        handle = open_input(path)
    except CaseFileError as exc:
        yield Item(source=file, kind="error", payload=exc)
        return
    empty = True
    with handle:
        try:
            for number, raw in iter_lines(handle, MAX_LINE_BYTES):
                if raw is None:
                    empty = False
                    yield _error(file, f"line longer than {MAX_LINE_BYTES} bytes", number)
                    continue
                if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
                    raw = raw[3:]
                if not raw.strip():
                    continue
                empty = False
                try:
                    text = raw.decode("utf-8")
                except UnicodeDecodeError:
                    yield _error(file, "the line is not UTF-8 (save the file as UTF-8)", number)
                    continue
                yield Item(source=f"{file}:{number}", kind="jsonl", payload=text, line=number, size=len(raw) + 1)
        except OSError as exc:
            yield _error(file, f"cannot read the file: {exc.strerror or type(exc).__name__}")
            return
    if empty:
        yield _error(file, "the file holds no cases")


def _csv_items(path: Path) -> Iterator[Item]:
    """CSV with a header of dotted field names (person.birth_date, …); one item per non-blank row.

    Read as Excel writes it, also with Norwegian settings: comma or semicolon separated (told
    apart by the header), UTF-8 with or without a byte-order mark, Windows or Unix line ends
    (``hjemmel.cases.csvrows``).
    """
    from hjemmel.cases.csvrows import CsvRows  # (only for CSV: not paid by one YAML case)

    file = str(path)
    try:
        handle = open_input(path)
    except CaseFileError as exc:
        yield Item(source=file, kind="error", payload=exc)
        return
    rows = CsvRows(handle, MAX_LINE_BYTES)
    empty = True
    with handle:
        try:
            for row in rows:
                empty = False
                if row.problem is not None:
                    yield _error(file, row.problem, row.line, row.hint)
                else:
                    yield Item(source=f"{file}:{row.line}", kind="csv", payload=row.cells, line=row.line, size=row.size + 1)
        except OSError as exc:
            yield _error(file, f"cannot read the file: {exc.strerror or type(exc).__name__}")
            return
    if empty:
        yield _error(file, "the file holds no cases (only a header)" if rows.header_seen else "the file holds no cases (not even a header)")


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
    from hjemmel.cases.csvrows import csv_document

    return record_from_document(csv_document(item.payload, file, item.line), item.source)


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
