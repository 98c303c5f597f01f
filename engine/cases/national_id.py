"""Norwegian national ids (fødselsnummer, D-nummer): validation and masking.

Synthetic test ids (month + 40 or + 80, as issued by Skatteetaten's test register) are
accepted so that tests and examples never need a real person's number. The check itself
lives in ``hjemmel.safe_text``, which masks ids wherever they appear in an output.
"""

from __future__ import annotations

from hjemmel.safe_text import birth_day_valid, check_digits_valid, contains_national_id, mask

__all__ = ["contains_national_id", "mask", "validate_national_id"]


def validate_national_id(value: str) -> None:
    """Raise ValueError (with a masked value) unless ``value`` is a valid id."""
    if len(value) != 11 or not value.isascii() or not value.isdigit():
        raise ValueError(f"a national id has 11 digits, got {len(value)} characters ({mask(value[-20:])})")
    if not check_digits_valid(value):
        raise ValueError(f"the national id {mask(value)} has wrong check digits")
    if not birth_day_valid(value):
        raise ValueError(f"the national id {mask(value)} does not start with a valid date")
