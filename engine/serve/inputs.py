"""Reading a case from a request body or an uploaded file, with the case readers of
``hjemmel.cases`` (the same decoding, document limits and located errors as a case file on
disk), and nothing written anywhere.
"""

from __future__ import annotations

from typing import Any

from hjemmel.cases.documents import DocumentError, parse_json, parse_yaml
from hjemmel.cases.loading import CaseRecord, decode, record_from_document
from hjemmel.errors import CaseFileError, Problem


class Unreadable(Exception):
    """The bytes are not a document at all (not text, broken syntax, over a document limit)."""

    def __init__(self, error: CaseFileError, too_large: bool = False) -> None:
        super().__init__(error.message)
        self.error = error
        self.too_large = too_large


def read_case(raw: bytes, name: str, *, json_only: bool = False) -> CaseRecord:
    """The case in ``raw`` (a record with the case, or with its located error).

    JSON when ``json_only`` or the name ends in .json, else YAML (which also reads JSON).
    Raises ``Unreadable`` when ``raw`` is not a readable document.
    """
    suffix = name.lower().rpartition(".")[2]
    if not json_only and suffix in ("jsonl", "csv"):
        problem = Problem("a file with many cases (JSON Lines or CSV) is for hjemmel batch: upload one case as YAML or JSON", file=name)
        raise Unreadable(CaseFileError(problem.message, [problem]))
    try:
        text = decode(raw, name)
    except CaseFileError as exc:
        raise Unreadable(exc) from None
    try:
        doc = parse_json(text, name) if json_only or suffix == "json" else parse_yaml(text, name)
    except DocumentError as exc:
        message = exc.problem.message
        # Over a document limit of hjemmel.cases.documents (values, nesting, bytes): "too large".
        too_large = message.startswith(("document too large", "document nested deeper", "file is larger"))
        raise Unreadable(CaseFileError(message, [exc.problem]), too_large=too_large) from None
    return record_from_document(doc, name)


def case_dict(record: CaseRecord) -> dict[str, Any]:
    """The record's case in the case-file shape (JSON values), without empty sections,
    the ``expected`` block or the national id (the pages never show it)."""
    assert record.case is not None
    data = record.case.model_dump(mode="json", exclude_none=True, exclude={"expected"})
    person = data.get("person")
    if isinstance(person, dict):
        person.pop("national_id", None)
    return {k: v for k, v in data.items() if v not in ({}, None)}
