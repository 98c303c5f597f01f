"""The batch writer keeps the results and the findings table on the same last complete case."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from hjemmel.batch.writer import Writer
from hjemmel.errors import OutputError


class _Disk:
    """A text file whose writes fail with "No space left on device" once ``full`` is set."""

    def __init__(self, path: Path) -> None:
        self.file = path.open("w", encoding="utf-8", newline="")
        self.full = False

    def write(self, text: str) -> int:
        if self.full:
            raise OSError(28, "No space left on device")
        return self.file.write(text)

    def flush(self) -> None:
        self.file.flush()

    def fileno(self) -> int:
        return self.file.fileno()


def _case(number: int) -> Any:
    return SimpleNamespace(report=None, case_id=f"c{number}", error_type=None, line=f'{{"case_id": "c{number}"}}', rows=f"c{number};row\r\n")


@pytest.mark.parametrize("failing", ["results", "findings"])
def test_a_failed_write_cuts_results_and_findings_back_to_the_same_case(tmp_path: Path, failing: str) -> None:
    results, findings = _Disk(tmp_path / "r.jsonl"), _Disk(tmp_path / "f.csv")
    writer = Writer(results, out_name="r.jsonl", findings=findings, findings_name="f.csv")  # type: ignore[arg-type]
    for number in range(3):
        writer.write(_case(number))
    writer.flush()
    (results if failing == "results" else findings).full = True
    for number in range(3, 5):
        writer.write(_case(number))
    with pytest.raises(OutputError, match="r.jsonl" if failing == "results" else "f.csv"):
        writer.flush()
    writer.cut()
    results.file.close()
    findings.file.close()
    assert (tmp_path / "r.jsonl").read_text().splitlines() == [f'{{"case_id": "c{n}"}}' for n in range(3)]
    assert (tmp_path / "f.csv").read_text().splitlines() == [f"c{n};row" for n in range(3)]
