# ruff: noqa: E501  (a table of texts: one entry per line reads best)
"""The messages about a case file in the user's language (bokmål, nynorsk; English as written).

hjemmel writes its problem messages in English, where they are made (``hjemmel.errors.Problem``).
What a caseworker reads is put into bokmål or nynorsk here, by message kind: each entry is a
pattern of the English message with named parts and its text in nb and nn, and the parts that
are themselves phrases (what was expected, what was found) are translated by the phrase table.
A message without an entry is shown as written (English); ``tests/test_messages.py`` checks that
the common classes of case errors have one and that every entry has both languages.
"""

from __future__ import annotations

import re
from functools import cache

# (English pattern, {"nb": template, "nn": template}); the templates use the pattern's groups.
MESSAGES: tuple[tuple[str, dict[str, str]], ...] = (
    (
        r"unknown field '(?P<field>[^']*)'; allowed here: (?P<allowed>.*)",
        {"nb": "ukjent felt «{field}»; tillatt her: {allowed}", "nn": "ukjent felt «{field}»; tillate her: {allowed}"},
    ),
    (r"missing: expected (?P<expected>.*)", {"nb": "mangler: forventet {expected}", "nn": "manglar: venta {expected}"}),
    (r"expected (?P<expected>.*), got (?P<found>.*)", {"nb": "forventet {expected}, fikk {found}", "nn": "venta {expected}, fekk {found}"}),
    (r"did you mean '(?P<name>[^']*)'\?", {"nb": "mente du «{name}»?", "nn": "meinte du «{name}»?"}),
    (
        r"born (?P<born>\S+), after the assessment date (?P<day>\S+)",
        {"nb": "født {born}, etter vurderingsdatoen {day}", "nn": "fødd {born}, etter vurderingsdatoen {day}"},
    ),
    (
        r"age (?P<age>\d+) contradicts birth_date (?P<born>\S+) \(the person is (?P<real>\d+) on (?P<day>\S+)\)",
        {
            "nb": "alder {age} stemmer ikke med fødselsdatoen {born} (personen er {real} år {day})",
            "nn": "alder {age} stemmer ikkje med fødselsdatoen {born} (personen er {real} år {day})",
        },
    ),
    (
        r"release date (?P<release>\S+) is before the assessment date (?P<day>\S+), but status is '(?P<status>[^']*)' \(use status 'released' or correct the date\)",
        {
            "nb": "løslatelsesdatoen {release} er før vurderingsdatoen {day}, men status er «{status}» (bruk status «released» eller rett datoen)",
            "nn": "lauslatingsdatoen {release} er før vurderingsdatoen {day}, men status er «{status}» (bruk status «released» eller rett datoen)",
        },
    ),
    (
        r"status is 'released' but the release date (?P<release>\S+) is after the assessment date (?P<day>\S+)",
        {
            "nb": "status er «released», men løslatelsesdatoen {release} er etter vurderingsdatoen {day}",
            "nn": "status er «released», men lauslatingsdatoen {release} er etter vurderingsdatoen {day}",
        },
    ),
    (
        r"the national id (?P<id>\S+) gives the birth date (?P<encoded>\S+), but birth_date is (?P<born>\S+)",
        {
            "nb": "fødselsnummeret {id} gir fødselsdatoen {encoded}, men birth_date er {born}",
            "nn": "fødselsnummeret {id} gir fødselsdatoen {encoded}, men birth_date er {born}",
        },
    ),
    (
        r"the national id (?P<id>\S+) gives the age (?P<real>\d+) on (?P<day>\S+), but age is (?P<age>\d+)",
        {
            "nb": "fødselsnummeret {id} gir alderen {real} år {day}, men age er {age}",
            "nn": "fødselsnummeret {id} gir alderen {real} år {day}, men age er {age}",
        },
    ),
    (
        r"the national id (?P<id>\S+) has wrong check digits",
        {"nb": "fødselsnummeret {id} har feil kontrollsifre", "nn": "fødselsnummeret {id} har feil kontrollsiffer"},
    ),
    (
        r"a national id has 11 digits, got (?P<n>\d+) characters (?P<shown>.*)",
        {"nb": "et fødselsnummer har 11 sifre, fikk {n} tegn {shown}", "nn": "eit fødselsnummer har 11 siffer, fekk {n} teikn {shown}"},
    ),
    (
        r"'(?P<value>[^']*)' is not a Norwegian kommunenummer: no county has the code '(?P<code>[^']*)'",
        {
            "nb": "«{value}» er ikke et norsk kommunenummer: ingen fylker har koden «{code}»",
            "nn": "«{value}» er ikkje eit norsk kommunenummer: ingen fylke har koden «{code}»",
        },
    ),
    (r"invalid YAML: (?P<what>.*)", {"nb": "ugyldig YAML: {what}", "nn": "ugyldig YAML: {what}"}),
    (r"invalid JSON: (?P<what>.*)", {"nb": "ugyldig JSON: {what}", "nn": "ugyldig JSON: {what}"}),
    (
        r"the file is empty: expected a case \(a mapping with an 'id'\)",
        {"nb": "filen er tom: forventet en sak (en tabell med «id»)", "nn": "fila er tom: venta ei sak (ein tabell med «id»)"},
    ),
    (r"expected one document, found several \('---'\)", {"nb": "forventet ett dokument, fant flere («---»)", "nn": "venta eitt dokument, fann fleire («---»)"}),
    (r"file not found", {"nb": "filen finnes ikke", "nn": "fila finst ikkje"}),
    (r"this is a folder, not a case file", {"nb": "dette er en mappe, ikke en saksfil", "nn": "dette er ei mappe, ikkje ei saksfil"}),
    (
        r"(?P<date>\S+) is after the assessment date (?P<day>\S+)",
        {"nb": "{date} er etter vurderingsdatoen {day}", "nn": "{date} er etter vurderingsdatoen {day}"},
    ),
    (
        r"a case id must not contain a national id .*",
        {
            "nb": "en saks-id kan ikke inneholde et fødselsnummer eller D-nummer: id-en står i alle utdata og rapportfilnavn",
            "nn": "ein saks-id kan ikkje innehalde eit fødselsnummer eller D-nummer: id-en står i alle utdata og rapportfilnamn",
        },
    ),
    (
        r"a part of a case id between '/' must not be '\.' or '\.\.'",
        {"nb": "en del av en saks-id mellom «/» kan ikke være «.» eller «..»", "nn": "ein del av ein saks-id mellom «/» kan ikkje vere «.» eller «..»"},
    ),
)

