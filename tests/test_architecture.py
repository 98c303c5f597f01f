"""The package's shape: one import package, no import cycles, layers that point one way.

See docs/architecture.md for the flow case → rule base → evaluation → explanation → output.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import typing_extensions

from .conftest import ROOT

# Folder → package name, as pyproject.toml maps them.
PACKAGE_DIRS = {"engine": "hjemmel", "reports": "hjemmel.reports"}

# Each layer may import only itself and the layers listed for it (modules not listed are
# free: the public face, the API, the CLI, the batch and the server compose the others).
LAYERS: dict[str, set[str]] = {
    "hjemmel.safe_text": set(),
    "hjemmel.languages": set(),  # the one list of languages: every layer may use it
    "hjemmel.reading_messages": set(),  # the texts about reading a file: a table, imports nothing
    "hjemmel.usage_messages": set(),  # the usage errors' texts: a table, imports nothing
    "hjemmel.messages": {"hjemmel.languages", "hjemmel.reading_messages", "hjemmel.usage_messages"},  # the messages in nb/nn: tables, nothing else
    "hjemmel.errors": {"hjemmel.safe_text", "hjemmel.messages", "hjemmel.languages"},
    "hjemmel.dates": set(),
    "hjemmel.cache": set(),  # the start-up cache: files on disk, nothing of the core
    "hjemmel.files": {"hjemmel.errors", "hjemmel.safe_text"},
    "hjemmel.assessment": {"hjemmel.languages"},
    "hjemmel.cases": {"hjemmel.languages", "hjemmel.errors", "hjemmel.dates", "hjemmel.files", "hjemmel.safe_text", "hjemmel.cache"},
    "hjemmel.rulebase": {"hjemmel.languages", "hjemmel.errors", "hjemmel.dates", "hjemmel.assessment", "hjemmel.cases", "hjemmel.safe_text", "hjemmel.cache"},
    "hjemmel.evaluation": {"hjemmel.languages", "hjemmel.errors", "hjemmel.dates", "hjemmel.cases", "hjemmel.rulebase", "hjemmel.safe_text", "hjemmel.cache"},
    "hjemmel.explain": {
        *("hjemmel.errors", "hjemmel.dates", "hjemmel.assessment", "hjemmel.cases"),
        *("hjemmel.rulebase", "hjemmel.evaluation", "hjemmel.safe_text", "hjemmel.languages"),
    },
    # Reports show an assessment; they name its facts with the labels of the fact vocabulary
    # (facts.yaml) and nothing else from the core (and show text safely: hjemmel.safe_text).
    "hjemmel.reports": {"hjemmel.assessment", "hjemmel.cases.facts", "hjemmel.safe_text", "hjemmel.cache", "hjemmel.languages"},
}


def modules() -> dict[str, Path]:
    out: dict[str, Path] = {}
    for folder, package in PACKAGE_DIRS.items():
        for path in sorted((ROOT / folder).rglob("*.py")):
            parts = list(path.relative_to(ROOT / folder).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            name = ".".join([package, *parts])
            if folder == "engine" and name.startswith("hjemmel.reports"):
                continue
            out[name] = path
    return out


def imports(name: str, path: Path, known: set[str]) -> set[str]:
    """Every hjemmel module this module imports, at any level (also inside functions)."""
    tree = ast.parse(path.read_text("utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*anchor, base]) if base else ".".join(anchor)
            targets = [base] + [f"{base}.{a.name}" for a in node.names]
        for target in targets:
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def graph() -> dict[str, set[str]]:
    mods = modules()
    known = set(mods)
    return {name: imports(name, path, known) for name, path in mods.items()}


def layer_of(name: str) -> str | None:
    for layer in sorted(LAYERS, key=len, reverse=True):
        if name == layer or name.startswith(layer + "."):
            return layer
    return None


def test_no_import_cycles_inside_the_package() -> None:
    deps = graph()
    # The package's own __init__ imports nothing at module level but lazily resolves the
    # public names; it is the face, not part of any cycle worth reporting.
    deps = {m: {d for d in ds if d != "hjemmel"} for m, ds in deps.items()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []
    counter = [0]

    def strongconnect(v: str) -> None:  # Tarjan's algorithm
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(deps.get(v, ())):
            if w not in index:
                strongconnect(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for v in sorted(deps):
        if v not in index:
            strongconnect(v)
    assert cycles == []


def test_layers_point_one_way() -> None:
    """The core never imports the reports or the CLI; reports depend on the assessment only."""
    wrong = []
    for module, deps in graph().items():
        layer = layer_of(module)
        if layer is None:
            continue
        for dep in deps:
            dep_layer = layer_of(dep)
            if dep == "hjemmel" or dep_layer == layer or dep in LAYERS[layer]:
                continue
            if dep_layer not in LAYERS[layer]:
                wrong.append(f"{module} imports {dep}")
    assert sorted(wrong) == []


# The command line and the web server compose the others; nothing else may import them
# (the command line only from the console entry point, the server only from its command).
COMPOSING = {
    "hjemmel.cli": {"hjemmel.cli", "hjemmel.main"},
    "hjemmel.serve": {"hjemmel.serve", "hjemmel.cli.serve"},
    "hjemmel.mcp_server": {"hjemmel.mcp_server", "hjemmel.cli.mcp"},
}


def test_only_the_command_line_starts_the_server_and_nothing_imports_the_command_line() -> None:
    wrong = []
    for module, deps in graph().items():
        for layer, allowed in COMPOSING.items():
            uses = any(d == layer or d.startswith(layer + ".") for d in deps)
            if uses and not any(module == a or module.startswith(a + ".") for a in allowed):
                wrong.append(f"{module} imports {layer}")
    assert sorted(wrong) == []


def test_no_module_is_over_about_400_lines() -> None:
    long = {name: n for name, path in modules().items() if (n := len(path.read_text("utf-8").splitlines())) > 420}
    assert long == {}


def test_the_plain_assessment_data_and_the_model_have_the_same_fields_in_the_same_order() -> None:
    """The batch writes ``AssessmentData`` without the model; both must describe one contract:
    every model of ``hjemmel.assessment`` has its plain-data twin, with the same fields in the
    same order and of the same types (a model ``X`` is ``XData`` there, ``Any`` is ``object``)."""
    import types
    import typing
    from typing import Any, get_args, get_origin, get_type_hints

    from hjemmel import assessment as a
    from pydantic import BaseModel

    def plain(hint: Any) -> Any:
        if hint is Any:
            return object
        if isinstance(hint, type) and issubclass(hint, BaseModel):
            return getattr(a, hint.__name__ + "Data")
        origin = get_origin(hint)
        if origin is None or origin is typing.Literal:
            return hint
        args = tuple(plain(arg) for arg in get_args(hint))
        return typing.Union[args] if origin in (types.UnionType, typing.Union) else origin[args]  # noqa: UP007

    models = [m for m in vars(a).values() if isinstance(m, type) and issubclass(m, BaseModel) and m.__module__ == a.__name__ and not m.__name__.startswith("_")]
    twins = {name for name, value in vars(a).items() if name.endswith("Data") and isinstance(value, type) and typing_extensions.is_typeddict(value)}
    assert twins - {m.__name__ + "Data" for m in models} == {"LeanFindingData"}  # the lean finding: FindingData less the report-only texts
    # The one difference on purpose: the model reads older assessments without a receipt; hjemmel always writes one.
    allowed = {("Assessment", "receipt"): a.ReceiptData | None}
    for model in models:
        data = getattr(a, model.__name__ + "Data")
        hints = get_type_hints(data)
        fields = [f.alias or name for name, f in model.model_fields.items()]
        assert fields == list(hints), model.__name__
        for name, field in model.model_fields.items():
            key = field.alias or name
            want = allowed.get((model.__name__, key), hints[key])
            assert plain(field.annotation) == want, (model.__name__, key)


def test_the_map_in_docs_architecture_is_true() -> None:
    """Every module the map names exists, and every package of hjemmel has a line."""
    import re

    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    package = ROOT / "engine"

    def exists(dotted: str) -> bool:
        parts = dotted.split(".")[1:]
        if parts and parts[0] == "reports":
            base, parts = ROOT / "reports", parts[1:]
        elif parts and parts[0] == "rules":
            return (ROOT / "rules").is_dir()
        else:
            base = package
        path = base.joinpath(*parts)
        return path.with_suffix(".py").is_file() or (path.is_dir() and any(path.glob("*.py")))

    named = set(re.findall(r"`(hjemmel(?:\.[a-z_]+)+)`", text))
    assert named and sorted(name for name in named if not exists(name)) == []
    # ".summary"-style names continue the module named before them in the same cell
    for cell in re.findall(r"`(hjemmel(?:\.[a-z_]+)+)`((?:, `\.[a-z_]+`)+)", text):
        parent = cell[0].rsplit(".", 1)[0]
        for short in re.findall(r"`\.([a-z_]+)`", cell[1]):
            assert exists(f"{parent}.{short}"), f"{parent}.{short}"
    packages = sorted(p.name for p in package.iterdir() if p.is_dir() and any(p.glob("*.py")))
    assert [p for p in packages if f"`hjemmel.{p}" not in text] == []


def test_the_languages_are_listed_once() -> None:
    """The list of languages lives in hjemmel.languages; a module that spells it again (a tuple,
    a list or a Literal of the codes) would fall behind when a language is added."""
    spelled = re.compile(r"""[(\[]\s*["']nb["'],\s*["']nn["'](,\s*["']en["'])?\s*[)\]]""")
    again = [str(path.relative_to(ROOT)) for name, path in modules().items() if name != "hjemmel.languages" and spelled.search(path.read_text("utf-8"))]
    assert again == []


def test_each_subpackage_names_its_modules_and_entry_points() -> None:
    """A reader opening a subpackage's ``__init__`` finds every module of it, and every entry point
    it names (``module.name``) exists."""
    import ast
    import importlib

    wrong = []
    for folder in sorted(p for p in (ROOT / "engine").iterdir() if p.is_dir() and any(p.glob("*.py"))):
        init = folder / "__init__.py"
        if not init.exists():
            wrong.append(f"{folder.name}: no __init__.py")
            continue
        doc = ast.get_docstring(ast.parse(init.read_text("utf-8"))) or ""
        wrong += [f"{folder.name}: {f.stem} not named" for f in sorted(folder.glob("*.py")) if f.stem != "__init__" and f"``{f.stem}" not in doc]
        for module, name in re.findall(r"``([a-z_]+)\.([A-Za-z_]+)``", doc):
            if name in ("yaml", "json", "md") or not (folder / f"{module}.py").exists():
                continue  # a data file, or a module of another package
            if not hasattr(importlib.import_module(f"hjemmel.{folder.name}.{module}"), name):
                wrong.append(f"{folder.name}: {module}.{name} does not exist")
    assert wrong == []
