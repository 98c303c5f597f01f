"""``hjemmel verify``: replay a results file against its inputs and name every line that differs.

Every case of the inputs is assessed again (a batch job, ``VerifyJob``: streaming, workers and
input order are the batch's own) and compared, in order, with the results file, read line by
line (``Verifier``, the batch's writer): the receipt's input digest and rule base, and the
findings (each finding's contract fields; the report-only texts are left out, so lean and
``--full`` lines are checked alike). Lines are matched by case id with one line of look-ahead,
so a dropped line, a duplicated line and a line that belongs to no input are each named once
instead of shifting every line after them. Memory stays constant but for an 8-byte hash of
each case id seen and its line number (as the batch's own duplicate check keeps the hashes).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import orjson
from hjemmel.assessment import lean_finding
from hjemmel.batch.run import BatchSummary, Result, case_failure, record_failure, run_batch
from hjemmel.cases.canonical import canonical_case
from hjemmel.cases.facts import effective_date
from hjemmel.cases.loading import CaseRecord, parse_case
from hjemmel.cases.model import Case
from hjemmel.evaluator import Evaluator, dates_in_range
from hjemmel.explain.findings import finding, finding_order, overridden, standing
from hjemmel.languages import is_language
from hjemmel.safe_text import mask_national_ids, shown


@dataclass(frozen=True)
class Replay:
    """What the re-assessment of one case gives (small and picklable: sent from the workers)."""

    input: str  # sha256:<hex> of the canonical case
    canonical: bytes  # the canonical case, to assess it again on another day in the main process
    day: str
    lang: str
    findings: bytes  # JSON list of the lean findings


def replay_findings(evaluator: Evaluator, case: Case, day: dt.date, lang: str, source: str | None) -> bytes:
    """The findings of ``case`` on ``day`` as the batch line writes them (lean), as JSON."""
    with dates_in_range(source):
        ctx = evaluator.context(case, day, lang=lang, source=source)
        found = sorted((finding(ctx, rule) for rule in standing(ctx, overridden(ctx))), key=finding_order)
    return orjson.dumps([lean_finding(f) for f in found])


@dataclass(frozen=True)
class VerifyJob:
    """Assess every case again, as the run that wrote the results did (its date, day and language)."""

    on: dt.date | None = None
    today: dt.date = field(default_factory=dt.date.today)
    lang: str = "nb"

    def process(self, record: CaseRecord, evaluator: Evaluator) -> Result:
        if record.case is None:
            return record_failure(record)
        case = record.case
        try:
            day, _ = effective_date(case, self.on, self.today)
            canonical = canonical_case(case)
            findings = replay_findings(evaluator, case, day, self.lang, record.source)
        except Exception as exc:  # a located case error (or a bug): an error record, as the batch wrote it
            return case_failure(record, case.id, exc)
        digest = "sha256:" + hashlib.sha256(canonical).hexdigest()
        return Result(record.source, "", case.id, extra=Replay(digest, canonical, day.isoformat(), self.lang, findings))


# --- reading the results file ------------------------------------------------------------


class NotJsonLines(Exception):
    """The results file is not JSON Lines (its first line is not a JSON object)."""


LOOK_AHEAD = 16  # lines read ahead for a case's line: so many added lines in a row are each named once
Line = tuple[int, dict[str, Any] | None]  # (line number, the object; None when the line is not one)


def read_lines(handle: IO[bytes]) -> Iterator[Line]:
    """Each line of a results file, numbered from 1; blank lines are passed over."""
    for number, raw in enumerate(handle, 1):
        if not raw.strip():
            continue
        try:
            data = json.loads(raw)
        except ValueError:
            data = None
        yield number, data if isinstance(data, dict) else None


def first_receipt(path: Path) -> tuple[int, dict[str, Any]] | None:
    """The first line with a receipt in ``path``: its number and object (``NotJsonLines`` when the
    first line is no JSON object)."""
    with path.open("rb") as handle:
        for number, data in read_lines(handle):
            if data is None and number == 1:
                raise NotJsonLines(number)
            if data is not None and isinstance(data.get("receipt"), dict):
                return number, data
    return None


# --- comparing ------------------------------------------------------------------------------


@dataclass
class Tally:
    """What verify counts."""

    lines: int = 0  # lines of the results file read
    cases: int = 0  # cases of the inputs
    matched: int = 0
    differ: int = 0
    dropped: int = 0
    duplicated: int = 0
    extra: int = 0  # lines no input case has (or not JSON)

    @property
    def ok(self) -> bool:
        return self.differ == self.dropped == self.duplicated == self.extra == 0


def _id_key(case_id: str | None) -> bytes:
    return hashlib.blake2b((case_id or "\0").encode("utf-8", "surrogatepass"), digest_size=8).digest()


def _short(digest: object) -> str:
    return str(digest)[:19] + "…" if isinstance(digest, str) and len(digest) > 19 else str(digest)


def _finding_key(found: dict[str, Any]) -> tuple[str, str]:
    return (str(found.get("rule")), str(found.get("actor")))


def finding_differences(written: list[Any], now: list[dict[str, Any]]) -> list[str]:
    """What differs between the findings of a line and those of the re-assessment, finding by finding."""
    out = []
    old = {_finding_key(f): lean_finding(f) for f in written if isinstance(f, dict)}
    new = {_finding_key(f): f for f in now}
    for key, found in old.items():
        rule = key[0]
        if key not in new:
            out.append(f"finding {rule} ({key[1]}) is in the line but not in the re-assessment")
            continue
        changed = [name for name in dict.fromkeys([*found, *new[key]]) if found.get(name) != new[key].get(name)]
        for name in changed:
            out.append(f"finding {rule}: {name} is {_value(found.get(name))} in the line, {_value(new[key].get(name))} now")
    out.extend(f"finding {key[0]} ({key[1]}) is in the re-assessment but not in the line" for key in new if key not in old)
    if not out and [_finding_key(f) for f in written if isinstance(f, dict)] != list(new):
        out.append("the findings are in another order")
    return out


def _value(value: object) -> str:
    text = shown(json.dumps(value, ensure_ascii=False))
    return text if len(text) <= 80 else text[:79] + "…"


class Verifier:
    """The batch's writer for verify: compares each re-assessed case with the next line of the results."""

    findings: IO[str] | None = None  # (what the batch asks of a writer: no findings table, no reports)
    reports_dir: Path | None = None

    def __init__(self, lines: Iterator[Line], evaluator: Evaluator, name: str, tell: Callable[[str], None]) -> None:
        self.lines, self.evaluator, self.name, self.tell = lines, evaluator, name, tell
        self.tally = Tally()
        self.seen: dict[bytes, int] = {}  # case id hash → its line
        self.ahead: list[Line] = []

    def _read(self) -> Line | None:
        line = next(self.lines, None)
        if line is not None:
            self.tally.lines += 1
        return line

    def _next(self) -> Line | None:
        return self.ahead.pop(0) if self.ahead else self._read()

    def _ahead_index(self, case_id: str | None) -> int | None:
        """Where the line of ``case_id`` is among the next ``LOOK_AHEAD`` lines, if it is."""
        while len(self.ahead) < LOOK_AHEAD and (line := self._read()) is not None:
            self.ahead.append(line)
        for index, (_, data) in enumerate(self.ahead):
            if data is not None and data.get("case_id") == case_id:
                return index
        return None

    def _say(self, number: int | None, case_id: str | None, text: str) -> None:
        where = f"{self.name}:{number}" if number is not None else self.name
        who = f"case {mask_national_ids(shown(case_id))}" if case_id else "a case without an id"
        self.tell(f"{where}: {who}: {text}")

    def _stray(self, number: int, data: dict[str, Any] | None) -> None:
        """A line that matches no case here: a duplicate of an earlier line, or one no input has."""
        if data is None:
            self.tally.extra += 1
            self.tell(f"{self.name}:{number}: not a JSON object (a results file is JSON Lines: one assessment or error record per line)")
            return
        case_id = data.get("case_id") if isinstance(data.get("case_id"), str) else None
        first = self.seen.get(_id_key(case_id))
        if first is not None:
            self.tally.duplicated += 1
            self._say(number, case_id, f"duplicated line (the case's line is line {first})")
        else:
            self.tally.extra += 1
            self._say(number, case_id, "a line that no case of the inputs gives (added, or its input is not given)")

    def write(self, result: Result) -> None:
        self.tally.cases += 1
        while True:
            line = self._next()
            if line is None:
                self._dropped(result)
                return
            number, data = line
            case_id = data.get("case_id") if data is not None else None
            if data is not None and case_id == result.case_id:
                self._compare(number, data, result)
                return
            if data is None or (isinstance(case_id, str) and _id_key(case_id) in self.seen):
                self._stray(number, data)  # not a line of a case, or a duplicate of an earlier line
                continue
            self.ahead.insert(0, line)
            index = self._ahead_index(result.case_id)
            if index is None:  # this case's line is missing: the line belongs to a later case
                self._dropped(result, number)
                return
            for _ in range(index):  # lines in between: the case's line follows them
                self._stray(*self.ahead.pop(0))

    def _dropped(self, result: Result, before: int | None = None) -> None:
        self.tally.dropped += 1
        where = f"expected before line {before}" if before is not None else "expected at the end"
        self._say(None, result.case_id, f"no line in the results (dropped: {where}; input {mask_national_ids(shown(result.source))})")

    def flush(self) -> None:
        """Nothing is written: nothing waits."""

    def finish(self) -> None:
        """At the end of the input: every line left over is a stray."""
        while (line := self._next()) is not None:
            self._stray(*line)

    def _compare(self, number: int, data: dict[str, Any], result: Result) -> None:
        case_id = result.case_id
        self.seen.setdefault(_id_key(case_id), number)
        problems = self._differences(data, result)
        if problems:
            self.tally.differ += 1
            self._say(number, case_id, "; ".join(problems))
        else:
            self.tally.matched += 1

    def _differences(self, data: dict[str, Any], result: Result) -> list[str]:
        error = data.get("error")
        if result.error_type is not None:
            if not isinstance(error, dict):
                return [f"the line is an assessment, but the case fails now: {shown(result.error_message or result.error_type).splitlines()[0]}"]
            if error.get("type") != result.error_type:
                return [f"the line is a {shown(str(error.get('type')))} error, the case fails now with {result.error_type}"]
            return []
        if isinstance(error, dict):
            return [f"the line is a {shown(str(error.get('type')))} error record, but the case is assessed now"]
        replay = result.extra
        assert isinstance(replay, Replay)
        receipt = data.get("receipt")
        if not isinstance(receipt, dict):
            return ["the line has no receipt"]
        out = []
        found = receipt.get("rules")
        rules: dict[str, Any] = found if isinstance(found, dict) else {}
        here = self.evaluator.rules
        if rules.get("digest") != here.digest:
            named = f"{shown(str(rules.get('version')))} ({_short(rules.get('digest'))})"
            out.append(f"rule base: {named} in the receipt, {here.version} ({_short(here.digest)}) here")
        if receipt.get("input") != replay.input:
            out.append(f"input: {_short(receipt.get('input'))} in the receipt, {_short(replay.input)} now (the case was changed)")
        findings: bytes | None = replay.findings
        day, lang = receipt.get("date"), receipt.get("lang")
        if (day, lang) != (replay.day, replay.lang):
            findings = self._again(replay, day, lang, out)
        if findings is not None:
            written = data.get("findings")
            out.extend(finding_differences(written if isinstance(written, list) else [], orjson.loads(findings)))
        return out

    def _again(self, replay: Replay, day: object, lang: object, out: list[str]) -> bytes | None:
        """The findings on the receipt's own day and language (a line of another run's options)."""
        try:
            on = dt.date.fromisoformat(str(day))
        except ValueError:
            out.append(f"the receipt's date {_value(day)} is not a date")
            return None
        if not is_language(lang):
            out.append(f"the receipt's language {_value(lang)} is not nb, nn or en")
            return None
        case = parse_case(orjson.loads(replay.canonical))
        try:
            return replay_findings(self.evaluator, case, on, str(lang), None)
        except Exception as exc:
            out.append(f"the case cannot be assessed on {on}: {shown(str(exc))}")
            return None


def verify(
    results: Path,
    inputs: tuple[str, ...],
    evaluator: Evaluator,
    job: VerifyJob,
    *,
    tell: Callable[[str], None],
    workers: int = 1,
    progress: Callable[[BatchSummary], None] | None = None,
    bytes_total: int | None = None,
) -> tuple[Tally, BatchSummary]:
    """Replay ``results`` against ``inputs``: every difference told to ``tell`` as it is found."""
    with results.open("rb") as handle:
        verifier = Verifier(read_lines(handle), evaluator, shown(str(results)), tell)
        exclude = frozenset({os.path.realpath(results)})  # a glob never reads the results back as a case
        how: dict[str, Any] = {"workers": workers, "progress": progress, "bytes_total": bytes_total, "writer": verifier, "exclude": exclude}
        summary = run_batch(inputs, io.StringIO(), evaluator, job=job, **how)
    return verifier.tally, summary
