"""hjemmel's MCP tools as plain data: arguments in, (structured content, text, is_error) out.

Every case argument is read as a case file (the same checks and located problems); every
answer has its national ids masked; an error is a tool error, a bug its exception type only.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable
from typing import Any

import orjson
from hjemmel.assessment import contract_json
from hjemmel.cases.documents import DocumentError, parse_json
from hjemmel.cases.model import Case
from hjemmel.errors import CaseFileError, HjemmelError, Problem
from hjemmel.evaluator import Evaluator
from hjemmel.languages import LANGUAGES
from hjemmel.mcp_server.frames import DUPLICATE
from hjemmel.mcp_server.schemas import SUPPORT
from hjemmel.receipt import program, receipt_data
from hjemmel.rulebase.base import RuleBase
from hjemmel.safe_text import mask_national_ids

CASE_LIMIT = 64 * 1024  # bytes of a case as JSON: a case file is a few hundred bytes
RULES_SHOWN = 50  # rules listed by one search at most (``total`` says how many matched)


class ToolError(Exception):
    """A call the tool cannot answer: its located problems go back as a tool error."""

    def __init__(self, error: HjemmelError) -> None:
        super().__init__(error.message)
        self.error = error


def _problem(message: str, path: str, **more: Any) -> ToolError:
    return ToolError(HjemmelError(message, [Problem(message, path=path, **more)]))


_DIGEST = re.compile(r"sha256:[0-9a-f]{64}")


def masked(value: Any) -> Any:
    """``value`` with every national id in every string (and key) masked."""
    if isinstance(value, str):  # (a digest is hex, never an id: left whole so it can be checked)
        return value if _DIGEST.fullmatch(value) else mask_national_ids(value)
    if isinstance(value, dict):
        return {masked(k): masked(v) for k, v in value.items()}
    if isinstance(value, list):
        return [masked(v) for v in value]
    return value


def _plain(data: Any) -> Any:
    """Plain JSON data (dates as ``YYYY-MM-DD``)."""
    return orjson.loads(orjson.dumps(data))


def _duplicate(where: dict[str, Any]) -> CaseFileError:
    message = f"duplicate key '{where['key']}'"
    return CaseFileError(message, [Problem(message, path=where["path"], column=where["column"])])


class Tools:
    """hjemmel's MCP tools on one rule base: ``call`` gives (structured content, text, is_error)."""

    def __init__(self, rules: RuleBase) -> None:
        self.rules = rules
        self.evaluator = Evaluator(rules)
        self._tools: dict[str, Callable[[dict[str, Any]], tuple[dict[str, Any], str]]] = {
            "assess": self.assess,
            "explain": self.explain,
            "timeline": self.timeline,
            "rules": self.search,
        }

    def call(self, name: str, arguments: dict[str, Any] | None) -> tuple[dict[str, Any], str, bool]:
        """One tool call: never raises; a national id never leaves unmasked."""
        tool = self._tools.get(name)
        try:
            if tool is None:
                raise _problem(f"no tool '{name}': the tools are {', '.join(self._tools)}", "name")
            if not isinstance(arguments, dict):
                raise _problem("the arguments must be an object", "arguments")
            if DUPLICATE in arguments:  # marked by ``frames.guard_line``: read strictly, a key came twice
                raise ToolError(_duplicate(arguments[DUPLICATE]))
            data, text = tool(arguments)
        except ToolError as exc:
            error = exc.error
            return masked(error.to_json()), masked(error.format()), True
        except HjemmelError as exc:
            return masked(exc.to_json()), masked(exc.format()), True
        except Exception as exc:  # a bug: the type only (its message could hold a case's facts)
            error = HjemmelError(f"internal error in hjemmel ({type(exc).__name__})")
            return masked(error.to_json()), error.message, True
        return masked(data), masked(text), False

    # --- arguments ---

    @staticmethod
    def _known(arguments: dict[str, Any], names: tuple[str, ...]) -> None:
        for key in arguments:
            if key not in names:
                raise _problem(f"unknown argument '{key}' (expected: {', '.join(names)})", str(key))

    @staticmethod
    def _date(arguments: dict[str, Any], name: str, *, required: bool = False) -> dt.date | None:
        value = arguments.get(name)
        if value is None:
            if required:
                raise _problem(f"'{name}' is required: a date YYYY-MM-DD", name)
            return None
        try:
            if not isinstance(value, str) or len(value) != 10:
                raise ValueError(value)
            return dt.date.fromisoformat(value)
        except ValueError:
            raise _problem(f"'{name}' must be a date YYYY-MM-DD", name, expected="a date (YYYY-MM-DD)", found=str(value)[:40]) from None

    @staticmethod
    def _lang(arguments: dict[str, Any]) -> str:
        lang = arguments.get("lang", "nb")
        if lang not in LANGUAGES:
            raise _problem(f"'lang' must be one of {', '.join(LANGUAGES)}", "lang", found=str(lang)[:20])
        return str(lang)

    @staticmethod
    def _case(arguments: dict[str, Any]) -> Case:
        """The ``case`` argument read as a case file (JSON): the same checks and located problems."""
        from hjemmel.cases.loading import record_from_document

        value = arguments.get("case")
        if not isinstance(value, dict):
            raise _problem("'case' is required: a case object as in the case-file contract (at least an 'id')", "case")
        try:
            raw = orjson.dumps(value)
        except TypeError:
            raise _problem("'case' is not plain JSON", "case") from None
        if len(raw) > CASE_LIMIT:
            raise _problem(f"the case is too large: {len(raw):,} bytes as JSON, the limit is {CASE_LIMIT:,}", "case")
        try:
            doc = parse_json(raw.decode(), "case")
        except DocumentError as exc:
            raise ToolError(CaseFileError(exc.problem.message, [exc.problem])) from None
        record = record_from_document(doc, "case")
        if record.case is None:
            raise ToolError(record.error or CaseFileError("not a case"))
        return record.case

    # --- the tools ---

    def assess(self, arguments: dict[str, Any]) -> tuple[dict[str, Any], str]:
        self._known(arguments, ("case", "date", "lang"))
        case, on, lang = self._case(arguments), self._date(arguments, "date"), self._lang(arguments)
        data = self.evaluator.assess_data(case, on=on, lang=lang, source="case")
        out: dict[str, Any] = orjson.loads(contract_json(data))
        return out, _assessment_text(out)

    def explain(self, arguments: dict[str, Any]) -> tuple[dict[str, Any], str]:
        from hjemmel.explain.rule_explanation import explain_rule
        from hjemmel.rulebase.checks import suggest

        self._known(arguments, ("case", "rule", "date", "lang"))
        case, on, lang = self._case(arguments), self._date(arguments, "date"), self._lang(arguments)
        rule = arguments.get("rule")
        if not isinstance(rule, str) or self.rules.get(rule) is None:
            shown = str(rule)[:64]
            raise _problem(f"no rule '{shown}'{suggest(shown, (r.id for r in self.rules.rules))}: the `rules` tool lists them", "rule")
        day = on or case.assessment_date or dt.date.today()
        context = self.evaluator.context(case, day, lang=lang, source="case")
        out: dict[str, Any] = _plain(explain_rule(context, rule))
        out["receipt"] = _plain(receipt_data(case, self.rules, day, lang))
        return out, _explain_text(out)

    def timeline(self, arguments: dict[str, Any]) -> tuple[dict[str, Any], str]:
        from hjemmel.reports.timeline_report import render_timeline
        from hjemmel.timeline import timeline

        self._known(arguments, ("case", "from", "to", "lang"))
        case, lang = self._case(arguments), self._lang(arguments)
        start, end = self._date(arguments, "from", required=True), self._date(arguments, "to", required=True)
        assert start is not None and end is not None
        if end < start:
            raise _problem(f"'to' ({end}) is before 'from' ({start})", "to")
        if (end - start).days > 366 * 60:
            raise _problem("the period is longer than 60 years", "to")
        data = timeline(self.evaluator, case, start, end, lang)
        out: dict[str, Any] = _plain(data)
        out["receipt"] = _plain(receipt_data(case, self.rules, start, lang))
        return out, render_timeline(data, "text").rstrip() + "\n\n" + _receipt_text(out["receipt"]) + "\n" + SUPPORT

    def search(self, arguments: dict[str, Any]) -> tuple[dict[str, Any], str]:
        self._known(arguments, ("text", "law", "section", "date", "lang"))
        lang, day = self._lang(arguments), self._date(arguments, "date")
        words = {key: arguments.get(key) for key in ("text", "law", "section")}
        for key, value in words.items():
            if value is not None and (not isinstance(value, str) or len(value) > 200):
                raise _problem(f"'{key}' must be a text of at most 200 characters", key)
        text = (words["text"] or "").casefold().strip()
        found = []
        for rule in self.rules.rules:
            if words["law"] and rule.law != words["law"]:
                continue
            if words["section"] and rule.section != words["section"].strip().removeprefix("§").strip():
                continue
            if day is not None and not (rule.encoded and rule.in_force.contains(day)):
                continue
            title, summary = rule.title.get(lang), rule.summary.get(lang) if rule.summary else ""
            if text and not all(word in f"{rule.id} {title} {summary}".casefold() for word in text.split()):
                continue
            found.append(
                {
                    "id": rule.id,
                    "actor": rule.actor,
                    "law": rule.law,
                    "section": rule.section,
                    "kind": rule.kind,
                    "title": title,
                    "summary": summary,
                    "source": rule.source.url,
                    "in_force": {"from": _iso(rule.in_force.start), "until": _iso(rule.in_force.until)},
                    "encoded": rule.encoded,
                    "system": rule.system,
                }
            )
        if words["law"] and words["law"] not in self.rules.laws:
            raise _problem(f"no law '{words['law'][:64]}': the laws are {', '.join(sorted(self.rules.laws))}", "law")
        query = orjson.dumps({k: v for k, v in arguments.items() if v is not None}, option=orjson.OPT_SORT_KEYS)
        receipt = {
            "program": program(),
            "rules": {"version": self.rules.version, "digest": self.rules.digest},
            "input": "sha256:" + hashlib.sha256(query).hexdigest(),
            "date": _iso(day),
            "lang": lang,
        }
        out = {"ruleset": receipt["rules"], "total": len(found), "rules": found[:RULES_SHOWN], "receipt": receipt}
        lines = [f"{len(found)} rule(s) found" + (f", the first {RULES_SHOWN} shown" if len(found) > RULES_SHOWN else "") + ":"]
        lines += [f"- {r['id']}: {r['title']} ({r['law']} § {r['section']}, {r['kind']}) {r['source']}" for r in found[:RULES_SHOWN]]
        return out, "\n".join([*lines, "", _receipt_text(receipt)])


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _receipt_text(receipt: dict[str, Any]) -> str:
    return f"Receipt: {receipt['program']}, rule base {receipt['rules']['version']} ({receipt['rules']['digest'][:19]}), input {receipt['input'][:19]}"


