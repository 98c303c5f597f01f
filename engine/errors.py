"""One exception tree for hjemmel.

Every error carries structured fields (file, line, field path, expected, found) so the CLI
can print one clear line and a batch can store it as a JSON error record. What an error
shows passes through ``hjemmel.safe_text``: national ids are masked in every field (also in
file names and field names), ``format`` escapes control characters for the terminal, and
every text field is cut to a sane length.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NotRequired

from hjemmel.safe_text import escape_controls, mask_national_ids, shorten

# (pydantic reads TypedDicts from typing_extensions only on Python 3.11: the output schemas need it)
from typing_extensions import TypedDict

# Longest text kept in one field of a problem (a message may quote a value, a path a key).
FIELD_CHARS = 400


class ProblemData(TypedDict):
    """A problem as JSON: the message, and of its place and values those that are known."""

    message: str
    file: NotRequired[str]
    line: NotRequired[int]
    column: NotRequired[int]
    path: NotRequired[str]
    expected: NotRequired[str]
    found: NotRequired[str]
    hint: NotRequired[str]


class ErrorData(TypedDict):
    """An error as JSON (the ``error`` of an error record): its kind (``HjemmelError.code``, or
    ``internal``), the message and the located problems."""

    type: str
    message: str
    problems: list[ProblemData]


@dataclass(frozen=True)
class Problem:
    """One located problem in an input file."""

    message: str
    file: str | None = None
    line: int | None = None
    column: int | None = None
    path: str | None = None
    expected: str | None = None
    found: str | None = None
    hint: str | None = None

    def __post_init__(self) -> None:
        # Masked and cut once, here: every way out (terminal, JSON record, summary) sees the same text.
        for key in ("message", "file", "path", "expected", "found", "hint"):
            value = getattr(self, key)
            if isinstance(value, str):
                safe = shorten(mask_national_ids(value), FIELD_CHARS)
                if safe is not value:
                    object.__setattr__(self, key, safe)

    def location(self) -> str:
        parts = [self.file or "<input>"]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def format(self, lang: str = "en") -> str:
        """One line for the terminal: ``file:line:column: path: message (hint)``, control
        characters escaped; the message in ``lang`` where it is of a known kind (``hjemmel.messages``)."""
        from hjemmel.messages import translate

        text = self.location() + ": "
        if self.path:
            text += self.path + ": "
        text += translate(self.message, lang)
        if self.hint:
            text += f" ({translate(self.hint, lang)})"
        return escape_controls(text)

    def to_json(self) -> ProblemData:
        out: ProblemData = {"message": self.message}
        if self.file is not None:
            out["file"] = self.file
        if self.line is not None:
            out["line"] = self.line
        if self.column is not None:
            out["column"] = self.column
        if self.path is not None:
            out["path"] = self.path
        if self.expected is not None:
            out["expected"] = self.expected
        if self.found is not None:
            out["found"] = self.found
        if self.hint is not None:
            out["hint"] = self.hint
        return out


class HjemmelError(Exception):
    """Root of every error hjemmel raises on purpose."""

    code = "error"

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        message = shorten(mask_national_ids(message), FIELD_CHARS)
        super().__init__(message)
        self.message = message
        self.problems: list[Problem] = problems or []

    def format(self, lang: str = "en") -> str:
        """The problems, one line each (control characters escaped), or the message; in ``lang``
        where a message is of a known kind."""
        from hjemmel.messages import translate

        if not self.problems:
            return escape_controls(translate(self.message, lang))
        return "\n".join(p.format(lang) for p in self.problems)

    def __str__(self) -> str:
        return self.format()

    def to_json(self) -> ErrorData:
        return {
            "type": self.code,
            "message": self.message,
            "problems": [p.to_json() for p in self.problems],
        }


class CaseFileError(HjemmelError):
    """A case file could not be read or does not follow the case-file contract."""

    code = "case_file"


class RuleFileError(HjemmelError):
    """A rule file is malformed or the rule base contradicts itself."""

    code = "rule_file"


class RuleConflictError(RuleFileError):
    """Two rules can apply to the same facts with contradictory conclusions."""

    code = "rule_conflict"


class BackendError(HjemmelError):
    """The durable-rules engine failed (action error, bad ruleset)."""

    code = "backend"


class OutputError(HjemmelError):
    """An output (report, results file, summary) could not be written: full disk, read-only folder, broken device."""

    code = "output"


class ResumeError(HjemmelError):
    """``--resume`` was asked for a results file that another run (or no known run) wrote."""

    code = "resume"
