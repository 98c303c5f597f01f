"""The run record beside a results file: what ``--resume`` needs to recognise the run.

``results.jsonl.resume.json`` holds the inputs as given (a national id in a name masked), a fingerprint of every input file
(path, size, modification time), the options that change the output (date, language, rule
base, program version, reports) and the day used for cases without an assessment date — a
resumed run reuses that day, so its output is byte-identical to an uninterrupted run.
Anything different is refused with a message.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from hjemmel.cases.inputs import input_files
from hjemmel.errors import ResumeError
from hjemmel.files import atomic_write_text
from hjemmel.safe_text import mask_national_ids, shown

RECORD_SCHEMA = "hjemmel/batch-run-v1"
RECORD_SUFFIX = ".resume.json"


def record_path(output: Path) -> Path:
    """Where the run record of ``output`` lives: beside it, named after it."""
    return output.with_name(output.name + RECORD_SUFFIX)


def fingerprint(inputs: Iterable[str | os.PathLike[str]], exclude: frozenset[str] = frozenset()) -> dict[str, Any]:
    """Every input file (after expanding folders and globs) by path, size and modification time."""
    digest = hashlib.sha256()
    files = size = 0
    for path in input_files(inputs, exclude):
        try:
            info = os.stat(path)
            entry = f"{path}\0{info.st_size}\0{info.st_mtime_ns}\n"
            size += info.st_size
        except (OSError, ValueError):
            entry = f"{path}\0-\n"
        digest.update(entry.encode("utf-8", "surrogateescape"))
        files += 1
    return {"files": files, "bytes": size, "sha256": digest.hexdigest()}


def run_record(inputs: Iterable[str | os.PathLike[str]], options: dict[str, Any], *, today: dt.date, exclude: frozenset[str] = frozenset()) -> dict[str, Any]:
    """What identifies a run: inputs, their fingerprint, and the options that change the output."""
    given = [os.fspath(i) for i in inputs]
    shown_inputs = [mask_national_ids(i) for i in given]  # a file name may hold a national id: the record keeps it masked
    return {"schema": RECORD_SCHEMA, "inputs": shown_inputs, "fingerprint": fingerprint(given, exclude), "options": options, "today": today.isoformat()}


def write_record(output: Path, record: dict[str, Any]) -> None:
    atomic_write_text(record_path(output), json.dumps(record, ensure_ascii=False, indent=1, sort_keys=True) + "\n")


def read_record(output: Path) -> dict[str, Any] | None:
    """The run record beside ``output``, or None when there is none (or it is unreadable)."""
    try:
        data = json.loads(record_path(output).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("schema") == RECORD_SCHEMA else None


def check_same_run(output: Path, previous: dict[str, Any] | None, current: dict[str, Any]) -> None:
    """Refuse to resume unless ``current`` is the run that ``previous`` recorded."""
    name = shown(str(output))
    if previous is None:
        raise ResumeError(
            f"cannot resume {name}: there is no record of the run that wrote it ({record_path(output).name}); run without --resume to start again"
        )
    differences = []
    if previous.get("inputs") != current["inputs"]:
        differences.append("the inputs on the command line")
    elif previous.get("fingerprint") != current["fingerprint"]:
        then, now = previous.get("fingerprint") or {}, current["fingerprint"]
        differences.append(f"the input files ({then.get('files')} files, {then.get('bytes')} bytes then; {now['files']} files, {now['bytes']} bytes now)")
    labels = {"rules": "the rule base", "version": "the hjemmel version", "reports": "--reports/--format", "findings": "--findings/--csv-dialect"}
    earlier = previous.get("options") or {}
    for key in sorted(set(earlier) | set(current["options"])):
        if earlier.get(key) != current["options"].get(key):
            differences.append(labels.get(key, "--" + key if key not in ("command",) else "the command"))
    if differences:
        raise ResumeError(f"cannot resume {name}: it was written by a different run (different: {', '.join(differences)}); run without --resume to start again")


def recorded_today(previous: dict[str, Any] | None) -> dt.date | None:
    """The day the first run used for cases without an assessment date."""
    try:
        return dt.date.fromisoformat(str((previous or {})["today"]))
    except (KeyError, ValueError):
        return None
