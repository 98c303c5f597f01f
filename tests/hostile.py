"""Hypothesis strategies for hostile case files (issue 11): whole files as an attacker writes them.

YAML-1.1 special scalars, explicit tags, integers past Python's digit limit, lone surrogates,
control characters and national ids, each in every position: a value, a key, the id, a
nested section, the file name, a JSON number; and (issue 20) a key named twice.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from hjemmel.cases.model import fact_fields
from hypothesis import strategies as st

# Synthetic national ids (no real person): a test fødselsnummer and a D-nummer.
NATIONAL_IDS = ("15850410019", "55058410062")

YAML_SPECIALS = [
    "0x_", "0b_", "0o_", "0x1F", "0b101", "0777", "1_000", "+12", "-0", "._", ".inf", "-.inf", ".nan", ".NaN",
    "1:20", "190:20:30.15", "1e3", "1.5e+3", "yes", "no", "on", "off", "y", "n", "Yes", "NO", "~", "null", "Null",
    "2024-02-30", "2024-13-01", "0000-01-01", "9999-12-31", "2024-01-01 10:00:00 +99:00", "2024-03-01T10:00:00Z",
    "2024-3-1", "<<", "=", "'quoted'", '"dq"', "[a, b]", "{a: 1}", "&anchor x", "*alias", "|", ">", "-",
]  # fmt: skip
TAGS = [
    "!!int", "!!float", "!!bool", "!!timestamp", "!!str", "!!binary", "!!null", "!!set", "!!omap", "!!seq", "!!map",
    "!!merge", "!custom", "!", "!!python/name:os.system", "!!python/object/apply:os.system", "!<tag:yaml.org,2002:int>",
]  # fmt: skip
FIELDS = sorted(fact_fields())


def huge_integers() -> st.SearchStrategy[str]:
    """Digit strings past Python's int conversion limit (4300 digits)."""
    return st.integers(4301, 6000).map(lambda n: "7" * n)


def _escaped(char: str) -> str:
    return f"\\u{ord(char):04x}" if ord(char) <= 0xFFFF else f"\\U{ord(char):08x}"


def lone_surrogates() -> st.SearchStrategy[str]:
    return st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF)


def control_characters() -> st.SearchStrategy[str]:
    return st.one_of(st.characters(categories=["Cc"]), st.sampled_from(["\u2028", "\u2029", "\u202e", "\u200f", "\x1b[2J", "\x1b]0;x\x07"]))


def national_ids() -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(NATIONAL_IDS), st.sampled_from(NATIONAL_IDS).map(lambda v: v[:6] + " " + v[6:]))


def yaml_tokens() -> st.SearchStrategy[str]:
    """One scalar as written in YAML source: plain, tagged, quoted with escapes, huge, an id."""
    plain = st.one_of(st.sampled_from(YAML_SPECIALS), huge_integers(), national_ids(), st.text(max_size=12).filter(lambda t: "\n" not in t))
    escaped = st.lists(st.one_of(lone_surrogates(), control_characters(), st.characters()), max_size=6).map(
        lambda chars: '"' + "".join(_escaped(c) if not c.isalnum() else c for c in "".join(chars)) + '"'
    )
    tagged = st.tuples(st.sampled_from(TAGS), st.one_of(st.sampled_from(YAML_SPECIALS), huge_integers(), national_ids())).map(" ".join)
    return st.one_of(plain, escaped, tagged)


def json_strings() -> st.SearchStrategy[str]:
    """A JSON string as written in JSON source: lone surrogates and controls as escapes, maybe a national id."""
    return st.lists(st.one_of(lone_surrogates(), control_characters(), st.characters(), national_ids()), max_size=6).map(
        lambda parts: '"' + "".join(_escaped(c) if len(c) == 1 and not c.isalnum() else c for c in parts) + '"'
    )


def json_values() -> st.SearchStrategy[str]:
    """One JSON value as written in JSON source: strings with escapes, huge numbers, an id as a number."""
    return st.one_of(
        json_strings(),
        huge_integers(),
        st.sampled_from(NATIONAL_IDS),  # an id as a bare JSON number
        st.sampled_from(["true", "false", "null", "1e999", "-0", "1.0", "[]", "{}", '"2024-03-01T00:00:00+01:00"', '"yes"', '"on"', "1"]),
    )


@dataclass(frozen=True)
class HostileFile:
    name: str  # file name, without folder
    content: bytes
    items: int = 1  # output lines it must give: one per case it holds
    duplicate: bool = False  # its (first) case repeats a key: it must be a located "duplicate key" error


