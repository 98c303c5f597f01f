"""Drift between the rule base's quotes and a newer copy of the official text.

A maintainer clones a newer copy of Lovdata's open data set (``lover/``, ``forskrifter/``)
and asks, for every quote of every rule: does the section it was read from still say the
same? The answer per quoted section is one of

- ``unchanged``: the section's text is the same as in the excerpt;
- ``changed``: the section is still there under its number, but its text differs (a short
  word diff is given, and whether the quote itself still stands);
- ``renumbered``: the number is gone or holds other words, and the quote stands in another
  section (the new number is given);
- ``gone``: neither the section nor the quote is in the act any more, or the act itself is
  no longer in the data set (repealed).

Per act, the newer copy's ``last_change_in_force`` and ``xml_hash`` tell whether the act was
changed after the excerpt was read, also where no quoted section moved. The corpus folder is
only read, never written.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Literal

from hjemmel.errors import HjemmelError, Problem
from hjemmel.rulebase.base import RuleBase
from hjemmel.rulebase.official import OfficialText, Section, SourceError, normalize, read_official

Status = Literal["unchanged", "changed", "renumbered", "gone"]

DIFF_CHARS = 240


class CorpusError(HjemmelError):
    """The corpus folder is missing, empty, not a copy of the data set, or a file does not parse."""

    code = "corpus"


@dataclass(frozen=True)
class QuoteDrift:
    """What became of one quoted section of one rule."""

    rule: str
    law: str
    section: str
    paragraph: str
    status: Status
    quote_stands: bool
    new_section: str | None = None
    diff: str | None = None


@dataclass(frozen=True)
class ActDrift:
    """What became of one instrument with an official text."""

    law: str
    file: str
    ref_id: str
    ours: str | None  # last_change_in_force of the excerpt
    theirs: str | None  # of the newer copy (None when the act is gone)
    present: bool
    changed: bool  # a later change in force or another xml_hash


@dataclass(frozen=True)
class Drift:
    quotes: list[QuoteDrift] = field(default_factory=list)
    acts: list[ActDrift] = field(default_factory=list)

    @property
    def anything_changed(self) -> bool:
        return any(q.status != "unchanged" for q in self.quotes) or any(a.changed or not a.present for a in self.acts)


def check_corpus(folder: Path) -> None:
    """A located ``CorpusError`` unless ``folder`` looks like a copy of the data set."""
    display = str(folder)
    wanted = "a copy of Lovdata's data set with lover/ and forskrifter/"
    if not folder.exists():
        raise CorpusError("corpus folder not found", [Problem("the corpus folder does not exist", file=display, expected=wanted)])
    if not folder.is_dir():
        raise CorpusError("not a folder", [Problem("not a folder", file=display, expected=wanted)])
    parts = [folder / name for name in ("lover", "forskrifter")]
    if not any(part.is_dir() for part in parts):
        raise CorpusError(
            "not a copy of the data set",
            [Problem("no lover/ or forskrifter/ folder here", file=display, expected="a copy of Lovdata's data set (lover/<slug>.md, forskrifter/<slug>.md)")],
        )
    if not any(path.suffix == ".md" for part in parts if part.is_dir() for path in part.iterdir()):
        raise CorpusError("empty corpus", [Problem("lover/ and forskrifter/ hold no .md files", file=display, expected="the data set's Markdown files")])


def compare(rules: RuleBase, folder: Path, law_id: str | None = None) -> Drift:
    """Compare every quote of ``rules`` (of one law, if given) with the newer copy of the data set in ``folder``."""
    check_corpus(folder)
    drift = Drift()
    problems: list[Problem] = []
    newer: dict[str, OfficialText | None] = {}
    for law in rules.laws.values():
        excerpt = rules.sources.get(law.id)
        if law.official is None or excerpt is None or (law_id is not None and law.id != law_id):
            continue
        path = folder / Path(*PurePosixPath(law.official.file).parts)
        text: OfficialText | None = None
        if path.exists() or path.is_symlink():
            try:
                text = read_official(path, str(path))
            except SourceError as exc:
                problems.append(exc.problem)
                continue
        newer[law.id] = text
        changed = text is None or text.last_change_in_force != excerpt.last_change_in_force or text.front.get("xml_hash") != excerpt.front.get("xml_hash")
        theirs = text.last_change_in_force if text else None
        drift.acts.append(ActDrift(law.id, law.official.file, excerpt.ref_id, excerpt.last_change_in_force, theirs, text is not None, changed))
    if problems:
        raise CorpusError(f"{len(problems)} file(s) of the corpus could not be read", problems)
    for rule in rules.rules:
        excerpt = rules.sources.get(rule.law)
        if excerpt is None or rule.law not in newer:
            continue
        for quote in rule.text:
            ours = excerpt.section(quote.section or rule.section)
            if ours is None:  # the load-time check reports it
                continue
            drift.quotes.append(_quote_drift(rule.id, rule.law, ours, quote.paragraph, quote.quote, newer[rule.law]))
    return drift


def _quote_drift(rule: str, law: str, ours: Section, paragraph: str, quote: str, text: OfficialText | None) -> QuoteDrift:
    def result(status: Status, stands: bool, new: str | None = None, diff: str | None = None) -> QuoteDrift:
        return QuoteDrift(rule, law, ours.number, paragraph, status, stands, new, diff)

    if text is None:
        return result("gone", False)
    theirs = text.section(ours.number)
    wanted = normalize(quote)
    stands_here = theirs is not None and wanted in theirs.text
    if theirs is not None and theirs.text == ours.text and theirs.heading == ours.heading:
        return result("unchanged", True)
    elsewhere = [s for s in text.sections.values() if s is not theirs and (wanted in s.text or s.text == ours.text)]
    if not stands_here and elsewhere:
        return result("renumbered", wanted in elsewhere[0].text, elsewhere[0].number)
    if theirs is not None and _similar(ours, theirs):
        return result("changed", stands_here, None, word_diff(f"{ours.heading}. {ours.text}", f"{theirs.heading}. {theirs.text}"))
    return result("gone", False)


def _similar(ours: Section, theirs: Section) -> bool:
    """Whether a section under the same number is still the same provision, amended; a section
    whose words are mostly new (a repealed number reused) counts as gone."""
    if theirs.heading == ours.heading:
        return True
    return difflib.SequenceMatcher(None, ours.text.split(), theirs.text.split(), autojunk=False).ratio() >= 0.5


def word_diff(old: str, new: str, limit: int = DIFF_CHARS) -> str:
    """A short word diff, ``[-removed-]{+added+}`` with three words of context, cut at ``limit``."""
    a, b = old.split(), new.split()
    parts: list[str] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        context = " ".join(a[max(0, i1 - 3) : i1])
        change = ""
        if i2 > i1:
            change += "[-" + " ".join(a[i1:i2]) + "-]"
        if j2 > j1:
            change += "{+" + " ".join(b[j1:j2]) + "+}"
        parts.append(f"…{context} {change}".replace("… ", "…"))
    out = " ".join(parts) or "(only the layout changed)"
    return out if len(out) <= limit else out[: limit - 1] + "…"
