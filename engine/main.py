"""Console entry point: refuses an unsupported Python with one sentence, not a traceback.

Whatever happens outside the commands' own error handling ends in one sentence too: Ctrl-C
(also while starting up), an output the terminal's encoding cannot show, and an operating
system limit such as too few open files.
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import sys
from collections.abc import Iterator


def main() -> None:
    try:
        _main()
    except KeyboardInterrupt:
        _exit("Interrupted.", 130)
    except UnicodeEncodeError as exc:
        encoding = getattr(sys.stdout, "encoding", None) or exc.encoding
        _exit(f"hjemmel: the output cannot be shown in the encoding {encoding}; set PYTHONIOENCODING=utf-8 or write to a file with --output", 1)
    except OSError as exc:
        if exc.errno == errno.EPIPE:  # the reader went away (``| head``): nothing to say
            _quiet_stdout()
            sys.exit(1)
        hint = " (raise the limit with 'ulimit -n')" if exc.errno in (errno.EMFILE, errno.ENFILE) else ""
        _exit(f"hjemmel: {exc.strerror or type(exc).__name__}{hint}", 1)


def _main() -> None:
    from hjemmel import python_supported, unsupported_message

    if not python_supported():
        print(unsupported_message(), file=sys.stderr)
        sys.exit(1)
    from hjemmel import interrupts

    interrupts.install()  # a Ctrl-C CPython can only "ignore" is kept and raised later
    # pydantic looks its plugins up through importlib.metadata when it builds its first model
    # (about 60 ms of a 0.4 s `hjemmel assess`); hjemmel uses none. Set the variable yourself
    # (empty: every plugin) to keep yours; the library (`import hjemmel`) is left alone.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    # The imports build pydantic's validators, where a Ctrl-C would be swallowed and leave a
    # broken validator behind: it is held back until they are done (then exit 130 as usual).
    # The cyclic garbage collector waits until the command's module is imported (hjemmel.collector).
    from hjemmel import collector

    collector.hold()
    with _ctrl_c_held():
        import click
        from hjemmel.cli import main as cli

    # Click's own error handling, except that Ctrl-C is exit 130 like an interrupted batch.
    try:
        code = cli.main(standalone_mode=False)
    except click.exceptions.Abort as exc:
        if isinstance(exc.__cause__, KeyboardInterrupt):
            raise KeyboardInterrupt from None
        _exit("Aborted!", 1)
    except click.ClickException as exc:
        interrupts.check()
        from hjemmel.cli.common import argv_lang, show_usage_error

        show_usage_error(exc, argv_lang(sys.argv[1:]))
        sys.exit(exc.exit_code)
    interrupts.check()  # a Ctrl-C kept while the command ran: exit 130 as for any other
    sys.exit(code if type(code) is int else 0)


@contextlib.contextmanager
def _ctrl_c_held() -> Iterator[None]:
    """SIGINT blocked while the block runs; a Ctrl-C meanwhile arrives when it is done."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def _quiet_stdout() -> None:
    """Point stdout at /dev/null so the flush at exit cannot fail again (the Python docs' remedy)."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _exit(message: str, code: int) -> None:
    try:
        print(message, file=sys.stderr)
        sys.stderr.flush()
    except (OSError, ValueError):
        pass
    sys.exit(code)
