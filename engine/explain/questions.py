"""Open questions: the unknown facts whose answer could add a finding or set one aside."""

from __future__ import annotations

from hjemmel.assessment import FindingKind, OpenQuestionData, RankBasisData
from hjemmel.cases.facts import COMPUTED, answered_by, catalogue
from hjemmel.cases.model import Case
from hjemmel.cases.projection import EVENTS, Event
from hjemmel.evaluation.plan import Plan
from hjemmel.explain.context import Context
from hjemmel.explain.findings import ACUTE_RULES
from hjemmel.explain.ranking import ACUTE_FACTS, KIND_WEIGHT, ON_TOPIC, basis, order_key, rank
from hjemmel.explain.ranking import weight as weigh
from hjemmel.rulebase.model import Rule
from hjemmel.rulebase.needs import Memo
from hjemmel.rulebase.relevance import sections, spoken_sections

_NOTHING_BLOCKED: frozenset[str] = frozenset()


def touched(ctx: Context) -> list[Rule]:
    """The rules (not derived) that did not fire and that a specific fact of the case touches
    (``Relevance.touched``), in id order: only these can be asked about or be near misses.

    Bit operations (``Plan.touch_masks``): a rule is touched when the tests that hold
    (``Context.true``) meet its mask (a property test compares it with the plain test)."""
    held = ctx.true
    if not held:
        return []
    fired = ctx.fired
    return [rule for rule, mask in ctx.plan.touch_masks if mask & held and rule.id not in fired]


_DATED: dict[frozenset[str], tuple[tuple[Rule, str], ...]] = {}
# A rule's finding kind (None when it gives no finding), its actor and its provision (actor, law, section).
Traits = tuple[FindingKind | None, str | None, tuple[str | None, str, str]]
_TRAITS: dict[frozenset[str], dict[str, Traits]] = {}


def _rule_traits(rule: Rule) -> Traits:
    return rule.finding_kind if rule.is_finding else None, rule.actor, (rule.actor, rule.law, rule.section)


def _traits(plan: Plan) -> dict[str, Traits]:
    """The traits of every rule of a plan (built once per plan)."""
    found = _TRAITS.get(plan.key)
    if found is None:
        found = _TRAITS[plan.key] = {rule.id: _rule_traits(rule) for rule in plan.active}
    return found


# The computed facts that a caseworker answers by another field (``answered_by``).
_REMAPPED = frozenset(path for path in COMPUTED if answered_by(path) != path)


def _dated(plan: Plan) -> tuple[tuple[Rule, str], ...]:
    """The finding rules of a plan that read a deadline or start from a case date (built once per plan)."""
    found = _DATED.get(plan.key)
    if found is None:
        pairs = []
        for rule in plan.active:
            if rule.is_finding:
                for spec in (rule.until, rule.starts):
                    if spec is not None and spec.date_of:
                        pairs.append((rule, spec.date_of))
        found = _DATED[plan.key] = tuple(pairs)
    return found


# The events read from each date of a case, in the order of EVENTS.
_EVENTS_ON: dict[str, list[Event]] = {}
for _event in EVENTS:
    _EVENTS_ON.setdefault(_event.date_of, []).append(_event)


def _expected(case: Case, date_of: str) -> bool:
    """Whether the case as written expects an event on the date ``date_of``."""
    return any(event.expected(case) for event in _EVENTS_ON.get(date_of, ()))


SETTLED_TONIGHT = frozenset({"own_home", "rental", "municipal_rental", "prison", "institution"})


def tonight_open(ctx: Context) -> bool:
    """Whether where the person sleeps tonight is an open matter: the case speaks about their
    housing, and they are not in a home of their own, a prison or an institution."""
    situation = ctx.flat.get("housing.situation")
    if situation in SETTLED_TONIGHT or ctx.flat.get("criminal_justice.status") in ("serving", "remand"):
        return False
    return situation is not None or any(path.startswith("housing.") for path in ctx.flat)


def _with_acute(ctx: Context, candidates: list[Rule], spoken: frozenset[str]) -> list[Rule]:
    """The candidates, and when the case speaks about where the person lives, every rule that
    turns on where they sleep tonight (``ACUTE_FACTS``) while that is unknown: the acute need
    is asked about first, whatever else the case says."""
    if not tonight_open(ctx):
        return candidates
    extra: dict[str, Rule] = {}
    by_path = ctx.plan.askable_by_path
    for path in ACUTE_FACTS:
        if path not in ctx.flat:
            # the rules whose own condition is the acute need (not those that merely allow it)
            extra.update((rule.id, rule) for rule in by_path.get(path, ()) if rule.id in ACUTE_RULES and rule.id not in ctx.fired)
    if not extra:
        return candidates
    have = {rule.id for rule in candidates}
    return candidates + [extra[rule_id] for rule_id in sorted(extra) if rule_id not in have]


