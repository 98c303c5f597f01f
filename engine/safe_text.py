"""Text that is safe to show: national ids masked, control characters escaped, long values cut.

Everything hjemmel prints or stores about an input passes through here on its way out:
error messages (``hjemmel.errors``), batch error records, the terminal and text reports.

- A national id (fødselsnummer, D-nummer or H-nummer: 11 digits with valid check digits and a
  day and month that exist) is masked wherever it stands: in a value, a field name, a file
  name, a number — only the last two digits stay. It is recognised in every common spelling:
  digits in groups separated by ``-``, ``.``, ``/``, ``_`` or any space (``130570-10260``,
  ``13.05.70 102 60``), full-width or other Unicode decimal digits, and a number that lost
  its leading zero (``1057010260`` for ``01057010260``, as a spreadsheet or a JSON number
  writes it). Groups are whole: an id is never found inside a longer run of digits.
- Control characters, escape sequences, line and paragraph separators, bidirectional
  overrides and lone surrogates are shown as ``\\x1b``, ``\\u202e`` …, so nothing from an
  input can move the cursor, recolour a terminal, hide text or break a line.
- A value echoed in a message is cut to ``VALUE_CHARS`` characters.
- A CSV cell that a spreadsheet would run as a formula (text starting with ``=``, ``+``,
  ``-``, ``@``, a tab or a carriage return, or their full-width forms) gets a leading ``'``
  (``spreadsheet_cell``), so Excel and LibreOffice show it as the text it is (a plain number
  such as ``-3`` stays a number).
"""

from __future__ import annotations

import datetime as dt
import re

VALUE_CHARS = 60

_W1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
_W2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)

# Runs of decimal digits (any script, full-width too) joined by at most three separator
# characters: the groups an id may be written in. An id is 11 (or, without its leading zero,
# 10) digits made of whole consecutive groups of one run.
_SEPARATOR = r"[\s\-.\/_\u00ad\u2010-\u2015\u2212\uff0d\uff0e\uff0f\uff3f]"
_RUN = re.compile(rf"\d+(?:{_SEPARATOR}{{1,3}}\d+)*")
_GROUP = re.compile(r"\d+")
# C0 and C1 controls (and DEL), line/paragraph separators, bidirectional controls, lone surrogates.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]")
_UNSAFE_KEEP_LINES = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]")


def _check_digit(digits: list[int], weights: tuple[int, ...]) -> int | None:
    remainder = 11 - sum(d * w for d, w in zip(digits, weights)) % 11
    if remainder == 11:
        return 0
    if remainder == 10:
        return None
    return remainder


def check_digits_valid(value: str) -> bool:
    """True when the 11 digits of ``value`` carry valid national-id check digits."""
    digits = [int(c) for c in value]
    k1 = _check_digit(digits[:9], _W1)
    return k1 is not None and k1 == digits[9] and _check_digit(digits[:10], _W2) == digits[10]


def birth_day_valid(value: str) -> bool:
    """True when the first four digits are a day and month (D-nummer +40 on the day; test ids +40/+80 on the month)."""
    day, month = int(value[0:2]), int(value[2:4])
    if day > 40:  # D-nummer
        day -= 40
    if month > 80:  # synthetic test id
        month -= 80
    elif month > 40:  # H-nummer / older synthetic ids
        month -= 40
    try:
        dt.date(2000, month, day)  # leap year: accepts 29 February
    except ValueError:
        return False
    return True


def is_national_id(value: str) -> bool:
    """True when ``value`` is 11 digits that form a valid fødselsnummer or D-nummer."""
    return len(value) == 11 and value.isascii() and value.isdigit() and check_digits_valid(value) and birth_day_valid(value)


def mask(value: str) -> str:
    """Hide everything but the last two characters (which identify nobody)."""
    if len(value) <= 2:
        return "*" * len(value)
    return "*" * (len(value) - 2) + value[-2:]


def _ascii_digits(text: str) -> str:
    return text if text.isascii() else "".join(str(int(c)) for c in text)


def _is_id_digits(digits: str) -> bool:
    """11 ASCII digits that form an id, or 10 that do with the leading zero put back."""
    if len(digits) == 11:
        return is_national_id(digits)
    return len(digits) == 10 and is_national_id("0" + digits)


def _spans(run: re.Match[str]) -> list[tuple[int, int]]:
    """The (start, end) offsets in the text of every id in one run of digit groups."""
    groups = [(g.start(), g.end(), _ascii_digits(g.group())) for g in _GROUP.finditer(run.group())]
    found: list[tuple[int, int]] = []
    first = 0
    while first < len(groups):
        digits, last, hit = "", first, None
        while last < len(groups) and len(digits) < 11:
            digits += groups[last][2]
            if _is_id_digits(digits):
                hit = last  # the longest (11 digits) wins over 10
            last += 1
        if hit is None:
            first += 1
            continue
        found.append((run.start() + groups[first][0], run.start() + groups[hit][1]))
        first = hit + 1
    return found


def _find(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for run in _RUN.finditer(text):
        if run.end() - run.start() >= 10:
            spans.extend(_spans(run))
    return spans


def contains_national_id(text: str) -> bool:
    """True when a national id (in any common spelling) stands anywhere in ``text``."""
    return bool(_find(text))


def mask_national_ids(text: str) -> str:
    """``text`` with every national id in it (in any common spelling) masked."""
    spans = _find(text)
    if not spans:
        return text
    out, at = [], 0
    for start, end in spans:
        out += [text[at:start], mask(text[start:end])]
        at = end
    out.append(text[at:])
    return "".join(out)


def _escape(match: re.Match[str]) -> str:
    char = match.group(0)
    code = ord(char)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def escape_controls(text: str, *, keep_newlines: bool = False) -> str:
    """Control characters, separators, bidirectional controls and lone surrogates escaped as ``\\x1b`` / ``\\u202e``.

    With ``keep_newlines`` a line feed and a tab stay (the layout of a multi-line report).
    """
    pattern = _UNSAFE_KEEP_LINES if keep_newlines else _UNSAFE
    if not pattern.search(text):
        return text
    return pattern.sub(_escape, text)


def shorten(text: str, limit: int = VALUE_CHARS) -> str:
    """``text`` cut to ``limit`` characters (with '...' when cut)."""
    return text if len(text) <= limit else text[: limit - 3] + "..."


def shown(text: str, *, keep_newlines: bool = False) -> str:
    """Text as it may be shown: national ids masked and control characters escaped."""
    return escape_controls(mask_national_ids(text), keep_newlines=keep_newlines)


def shown_value(value: object, limit: int = VALUE_CHARS) -> str:
    """A value from an input as a message may echo it: masked, escaped and cut."""
    return shorten(shown(str(value)), limit)


# What makes Excel, LibreOffice or Google Sheets read a cell as a formula (OWASP "CSV injection").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


_PLAIN_NUMBER = re.compile(r"[+-]?[0-9]+(?:[.,][0-9]+)?")


def spreadsheet_cell(value: object) -> object:
    """A CSV cell as a spreadsheet may open it: text that would start a formula gets a leading ``'``.

    A plain number (``-3``, ``+1.5``) stays as it is: a spreadsheet reads it as that number.
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value
