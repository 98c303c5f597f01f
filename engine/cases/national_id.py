"""Norwegian national ids (fødselsnummer, D-nummer): validation and masking.

Synthetic test ids (month + 40 or + 80, as issued by Skatteetaten's test register) are
accepted so that tests and examples never need a real person's number. The check itself
lives in ``hjemmel.safe_text``, which masks ids wherever they appear in an output.
"""

from __future__ import annotations

import datetime as dt

from hjemmel.safe_text import birth_day_valid, check_digits_valid, contains_national_id, mask

__all__ = ["birth_date_of", "contains_national_id", "mask", "validate_national_id"]


def validate_national_id(value: str) -> None:
    """Raise ValueError (with a masked value) unless ``value`` is a valid id."""
    if len(value) != 11 or not value.isascii() or not value.isdigit():
        raise ValueError(f"a national id has 11 digits, got {len(value)} characters ({mask(value[-20:])})")
    if not check_digits_valid(value):
        raise ValueError(f"the national id {mask(value)} has wrong check digits")
    if not birth_day_valid(value):
        raise ValueError(f"the national id {mask(value)} does not start with a valid date")


def birth_date_of(value: str) -> dt.date | None:
    """The date of birth a valid national id encodes, or None when it cannot be told.

    Digits 1–6 are the day, month and year (a D-number adds 4 to the first digit; H-numbers
    and Skatteetaten's synthetic test ids add 40 or 80 to the month); the individual number
    (digits 7–9) gives the century: 000–499 the 1900s, 500–749 with years 54–99 the 1800s,
    500–999 with years 00–39 the 2000s, 900–999 with years 40–99 the 1900s.
    """
    if len(value) != 11 or not value.isdigit():
        return None
    day, month, year, individual = int(value[0:2]), int(value[2:4]), int(value[4:6]), int(value[6:9])
    if day > 40:
        day -= 40
    for offset in (80, 40):
        if month > offset:
            month -= offset
            break
    if individual < 500:
        century = 1900
    elif individual < 750 and year >= 54:
        century = 1800
    elif year < 40:
        century = 2000
    elif individual >= 900:
        century = 1900
    else:
        return None
    try:
        return dt.date(century + year, month, day)
    except ValueError:
        return None
