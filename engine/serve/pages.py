"""The caseworker's pages: start, interview, report and case downloads.

Server-rendered HTML that works without JavaScript (``static/hjemmel.js`` only adds a
print button). Every form posts the interview state (``hjemmel.serve.state``); nothing is
kept on the server, and case data never appears in a URL (so not in any access log).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import hjemmel.serve.state as steps
import yaml
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from hjemmel.cases.facts import catalogue
from hjemmel.cases.loading import parse_case
from hjemmel.errors import CaseFileError, Problem
from hjemmel.interview import AnswerError, municipality_echo
from hjemmel.messages import translate
from hjemmel.reports.i18n import format_date
from hjemmel.reports.renderer import context, environment
from hjemmel.safe_text import mask_national_ids
from jinja2 import ChoiceLoader, Environment, PackageLoader
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.types import Scope

from .engine import Engine
from .inputs import Unreadable, case_dict, read_case
from .security import FORM_LIMIT, csp_with_styles
from .state import InterviewState, StateError
from .texts import LANGUAGE_NAMES, LANGUAGES, accepted, is_language, language, texts
from .views import assess, display, interview_page, label

router = APIRouter(include_in_schema=False)


@cache
def templates() -> Environment:
    """The report's Jinja environment (filters, autoescape) with the pages' templates added."""
    loader = ChoiceLoader([PackageLoader("hjemmel.serve", "templates"), PackageLoader("hjemmel.reports", "templates")])
    return environment().overlay(loader=loader)


def html(name: str, status: int = 200, **values: Any) -> HTMLResponse:
    lang = values.get("lang", "nb")
    common = {"ui": texts(lang), "languages": LANGUAGES, "names": LANGUAGE_NAMES}
    return HTMLResponse(templates().get_template(name).render(**common, **values), status_code=status)


def engine(request: Request) -> Engine:
    found: Engine = request.app.state.engine
    return found


@dataclass(frozen=True)
class ProblemView:
    where: str
    path: str
    label: str
    message: str


def problem_views(problems: list[Problem], lang: str) -> list[ProblemView]:
    t = texts(lang)
    out = []
    for p in problems:
        where = [t["line"].format(line=p.line)] if p.line is not None else []
        where += [t["column"].format(column=p.column)] if p.column is not None and p.line is not None else []
        path = p.path or ""
        named = label(path, lang) if path else ""
        message = translate(p.message, lang) + (f" ({translate(p.hint, lang)})" if p.hint else "")
        out.append(ProblemView(", ".join(where), path, "" if named == path else named, message))
    return out


def start_page(lang: str, status: int = 200, **values: Any) -> HTMLResponse:
    today = dt.date.today()
    defaults: dict[str, Any] = {
        "date_value": format_date(today, lang),
        "date_error": None,
        "upload_date": "",
        "upload_date_error": None,
        "problems": [],
        "filename": "",
        "limit_kb": FORM_LIMIT // 1000,
    }
    return html("start.html.j2", status, lang=lang, **{**defaults, **values})


def too_large_page(scope: Scope, limit: int) -> tuple[str, bytes]:
    """The start page with the size error at the upload field (for the size-limit middleware)."""
    accept = dict(scope.get("headers") or []).get(b"accept-language", b"").decode("latin-1").lower()
    lang = language(accepted(accept))
    problem = ProblemView("", "", "", texts(lang)["too_large"].format(limit=limit // 1000))
    page = start_page(lang, 413, problems=[problem])
    return "text/html; charset=utf-8", bytes(page.body)


STATIC = {"hjemmel.css": "text/css; charset=utf-8", "hjemmel.js": "text/javascript; charset=utf-8"}


@cache
def _static(name: str) -> bytes:
    return resources.files("hjemmel.serve").joinpath("static", name).read_bytes()


@router.get("/static/{name}")
async def static(name: str) -> Response:
    """The style sheet and the script (read once from the package, served from memory)."""
    if name not in STATIC:
        raise HTTPException(404)
    return Response(_static(name), media_type=STATIC[name], headers={"cache-control": "public, max-age=300"})


@router.get("/", response_class=HTMLResponse)
async def start(lang: str | None = None) -> HTMLResponse:
    return start_page(language(lang))


@dataclass(frozen=True)
class Form:
    """A posted form as plain values (the upload read into memory, the form closed)."""

    fields: dict[str, str]
    file: tuple[str, bytes] | None = None


async def _form(request: Request) -> Form:
    try:
        form = await request.form(max_files=1, max_fields=200, max_part_size=FORM_LIMIT)
    except HTTPException:
        raise
    except Exception as exc:  # a malformed multipart body
        raise HTTPException(400, "the form could not be read") from exc
    try:
        fields = {name: value for name, value in form.multi_items() if isinstance(value, str)}
        upload = form.get("file")
        file = (upload.filename, await upload.read()) if isinstance(upload, UploadFile) and upload.filename else None
    finally:
        await form.close()
    return Form(fields, file)


def _text(form: Form, name: str) -> str:
    return form.fields.get(name, "")


@router.post("/start", response_class=HTMLResponse)
async def start_interview(request: Request) -> HTMLResponse:
    form = await _form(request)
    lang = request.state.lang = language(_text(form, "lang"))
    raw = _text(form, "date")
    day = steps.parse_date(raw) if raw.strip() else dt.date.today()
    if day is None:
        return start_page(lang, 422, date_value=raw, date_error=texts(lang)["bad_date"])
    return await _interview(request, steps.start(day, lang))


@router.post("/upload", response_class=HTMLResponse)
async def upload(request: Request) -> HTMLResponse:
    form = await _form(request)
    lang = request.state.lang = language(_text(form, "lang"))
    t = texts(lang)
    raw_date = _text(form, "date")
    day = steps.parse_date(raw_date) if raw_date.strip() else None
    if raw_date.strip() and day is None:
        return start_page(lang, 422, upload_date=raw_date, upload_date_error=t["bad_date"])
    if form.file is None:
        return start_page(lang, 422, upload_date=raw_date, problems=[ProblemView("", "", "", t["no_file"])])
    filename, raw = form.file
    name = mask_national_ids(filename.replace("\\", "/").rpartition("/")[2] or "case")[:100]  # the name is shown on the page
    try:
        record = read_case(raw, name)
    except Unreadable as exc:
        return start_page(lang, 413 if exc.too_large else 422, upload_date=raw_date, problems=problem_views(exc.error.problems, lang), filename=name)
    if record.error is not None or record.case is None:
        problems = record.error.problems if record.error else []
        return start_page(lang, 422, upload_date=raw_date, problems=problem_views(problems, lang), filename=name)
    data = case_dict(record)
    day = day or record.case.assessment_date or dt.date.today()
    try:
        interview = steps.start(day, lang, data)
    except CaseFileError as exc:
        return start_page(lang, 422, upload_date=raw_date, problems=problem_views(exc.problems, lang), filename=name)
    notice = t["national_id_dropped"] if record.case.person.national_id else ""
    return await _interview(request, interview, message=notice)


def _state(request: Request, form: Form) -> InterviewState:
    """The posted interview state; its language is kept on the request, so that an error
    further on (a step the state cannot take) is shown in the caseworker's language."""
    state = steps.decode(_text(form, "state"))
    request.state.lang = state.lang
    return state


