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
from collections.abc import Mapping
from functools import cache
from typing import Any

from hjemmel.languages import NORWEGIAN
from hjemmel.reading_messages import JSON, LIBYAML, OWN_JSON, PYYAML, READING, UNKNOWN
from hjemmel.usage_messages import DIFFERENCES, USAGE

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
    # the reader's reason, translated by ``hjemmel.reading_messages``: ": …" when known, " (…)" else
    (r"invalid YAML: (?P<yaml_reason>.*)", {"nb": "ugyldig YAML{yaml_reason}", "nn": "ugyldig YAML{yaml_reason}"}),
    (r"invalid JSON: (?P<json_reason>.*)", {"nb": "ugyldig JSON{json_reason}", "nn": "ugyldig JSON{json_reason}"}),
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

# The headlines of errors (``HjemmelError.message`` above its problems), as the API answers them.
HEADLINES: tuple[tuple[str, dict[str, str]], ...] = (
    (r"(?P<n_count>[\d,]+) problem\(s\) in the case", {"nb": "{n_count} feil i saken", "nn": "{n_count} feil i saka"}),
    (r"invalid request", {"nb": "ugyldig forespørsel", "nn": "ugyldig førespurnad"}),
    (r"invalid query parameter", {"nb": "ugyldig parameter i adressen", "nn": "ugyldig parameter i adressa"}),
    (r"not a case", {"nb": "ikke en sak", "nn": "ikkje ei sak"}),
    (r"duplicate case id", {"nb": "saks-id-en er brukt før", "nn": "saks-id-en er brukt før"}),
    (r"not UTF-8", {"nb": "ikke UTF-8", "nn": "ikkje UTF-8"}),
    (r"unreadable UTF-16", {"nb": "uleselig UTF-16", "nn": "uleseleg UTF-16"}),
    (r"too large", {"nb": "for stor", "nn": "for stor"}),
    (r"unreadable", {"nb": "kan ikke leses", "nn": "kan ikkje lesast"}),
    (r"binary file", {"nb": "en binærfil, ikke tekst", "nn": "ei binærfil, ikkje tekst"}),
    (r"dates out of range", {"nb": "datoer utenfor det som kan regnes med", "nn": "datoar utanfor det som kan reknast med"}),
    (r"not found", {"nb": "finnes ikke", "nn": "finst ikkje"}),
    (r"method not allowed", {"nb": "metoden er ikke tillatt", "nn": "metoden er ikkje tillaten"}),
    (r"internal error", {"nb": "intern feil", "nn": "intern feil"}),
    (
        r"the API takes a case as JSON: send it with content-type: application/json",
        {
            "nb": "API-et tar imot en sak som JSON: send den med content-type: application/json",
            "nn": "API-et tek imot ei sak som JSON: send ho med content-type: application/json",
        },
    ),
    (
        r"the request body is larger than the limit of (?P<limit>\d+) bytes",
        {"nb": "innholdet i forespørselen er større enn grensen på {limit} byte", "nn": "innhaldet i førespurnaden er større enn grensa på {limit} byte"},
    ),
)

