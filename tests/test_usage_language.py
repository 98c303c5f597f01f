"""Usage errors (Click's and hjemmel's own) in the language of ``--lang``, bokmål by default."""

from __future__ import annotations

import sys
from typing import Any

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


@pytest.mark.parametrize(
    ("args", "nb", "nn", "en"),
    [
        (
            ["batch", str(CASES), "-o", str(CASES / "r.jsonl")],
            "ligger i inndatamappen",
            "ligg i inndatamappa",
            "lies inside the input folder",
        ),
        (
            ["impact", CASE, "-o", "i.jsonl", "--from", "2024-01-01", "--to", "2025-01-01", "--law-from", "2024-01-01", "--law-to", "2025-01-01"],
            "Feil: still ett spørsmål: --from og --to, eller --law-from og --law-to, eller --reform MAPPE (ikke flere)",
            "Feil: still eitt spørsmål: --from og --to, eller --law-from og --law-to, eller --reform MAPPE (ikkje fleire)",
            "Error: give one question: --from and --to, or --law-from and --law-to, or --reform DIR (not several)",
        ),
        (
            ["impact", CASE, "-o", "i.jsonl", "--from", "2024-01-01", "--to", "2025-01-01", "--date", "2024-06-01"],
            "Feil: --date hører til --law-from/--law-to og --reform (med --from/--to er datoene de to dagene)",
            "Feil: --date høyrer til --law-from/--law-to og --reform (med --from/--to er datoane dei to dagane)",
            "Error: --date is for --law-from/--law-to and --reform (with --from/--to the dates are the two days)",
        ),
        (
            ["rules", "list", "--law", "sosialtjenestelova"],
            "Oppgi en lov-id (se rules/laws.yaml) eller starten av en regel-id",
            None,  # (rules list has no --lang: bokmål, as every usage error by default)
            None,
        ),
        (
            ["new-case", "sak-15850410019.yaml"],
            "Feil: ugyldig verdi for CASE_FILE: et filnavn kan ikke inneholde et fødselsnummer, D- eller H-nummer",
            None,
            None,
        ),
    ],
)
def test_hjemmels_own_usage_errors_in_the_chosen_language(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], args: list[str], nb: str, nn: str | None, en: str | None
) -> None:
    monkeypatch.chdir(CASES.parent)
    assert nb in usage_error(monkeypatch, capsys, *args)
    if nn is not None and en is not None:
        assert nn in usage_error(monkeypatch, capsys, *args, "--lang", "nn")
        assert en in usage_error(monkeypatch, capsys, *args, "--lang", "en")


@pytest.mark.parametrize(
    "message",
    [
        "--findings 'out/r.csv' lies inside the input folder 'cases': it would be read back as input; write it elsewhere",
        "--reports 'cases' overlaps the input 'cases/a.yaml': reports could overwrite or be read as inputs; use a folder of its own",
        "--output 'x-***********.jsonl': a file name must not contain a national id; choose another name",
        "the run record 'r.jsonl.run.json' is also an input: choose another file (an input is never overwritten)",
        "--summary 'r.jsonl.run.json' is the run record of --output: choose another file",
        "--findings 'f.run.json' is named like a run record (*.run.json): choose another name",
        "--summary 'a' is also the --reports folder",
        "cannot resume 'r.jsonl': there is no record of the run that wrote it (r.jsonl.run.json); run without --resume to start again",
        "cannot resume 'r.jsonl': it was written by a different run (different: the rule base); run without --resume to start again",
        "--from and --to go together",
        "--to 2024-01-01 is before --from 2025-01-01",
    ],
)
def test_every_refusal_of_an_output_or_a_resume_has_its_norwegian_text(message: str) -> None:
    """The messages the program makes itself, as it makes them: none is left in English in nb or nn."""
    from hjemmel.messages import translate

    for lang in ("nb", "nn"):
        text = translate(message, lang)
        assert text != message, (lang, message)
        for english in (" the ", " is ", " and ", " choose ", " run ", " input"):
            assert english not in text.replace("--output", "").replace("--resume", ""), (lang, text)


def test_the_sample_failures_under_a_batch_count_are_in_the_chosen_language(tmp_path: Any) -> None:
    from click.testing import CliRunner
    from hjemmel.cli import main as cli

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "bad.yaml").write_text('id: bad-1\nperson:\n  age: "x"\n', "utf-8")
    for lang, text in (("nb", "person.age: forventet et helt tall, fikk 'x'"), ("nn", "person.age: venta eit heilt tal, fekk 'x'")):
        result = CliRunner().invoke(cli, ["batch", str(tmp_path / "in"), "-o", str(tmp_path / f"r-{lang}.jsonl"), "-j", "1", "--quiet", "--lang", lang])
        assert result.exit_code == 1, result.output
        assert f"bad.yaml:3:3: {text}" in result.stderr
