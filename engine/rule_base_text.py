"""Fixed sentences the engine writes into notes, in both languages."""

from __future__ import annotations

_TEXTS = {
    "nb": {
        "date_defaulted": "Saken oppgir ingen vurderingsdato; vurdert per dagens dato {day}.",
        "uncertain": "Kilden for {rule} er ikke fullt verifisert: {note}",
        "law_change": "Regelen {rule} gjelder bare til og med {day}; vurder saken på nytt etter lovendringen.",
        "until_unknown": "Fødselsdato mangler, så siste dag for {rule} kan ikke beregnes.",
        "deadline_last_day": "Siste dag: {title}",
        "deadline_release": "Løslatelse",
        "deadline_eviction": "Utkastelse (fravikelse)",
        "deadline_discharge": "Utskrivning fra institusjon",
        "deadline_temporary": "Tre måneder i midlertidig botilbud",
        "deadline_law_change": "Lovendring: {rules}",
    },
    "en": {
        "date_defaulted": "The case gives no assessment date; assessed as of today, {day}.",
        "uncertain": "The source of {rule} is not fully verified: {note}",
        "law_change": "Rule {rule} applies only up to and including {day}; reassess the case after the change in the law.",
        "until_unknown": "The date of birth is missing, so the last day of {rule} cannot be computed.",
        "deadline_last_day": "Last day: {title}",
        "deadline_release": "Release from prison",
        "deadline_eviction": "Eviction",
        "deadline_discharge": "Discharge from the institution",
        "deadline_temporary": "Three months in temporary accommodation",
        "deadline_law_change": "Change in the law: {rules}",
    },
}


def texts(lang: str) -> dict[str, str]:
    return _TEXTS["en" if lang == "en" else "nb"]
