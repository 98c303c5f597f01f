"""Report files of a batch: one per assessed case, named after its id, never overwriting another."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path


class ReportNames:
    """Report file names used in this run, as case-folded hashes.

    Case ids are unique among assessed cases and a report is named after its id unchanged, so
    no two reports share a name; ids that differ only in upper/lower case get ``~2``, ``~3`` …
    (``~`` is not allowed in an id) so that none overwrites another on a case-insensitive disk.
    ``reserved`` names (another output of the run in the reports folder, without the reports'
    suffix) are never used for a report.
    """

    def __init__(self, reserved: Iterable[str] = ()) -> None:
        self._used: set[bytes] = {hashlib.blake2b(name.casefold().encode(), digest_size=8).digest() for name in reserved}

    def name(self, case_id: str) -> str:
        """The file name (without suffix) of a case's report: its id, with the '/' of an archive
        number as '_' (``2024/1234`` → ``2024_1234``), made distinct from every name used."""
        base = case_id.replace("/", "_")
        candidate, number = base, 1
        while True:
            key = hashlib.blake2b(candidate.casefold().encode(), digest_size=8).digest()
            if key not in self._used:
                self._used.add(key)
                return candidate
            number += 1
            candidate = f"{base}~{number}"


def report_path(reports_dir: Path, name: str, report_format: str) -> Path:
    """The report file of a case: its id (``name``) unchanged plus the format's suffix."""
    suffix = {"html": ".html", "markdown": ".md", "text": ".txt", "json": ".json"}[report_format]
    path = (reports_dir / (name + suffix)).resolve()
    if path.parent != reports_dir.resolve():  # pragma: no cover - ReportNames replaces '/'
        raise ValueError(f"unsafe report name for case {name!r}")
    return path