# The lines a run writes on the terminal (batch, impact, verify), as the commands write them in
# English; a group named ``n_…`` is a number written with Python's ``,`` grouping
# ("2,001", "12.5") and is put into the Norwegian format ("2 001", "12,5").
RUN_LINES: tuple[tuple[str, dict[str, str]], ...] = (
    (
        r"(?P<n_lines>[\d,]+) cases: (?P<n_done>[\d,]+) assessed, (?P<n_failed>[\d,]+) failed",
        {"nb": "{n_lines} saker: {n_done} vurdert, {n_failed} feilet", "nn": "{n_lines} saker: {n_done} vurderte, {n_failed} feila"},
    ),
    (
        r"(?P<n_lines>[\d,]+) cases: (?P<n_done>[\d,]+) compared, (?P<n_failed>[\d,]+) failed",
        {"nb": "{n_lines} saker: {n_done} sammenlignet, {n_failed} feilet", "nn": "{n_lines} saker: {n_done} samanlikna, {n_failed} feila"},
    ),
    (
        r" \(resumed after (?P<n_skipped>[\d,]+) cases already in (?P<output>.*)\)",
        {"nb": " (fortsatt etter {n_skipped} saker som alt står i {output})", "nn": " (halde fram etter {n_skipped} saker som alt står i {output})"},
    ),
    (
        r"; (?P<n_seconds>[\d,.]+) s, (?P<n_rate>[\d,]+) cases/s, (?P<n_workers>[\d,]+) worker\(s\)",
        {"nb": "; {n_seconds} s, {n_rate} saker/s, {n_workers} arbeidsprosess(er)", "nn": "; {n_seconds} s, {n_rate} saker/s, {n_workers} arbeidsprosess(ar)"},
    ),
    (r"  (?P<n_count>[\d,]+) × (?P<kind>\S+) error", {"nb": "  {n_count} × feil av typen {kind}", "nn": "  {n_count} × feil av typen {kind}"}),
    (r"  findings per actor: (?P<top>.*)", {"nb": "  funn per aktør: {top}", "nn": "  funn per aktør: {top}"}),
    (r"  summary: (?P<path>.*)", {"nb": "  oppsummering: {path}", "nn": "  oppsummering: {path}"}),
    (
        r"  (?P<n_changed>[\d,]+) cases changed: (?P<n_gained>[\d,]+) findings gained, (?P<n_lost>[\d,]+) lost \((?P<n_once>[\d,]+) cases evaluated once: same outcome proved\)",
        {
            "nb": "  {n_changed} saker endret: {n_gained} funn lagt til, {n_lost} falt bort ({n_once} saker vurdert én gang: samme utfall påvist)",
            "nn": "  {n_changed} saker endra: {n_gained} funn lagde til, {n_lost} fall bort ({n_once} saker vurderte éin gong: same utfall påvist)",
        },
    ),
    (
        r"Stopped after (?P<n_lines>[\d,]+) cases: (?P<why>.*)\. Every line in (?P<output>.*) is complete; run again with --resume \(or with --workers 1 to find the case that stops it\)\.",
        {
            "nb": "Stoppet etter {n_lines} saker: {why}. Hver linje i {output} er komplett; kjør igjen med --resume (eller med --workers 1 for å finne saken som stopper kjøringen).",
            "nn": "Stoppa etter {n_lines} saker: {why}. Kvar linje i {output} er komplett; køyr igjen med --resume (eller med --workers 1 for å finne saka som stoppar køyringa).",
        },
    ),
    (
        r"Interrupted after (?P<n_lines>[\d,]+) cases; every line in (?P<output>.*) is complete\. Run again with --resume to continue\.",
        {
            "nb": "Avbrutt etter {n_lines} saker; hver linje i {output} er komplett. Kjør igjen med --resume for å fortsette.",
            "nn": "Avbrote etter {n_lines} saker; kvar linje i {output} er komplett. Køyr igjen med --resume for å halde fram.",
        },
    ),
    (
        r"(?P<n_cases>[\d,]+) cases, (?P<n_lines>[\d,]+) lines in (?P<file>.*): (?P<n_match>[\d,]+) match, (?P<n_differ>[\d,]+) differ, (?P<n_dropped>[\d,]+) dropped, (?P<n_dup>[\d,]+) duplicated, (?P<n_extra>[\d,]+) not from the inputs",
        {
            "nb": "{n_cases} saker, {n_lines} linjer i {file}: {n_match} like, {n_differ} ulike, {n_dropped} mangler, {n_dup} doble, {n_extra} ikke fra inndataene",
            "nn": "{n_cases} saker, {n_lines} linjer i {file}: {n_match} like, {n_differ} ulike, {n_dropped} manglar, {n_dup} doble, {n_extra} ikkje frå inndataa",
        },
    ),
    (
        r"Interrupted: the lines above are those checked so far\.",
        {"nb": "Avbrutt: linjene over er de som er kontrollert så langt.", "nn": "Avbrote: linjene over er dei som er kontrollerte så langt."},
    ),
    (
        r"Stopped: (?P<why>.*); run again \(or with --workers 1\)\.",
        {"nb": "Stoppet: {why}; kjør igjen (eller med --workers 1).", "nn": "Stoppa: {why}; køyr igjen (eller med --workers 1)."},
    ),
    (
        r"(?P<bar>\[[# ]*\]) (?P<n_share> *\d+)%  ",
        {"nb": "{bar} {n_share}\u00a0%  ", "nn": "{bar} {n_share}\u00a0%  "},
    ),
    (
        r"(?P<n_lines>[\d,]+) cases  (?P<n_rate>[\d,]+)/s  (?P<n_failed>[\d,]+) failed",
        {"nb": "{n_lines} saker  {n_rate}/s  {n_failed} feilet", "nn": "{n_lines} saker  {n_rate}/s  {n_failed} feila"},
    ),
    (r"  ~(?P<left>\d+:\d\d) left", {"nb": "  ~{left} igjen", "nn": "  ~{left} att"}),
)

