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
- an exception inside a Python action is swallowed and only reported in the returned
  state; and durable-rules cannot tell which rule fired. ``Backend.evaluate`` therefore
  runs each case through the C engine's action loop itself (see there): the name of each
  action it starts is the rule id, and any error of ours is raised as ``BackendError``;
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
from collections.abc import Callable, Hashable
from typing import Any

import durable_rules_engine as _engine
import orjson
from durable import engine as durable_engine
from hjemmel.errors import BackendError
from hjemmel.evaluation.compiler import WARMUP, WARMUP_FACT


class _SynchronousHost(durable_engine.Host):  # type: ignore[misc]
    """A durable-rules host without the background dispatch threads (see module doc)."""

    def _run(self) -> None:
        return None


class Session:
    """What one case produced: the rules that fired, in firing order."""

    __slots__ = ("fired",)

    def __init__(self) -> None:
        self.fired: list[str] = []


class Backend:
    """A durable-rules host with lazily registered rulesets, one per rule selection."""

    def __init__(self) -> None:
        self._host = _SynchronousHost()
        self._owner = threading.get_ident()
        self._rulesets: dict[Hashable, str] = {}
        self._handles: dict[str, int] = {}  # ruleset name → the C engine's handle
        self._derives: dict[str, dict[str, str]] = {}  # ruleset name → rule id → derived fact
        self._counter = itertools.count()

    def ruleset(self, key: Hashable, build: Callable[[], tuple[dict[str, dict[str, Any]], dict[str, str]]]) -> str:
        """Name of the registered ruleset for ``key``; ``build`` gives (rules, derives) once."""
        name = self._rulesets.get(key)
        if name is not None:
            return name
        name = f"hjemmel{len(self._rulesets)}"
        bodies, derives = build()
        definition: dict[str, Any] = {}
        for rule_id, body in bodies.items():
            rule = dict(body)
            rule["run"] = _noop  # durable-rules needs an action; evaluate() reads firings itself
            definition[rule_id] = rule
        try:
            self._host.set_rulesets({name: definition})
            self._host.assert_fact(name, dict(WARMUP_FACT))  # see the module doc
            self._host.delete_state(name, WARMUP_FACT["sid"])
            self._handles[name] = self._host.get_ruleset(name)._handle
            self._derives[name] = dict(derives)
        except Exception as exc:  # durable reports only "error code: N"
            raise BackendError(f"durable-rules rejected the compiled ruleset: {exc}") from exc
        self._rulesets[key] = name
        return name

    def evaluate(self, ruleset: str, fact: dict[str, Any]) -> Session:
        """Assert one case fact in a fresh session and return what fired (``fact`` gains its session id).

        This drives durable-rules' C engine directly, the same sequence ``Host.assert_fact``
        runs (assert, start the session's actions, mark each one done, take the next),
        without its Python action layer, which cost about half the time per case: a
        ``Closure`` per action, the state decoded and encoded again for each action. Facts
        and messages go through orjson, and the state is not written back after each action
        (``update_state``): no action changes it, and the firings are the same (tests).
        Each action's name is the rule id; a rule that derives a fact asserts it into the
        same session, so rules that depend on it fire in the same loop.
        """
        if threading.get_ident() != self._owner:
            raise BackendError("a durable-rules host must not be shared across threads")
        handle = self._handles[ruleset]
        derives = self._derives[ruleset]
        sid = str(next(self._counter))
        session = Session()
        case = fact  # the caller's dict, given for this one call
        case["sid"] = sid
        case["t"] = "case"
        try:
            result = _engine.assert_fact(handle, orjson.dumps(case).decode())
            if result[0] != 1:  # 1: no rule matched
                state_handle = result[1]
                started = _engine.start_action_for_state(handle, state_handle)
                if started:
                    messages = orjson.loads(started[1])
                    while True:
                        for rule_id in messages:
                            self._fired(session, rule_id, derives.get(rule_id), handle, sid)
                        # No update_state: the actions change nothing in the session state.
                        following = _engine.complete_and_start_action(handle, state_handle)
                        if not following:
                            break
                        messages = orjson.loads(following)
        except BackendError:
            raise
        except Exception as exc:
            raise BackendError(f"durable-rules failed on a case: {exc}") from exc
        finally:
            _engine.delete_state(handle, sid)
        return session

    def _fired(self, session: Session, rule_id: str, derives: str | None, handle: int, sid: str) -> None:
        """Record a fired rule; assert the fact it derives (if any) into the same session."""
        if rule_id == WARMUP:
            return
        session.fired.append(rule_id)
        if derives is not None:
            derived = {"sid": sid, "t": "derived", "name": derives, "by": rule_id}
            _engine.assert_fact(handle, orjson.dumps(derived).decode())


def _noop(c: Any) -> None:
    return None
