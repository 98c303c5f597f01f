"""The API's description: the OpenAPI document (``/openapi.json``) and a docs page (``/docs``).

The OpenAPI document is FastAPI's, with the case-file JSON Schema of ``hjemmel.cases.schema``
(nb/en descriptions, examples) as the request body. The docs page is rendered here from that
document, on the server: no script and no asset from elsewhere (FastAPI's own Swagger UI
loads both from a CDN, which breaks offline and under the strict Content-Security-Policy).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.openapi.utils import get_openapi
from fastapi.responses import HTMLResponse
from hjemmel.cases.schema import json_schema

from .pages import html

router = APIRouter(include_in_schema=False)

REF = "#/components/schemas/"


def _rewrite_refs(node: Any) -> Any:
    if isinstance(node, dict):
        return {k: (v.replace("#/$defs/", REF) if k == "$ref" and isinstance(v, str) else _rewrite_refs(v)) for k, v in node.items()}
    if isinstance(node, list):
        return [_rewrite_refs(v) for v in node]
    return node


def openapi_document(app: FastAPI) -> dict[str, Any]:
    """FastAPI's OpenAPI document with the case and assessment schemas added."""
    if app.openapi_schema:
        return app.openapi_schema
    from hjemmel.assessment import Assessment

    document = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    case = _rewrite_refs(json_schema())
    for key in ("$schema", "$id"):
        case.pop(key, None)
    schemas.update(case.pop("$defs", {}))
    schemas["Case"] = case
    assessment = Assessment.model_json_schema(by_alias=True, mode="serialization", ref_template=REF + "{model}")
    schemas.update(assessment.pop("$defs", {}))
    schemas["Assessment"] = assessment
    app.openapi_schema = document
    return document


@dataclass(frozen=True)
class Row:
    name: str
    type: str
    link: str | None
    required: bool
    description: str


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    anchor: str
    summary: str
    description: str
    parameters: list[Row]
    body: Row | None
    responses: list[Row]


@dataclass(frozen=True)
class SchemaView:
    name: str
    description: str
    properties: list[Row] = field(default_factory=list)


def _type(schema: dict[str, Any]) -> tuple[str, str | None]:
    """A short type name for a schema node, and the anchor of the schema it names."""
    if "$ref" in schema:
        name = schema["$ref"].rpartition("/")[2]
        return name, "schema-" + name
    for key in ("anyOf", "oneOf"):
        if key in schema:
            parts = [_type(s) for s in schema[key] if s.get("type") != "null"]
            nullable = any(s.get("type") == "null" for s in schema[key])
            text = " | ".join(p[0] for p in parts) + (" | null" if nullable else "")
            return text, next((p[1] for p in parts if p[1]), None)
    kind = schema.get("type", "any")
    if kind == "array":
        inner, link = _type(schema.get("items", {}))
        return f"list of {inner}", link
    if "enum" in schema:
        return " | ".join(json.dumps(v) for v in schema["enum"]), None
    if "const" in schema:
        return json.dumps(schema["const"]), None
    return str(schema.get("format", kind)), None


def _description(schema: dict[str, Any]) -> str:
    text = str(schema.get("description", ""))
    if "pattern" in schema:
        text += f" (pattern {schema['pattern']})"
    return text.strip()


def _operations(document: dict[str, Any]) -> list[Operation]:
    out = []
    for path, methods in document.get("paths", {}).items():
        for method, op in methods.items():
            params = [
                Row(p["name"], _type(p.get("schema", {}))[0] + f" ({p['in']})", None, bool(p.get("required")), _description({**p.get("schema", {}), **p}))
                for p in op.get("parameters", [])
            ]
            body = None
            if "requestBody" in op:
                content = next(iter(op["requestBody"]["content"].items()))
                kind, link = _type(content[1].get("schema", {}))
                body = Row(content[0], kind, link, True, "")
            responses = []
            for status, answer in op.get("responses", {}).items():
                types = [(ctype, *_type(c.get("schema", {}))) for ctype, c in answer.get("content", {}).items()]
                shown = "; ".join(f"{ctype}: {kind}" for ctype, kind, _ in types)
                responses.append(Row(status, shown, next((t[2] for t in types if t[2]), None), False, answer.get("description", "")))
            anchor = f"{method}-{path}".replace("/", "-").replace("{", "").replace("}", "").strip("-")
            out.append(Operation(method.upper(), path, anchor, op.get("summary", ""), op.get("description", ""), params, body, responses))
    return out


def _schemas(document: dict[str, Any]) -> list[SchemaView]:
    out = []
    for name, schema in sorted(document.get("components", {}).get("schemas", {}).items()):
        required = set(schema.get("required", ()))
        rows = [Row(prop, *_type(sub), prop in required, _description(sub)) for prop, sub in schema.get("properties", {}).items()]
        out.append(SchemaView(name, str(schema.get("description", "")), rows))
    return out


@router.get("/docs", response_class=HTMLResponse)
async def docs(request: Request) -> HTMLResponse:
    document = openapi_document(request.app)
    return html(
        "docs.html.j2",
        lang="en",
        info=document["info"],
        openapi=document["openapi"],
        operations=_operations(document),
        schemas=_schemas(document),
    )
