"""Evaluate a case against the rule base through durable-rules and build the Assessment.

Which rules apply is decided by durable-rules alone (``Backend.evaluate``). Python then
explains the result: the facts each finding rests on, the last day it holds, the missing
facts that could change the answer (three-valued analysis of the same conditions), and
notes on exclusions, uncertain sources and law changes.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from hjemmel.assessment import SCHEMA, Assessment
from hjemmel.cases.consistency import check_case
from hjemmel.cases.facts import COMPUTED, case_facts, catalogue, date_paths, effective_date, nest
from hjemmel.cases.model import Case
from hjemmel.cases.national_id import mask
from hjemmel.dates import birthday, from_day_number
from hjemmel.evaluation.backend import Backend
from hjemmel.evaluation.compiler import compile_ruleset
from hjemmel.evaluation.plan import Plan, build_plan, epoch
from hjemmel.explain.deadlines import build_deadlines
from hjemmel.explain.texts import format_day, texts
from hjemmel.rulebase import conditions
from hjemmel.rulebase.conditions import All, Derived, Scalar, Truth
from hjemmel.rulebase.loading import RuleBase
from hjemmel.rulebase.model import Rule

KIND_ORDER = {"duty": 0, "right": 1, "responsibility": 2, "power": 3, "soft": 4}


@dataclass
class Evaluator:
    """Holds a rule base and (lazily) one durable-rules backend for this process."""

    rules: RuleBase = field(repr=False)
    _backend: Backend | None = field(default=None, repr=False)
    _plans: dict[int, Plan] = field(default_factory=dict, repr=False)

    def plan(self, day: dt.date) -> Plan:
        index = epoch(self.rules, day)
        plan = self._plans.get(index)
        if plan is None:
            plan = self._plans[index] = build_plan(self.rules, day)
        return plan

    @property
    def backend(self) -> Backend:
        if self._backend is None:
            self._backend = Backend()
        return self._backend

    def assess(
        self,
        case: Case,
        *,
        on: dt.date | None = None,
        lang: str = "nb",
        today: dt.date | None = None,
        system_duties: bool = False,
        source: str | None = None,
        show_national_id: bool = False,
    ) -> Assessment:
        """Assess ``case`` as of ``on`` (default: its assessment_date, else ``today``).

        The national id is masked in the result unless ``show_national_id`` is set.
        """
        data = self.assess_data(case, on=on, lang=lang, today=today, system_duties=system_duties, source=source, show_national_id=show_national_id)
        return Assessment.model_validate(data)

    def assess_data(
        self,
        case: Case,
        *,
        on: dt.date | None = None,
        lang: str = "nb",
        today: dt.date | None = None,
        system_duties: bool = False,
        source: str | None = None,
        show_national_id: bool = False,
    ) -> dict[str, Any]:
        """The assessment as plain data, in the exact shape and key order of the contract.

        ``Assessment.model_validate`` of it gives ``assess``; ``contract_json`` of it gives
        the same JSON as the model, without building the model (the batch's fast path).
        """
        day, defaulted = effective_date(case, on, today or dt.date.today())
        check_case(case, day, source)
        flat = case_facts(case, day)
        plan = self.plan(day)
        name = self.backend.ruleset(plan.key, lambda: self._compile(plan.active))
        session = self.backend.evaluate(name, nest(flat))
        explainer = _Explainer(self.rules, plan, case, day, flat, set(session.fired), lang, show_national_id)
        return explainer.build(defaulted=defaulted, system_duties=system_duties)

    def _compile(self, active: tuple[Rule, ...]) -> tuple[dict[str, dict[str, object]], dict[str, str]]:
        bodies = compile_ruleset(active, self.rules.conditions)
        derives = {r.id: r.derives for r in active if r.derives}
        return bodies, derives


class _Explainer:
    def __init__(
        self,
        rules: RuleBase,
        plan: Plan,
        case: Case,
        day: dt.date,
        flat: dict[str, Scalar],
        fired: set[str],
        lang: str,
        show_national_id: bool = False,
    ) -> None:
        self.rules = rules
        self.plan = plan
        self.case = case
        self.day = day
        self.flat = flat
        self.active = plan.active
        self.fired = fired
        self.lang = lang
        self.derivations = plan.derivations
        self.show_national_id = show_national_id
        self.derived_truth = self._derived_truth()

    # -- derived facts ------------------------------------------------------------------

    def _derived_truth(self) -> dict[str, Truth]:
        truth: dict[str, Truth] = {}
        for rule in self.active:
            if rule.derives and rule.id in self.fired:
                truth[rule.derives] = True
        # Unknown vs false for derived facts that did not fire (three-valued; three rounds
        # cover the chains in the rule base).
        for _ in range(3):
            for derived_name, functions in self.plan.derivation_truth.items():
                if truth.get(derived_name) is True:
                    continue
                values = [f(self.flat, truth) for f in functions]
                truth[derived_name] = True if True in values else (None if None in values else False)
        return truth

    # -- building ----------------------------------------------------------------------

    def build(self, *, defaulted: bool, system_duties: bool) -> dict[str, Any]:
        notes: list[dict[str, Any]] = []
        if defaulted:
            notes.append(_note("date_defaulted", None, texts(self.lang)["date_defaulted"].format(day=format_day(self.day, self.lang))))
        excluded = self.overridden()
        for rule in self.active:
            if rule.kind == "exclusion" and rule.id in self.fired and rule.id not in excluded:
                notes.append(_note("excluded", rule.id, f"{rule.title.get(self.lang)}: {rule.summary.get(self.lang)}"))
        findings = []
        for rule in self.active:
            if rule.is_finding and rule.id in self.fired and rule.id not in excluded:
                finding = self.finding(rule)
                findings.append(finding)
                notes.extend(self.finding_notes(rule, finding))
        findings.sort(key=_finding_order)
        duties = [self.finding(r, system=True) for r in self.rules.system_duties(self.day)] if system_duties else []
        duties.sort(key=_finding_order)
        questions = self.open_questions(excluded)
        named = {r for q in questions for r in (*q["could_add"], *q["could_remove"])} | {n["rule"] for n in notes if n.get("rule")}
        # Plain data in the contract's key order (see Evaluator.assess_data).
        return dict(
            schema=SCHEMA,
            case_id=self.case.id,
            assessment_date=self.day,
            ruleset=dict(version=self.rules.version, digest=self.rules.digest),
            findings=findings,
            open_questions=questions,
            notes=_dedupe(notes),
            language="en" if self.lang == "en" else "nb",
            facts=self.visible_facts(),
            system_duties=duties,
            deadlines=build_deadlines(self.rules, self.case, self.day, findings, self.lang),
            rule_titles={rule_id: self.rules.rule(rule_id).title.get(self.lang) for rule_id in sorted(named)},
        )

    def overridden(self) -> dict[str, str]:
        """Fired rules that a declared exception (``overrides``) sets aside: id → by whom.

        A rule sets others aside only when it applies itself and is not set aside in turn
        (exceptions to exceptions), so the result does not depend on rule order.
        """
        by: dict[str, list[str]] = {}
        for rule in self.active:
            if rule.id in self.fired:
                for target in rule.overrides:
                    by.setdefault(target, []).append(rule.id)
        memo: dict[str, bool] = {}

        def stands(rule_id: str, seen: frozenset[str] = frozenset()) -> bool:
            if rule_id not in memo:
                if rule_id in seen:  # a cycle: lint reports it; do not loop
                    return True
                memo[rule_id] = not any(stands(o, seen | {rule_id}) for o in by.get(rule_id, ()))
            return memo[rule_id]

        out: dict[str, str] = {}
        for target in sorted(by):
            if target in self.fired and not stands(target):
                out[target] = next(o for o in sorted(by[target]) if stands(o))
        return out

    def finding(self, rule: Rule, system: bool = False) -> dict[str, Any]:
        assert rule.actor is not None and rule.kind in KIND_ORDER
        law = self.rules.laws[rule.law]
        actor = self.rules.actors[rule.actor]
        appeal = self.rules.actors[rule.appeal_to] if rule.appeal_to else None
        municipality = None
        if rule.responsible_municipality:
            value = self.flat.get(rule.responsible_municipality)
            municipality = str(value) if value is not None else None
        return dict(
            rule=rule.id,
            actor=rule.actor,
            law=rule.law,
            section=rule.section,
            kind=rule.kind,
            title=rule.title.get(self.lang),
            because=[] if system else self.because(rule),
            until=None if system else self.until(rule),
            appeal_to=rule.appeal_to,
            source=rule.source.url,
            summary=rule.summary.get(self.lang),
            actor_name=actor.name(self.day, self.lang),
            law_name=law.short.get(self.lang),
            appeal_name=appeal.name(self.day, self.lang) if appeal else None,
            legal_basis=f"{law.short.get(self.lang)} {rule.source.section}",
            responsible_municipality=municipality,
            uncertain=rule.source.status != "confirmed" or law.status != "confirmed",
            source_note=rule.source.note_in(self.lang)[0],
            note=rule.note.get(self.lang) if rule.note else None,
        )

    def because(self, rule: Rule) -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = []
        seen: set[str] = set()
        for test in self._reasons(rule.id):
            path = _asked(test.path)  # a computed fact is explained by the fact it comes from
            if path in seen or path not in self.flat:
                continue
            seen.add(path)
            items.append(dict(fact=path, value=self.display_value(path)))
        return items

    def _reasons(self, rule_id: str) -> Iterator[conditions.Test]:
        """The tests that hold, including those of the derived facts the rule relies on."""
        cond = self.plan.pushed[rule_id]
        yield from conditions.satisfied_tests(cond, self.flat, self.derived_truth, pushed=True)
        top = cond.items if isinstance(cond, All) else (cond,)
        for item in top:
            if isinstance(item, Derived):
                for rule in self.active:
                    if rule.derives == item.name and rule.id in self.fired:
                        yield from self._reasons(rule.id)
                        break

    def display_value(self, path: str) -> object:
        value = self.flat[path]
        if path in date_paths() and isinstance(value, int) and not isinstance(value, bool):
            return from_day_number(value).isoformat()
        if path.endswith("national_id") and isinstance(value, str) and not self.show_national_id:
            return mask(value)
        return value

    def until(self, rule: Rule) -> dt.date | None:
        spec = rule.until
        if spec is None:
            return None
        if spec.day_before_birthday is not None:
            birth = self.case.person.birth_date
            if birth is None:
                return None
            return birthday(birth, spec.day_before_birthday) - dt.timedelta(days=1)
        assert spec.date_of is not None
        value = self.flat.get(spec.date_of)
        return from_day_number(value) if isinstance(value, int) and not isinstance(value, bool) else None

    def finding_notes(self, rule: Rule, finding: dict[str, Any]) -> Iterator[dict[str, Any]]:
        t = texts(self.lang)
        named = f"{finding['title']}, {finding['legal_basis']}"
        if finding["uncertain"]:
            note, native = rule.source.note_in(self.lang)
            key = "uncertain_note" if native else "uncertain_note_en"
            text = t[key].format(title=named, note=note) if note else t["uncertain"].format(title=named)
            yield _note("uncertain_source", rule.id, text)
        last = rule.in_force.last_day()
        if last is not None and (finding["until"] is None or finding["until"] > last):
            yield _note("law_change", rule.id, t["law_change"].format(title=named, day=format_day(last, self.lang)))
        if rule.until and rule.until.day_before_birthday and self.case.person.birth_date is None:
            yield _note("info", rule.id, t["until_unknown"].format(title=named))

    # -- open questions ----------------------------------------------------------------

    def open_questions(self, excluded: dict[str, str]) -> list[dict[str, Any]]:
        add: dict[str, set[str]] = {}
        remove: dict[str, set[str]] = {}
        memo: dict[int, frozenset[str] | None] = {}  # shared derived sub-conditions, this case
        need = self.plan.need
        by_path = self.plan.askable_by_path
        # Only rules with an "in play" test on a known fact can be in play.
        candidates = {rule.id: rule for path in self.flat if path in by_path for rule in by_path[path]}
        for rule_id in sorted(candidates):
            rule = candidates[rule_id]
            if rule.id in self.fired or not self._in_play(rule.id):
                continue
            if self.plan.truth[rule.id](self.flat, self.derived_truth) is not None:
                continue
            needed = need[rule.id](self.flat, memo)
            if not needed:
                continue
            if rule.is_finding and rule.id not in excluded:
                for path in needed:
                    add.setdefault(_asked(path), set()).add(rule.id)
            elif rule.kind == "exclusion":
                targets = [t for t in rule.overrides if t in self.fired]
                for path in needed:
                    remove.setdefault(_asked(path), set()).update(targets)
        questions = []
        info = catalogue()
        for path in sorted(set(add) | {p for p, targets in remove.items() if targets}):
            entry = info.get(path)
            question = entry.question(self.lang) if entry else path
            questions.append(
                dict(
                    fact=path,
                    question=question,
                    could_add=sorted(add.get(path, ())),
                    could_remove=sorted(remove.get(path, ())),
                )
            )
        questions.sort(key=lambda q: (-len(q["could_add"]), -len(q["could_remove"]), q["fact"]))
        return questions

    def _in_play(self, rule_id: str) -> bool:
        """Whether the case already touches this rule's area.

        INTERPRETATION (usability): an open question is asked only for a rule of which at
        least one test is already known to hold, not counting age alone. Otherwise every
        case would list every unknown fact in the rule base (is the person in prison? a
        refugee? ...). The interview goes further and asks about cold areas too.
        """
        flat = self.flat
        return any(t.path in flat and t.holds(flat[t.path]) for t in self.plan.play_tests[rule_id])

    def visible_facts(self) -> dict[str, object]:
        """The facts as given (national id masked), for the report's case summary."""
        out: dict[str, object] = {}
        for path in sorted(self.flat):
            if path in COMPUTED and path != "person.age":
                continue  # derived from another fact shown here
            out[path] = self.display_value(path)
        return out


def _asked(path: str) -> str:
    """Computed facts are answered by the fact they come from (age ← birth date ...)."""
    if path in COMPUTED and path != "person.age":
        return COMPUTED[path]
    return path


def _finding_order(f: dict[str, Any]) -> tuple[object, ...]:
    return (f["actor"], f["law"], _section_key(f["section"]), KIND_ORDER[f["kind"]], f["rule"])


def _section_key(section: str) -> tuple[int, ...]:
    parts = []
    for piece in section.replace("-", " ").split():
        digits = "".join(ch for ch in piece if ch.isdigit())
        parts.append(int(digits) if digits else 0)
    return tuple(parts)


def _note(kind: str, rule: str | None, text: str) -> dict[str, Any]:
    return {"kind": kind, "text": text, "rule": rule}  # the Note model's field order


def contract_json(data: dict[str, Any]) -> str:
    """JSON of ``assess_data`` output: identical to ``Assessment.to_json_dict`` dumped."""
    return json.dumps(data, ensure_ascii=False, default=_json_default)


def _json_default(value: object) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"not JSON: {value!r}")


def _dedupe(notes: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    seen: set[tuple[str, str | None, str]] = set()
    out = []
    for note in notes:
        key = (note["kind"], note.get("rule"), note["text"])
        if key not in seen:
            seen.add(key)
            out.append(note)
    return out