# Phrases inside messages (what was expected, what was found), longest first.
PHRASES: tuple[tuple[str, dict[str, str]], ...] = (
    (
        "a date (YYYY-MM-DD) without a time or time zone",
        {"nb": "en dato (ÅÅÅÅ-MM-DD) uten klokkeslett eller tidssone", "nn": "ein dato (ÅÅÅÅ-MM-DD) utan klokkeslett eller tidssone"},
    ),
    ("a date (YYYY-MM-DD)", {"nb": "en dato (ÅÅÅÅ-MM-DD)", "nn": "ein dato (ÅÅÅÅ-MM-DD)"}),
    ("a value (this field is required)", {"nb": "en verdi (feltet må fylles ut)", "nn": "ein verdi (feltet må fyllast ut)"}),
    ("true or false", {"nb": "true eller false", "nn": "true eller false"}),
    ("a whole number", {"nb": "et helt tall", "nn": "eit heilt tal"}),
    ("a mapping of fields", {"nb": "en tabell med felt", "nn": "ein tabell med felt"}),
    ("a mapping", {"nb": "en tabell", "nn": "ein tabell"}),
    ("a list", {"nb": "en liste", "nn": "ei liste"}),
    ("nothing (null)", {"nb": "ingenting (null)", "nn": "ingenting (null)"}),
    ("(a boolean)", {"nb": "(en sannhetsverdi)", "nn": "(ein sanningsverdi)"}),
    ("the number ", {"nb": "tallet ", "nn": "talet "}),
    ("one of ", {"nb": "én av ", "nn": "ein av "}),
    ("a number greater than or equal to ", {"nb": "et tall større enn eller lik ", "nn": "eit tal større enn eller lik "}),
    ("a number less than or equal to ", {"nb": "et tall mindre enn eller lik ", "nn": "eit tal mindre enn eller lik "}),
    (
        'a 4-digit kommunenummer in quotes, for example "0301"',
        {"nb": 'et firesifret kommunenummer i anførselstegn, for eksempel "0301"', "nn": 'eit firesifra kommunenummer i hermeteikn, til dømes "0301"'},
    ),
    (
        "a 4-digit kommunenummer, for example 0301",
        {"nb": "et firesifret kommunenummer, for eksempel 0301", "nn": "eit firesifra kommunenummer, til dømes 0301"},
    ),
    (
        'an ISO 3166-1 alpha-2 country code in capitals, for example "NO" or "SE"',
        {
            "nb": 'en landkode (ISO 3166-1 alfa-2) med store bokstaver, for eksempel "NO" eller "SE"',
            "nn": 'ei landkode (ISO 3166-1 alfa-2) med store bokstavar, til dømes "NO" eller "SE"',
        },
    ),
    (
        "1–64 letters, digits, '.', '_', '-' or '/' between parts (e.g. 2024/1234)",
        {
            "nb": "1–64 bokstaver, sifre, «.», «_», «-» eller «/» mellom delene (f.eks. 2024/1234)",
            "nn": "1–64 bokstavar, siffer, «.», «_», «-» eller «/» mellom delane (t.d. 2024/1234)",
        },
    ),
    ("text", {"nb": "tekst", "nn": "tekst"}),
    ("no fields", {"nb": "ingen felt", "nn": "ingen felt"}),
)


@cache
def _compiled() -> tuple[tuple[re.Pattern[str], dict[str, str]], ...]:
    return tuple((re.compile(f"^{pattern}$", re.S), texts) for pattern, texts in MESSAGES)


def phrase(text: str, lang: str) -> str:
    """A phrase (what was expected or found) in ``lang``: the known phrases replaced, the rest kept."""
    if lang not in ("nb", "nn"):
        return text
    for english, texts in PHRASES:
        if english in text:
            if english == "text" and text != "text":
                continue  # only the phrase alone, never inside a quoted value
            text = text.replace(english, texts[lang])
    return text


def translate(message: str, lang: str) -> str:
    """``message`` in ``lang`` (nb or nn) when it is of a known kind, else as written."""
    if lang not in ("nb", "nn") or not message:
        return message
    for pattern, texts in _compiled():
        found = pattern.match(message)
        if found is not None:
            parts = {name: (phrase(value, lang) if name in ("expected", "found", "allowed") else value) for name, value in found.groupdict().items()}
            return texts[lang].format(**parts)
    return message
