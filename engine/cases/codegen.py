"""The case sections, written as Python from the fact declarations in ``facts.yaml``.

A fact is declared once, in ``facts.yaml``: its kind (``type:``, with ``min``/``max`` for a
whole number and ``choices`` for a choice), its labels and questions, what it does in time,
an example and a note. ``source`` turns the declarations into the module
``hjemmel.cases.sections`` (the case model's fields, typed for mypy and pydantic), and
``make docs`` writes it; a test and ``hjemmel rules lint`` fail while the file is stale.
Generated code rather than models built at run time, so the case model stays a plain,
statically typed module that an editor, mypy and a reader can follow.

For lint, docs and tests only; nothing on the way of an assessment imports this module.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Mapping
from typing import Any

# A fact's kind → its annotation in the case model (a choice is a Literal of its choices).
ANNOTATIONS = {
    "bool": "bool",
    "date": "dt.date",
    "int": "int",
    "municipality": "Municipality",
    "country": "CountryCode",
    "national_id": "str",
}
# The check each kind runs after the type's own (name of the validator attribute, function, mode).
CHECKS = {
    "date": ("_dates", "plain_date", "before"),
    "municipality": ("_municipalities", "check_municipality", None),
    "national_id": ("_national_ids", "check_national_id", None),
}
KINDS = (*ANNOTATIONS, "choice")
GENERATED_FILE = "engine/cases/sections.py"
HEADER = '''"""The sections of a case file: one field per fact declared in ``facts.yaml``.

Generated from ``engine/cases/facts.yaml`` by ``make docs`` (``python -m
hjemmel.cases.declarations --write docs/contract.md``). Do not edit by hand: declare the
fact in ``facts.yaml``; a test and ``hjemmel rules lint`` fail while this file is stale.
"""
'''


def class_name(section: str) -> str:
    """``criminal_justice`` → ``CriminalJustice``."""
    return "".join(part.capitalize() for part in section.split("_"))


def declared_fields(entries: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """The entries of ``facts.yaml`` that are case fields (they have a ``type``), in file order."""
    return {path: entry for path, entry in entries.items() if isinstance(entry, dict) and "type" in entry}


def choice_type(path: str) -> str:
    """The name of a choice's type: ``housing.situation`` → ``HousingSituation``."""
    return "".join(class_name(part) for part in path.split("."))


def _choices(path: str, entry: Mapping[str, Any]) -> list[str]:
    """A choice's type: a Literal of its choices, one a line (the trailing comma keeps the formatter's layout)."""
    return ["", "", f"{choice_type(path)} = Literal[", *(f"    {json.dumps(str(choice))}," for choice in entry["choices"]), "]"]


def _field(path: str, name: str, entry: Mapping[str, Any]) -> list[str]:
    lines = [f"    # {line}" for line in textwrap.wrap(str(entry["note"]), 100)] if entry.get("note") else []
    default = "None"
    if entry["type"] == "int" and (entry.get("min") is not None or entry.get("max") is not None):
        bounds = [f"ge={entry['min']}"] if entry.get("min") is not None else []
        bounds += [f"le={entry['max']}"] if entry.get("max") is not None else []
        default = f"Field(None, {', '.join(bounds)})"
    annotation = choice_type(path) if entry["type"] == "choice" else ANNOTATIONS[entry["type"]]
    lines.append(f"    {name}: {annotation} | None = {default}")
    return lines


def source(entries: Mapping[str, Any]) -> str:
    """The module ``hjemmel.cases.sections`` for the fact declarations ``entries`` (``facts:`` of facts.yaml)."""
    sections: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    for path, entry in declared_fields(entries).items():
        section, name = path.split(".", 1)
        sections.setdefault(section, []).append((name, entry))
    kinds = {entry["type"] for fields in sections.values() for _, entry in fields}
    body: list[str] = []
    for path, entry in declared_fields(entries).items():
        if entry["type"] == "choice":
            body += _choices(path, entry)
    for section, fields in sections.items():
        body += ["", "", f"class {class_name(section)}(Section):"]
        for name, entry in fields:
            body += _field(f"{section}.{name}", name, entry)
        checks = [(CHECKS[kind], [name for name, entry in fields if entry["type"] == kind]) for kind in CHECKS]
        if any(names for _, names in checks):
            body.append("")
        for (attribute, function, mode), names in checks:
            if names:
                quoted = ", ".join(json.dumps(name) for name in names)
                body.append(f"    {attribute} = field_validator({quoted}{', mode=' + json.dumps(mode) if mode else ''})({function})")
    body += [
        "",
        "",
        "class Case(CaseBase):",
        '    """A case file (contract version 1): the facts of one person\'s situation; an absent field is unknown."""',
        "",
    ]
    body += [f"    {section}: {class_name(section)} = {class_name(section)}()" for section in sections]
    body.append("    expected: Expected | None = None")
    imports = ["from __future__ import annotations", ""]
    if "date" in kinds:
        imports.append("import datetime as dt")
    if "choice" in kinds:
        imports.append("from typing import Literal")
    imports += ["", "from pydantic " + ("import Field, field_validator" if "int" in kinds else "import field_validator"), ""]
    names = ["CaseBase", "Expected", "Section"]
    names += [name for kind, name in (("municipality", "Municipality"), ("country", "CountryCode")) if kind in kinds]
    names += [CHECKS[kind][1] for kind in CHECKS if kind in kinds]
    imports.append("from hjemmel.cases.fields import " + ", ".join(sorted(names, key=lambda n: (n[0].islower(), n))))
    return HEADER + "\n" + "\n".join(imports) + "\n" + "\n".join(body) + "\n"
