"""The messages about reading a file, in bokmål and nynorsk: the YAML and JSON readers' reasons,
and hjemmel's own messages about a document and about a batch's inputs.

Tables for ``hjemmel.messages``. READING: as the other message tables there, an English pattern
with named parts and its nb and nn texts. The readers' reasons: a case file that does not parse is reported as
``invalid YAML: REASON`` or ``invalid JSON: REASON``, where REASON is the reader's own text in
English. Each entry here is that text exactly as the reader's source writes it, with its
placeholders (``%r``, ``%s``, ``%d``, ``%04x``, ``{0!r}``) standing for the parts that vary;
its Norwegian texts use ``{0}``, ``{1}``, … for those parts, in order.

YAML: PyYAML reads with libyaml's parser when it has it (``CSafeLoader``, the usual case), else
with its own pure-Python one: both sets of reasons are here, scanner and parser problems and the
contexts ("while parsing …"), the composer's (aliases, anchors, several documents) and the
reader's (characters YAML does not allow). JSON: Python's json module, its C scanner and its
pure-Python one. ``tests/test_messages.py`` checks that every entry still occurs in the
installed sources, so that the table cannot go stale unnoticed; a reason that is not here is
shown as the reader wrote it, marked as its English text.
"""

from __future__ import annotations

# libyaml's scanner and parser (compiled into PyYAML's yaml/_yaml extension).
LIBYAML: tuple[tuple[str, dict[str, str]], ...] = (
    (
        "did not find expected ',' or ']'",
        {"nb": "forventet «,» eller «]» (en liste i [ ] er ikke lukket)", "nn": "venta «,» eller «]» (ei liste i [ ] er ikkje lukka)"},
    ),
    (
        "did not find expected ',' or '}'",
        {"nb": "forventet «,» eller «}» (en tabell i { } er ikke lukket)", "nn": "venta «,» eller «}» (ein tabell i { } er ikkje lukka)"},
    ),
    ("did not find expected key", {"nb": "forventet en nøkkel (sjekk innrykket)", "nn": "venta ein nøkkel (sjekk innrykket)"}),
    ("did not find expected '-' indicator", {"nb": "forventet «-» (sjekk innrykket i listen)", "nn": "venta «-» (sjekk innrykket i lista)"}),
    ("did not find expected node content", {"nb": "forventet en verdi", "nn": "venta ein verdi"}),
    ("did not find expected <document start>", {"nb": "forventet dokumentstart («---»)", "nn": "venta dokumentstart («---»)"}),
    ("did not find expected <stream-start>", {"nb": "forventet start på filen", "nn": "venta start på fila"}),
    ("did not find expected '!'", {"nb": "forventet «!»", "nn": "venta «!»"}),
    ("did not find the expected '>'", {"nb": "forventet «>»", "nn": "venta «>»"}),
    ("did not find expected alphabetic or numeric character", {"nb": "forventet bokstav eller siffer", "nn": "venta bokstav eller siffer"}),
    ("did not find expected comment or line break", {"nb": "forventet kommentar eller linjeskift", "nn": "venta kommentar eller linjeskift"}),
    ("did not find expected digit or '.' character", {"nb": "forventet siffer eller «.»", "nn": "venta siffer eller «.»"}),
    ("did not find expected hexdecimal number", {"nb": "forventet et heksadesimalt tall", "nn": "venta eit heksadesimalt tal"}),
    ("did not find expected tag URI", {"nb": "forventet URI for taggen", "nn": "venta URI for taggen"}),
    ("did not find URI escaped octet", {"nb": "forventet %-kodet byte i URI-en", "nn": "venta %-koda byte i URI-en"}),
    ("did not find expected version number", {"nb": "forventet et versjonsnummer", "nn": "venta eit versjonsnummer"}),
    ("did not find expected whitespace or line break", {"nb": "forventet mellomrom eller linjeskift", "nn": "venta mellomrom eller linjeskift"}),
    ("did not find expected whitespace", {"nb": "forventet mellomrom", "nn": "venta mellomrom"}),
    ("could not find expected ':'", {"nb": "forventet «:» etter nøkkelen", "nn": "venta «:» etter nøkkelen"}),
    ("could not find expected directive name", {"nb": "forventet navn på direktivet", "nn": "venta namn på direktivet"}),
    (
        "mapping values are not allowed in this context",
        {
            "nb": "en verdi med «:» er ikke tillatt her (sett verdien i anførselstegn hvis den inneholder «: »)",
            "nn": "ein verdi med «:» er ikkje tillaten her (set verdien i hermeteikn om han inneheld «: »)",
        },
    ),
    ("mapping keys are not allowed in this context", {"nb": "en nøkkel er ikke tillatt her", "nn": "ein nøkkel er ikkje tillaten her"}),
    (
        "block sequence entries are not allowed in this context",
        {"nb": "et listepunkt («- ») er ikke tillatt her", "nn": "eit listepunkt («- ») er ikkje tillate her"},
    ),
    (
        "found character that cannot start any token",
        {
            "nb": "fant et tegn som ikke kan stå først her (sett verdien i anførselstegn, og bruk mellomrom, ikke tabulator, til innrykk)",
            "nn": "fann eit teikn som ikkje kan stå først her (set verdien i hermeteikn, og bruk mellomrom, ikkje tabulator, til innrykk)",
        },
    ),
    (
        "found a tab character that violates indentation",
        {"nb": "fant et tabulatortegn som bryter innrykket (bruk mellomrom)", "nn": "fann eit tabulatorteikn som bryt innrykket (bruk mellomrom)"},
    ),
    (
        "found a tab character where an indentation space is expected",
        {"nb": "fant et tabulatortegn der et mellomrom til innrykk var forventet", "nn": "fann eit tabulatorteikn der eit mellomrom til innrykk var venta"},
    ),
    ("found an indentation indicator equal to 0", {"nb": "fant innrykksangivelsen 0 (den må være 1–9)", "nn": "fann innrykksangivinga 0 (ho må vere 1–9)"}),
    (
        "found unexpected end of stream",
        {"nb": "filen slutter uventet (mangler et avsluttende anførselstegn?)", "nn": "fila sluttar uventa (manglar eit avsluttande hermeteikn?)"},
    ),
    (
        "found unexpected document indicator",
        {"nb": "fant en uventet dokumentgrense («---» eller «...»)", "nn": "fann ei uventa dokumentgrense («---» eller «...»)"},
    ),
    ("found unexpected ':'", {"nb": "fant et uventet «:»", "nn": "fann eit uventa «:»"}),
    ("found unknown escape character", {"nb": "fant en ukjent escape-sekvens etter «\\»", "nn": "fann ein ukjend escape-sekvens etter «\\»"}),
    ("found invalid Unicode character escape code", {"nb": "fant en ugyldig Unicode-kode etter «\\»", "nn": "fann ein ugyldig Unicode-kode etter «\\»"}),
    (
        "found unknown directive name",
        {"nb": "fant et ukjent direktiv (en linje som begynner med «%»)", "nn": "fann eit ukjent direktiv (ei linje som byrjar med «%»)"},
    ),
    (
        "found unexpected non-alphabetical character",
        {"nb": "fant et uventet tegn som ikke er en bokstav", "nn": "fann eit uventa teikn som ikkje er ein bokstav"},
    ),
    ("found extremely long version number", {"nb": "fant et altfor langt versjonsnummer", "nn": "fann eit altfor langt versjonsnummer"}),
    ("found duplicate %YAML directive", {"nb": "fant direktivet %YAML to ganger", "nn": "fann direktivet %YAML to gonger"}),
    ("found duplicate %TAG directive", {"nb": "fant direktivet %TAG to ganger", "nn": "fann direktivet %TAG to gonger"}),
    (
        "found incompatible YAML document",
        {"nb": "fant et YAML-dokument av en versjon som ikke støttes", "nn": "fann eit YAML-dokument av ein versjon som ikkje er støtta"},
    ),
    ("found undefined tag handle", {"nb": "fant en ukjent taggforkortelse", "nn": "fann ei ukjend taggforkorting"}),
    ("control characters are not allowed", {"nb": "kontrolltegn er ikke tillatt", "nn": "kontrollteikn er ikkje tillatne"}),
    # contexts (shown only when a problem has no text of its own)
    ("while parsing a block mapping", {"nb": "under lesing av en tabell", "nn": "under lesing av ein tabell"}),
    ("while parsing a block collection", {"nb": "under lesing av en tabell eller liste", "nn": "under lesing av ein tabell eller ei liste"}),
    ("while parsing a block node", {"nb": "under lesing av en verdi", "nn": "under lesing av ein verdi"}),
    ("while parsing a flow mapping", {"nb": "under lesing av en tabell i { }", "nn": "under lesing av ein tabell i { }"}),
    ("while parsing a flow sequence", {"nb": "under lesing av en liste i [ ]", "nn": "under lesing av ei liste i [ ]"}),
    ("while parsing a flow node", {"nb": "under lesing av en verdi", "nn": "under lesing av ein verdi"}),
    ("while parsing a node", {"nb": "under lesing av en verdi", "nn": "under lesing av ein verdi"}),
    ("while parsing a quoted scalar", {"nb": "under lesing av en tekst i anførselstegn", "nn": "under lesing av ein tekst i hermeteikn"}),
    ("while parsing a tag", {"nb": "under lesing av en tagg", "nn": "under lesing av ein tagg"}),
    ("while parsing a tag directive", {"nb": "under lesing av et %TAG-direktiv", "nn": "under lesing av eit %TAG-direktiv"}),
    ("while parsing a %TAG directive", {"nb": "under lesing av et %TAG-direktiv", "nn": "under lesing av eit %TAG-direktiv"}),
    ("while scanning a simple key", {"nb": "under lesing av en nøkkel", "nn": "under lesing av ein nøkkel"}),
    ("while scanning a plain scalar", {"nb": "under lesing av en verdi", "nn": "under lesing av ein verdi"}),
    ("while scanning a quoted scalar", {"nb": "under lesing av en tekst i anførselstegn", "nn": "under lesing av ein tekst i hermeteikn"}),
    ("while scanning a block scalar", {"nb": "under lesing av en tekstblokk (| eller >)", "nn": "under lesing av ein tekstblokk (| eller >)"}),
    ("while scanning an alias", {"nb": "under lesing av et alias (*)", "nn": "under lesing av eit alias (*)"}),
    ("while scanning an anchor", {"nb": "under lesing av et anker (&)", "nn": "under lesing av eit anker (&)"}),
    ("while scanning a tag directive", {"nb": "under lesing av et %TAG-direktiv", "nn": "under lesing av eit %TAG-direktiv"}),
    ("while scanning a %TAG directive", {"nb": "under lesing av et %TAG-direktiv", "nn": "under lesing av eit %TAG-direktiv"}),
    ("while scanning a %YAML directive", {"nb": "under lesing av et %YAML-direktiv", "nn": "under lesing av eit %YAML-direktiv"}),
    ("while scanning a directive", {"nb": "under lesing av et direktiv", "nn": "under lesing av eit direktiv"}),
    ("while scanning a tag", {"nb": "under lesing av en tagg", "nn": "under lesing av ein tagg"}),
    ("while scanning for the next token", {"nb": "under lesing av neste element", "nn": "under lesing av neste element"}),
)

