"""One exception tree for hjemmel.

Every error carries structured fields (file, line, field path, expected, found) so the CLI
can print one clear line and a batch can store it as a JSON error record.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


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

    def location(self) -> str:
        parts = [self.file or "<input>"]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def format(self) -> str:
        text = self.location() + ": "
        if self.path:
            text += self.path + ": "
        text += self.message
        if self.hint:
            text += f" ({self.hint})"
        return text

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"message": self.message}
        for key in ("file", "line", "column", "path", "expected", "found", "hint"):
            value = getattr(self, key)
            if value is not None:
                out[key] = value
        return out


class HjemmelError(Exception):
    """Root of every error hjemmel raises on purpose."""

    code = "error"

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.problems: list[Problem] = problems or []

    def format(self) -> str:
        if not self.problems:
            return self.message
        return "\n".join(p.format() for p in self.problems)

    def __str__(self) -> str:
        return self.format()

    def to_json(self) -> dict[str, Any]:
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
