"""The web application: pages, API, docs, safe defaults, one rule engine per process.

``create_app`` builds it for a rule base; ``hjemmel serve`` runs it with uvicorn
(``hjemmel.serve.workers``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import time
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
from hjemmel.messages import translate
from hjemmel.rulebase.base import RuleBase
from hjemmel.rulebase.loading import load_rules
from starlette.exceptions import HTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware

from .api import ApiError, error_body, error_lang, health
from .api import router as api_router
from .connections import GuardedHttpTools
from .docs import openapi_document
from .docs import router as docs_router
from .engine import Engine
from .pages import error_page, page_language, too_large_page
from .pages import router as pages_router
from .security import API_LIMIT, SecurityMiddleware
from .state import StateError
from .texts import texts

log = logging.getLogger("hjemmel.serve")

LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "::1", "[::1]")
# uvicorn settings: its default event loop ("auto": uvloop, installed with hjemmel[serve], where
# it runs; else asyncio's); no access log (nothing about requests is logged), no Server header,
# only warnings and errors from the server itself; HTTP/1.1 with header and body timeouts and
# fair per-client bounds (``hjemmel.serve.connections``) instead of uvicorn's limit_concurrency,
# which answered 503 to everyone once one client held the connections; idle kept-alive
# connections closed after 5 s.
SERVER_SETTINGS: dict[str, Any] = {
    "access_log": False,
    "server_header": False,
    "log_level": "warning",
    "http": GuardedHttpTools,
    "limit_concurrency": None,
    "timeout_keep_alive": 5,
    "timeout_graceful_shutdown": 5,  # Ctrl+C or SIGTERM: requests in flight get 5 s, then the server stops
}

DESCRIPTION = (
    "Which public bodies must or may act in a Norwegian housing-social case, under which law and section, "
    "and why: the hjemmel rule engine over HTTP.\n\n"
    "The case is the case-file contract (version 1) as JSON; the answer of POST /api/v1/assess is the "
    "assessment contract hjemmel/assessment-v1, the same bytes as `hjemmel assess --format json`. "
    "National ids are masked in every answer. Nothing is stored or logged.\n\n"
    "Errors are JSON with a type, a message and located problems (line, column, field path, expected, found): "
    f"400 when the body is not JSON, 413 when it is over {API_LIMIT} bytes or holds too many values, "
    "415 when a POST to the API does not say `content-type: application/json`, "
    "422 when the case breaks the contract or contradicts itself, 408 when a request's headers or body arrive too slowly, "
    "503 when a client holds too many connections at once."
)


def _warm_up(evaluator: Evaluator) -> None:
    """Compile today's rules into the engine before the first request."""
    evaluator.assess(parse_case({"id": "warm-up"}), on=dt.date.today())


def create_app(
    rules: RuleBase | None = None,
    *,
    rules_dir: Path | None = None,
    allowed_hosts: Sequence[str] | None = None,
) -> FastAPI:
    """The application for ``rules`` (default: loaded from ``rules_dir``, else the bundled ones).

    ``allowed_hosts``: the Host names requests may carry (a guard against DNS rebinding for a
    server on localhost); None accepts any.
    """
    base = rules if rules is not None else load_rules(rules_dir)
    engine = Engine(base)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await engine.call(_warm_up)
        yield
        engine.close()

    app = FastAPI(title="hjemmel", version=__version__, description=DESCRIPTION, docs_url=None, redoc_url=None, lifespan=lifespan)
    app.state.rules = base
    app.state.engine = engine
    app.include_router(api_router, tags=["assessment"])
    app.include_router(health)
    app.include_router(pages_router)
    app.include_router(docs_router)
    app.openapi = lambda: openapi_document(app)  # type: ignore[method-assign]
    _handlers(app)
    if allowed_hosts:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts))
    app.add_middleware(SecurityMiddleware, too_large_page=too_large_page)
    return app


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/healthz"


def _handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError) -> Response:
        return exc.response(error_lang(request))

    @app.exception_handler(StateError)
    async def bad_state(request: Request, exc: StateError) -> Response:
        lang = page_language(request)
        return error_page(lang, 400, texts(lang)["bad_state"])

    @app.exception_handler(CaseFileError)
    async def bad_case(request: Request, exc: CaseFileError) -> Response:  # a posted state whose case is not valid
        lang = page_language(request)
        return error_page(lang, 400, texts(lang)["bad_state"])

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        problems = [
            Problem(str(e.get("msg", "invalid")), path=".".join(str(p) for p in e.get("loc", ())), found=repr(e.get("input"))[:80] if "input" in e else None)
            for e in exc.errors()
        ]
        if _is_api(request):
            return JSONResponse(error_body(HjemmelError("invalid request", problems).to_json(), error_lang(request)), 422)
        lang = page_language(request)
        return error_page(lang, 400, "; ".join(dataclasses.replace(p, message=translate(p.message, lang)).format() for p in problems))

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        if _is_api(request):
            body = {"type": "http", "message": str(exc.detail).lower(), "problems": []}
            return JSONResponse(error_body(body, error_lang(request)), exc.status_code, exc.headers)
        lang = page_language(request)
        message = texts(lang)["not_found"] if exc.status_code == 404 else str(exc.detail)
        return error_page(lang, exc.status_code, message)


def check(rules: RuleBase) -> float:
    """Build the application and assess one case through it, without serving: the seconds
    it took (``hjemmel serve --check``; raises on any problem)."""
    started = time.perf_counter()
    app = create_app(rules)
    engine: Engine = app.state.engine
    engine.run(_warm_up)
    openapi_document(app)
    error_page("nb", 200, "")
    engine.close()
    return time.perf_counter() - started
