"""The web application: pages, API, docs, safe defaults, one rule engine per process.

``create_app`` builds it for a rule base; ``hjemmel serve`` runs it with uvicorn. With
several worker processes uvicorn imports ``app_from_environment`` in each (the rule folder
is passed in ``HJEMMEL_SERVE_RULES``).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from hjemmel import __version__
from hjemmel.cases.loading import parse_case
from hjemmel.errors import CaseFileError, HjemmelError, Problem
from hjemmel.evaluator import Evaluator
from hjemmel.rulebase.base import RuleBase
from hjemmel.rulebase.loading import load_rules
from starlette.exceptions import HTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware

from . import api, docs, pages
from .engine_thread import Busy, EngineThread
from .security import API_LIMIT, SecurityMiddleware
from .state import StateError
from .texts import language, texts

log = logging.getLogger("hjemmel.serve")

RULES_ENV = "HJEMMEL_SERVE_RULES"
HOSTS_ENV = "HJEMMEL_SERVE_HOSTS"
LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "::1", "[::1]")
# uvicorn settings: no access log (nothing about requests is logged), no Server header,
# only warnings and errors from the server itself.
SERVER_SETTINGS: dict[str, Any] = {"access_log": False, "server_header": False, "log_level": "warning"}

DESCRIPTION = (
    "Which public bodies must or may act in a Norwegian housing-social case, under which law and section, "
    "and why: the hjemmel rule engine over HTTP.\n\n"
    "The case is the case-file contract (version 1) as JSON; the answer of POST /api/v1/assess is the "
    "assessment contract hjemmel/assessment-v1, the same bytes as `hjemmel assess --format json`. "
    "National ids are masked in every answer. Nothing is stored or logged.\n\n"
    "Errors are JSON with a type, a message and located problems (line, column, field path, expected, found): "
    f"400 when the body is not JSON, 413 when it is over {API_LIMIT} bytes or holds too many values, "
    "422 when the case breaks the contract or contradicts itself, 503 when too many requests wait."
)


def _warm_up(evaluator: Evaluator) -> None:
    """Compile today's rules into the engine before the first request."""
    evaluator.assess(parse_case({"id": "warm-up"}), on=dt.date.today())


def create_app(
    rules: RuleBase | None = None,
    *,
    rules_dir: Path | None = None,
    allowed_hosts: Sequence[str] | None = None,
    max_pending: int = 64,
) -> FastAPI:
    """The application for ``rules`` (default: loaded from ``rules_dir``, else the bundled ones).

    ``allowed_hosts``: the Host names requests may carry (a guard against DNS rebinding for a
    server on localhost); None accepts any.
    """
    base = rules if rules is not None else load_rules(rules_dir)
    engine = EngineThread(base, max_pending=max_pending)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await engine.run(_warm_up)
        yield
        engine.close()

    app = FastAPI(title="hjemmel", version=__version__, description=DESCRIPTION, docs_url=None, redoc_url=None, lifespan=lifespan)
    app.state.rules = base
    app.state.engine = engine
    app.include_router(api.router, tags=["assessment"])
    app.include_router(api.health)
    app.include_router(pages.router)
    app.include_router(docs.router)
    app.openapi = lambda: docs.openapi_document(app)  # type: ignore[method-assign]
    _handlers(app)
    if allowed_hosts:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts))
    app.add_middleware(SecurityMiddleware, too_large_page=pages.too_large_page)
    return app


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/healthz"


def _handlers(app: FastAPI) -> None:
    @app.exception_handler(api.ApiError)
    async def api_error(request: Request, exc: api.ApiError) -> Response:
        return exc.response()

    @app.exception_handler(StateError)
    async def bad_state(request: Request, exc: StateError) -> Response:
        return pages.error_page("nb", 400, texts("nb")["bad_state"])

    @app.exception_handler(CaseFileError)
    async def bad_case(request: Request, exc: CaseFileError) -> Response:  # a posted state whose case is not valid
        return pages.error_page("nb", 400, texts("nb")["bad_state"])

    @app.exception_handler(Busy)
    async def busy(request: Request, exc: Busy) -> Response:
        headers = {"retry-after": "1"}
        if _is_api(request):
            return JSONResponse({"type": "busy", "message": "too many requests wait for the rule engine; try again", "problems": []}, 503, headers)
        response = pages.error_page("nb", 503, "For mange forespørsler venter. Prøv igjen om litt.")
        response.headers.update(headers)
        return response

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        problems = [
            Problem(str(e.get("msg", "invalid")), path=".".join(str(p) for p in e.get("loc", ())), found=repr(e.get("input"))[:80] if "input" in e else None)
            for e in exc.errors()
        ]
        if _is_api(request):
            return JSONResponse(HjemmelError("invalid request", problems).to_json(), 422)
        return pages.error_page("nb", 400, "; ".join(p.format() for p in problems))

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        if _is_api(request):
            return JSONResponse({"type": "http", "message": str(exc.detail).lower(), "problems": []}, exc.status_code, exc.headers)
        lang = language(request.query_params.get("lang"))
        message = texts(lang)["not_found"] if exc.status_code == 404 else str(exc.detail)
        return pages.error_page(lang, exc.status_code, message)


def app_from_environment() -> FastAPI:
    """The application as configured by ``hjemmel serve`` for its worker processes."""
    folder = os.environ.get(RULES_ENV)
    hosts = [h for h in os.environ.get(HOSTS_ENV, "").split(",") if h]
    try:
        return create_app(rules_dir=Path(folder) if folder else None, allowed_hosts=hosts or None)
    except HjemmelError as exc:
        log.error("the rule base cannot be loaded: %s", exc.message)
        raise SystemExit(1) from None
