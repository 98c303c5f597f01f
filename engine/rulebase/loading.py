"""Loading and checking the rule base (``rules/*.yaml``).

Every problem is reported as ``file:line:column: path: message`` with the rule id. The
checks here run on every load; ``hjemmel rules lint`` prints them without failing early.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import replace
from importlib import resources
from pathlib import Path
from typing import Any

from hjemmel import cache
from hjemmel.cases.documents import MAX_BYTES, Document, DocumentError, dotted, parse_yaml
from hjemmel.cases.reading import read_limited
from hjemmel.errors import CaseFileError, Problem, RuleFileError
from hjemmel.rulebase import conditions
from hjemmel.rulebase.base import RuleBase
from hjemmel.rulebase.conditions import Condition
from hjemmel.rulebase.model import ActorsFile, Law, LawsFile, Rule, RuleFile
from hjemmel.rulebase.municipalities import FILE as MUNICIPALITIES
from hjemmel.rulebase.municipalities import MunicipalitiesFile, MunicipalityNames
from hjemmel.rulebase.quotes import SOURCES, check_quotes, load_excerpts
from pydantic import BaseModel, ValidationError


def default_rules_dir() -> Path:
    """The bundled rule base: ``rules/`` in a source checkout, else the installed package data.

    In a checkout (also behind the strict editable install's link tree, which ``resolve``
    follows) the folder itself is used, so a rule file added there is seen at once.
    """
    checkout = Path(__file__).resolve().parents[2] / "rules"
    if Path(__file__).resolve().parents[1].name == "engine" and (checkout / "laws.yaml").is_file():
        return checkout
    return Path(str(resources.files("hjemmel").joinpath("rules")))


SPECIAL_FILES = ("actors.yaml", "laws.yaml")
# Data files beside the rules that are not rule files; optional (a rule folder without the
# municipality names shows bare numbers).
DATA_FILES = (MUNICIPALITIES,)


def _locate(doc: Document, path: tuple[str | int, ...]) -> tuple[int | None, int | None]:
    return doc.locate(path)


def _validation_problems(doc: Document, exc: ValidationError, prefix: tuple[str | int, ...] = ()) -> list[Problem]:
    problems = []
    for err in exc.errors(include_url=False):
        loc = prefix + tuple(err["loc"])
        line, col = _locate(doc, loc)
        message = err["msg"]
        if err["type"] == "extra_forbidden":
            message = f"unknown field '{loc[-1]}'"
        elif "ctx" in err and "error" in err["ctx"]:
            message = str(err["ctx"]["error"])
        if err["type"].startswith("date"):
            message = f"expected a date (YYYY-MM-DD), got {err.get('input')!r}"
        problems.append(Problem(message, file=doc.file, line=line, column=col, path=dotted(loc)))
    return problems


def _bytes(path: Path) -> bytes:
    """A rule file's bytes: a regular file within the size limit, else a located rule-file error."""
    try:
        return read_limited(path, MAX_BYTES)
    except CaseFileError as exc:
        raise RuleFileError("unreadable rule file", [replace(p, file=_display(path)) for p in exc.problems]) from None


def _read(path: Path) -> Document:
    try:
        text = _bytes(path).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise RuleFileError("unreadable rule file", [Problem(f"cannot read: the file is not UTF-8 ({exc.reason})", file=_display(path))]) from None
    try:
        return parse_yaml(text, _display(path))
    except DocumentError as exc:
        raise RuleFileError("invalid rule file", [exc.problem]) from exc


