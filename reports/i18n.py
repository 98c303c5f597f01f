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
        "starts": "Gjelder fra",
        "discretion": "Må vurderes av saksbehandler",
        "discretion_short": "skjønn",
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
        "deadlines": "Frister og viktige datoer",
        "no_deadlines": "Opplysningene i saken gir ingen frister eller datoer å følge med på.",
        "timeline": "Tidslinje over frister og datoer",
        "timeline_desc": "Tidslinje fra vurderingsdatoen {day}: {items}.",
        "assessment_day": "Vurderingsdato",
        "date": "Dato",
        "event": "Hva skjer",
        "when": "Når",
        "question": "Spørsmål",
        "concerns": "Gjelder",
        "appeal_routes": "Klageadgang",
        "appeal_body": "Klageinstans",
        "appeal_intro": "Et enkeltvedtak etter disse reglene kan påklages til:",
        "rule_id": "regel",
        "read_law": "Les {basis} på Lovdata",
        "version": "Regelverksversjon",
        "contents": "Innhold",
        "person_facts": "Opplysningene vurderingen bygger på",
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
        "starts": "Applies from",
        "discretion": "Must be assessed by the caseworker",
        "discretion_short": "judgment",
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
        "deadlines": "Deadlines and key dates",
        "no_deadlines": "The facts of the case give no deadlines or dates to watch.",
        "timeline": "Timeline of deadlines and dates",
        "timeline_desc": "Timeline from the assessment date {day}: {items}.",
        "assessment_day": "Assessment date",
        "date": "Date",
        "event": "What happens",
        "when": "When",
        "question": "Question",
        "concerns": "Concerns",
        "appeal_routes": "Appeal routes",
        "appeal_body": "Appeal body",
        "appeal_intro": "An individual decision under these rules can be appealed to:",
        "rule_id": "rule",
        "read_law": "Read {basis} on Lovdata",
        "version": "Rule base version",
        "contents": "Contents",
        "person_facts": "The facts the assessment rests on",
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


DEADLINE_KINDS: dict[str, dict[str, str]] = {
    "nb": {
        "last_day": "Siste dag", "starts": "Gjelder fra", "release": "Løslatelse", "eviction": "Utkastelse", "discharge": "Utskrivning",
        "temporary_3_months": "Tre måneder", "law_change": "Lovendring",
    },
    "en": {
        "last_day": "Last day", "starts": "Applies from", "release": "Release", "eviction": "Eviction", "discharge": "Discharge",
        "temporary_3_months": "Three months", "law_change": "Change in the law",
    },
}  # fmt: skip


def label(lang: str, key: str) -> str:
    return LABELS["en" if lang == "en" else "nb"][key]


def format_date(value: dt.date | str | None, lang: str) -> str:
    if value is None:
        return ""
    day = dt.date.fromisoformat(value) if isinstance(value, str) else value
    return day.isoformat() if lang == "en" else day.strftime("%d.%m.%Y")


def relative(day: dt.date, date: dt.date, lang: str) -> str:
    """How far ``date`` is from ``day`` in words: "om 12 dager", "for 3 måneder siden", "i dag"."""
    en = lang == "en"
    days = (date - day).days
    if days == 0:
        return "today" if en else "i dag"
    n = abs(days)
    if n < 100:
        amount = f"{n} {'day' if n == 1 else 'days'}" if en else f"{n} {'dag' if n == 1 else 'dager'}"
    elif n < 730:
        months = round(n / 30.44)
        amount = f"{months} months" if en else f"{months} måneder"
    else:
        years = n // 365
        amount = f"{years} years" if en else f"{years} år"
    if days > 0:
        return f"in {amount}" if en else f"om {amount}"
    return f"{amount} ago" if en else f"for {amount} siden"


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


