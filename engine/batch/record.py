"""The run record beside a results file: what ``--resume`` needs to recognise the run.

``results.jsonl.resume.json`` holds the inputs as given (a national id in a name masked), a
fingerprint of every input file (path, size, modification time and a SHA-256 digest of its
content, so an edit whose size and time were restored is still seen), the options that change the output (date, language, rule
base, program version, reports) and the day used for cases without an assessment date — a
resumed run reuses that day, so its output is byte-identical to an uninterrupted run.
Anything different is refused with a message.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import stat
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


CONTENTS_LISTED = 1000  # up to this many files, the record names each file's digest (the message then names the changed file)


def content_digest(path: str | os.PathLike[str]) -> str:
    """SHA-256 of a regular file's bytes ('-' for anything else: a pipe is never read twice)."""
    try:
        with open(path, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                return "-"
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except (OSError, ValueError):
        return "-"


def fingerprint(inputs: Iterable[str | os.PathLike[str]], exclude: frozenset[str] = frozenset()) -> dict[str, Any]:
    """Every input file (after expanding folders and globs) by path, size, modification time and content digest."""
    digest = hashlib.sha256()
    files = size = 0
    contents: dict[str, str] = {}
    for path in input_files(inputs, exclude):
        content = content_digest(path)
        try:
            info = os.stat(path)
            entry = f"{path}\0{info.st_size}\0{info.st_mtime_ns}\0{content}\n"
            size += info.st_size
        except (OSError, ValueError):
            entry = f"{path}\0-\n"
        digest.update(entry.encode("utf-8", "surrogateescape"))
        files += 1
        if len(contents) < CONTENTS_LISTED:
            contents[mask_national_ids(os.fsdecode(path).encode("utf-8", "surrogateescape").decode("utf-8", "replace"))] = content
    out: dict[str, Any] = {"files": files, "bytes": size, "sha256": digest.hexdigest()}
    if files <= CONTENTS_LISTED:
        out["contents"] = contents
    return out


def _changed_file(then: dict[str, Any], now: dict[str, Any]) -> str | None:
    """The first input whose content digest differs, when both records list them."""
    before, after = then.get("contents"), now.get("contents")
    if not isinstance(before, dict) or not isinstance(after, dict):
        return None
    return next((name for name, value in after.items() if name in before and before[name] != value), None)


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
        changed = _changed_file(then, now)
        if changed is not None and then.get("files") == now["files"] and then.get("bytes") == now["bytes"]:
            differences.append(f"the content of the input file {shown(changed)} (same size, changed bytes)")
        else:
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
