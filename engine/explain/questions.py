"""Open questions: the unknown facts whose answer could add a finding or set one aside."""

from __future__ import annotations

from hjemmel.assessment import OpenQuestionData, RankBasisData
from hjemmel.cases.facts import answered_by, catalogue
from hjemmel.explain.context import Context
from hjemmel.explain.ranking import KIND_WEIGHT, basis, order_key, rank
from hjemmel.rulebase.model import Rule
from hjemmel.rulebase.needs import Memo
from hjemmel.rulebase.relevance import spoken_sections

_NOTHING_BLOCKED: frozenset[str] = frozenset()


def touched(ctx: Context) -> list[Rule]:
    """The rules (not derived) that did not fire and that a specific fact of the case touches
    (``Relevance.touched``), in id order: only these can be asked about or be near misses."""
    by_path = ctx.plan.askable_by_path
    found = {rule.id: rule for path in ctx.flat if path in by_path for rule in by_path[path] if rule.id not in ctx.fired}
    tests_of, flat = ctx.plan.relevance.touch_tests, ctx.flat
    out: list[Rule] = []
    for rule_id in sorted(found):  # Relevance.touched, inlined: this runs for every case
        for test in tests_of.get(rule_id, ()):
            path = test.path
            if path in flat and test.holds(flat[path]):
                out.append(found[rule_id])
                break
    return out


def open_questions(
    ctx: Context,
    excluded: dict[str, str],
    engaged_memo: dict[str, bool] | None = None,
    candidates: list[Rule] | None = None,
    truths: dict[str, bool | None] | None = None,
) -> list[OpenQuestionData]:
    """Questions for the rules the case engages that are still unknown, most decisive first.

    For each such rule the smallest set of unknown facts that could make it hold is taken
    (``hjemmel.rulebase.needs``); every fact in it is a question. A finding rule gives
    ``could_add``; an exclusion gives ``could_remove`` for the findings it would set aside.
    Only rules the case engages by a fact specific to them are asked about, and rules it
    touches when the question lies in a section the case already speaks about
    (``hjemmel.rulebase.relevance``); the questions are ranked by how much one answer
    decides (``hjemmel.explain.ranking``).
    """
    add: dict[str, set[str]] = {}
    remove: dict[str, set[str]] = {}
    bases: dict[str, list[RankBasisData]] = {}
    memo: Memo = {}  # shared derived sub-conditions, this case
    engaged_memo = {} if engaged_memo is None else engaged_memo
    need = ctx.plan.need
    relevance = ctx.plan.relevance
    rules = ctx.rules
    spoken = spoken_sections(ctx.flat)
    fired_findings = {rid: rule for rid in ctx.fired if (rule := rules.rule(rid)).is_finding and rid not in excluded}
    truth = ctx.plan.truth
    truths = {} if truths is None else truths  # each candidate's truth, for the near misses
    for rule in touched(ctx) if candidates is None else candidates:
        value = truths[rule.id] = truth[rule.id](ctx.flat, ctx.derived_truth)
        if value is not None:
            continue
        needed = need[rule.id](ctx.flat, memo, _NOTHING_BLOCKED)
        if not needed:
            continue
        fields = {answered_by(path) for path in needed}
        # A touched rule is asked about when every question lies in a section the case speaks
        # about, an engaged one always (Relevance.relevant, inlined: this loop runs per case).
        if any(field.split(".", 1)[0] not in spoken for field in fields) and not relevance.engaged(rule.id, ctx.flat, engaged_memo):
            continue
        missing = len(fields)
        if rule.is_finding and rule.id not in excluded:
            kind = rule.finding_kind
            weight = KIND_WEIGHT[kind]
            for path in fields:
                add.setdefault(path, set()).add(rule.id)
                bases.setdefault(path, []).append(RankBasisData(rule=rule.id, effect="add", kind=kind, weight=weight, missing=missing))
        elif rule.kind == "exclusion":
            targets = [fired_findings[t] for t in rule.overrides if t in fired_findings]
            for path in fields:
                remove.setdefault(path, set()).update(t.id for t in targets)
                bases.setdefault(path, []).extend(basis(t.id, "remove", t.finding_kind, missing) for t in targets)
    questions = []
    info = catalogue()
    for path in set(add) | {p for p, targets in remove.items() if targets}:
        entry = info.get(path)
        questions.append(
            OpenQuestionData(
                fact=path,
                question=entry.question(ctx.lang) if entry else path,
                could_add=sorted(add.get(path, ())),
                could_remove=sorted(remove.get(path, ())),
                rank=rank(bases[path]),
            )
        )
    questions.sort(key=lambda q: order_key(q["fact"], q["rank"]["score"]))
    return questions
