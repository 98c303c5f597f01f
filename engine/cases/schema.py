"""The case format for editors: a JSON Schema and a commented template.

Both are generated from the case model and the fact catalogue (labels and questions in
bokmål and English), so they cannot drift from what the loader accepts.
"""

from __future__ import annotations

import json
from typing import Any

from hjemmel.cases.model import SECTIONS, Case
from hjemmel.cases import facts
from hjemmel.cases.facts import catalogue, enum_values

SCHEMA_ID = "https://hjemmel.invalid/schema/case-v1.json"

SECTION_TEXT = {
    "person": "Personen / the person",
    "housing": "Bosituasjon / housing",
    "tenancy": "Leieforhold / tenancy",
    "economy": "Økonomi / economy",
    "work": "Arbeid / work",
    "child_welfare": "Barnevern / child welfare",
    "criminal_justice": "Kriminalomsorg / criminal justice",
    "immigration": "Innvandring og bosetting / immigration and settlement",
    "health": "Helse / health",
    "disability": "Funksjonsevne / disability",
    "household": "Husstand / household",
}

def examples() -> dict[str, Any]:
    """Each fact's example value, declared in ``facts.yaml`` (``example:``; a test validates each)."""
    entries: dict[str, Any] = facts._vocabulary()["facts"]
    return {path: entry["example"] for path, entry in entries.items() if isinstance(entry, dict) and "example" in entry}


def _resolve(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    ref = node.get("$ref")
    if ref:
        return schema["$defs"][ref.rsplit("/", 1)[-1]]  # type: ignore[no-any-return]
    return node


def json_schema() -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of a case file, with nb/en descriptions and examples."""
    schema = Case.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = SCHEMA_ID
    schema["title"] = "hjemmel case file (version 1)"
    schema["description"] = "Fakta i en sak. Et felt som mangler, er ukjent – aldri usant. / The facts of a case. An absent field is unknown, never false."
    props = schema["properties"]
    props["id"]["description"] = "Saksnummer: 1–64 bokstaver, sifre, . _ - / case id"
    props["id"]["examples"] = ["sak-0042"]
    props["assessment_date"]["description"] = "Vurderingsdato (ÅÅÅÅ-MM-DD); mangler den, brukes dagens dato / assessment date"
    props["expected"]["description"] = "Bare for eksempelsaker: forventet resultat som testene sjekker / examples only"
    info = catalogue()
    known = examples()
    for section in SECTIONS:
        props[section]["description"] = SECTION_TEXT.get(section, section)
        model = _resolve(schema, props[section])
        for name, prop in model.get("properties", {}).items():
            path = f"{section}.{name}"
            entry = info.get(path)
            if entry is not None:
                prop["description"] = f"{entry.label('nb')} / {entry.label('en')}. {entry.question('nb')} / {entry.question('en')}"
            if path in known:
                prop["examples"] = [known[path]]
    return schema


def schema_text() -> str:
    return json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n"


def template(case_id: str = "sak-0001") -> str:
    """A commented YAML template: every field, its meaning and its allowed values."""
    info = catalogue()
    known = examples()
    lines = [
        "# hjemmel case file (version 1). Fill in what you know; leave the rest commented out:",
        "# a missing field means UNKNOWN, never false. Made-up persons only in examples.",
        "# yaml-language-server: $schema=case.schema.json",
        f"id: {case_id}",
        "# assessment_date: 2024-03-01      # vurderingsdato; default: today",
    ]
    for section in SECTIONS:
        lines.append("")
        lines.append(f"# --- {SECTION_TEXT.get(section, section)}")
        lines.append(f"{section}:")
        model = Case.model_fields[section].annotation
        assert model is not None
        for name in model.model_fields:
            path = f"{section}.{name}"
            entry = info.get(path)
            allowed = enum_values(path)
            example = known.get(path)
            if allowed:
                value = allowed[0]
                hint = "one of: " + " | ".join(allowed)
            elif example is not None:
                value = (
                    f'"{example}"'
                    if (isinstance(example, str) and not example[:4].isdigit())
                    or path.endswith("municipality")
                    or path.endswith("admission")
                    or path.endswith("national_id")
                    else example
                )
                hint = ""
            else:
                value = "true"
                hint = "true | false"
            label = entry.label("nb") if entry else name
            comment = f"{label}" + (f" ({hint})" if hint else "")
            lines.append(f"  # {name}: {value}    # {comment}")
    return "\n".join(lines) + "\n"
