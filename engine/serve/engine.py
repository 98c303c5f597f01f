"""The one rule engine of a server process, used from one thread only: the event loop's.

durable-rules is not thread-safe: a host must never be used from two threads (the backend
refuses it). Every request handler of the server is a coroutine, so it runs on the event
loop's thread, one at a time; the rule engine is called there, synchronously, and from
nowhere else (no handler is a plain function, which FastAPI would run on a thread pool).
That thread is the dedicated thread: ``Engine`` creates the process's one ``Evaluator`` on
it and refuses to be used from any other.

Measured here (2 cores, loaded by other work): handing each evaluation to a separate
single-thread executor instead cost 3–5 ms per request in thread switches (median 4.9 ms
against 1.2 ms for a small case), for no gain: the evaluation holds the GIL either way.
Requests wait for the engine as they wait for the event loop; ``hjemmel serve --workers N``
runs N processes, each with its own engine.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from hjemmel.evaluator import Evaluator
from hjemmel.rulebase.base import RuleBase

T = TypeVar("T")


class Engine:
    """The process's rule engine, on the thread that first used it."""

    def __init__(self, rules: RuleBase) -> None:
        self.rules = rules
        self._evaluator: Evaluator | None = None
        self.thread_id: int | None = None

    def run(self, work: Callable[[Evaluator], T]) -> T:
        """``work(evaluator)`` on this thread, which must be the engine's thread."""
        here = threading.get_ident()
        if self._evaluator is None:
            self._evaluator = Evaluator(self.rules)
            self.thread_id = here
        elif here != self.thread_id:
            raise RuntimeError("the rule engine of this process is used from one thread only")
        return work(self._evaluator)

    def close(self) -> None:
        """Let go of the evaluator (and its durable-rules host): the next use starts anew."""
        self._evaluator = None
        self.thread_id = None
