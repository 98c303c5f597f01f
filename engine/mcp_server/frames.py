"""The MCP messages as hjemmel reads them: a key named twice in a tool's arguments is an error.

The MCP SDK parses each JSON-RPC line itself, and its parser keeps the last of two equal keys
(``{"case": {"id": "a", "id": "b"}}`` would be assessed as ``b``). Each line from the client
is therefore read here first, strictly (``hjemmel.cases.documents.unique_object``); a call
whose arguments name a key twice reaches the tools with its arguments replaced by a marker
(``DUPLICATE``) naming the key and its place, and the tool answers the located case error, as
a case file with the key twice gets it. Any other line goes to the SDK as it came.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
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


class GuardedLines:
    """A text stream whose lines pass ``guard_line`` (what the SDK's stdio reader reads: ``readline``)."""

    def __init__(self, inner: IO[str]) -> None:
        self._inner = inner

    def readline(self, size: int = -1) -> str:
        line = self._inner.readline()
        return guard_line(line) if line.strip() else line


@contextlib.contextmanager
def claimed_stdin() -> Iterator[Any]:
    """The process's stdin as guarded UTF-8 lines; fd 0 reads the null device meanwhile (as the SDK does)."""
    private = os.dup(0)
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)
    raw = os.fdopen(private, "rb", closefd=False)
    text = io.TextIOWrapper(raw, encoding="utf-8", errors="replace")
    try:
        yield GuardedLines(text)
    finally:
        os.dup2(private, 0)  # (``private`` stays open: a reader thread may still block on it, as the SDK notes)