# PyYAML's pure-Python reader, scanner, parser and composer (yaml/*.py), and the composer of its
# libyaml binding, which words its reasons as the Python composer does without the anchor's name.
PYYAML: tuple[tuple[str, dict[str, str]], ...] = (
    (
        "expected ',' or ']', but got %r",
        {"nb": "forventet «,» eller «]», fikk {0} (en liste i [ ] er ikke lukket)", "nn": "venta «,» eller «]», fekk {0} (ei liste i [ ] er ikkje lukka)"},
    ),
    (
        "expected ',' or '}', but got %r",
        {"nb": "forventet «,» eller «}», fikk {0} (en tabell i { } er ikke lukket)", "nn": "venta «,» eller «}», fekk {0} (ein tabell i { } er ikkje lukka)"},
    ),
    (
        "expected <block end>, but found %r",
        {"nb": "forventet slutten på blokken, fant {0} (sjekk innrykket)", "nn": "venta slutten på blokka, fann {0} (sjekk innrykket)"},
    ),
    ("expected '<document start>', but found %r", {"nb": "forventet dokumentstart («---»), fant {0}", "nn": "venta dokumentstart («---»), fann {0}"}),
    ("expected the node content, but found %r", {"nb": "forventet en verdi, fant {0}", "nn": "venta ein verdi, fann {0}"}),
    ("expected ' ', but found %r", {"nb": "forventet mellomrom, fant {0}", "nn": "venta mellomrom, fann {0}"}),
    ("expected '!', but found %r", {"nb": "forventet «!», fant {0}", "nn": "venta «!», fann {0}"}),
    ("expected '>', but found %r", {"nb": "forventet «>», fant {0}", "nn": "venta «>», fann {0}"}),
    (
        "expected URI escape sequence of 2 hexadecimal numbers, but found %r",
        {"nb": "forventet to heksadesimale sifre etter «%» i URI-en, fant {0}", "nn": "venta to heksadesimale siffer etter «%» i URI-en, fann {0}"},
    ),
    ("expected URI, but found %r", {"nb": "forventet en URI, fant {0}", "nn": "venta ein URI, fann {0}"}),
    (
        "expected a comment or a line break, but found %r",
        {"nb": "forventet kommentar eller linjeskift, fant {0}", "nn": "venta kommentar eller linjeskift, fann {0}"},
    ),
    ("expected a digit or ' ', but found %r", {"nb": "forventet siffer eller mellomrom, fant {0}", "nn": "venta siffer eller mellomrom, fann {0}"}),
    ("expected a digit or '.', but found %r", {"nb": "forventet siffer eller «.», fant {0}", "nn": "venta siffer eller «.», fann {0}"}),
    ("expected a digit, but found %r", {"nb": "forventet et siffer, fant {0}", "nn": "venta eit siffer, fann {0}"}),
    (
        "expected alphabetic or numeric character, but found %r",
        {"nb": "forventet bokstav eller siffer, fant {0}", "nn": "venta bokstav eller siffer, fann {0}"},
    ),
    (
        "expected chomping or indentation indicators, but found %r",
        {
            "nb": "forventet «+», «-» eller et innrykkssiffer etter | eller >, fant {0}",
            "nn": "venta «+», «-» eller eit innrykkssiffer etter | eller >, fann {0}",
        },
    ),
    (
        "expected escape sequence of %d hexadecimal numbers, but found %r",
        {"nb": "forventet {0} heksadesimale sifre etter «\\», fant {1}", "nn": "venta {0} heksadesimale siffer etter «\\», fann {1}"},
    ),
    (
        "expected indentation indicator in the range 1-9, but found 0",
        {"nb": "forventet innrykksangivelse 1–9, fant 0", "nn": "venta innrykksangiving 1–9, fann 0"},
    ),
    (
        "found character %r that cannot start any token",
        {
            "nb": "fant tegnet {0}, som ikke kan stå først her (sett verdien i anførselstegn, og bruk mellomrom, ikke tabulator, til innrykk)",
            "nn": "fann teiknet {0}, som ikkje kan stå først her (set verdien i hermeteikn, og bruk mellomrom, ikkje tabulator, til innrykk)",
        },
    ),
    ("found unknown escape character %r", {"nb": "fant en ukjent escape-sekvens etter «\\»: {0}", "nn": "fann ein ukjend escape-sekvens etter «\\»: {0}"}),
    ("found undefined tag handle %r", {"nb": "fant en ukjent taggforkortelse: {0}", "nn": "fann ei ukjend taggforkorting: {0}"}),
    ("duplicate tag handle %r", {"nb": "taggforkortelsen {0} står to ganger", "nn": "taggforkortinga {0} står to gonger"}),
    ("found duplicate YAML directive", {"nb": "fant direktivet %YAML to ganger", "nn": "fann direktivet %YAML to gonger"}),
    (
        "found incompatible YAML document (version 1.* is required)",
        {
            "nb": "fant et YAML-dokument av en versjon som ikke støttes (versjon 1.* kreves)",
            "nn": "fann eit YAML-dokument av ein versjon som ikkje er støtta (versjon 1.* krevst)",
        },
    ),
    (
        "found unexpected document separator",
        {"nb": "fant en uventet dokumentgrense («---» eller «...»)", "nn": "fann ei uventa dokumentgrense («---» eller «...»)"},
    ),
    (
        "mapping values are not allowed here",
        {
            "nb": "en verdi med «:» er ikke tillatt her (sett verdien i anførselstegn hvis den inneholder «: »)",
            "nn": "ein verdi med «:» er ikkje tillaten her (set verdien i hermeteikn om han inneheld «: »)",
        },
    ),
    ("mapping keys are not allowed here", {"nb": "en nøkkel er ikke tillatt her", "nn": "ein nøkkel er ikkje tillaten her"}),
    ("sequence entries are not allowed here", {"nb": "et listepunkt («- ») er ikke tillatt her", "nn": "eit listepunkt («- ») er ikkje tillate her"}),
    ("found undefined alias %r", {"nb": "fant et alias som ikke er definert: {0}", "nn": "fann eit alias som ikkje er definert: {0}"}),
    (
        "found undefined alias",
        {"nb": "fant et alias (*) som ikke er definert med et anker (&)", "nn": "fann eit alias (*) som ikkje er definert med eit anker (&)"},
    ),
    ("found duplicate anchor %r; first occurrence", {"nb": "ankeret {0} står to ganger; første gang", "nn": "ankeret {0} står to gonger; første gong"}),
    (
        "second occurrence",
        {"nb": "et anker (&) med samme navn står to ganger; dette er andre gang", "nn": "eit anker (&) med same namn står to gonger; dette er andre gong"},
    ),
    ("expected a single document in the stream", {"nb": "forventet ett dokument i filen", "nn": "venta eitt dokument i fila"}),
    ("but found another document", {"nb": "men fant et dokument til", "nn": "men fann eit dokument til"}),
    ("unacceptable character #x%04x: %s", {"nb": "uakseptabelt tegn #x{0}: {1}", "nn": "uakseptabelt teikn #x{0}: {1}"}),
    ("special characters are not allowed", {"nb": "spesialtegn er ikke tillatt", "nn": "spesialteikn er ikkje tillatne"}),
    # contexts (shown only when a problem has no text of its own)
    ("while scanning a double-quoted scalar", {"nb": "under lesing av en tekst i doble anførselstegn", "nn": "under lesing av ein tekst i doble hermeteikn"}),
    ("while parsing a %s node", {"nb": "under lesing av en verdi ({0})", "nn": "under lesing av ein verdi ({0})"}),
    ("while parsing a %s", {"nb": "under lesing av {0}", "nn": "under lesing av {0}"}),
    ("while scanning a %s", {"nb": "under lesing av {0}", "nn": "under lesing av {0}"}),
    ("while scanning an %s", {"nb": "under lesing av {0}", "nn": "under lesing av {0}"}),
)

