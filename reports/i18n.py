"""Every fixed text a user sees in a report, in bokmål (default) and English."""

from __future__ import annotations

import datetime as dt

LABELS: dict[str, dict[str, str]] = {
    "nb": {
        "title": "Vurdering av rettslig grunnlag",
        "case": "Sak",
        "assessment_date": "Vurderingsdato",
        "ruleset": "Regelverk",
        "summary": "Hvem må eller kan handle",
        "no_findings": "Ingen regler i regelverket gir plikter, rettigheter eller ansvar ut fra opplysningene i saken.",
        "findings": "Funn",
        "legal_basis": "Hjemmel",
        "kind": "Type",
        "what": "Hva",
        "because": "Fordi",
        "until": "Gjelder til og med",
        "appeal": "Klage til",
        "responsible_municipality": "Ansvarlig kommune",
        "source": "Kilde",
        "note": "Merknad",
        "uncertain": "Usikker kilde",
        "open_questions": "Åpne spørsmål som kan endre svaret",
        "could_add": "kan gi",
        "could_remove": "kan utelukke",
        "notes": "Merknader",
        "facts": "Opplysninger i saken",
        "fact": "Opplysning",
        "value": "Verdi",
        "system_duties": "Kommunens systemplikter (gjelder uavhengig av saken)",
        "actor": "Aktør",
        "count": "Antall",
        "generated": "Laget med hjemmel",
        "yes": "ja",
        "no": "nei",
        "none": "ingen",
        "disclaimer": "Dette er en hjelp til vurdering, ikke et vedtak. Kontroller lovteksten på Lovdata.",
    },
    "en": {
        "title": "Legal basis assessment",
        "case": "Case",
        "assessment_date": "Assessment date",
        "ruleset": "Rule base",
        "summary": "Who must or may act",
        "no_findings": "No rule in the rule base gives a duty, right or responsibility on the facts of the case.",
        "findings": "Findings",
        "legal_basis": "Legal basis",
        "kind": "Kind",
        "what": "What",
        "because": "Because",
        "until": "Holds until (inclusive)",
        "appeal": "Appeal to",
        "responsible_municipality": "Responsible municipality",
        "source": "Source",
        "note": "Note",
        "uncertain": "Uncertain source",
        "open_questions": "Open questions that could change the answer",
        "could_add": "could add",
        "could_remove": "could rule out",
        "notes": "Notes",
        "facts": "Facts of the case",
        "fact": "Fact",
        "value": "Value",
        "system_duties": "The municipality's system duties (apply regardless of the case)",
        "actor": "Actor",
        "count": "Count",
        "generated": "Made with hjemmel",
        "yes": "yes",
        "no": "no",
        "none": "none",
        "disclaimer": "This supports an assessment; it is not a decision. Check the statutory text on Lovdata.",
    },
}

KINDS: dict[str, dict[str, str]] = {
    "nb": {"duty": "Plikt", "right": "Rettighet", "power": "Kan (skjønn)", "soft": "Bør", "responsibility": "Ansvar"},
    "en": {"duty": "Duty", "right": "Right", "power": "May (discretion)", "soft": "Should", "responsibility": "Responsibility"},
}

VALUES: dict[str, dict[str, str]] = {
    "nb": {
        "own_home": "egen bolig", "rental": "leier", "municipal_rental": "leier kommunal bolig",
        "with_family_or_friends": "bor hos familie eller venner", "temporary_accommodation": "midlertidig botilbud",
        "institution": "institusjon", "prison": "fengsel", "homeless": "uten bolig",
        "none": "ingen", "warning": "varsel", "petition": "begjæring om fravikelse", "scheduled": "utkastelse berammet",
        "executed": "utkastelse gjennomført", "remand": "varetekt", "serving": "soner", "released": "løslatt",
        "asylum_seeker": "asylsøker", "refugee": "flyktning", "collective_protection": "kollektiv beskyttelse",
        "resettlement_refugee": "overføringsflyktning", "family_member": "familiegjenforent",
    },
    "en": {
        "own_home": "own home", "rental": "rents", "municipal_rental": "rents a municipal dwelling",
        "with_family_or_friends": "stays with family or friends", "temporary_accommodation": "temporary accommodation",
        "institution": "institution", "prison": "prison", "homeless": "homeless",
        "none": "none", "warning": "warning", "petition": "eviction petition", "scheduled": "eviction scheduled",
        "executed": "eviction carried out", "remand": "on remand", "serving": "serving a sentence", "released": "released",
        "asylum_seeker": "asylum seeker", "refugee": "refugee", "collective_protection": "collective protection",
        "resettlement_refugee": "resettlement refugee", "family_member": "family member",
    },
}  # fmt: skip


def label(lang: str, key: str) -> str:
    return LABELS["en" if lang == "en" else "nb"][key]


def format_date(value: dt.date | str | None, lang: str) -> str:
    if value is None:
        return ""
    day = dt.date.fromisoformat(value) if isinstance(value, str) else value
    return day.isoformat() if lang == "en" else day.strftime("%d.%m.%Y")


def format_value(value: object, lang: str, is_date: bool = False) -> str:
    lang = "en" if lang == "en" else "nb"
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