def _display(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _model(doc: Document, model: type[BaseModel]) -> Any:
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        raise RuleFileError("invalid rule file", _validation_problems(doc, exc)) from None


def load_rules(directory: str | os.PathLike[str] | None = None, *, strict: bool = True, reform: str | os.PathLike[str] | None = None) -> RuleBase:
    """Load, validate and check the rule base in ``directory`` (default: the bundled ``rules/``).

    ``reform`` is a folder of rule files in the same schema laid over the rule base (a proposed
    change of the law): a rule whose id exists replaces that rule, a new id adds one, and a
    top-level ``repeal: [rule ids]`` removes rules. The result is checked as a whole, each
    problem located in the file it comes from.

    With ``strict`` (the default) any problem raises ``RuleFileError``; otherwise problems
    are returned in ``RuleBase.warnings`` (used by ``hjemmel rules lint``).
    """
    if directory is None:
        directory = os.environ.get("HJEMMEL_RULES") or default_rules_dir()
    root = Path(directory)
    if not root.is_dir():
        raise RuleFileError("no rule base", [Problem("rule folder not found", file=str(root))])
    digest = hashlib.sha256()
    files = sorted(p for p in root.glob("*.yaml"))
    for path in files:
        digest.update(path.name.encode("utf-8", "surrogateescape") + b"\0" + _bytes(path) + b"\0")
    sources = root / SOURCES
    for path in sorted(sources.rglob("*.md")) if sources.is_dir() else ():
        name = path.relative_to(root).as_posix()
        digest.update(name.encode("utf-8", "surrogateescape") + b"\0" + _bytes(path) + b"\0")
    overlay: list[Path] = []
    if reform is not None:
        reform_root = Path(reform)
        if not reform_root.is_dir():
            raise RuleFileError(
                "no reform", [Problem("reform folder not found", file=str(reform_root), expected="a folder of rule files (law:, rules:, repeal:)")]
            )
        overlay = sorted(p for p in reform_root.glob("*.yaml"))
        if not overlay:
            raise RuleFileError("empty reform", [Problem("the reform folder holds no .yaml rule files", file=str(reform_root))])
        digest.update(b"reform\0")
        for path in overlay:
            digest.update(path.name.encode("utf-8", "surrogateescape") + b"\0" + _bytes(path) + b"\0")
    missing = [name for name in SPECIAL_FILES if not (root / name).is_file()]
    if missing:
        raise RuleFileError("incomplete rule base", [Problem(f"{name} is missing", file=str(root / name)) for name in missing])
    if not strict:  # (lint: every problem is wanted, and none is cached)
        return _build(root, files, overlay, digest.hexdigest(), strict=False)
    # The files are the same byte for byte (the digest above), read from the same place (the
    # problems and locations name them as seen from here): a previous start's result is used.
    final = "sha256:" + digest.hexdigest()
    entry = cache.key(final, str(root.resolve()), _display(root), *(_display(path) for path in overlay))

    def build() -> RuleBase:
        return _build(root, files, overlay, digest.hexdigest(), strict=True)

    return cache.cached("rules", entry, build, lambda found: isinstance(found, RuleBase) and found.digest == final)


def _build(root: Path, files: list[Path], overlay: list[Path], hexdigest: str, *, strict: bool) -> RuleBase:
    """Parse, validate and check the rule files (``load_rules`` after the digest and the file checks)."""
    # (the checks only when the files are read: a start with the cached rule base skips them)
    from hjemmel.rulebase.checks import check_cycles, check_rule, check_versions, problem, suggest

    laws_doc = _read(root / "laws.yaml")
    version = "unversioned"
    if isinstance(laws_doc.data, dict):
        version = str(laws_doc.data.pop("ruleset_version", version))
    laws_file: LawsFile = _model(laws_doc, LawsFile)
    actors_file: ActorsFile = _model(_read(root / "actors.yaml"), ActorsFile)

    laws = {law.id: law for law in laws_file.laws}
    texts, problems = load_excerpts(root, laws, laws_doc)
    rules: list[Rule] = []
    docs: dict[str, tuple[Document, int]] = {}
    for path in files:
        if path.name in SPECIAL_FILES or path.name in DATA_FILES:
            continue
        doc = _read(path)
        if isinstance(doc.data, dict) and isinstance(doc.data.get("rules"), list):
            for item in doc.data["rules"]:
                if isinstance(item, dict):
                    item.setdefault("law", doc.data.get("law"))
        try:
            parsed: RuleFile = RuleFile.model_validate(doc.data)
        except ValidationError as exc:
            problems.extend(_validation_problems(doc, exc))
            continue
        for index, rule in enumerate(parsed.rules):
            if rule.id in docs:
                other, other_index = docs[rule.id]
                line, _ = other.locate(("rules", other_index))
                here, col = doc.locate(("rules", index, "id"))
                problems.append(
                    Problem(f"duplicate rule id '{rule.id}' (also at {other.file}:{line})", file=doc.file, line=here, column=col, path=f"rules[{index}].id")
                )
                continue
            docs[rule.id] = (doc, index)
            rules.append(rule)
    if overlay:
        rules, reform_problems = _lay_over(rules, docs, overlay)
        problems.extend(reform_problems)
        version = f"{version}+reform"

    actors = {actor.id: actor for actor in actors_file.actors}
    rules = [_with_source(rule, laws) for rule in rules]
    rules, scope_problems = _expand_scopes(rules, docs)
    problems.extend(scope_problems)
    parsed_conditions: dict[str, Condition] = {}
    for rule in rules:
        doc, index = docs[rule.id]
        problems.extend(check_rule(rule, doc, index, laws, actors, parsed_conditions))
        problems.extend(check_quotes(rule, doc, index, texts))
    derived_defined = {r.derives for r in rules if r.derives}
    ids = {r.id for r in rules}
    for rule in rules:
        doc, index = docs[rule.id]
        where = ("rules", index)
        for name in sorted(conditions.derived_names(parsed_conditions[rule.id]) if rule.id in parsed_conditions else ()):
            if name not in derived_defined:
                problems.append(problem(doc, where + ("when",), rule, f"derived fact '{name}' is not defined by any rule{suggest(name, derived_defined)}"))
        for target in rule.overrides:
            if target not in ids:
                problems.append(problem(doc, where + ("overrides",), rule, f"overrides unknown rule '{target}'{suggest(target, ids)}"))
    problems.extend(check_versions(rules, docs))
    problems.extend(check_cycles(rules, parsed_conditions, docs))

    locations = {}
    for rule in rules:
        doc, index = docs[rule.id]
        line, _ = doc.locate(("rules", index))
        locations[rule.id] = (doc.file, line or 0)
    if problems and strict:
        raise RuleFileError(f"{len(problems)} problem(s) in the rule base", problems)
    return RuleBase(
        laws=laws,
        actors=actors,
        rules=tuple(sorted(rules, key=lambda r: r.id)),
        conditions=parsed_conditions,
        locations=locations,
        version=version,
        digest="sha256:" + hexdigest,
        warnings=tuple(problems),
        root=root.resolve(),
        sources=texts,
        municipalities=_municipalities(root),
    )


def _municipalities(root: Path) -> MunicipalityNames:
    """The municipality names of the rule folder (``municipalities.yaml``), empty when it has none."""
    path = root / MUNICIPALITIES
    if not path.is_file():
        return MunicipalityNames()
    parsed: MunicipalitiesFile = _model(_read(path), MunicipalitiesFile)
    return MunicipalityNames.from_file(parsed)


def _lay_over(rules: list[Rule], docs: dict[str, tuple[Document, int]], files: list[Path]) -> tuple[list[Rule], list[Problem]]:
    """A reform over the rule base: replace rules by id, add new ones, remove the repealed."""
    from hjemmel.rulebase.checks import suggest

    problems: list[Problem] = []
    by_id = {rule.id: rule for rule in rules}
    order = [rule.id for rule in rules]
    repeals: list[tuple[str, Document, int]] = []
    seen: dict[str, Document] = {}
    for path in files:
        doc = _read(path)
        data = doc.data
        if not isinstance(data, dict):
            problems.append(Problem("a reform file is a mapping with law:, rules: and/or repeal:", file=doc.file, line=1))
            continue
        repeal = data.pop("repeal", [])
        if not isinstance(repeal, list) or not all(isinstance(item, str) for item in repeal):
            line, col = doc.locate(("repeal",))
            problems.append(Problem("repeal: must be a list of rule ids", file=doc.file, line=line, column=col, path="repeal"))
            repeal = []
        repeals.extend((rule_id, doc, index) for index, rule_id in enumerate(repeal))
        if "rules" not in data:  # a file that only repeals
            continue
        if isinstance(data.get("rules"), list):
            for item in data["rules"]:
                if isinstance(item, dict):
                    item.setdefault("law", data.get("law"))
        try:
            parsed = RuleFile.model_validate(data)
        except ValidationError as exc:
            problems.extend(_validation_problems(doc, exc))
            continue
        for index, rule in enumerate(parsed.rules):
            if rule.id in seen:
                here, col = doc.locate(("rules", index, "id"))
                problems.append(
                    Problem(
                        f"the reform sets rule '{rule.id}' twice (also in {seen[rule.id].file})",
                        file=doc.file,
                        line=here,
                        column=col,
                        path=f"rules[{index}].id",
                    )
                )
                continue
            seen[rule.id] = doc
            if rule.id not in by_id:
                order.append(rule.id)
            by_id[rule.id] = rule
            docs[rule.id] = (doc, index)
    for rule_id, doc, index in repeals:
        if rule_id not in by_id:
            line, col = doc.locate(("repeal", index))
            problems.append(
                Problem(f"repeal: no rule '{rule_id}' to repeal{suggest(rule_id, by_id)}", file=doc.file, line=line, column=col, path=f"repeal[{index}]")
            )
            continue
        del by_id[rule_id]
    return [by_id[rule_id] for rule_id in order if rule_id in by_id], problems


def _with_source(rule: Rule, laws: dict[str, Law]) -> Rule:
    """Fill in what a rule's ``source`` leaves out from its law (``laws.yaml``) and section.

    The Lovdata id is the law's; the citation is ``§ <section>``; the link is the law's
    Lovdata URL followed by ``/§<section>`` (Lovdata's address of a provision).
    """
    law = laws.get(rule.law)
    if law is None:  # reported by the checks
        return rule
    source = rule.source
    update = {
        "lovdata": source.lovdata or law.lovdata,
        "section": source.section or f"§ {rule.section}",
        "url": source.url or f"{law.url}/§{rule.section}",
    }
    return rule.model_copy(update={"source": source.model_copy(update=update)})


def _expand_scopes(rules: list[Rule], docs: dict[str, tuple[Document, int]]) -> tuple[list[Rule], list[Problem]]:
    """An exclusion with ``overrides_scope: S`` sets aside every rule that declares ``scope: [S]``.

    The named scope replaces copied override lists: a new rule within the scope of, say,
    boligsosial lov § 2 declares ``scope: [bolsosl-2]`` once, and every exclusion of that
    scope covers it.
    """
    from hjemmel.rulebase.checks import problem, suggest

    members: dict[str, list[str]] = {}
    for rule in rules:
        for name in rule.scope:
            members.setdefault(name, []).append(rule.id)
    used = {rule.overrides_scope for rule in rules if rule.overrides_scope}
    problems: list[Problem] = []
    out: list[Rule] = []
    for rule in rules:
        doc, index = docs[rule.id]
        for name in rule.scope:
            if name not in used:
                problems.append(problem(doc, ("rules", index, "scope"), rule, f"no exclusion has 'overrides_scope: {name}'{suggest(name, used)}"))
        if rule.overrides_scope:
            targets = [m for m in members.get(rule.overrides_scope, []) if m != rule.id]
            if not targets:
                problems.append(
                    problem(
                        doc,
                        ("rules", index, "overrides_scope"),
                        rule,
                        f"no rule declares 'scope: [{rule.overrides_scope}]'{suggest(rule.overrides_scope, members)}",
                    )
                )
            rule = rule.model_copy(update={"overrides": tuple(dict.fromkeys((*rule.overrides, *sorted(targets))))})
        out.append(rule)
    return out, problems
