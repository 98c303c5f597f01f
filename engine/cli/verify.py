"""``hjemmel verify``: replay a results file against its inputs, name every line that differs."""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path
from typing import Any, NoReturn

import click
from hjemmel.cli.common import rule_base
from hjemmel.cli.running import end_progress, progress, say
from hjemmel.evaluator import Evaluator
from hjemmel.languages import language
from hjemmel.messages import translate
from hjemmel.safe_text import shown


def _refuse(message: str, code: int) -> NoReturn:
    click.echo(message, err=True)
    sys.exit(code)


@click.command()
@click.argument("results", type=click.Path(dir_okay=False, allow_dash=False, path_type=Path))
@click.argument("inputs", nargs=-1, required=True)
@click.option("--workers", "-j", type=click.IntRange(1, 256), default=None, help="Worker processes (default: the number of cores).")
@click.option("--quiet", "-q", is_flag=True, help="No progress display.")
@click.pass_context
def verify(ctx: click.Context, results: Path, inputs: tuple[str, ...], workers: int | None, quiet: bool) -> None:
    """Replay a results file of hjemmel batch: assess every case of the inputs again and compare.

    Each line is checked in order against the case it came from: the receipt's input digest
    (the case as read) and rule base, and the findings. Every line that differs is printed
    (file:line, case id, what differs), and so are dropped, duplicated and added lines.
    The rule base must be the one named in the receipts (use --rules DIR before verify).
    Exits 0 when every line matches, 1 when any differs, 2 for another rule base.

    \b
    Example:
      hjemmel batch cases/ -o results.jsonl -q && hjemmel verify results.jsonl cases/
    """
    from hjemmel.batch.record import read_record
    from hjemmel.batch.verify import NotJsonLines, first_receipt, verify
    from hjemmel.cases.inputs import is_glob, total_bytes

    name = shown(str(results))
    if not results.is_file():
        _refuse(f"{name}: no such results file", 2)
    for entry in inputs:
        if not is_glob(entry) and not os.path.exists(entry):
            _refuse(f"{shown(entry)}: no such input file or folder (verify needs every input the batch read)", 2)
    try:
        first = first_receipt(results)
    except NotJsonLines as exc:
        _refuse(f"{name}:{exc.args[0]}: not JSON Lines: the line is not a JSON object (a results file of hjemmel batch holds one per line)", 1)
    except (OSError, UnicodeError) as exc:
        _refuse(f"{name}: cannot be read ({shown(str(exc))})", 1)
    evaluator = Evaluator(rule_base(ctx))
    rules = evaluator.rules
    receipt: dict[str, Any] = first[1]["receipt"] if first else {}
    if first is not None:
        if "compare" in first[1] and "gained" in first[1]:
            _refuse(f"{name}:{first[0]}: an impact line: verify replays the results of hjemmel batch", 2)
        found = receipt.get("rules")
        named: dict[str, Any] = found if isinstance(found, dict) else {}
        if named.get("digest") != rules.digest:
            _refuse(
                f"{name}:{first[0]}: the results were assessed with rule base {shown(str(named.get('version')))} ({shown(str(named.get('digest')))}), "
                f"not with this one, {rules.version} ({rules.digest}): verify with that rule base (hjemmel --rules DIR verify …)",
                2,
            )
    job = _job(read_record(results), receipt)
    show = not quiet and sys.stderr.isatty()
    total = total_bytes(inputs) if show else None
    how: dict[str, Any] = {"workers": workers or os.cpu_count() or 1, "progress": progress(job.lang) if show else None, "bytes_total": total}
    tally, summary = verify(results, inputs, evaluator, job, tell=click.echo, **how)
    end_progress(quiet)
    say(
        f"{tally.cases:,} cases, {tally.lines:,} lines in {name}: {tally.matched:,} match, {tally.differ:,} differ, "
        f"{tally.dropped:,} dropped, {tally.duplicated:,} duplicated, {tally.extra:,} not from the inputs",
        job.lang,
    )
    if summary.interrupted:
        _refuse(translate("Interrupted: the lines above are those checked so far.", job.lang), 130)
    if summary.broken is not None:
        _refuse(translate(f"Stopped: {summary.broken}; run again (or with --workers 1).", job.lang), 1)
    sys.exit(0 if tally.ok else 1)


def _job(record: dict[str, Any] | None, receipt: dict[str, Any]) -> Any:
    """Assess as the run did: its --date, its day for undated cases and its language (from the run
    record beside the results, else from the first receipt; a line of other options is assessed
    again on its own receipt's day and language)."""
    from hjemmel.batch.record import recorded_today
    from hjemmel.batch.verify import VerifyJob

    options = (record or {}).get("options") or {}
    if record is not None and options.get("command") == "batch":
        try:
            on = dt.date.fromisoformat(options["date"]) if options.get("date") else None
        except (TypeError, ValueError):
            on = None
        return VerifyJob(on=on, today=recorded_today(record) or dt.date.today(), lang=str(options.get("lang") or "nb"))
    try:
        today = dt.date.fromisoformat(str(receipt.get("date")))
    except ValueError:
        today = dt.date.today()
    lang = receipt.get("lang")
    return VerifyJob(on=None, today=today, lang=language(lang))
