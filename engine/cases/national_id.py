"""Norwegian national ids (fødselsnummer, D-nummer): validation and masking.

Synthetic test ids (month + 40 or + 80, as issued by Skatteetaten's test register) are
accepted so that tests and examples never need a real person's number.
"""

from __future__ import annotations

import datetime as dt

_W1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
_W2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)


def _check_digit(digits: list[int], weights: tuple[int, ...]) -> int | None:
    remainder = 11 - sum(d * w for d, w in zip(digits, weights)) % 11
    if remainder == 11:
        return 0
    if remainder == 10:
        return None
    return remainder


def validate_national_id(value: str) -> None:
    """Raise ValueError (with a masked value) unless ``value`` is a valid id."""
    if len(value) != 11 or not value.isdigit():
        raise ValueError(f"a national id has 11 digits, got {len(value)} characters ({mask(value)})")
    digits = [int(c) for c in value]
    k1 = _check_digit(digits[:9], _W1)
    k2 = _check_digit(digits[:10], _W2) if k1 is not None else None
    if k1 != digits[9] or k2 != digits[10]:
        raise ValueError(f"the national id {mask(value)} has wrong check digits")
    day, month = int(value[0:2]), int(value[2:4])
    if day > 40:  # D-nummer
        day -= 40
    if month > 80:  # synthetic test id
        month -= 80
    elif month > 40:  # H-nummer / older synthetic ids
        month -= 40
    try:
        dt.date(2000, month, day)  # leap year: accepts 29 February
    except ValueError as exc:
        raise ValueError(f"the national id {mask(value)} does not start with a valid date") from exc


def mask(value: str) -> str:
    """Hide everything but the last two characters (which identify nobody)."""
    if len(value) <= 2:
        return "*" * len(value)
    return "*" * (len(value) - 2) + value[-2:]