# The space between groups of three digits in Norwegian numbers: a no-break space (U+00A0), as
# Språkrådet and CLDR's nb/nn write "2 001", so that a number is never broken across lines.
GROUP_SPACE = "\u00a0"


def number(text: str, lang: str) -> str:
    """A number as Python writes it with ``,`` grouping ("2,001.5") in ``lang``: "2 001,5" in nb and nn."""
    if lang not in NORWEGIAN:
        return text
    return text.replace(",", "\0").replace(".", ",").replace("\0", GROUP_SPACE)


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
    return tuple((re.compile(f"^{pattern}$", re.S), texts) for pattern, texts in (*MESSAGES, *READING, *HEADLINES, *RUN_LINES, *USAGE))


# The placeholders of a reader's reason as its source writes it (hjemmel.reading_messages).
_PLACEHOLDER = re.compile(r"%r|%s|%d|%04x|\{0!r\}")
_SLOT = re.compile(r"\{(\d)\}")
# What a value tagged !!int, !!float, … is said to be (hjemmel.cases.documents' tag names).
_TAG_NAMES = {
    "nb": {
        "(a whole number)": "(et helt tall)",
        "(a number)": "(et tall)",
        "(true or false)": "(true eller false)",
        "(a date)": "(en dato)",
        "(base64 data)": "(base64-data)",
    },
    "nn": {
        "(a whole number)": "(eit heilt tal)",
        "(a number)": "(eit tal)",
        "(true or false)": "(true eller false)",
        "(a date)": "(ein dato)",
        "(base64 data)": "(base64-data)",
    },
}


@cache
def _reasons(reader: str) -> tuple[tuple[re.Pattern[str], dict[str, str]], ...]:
    table = (*LIBYAML, *PYYAML) if reader == "YAML" else (*JSON, *OWN_JSON)
    out = []
    for source, texts in table:
        parts = _PLACEHOLDER.split(source)
        out.append((re.compile("(.+?)".join(re.escape(part) for part in parts), re.S), texts))
    return tuple(out)


def reader_reason(reason: str, reader: str, lang: str) -> str | None:
    """The YAML or JSON reader's ``reason`` (as PyYAML or Python's json module words it) in
    ``lang``, or None when it is not one the table knows. A part that is itself a reason (the
    one of "unacceptable character #x…: …") is translated in turn; the other parts stay."""
    for pattern, texts in _reasons(reader):
        found = pattern.fullmatch(reason)
        if found is not None:
            values = [reader_reason(value, reader, lang) or value for value in found.groups()]
            return _fill(texts[lang], values)
    return None


