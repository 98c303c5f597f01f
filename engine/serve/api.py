"""The HTTP API (version 1) for case systems, on the same engine and contract as the CLI.

- ``POST /api/v1/assess``: a case (case-file JSON) → the assessment contract JSON, byte for
  byte what ``hjemmel assess --format json`` prints;
- ``POST /api/v1/report?format=html|markdown|text``: the rendered report;
- ``GET /api/v1/rules``, ``GET /api/v1/rules/{rule_id}``: the rule base as ``hjemmel rules
  list`` and ``rules show`` give it;
- ``GET /healthz``: ready, with the rule-base version.

Errors are JSON ``{"type", "message", "problems": [{"message", "line", "column", "path",
"expected", "found", "hint"}]}``: 400 for a body that is not JSON, 413 for one over the
input limit, 422 for a case that breaks the case-file contract or contradicts itself.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response
from hjemmel import __version__
from hjemmel.assessment import Assessment, contract_text
from hjemmel.cases.model import Case
from hjemmel.errors import CaseFileError, HjemmelError, Problem
from hjemmel.evaluator import Evaluator
from hjemmel.messages import with_texts
from hjemmel.reports import render
from hjemmel.rulebase.base import RuleBase
from hjemmel.rulebase.quotes import rule_document
from pydantic import BaseModel, ConfigDict, Field

from .engine import Engine
from .inputs import Unreadable, read_case
from .security import API_LIMIT, csp_with_styles
from .texts import DEFAULT_LANGUAGE, LANGUAGES, accepted, language

router = APIRouter(prefix="/api/v1")
health = APIRouter()

BODY = "request"  # the "file" named in the located problems of a request body


class ApiError(Exception):
    """An error answered as JSON with this status."""

    def __init__(self, status: int, error: HjemmelError, extra: dict[str, Any] | None = None) -> None:
        super().__init__(error.message)
        self.status = status
        self.error = error
        self.extra = extra or {}

    def response(self, lang: str = DEFAULT_LANGUAGE) -> JSONResponse:
        return JSONResponse({**error_body(self.error.to_json(), lang), **self.extra}, status_code=self.status)


def error_lang(request: Request) -> str:
    """The language of an error's texts: ``?lang=`` when offered, else ``Accept-Language``, else bokmål."""
    asked = request.query_params.get("lang")
    return language(asked if asked in LANGUAGES else accepted(request.headers.get("accept-language")))


def error_body(body: Mapping[str, Any], lang: str) -> dict[str, Any]:
    """An error's JSON with ``lang`` and its ``text``s (``hjemmel.messages.with_texts``)."""
    return with_texts(body, lang)


class ProblemOut(BaseModel):
    """One located problem: where (line, column, field path), what was expected and found."""

    message: str = Field(description="The problem in English, as written (for programs).")
    text: str = Field(description="The problem in the error's language (for people).")
    file: str | None = None
    line: int | None = None
    column: int | None = None
    path: str | None = None
    expected: str | None = None
    found: str | None = None
    hint: str | None = None


class ErrorOut(BaseModel):
    """An error: its type, a message, and the located problems (may be empty)."""

    type: str = Field(description="The kind of error (machine-readable).")
    message: str = Field(description="The error in English, as written (for programs).")
    lang: str = Field(description="The language of the texts: ?lang= when given, else Accept-Language, else nb.")
    text: str = Field(description="The error in that language (for people).")
    problems: list[ProblemOut]


class RulesetOut(BaseModel):
    version: str
    digest: str


class HealthOut(BaseModel):
    status: Literal["ok"]
    version: str = Field(description="The hjemmel version.")
    ruleset: RulesetOut
    rules: int = Field(description="How many rules the rule base holds.")


