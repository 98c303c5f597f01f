"""The MCP tools' names, descriptions and input schemas, and what every description tells the assistant."""

from __future__ import annotations

from typing import Any

from hjemmel.languages import DEFAULT_LANGUAGE, LANGUAGES

SUPPORT = (
    "Findings are support for a caseworker's assessment, not a decision: say so, cite the legal basis "
    "and let the caseworker check the statute on Lovdata (https://lovdata.no; each finding's `source` is its Lovdata link). "
    "An unknown fact is an open question, never 'no': ask it rather than guess."
)
INSTRUCTIONS = (
    "hjemmel assesses Norwegian housing-social cases (boligsosialt arbeid: sosialtjenesteloven, boligsosial lov, "
    "barnevernsloven, integreringsloven and more): which public bodies must or may act, under which section, and why. "
    "Use these tools instead of answering from memory. " + SUPPORT
)


_DATE: dict[str, Any] = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$", "description": "A date, YYYY-MM-DD."}
_LANG: dict[str, Any] = {
    "type": "string",
    "enum": list(LANGUAGES),
    "default": DEFAULT_LANGUAGE,
    "description": "Language of the texts: bokmål, nynorsk or English.",
}


def _case_schema() -> dict[str, Any]:
    from hjemmel.cases.schema import json_schema

    schema = {k: v for k, v in json_schema().items() if k not in ("$schema", "$id")}
    schema["description"] = (
        "A case object as in hjemmel's case-file contract (version 1): `id` and the known facts by section "
        "(person, housing, tenancy, economy, …). An absent fact means unknown, never false. A national id is masked in every answer."
    )
    return schema


def tool_list() -> list[dict[str, Any]]:
    """The tools: name, description and input schema (JSON Schema)."""
    case = _case_schema()
    return [
        {
            "name": "assess",
            "title": "Assess a case",
            "description": "Assess one housing-social case on a date: the findings (duties, rights, powers, responsibilities of each "
            "public body, each with its legal basis, the facts it rests on and its Lovdata link), open questions and notes — "
            "hjemmel's assessment contract (hjemmel/assessment-v1) with a receipt. " + SUPPORT,
            "inputSchema": {
                "type": "object",
                "properties": {
                    "case": case,
                    "date": {**_DATE, "description": "Assessment date (default: the case's assessment_date, else today)."},
                    "lang": _LANG,
                },
                "required": ["case"],
                "additionalProperties": False,
            },
        },
        {
            "name": "explain",
            "title": "Explain one rule",
            "description": "Whether one rule (a rule id from the `rules` tool) applies to a case on a date, condition by condition "
            "(fact, test, the case's value, holds yes/no/unknown), the missing facts and the statute's words. " + SUPPORT,
            "inputSchema": {
                "type": "object",
                "properties": {"case": case, "rule": {"type": "string", "description": "A rule id, e.g. sotjl.27."}, "date": _DATE, "lang": _LANG},
                "required": ["case", "rule"],
                "additionalProperties": False,
            },
        },
        {
            "name": "timeline",
            "title": "Timeline of a case",
            "description": "The dates from `from` to `to` on which the case's findings change (law changes, birthdays at age "
            "limits, release, discharge, eviction, …), with the findings gained and lost and those in force in each period. " + SUPPORT,
            "inputSchema": {
                "type": "object",
                "properties": {"case": case, "from": {**_DATE, "description": "First day."}, "to": {**_DATE, "description": "Last day."}, "lang": _LANG},
                "required": ["case", "from", "to"],
                "additionalProperties": False,
            },
        },
        {
            "name": "rules",
            "title": "Search the rules",
            "description": "Search hjemmel's rule base: rules whose id, title or summary contains `text`, of law `law` (e.g. "
            "sosialtjenesteloven) and section `section` (e.g. 27), optionally only those in force on `date`. Each rule with its "
            "actor, kind, validity and Lovdata link.",
            "inputSchema": {
                "type": "object",
                "properties": {
                    "text": {"type": "string", "description": "Words in the rule's id, title or summary (any case)."},
                    "law": {"type": "string", "description": "A law id (rules/laws.yaml), e.g. sosialtjenesteloven, boligsosial-lov."},
                    "section": {"type": "string", "description": "A section number, e.g. 27 or 3-6."},
                    "date": {**_DATE, "description": "Only the rules in force on this day."},
                    "lang": _LANG,
                },
                "additionalProperties": False,
            },
        },
    ]
