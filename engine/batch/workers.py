"""Worker processes that never outlive the batch.

- A worker dies with the main process: on Linux the kernel sends it SIGKILL when its parent
  dies (``prctl(PR_SET_PDEATHSIG)``); elsewhere a watchdog thread notices the new parent.
  Either way, a worker whose parent is already gone when it starts exits at once.
- Workers start with SIGINT and SIGTERM blocked (``starting_workers``), so a Ctrl-C while
  they are still importing prints no traceback from them; once started they ignore SIGINT
  (the main process handles Ctrl-C for the whole batch).
- ``stop_workers`` kills the workers of an interrupted batch instead of waiting for them, so
  a stuck worker (a read that never returns, a SIGSTOP) cannot make Ctrl-C or SIGTERM hang.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import Executor
from multiprocessing.process import BaseProcess

PR_SET_PDEATHSIG = 1  # from <sys/prctl.h>
_SIGNALS = {signal.SIGINT, signal.SIGTERM}
WATCHDOG_SECONDS = 1.0


def die_with_parent(parent_pid: int) -> None:
    """Make this process end when ``parent_pid`` (its parent) ends; end now if it already has."""
    if not _parent_death_signal():
        threading.Thread(target=_watch_parent, args=(parent_pid,), name="hjemmel-watchdog", daemon=True).start()
    if os.getppid() != parent_pid:  # the parent died before the signal was set up
        os._exit(1)


def _parent_death_signal() -> bool:
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return int(libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)) == 0
    except (OSError, AttributeError):
        return False


def _watch_parent(parent_pid: int) -> None:
    while os.getppid() == parent_pid:
        time.sleep(WATCHDOG_SECONDS)
    os._exit(1)


def worker_signals() -> None:
    """In a worker: ignore Ctrl-C (the main process handles it) and accept signals again."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _SIGNALS)


@contextlib.contextmanager
def signals_deferred() -> Iterator[None]:
    """Block SIGINT and SIGTERM for a moment (in the main thread): a signal that arrives
    meanwhile is delivered as soon as the block ends. While workers may be started (they
    inherit the mask: ``starting_workers``), and while the batch writes its pending lines
    (``hjemmel.batch.writer``: a Ctrl-C never splits a write from its bookkeeping)."""
    if not hasattr(signal, "pthread_sigmask") or threading.current_thread() is not threading.main_thread():
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, _SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


starting_workers = signals_deferred  # workers started in the block begin with Ctrl-C blocked


def children() -> set[BaseProcess]:
    """The live multiprocessing children of this process."""
    return set(multiprocessing.active_children())


def stop_workers(pool: Executor, before: set[BaseProcess]) -> None:
    """Stop a pool at once: cancel what has not started and kill its workers (children started since ``before``)."""
    workers = children() - before
    queue = getattr(pool, "_result_queue", None)  # (shutdown forgets them)
    manager = getattr(pool, "_executor_manager_thread", None)
    for process in workers:
        with contextlib.suppress(OSError, ValueError):
            process.kill()
    for process in workers:
        with contextlib.suppress(OSError, ValueError, AssertionError):
            process.join(timeout=5)
    pool.shutdown(wait=False, cancel_futures=True)
    _unblock_manager(queue, manager)


def _unblock_manager(queue: object, manager: object) -> None:
    """Let the pool's manager thread end, so the interpreter's exit never waits for it.

    A worker killed while it sent a result leaves half a message in the result pipe; the
    manager thread (which the interpreter joins at exit) then waits for the rest for ever.
    Closing the main process's end for writing (the killed workers' ends are closed) turns
    that wait into an end of file: the thread marks the pool broken and ends.
    """
    writer = getattr(queue, "_writer", None)
    with contextlib.suppress(Exception):
        if writer is not None:
            writer.close()
    if isinstance(manager, threading.Thread) and manager is not threading.current_thread():
        manager.join(timeout=5)
