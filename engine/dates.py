"""Date arithmetic with legal meaning: ages, birthdays, calendar months.

Conventions used everywhere in hjemmel:
- a person's age on a date counts completed years; a person born on 29 February turns a
  year older on 1 March in non-leap years (the usual Norwegian practice);
- "until" dates are inclusive last days;
- validity periods are half-open: ``from`` inclusive, ``until`` exclusive;
- a result outside the calendar Python knows (years 1–9999) raises ``OverflowError``, as
  ``date + timedelta`` does, so the caller can report the case's dates as out of range.
"""

from __future__ import annotations

import datetime as dt

EPOCH = dt.date(1970, 1, 1)


def _check_year(year: int) -> None:
    if not dt.MINYEAR <= year <= dt.MAXYEAR:
        raise OverflowError(f"year {year} is out of range")


def birthday(birth_date: dt.date, years: int) -> dt.date:
    """The date on which someone born on ``birth_date`` turns ``years`` old."""
    year = birth_date.year + years
    _check_year(year)
    try:
        return birth_date.replace(year=year)
    except ValueError:  # 29 February in a non-leap year
        return dt.date(year, 3, 1)


def age_on(birth_date: dt.date, on: dt.date) -> int:
    """Completed years on ``on``."""
    years = on.year - birth_date.year
    if birthday(birth_date, years) > on:
        years -= 1
    return years


def earliest_birth_date(age: int, on: dt.date) -> dt.date:
    """The earliest date of birth of someone who is ``age`` on ``on`` (``age_on`` convention)."""
    year = on.year - age - 1
    try:
        start = on.replace(year=year) + dt.timedelta(days=1)
    except ValueError:  # 29 February
        start = dt.date(year, 3, 1)
    one = dt.timedelta(days=1)
    while age_on(start - one, on) == age:
        start -= one
    while age_on(start, on) != age:
        start += one
    return start


def add_months(day: dt.date, months: int) -> dt.date:
    """Same day-of-month ``months`` later (clamped to the month's last day)."""
    month_index = day.month - 1 + months
    year = day.year + month_index // 12
    month = month_index % 12 + 1
    _check_year(year)
    for candidate in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover - unreachable


def whole_months_between(start: dt.date, end: dt.date) -> int:
    """Completed calendar months from ``start`` to ``end`` (negative if end < start)."""
    if end < start:
        return -whole_months_between(end, start)
    months = (end.year - start.year) * 12 + (end.month - start.month)
    if add_months(start, months) > end:
        months -= 1
    return months


def day_number(day: dt.date) -> int:
    """Days since 1970-01-01: how dates are compared inside the rule engine."""
    return (day - EPOCH).days


def from_day_number(number: int) -> dt.date:
    return EPOCH + dt.timedelta(days=number)
