"""Fixed sentences the engine writes into notes and explanations: bokmål, nynorsk, English."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from hjemmel.cases.facts import value_labels

_TEXTS: dict[str, dict[str, Any]] = {
    "nb": {
        "reason_law_change": "lovendring",
        "reason_born": "fødselsdato",
        "reason_fact": "{fact}",
        "reason_released": "løslatelsen",
        "reason_written": "dagen saken er skrevet",
        "reason_birthday": "fyller {age} år",
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
        "yes": "ja",
        "no": "nei",
        "not": "ikke",
        "or": "eller",
        "and": "og",
        "number_ops": {"lt": "under {value}", "lte": "høyst {value}", "gt": "over {value}", "gte": "minst {value}"},
        "date_ops": {"lt": "før {value}", "lte": "til og med {value}", "gt": "etter {value}", "gte": "fra og med {value}"},
        "turned": "fylte {age} år {day}",
        "turns": "fyller {age} år {day}",
    },
    "nn": {
        "reason_law_change": "lovendring",
        "reason_born": "fødselsdato",
        "reason_fact": "{fact}",
        "reason_released": "lauslatinga",
        "reason_written": "dagen saka er skriven",
        "reason_birthday": "fyller {age} år",
        "date_defaulted": "Saka oppgir ingen vurderingsdato; vurdert per dagens dato {day}.",
        "uncertain": "Kjelda for «{title}» er ikkje fullt verifisert.",
        "uncertain_note": "Kjelda for «{title}» er ikkje fullt verifisert: {note}",
        "uncertain_note_en": "Kjelda for «{title}» er ikkje fullt verifisert. Kjeldenotat (på engelsk): {note}",
        "law_change": "«{title}» gjeld berre til og med {day}; vurder saka på nytt etter lovendringa.",
        "until_unknown": "Fødselsdatoen manglar, så siste dag for «{title}» kan ikkje reknast ut.",
        "deadline_last_day": "Siste dag: {title}",
        "deadline_starts": "Gjeld frå denne dagen: {title}",
        "deadline_release": "Lauslating",
        "deadline_eviction": "Utkasting (fråviking)",
        "deadline_discharge": "Utskriving frå institusjon",
        "deadline_temporary": "{months} månader i mellombels butilbod",
        "counts": "Null Éin To Tre Fire Fem Seks Sju Åtte Ni Ti Elleve Tolv",
        "deadline_law_change": "Lovendring: {rules}",
        "yes": "ja",
        "no": "nei",
        "not": "ikkje",
        "or": "eller",
        "and": "og",
        "number_ops": {"lt": "under {value}", "lte": "høgst {value}", "gt": "over {value}", "gte": "minst {value}"},
        "date_ops": {"lt": "før {value}", "lte": "til og med {value}", "gt": "etter {value}", "gte": "frå og med {value}"},
        "turned": "fylte {age} år {day}",
        "turns": "fyller {age} år {day}",
    },
    "en": {
        "reason_law_change": "change in the law",
        "reason_born": "date of birth",
        "reason_fact": "{fact}",
        "reason_released": "the release",
        "reason_written": "the day the case was written",
        "reason_birthday": "turns {age}",
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
        "yes": "yes",
        "no": "no",
        "not": "not",
        "or": "or",
        "and": "and",
        "number_ops": {"lt": "under {value}", "lte": "at most {value}", "gt": "over {value}", "gte": "at least {value}"},
        "date_ops": {"lt": "before {value}", "lte": "on or before {value}", "gt": "after {value}", "gte": "on or after {value}"},
        "turned": "turned {age} on {day}",
        "turns": "turns {age} on {day}",
    },
}


def texts(lang: str) -> dict[str, Any]:
    """The fixed sentences in ``lang``, with the names of enumerated values (``values``)."""
    table = _TEXTS.get(lang) or _TEXTS["nb"]
    if "values" not in table:  # filled in every language at once, so the tables keep the same keys
        for code, other in _TEXTS.items():
            other.setdefault("values", value_labels(code))
    return table


# The words of a legal citation that differ in nynorsk ("§ 3 annet ledd" → "§ 3 andre ledd").
# Citations in the rule files (source.section) are written in bokmål, as the laws are.
_CITATION_NN = (
    ("annet ledd", "andre ledd"),
    ("nummer ikke bekreftet", "nummer ikkje stadfesta"),
    ("ikke bekreftet", "ikkje stadfesta"),
    ("opphevet", "oppheva"),
    ("endret ved lov", "endra ved lov"),
    ("endret", "endra"),
    ("med virkning", "med verknad"),
    ("overgangsregler", "overgangsreglar"),
    ("bosetting", "busetjing"),
    ("rammetilskudd", "rammetilskot"),
    ("helse- og omsorgstjenesteloven", "helse- og omsorgstenestelova"),
    (" fra ", " frå "),
)


# The same words in English; the law's short name stays as its official title.
_CITATION_EN = (
    ("forsøk 2021–2024, administrativt vedtak", "trial 2021–2024, administrative decision"),
    (
        "samarbeidsavtale kriminalomsorgen–Arbeids- og velferdsetaten, oktober 2014",
        "cooperation agreement, Correctional Service–Labour and Welfare Administration, October 2014",
    ),
    ("bosetting: forvaltningspraksis", "settlement: administrative practice"),
    ("kommunal praksis for korttidsutlån", "municipal practice for short-term loans"),
    ("forskrift om Husleietvistutvalget", "the regulations on the Rent Disputes Tribunal (forskrift om Husleietvistutvalget)"),
    ("endret ved lov 2020 med virkning fra", "amended by an act of 2020 with effect from"),
    ("nummer ikke bekreftet", "number not confirmed"),
    ("ikke bekreftet", "not confirmed"),
    ("overgangsregler", "transitional provisions"),
    ("ordlyd fra", "wording from"),
    ("ordlyd med", "wording with"),
    ("ordlyd til", "wording until"),
    ("opphevet", "repealed"),
    ("endret fra", "amended from"),
    ("bokstav ", "letter "),
    ("kapittel ", "chapter "),
    ("rundskriv ", "circular "),
    (" pkt.", " point"),
    ("nr. ", "no. "),
    ("jf. ", "cf. "),
    (" fra ", " from "),
)
# Then word by word: "annet ledd første punktum" → "second paragraph first sentence".
_WORDS_EN = {
    "første": "first",
    "annet": "second",
    "andre": "second",
    "tredje": "third",
    "fjerde": "fourth",
    "femte": "fifth",
    "sjette": "sixth",
    "ledd": "paragraph",
    "punktum": "sentence",
    "år": "years",
}
_WORD_EN = re.compile(r"\b(" + "|".join(_WORDS_EN) + r")\b|(?<!-) og ")


def legal_basis(law_short: str, section: str, lang: str) -> str:
    """ "boligsosial lov § 3 annet ledd" in the report language (nynorsk citation words in nn,
    English ones in en: "§ 3 second paragraph")."""
    if lang in ("nn", "en"):
        for norwegian, other in _CITATION_NN if lang == "nn" else _CITATION_EN:
            section = section.replace(norwegian, other)
    if lang == "en":  # "og" between sections, not inside a name ("helse- og omsorgstjenesteloven")
        section = _WORD_EN.sub(lambda m: _WORDS_EN[m.group(1)] if m.group(1) else " and ", section)
    return f"{law_short} {section}"


def format_day(day: dt.date, lang: str) -> str:
    """Dates in sentences: 31.12.2009 in bokmål and nynorsk, 2009-12-31 in English."""
    return day.isoformat() if lang == "en" else day.strftime("%d.%m.%Y")
