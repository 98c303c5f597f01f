"""Text that is safe to show: national ids masked, control characters escaped, long values cut.

Everything hjemmel prints or stores about an input passes through here on its way out:
error messages (``hjemmel.errors``), batch error records, the terminal and text reports.

- A national id (fødselsnummer or D-nummer: 11 digits with valid check digits and a day and
  month that exist) is masked wherever it stands: in a value, a field name, a file name, a
  number — only the last two digits stay.
- Control characters, escape sequences, line and paragraph separators, bidirectional
  overrides and lone surrogates are shown as ``\\x1b``, ``\\u202e`` …, so nothing from an
  input can move the cursor, recolour a terminal, hide text or break a line.
- A value echoed in a message is cut to ``VALUE_CHARS`` characters.
"""

from __future__ import annotations

import datetime as dt
import re

VALUE_CHARS = 60

_W1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
_W2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)

# 11 digits not inside a longer run of digits; a space may separate the date from the
# personal number (the way the id is often written: 150585 10019).
_CANDIDATE = re.compile(r"(?<![0-9])[0-9]{6} ?[0-9]{5}(?![0-9])")
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


def _mask_match(match: re.Match[str]) -> str:
    text = match.group(0)
    return mask(text) if is_national_id(text.replace(" ", "")) else text


def contains_national_id(text: str) -> bool:
    """True when a national id stands anywhere in ``text``."""
    return any(is_national_id(m.group(0).replace(" ", "")) for m in _CANDIDATE.finditer(text))


def mask_national_ids(text: str) -> str:
    """``text`` with every national id in it masked."""
    if not _CANDIDATE.search(text):
        return text
    return _CANDIDATE.sub(_mask_match, text)


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