@st.composite
def hostile_yaml(draw: st.DrawFn) -> HostileFile:
    """A YAML case with a hostile token in one position (or several)."""
    case_id = draw(st.one_of(st.just("h-1"), yaml_tokens()))
    lines = [f"id: {case_id}", "assessment_date: 2024-03-01"]
    for _ in range(draw(st.integers(1, 3))):
        position = draw(st.sampled_from(["value", "key", "section-key", "top-key"]))
        token = draw(yaml_tokens())
        section, field = draw(st.sampled_from(FIELDS)).split(".")
        if position == "value":
            lines += [f"{section}:", f"  {field}: {token}"]
        elif position == "key":
            lines += [f"{section}:", f"  {token}: true"]
        elif position == "section-key":
            lines += [f"{token}:", f"  {field}: true"]
        else:
            lines += [f"{token}: {draw(yaml_tokens())}"]
    return HostileFile(draw(file_names(".yaml")), ("\n".join(lines) + "\n").encode("utf-8", "surrogatepass"))


@st.composite
def hostile_json(draw: st.DrawFn) -> HostileFile:
    """A JSON (or JSON Lines) case with a hostile value or key in one position."""
    case_id = draw(st.one_of(st.just('"h-2"'), json_values()))
    section, field = draw(st.sampled_from(FIELDS)).split(".")
    value = draw(json_values())
    key = draw(st.one_of(st.just(json.dumps(field)), json_strings()))
    text = f'{{"id": {case_id}, "assessment_date": "2024-03-01", "{section}": {{{key}: {value}}}}}'
    suffix = draw(st.sampled_from([".json", ".jsonl"]))
    if suffix == ".jsonl":
        text = text + draw(st.sampled_from(["\n", "\r", "\r\n"])) + '{"id": "after"}'
    return HostileFile(draw(file_names(suffix)), text.encode("utf-8", "surrogatepass"), 2 if suffix == ".jsonl" else 1)


@st.composite
def hostile_csv(draw: st.DrawFn) -> HostileFile:
    fields = draw(st.lists(st.sampled_from(FIELDS), min_size=1, max_size=3))
    header = ",".join(["id", *fields])
    rows = []
    for number in range(draw(st.integers(1, 3))):
        cells = [draw(st.one_of(st.just(f"r-{number}"), national_ids()))]
        cells += [draw(st.one_of(st.sampled_from(YAML_SPECIALS), national_ids(), st.text(max_size=8))).replace("\n", " ").replace("\r", " ") for _ in fields]
        rows.append(",".join(cells))
    raw = (header + "\n" + "\n".join(rows) + "\n").encode("utf-8", "surrogatepass")
    if draw(st.booleans()):
        raw = raw.replace(b"r-0", b"r-\xff", 1)  # a bad byte in one row
    return HostileFile(draw(file_names(".csv")), raw, len(rows))


def _reads(value: str) -> bool:
    try:
        json.loads(value)
    except ValueError:
        return value.isdigit()  # an integer past Python's digit limit reads (as text)
    return True


@st.composite
def duplicate_keys(draw: st.DrawFn) -> HostileFile:
    """A JSON, JSON Lines or YAML case that names one key twice: the id, a section, or a field in a section.

    The key's second spelling may differ (a JSON escape); the values may agree or differ.
    """
    section, field = draw(st.sampled_from(FIELDS)).split(".")
    where = draw(st.sampled_from(["id", "section", "field"]))
    suffix = draw(st.sampled_from([".json", ".jsonl", ".yaml"]))
    spell = "plain" if suffix == ".yaml" else draw(st.sampled_from(["plain", "escaped"]))
    # Values that read (a duplicate is found once the document parses); YAML's own escapes would fail first.
    values = st.sampled_from(['"x"', "1", "true", "null"]) if suffix == ".yaml" else json_values().filter(_reads)
    first, second = draw(values), draw(st.one_of(values, st.just("true")))

    def key(name: str) -> str:
        return '"' + (_escaped(name[0]) + name[1:] if spell == "escaped" else name) + '"'

    if where == "id":
        members = [f'"id": {first}', '"assessment_date": "2024-03-01"', f"{key('id')}: {second}"]
    elif where == "section":
        members = ['"id": "d-1"', f'"{section}": {{"{field}": {first}}}', f"{key(section)}: {{}}"]
    else:
        members = ['"id": "d-1"', f'"{section}": {{"{field}": {first}, {key(field)}: {second}}}']
    text = "{" + ", ".join(members) + "}"
    if suffix == ".jsonl":
        return HostileFile(draw(file_names(suffix)), (text + '\n{"id": "after"}\n').encode("utf-8", "surrogatepass"), 2, duplicate=True)
    return HostileFile(draw(file_names(suffix)), text.encode("utf-8", "surrogatepass"), duplicate=True)


def file_names(suffix: str) -> st.SearchStrategy[str]:
    """A file name that may carry a national id, a control character or a lone surrogate (as Linux allows)."""
    odd = st.one_of(national_ids(), control_characters().filter(lambda c: "\x00" not in c), st.sampled_from(["\udcff", "\udc80x"]))
    return st.one_of(st.just("case"), odd.map(lambda part: f"c{part}")).map(lambda stem: stem.replace("/", "_") + suffix)


def hostile_files() -> st.SearchStrategy[HostileFile]:
    return st.one_of(hostile_yaml(), hostile_json(), hostile_csv(), duplicate_keys())
