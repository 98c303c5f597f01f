"""The one rule engine of a server process, on a thread of its own.

durable-rules is not thread-safe: a host must never be used from two threads (the backend
refuses it). ``Engine`` owns one dedicated thread (a single-thread executor) that creates
the process's one ``Evaluator`` and runs every evaluation; it refuses work on any other
thread. Request handlers ``await engine.call(work)``: the event loop stays free while a
case is assessed, so ``/healthz``, static files, timeouts and other connections are served
during a slow assessment, and the assessments themselves run one at a time, in order.

Until issue 20 the engine ran on the event loop's own thread (a hand-off was measured at
3–5 ms per request in thread switches); but then one expensive request blocked every
other, health checks included. The hand-off now costs what is measured in ``docs/serve.md``
(a fraction of a millisecond on this machine); the evaluation holds the GIL either way.
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


class Engine:
    """The process's rule engine, used only on its own thread."""

    def __init__(self, rules: RuleBase) -> None:
        self.rules = rules
        self._evaluator: Evaluator | None = None
        self.thread_id: int | None = None
        self._executor: ThreadPoolExecutor | None = None
        self._lock = threading.Lock()

    def _pool(self) -> ThreadPoolExecutor:
        with self._lock:
            if self._executor is None:
                self._executor = ThreadPoolExecutor(1, thread_name_prefix="hjemmel-engine")
            return self._executor

    def here(self, work: Callable[[Evaluator], T]) -> T:
        """``work(evaluator)`` on this thread, which must be the engine's thread."""
        current = threading.get_ident()
        if self._evaluator is None:
            self._evaluator = Evaluator(self.rules)
            self.thread_id = current
        elif current != self.thread_id:
            raise RuntimeError("the rule engine of this process is used from one thread only")
        return work(self._evaluator)

    def run(self, work: Callable[[Evaluator], T]) -> T:
        """``work(evaluator)`` on the engine's thread, waiting for it (not from the event loop)."""
        return self._pool().submit(self.here, work).result()

    async def call(self, work: Callable[[Evaluator], T]) -> T:
        """``work(evaluator)`` on the engine's thread; the event loop serves others meanwhile."""
        return await asyncio.wrap_future(self._pool().submit(self.here, work))

    def close(self) -> None:
        """Let go of the evaluator (and its durable-rules host) and the thread: the next use starts anew."""
        with self._lock:
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=True)
        self._evaluator = None
        self.thread_id = None
