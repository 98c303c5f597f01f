"""The one module that talks to durable-rules (2.0.28).

It absorbs the engine's sharp edges, measured here:
- one ``engine.Host`` per process, never shared across threads;
- ``set_rulesets`` mutates its argument: we hand it a deep copy;
- a ruleset holds at most 1024 live sessions: every case gets a unique sid and its state
  is deleted right after evaluation;
- ``assert_fact`` (not ``post``): a posted event is consumed by the first matching rule;
- ``MessageNotHandledException`` means "nothing matched". Measured here: if the very first
  session of a ruleset is unhandled and its state is deleted, the next assert crashes the
  process with a segmentation fault. So each ruleset is warmed up once, on registration,
  with a fact that only a dedicated rule handles; after that, unhandled cases are safe
  (tested on 60,000 random cases, half of them unhandled). This replaced a catch-all rule
  that cost one action callback per case;
- an exception inside an action is swallowed and reported in the returned state under
  ``"exception"``: we turn it into ``BackendError``;
- durable-rules cannot tell which rule fired: each action records its own rule id;
- ``engine.Host`` starts two background timer threads that sweep every registered
  ruleset for queued actions and timers, with no pause between rulesets. We use neither
  (every case is evaluated synchronously inside ``assert_fact``), and the sweep would both
  compete for the GIL (measured: durable-rules time per case 84 µs → 224 µs with ~25
  rulesets registered) and could run an action of a session on another thread. The host
  used here does not start them.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable
from typing import Any

from durable import engine as durable_engine

from .compiler import WARMUP, WARMUP_FACT
from .errors import BackendError


class _SynchronousHost(durable_engine.Host):  # type: ignore[misc]
    """A durable-rules host without the background dispatch threads (see module doc)."""

    def _run(self) -> None:
        return None


class Session:
    """What one case produced: rules that fired (in firing order) and derived facts."""

    __slots__ = ("derived", "fired")

    def __init__(self) -> None:
        self.fired: list[str] = []
        self.derived: dict[str, list[str]] = {}


class Backend:
    """A durable-rules host with lazily registered rulesets, one per rule selection."""

    def __init__(self) -> None:
        self._host = _SynchronousHost()
        self._owner = threading.get_ident()
        self._rulesets: dict[frozenset[str], str] = {}
        self._derives: dict[str, str] = {}
        self._counter = itertools.count()
        self._current: Session | None = None

    def ruleset(self, key: frozenset[str], build: Callable[[], tuple[dict[str, dict[str, Any]], dict[str, str]]]) -> str:
        """Name of the registered ruleset for ``key``; ``build`` gives (rules, derives) once."""
        name = self._rulesets.get(key)
        if name is not None:
            return name
        name = f"hjemmel{len(self._rulesets)}"
        bodies, derives = build()
        definition: dict[str, Any] = {}
        for rule_id, body in bodies.items():
            rule = dict(body)
            rule["run"] = self._action(rule_id, derives.get(rule_id))
            definition[rule_id] = rule
        try:
            self._host.set_rulesets({name: definition})
            self._host.assert_fact(name, dict(WARMUP_FACT))  # see the module doc
            self._host.delete_state(name, WARMUP_FACT["sid"])
        except Exception as exc:  # durable reports only "error code: N"
            raise BackendError(f"durable-rules rejected the compiled ruleset: {exc}") from exc
        self._rulesets[key] = name
        return name

    def _action(self, rule_id: str, derives: str | None) -> Callable[[Any], None]:
        if rule_id == WARMUP:
            return _noop
        backend = self

        def action(c: Any) -> None:
            session = backend._current
            if session is None:  # pragma: no cover - defensive
                return
            session.fired.append(rule_id)
            if derives is not None:
                session.derived.setdefault(derives, []).append(rule_id)
                c.assert_fact({"t": "derived", "name": derives, "by": rule_id})

        return action

    def evaluate(self, ruleset: str, fact: dict[str, Any]) -> Session:
        """Assert one case fact in a fresh session and return what fired."""
        if threading.get_ident() != self._owner:
            raise BackendError("a durable-rules host must not be shared across threads")
        sid = str(next(self._counter))
        session = Session()
        self._current = session
        fact = dict(fact)
        fact["sid"] = sid
        fact["t"] = "case"
        try:
            state = self._host.assert_fact(ruleset, fact)
        except durable_engine.MessageNotHandledException:
            state = None
        except Exception as exc:
            raise BackendError(f"durable-rules failed on a case: {exc}") from exc
        finally:
            self._current = None
            self._host.delete_state(ruleset, sid)
        if isinstance(state, dict) and "exception" in state:
            raise BackendError(f"a rule action failed inside durable-rules: {str(state['exception'])[:200]}")
        return session


def _noop(c: Any) -> None:
    return None