# Python's json module (json/decoder.py and its C scanner, _json). The C scanner words two of
# them without the offending character; "Illegal trailing comma …" is Python 3.13's.
JSON: tuple[tuple[str, dict[str, str]], ...] = (
    ("Expecting ',' delimiter", {"nb": "forventet «,» mellom verdiene", "nn": "venta «,» mellom verdiane"}),
    ("Expecting ':' delimiter", {"nb": "forventet «:» etter nøkkelen", "nn": "venta «:» etter nøkkelen"}),
    ("Expecting value", {"nb": "forventet en verdi", "nn": "venta ein verdi"}),
    ("Expecting property name enclosed in double quotes", {"nb": "forventet en nøkkel i doble anførselstegn", "nn": "venta ein nøkkel i doble hermeteikn"}),
    (
        "Unterminated string starting at",
        {"nb": "teksten som begynner her, mangler avsluttende anførselstegn", "nn": "teksten som byrjar her, manglar avsluttande hermeteikn"},
    ),
    ("Extra data", {"nb": "mer innhold etter slutten av JSON-verdien", "nn": "meir innhald etter slutten av JSON-verdien"}),
    ("Invalid control character at", {"nb": "ugyldig kontrolltegn i en tekst", "nn": "ugyldig kontrollteikn i ein tekst"}),
    ("Invalid control character {0!r} at", {"nb": "ugyldig kontrolltegn {0} i en tekst", "nn": "ugyldig kontrollteikn {0} i ein tekst"}),
    ("Invalid \\escape", {"nb": "ugyldig escape-sekvens etter «\\»", "nn": "ugyldig escape-sekvens etter «\\»"}),
    ("Invalid \\escape: {0!r}", {"nb": "ugyldig escape-sekvens etter «\\»: {0}", "nn": "ugyldig escape-sekvens etter «\\»: {0}"}),
    ("Invalid \\uXXXX escape", {"nb": "ugyldig \\uXXXX-sekvens", "nn": "ugyldig \\uXXXX-sekvens"}),
    (
        "Illegal trailing comma before end of object",
        {"nb": "komma etter siste verdi i et objekt er ikke tillatt", "nn": "komma etter siste verdi i eit objekt er ikkje tillate"},
    ),
    (
        "Illegal trailing comma before end of array",
        {"nb": "komma etter siste verdi i en liste er ikke tillatt", "nn": "komma etter siste verdi i ei liste er ikkje tillate"},
    ),
    (
        "Unexpected UTF-8 BOM (decode using utf-8-sig)",
        {"nb": "uventet byte-rekkefølgemerke (BOM) først i teksten", "nn": "uventa byte-rekkjefølgjemerke (BOM) først i teksten"},
    ),
)