def page_language(request: Request) -> str:
    """The language of an error page: the interview's own (when its state was read), else
    ``?lang=``, else ``Accept-Language``, else bokmål."""
    known = getattr(request.state, "lang", None)
    if is_language(known):
        return known
    asked = request.query_params.get("lang")
    return language(asked if asked in LANGUAGES else accepted(request.headers.get("accept-language")))


@router.post("/interview", response_class=HTMLResponse)
async def interview(request: Request) -> HTMLResponse:
    """One step of the interview: answer, "vet ikke", back, change an answer, or language."""
    form = await _form(request)
    current = _state(request, form)
    t = texts(current.lang)
    action = _text(form, "action") or "answer"
    fact = _text(form, "fact")
    if "change" in form.fields:
        return await _interview(request, steps.change(current, _text(form, "change")), changes=True)
    if action == "show":
        return await _interview(request, current)
    if action == "lang":
        return await _interview(request, current.model_copy(update={"lang": language(_text(form, "lang"))}))
    if action == "back":
        return await _interview(request, steps.back(current), changes=True)
    if action == "dont_know":
        after = steps.dont_know(current, fact)
        return await _interview(request, after, message=t["recorded"].format(label=label(fact, current.lang), value=t["unknown"]), changes=True)
    raw = _text(form, "answer")
    try:
        after = steps.answered(current, fact, raw)
    except AnswerError as exc:
        return await _interview(request, _again(current, raw), error=t["invalid"].format(message=exc), status=422)
    except CaseFileError as exc:
        message = "; ".join(translate(p.message, current.lang) for p in exc.problems) or translate(exc.message, current.lang)
        return await _interview(request, _again(current, raw), error=t["contradiction"].format(message=message), status=422)
    answer = steps.lookup(after.case, fact)
    value = display(fact, answer, current.lang)
    if isinstance(answer, str) and (info := catalogue().get(fact)) is not None and info.kind == "municipality":
        # Said back with its name on the assessment date ("4601 Bergen"), or with a warning, as the terminal does.
        value, _ = await engine(request).call(lambda evaluator: municipality_echo(evaluator.rules, answer, after.date, after.lang))
    return await _interview(request, after, message=t["recorded"].format(label=label(fact, current.lang), value=value), changes=True)


