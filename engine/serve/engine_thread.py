"""One durable-rules host per server process, used from one dedicated thread.

durable-rules is not thread-safe: a host must never be used from two threads (the backend
refuses it). Request handlers run on the event loop, and FastAPI would run plain functions
on a pool of threads, so every use of the rule engine goes through ``EngineThread``: a
single-thread executor that creates and owns the process's one ``Evaluator``. Requests
queue for it in arrival order; when ``max_pending`` are already in it (running or waiting),
``run`` raises ``Busy`` at once (the server answers 503) instead of letting the queue grow
without bound.

Several worker processes (``hjemmel serve --workers N``) each have their own.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from hjemmel.evaluator import Evaluator
from hjemmel.rulebase.base import RuleBase

T = TypeVar("T")


class Busy(Exception):
    """Too many requests already wait for the rule engine."""


class EngineThread:
    """The process's rule engine, reached only through its own thread."""

    def __init__(self, rules: RuleBase, max_pending: int = 64) -> None:
        self.rules = rules
        self.max_pending = max_pending
        self._executor: ThreadPoolExecutor | None = None
        self._evaluator: Evaluator | None = None
        self._pending = 0  # changed on the event loop only
        self.thread_id: int | None = None

    async def run(self, work: Callable[[Evaluator], T]) -> T:
        """Run ``work(evaluator)`` on the engine thread and wait for its result."""
        if self._pending >= self.max_pending:
            raise Busy
        self._pending += 1
        try:
            return await asyncio.get_running_loop().run_in_executor(self._thread(), self._call, work)
        finally:
            self._pending -= 1

    def _thread(self) -> ThreadPoolExecutor:
        if self._executor is None:
            self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="hjemmel-engine")
        return self._executor

    def _call(self, work: Callable[[Evaluator], T]) -> T:
        if self._evaluator is None:
            self._evaluator = Evaluator(self.rules)
            self.thread_id = threading.get_ident()
        return work(self._evaluator)

    def close(self) -> None:
        """Stop the thread; its evaluator (and durable-rules host) goes with it."""
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
        self._executor = None
        self._evaluator = None
        self.thread_id = None
