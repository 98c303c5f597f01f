"""Fixed sentences the engine writes into notes, in both languages."""

from __future__ import annotations

import datetime as dt

_TEXTS = {
    "nb": {
        "date_defaulted": "Saken oppgir ingen vurderingsdato; vurdert per dagens dato {day}.",
        "uncertain": "Kilden for «{title}» er ikke fullt verifisert.",
        "uncertain_note": "Kilden for «{title}» er ikke fullt verifisert: {note}",
        "uncertain_note_en": "Kilden for «{title}» er ikke fullt verifisert. Kildenotat (på engelsk): {note}",
        "law_change": "«{title}» gjelder bare til og med {day}; vurder saken på nytt etter lovendringen.",
        "until_unknown": "Fødselsdato mangler, så siste dag for «{title}» kan ikke beregnes.",
        "deadline_last_day": "Siste dag: {title}",
        "deadline_starts": "Gjelder fra denne dagen: {title}",
        "deadline_release": "Løslatelse",
        "deadline_eviction": "Utkastelse (fravikelse)",
        "deadline_discharge": "Utskrivning fra institusjon",
        "deadline_temporary": "{months} måneder i midlertidig botilbud",
        "counts": "Null Én To Tre Fire Fem Seks Sju Åtte Ni Ti Elleve Tolv",
        "deadline_law_change": "Lovendring: {rules}",
    },
    "en": {
        "date_defaulted": "The case gives no assessment date; assessed as of today, {day}.",
        "uncertain": "The source of “{title}” is not fully verified.",
        "uncertain_note": "The source of “{title}” is not fully verified: {note}",
        "uncertain_note_en": "The source of “{title}” is not fully verified: {note}",
        "law_change": "“{title}” applies only up to and including {day}; reassess the case after the change in the law.",
        "until_unknown": "The date of birth is missing, so the last day of “{title}” cannot be computed.",
        "deadline_last_day": "Last day: {title}",
        "deadline_starts": "Applies from this day: {title}",
        "deadline_release": "Release from prison",
        "deadline_eviction": "Eviction",
        "deadline_discharge": "Discharge from the institution",
        "deadline_temporary": "{months} months in temporary accommodation",
        "counts": "Zero One Two Three Four Five Six Seven Eight Nine Ten Eleven Twelve",
        "deadline_law_change": "Change in the law: {rules}",
    },
}


def texts(lang: str) -> dict[str, str]:
    return _TEXTS["en" if lang == "en" else "nb"]


def format_day(day: dt.date, lang: str) -> str:
    """Dates in sentences: 31.12.2009 in bokmål, 2009-12-31 in English."""
    return day.isoformat() if lang == "en" else day.strftime("%d.%m.%Y")