# hjemmel's own reasons behind "invalid JSON: " (hjemmel.cases.documents).
OWN_JSON: tuple[tuple[str, dict[str, str]], ...] = (("%s is not valid JSON", {"nb": "{0} er ikke gyldig JSON", "nn": "{0} er ikkje gyldig JSON"}),)

# An unknown reason: shown as the reader wrote it, after this (``ugyldig YAML (…: REASON)``).
UNKNOWN: dict[str, dict[str, str]] = {
    "YAML": {"nb": "YAML-leserens melding på engelsk", "nn": "YAML-lesaren si melding på engelsk"},
    "JSON": {"nb": "JSON-leserens melding på engelsk", "nn": "JSON-lesaren si melding på engelsk"},
}

# hjemmel's own messages about reading: a YAML or JSON document (hjemmel.cases.documents) and a
# batch's inputs and cases (hjemmel.cases.inputs, hjemmel.cases.csvrows, hjemmel.cases.loading,
# hjemmel.batch.run). A group named ``n_…`` is a number with Python's ``,`` grouping.
READING: tuple[tuple[str, dict[str, str]], ...] = (
    (r"duplicate key '(?P<key>.*)'", {"nb": "nøkkelen «{key}» står to ganger", "nn": "nøkkelen «{key}» står to gonger"}),
    (
        r"YAML tag (?P<tag>.*) is not allowed \(case files hold plain data only\)",
        {
            "nb": "YAML-taggen {tag} er ikke tillatt (en saksfil inneholder bare enkle data)",
            "nn": "YAML-taggen {tag} er ikkje tillaten (ei saksfil inneheld berre enkle data)",
        },
    ),
    (r"a mapping key must be a plain name", {"nb": "en nøkkel i en tabell må være et enkelt navn", "nn": "ein nøkkel i ein tabell må vere eit enkelt namn"}),
    (r"YAML merge keys \('<<'\) are not supported", {"nb": "YAML-flettenøkler («<<») støttes ikke", "nn": "YAML-flettenøklar («<<») er ikkje støtta"}),
    (r"expected a plain value here", {"nb": "forventet en enkel verdi her", "nn": "venta ein enkel verdi her"}),
    (
        r"the value (?P<value>.*) is tagged (?P<tag_name>.*) but cannot be read as one",
        {"nb": "verdien {value} er merket {tag_name}, men kan ikke leses som det", "nn": "verdien {value} er merkt {tag_name}, men kan ikkje lesast som det"},
    ),
    (r"document nested deeper than (?P<n>\d+) levels", {"nb": "dokumentet er nøstet dypere enn {n} nivåer", "nn": "dokumentet er nøsta djupare enn {n} nivå"}),
    (
        r"document too large: more than (?P<n>\d+) values \(after expanding aliases\)",
        {
            "nb": "dokumentet er for stort: mer enn {n} verdier (når aliasene er utvidet)",
            "nn": "dokumentet er for stort: meir enn {n} verdiar (når aliasa er utvida)",
        },
    ),
    (
        r"document too large: more than (?P<n>\d+) values",
        {"nb": "dokumentet er for stort: mer enn {n} verdier", "nn": "dokumentet er for stort: meir enn {n} verdiar"},
    ),
    (
        r"document too large: nested deeper than (?P<n>\d+) levels",
        {"nb": "dokumentet er for stort: nøstet dypere enn {n} nivåer", "nn": "dokumentet er for stort: nøsta djupare enn {n} nivå"},
    ),
    (r"file is larger than (?P<n>\d+) bytes", {"nb": "filen er større enn {n} byte", "nn": "fila er større enn {n} byte"}),
    (
        r"duplicate case id '(?P<id>[^']*)': an earlier case in this batch has the same id",
        {
            "nb": "saks-id-en «{id}» er brukt før: en tidligere sak i denne kjøringen har samme id",
            "nn": "saks-id-en «{id}» er brukt før: ei tidlegare sak i denne køyringa har same id",
        },
    ),
    (r"line longer than (?P<n>\d+) bytes", {"nb": "linjen er lengre enn {n} byte", "nn": "linja er lengre enn {n} byte"}),
    (r"row longer than (?P<n>\d+) bytes", {"nb": "raden er lengre enn {n} byte", "nn": "rada er lengre enn {n} byte"}),
    (
        r"the header \(line (?P<line>\d+)\) is longer than (?P<n>\d+) bytes",
        {"nb": "overskriftslinjen (linje {line}) er lengre enn {n} byte", "nn": "overskriftslinja (linje {line}) er lengre enn {n} byte"},
    ),
    (
        r"the line is not UTF-8 \(save the file as UTF-8\)",
        {"nb": "linjen er ikke UTF-8 (lagre filen som UTF-8)", "nn": "linja er ikkje UTF-8 (lagre fila som UTF-8)"},
    ),
    (r"the file is not UTF-8", {"nb": "filen er ikke UTF-8", "nn": "fila er ikkje UTF-8"}),
    (
        r"the row is not UTF-8 \(byte (?P<byte>0x[0-9a-f]+) cannot be decoded\)",
        {"nb": "raden er ikke UTF-8 (byten {byte} kan ikke leses)", "nn": "rada er ikkje UTF-8 (byten {byte} kan ikkje lesast)"},
    ),
    (
        r"the file is not UTF-8 \(byte (?P<byte>0x[0-9a-f]+) cannot be decoded\); save it as UTF-8 \(it may be Latin-1/Windows-1252\)",
        {
            "nb": "filen er ikke UTF-8 (byten {byte} kan ikke leses); lagre den som UTF-8 (den kan være Latin-1/Windows-1252)",
            "nn": "fila er ikkje UTF-8 (byten {byte} kan ikkje lesast); lagre ho som UTF-8 (ho kan vere Latin-1/Windows-1252)",
        },
    ),
    (
        r"in Excel, save as 'CSV UTF-8 \(kommadelt\)' / 'CSV UTF-8 \(Comma delimited\)'",
        {"nb": "i Excel: lagre som «CSV UTF-8 (kommadelt)»", "nn": "i Excel: lagre som «CSV UTF-8 (kommadelt)»"},
    ),
    (
        r"the file starts like UTF-16 but is not valid UTF-16",
        {"nb": "filen begynner som UTF-16, men er ikke gyldig UTF-16", "nn": "fila byrjar som UTF-16, men er ikkje gyldig UTF-16"},
    ),
    (
        r"this is not a text file \(it contains NUL bytes\)",
        {"nb": "dette er ikke en tekstfil (den inneholder NUL-byte)", "nn": "dette er ikkje ei tekstfil (ho inneheld NUL-byte)"},
    ),
    (r"the file holds no cases", {"nb": "filen inneholder ingen saker", "nn": "fila inneheld ingen saker"}),
    (
        r"the file holds no cases \(only a header\)",
        {"nb": "filen inneholder ingen saker (bare en overskriftslinje)", "nn": "fila inneheld ingen saker (berre ei overskriftslinje)"},
    ),
    (
        r"the file holds no cases \(not even a header\)",
        {"nb": "filen inneholder ingen saker (ikke engang en overskriftslinje)", "nn": "fila inneheld ingen saker (ikkje ein gong ei overskriftslinje)"},
    ),
    (
        r"expected one case, the file holds (?P<n_count>[\d,]+)",
        {"nb": "forventet én sak, filen inneholder {n_count}", "nn": "venta éi sak, fila inneheld {n_count}"},
    ),
    (
        r"expected (?P<n_cells>\d+) cells as in the header, found (?P<n_found>\d+)",
        {"nb": "forventet {n_cells} celler som i overskriftslinjen, fant {n_found}", "nn": "venta {n_cells} celler som i overskriftslinja, fann {n_found}"},
    ),
    (r"the header is not valid CSV: (?P<why>.*)", {"nb": "overskriftslinjen er ikke gyldig CSV: {why}", "nn": "overskriftslinja er ikkje gyldig CSV: {why}"}),
    (r"invalid CSV: (?P<why>.*)", {"nb": "ugyldig CSV: {why}", "nn": "ugyldig CSV: {why}"}),
    (r"cannot read the file: (?P<why>.*)", {"nb": "kan ikke lese filen: {why}", "nn": "kan ikkje lese fila: {why}"}),
    (r"cannot read the folder: (?P<why>.*)", {"nb": "kan ikke lese mappen: {why}", "nn": "kan ikkje lese mappa: {why}"}),
    (r"no file matches this pattern", {"nb": "ingen filer passer med dette mønsteret", "nn": "ingen filer passar med dette mønsteret"}),
    (
        r"the folder holds no case files \(\*\.yaml, \*\.yml, \*\.json, \*\.jsonl, \*\.csv\)",
        {
            "nb": "mappen inneholder ingen saksfiler (*.yaml, *.yml, *.json, *.jsonl, *.csv)",
            "nn": "mappa inneheld ingen saksfiler (*.yaml, *.yml, *.json, *.jsonl, *.csv)",
        },
    ),
    (
        r"not read: a symbolic link that points outside the input folder",
        {"nb": "ikke lest: en symbolsk lenke som peker ut av inndatamappen", "nn": "ikkje lesen: ei symbolsk lenkje som peikar ut av inndatamappa"},
    ),
    (
        r"not followed: a symbolic link to a folder outside the input folder",
        {"nb": "ikke fulgt: en symbolsk lenke til en mappe utenfor inndatamappen", "nn": "ikkje følgd: ei symbolsk lenkje til ei mappe utanfor inndatamappa"},
    ),
)
