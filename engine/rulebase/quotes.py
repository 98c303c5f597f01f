"""The statute's words beside each rule, checked against the official text.

A law with ``official:`` in ``laws.yaml`` has an excerpt of its file in Lovdata's open data
set in ``rules/sources/<file>``. Every ``text:`` quote of its rules must be a verbatim part
of the section it names (the rule's section unless the quote says otherwise), in the
paragraph it names when that is a numbered ledd ("fjerde ledd"). The excerpt's ``ref_id``
must be the law's Lovdata id, and ``laws.yaml`` must copy its dates, so that a reader of a
report knows which consolidated text a quote was read from.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from hjemmel.cases.documents import Document, dotted
from hjemmel.errors import Problem
from hjemmel.rulebase.model import Law, Quote, Rule

if TYPE_CHECKING:
    from hjemmel.rulebase.base import RuleBase
from hjemmel.rulebase.official import OfficialText, SourceError, digest, normalize, paragraph_number, read_official

SOURCES = "sources"
"""The folder of the excerpts, inside the rule folder."""


@dataclass(frozen=True)
class QuotedText:
    """One quote of a rule with where it was read: what ``rules show``, the reports and
    ``explain`` print beside the rule."""

    section: str
    paragraph: str
    quote: str
    sha256: str | None  # of the quote as compared; None when the law has no official text
    ref_id: str | None
    last_change_in_force: str | None
    retrieved_at: str | None

    @property
    def as_of(self) -> str | None:
        """The date of the consolidated text the quote was read from (its last change in force,
        else the day the data set was read)."""
        return self.last_change_in_force or (self.retrieved_at[:10] if self.retrieved_at else None)


def lovdata_ref(lovdata: str) -> str:
    """'LOV-2022-12-20-121' → 'lov/2022-12-20-121'; 'FOR-2019-11-18-1546' → 'forskrift/2019-11-18-1546'."""
    kind, _, rest = lovdata.partition("-")
    return f"{'lov' if kind.upper() == 'LOV' else 'forskrift'}/{rest}"


def _law_problem(doc: Document, where: tuple[str | int, ...], law: Law, message: str) -> Problem:
    line, col = doc.locate(where)
    return Problem(f"{law.id}: {message}", file=doc.file, line=line, column=col, path=dotted(where))


def load_excerpts(root: Path, laws: dict[str, Law], laws_doc: Document) -> tuple[dict[str, OfficialText], list[Problem]]:
    """Read the excerpt of every law with an official text; problems are located in ``laws.yaml``."""
    texts: dict[str, OfficialText] = {}
    problems: list[Problem] = []
    for index, law in enumerate(laws.values()):
        official = law.official
        if official is None:
            continue
        where: tuple[str | int, ...] = ("laws", index, "official")
        relative = PurePosixPath(official.file)
        if ".." in relative.parts:
            problems.append(_law_problem(laws_doc, (*where, "file"), law, "the file must be a path inside the data set"))
            continue
        path = root / SOURCES / Path(*relative.parts)
        if not path.is_file():
            problems.append(_law_problem(laws_doc, (*where, "file"), law, f"the excerpt {SOURCES}/{official.file} is missing"))
            continue
        try:
            text = read_official(path, _display(root, path))
        except SourceError as exc:
            problems.append(exc.problem)
            continue
        if lovdata_ref(law.lovdata) != text.ref_id:
            message = f"the Lovdata id {law.lovdata} is not the official text's ref_id {text.ref_id!r}"
            problems.append(_law_problem(laws_doc, ("laws", index, "lovdata"), law, message))
        for key in ("ref_id", "last_change_in_force", "retrieved_at"):
            ours, theirs = getattr(official, key), getattr(text, key)
            if ours != theirs:
                problems.append(_law_problem(laws_doc, (*where, key), law, f"{key} is {ours!r} but the excerpt says {theirs!r}"))
        texts[law.id] = text
    return texts, problems


def _display(root: Path, path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return f"{root.name}/{path.relative_to(root)}"


def check_quotes(rule: Rule, doc: Document, index: int, texts: dict[str, OfficialText]) -> list[Problem]:
    """Every quote of ``rule`` is verbatim in the section (and numbered paragraph) it names."""
    text = texts.get(rule.law)
    if text is None or _earlier_wording(rule, text):
        return []
    out: list[Problem] = []
    for number, quote in enumerate(rule.text):
        where: tuple[str | int, ...] = ("rules", index, "text", number)
        line, col = doc.locate((*where, "quote"))
        section_number = quote.section or rule.section
        message, hint = _check(quote, section_number, text)
        if message:
            out.append(Problem(f"{rule.id}: {message}", file=doc.file, line=line, column=col, path=dotted(where), hint=hint))
    return out


def _earlier_wording(rule: Rule, text: OfficialText) -> bool:
    """A rule that ended before the data set was read encodes an earlier wording: the data set
    holds only the text in force today, so its quotes keep the sources they were written from."""
    until = rule.in_force.until
    if until is None or not text.retrieved_at:
        return False
    try:
        read = dt.date.fromisoformat(text.retrieved_at[:10])
    except ValueError:
        return False
    return until <= read


def _check(quote: Quote, section_number: str, text: OfficialText) -> tuple[str | None, str | None]:
    """What is wrong with one quote (message, hint), or (None, None)."""
    section = text.section(section_number)
    if section is None:
        elsewhere = text.locate(quote.quote)
        return f"§ {section_number} is not in the official excerpt {text.file}", (f"the words stand in § {elsewhere[0].number}" if elsewhere else None)
    found = section.find(quote.quote)
    if found is None:
        return f"the quote is not verbatim in § {section.number} ({text.file})", _closest(quote, section.paragraphs)
    wanted = paragraph_number(quote.paragraph)
    if wanted is not None and wanted != found:
        return f"the quote stands in paragraph {found} of § {section.number}, not in '{quote.paragraph}'", None
    return None, None


def _closest(quote: Quote, paragraphs: tuple[str, ...]) -> str | None:
    """The official words nearest to a quote that is not verbatim, to show what differs."""
    import difflib  # (only when a rule base with a wrong quote is read)

    wanted = normalize(quote.quote)
    best, score = None, 0.0
    for paragraph in paragraphs:
        matcher = difflib.SequenceMatcher(None, wanted, paragraph, autojunk=False)
        block = matcher.find_longest_match(0, len(wanted), 0, len(paragraph))
        if block.size > score:
            best, score = _window(paragraph, max(0, block.b - block.a - 40), len(wanted) + 80), block.size
    return f"the official text reads: «{best}»" if best else None


def _window(text: str, start: int, size: int) -> str:
    """``text[start:start + size]`` widened to whole words, with … where it is cut."""
    if start > 0:
        start = text.rfind(" ", 0, start) + 1
    end = start + size
    if end < len(text):
        space = text.find(" ", end)
        end = len(text) if space < 0 else space
    return ("…" if start > 0 else "") + text[start:end] + ("…" if end < len(text) else "")


def quoted(rule: Rule, texts: dict[str, OfficialText]) -> list[QuotedText]:
    """A rule's quotes with the official text they were checked against (if any)."""
    text = texts.get(rule.law)
    out = []
    for quote in rule.text:
        section = quote.section or rule.section
        if text is not None:
            found = text.section(section)
            out.append(
                QuotedText(
                    section=found.number if found else section,
                    paragraph=quote.paragraph,
                    quote=quote.quote,
                    sha256=digest(quote.quote),
                    ref_id=text.ref_id,
                    last_change_in_force=text.last_change_in_force,
                    retrieved_at=text.retrieved_at,
                )
            )
        else:
            out.append(QuotedText(section, quote.paragraph, quote.quote, None, None, None, None))
    return out


def without_quote(rules: tuple[Rule, ...], today: dt.date) -> list[Rule]:
    """Rules in force today or later (omitted and system rules too) that quote no statute wording."""
    return [rule for rule in rules if not rule.text and (rule.in_force.until is None or rule.in_force.until > today)]


def rule_document(rules: RuleBase, rule: Rule) -> dict[str, object]:
    """A rule as ``hjemmel rules show`` and the API give it: the rule file's fields (derived
    source filled in), and ``official_text`` — where each quote was checked (the official
    text's id and dates, and the quote's digest)."""
    data = rule.model_dump(mode="json", by_alias=True, exclude_none=True, exclude_defaults=True)
    out: dict[str, object] = {"id": rule.id, "law": rule.law, **data}
    official = [q for q in quoted(rule, rules.sources) if q.ref_id]
    if official:
        keys = ("section", "paragraph", "ref_id", "last_change_in_force", "retrieved_at", "sha256")
        out["official_text"] = [{key: getattr(q, key) for key in keys} for q in official]
    return out
