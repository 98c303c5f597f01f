"""The JSON Schema of each document hjemmel reads or writes, by name (``hjemmel schema NAME``).

* ``case``: a case file (``hjemmel.cases.schema``, with texts for editors);
* ``assessment``: ``hjemmel assess --format json`` and each line of ``batch`` (the contract
  ``hjemmel/assessment-v1``, from the model ``hjemmel.assessment.Assessment``);
* ``explain``: ``hjemmel explain --format json`` (``RuleExplanation``);
* ``timeline``: ``hjemmel timeline --format json`` (``TimelineData``);
* ``impact``: each line of ``hjemmel impact``, in any of its three modes, or an error record
  (``ImpactLine | ErrorRecord``).

Each schema is made from the one declaration the code that writes the document is checked
against (a pydantic model, or TypedDicts through pydantic's ``TypeAdapter``), so it cannot
drift from the output. The writers build plain dicts and never meet the adapters: they are
built here, for the schema command and the tests. Every object with named fields is closed
(``additionalProperties: false``): a field written without its declaration fails validation.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

DRAFT = "https://json-schema.org/draft/2020-12/schema"
BASE = "https://hjemmel.invalid/schema/"

# Each document by name, with its schema's title.
DOCUMENTS: dict[str, str] = {
    "case": "hjemmel case file (version 1)",
    "assessment": "hjemmel assessment (hjemmel/assessment-v1): hjemmel assess --format json, a line of hjemmel batch",
    "explain": "hjemmel explain --format json: one rule on one case and date, condition by condition",
    "timeline": "hjemmel timeline --format json: the days a case's findings change, and the periods between",
    "impact": "A line of hjemmel impact (--from/--to, --law-from/--law-to or --reform), or the error record of a case",
}


def json_schema(name: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the document ``name`` (one of ``DOCUMENTS``)."""
    if name not in DOCUMENTS:
        raise ValueError(f"no document '{name}': the documents are {', '.join(DOCUMENTS)}")
    if name == "case":
        from hjemmel.cases.schema import json_schema as case_schema

        return case_schema()
    schema = _closed(_BUILDERS[name]())
    schema.pop("title", None)
    return {"$schema": DRAFT, "$id": f"{BASE}{name}-v1.json", "title": DOCUMENTS[name], **schema}


def schema_text(name: str = "case") -> str:
    """The schema as ``hjemmel schema NAME`` prints it (two-space indent, a final newline)."""
    if name == "case":
        from hjemmel.cases.schema import schema_text as case_text

        return case_text()
    return json.dumps(json_schema(name), ensure_ascii=False, indent=2) + "\n"


def _assessment() -> dict[str, Any]:
    from hjemmel.assessment import Assessment

    return Assessment.model_json_schema(by_alias=True, mode="serialization")


def _explain() -> dict[str, Any]:
    from hjemmel.explain.rule_explanation import RuleExplanation

    return _adapted(RuleExplanation)


def _timeline() -> dict[str, Any]:
    from hjemmel.timeline import TimelineData

    return _adapted(TimelineData)


def _impact() -> dict[str, Any]:
    from hjemmel.batch.impact import ImpactLine
    from hjemmel.batch.run import ErrorRecord

    return _adapted(ImpactLine | ErrorRecord)


def _adapted(declaration: Any) -> dict[str, Any]:
    from pydantic import TypeAdapter

    return TypeAdapter(declaration).json_schema(mode="serialization")


_BUILDERS: dict[str, Callable[[], dict[str, Any]]] = {"assessment": _assessment, "explain": _explain, "timeline": _timeline, "impact": _impact}


def _closed(node: Any) -> Any:
    """``node`` with every object that names its fields closed to others (TypedDicts are open by
    default in pydantic; the models are ``extra="forbid"`` already)."""
    if isinstance(node, list):
        return [_closed(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: _closed(value) for key, value in node.items()}
    if isinstance(node.get("properties"), dict) and "additionalProperties" not in node:
        out["additionalProperties"] = False
    return out
