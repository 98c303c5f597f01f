"""The official text of an instrument, as Lovdata's open data set gives it (NLOD 2.0).

Lovdata publishes its current consolidated laws and central regulations as open data. The
copy the rule base is checked against holds one Markdown file per instrument: YAML front
matter (``ref_id``, ``last_change_in_force``, ``retrieved_at`` …), a ``# Title`` line,
optional ``## Kapittel …`` headings, and one heading per section (``## § 7. Heading`` in an
act without chapters, ``### § 2-1 a. Heading`` in one with them). A section's paragraphs
(ledd) are its blocks of text between blank lines; a list belongs to the paragraph it
follows, and the ``> Endret ved …`` amendment notes belong to no paragraph.

The rule base keeps an excerpt of each file (``rules/sources/<file>``) with the sections its
rules quote; a quote is checked against the excerpt, and ``hjemmel rules sources`` compares
the excerpts with a newer copy of the whole data set (see ``rulebase.drift``).
"""

from __future__ import annotations

import hashlib
import itertools
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from hjemmel.cases.reading import read_limited
from hjemmel.errors import CaseFileError, Problem

ATTRIBUTION = "Inneholder data under Norsk lisens for offentlige data (NLOD) tilgjengeliggjort av Lovdata"
"""The attribution NLOD 2.0 asks for, shown wherever the official text is shown."""

MAX_SOURCE_BYTES = 8 * 1024 * 1024  # the largest act in the data set is about 1.3 MB

_HEADING = re.compile(r"^(#{1,6})[ \t]+(.*?)[ \t]*$")
_SECTION = re.compile(r"^§+\s*(?P<number>\d+(?:-\d+)?(?:\s?[a-zæøå])?)\s*\.\s*(?P<heading>.*)$")
_LINK = re.compile(r"\[([^\]\[]*)\]\([^)]*\)")
_FOOTNOTE = re.compile(r"\[\^\d+\]")
_LIST_MARKER = re.compile(r"^(?:\d+\.|[a-zæøå]\)|[-*+])[ \t]+")
_SPACE = re.compile(r"\s+")

ORDINALS = {
    "første": 1,
    "annet": 2,
    "andre": 2,
    "tredje": 3,
    "fjerde": 4,
    "femte": 5,
    "sjette": 6,
    "sjuende": 7,
    "syvende": 7,
    "åttende": 8,
    "niende": 9,
    "tiende": 10,
}
"""Ordinal words of a paragraph reference ("fjerde ledd") to the paragraph's number."""


