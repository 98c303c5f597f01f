"""Safe defaults on every request and response: body size limits and security headers.

- A request body over the limit is refused with 413 before the application reads it: the
  API takes what a case file may hold (``hjemmel.cases.documents.MAX_BYTES``); the pages
  take less (``FORM_LIMIT``), below the size at which Starlette would spool an uploaded
  file to a temporary file, so an upload never touches the disk.
- A POST to the API must say ``content-type: application/json`` (parameters such as
  ``charset=utf-8`` allowed): anything else is refused with 415 before the body is read.
  A browser sends a cross-site ``text/plain``, form or multipart POST without asking the
  server first (no CORS preflight); it can never send ``application/json`` so, so no other
  site can make a browser assess a case here.
- Every response carries a strict Content-Security-Policy (scripts, styles and images from
  this server only; no inline script or style, no frames, forms post only here), no
  caching (``no-store``: case data must not linger in caches) and the usual hardening
  headers. A response may set its own CSP (the report page adds the hash of the report's
  own style sheet: ``csp_with_styles``).
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import re
import traceback
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs

from hjemmel.cases.documents import MAX_BYTES
from hjemmel.messages import with_texts
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger("hjemmel.serve")

API_LIMIT = MAX_BYTES
FORM_LIMIT = 1_000_000

CSP = "default-src 'none'; script-src 'self'; style-src 'self'{styles}; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

HEADERS = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
    "cache-control": "no-store",
}

_STYLE = re.compile(r"<style>(.*?)</style>", re.DOTALL)


def csp_with_styles(html: str) -> str:
    """The strict policy, allowing exactly the inline ``<style>`` blocks of ``html`` by hash."""
    hashes = "".join(f" 'sha256-{base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()}'" for s in _STYLE.findall(html))
    return CSP.format(styles=hashes)


TooLargePage = Callable[[Scope, int], tuple[str, bytes]]


class SecurityMiddleware:
    """Size limits on request bodies and security headers on responses (pure ASGI).

    It also answers an unexpected error with 500 and logs only its type and where it
    happened: an exception's message may quote case data, so it is never logged.
    """

    def __init__(self, app: ASGIApp, too_large_page: TooLargePage, api_limit: int = API_LIMIT, form_limit: int = FORM_LIMIT) -> None:
        self.app = app
        self.too_large_page = too_large_page
        self.api_limit = api_limit
        self.form_limit = form_limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        send = _with_headers(send)
        if scope["method"] not in ("POST", "PUT", "PATCH"):
            await self._guarded(scope, receive, send)
            return
        api = scope["path"].startswith("/api/")
        limit = self.api_limit if api else self.form_limit
        headers = Headers(scope=scope)
        if api and not _is_json(headers.get("content-type")):
            error = {
                "type": "unsupported_media_type",
                "message": "the API takes a case as JSON: send it with content-type: application/json",
                "problems": [],
            }
            await _send(send, 415, "application/json", _error_json(error, scope), close=True)
            return
        declared = headers.get("content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            await self._refuse(scope, send, limit)
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                await self._refuse(scope, send, limit)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        await self._guarded(scope, _replay(b"".join(chunks), receive), send)

    async def _guarded(self, scope: Scope, receive: Receive, send: Send) -> None:
        started = False

        async def tracking(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, tracking)
        except Exception as exc:
            frames = "".join(traceback.format_tb(exc.__traceback__))
            log.error("internal error in %s %s: %s (message not logged)\n%s", scope["method"], scope["path"], type(exc).__name__, frames)
            if not started:
                api = scope["path"].startswith("/api/")
                body = (
                    _error_json({"type": "internal", "message": "internal error", "problems": []}, scope).decode()
                    if api
                    else "<!DOCTYPE html><title>500</title><p>Internal error."
                )
                await _send(send, 500, "application/json" if api else "text/html; charset=utf-8", body.encode())

    async def _refuse(self, scope: Scope, send: Send, limit: int) -> None:
        if scope["path"].startswith("/api/"):
            error = {"type": "too_large", "message": f"the request body is larger than the limit of {limit} bytes", "problems": []}
            content_type, body = "application/json", _error_json(error, scope)
        else:
            content_type, body = self.too_large_page(scope, limit)
        await _send(send, 413, content_type, body, close=True)


def _error_json(error: dict[str, Any], scope: Scope) -> bytes:
    """An API error answered here, before the app: with its texts in the request's language
    (``?lang=``, else ``Accept-Language``, else bokmål), as the app's own errors."""
    from .texts import DEFAULT_LANGUAGE, LANGUAGES, accepted

    asked = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("lang", [""])[0]
    lang = asked if asked in LANGUAGES else accepted(Headers(scope=scope).get("accept-language")) or DEFAULT_LANGUAGE
    return json.dumps(with_texts(error, lang)).encode()


def _is_json(content_type: str | None) -> bool:
    """``application/json``, with parameters or none (``; charset=utf-8``), in any case."""
    if not content_type:
        return False
    media_type = content_type.split(";", 1)[0].strip().lower()
    return media_type == "application/json"


async def _send(send: Send, status: int, content_type: str, body: bytes, close: bool = False) -> None:
    headers = [(b"content-type", content_type.encode()), (b"content-length", str(len(body)).encode())]
    if close:
        headers.append((b"connection", b"close"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


# The headers every response carries unless it sets its own, as raw ASGI pairs (built once).
_DEFAULT_HEADERS = [(name.encode("latin-1"), value.encode("latin-1")) for name, value in {**HEADERS, "content-security-policy": CSP.format(styles="")}.items()]


def _with_headers(send: Send) -> Send:
    async def wrapped(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = list(message.get("headers", ()))
            present = {name.lower() for name, _ in headers}
            headers.extend(pair for pair in _DEFAULT_HEADERS if pair[0] not in present)
            message["headers"] = headers
        await send(message)

    return wrapped
