"""Connections that cannot wear the server out: timeouts and fair bounds (uvicorn's HTTP protocols, guarded).

- **Header timeout**: a request's line and headers must arrive within ``HEADER_SECONDS`` of
  its first byte (or of the connection, for the first request). A client that connects and
  sends nothing, or trickles header lines, is answered 408 and closed.
- **Body timeout**: a request body must arrive within ``BODY_SECONDS`` of its headers; a
  client that trickles it is answered 408 (if nothing was answered yet) and closed.
- **Idle keep-alive**: uvicorn's ``timeout_keep_alive`` closes a connection idle between
  requests.
- **Fair bounds**: at most ``PER_CLIENT`` open connections per client address (an IPv6
  client by its /64 network), and ``TOTAL`` in all. A client over its bound is answered 503
  and closed at once, so one client's idle or slow connections never take the others'
  places; at the total bound, an idle kept-alive connection is closed to make room before a
  new one is refused.

uvicorn's own ``limit_concurrency`` answers 503 to *everyone* once a single client holds the
connections; it is off (``SERVER_SETTINGS``): these bounds replace it.
"""

from __future__ import annotations

import asyncio
import ipaddress
from collections import Counter
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

HEADER_SECONDS = 10.0
BODY_SECONDS = 30.0
PER_CLIENT = 32
TOTAL = 512

_open: Counter[str] = Counter()  # open connections per client, in this process
_all: set[_Guards] = set()


def _reply(status: int, reason: str) -> bytes:
    return (
        f"HTTP/1.1 {status} {reason}\r\ncontent-type: text/plain; charset=utf-8\r\ncontent-length: {len(reason)}\r\nconnection: close\r\n\r\n{reason}".encode()
    )


def client_key(host: str | None) -> str:
    """Whose connection this is: the address, an IPv6 address by its /64 network."""
    if not host:
        return "?"
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return host
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


class _Guards:
    """The timeouts and bounds, for either of uvicorn's HTTP/1.1 protocols (``GuardedHttpTools``,
    ``GuardedH11``). A protocol says where the request being received stands: between requests
    or in its headers (``_in_headers``), in its body (``_in_body``), or all in (``_request_in``)."""

    header_seconds = HEADER_SECONDS
    body_seconds = BODY_SECONDS
    per_client = PER_CLIENT
    total = TOTAL

    # Attributes of uvicorn's protocols, used here.
    loop: asyncio.AbstractEventLoop
    transport: asyncio.Transport
    client: tuple[str, int] | None
    cycle: Any

    _timer: asyncio.TimerHandle | None = None
    _key: str | None = None

    def _in_headers(self) -> bool:
        raise NotImplementedError

    def _in_body(self) -> bool:
        raise NotImplementedError

    def _request_in(self) -> bool:
        raise NotImplementedError

    # --- bounds --------------------------------------------------------------------------

    def connection_made(self, transport: asyncio.Transport) -> None:
        super().connection_made(transport)  # type: ignore[misc]
        key = client_key(self.client[0] if self.client else None)
        if _open[key] >= self.per_client:
            self._refuse(503, "Too many connections from this client")
            return
        if len(_all) >= self.total and not self._make_room():
            self._refuse(503, "Too many connections")
            return
        self._key = key
        _open[key] += 1
        _all.add(self)
        self._arm(self.header_seconds, "Request header timeout")

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        if self._key is not None:
            _open[self._key] -= 1
            if _open[self._key] <= 0:
                del _open[self._key]
            self._key = None
        _all.discard(self)
        super().connection_lost(exc)  # type: ignore[misc]

    def _refuse(self, status: int, reason: str) -> None:
        if not self.transport.is_closing():
            self.transport.write(_reply(status, reason))
            self.transport.close()

    def _idle(self) -> bool:
        """Kept alive between requests, with nothing of a new request received."""
        return self._timer is None and self._in_headers() and (self.cycle is None or self.cycle.response_complete)

    def _make_room(self) -> bool:
        idle = next((c for c in _all if c._idle() and not c.transport.is_closing()), None)
        if idle is None:
            return False
        idle.transport.close()
        _all.discard(idle)
        return True

    # --- timeouts ------------------------------------------------------------------------

    def _arm(self, seconds: float, reason: str) -> None:
        self._disarm()
        self._timer = self.loop.call_later(seconds, self._expired, reason)

    def _disarm(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _expired(self, reason: str) -> None:
        self._timer = None
        if self.transport.is_closing():
            return
        answered = self.cycle is not None and self.cycle.response_started
        if not answered:
            self.transport.write(_reply(408, reason))
        if self.cycle is not None:
            self.cycle.keep_alive = False
        self.transport.close()

    def data_received(self, data: bytes) -> None:
        in_headers = self._in_headers()  # before this data: between requests or in the headers
        if in_headers and self._timer is None:
            self._arm(self.header_seconds, "Request header timeout")  # the first byte of a new request
        super().data_received(data)  # type: ignore[misc]
        if in_headers and self._in_body():
            self._arm(self.body_seconds, "Request body timeout")
        elif self._request_in():
            self._disarm()  # the whole request is in

    def on_response_complete(self) -> None:
        self._disarm()
        super().on_response_complete()  # type: ignore[misc]


class GuardedHttpTools(_Guards, HttpToolsProtocol):  # type: ignore[misc]  # uvicorn narrows connection_made too
    """uvicorn's fast HTTP/1.1 protocol (httptools: Node.js's llhttp parser) with the guards, what
    ``hjemmel serve`` runs: about half the CPU of h11 per request (``docs/serve.md``)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Where the request being received stands, as h11 tracks it: "idle" (between requests,
        # or its first bytes before the parser has begun it), "headers", "body", "done" (all in,
        # until its response is complete).
        self._phase = "idle"

    def _in_headers(self) -> bool:
        return self._phase in ("idle", "headers")

    def _in_body(self) -> bool:
        return self._phase == "body"

    def _request_in(self) -> bool:
        return self._phase == "done"

    def on_message_begin(self) -> None:
        self._phase = "headers"
        super().on_message_begin()

    def on_headers_complete(self) -> None:
        self._phase = "body"
        super().on_headers_complete()

    def on_message_complete(self) -> None:
        self._phase = "done"
        super().on_message_complete()

    def on_response_complete(self) -> None:
        if self._phase == "done":
            self._phase = "idle"
        super().on_response_complete()


class GuardedH11(_Guards, H11Protocol):  # type: ignore[misc]
    """uvicorn's pure-Python HTTP/1.1 protocol (h11) with the same guards (the tests run both)."""

    def _in_headers(self) -> bool:
        return self.conn.their_state is h11.IDLE  # h11 stays IDLE until the headers are all in

    def _in_body(self) -> bool:
        return self.conn.their_state is h11.SEND_BODY

    def _request_in(self) -> bool:
        return self.conn.their_state is not h11.IDLE and self.conn.their_state is not h11.SEND_BODY