class SourceError(Exception):
    """An official-text file that cannot be read or is not in the data set's format."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.format())
        self.problem = problem


def normalize(text: str) -> str:
    """Text as a quote is compared: a link reads as its text, footnote marks and list markers
    go, and every run of whitespace is one space."""
    lines = [_LIST_MARKER.sub("", line.strip()) for line in text.splitlines()]
    joined = _FOOTNOTE.sub("", _LINK.sub(r"\1", " ".join(lines)))
    return _SPACE.sub(" ", joined).strip()


def digest(text: str) -> str:
    """The sha256 of a quote as compared (``normalize``), in UTF-8: ``sha256:<hex>``."""
    return "sha256:" + hashlib.sha256(normalize(text).encode("utf-8")).hexdigest()


def section_key(number: str) -> str:
    """A section number as compared: '2-1 a', '2-1a' and '2-1 A' are the same section."""
    return _SPACE.sub("", number).lower()


@dataclass(frozen=True)
class Section:
    """One section (§) of an instrument: its number, heading, paragraphs and Markdown."""

    number: str
    heading: str
    line: int
    paragraphs: tuple[str, ...]  # normalized
    markdown: str  # the section's lines as in the file, heading included
    chapter: str | None = None

    @property
    def text(self) -> str:
        return " ".join(self.paragraphs)

    def find(self, quote: str) -> int | None:
        """The number (1-based) of the paragraph holding ``quote``, or None."""
        wanted = normalize(quote)
        for index, paragraph in enumerate(self.paragraphs, 1):
            if wanted in paragraph:
                return index
        return None


@dataclass(frozen=True)
class OfficialText:
    """One file of the data set: front matter, title and sections."""

    file: str
    front: dict[str, object]
    title: str
    sections: dict[str, Section] = field(default_factory=dict)  # by section_key, in file order

    @property
    def ref_id(self) -> str:
        return str(self.front.get("ref_id") or "")

    @property
    def last_change_in_force(self) -> str | None:
        value = self.front.get("last_change_in_force")
        return None if value is None else str(value)

    @property
    def retrieved_at(self) -> str:
        return str(self.front.get("retrieved_at") or "")

    def section(self, number: str) -> Section | None:
        return self.sections.get(section_key(number))

    def locate(self, quote: str) -> list[Section]:
        """Every section whose text holds ``quote``."""
        wanted = normalize(quote)
        return [s for s in self.sections.values() if wanted in s.text]


def paragraph_number(reference: str) -> int | None:
    """The paragraph a reference such as 'fjerde ledd annet punktum' names, or None ('bokstav a')."""
    words = reference.lower().split()
    for word, following in itertools.pairwise(words):
        if following == "ledd" and word in ORDINALS:
            return ORDINALS[word]
    return None


def read_official(path: Path, display: str) -> OfficialText:
    """Read one file of the data set; a located ``SourceError`` when it is not in the format."""
    try:
        raw = read_limited(path, MAX_SOURCE_BYTES)
    except CaseFileError as exc:
        first = exc.problems[0] if exc.problems else Problem("cannot read the file")
        raise SourceError(Problem(first.message.replace("a case file", "a file of the data set"), file=display)) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SourceError(Problem(f"the file is not UTF-8 ({exc.reason})", file=display, line=raw.count(b"\n", 0, exc.start) + 1)) from None
    return parse_official(text, display)


def parse_official(text: str, file: str) -> OfficialText:
    """Parse the data set's Markdown: front matter, ``# Title``, chapters and sections."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if not lines or lines[0].strip() != "---":
        raise SourceError(Problem("not a file of Lovdata's data set: expected front matter starting with '---'", file=file, line=1))
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        raise SourceError(Problem("the front matter has no closing '---'", file=file, line=1)) from None
    try:
        front = yaml.safe_load("\n".join(lines[1:end]))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 2
        raise SourceError(Problem(f"the front matter is not valid YAML ({getattr(exc, 'problem', None) or 'invalid YAML'})", file=file, line=line)) from None
    if not isinstance(front, dict):
        raise SourceError(Problem("the front matter is not a mapping of keys to values", file=file, line=2))
    ref_id = front.get("ref_id")
    if not isinstance(ref_id, str) or not re.fullmatch(r"(lov|forskrift)/\d{4}-\d{2}-\d{2}(-\d+)?", ref_id):
        raise SourceError(Problem("the front matter has no valid 'ref_id' (expected e.g. 'lov/2022-12-20-121')", file=file, line=2, found=repr(ref_id)))
    for key in ("last_change_in_force", "retrieved_at"):
        if key not in front:
            raise SourceError(Problem(f"the front matter has no '{key}'", file=file, line=2))
    title = ""
    sections: dict[str, Section] = {}
    chapter: str | None = None
    current: tuple[str, str, int, list[str]] | None = None

    def close() -> None:
        if current is None:
            return
        number, heading, line, body = current
        key = section_key(number)
        if key in sections:
            raise SourceError(Problem(f"§ {number} appears twice (also at line {sections[key].line})", file=file, line=line))
        sections[key] = Section(number, heading, line, _paragraphs(body), "\n".join(body).rstrip() + "\n", chapter)

    for index in range(end + 1, len(lines)):
        line = lines[index]
        match = _HEADING.match(line)
        if match is None:
            if current is not None:
                current[3].append(line)
            continue
        level, content = len(match.group(1)), match.group(2)
        if level == 1:
            title = title or content
            continue
        close()
        current = None
        section = _SECTION.match(content)
        if section is not None:
            current = (section.group("number").strip(), section.group("heading").strip(), index + 1, [line])
        elif content.lower().startswith(("kapittel", "kap.", "del ")):
            chapter = content
    close()
    if not title:
        raise SourceError(Problem("not a file of Lovdata's data set: no '# Title' line after the front matter", file=file, line=end + 2))
    return OfficialText(file=file, front=front, title=title, sections=sections)


def _paragraphs(body: list[str]) -> tuple[str, ...]:
    """A section's paragraphs: blocks between blank lines; a list joins the paragraph before it;
    amendment notes (``>`` lines) and the heading line belong to none."""
    blocks: list[list[str]] = []
    block: list[str] = []
    for line in body[1:] + [""]:
        if not line.strip():
            if block:
                blocks.append(block)
                block = []
            continue
        if line.lstrip().startswith(">"):
            continue
        block.append(line)
    out: list[str] = []
    for item in blocks:
        text = normalize("\n".join(item))
        if _LIST_MARKER.match(item[0].strip()) and out:
            out[-1] = f"{out[-1]} {text}"
        else:
            out.append(text)
    return tuple(out)
