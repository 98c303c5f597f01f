"""``hjemmel schema`` and ``hjemmel new-case``: editor support for case files."""

from __future__ import annotations

import re
from pathlib import Path

import click
from hjemmel.cases.model import CASE_ID_PATTERN
from hjemmel.cases.schema import template
from hjemmel.cli.common import fail
from hjemmel.errors import HjemmelError
from hjemmel.files import atomic_write_text
from hjemmel.safe_text import contains_national_id, shown


@click.command()
@click.argument("document", required=False, default="case", metavar="[DOCUMENT]", type=click.Choice(["case", "assessment", "explain", "timeline", "impact"]))
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Write the schema to this file instead of stdout.")
@click.option("--facts-table", is_flag=True, help="Print the Markdown table of every fact (docs/contract.md) instead.")
def schema(document: str, output: Path | None, facts_table: bool) -> None:
    """Print the JSON Schema of the case-file format, or of another document hjemmel writes.

    DOCUMENT is `case` (the default: for validation and completion in editors), `assessment`
    (assess --format json, a line of batch), `explain` (explain --format json), `timeline`
    (timeline --format json) or `impact` (a line of impact, any mode, or an error record).

    \b
    Example:
      hjemmel schema -o case.schema.json
      hjemmel schema impact -o impact.schema.json
      hjemmel schema --facts-table     # every fact, its type and meaning (docs/contract.md)
    """
    if facts_table:
        if document != "case":
            raise click.UsageError("--facts-table is the table of a case's facts: give no DOCUMENT with it")
        from hjemmel.cases.declarations import facts_table as table

        text = table()
    else:
        from hjemmel.schemas import schema_text

        text = schema_text(document)
    if output is None:
        click.echo(text, nl=False)
    else:
        try:
            atomic_write_text(output, text)
        except HjemmelError as exc:
            fail(exc)


@click.command("new-case")
@click.argument("case_file", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--id", "case_id", default="sak-0001", show_default=True, help="The new case's id.")
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
def new_case(case_file: Path | None, case_id: str, force: bool) -> None:
    """Write a commented template case file (every field, its meaning and allowed values).

    \b
    Example:
      hjemmel new-case sak-0042.yaml --id sak-0042
    """
    if not re.fullmatch(CASE_ID_PATTERN, case_id) or len(case_id) > 64 or any(part in (".", "..") for part in case_id.split("/")):
        raise click.BadParameter("1–64 letters, digits, '.', '_', '-' or '/' between parts (e.g. 2024/1234)", param_hint="--id")
    if contains_national_id(case_id):
        raise click.BadParameter("a case id must not contain a national id (fødselsnummer or D-nummer)", param_hint="--id")
    text = template(case_id)
    if case_file is None:
        click.echo(text, nl=False)
        return
    if contains_national_id(case_file.name):
        raise click.BadParameter("a file name must not contain a national id (fødselsnummer, D- or H-nummer)", param_hint="CASE_FILE")
    if case_file.exists() and not force:
        raise click.UsageError(f"{case_file} exists; use --force to overwrite it")
    try:
        atomic_write_text(case_file, text)
    except HjemmelError as exc:
        fail(exc)
    click.echo(shown(str(case_file)), err=True)