def open_questions(
    ctx: Context,
    excluded: dict[str, str],
    engaged_memo: dict[str, bool] | None = None,
    candidates: list[Rule] | None = None,
    truths: dict[str, bool | None] | None = None,
    blocked: frozenset[str] = _NOTHING_BLOCKED,
) -> list[OpenQuestionData]:
    """Questions for the rules the case engages that are still unknown, most decisive first.

    For each such rule the smallest set of unknown facts that could make it hold is taken
    (``hjemmel.rulebase.needs``); every fact in it is a question. A finding rule gives
    ``could_add``; an exclusion gives ``could_remove`` for the findings it would set aside.
    Only rules the case engages by a fact specific to them are asked about, and rules it
    touches when the question lies in a section the case already speaks about
    (``hjemmel.rulebase.relevance``); the questions are ranked by how much one answer
    decides (``hjemmel.explain.ranking``). A date that a standing finding's deadline or start
    is read from is asked when unknown. ``blocked`` holds the facts that stay unknown (the
    interview's "vet ikke"): no question needs them.
    """
    add: dict[str, set[str]] = {}
    remove: dict[str, set[str]] = {}
    dated: set[str] = set()
    bases: dict[str, list[RankBasisData]] = {}
    memo: Memo = {}  # shared derived sub-conditions, this case
    engaged_memo = {} if engaged_memo is None else engaged_memo
    need = ctx.plan.need
    engaged = ctx.plan.engaged.engaged
    rules = ctx.rules
    flat, true, false = ctx.flat, ctx.true, ctx.false
    spoken = spoken_sections(flat)
    fired_findings = {rid: rule for rid in ctx.fired if (rule := rules.rule(rid)).is_finding and rid not in excluded}
    actors = {rule.actor for rule in fired_findings.values()}
    provisions = {(rule.actor, rule.law, rule.section) for rule in fired_findings.values()}
    truth = ctx.plan.truth
    truths = {} if truths is None else truths  # each candidate's truth, for the near misses
    urgent = tonight_open(ctx)
    section_of = sections()
    section = section_of.__getitem__
    traits = _traits(ctx.plan)
    for rule in _with_acute(ctx, touched(ctx) if candidates is None else candidates, spoken):
        rule_id = rule.id
        value = truths[rule_id] = truth[rule_id](true, false)
        if value is not None:
            continue
        needed = need[rule_id](true, false, memo, blocked)
        if not needed:
            continue
        fields = needed if _REMAPPED.isdisjoint(needed) else {answered_by(path) for path in needed}
        # A touched rule is asked about when every question lies in a section the case speaks
        # about, an engaged one always (Relevance.relevant, inlined: this loop runs per case).
        if not spoken.issuperset(map(section, fields)) and not engaged(rule_id, true, false, engaged_memo):
            continue
        missing = len(fields)
        acute = urgent and not ACUTE_FACTS.isdisjoint(fields)
        kind, actor, provision = traits.get(rule_id) or _rule_traits(rule)
        if kind is not None and rule_id not in excluded:
            weight = weigh(kind, new_actor=actor not in actors, refines=provision in provisions, acute=acute)
            for path in fields:
                found = add.get(path)
                if found is None:
                    add[path] = {rule_id}
                else:
                    found.add(rule_id)
                item: RankBasisData = {
                    "rule": rule_id,
                    "effect": "add",
                    "kind": kind,
                    "weight": weight * ON_TOPIC if section_of[path] in spoken else weight,
                    "missing": missing,
                }
                listed = bases.get(path)
                if listed is None:
                    bases[path] = [item]
                else:
                    listed.append(item)
        elif rule.kind == "exclusion":
            targets = [fired_findings[t] for t in rule.overrides if t in fired_findings]
            for path in fields:
                remove.setdefault(path, set()).update(t.id for t in targets)
                bases.setdefault(path, []).extend(basis(t.id, "remove", t.finding_kind, missing, weigh(t.finding_kind, acute=acute)) for t in targets)
    # The dates a deadline or start is read from: asked when unknown and a standing finding
    # reads it, or the situation that needs it is known (a scheduled eviction, a prisoner …).
    scheduled: dict[str, bool] = {}
    for rule, date_of in _dated(ctx.plan):
        if rule.id in excluded or date_of in flat or date_of in blocked:
            continue
        if rule.id not in fired_findings:
            expected = scheduled.get(date_of)
            if expected is None:
                expected = scheduled[date_of] = _expected(ctx.case, date_of)
            if not expected:
                continue
        bases.setdefault(date_of, []).append(basis(rule.id, "date", rule.finding_kind, 1, max(1, KIND_WEIGHT[rule.finding_kind] // 2)))
        dated.add(date_of)
    questions = []
    info = catalogue()
    # the actors of the findings behind a question with more than one (``rank`` counts one answer once per actor)
    actor_of = {b["rule"]: (traits.get(b["rule"]) or _rule_traits(rules.rule(b["rule"])))[1] for items in bases.values() if len(items) > 1 for b in items}
    for path in set(add) | {p for p, targets in remove.items() if targets} | dated:
        entry = info.get(path)
        questions.append(
            OpenQuestionData(
                fact=path,
                question=entry.question(ctx.lang) if entry else path,
                could_add=sorted(add.get(path, ())),
                could_remove=sorted(remove.get(path, ())),
                rank=rank(bases[path], actor_of),
            )
        )
    questions.sort(key=lambda q: order_key(q["fact"], q["rank"]["score"], spoken))
    return questions
