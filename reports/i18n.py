"""Every fixed text a user sees, in bokmål (default), nynorsk and English.

The texts live in ``texts.yaml`` beside this module, one entry per text with ``nb``, ``nn``
and ``en``; here they are turned into one table per use (``LABELS[lang][key]``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from hjemmel import cache as startup
from hjemmel.cases.facts import value_labels
from hjemmel.languages import LANGUAGES, language


def _load() -> dict[str, dict[str, dict[str, str]]]:
    raw: dict[str, dict[str, dict[str, str]]] = startup.program_yaml("hjemmel.reports", "texts.yaml")
    return {table: {lang: {key: texts[lang] for key, texts in entries.items()} for lang in LANGUAGES} for table, entries in raw.items()}


_TABLES = _load()
LABELS: dict[str, dict[str, str]] = _TABLES["labels"]
KINDS: dict[str, dict[str, str]] = _TABLES["kinds"]
DEADLINE_KINDS: dict[str, dict[str, str]] = _TABLES["deadline_kinds"]
INTERVIEW: dict[str, dict[str, str]] = _TABLES["interview"]  # the interview (hjemmel interview)
SUMMARY: dict[str, dict[str, str]] = _TABLES["summary"]  # the batch summary page
EXPLAIN: dict[str, dict[str, str]] = _TABLES["explain"]  # hjemmel explain
TIMELINE: dict[str, dict[str, str]] = _TABLES["timeline"]  # hjemmel timeline
IMPACT: dict[str, dict[str, str]] = _TABLES["impact"]  # the impact summary page
VALUES: dict[str, dict[str, str]] = {lang: value_labels(lang) for lang in LANGUAGES}


def label(lang: str, key: str) -> str:
    return LABELS[language(lang)][key]


def format_date(value: dt.date | str | None, lang: str) -> str:
    if value is None:
        return ""
    day = dt.date.fromisoformat(value) if isinstance(value, str) else value
    return day.isoformat() if lang == "en" else day.strftime("%d.%m.%Y")


_UNITS: dict[str, dict[str, Any]] = {
    "nb": {
        "day": ("dag", "dager"),
        "month": ("måned", "måneder"),
        "year": ("år", "år"),
        "and": "og",
        "today": "i dag",
        "in": "om {amount}",
        "ago": "for {amount} siden",
    },
    "nn": {
        "day": ("dag", "dagar"),
        "month": ("månad", "månader"),
        "year": ("år", "år"),
        "and": "og",
        "today": "i dag",
        "in": "om {amount}",
        "ago": "for {amount} sidan",
    },
    "en": {
        "day": ("day", "days"),
        "month": ("month", "months"),
        "year": ("year", "years"),
        "and": "and",
        "today": "today",
        "in": "in {amount}",
        "ago": "{amount} ago",
    },
}


def relative(day: dt.date, date: dt.date, lang: str) -> str:
    """How far ``date`` is from ``day`` in words: "om 12 dager", "for 3 månader sidan", "today"."""
    units = _UNITS[language(lang)]
    days = (date - day).days
    if days == 0:
        return str(units["today"])
    n = abs(days)

    def count(number: int, unit: str) -> str:
        return f"{number} {units[unit][0] if number == 1 else units[unit][1]}"

    if n < 100:
        amount = count(n, "day")
    else:
        # Whole calendar months between the two days: "om 4 år og 11 måneder", never "om 4 år"
        # for a date nearly five years away.
        early, late = sorted((day, date))
        months = (late.year - early.year) * 12 + late.month - early.month - (late.day < early.day)
        years, rest = divmod(months, 12)
        if years == 0:
            amount = count(rest, "month")
        elif rest == 0:
            amount = count(years, "year")
        else:
            amount = f"{count(years, 'year')} {units['and']} {count(rest, 'month')}"
    return str(units["in" if days > 0 else "ago"]).format(amount=amount)


def format_value(value: object, lang: str, is_date: bool = False) -> str:
    lang = language(lang)
    if isinstance(value, bool):
        return label(lang, "yes") if value else label(lang, "no")
    if is_date and isinstance(value, str):
        try:
            return format_date(value, lang)
        except ValueError:
            return value
    if isinstance(value, str):
        return VALUES[lang].get(value, value)
    return str(value)
