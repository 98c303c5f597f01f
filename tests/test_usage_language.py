"""Usage errors (Click's and hjemmel's own) in the language of ``--lang``, bokmål by default."""

from __future__ import annotations

import sys

import pytest
from hjemmel.cli.common import argv_lang
from hjemmel.main import main

from .conftest import CASES

CASE = str(CASES / "ettervern-19-ar-2024.yaml")


def usage_error(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str) -> str:
    monkeypatch.setattr(sys, "argv", ["hjemmel", *args])
    with pytest.raises(SystemExit) as exit_:
        main()
    assert exit_.value.code == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    return captured.err


@pytest.mark.parametrize(
    ("args", "nb", "nn", "en"),
    [
        (
            ["assess", "--formt", "json", CASE],
            "Feil: ukjent valg «--formt». Mente du «--format»?",
            "Feil: ukjent val «--formt». Meinte du «--format»?",
            "Error: No such option '--formt'. Did you mean '--format'?",
        ),
        (["assess"], "Feil: mangler argumentet «CASE_FILE».", "Feil: manglar argumentet «CASE_FILE».", "Error: Missing argument 'CASE_FILE'."),
        (
            ["assess", CASE, "--date", "2024-13-01"],
            "Feil: ugyldig verdi for '--date': forventet en dato (ÅÅÅÅ-MM-DD), fikk '2024-13-01'",
            "Feil: ugyldig verdi for '--date': venta ein dato (ÅÅÅÅ-MM-DD), fekk '2024-13-01'",
            "Error: Invalid value for '--date': expected a date (YYYY-MM-DD), got '2024-13-01'",
        ),
        (["batch", CASE], "Feil: mangler valget '--output' / '-o'.", "Feil: manglar valet '--output' / '-o'.", "Error: Missing option '--output' / '-o'."),
        (
            ["batch", CASE, "-o", CASE],
            "er også en inndatafil: velg en annen fil (en inndatafil blir aldri overskrevet)",
            "er òg ei inndatafil: vel ei anna fil (ei inndatafil blir aldri skriven over)",
            "is also an input: choose another file (an input is never overwritten)",
        ),
        (
            ["batch", CASE, "-o", "r.jsonl", "--summary", "s.txt"],
            "Feil: ugyldig verdi for --summary: oppsummeringsfilen må slutte på .html eller .csv",
            "Feil: ugyldig verdi for --summary: oppsummeringsfila må slutte på .html eller .csv",
            "Error: Invalid value for --summary: the summary file must end in .html or .csv",
        ),
    ],
)
def test_usage_errors_in_the_chosen_language(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], args: list[str], nb: str, nn: str, en: str
) -> None:
    default = usage_error(monkeypatch, capsys, *args)
    assert nb in default and "\nBruk: " in f"\n{default}" and "batch --help» for hjelp." in default.replace("assess", "batch")  # bokmål by default
    assert nn in usage_error(monkeypatch, capsys, *args, "--lang", "nn")
    english = usage_error(monkeypatch, capsys, *args, "--lang=en")
    assert en in english and english.startswith("Usage: ") and "--help' for help." in english


def test_the_language_of_a_usage_error_comes_from_the_command_line() -> None:
    assert argv_lang(["assess", "x", "--lang", "nn"]) == "nn"
    assert argv_lang(["assess", "--lang=en", "x"]) == "en"
    assert argv_lang(["assess", "--lang", "de"]) == "nb"  # a bad value is itself the usage error, told in bokmål
    assert argv_lang(["assess", "--lang"]) == "nb"
