"""What the commands share: option types, loading the rule base once, failing with a message."""

from __future__ import annotations

import contextlib
import datetime as dt
import signal
import sys
import threading
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, NoReturn

import click
from hjemmel import collector
from hjemmel.errors import HjemmelError
from hjemmel.languages import DEFAULT_LANGUAGE, LANGUAGES, is_language

if TYPE_CHECKING:
    from hjemmel.rulebase.base import RuleBase

LANGS: click.Choice = click.Choice(list(LANGUAGES))  # type: ignore[type-arg]


class _Date(click.ParamType):  # type: ignore[type-arg]
    name = "YYYY-MM-DD"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> dt.date:
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            self.fail(f"expected a date (YYYY-MM-DD), got {value!r}", param, ctx)


DATE: click.ParamType = _Date()  # type: ignore[type-arg]


def fail(error: HjemmelError, lang: str = "en") -> NoReturn:
    """Print a library error (located problems) on stderr, in ``lang`` where its messages are
    of a known kind, and exit 1: never a traceback."""
    click.echo(error.format(lang), err=True)
    sys.exit(1)


@contextlib.contextmanager
def ctrl_c_deferred() -> Iterator[None]:
    """Hold a Ctrl-C back while the block runs, and raise it when the block is done.

    Loading the rule base runs Python code from inside pydantic's compiled validators, where a
    KeyboardInterrupt is swallowed and turns into a false validation error; with SIGINT blocked
    the signal waits, and arrives as a plain KeyboardInterrupt (exit 130) right after.
    """
    if not hasattr(signal, "pthread_sigmask") or threading.current_thread() is not threading.main_thread():
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def rule_base(ctx: click.Context) -> RuleBase:
    """The rule base of this invocation (``--rules`` or the bundled one), loaded once."""
    from hjemmel.rulebase.loading import load_rules  # (not for the commands without rules, nor a usage error)

    obj = ctx.ensure_object(dict)
    if "rules" not in obj:
        try:
            with ctrl_c_deferred(), collector.setting_up():  # (kept for the whole command)
                obj["rules"] = load_rules(obj.get("rules_dir"))
        except HjemmelError as exc:
            lang = ctx.params.get("lang")
            fail(exc, lang if isinstance(lang, str) else "nb")
    rules: RuleBase = obj["rules"]
    return rules


def argv_lang(args: Sequence[str], default: str = DEFAULT_LANGUAGE) -> str:
    """The language asked for on the command line (``--lang X`` or ``--lang=X``), else bokmål as
    every command's ``--lang`` defaults to: what a usage error is written in, before (or without)
    a parsed ``--lang``."""
    for i, arg in enumerate(args):
        value = arg.partition("=")[2] if arg.startswith("--lang=") else (args[i + 1] if arg == "--lang" and i + 1 < len(args) else None)
        if is_language(value):
            return value
    return default


def show_usage_error(exc: click.ClickException, lang: str) -> None:
    """Click's error display (usage, hint, "Error: …") with every line in ``lang``."""
    from hjemmel.messages import translate

    lines: list[str] = []
    ctx = getattr(exc, "ctx", None)
    if isinstance(exc, click.UsageError) and ctx is not None:
        lines.append(translate(ctx.get_usage(), lang))
        if ctx.command.get_help_option(ctx) is not None:
            option = max(ctx.command.get_help_option_names(ctx), key=len)
            lines.append(translate(f"Try '{ctx.command_path} {option}' for help.", lang))
        lines.append("")
    lines.append(translate(f"Error: {exc.format_message()}", lang))
    click.echo("\n".join(lines), err=True, color=ctx.color if ctx is not None else None)