def _fill(template: str, values: list[str]) -> str:
    """``template`` with ``{0}``, ``{1}``, … replaced by ``values`` (other braces kept as they are)."""
    return _SLOT.sub(lambda slot: values[int(slot.group(1))], template)


def _reason_part(reason: str, reader: str, lang: str) -> str:
    """``: REASON`` in ``lang`` after "ugyldig YAML/JSON", or `` (English …: REASON)`` for a
    reason of no known kind, so that the caseworker sees the reader's own words as they are."""
    known = reader_reason(reason, reader, lang)
    if known is None:
        own = translate(reason, lang)  # hjemmel's own ("expected one document, found several")
        known = own if own != reason else None
    return f": {known}" if known is not None else f" ({UNKNOWN[reader][lang]}: {reason})"


def phrase(text: str, lang: str) -> str:
    """A phrase (what was expected or found) in ``lang``: the known phrases replaced, the rest kept."""
    if lang not in NORWEGIAN:
        return text
    for english, texts in PHRASES:
        if english in text:
            if english == "text" and text != "text":
                continue  # only the phrase alone, never inside a quoted value
            text = text.replace(english, texts[lang])
    return text


def translate(message: str, lang: str) -> str:
    """``message`` in ``lang`` (nb or nn) when it is of a known kind, else as written."""
    if lang not in NORWEGIAN or not message:
        return message
    for pattern, texts in _compiled():
        found = pattern.match(message)
        if found is not None:
            parts = {name: _part(name, value, lang) for name, value in found.groupdict().items()}
            return texts[lang].format(**parts)
    return message


def translate_line(line: str, lang: str) -> str:
    """A problem line (``file:line:column: path: message``) with its message in ``lang``.

    The message is the longest tail after a ": " that is of a known kind; the place before it
    (file, line, field path) stays as written. A line with no known tail is returned as it is.
    """
    if lang not in NORWEGIAN:
        return line
    start = line.find(": ")
    while start >= 0:
        tail = line[start + 2 :]
        translated = translate(tail, lang)
        if translated != tail:
            return line[: start + 2] + translated
        start = line.find(": ", start + 2)
    return translate(line, lang)


def translate_lines(text: str, lang: str) -> str:
    """Problem lines (``HjemmelError.format()``: one ``file:line: path: message`` a line), each
    with its message in ``lang`` (``translate_line``), as a page shows a failure."""
    if lang not in NORWEGIAN:
        return text
    return "\n".join(translate_line(line, lang) for line in text.split("\n"))


def _part(name: str, value: str, lang: str) -> str:
    if name in ("expected", "found", "allowed"):
        return phrase(value, lang)
    if name == "differences":
        for english, texts in DIFFERENCES:
            value = value.replace(english, texts[lang])
        return value
    if name == "option" and value == "the run record":
        return {"nb": "kjøringsposten", "nn": "køyringsposten"}[lang]
    if name == "hint":
        return translate(value, lang) if value else value
    if name.startswith("n_"):
        return number(value, lang)
    if name == "inner":
        return translate(value, lang)
    if name in ("yaml_reason", "json_reason"):
        return _reason_part(value, name[:4].upper(), lang)
    if name == "tag_name":
        for english, text in _TAG_NAMES[lang].items():
            value = value.replace(english, text)
        return value
    return value


def with_texts(body: Mapping[str, Any], lang: str) -> dict[str, Any]:
    """An error's JSON (``HjemmelError.to_json``) with its human texts beside the machine-readable
    fields, which stay as they are (English): ``lang``, and ``text`` for the error and each problem."""
    problems = [{**p, "text": translate(str(p.get("message", "")), lang)} for p in body.get("problems", [])]
    return {**body, "lang": lang, "text": translate(str(body.get("message", "")), lang), "problems": problems}
