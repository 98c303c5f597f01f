"""Loading case files (YAML, JSON, JSON Lines) into validated ``Case`` models.

Errors name the file, the line where the format has lines, the field path, what was
expected and what was found, with a "did you mean" for misspelled field names.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from hjemmel.cases.model import Case
from hjemmel.cases.documents import MAX_BYTES, Document, DocumentError, dotted, parse_json, parse_yaml
from hjemmel.cases.national_id import mask
from hjemmel.cases.reading import read_limited
from hjemmel.errors import CaseFileError, Problem
from hjemmel.safe_text import contains_national_id, shown_value

CASE_SUFFIXES = (".yaml", ".yml", ".json", ".jsonl")  # and .csv, see inputs.py


@dataclass(frozen=True)
class CaseRecord:
    """One case read from an input: either a valid case or the error that stopped it."""

    source: str
    case: Case | None = None
    error: CaseFileError | None = None
    case_id: str | None = None


def decode(raw: bytes, file: str) -> str:
    """Decode UTF-8 (with or without BOM) or UTF-16 with BOM; anything else is an error."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise CaseFileError("unreadable UTF-16", [Problem("the file starts like UTF-16 but is not valid UTF-16", file=file)]) from exc
    if b"\x00" in raw[:1000]:
        raise CaseFileError("binary file", [Problem("this is not a text file (it contains NUL bytes)", file=file)])
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise CaseFileError(
            "not UTF-8",
            [
                Problem(
                    f"the file is not UTF-8 (byte 0x{raw[exc.start]:02x} cannot be decoded); save it as UTF-8 (it may be Latin-1/Windows-1252)",
                    file=file,
                    line=line,
                )
            ],
        ) from exc


def read_text(path: Path) -> str:
    """The text of a case file: a regular file of at most ``MAX_BYTES`` bytes, decoded."""
    return decode(read_limited(path, MAX_BYTES), str(path))


def case_from_document(doc: Document) -> Case:
    """Validate a parsed document against the case model."""
    if not isinstance(doc.data, dict):
        line, _ = doc.locate(())
        raise CaseFileError(
            "not a case",
            [Problem(f"expected a case (a mapping with an 'id'), found {_kind(doc.data)}", file=doc.file, line=line)],
        )
    try:
        case = Case.model_validate(doc.data)
    except ValidationError as exc:
        problems = [_problem(doc, err) for err in exc.errors(include_url=False)]
        raise CaseFileError(f"{len(problems)} problem(s) in the case", problems) from None
    case._source = doc.file
    case._locator = doc.locate
    return case


def parse_case(data: dict[str, Any], source: str = "<dict>") -> Case:
    """Validate a case given as a Python dict (for the Python API)."""
    return case_from_document(Document(data=data, file=source))


def read_file_record(path: Path) -> CaseRecord:
    """The one case in a YAML or JSON file, or the error that stopped it (never raises)."""
    file = str(path)
    try:
        text = read_text(path)
    except CaseFileError as exc:
        return CaseRecord(source=file, error=exc)
    try:
        if path.suffix.lower() == ".json":
            doc = parse_json(text, file)
        else:
            doc = parse_yaml(text, file)
    except DocumentError as exc:
        return CaseRecord(source=file, error=CaseFileError(exc.problem.message, [exc.problem]))
    return record_from_document(doc, file)


def record_from_document(doc: Document, source: str) -> CaseRecord:
    case_id = doc.data.get("id") if isinstance(doc.data, dict) else None
    if not isinstance(case_id, str):
        case_id = None
    try:
        return CaseRecord(source=source, case=case_from_document(doc), case_id=case_id)
    except CaseFileError as exc:
        return CaseRecord(source=source, error=exc, case_id=case_id if _safe_id(case_id) else None)


def _safe_id(case_id: str | None) -> bool:
    """An id that an error record may repeat: short, printable, and no national id in it."""
    return case_id is not None and len(case_id) <= 64 and case_id.isprintable() and not contains_national_id(case_id)