def _assessment_text(data: dict[str, Any]) -> str:
    """A short rendering of an assessment: the findings by legal basis, the open questions, the receipt."""
    lines = [f"Case {data['case_id']} assessed on {data['assessment_date']}: {len(data['findings'])} finding(s)."]
    for f in data["findings"]:
        basis = f.get("legal_basis") or f"{f['law']} § {f['section']}"
        extra = " (the caseworker's judgment)" if f.get("discretion") else ""
        lines.append(f"- {f.get('actor_name') or f['actor']}: {f['title']} — {basis}, {f['kind']}{extra}. {f['source']}")
    questions = data["open_questions"]
    if questions:
        lines.append(f"{len(questions)} open question(s), most decisive first:")
        lines += [f"- {q['question']} ({q['fact']})" for q in questions[:5]]
    lines += ["", _receipt_text(data["receipt"]), SUPPORT]
    return "\n".join(lines)


def _explain_text(data: dict[str, Any]) -> str:
    verdict = {True: "applies", False: "does not apply", None: "is undecided (facts missing)"}[data["applies"]]
    lines = [f"{data['title']} ({data['legal_basis']}, rule {data['rule']}) {verdict} to case {data['case_id']} on {data['date']}."]

    def walk(conditions: list[dict[str, Any]], depth: int) -> None:
        for c in conditions:
            mark = {True: "✓", False: "✗", None: "?"}[c["holds"]]
            value = "" if c["fact"] is None else f" — in the case: {'unknown' if c['value'] is None else c['value']}"
            lines.append(f"{'  ' * depth}{mark} {c['text']}{value}")
            if c["fact"] is None and c["parts"]:
                walk(c["parts"], depth + 1)

    walk(data["conditions"], 1)
    if data["missing"]:
        lines.append("Missing facts: " + ", ".join(data["missing"]))
    lines += ["", f"Source: {data['source']}", _receipt_text(data["receipt"]), SUPPORT]
    return "\n".join(lines)