def _again(state: InterviewState, raw: str) -> InterviewState:
    """The same question once more, with what the caseworker wrote."""
    return state.model_copy(update={"prefill": raw[:200]})


async def _interview(request: Request, state: InterviewState, *, message: str = "", error: str = "", changes: bool = False, status: int = 200) -> HTMLResponse:
    page = await engine(request).call(lambda evaluator: interview_page(evaluator, state))
    status_line = " ".join(part for part in (message, page.changes if changes else "") if part)
    return html(
        "interview.html.j2",
        status,
        lang=state.lang,
        page=page,
        state=page.state.encode(),
        date=format_date(state.date, state.lang),
        message=status_line,
        error=error,
        can_back=bool(state.steps) or state.ask is not None,
    )


@router.post("/report", response_class=HTMLResponse)
async def report(request: Request) -> HTMLResponse:
    """The full report of the case so far (the report of ``hjemmel assess --format html``, with a toolbar)."""
    current = _state(request, await _form(request))
    assessment = await engine(request).call(lambda evaluator: assess(evaluator, current))
    text = templates().get_template("report.html.j2").render(**context(assessment), ui=texts(current.lang), state=current.encode())
    return HTMLResponse(text, headers={"content-security-policy": csp_with_styles(text)})


@router.post("/case.yaml")
async def download_yaml(request: Request) -> Response:
    current = _state(request, await _form(request))
    data = steps.case_file(_case_dump(current, "python"))
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    return _download(text, f"{current.case_id.replace('/', '_')}.yaml", "application/yaml")


@router.post("/case.json")
async def download_json(request: Request) -> Response:
    current = _state(request, await _form(request))
    data = steps.case_file(_case_dump(current, "json"))
    return _download(json.dumps(data, ensure_ascii=False, indent=2) + "\n", f"{current.case_id.replace('/', '_')}.json", "application/json")


def _case_dump(state: InterviewState, mode: str) -> dict[str, Any]:
    dumped = parse_case(state.case).model_dump(mode=mode, exclude_none=True, exclude={"expected"})
    return {k: v for k, v in dumped.items() if v not in ({}, None)}


def _download(text: str, filename: str, media_type: str) -> Response:
    return Response(text, media_type=f"{media_type}; charset=utf-8", headers={"content-disposition": f'attachment; filename="{filename}"'})


def error_page(lang: str, status: int, message: str) -> HTMLResponse:
    return html("error.html.j2", status, lang=lang, message=message)


__all__ = ["StateError", "error_page", "router", "too_large_page"]