# The interview (``hjemmel interview``): every line it shows, in both languages.
INTERVIEW: dict[str, dict[str, str]] = {
    "nb": {
        "date_prompt": "Vurderingsdato (ÅÅÅÅ-MM-DD, tomt = i dag)",
        "intro": "Intervju for sak {case_id}, vurdert per {date}. Svar ja/nei, en dato (ÅÅÅÅ-MM-DD), et tall eller et valg fra listen. Tomt svar = vet ikke.",
        "question": "Spørsmål {n}",
        "could_add": "kan gi",
        "could_remove": "kan utelukke",
        "answer": "Svar",
        "dont_know": "vet ikke (spørres ikke igjen)",
        "recorded": "registrert: {value}",
        "invalid": "Ugyldig svar: {message}",
        "contradiction": "Svaret motsier andre opplysninger: {message}",
        "added": "+ {actor}: {title} ({basis})",
        "removed": "- {actor}: {title} ({basis})",
        "no_change": "(ingen endring i resultatet ennå; regler som fortsatt er mulige: {open})",
        "done": "Ingen flere spørsmål kan endre resultatet.",
        "stopped": "Intervjuet ble avbrutt; svarene så langt lagres.",
        "result": "Resultat",
        "nothing": "Ingen funn ut fra svarene.",
        "saved": "Saken er lagret i {path}",
    },
    "en": {
        "date_prompt": "Assessment date (YYYY-MM-DD, empty = today)",
        "intro": (
            "Interview for case {case_id}, assessed as of {date}. Answer yes/no, a date (YYYY-MM-DD), "
            "a number or a choice from the list. Empty answer = don't know."
        ),
        "question": "Question {n}",
        "could_add": "could add",
        "could_remove": "could rule out",
        "answer": "Answer",
        "dont_know": "don't know (will not be asked again)",
        "recorded": "recorded: {value}",
        "invalid": "Invalid answer: {message}",
        "contradiction": "The answer contradicts other facts: {message}",
        "added": "+ {actor}: {title} ({basis})",
        "removed": "- {actor}: {title} ({basis})",
        "no_change": "(no change in the result yet; rules still possible: {open})",
        "done": "No further question can change the result.",
        "stopped": "The interview was interrupted; the answers so far are saved.",
        "result": "Result",
        "nothing": "No findings on the answers given.",
        "saved": "The case is saved in {path}",
    },
}


# The batch summary page (``hjemmel.batch.summary``).
SUMMARY: dict[str, dict[str, str]] = {
    "nb": {
        "title": "Sammendrag av kjøring",
        "overview": "Oversikt",
        "cases": "Saker i alt",
        "assessed": "Vurdert",
        "failed": "Feilet",
        "all_ok": "Alle sakene ble vurdert.",
        "errors": "Hvorfor saker feilet",
        "error_type": "Feiltype",
        "first_failures": "De første sakene som feilet",
        "source": "Kilde",
        "case_id": "Sak",
        "message": "Melding",
        "chart": "De hyppigste funnene (regler)",
        "chart_desc": "Stolpediagram over hvor mange saker som fikk hvert funn: {items}.",
        "rule": "Regel",
        "actors": "Funn per aktør",
        "actor": "Aktør",
        "laws": "Funn per lov",
        "law": "Lov",
        "sections": "Funn per lov og paragraf",
        "section": "Lov og paragraf",
        "questions": "De vanligste åpne spørsmålene",
        "question": "Spørsmål",
        "count": "Antall",
        "none": "Ingen.",
        "generated": "Laget med hjemmel",
    },
    "en": {
        "title": "Batch summary",
        "overview": "Overview",
        "cases": "Cases in total",
        "assessed": "Assessed",
        "failed": "Failed",
        "all_ok": "Every case was assessed.",
        "errors": "Why cases failed",
        "error_type": "Error type",
        "first_failures": "The first cases that failed",
        "source": "Source",
        "case_id": "Case",
        "message": "Message",
        "chart": "The most frequent findings (rules)",
        "chart_desc": "Bar chart of how many cases got each finding: {items}.",
        "rule": "Rule",
        "actors": "Findings per actor",
        "actor": "Actor",
        "laws": "Findings per law",
        "law": "Law",
        "sections": "Findings per law and section",
        "section": "Law and section",
        "questions": "The most frequent open questions",
        "question": "Question",
        "count": "Count",
        "none": "None.",
        "generated": "Made with hjemmel",
    },
}
