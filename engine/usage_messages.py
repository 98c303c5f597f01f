# ruff: noqa: E501  (a table of texts: one entry per line reads best)
"""The usage errors in bokmål and nynorsk: Click's own and those hjemmel makes itself.

A table for ``hjemmel.messages`` (which translates by these patterns): each entry is a pattern
of the English message with named parts and its text in nb and nn. Kept apart from the case
file's messages because it is long and changes with the command line, not with the case format.
"""

from __future__ import annotations

# Usage errors: Click's own messages (click 8.1–8.3, as it writes them in English) and those of
# hjemmel's options. A group named ``inner`` is itself a message and is translated in turn.
USAGE: tuple[tuple[str, dict[str, str]], ...] = (
    (r"Usage: (?P<usage>.*)", {"nb": "Bruk: {usage}", "nn": "Bruk: {usage}"}),
    (r"Try '(?P<command>[^']*)' for help\.", {"nb": "Prøv «{command}» for hjelp.", "nn": "Prøv «{command}» for hjelp."}),
    (r"Error: (?P<inner>.*)", {"nb": "Feil: {inner}", "nn": "Feil: {inner}"}),
    (
        r"No such option '(?P<name>[^']*)'\. Did you mean '(?P<other>[^']*)'\?",
        {"nb": "ukjent valg «{name}». Mente du «{other}»?", "nn": "ukjent val «{name}». Meinte du «{other}»?"},
    ),
    (
        r"No such option '(?P<name>[^']*)'\. \(Possible options: (?P<others>.*)\)",
        {"nb": "ukjent valg «{name}». (Mulige valg: {others})", "nn": "ukjent val «{name}». (Moglege val: {others})"},
    ),
    (r"No such option:? '?(?P<name>[^'.]*)'?\.?", {"nb": "ukjent valg «{name}».", "nn": "ukjent val «{name}»."}),
    (
        r"No such command '(?P<name>[^']*)'\. Did you mean '(?P<other>[^']*)'\?",
        {"nb": "ukjent kommando «{name}». Mente du «{other}»?", "nn": "ukjent kommando «{name}». Meinte du «{other}»?"},
    ),
    (r"No such command '(?P<name>[^']*)'\.", {"nb": "ukjent kommando «{name}».", "nn": "ukjent kommando «{name}»."}),
    (r"Missing command\.", {"nb": "mangler kommando.", "nn": "manglar kommando."}),
    (r"Missing argument '(?P<name>[^']*)'\.", {"nb": "mangler argumentet «{name}».", "nn": "manglar argumentet «{name}»."}),
    (r"Missing option (?P<names>'.*')\.", {"nb": "mangler valget {names}.", "nn": "manglar valet {names}."}),
    (r"Option '(?P<name>[^']*)' requires an argument\.", {"nb": "valget «{name}» trenger en verdi.", "nn": "valet «{name}» treng ein verdi."}),
    (r"Option '(?P<name>[^']*)' does not take a value\.", {"nb": "valget «{name}» tar ingen verdi.", "nn": "valet «{name}» tek ingen verdi."}),
    (r"Got unexpected extra arguments? \((?P<args>.*)\)", {"nb": "uventet ekstra argument ({args})", "nn": "uventa ekstra argument ({args})"}),
    (r"Invalid value for (?P<param>.*?): (?P<inner>.*)", {"nb": "ugyldig verdi for {param}: {inner}", "nn": "ugyldig verdi for {param}: {inner}"}),
    (r"(?P<value>.*) is not one of (?P<choices>.*)\.", {"nb": "{value} er ikke én av {choices}.", "nn": "{value} er ikkje ein av {choices}."}),
    (r"(?P<value>.*) is not in the range (?P<range>.*)\.", {"nb": "{value} er utenfor området {range}.", "nn": "{value} er utanfor området {range}."}),
    (r"(?P<value>.*) is not a valid integer\.", {"nb": "{value} er ikke et gyldig heltall.", "nn": "{value} er ikkje eit gyldig heiltal."}),
    (r"(?:File|Path) '(?P<name>[^']*)' does not exist\.", {"nb": "filen «{name}» finnes ikke.", "nn": "fila «{name}» finst ikkje."}),
    (r"Directory '(?P<name>[^']*)' does not exist\.", {"nb": "mappen «{name}» finnes ikke.", "nn": "mappa «{name}» finst ikkje."}),
    (r"(?:File|Path) '(?P<name>[^']*)' is a directory\.", {"nb": "«{name}» er en mappe, ikke en fil.", "nn": "«{name}» er ei mappe, ikkje ei fil."}),
    (r"(?:Directory|Path) '(?P<name>[^']*)' is a file\.", {"nb": "«{name}» er en fil, ikke en mappe.", "nn": "«{name}» er ei fil, ikkje ei mappe."}),
    (
        r"the summary file must end in \.html or \.csv",
        {"nb": "oppsummeringsfilen må slutte på .html eller .csv", "nn": "oppsummeringsfila må slutte på .html eller .csv"},
    ),
    (
        r"(?P<option>the run record|--\S+|[A-Z_]+) (?P<path>.*) is also an input: choose another file \(an input is never overwritten\)",
        {
            "nb": "{option} {path} er også en inndatafil: velg en annen fil (en inndatafil blir aldri overskrevet)",
            "nn": "{option} {path} er òg ei inndatafil: vel ei anna fil (ei inndatafil blir aldri skriven over)",
        },
    ),
    (
        r"(?P<option>the run record|--\S+|[A-Z_]+) (?P<path>.*) is also (?P<earlier>.*): every output of a run needs a file of its own",
        {
            "nb": "{option} {path} er også {earlier}: hver utdatafil i en kjøring trenger en egen fil",
            "nn": "{option} {path} er òg {earlier}: kvar utdatafil i ei køyring treng ei eiga fil",
        },
    ),
    (
        r"(?P<option>the run record|--\S+|[A-Z_]+) (?P<path>.*) lies inside the input folder (?P<given>.*): it would be read back as input; write it elsewhere",
        {
            "nb": "{option} {path} ligger i inndatamappen {given}: den ville blitt lest inn igjen som inndata; skriv den et annet sted",
            "nn": "{option} {path} ligg i inndatamappa {given}: ho ville blitt lesen inn att som inndata; skriv ho ein annan stad",
        },
    ),
    (
        r"(?P<option>the run record|--\S+|[A-Z_]+) (?P<path>.*) overlaps the input (?P<given>.*): reports could overwrite or be read as inputs; use a folder of its own",
        {
            "nb": "{option} {path} overlapper inndataene {given}: rapporter kunne overskrevet inndata eller blitt lest som inndata; bruk en egen mappe",
            "nn": "{option} {path} overlappar inndataa {given}: rapportar kunne skrive over inndata eller bli lesne som inndata; bruk ei eiga mappe",
        },
    ),
    (
        r"(?P<option>the run record|--\S+|[A-Z_]+) (?P<path>.*): a file name must not contain a national id; choose another name",
        {
            "nb": "{option} {path}: et filnavn kan ikke inneholde et fødselsnummer; velg et annet navn",
            "nn": "{option} {path}: eit filnamn kan ikkje innehalde eit fødselsnummer; vel eit anna namn",
        },
    ),
    (
        r"a file name must not contain a national id \(fødselsnummer, D- or H-nummer\)",
        {
            "nb": "et filnavn kan ikke inneholde et fødselsnummer, D- eller H-nummer",
            "nn": "eit filnamn kan ikkje innehalde eit fødselsnummer, D- eller H-nummer",
        },
    ),
    (
        r"(?P<option>the run record|--\S+|[A-Z_]+) (?P<path>.*) is the run record of --output: choose another file",
        {"nb": "{option} {path} er kjøringsposten til --output: velg en annen fil", "nn": "{option} {path} er køyringsposten til --output: vel ei anna fil"},
    ),
    (
        r"(?P<option>the run record|--\S+|[A-Z_]+) (?P<path>.*) is named like a run record \(\*(?P<suffix>\S+)\): choose another name",
        {
            "nb": "{option} {path} har navn som en kjøringspost (*{suffix}): velg et annet navn",
            "nn": "{option} {path} har namn som ein køyringspost (*{suffix}): vel eit anna namn",
        },
    ),
    (
        r"(?P<option>the run record|--\S+|[A-Z_]+) (?P<path>.*) is also the (?P<folder>\S+) folder",
        {"nb": "{option} {path} er også mappen til {folder}", "nn": "{option} {path} er òg mappa til {folder}"},
    ),
    (
        r"cannot resume (?P<path>.*): there is no record of the run that wrote it \((?P<record>[^)]*)\); run without --resume to start again",
        {
            "nb": "kan ikke fortsette {path}: det finnes ingen kjøringspost for kjøringen som skrev den ({record}); kjør uten --resume for å begynne på nytt",
            "nn": "kan ikkje halde fram med {path}: det finst ingen køyringspost for køyringa som skreiv ho ({record}); køyr utan --resume for å byrje på nytt",
        },
    ),
    (
        r"cannot resume (?P<path>.*): it was written by a different run \(different: (?P<differences>.*)\); run without --resume to start again",
        {
            "nb": "kan ikke fortsette {path}: den ble skrevet av en annen kjøring (forskjellig: {differences}); kjør uten --resume for å begynne på nytt",
            "nn": "kan ikkje halde fram med {path}: ho vart skriven av ei anna køyring (ulikt: {differences}); køyr utan --resume for å byrje på nytt",
        },
    ),
    (
        r"give one question: --from and --to, or --law-from and --law-to, or --reform DIR \(not several\)",
        {
            "nb": "still ett spørsmål: --from og --to, eller --law-from og --law-to, eller --reform MAPPE (ikke flere)",
            "nn": "still eitt spørsmål: --from og --to, eller --law-from og --law-to, eller --reform MAPPE (ikkje fleire)",
        },
    ),
    (
        r"give one question: --from and --to, or --law-from and --law-to, or --reform DIR",
        {
            "nb": "still ett spørsmål: --from og --to, eller --law-from og --law-to, eller --reform MAPPE",
            "nn": "still eitt spørsmål: --from og --to, eller --law-from og --law-to, eller --reform MAPPE",
        },
    ),
    (
        r"--date is for --law-from/--law-to and --reform \(with --from/--to the dates are the two days\)",
        {
            "nb": "--date hører til --law-from/--law-to og --reform (med --from/--to er datoene de to dagene)",
            "nn": "--date høyrer til --law-from/--law-to og --reform (med --from/--to er datoane dei to dagane)",
        },
    ),
    (
        r"no law (?P<law>'[^']*')\.(?P<hint>.*) Give a law id \(see rules/laws\.yaml\) or a rule-id prefix: (?P<known>.*)\.",
        {
            "nb": "ingen lov {law}.{hint} Oppgi en lov-id (se rules/laws.yaml) eller starten av en regel-id: {known}.",
            "nn": "ingen lov {law}.{hint} Oppgje ein lov-id (sjå rules/laws.yaml) eller starten av ein regel-id: {known}.",
        },
    ),
    (r" Did you mean: (?P<others>.*)\?", {"nb": " Mente du: {others}?", "nn": " Meinte du: {others}?"}),
    (r"--resume needs an --output file", {"nb": "--resume trenger en --output-fil", "nn": "--resume treng ei --output-fil"}),
    (
        r"(?P<file>.*) exists; use --force to overwrite it",
        {"nb": "{file} finnes allerede; bruk --force for å overskrive den", "nn": "{file} finst alt; bruk --force for å skrive over ho"},
    ),
    (r"--to (?P<end>\S+) is before --from (?P<start>\S+)", {"nb": "--to {end} er før --from {start}", "nn": "--to {end} er før --from {start}"}),
    (r"--from and --to go together", {"nb": "--from og --to hører sammen", "nn": "--from og --to høyrer saman"}),
    (r"--law-from and --law-to go together", {"nb": "--law-from og --law-to hører sammen", "nn": "--law-from og --law-to høyrer saman"}),
    (
        r"no rule '(?P<rule>[^']*)'; did you mean '(?P<other>[^']*)'\?",
        {"nb": "ingen regel «{rule}»; mente du «{other}»?", "nn": "ingen regel «{rule}»; meinte du «{other}»?"},
    ),
    (r"no rule '(?P<rule>[^']*)'", {"nb": "ingen regel «{rule}»", "nn": "ingen regel «{rule}»"}),
)


# What can differ between a run and the run it would resume (``hjemmel.batch.record``).
DIFFERENCES: tuple[tuple[str, dict[str, str]], ...] = (
    ("the inputs on the command line", {"nb": "inndataene på kommandolinjen", "nn": "inndataa på kommandolinja"}),
    ("the content of the input file ", {"nb": "innholdet i inndatafilen ", "nn": "innhaldet i inndatafila "}),
    ("(same size, changed bytes)", {"nb": "(samme størrelse, endret innhold)", "nn": "(same storleik, endra innhald)"}),
    ("the input files (", {"nb": "inndatafilene (", "nn": "inndatafilene ("}),
    (" files, ", {"nb": " filer, ", "nn": " filer, "}),
    (" bytes then; ", {"nb": " byte da; ", "nn": " byte då; "}),
    (" bytes now)", {"nb": " byte nå)", "nn": " byte no)"}),
    ("the rule base", {"nb": "regelbasen", "nn": "regelbasen"}),
    ("the hjemmel version", {"nb": "hjemmel-versjonen", "nn": "hjemmel-versjonen"}),
    ("the command", {"nb": "kommandoen", "nn": "kommandoen"}),
)
