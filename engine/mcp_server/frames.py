"""The MCP messages as hjemmel reads them: a key named twice in a tool's arguments is an error.

The MCP SDK parses each JSON-RPC line itself, and its parser keeps the last of two equal keys
(``{"case": {"id": "a", "id": "b"}}`` would be assessed as ``b``). Each line from the client
is therefore read here first, strictly (``hjemmel.cases.documents.unique_object``); a call
whose arguments name a key twice reaches the tools with its arguments replaced by a marker
(``DUPLICATE``) naming the key and its place, and the tool answers the located case error, as
a case file with the key twice gets it. Any other line goes to the SDK as it came.

``Exchange`` keeps count of the requests read and the answers written. The SDK cancels the
requests still in hand when stdin ends, so a client that writes its calls and closes stdin
(``hjemmel mcp < calls.jsonl``) would lose the last answers: at the end of input the reader
therefore waits until every request read has its answer, or until no tool is working and no
answer has come for a moment (a request the SDK drops unanswered must not hold the process).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import threading
import time
from collections.abc import Iterator
from typing import IO, Any

from hjemmel.cases.documents import DuplicateKeyError, duplicate_at, unique_object

DUPLICATE = "\x00hjemmel-duplicate-key"  # a key no client can mean (it begins with NUL)
_ARGUMENTS = ("params", "arguments")


def guard_line(line: str) -> str:
    """``line`` as it may go to the SDK: a tool call with a duplicate key in its arguments marked."""
    try:
        json.loads(line, object_pairs_hook=unique_object)
    except DuplicateKeyError as exc:
        key, _, column, path = duplicate_at(line, exc.key)
        data: Any = json.loads(line)
        params = data.get("params") if isinstance(data, dict) else None
        prefix = ".".join(_ARGUMENTS) + "."
        if not isinstance(params, dict) or not path or not path.startswith(prefix):
            return line  # a duplicate in the frame itself, not in a tool's arguments: the SDK's business
        params["arguments"] = {DUPLICATE: {"key": key, "path": path.removeprefix(prefix), "column": column}}
        return json.dumps(data, ensure_ascii=False) + "\n"
    except (ValueError, RecursionError):
        return line  # not JSON: the SDK answers it
    return line


def _request_id(line: str, *, answer: bool) -> str | None:
    """The id of a JSON-RPC request (``answer=False``) or of an answer (``answer=True``) on ``line``."""
    try:
        data = json.loads(line)
    except (ValueError, RecursionError):
        return None
    if not isinstance(data, dict) or "id" not in data or isinstance(data["id"], (dict, list)):
        return None
    if answer != ("method" not in data):
        return None
    return json.dumps(data["id"])


class Exchange:
    """The requests read and not yet answered, and the tools at work (shared by the reader thread and the loop)."""

    QUIET = 0.5  # seconds with no tool at work and no answer after which an unanswered request is given up

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._open: set[str] = set()
        self._working = 0

    def asked(self, line: str) -> None:
        if (key := _request_id(line, answer=False)) is not None:
            with self._changed:
                self._open.add(key)

    def answered(self, line: str) -> None:
        if (key := _request_id(line, answer=True)) is not None:
            with self._changed:
                self._open.discard(key)
                self._changed.notify_all()

    @contextlib.contextmanager
    def working(self) -> Iterator[None]:
        """Around a tool's work: while one works, the end of input waits however long it takes."""
        with self._changed:
            self._working += 1
        try:
            yield
        finally:
            with self._changed:
                self._working -= 1
                self._changed.notify_all()

    def drain(self) -> None:
        """Block until every request read is answered, or nothing has moved for ``QUIET`` seconds."""
        with self._changed:
            quiet_since = time.monotonic()
            while self._open:
                if self._working:
                    quiet_since = time.monotonic()
                elif time.monotonic() - quiet_since >= self.QUIET:
                    return
                before = len(self._open)
                self._changed.wait(timeout=self.QUIET / 5)
                if len(self._open) != before:
                    quiet_since = time.monotonic()


class GuardedLines:
    """A text stream whose lines pass ``guard_line`` (what the SDK's stdio reader reads: ``readline``)."""

    def __init__(self, inner: IO[str], exchange: Exchange | None = None) -> None:
        self._inner = inner
        self._exchange = exchange

    def readline(self, size: int = -1) -> str:
        line = self._inner.readline()
        if not line and self._exchange is not None:
            self._exchange.drain()  # end of input: the requests in hand are answered first
        if not line.strip():
            return line
        if self._exchange is not None:
            self._exchange.asked(line)
        return guard_line(line)


class CountedAnswers:
    """The wire to the client: what the SDK writes, with each answer's id marked in the ``Exchange``."""

    def __init__(self, inner: IO[str], exchange: Exchange) -> None:
        self._inner = inner
        self._exchange = exchange
        self._partial = ""
        self._pending: list[str] = []

    def write(self, text: str) -> int:
        written = self._inner.write(text)
        *lines, self._partial = (self._partial + text).split("\n")
        self._pending.extend(lines)
        return written

    def flush(self) -> None:
        self._inner.flush()
        lines, self._pending = self._pending, []
        for line in lines:
            self._exchange.answered(line)  # counted once it is on the wire


def _claim(fd: int, diversion: int) -> int:
    """Point ``fd`` at ``diversion`` and return a private duplicate of the wire it pointed at."""
    private = os.dup(fd)
    os.dup2(diversion, fd)
    os.close(diversion)
    return private


@contextlib.contextmanager
def claimed_stdio(exchange: Exchange) -> Iterator[tuple[Any, Any]]:
    """stdin as guarded lines and stdout as counted answers; meanwhile fd 0 reads the null device
    and fd 1 writes to stderr, so nothing a library prints can corrupt the wire (as the SDK does)."""
    wire_in = _claim(0, os.open(os.devnull, os.O_RDONLY))
    wire_out = _claim(1, os.dup(2))
    reader = io.TextIOWrapper(os.fdopen(wire_in, "rb", closefd=False), encoding="utf-8", errors="replace")
    writer = io.TextIOWrapper(os.fdopen(wire_out, "wb", closefd=False), encoding="utf-8", newline="\n")
    try:
        yield GuardedLines(reader, exchange), CountedAnswers(writer, exchange)
    finally:
        with contextlib.suppress(ValueError, OSError):
            writer.flush()
        os.dup2(wire_out, 1)
        os.dup2(wire_in, 0)  # (the private stdin stays open: a reader thread may still block on it, as the SDK notes)