# --- turning pydantic errors into located problems ---------------------------------------


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"{str(value).lower()} (a boolean)"
    if isinstance(value, (int, float)):
        return f"the number {shown_value(value)}"
    if isinstance(value, dt.date):
        return f"'{value.isoformat() if not isinstance(value, dt.datetime) else value.isoformat(sep=' ')}'"
    return f"'{shown_value(value)}'"


def _model_at(path: tuple[str | int, ...]) -> type[BaseModel] | None:
    model: type[BaseModel] = Case
    for part in path:
        if not isinstance(part, str) or part not in model.model_fields:
            return None
        annotation = model.model_fields[part].annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            model = annotation
        else:
            return None
    return model


_EXPECTED = {
    "date_from_datetime_parsing": "a date (YYYY-MM-DD)",
    "date_parsing": "a date (YYYY-MM-DD)",
    "date_type": "a date (YYYY-MM-DD)",
    "date_with_time": "a date (YYYY-MM-DD) without a time or time zone",
    "bool_parsing": "true or false",
    "bool_type": "true or false",
    "int_parsing": "a whole number",
    "int_type": "a whole number",
    "int_from_float": "a whole number",
    "string_type": "text",
    "model_type": "a mapping of fields",
    "model_attributes_type": "a mapping of fields",
    "dict_type": "a mapping",
    "list_type": "a list",
    "missing": "a value (this field is required)",
}


def _problem(doc: Document, err: Any) -> Problem:
    loc = tuple(err["loc"])
    path = dotted(loc)
    line, column = doc.locate(loc)
    kind = err["type"]
    value = err.get("input")
    sensitive = path.endswith("national_id")
    found = None if kind == "missing" else (mask(str(value)) if sensitive and isinstance(value, str) else _kind(value))
    hint = None
    if kind == "extra_forbidden":
        parent = _model_at(loc[:-1])
        known = list(parent.model_fields) if parent else []
        import difflib  # (only for a misspelt field)

        close = difflib.get_close_matches(str(loc[-1]), known, n=1, cutoff=0.6)
        hint = f"did you mean '{close[0]}'?" if close else None
        allowed = ", ".join(known) if known else "no fields"
        message = f"unknown field '{shown_value(loc[-1])}'; allowed here: {allowed}"
        return Problem(message, file=doc.file, line=line, column=column, path=path, hint=hint)
    if kind == "literal_error":
        expected = "one of " + err["ctx"]["expected"].replace("'", "")
    elif kind == "string_pattern_mismatch":
        if path == "id":
            expected = "1–64 letters, digits, '.', '_', '-' or '/' between parts (e.g. 2024/1234)"
        elif path.endswith("citizenship"):
            expected = 'an ISO 3166-1 alpha-2 country code in capitals, for example "NO" or "SE"'
        elif doc.kind == "csv":
            expected = "a 4-digit kommunenummer, for example 0301"
            if isinstance(value, str) and value.isdigit() and len(value) < 4:
                hint = "Excel drops leading zeros: format the column as text before typing or importing the numbers"
        else:
            expected = 'a 4-digit kommunenummer in quotes, for example "0301"'
    elif kind in ("greater_than_equal", "less_than_equal"):
        expected = err["msg"].replace("Input should be ", "a number ")
    elif kind == "value_error":
        message = str(err["ctx"]["error"]) if "ctx" in err else err["msg"]
        return Problem(message, file=doc.file, line=line, column=column, path=path, found=found)
    else:
        expected = _EXPECTED.get(kind, err["msg"])
    if kind == "missing":
        message = f"missing: expected {expected}"
    else:
        message = f"expected {expected}, got {found}"
    if kind == "string_type" and isinstance(value, int) and path.endswith("municipality"):
        hint = 'write the kommunenummer in quotes, for example "0301"'
    if kind == "string_type" and isinstance(value, bool) and path.endswith("citizenship"):
        hint = 'write the country code in quotes, for example "NO" (unquoted, YAML reads NO as false)'
    return Problem(message, file=doc.file, line=line, column=column, path=path, expected=expected, found=found, hint=hint)