class InForce(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    from_: str | None = Field(None, alias="from", description="First day in force (inclusive); null: always.")
    until: str | None = Field(None, description="First day no longer in force (exclusive); null: still in force.")


class RuleSummary(BaseModel):
    id: str
    actor: str | None
    law: str
    section: str
    kind: str
    in_force: InForce
    encoded: bool
    system: bool


class RuleList(BaseModel):
    ruleset: RulesetOut
    rules: list[RuleSummary]


ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorOut, "description": "The body is not JSON (or not UTF-8 text)."},
    413: {"model": ErrorOut, "description": f"The body is over the input limit ({API_LIMIT} bytes, or too many values)."},
    422: {"model": ErrorOut, "description": "The case breaks the case-file contract or contradicts itself; or a query parameter is invalid."},
    408: {"description": "The request's headers or body arrived too slowly (the connection is closed)."},
    415: {"model": ErrorOut, "description": "The body was not sent as `content-type: application/json`: the API takes JSON only."},
    503: {"description": "This client holds too many connections at once (or the server is at its limit and none is idle); try again."},
}
CASE_BODY: dict[str, Any] = {"requestBody": {"required": True, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Case"}}}}}
LANG = Query(DEFAULT_LANGUAGE, pattern=f"^({'|'.join(LANGUAGES)})$", description=f"Language of the texts: {', '.join(LANGUAGES)}.")
DATE = Query(None, pattern=r"^\d{4}-\d{2}-\d{2}$", description="Assessment date YYYY-MM-DD (overrides the case's assessment_date; default: that, else today).")


def engine(request: Request) -> Engine:
    found: Engine = request.app.state.engine
    return found


def rule_base(request: Request) -> RuleBase:
    found: RuleBase = request.app.state.rules
    return found


def _date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        problem = Problem(f"expected a date (YYYY-MM-DD), got '{value}'", path="query.date", expected="a date (YYYY-MM-DD)", found=f"'{value}'")
        raise ApiError(422, HjemmelError("invalid query parameter", [problem])) from None


async def _case(request: Request) -> Case:
    try:
        record = read_case(await request.body(), BODY, json_only=True)
    except Unreadable as exc:
        raise ApiError(413 if exc.too_large else 400, exc.error) from None
    if record.error is not None or record.case is None:
        raise ApiError(422, record.error or CaseFileError("not a case"))
    return record.case


async def _assessed(request: Request, on: dt.date | None, lang: str, fmt: str) -> str:
    case = await _case(request)

    def work(evaluator: Evaluator) -> str:
        data = evaluator.assess_data(case, on=on, lang=lang)
        # JSON straight from the plain data (one serialisation; the same bytes as the model's).
        return contract_text(data) if fmt == "json" else render(Assessment.model_validate(data), fmt)

    try:
        return await engine(request).call(work)
    except CaseFileError as exc:  # a case that contradicts itself or the date
        raise ApiError(422, exc) from None


@router.post(
    "/assess",
    summary="Assess one case",
    responses={200: {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Assessment"}}}, "description": "The assessment."}, **ERRORS},
    openapi_extra=CASE_BODY,
    response_class=Response,
)
async def assess(request: Request, date: str | None = DATE, lang: str = LANG) -> Response:
    """Assess a case given as case-file JSON. The answer is the assessment contract
    (`hjemmel/assessment-v1`), byte for byte what `hjemmel assess --format json` prints.
    National ids are masked."""
    text = await _assessed(request, _date(date), lang, "json")
    return Response(text, media_type="application/json")


REPORT_TYPES = {"html": "text/html", "markdown": "text/markdown", "text": "text/plain"}


@router.post(
    "/report",
    summary="The report of one case",
    responses={
        200: {"content": {f"{t}; charset=utf-8": {"schema": {"type": "string"}} for t in REPORT_TYPES.values()}, "description": "The report."},
        **ERRORS,
    },
    openapi_extra=CASE_BODY,
    response_class=Response,
)
async def report(
    request: Request,
    format: Literal["html", "markdown", "text"] = Query("html", description="html, markdown or text."),
    date: str | None = DATE,
    lang: str = LANG,
) -> Response:
    """The report of a case as `hjemmel assess --format html|markdown|text` writes it."""
    text = await _assessed(request, _date(date), lang, format)
    headers = {"content-security-policy": csp_with_styles(text)} if format == "html" else None
    return Response(text, media_type=f"{REPORT_TYPES[format]}; charset=utf-8", headers=headers)


def _in_force(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


@router.get("/rules", summary="The rules", response_model=RuleList, responses={422: ERRORS[422]})
async def rules_list(request: Request, date: str | None = DATE, law: str | None = Query(None, description="Only the rules of this law id.")) -> RuleList:
    """The rule base as `hjemmel rules list` gives it: id, actor, law, section, kind and
    validity of every rule, optionally only those in force on a date or of one law."""
    base = rule_base(request)
    day = _date(date)
    rules = [
        RuleSummary(
            id=rule.id,
            actor=rule.actor,
            law=rule.law,
            section=rule.section,
            kind=rule.kind,
            in_force=InForce(from_=_in_force(rule.in_force.start), until=_in_force(rule.in_force.until)),
            encoded=rule.encoded,
            system=rule.system,
        )
        for rule in base.rules
        if (day is None or (rule.encoded and rule.in_force.contains(day))) and (law is None or rule.law == law)
    ]
    return RuleList(ruleset=RulesetOut(version=base.version, digest=base.digest), rules=rules)


@router.get(
    "/rules/{rule_id}",
    summary="One rule",
    responses={200: {"description": "The rule as its rule file states it."}, 404: {"model": ErrorOut, "description": "No such rule."}},
)
async def rule_show(request: Request, rule_id: str) -> dict[str, Any]:
    """One rule in full, as `hjemmel rules show` gives it, with its legal source and the
    rule file and line it comes from."""
    base = rule_base(request)
    rule = base.get(rule_id)
    if rule is None:
        close = difflib.get_close_matches(rule_id, [r.id for r in base.rules], n=3)
        hint = f"did you mean: {', '.join(close)}?" if close else None
        raise ApiError(404, HjemmelError(f"no rule '{rule_id}'", [Problem(f"no rule '{rule_id}'", path="rule_id", hint=hint)]))
    file, line = base.locations[rule.id]
    return {**rule_document(base, rule), "location": {"file": Path(file).name, "line": line}}


@health.get("/healthz", summary="Ready", response_model=HealthOut, tags=["health"])
async def healthz(request: Request) -> HealthOut:
    """Ready to assess: the rule base is loaded and the rule engine warmed up."""
    base = rule_base(request)
    return HealthOut(status="ok", version=__version__, ruleset=RulesetOut(version=base.version, digest=base.digest), rules=len(base.rules))
