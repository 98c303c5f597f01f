"""Every catalogue of texts a user reads, listed in one place, holds every language.

docs/architecture.md ("Where texts live and why") says which catalogue holds what and why they
are apart. A module that starts a table of its own (a ``"nn":`` key outside the files listed
here) fails until it is listed, or its texts move into one of the catalogues.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from importlib import resources
from typing import Any

import pytest
import yaml
from hjemmel.languages import LANGUAGES, NORWEGIAN

from .conftest import ROOT


def _messages() -> Iterator[tuple[str, Mapping[str, object]]]:
    """hjemmel.messages: English is the pattern itself; the table holds the other languages."""
    from hjemmel import messages, reading_messages

    readers = (*reading_messages.LIBYAML, *reading_messages.PYYAML, *reading_messages.JSON, *reading_messages.OWN_JSON)
    for pattern, texts in (
        *messages.MESSAGES,
        *messages.READING,
        *readers,
        *messages.USAGE,
        *messages.HEADLINES,
        *messages.RUN_LINES,
        *messages.PHRASES,
        *messages.DIFFERENCES,
    ):
        yield pattern, {"en": pattern, **texts}


def _by_language(table: Mapping[str, Mapping[str, object]]) -> Iterator[tuple[str, Mapping[str, object]]]:
    """A table ``{lang: {key: text}}`` turned round: each key with its text in each language."""
    keys = {key for texts in table.values() for key in texts}
    assert set(table) == set(LANGUAGES)
    for key in sorted(keys):
        yield key, {lang: texts.get(key) for lang, texts in table.items()}


def _yaml_entries(node: Any, where: str = "") -> Iterator[tuple[str, Mapping[str, object]]]:
    """Every ``{nb: …, nn: …, en: …}`` entry of a YAML catalogue."""
    if isinstance(node, dict):
        if "nb" in node:
            yield where, node
            return
        for key, value in node.items():
            yield from _yaml_entries(value, f"{where}.{key}" if where else str(key))


def _serve() -> Iterator[tuple[str, Mapping[str, object]]]:
    from hjemmel.serve.texts import TEXTS

    return _by_language(TEXTS)


def _engine_sentences() -> Iterator[tuple[str, Mapping[str, object]]]:
    from hjemmel.explain.texts import _TEXTS

    return _by_language(_TEXTS)


def _interview() -> Iterator[tuple[str, Mapping[str, object]]]:
    from hjemmel.interview import ANSWER_ERRORS, MUNICIPALITY_UNKNOWN

    yield from _by_language(ANSWER_ERRORS)
    yield "municipality_unknown", MUNICIPALITY_UNKNOWN


def _projection() -> Iterator[tuple[str, Mapping[str, object]]]:
    from hjemmel.cases.projection import EVENTS, LATER

    for event in EVENTS:
        yield event.name, event.because
    for path, _, because in LATER:
        yield path, because


def _reports() -> Iterator[tuple[str, Mapping[str, object]]]:
    yield from _yaml_entries(yaml.safe_load(resources.files("hjemmel.reports").joinpath("texts.yaml").read_text("utf-8")))
    from hjemmel.reports.i18n import _UNITS

    yield from _by_language(_UNITS)


def _facts() -> Iterator[tuple[str, Mapping[str, object]]]:
    yield from _yaml_entries(yaml.safe_load(resources.files("hjemmel.cases").joinpath("facts.yaml").read_text("utf-8")))


# Each catalogue: its file(s), and its entries with their texts by language.
CATALOGUES = {
    "messages": (("engine/messages.py", "engine/reading_messages.py", "engine/usage_messages.py"), _messages),
    "web pages": (("engine/serve/texts.py",), _serve),
    "engine sentences": (("engine/explain/texts.py",), _engine_sentences),
    "interview answers": (("engine/interview.py",), _interview),
    "scheduled events": (("engine/cases/projection.py",), _projection),
    "reports": (("reports/texts.yaml", "reports/i18n.py"), _reports),
    "facts": (("engine/cases/facts.yaml",), _facts),
}
# Files that name the languages without holding texts for users: the list itself, and the
# rule model (a rule's title and summary are law data in rules/*.yaml, checked when loaded).
NOT_CATALOGUES = {"engine/languages.py", "engine/rulebase/model.py"}


@pytest.mark.parametrize("name", CATALOGUES)
def test_every_catalogue_has_every_text_in_every_language(name: str) -> None:
    _, entries = CATALOGUES[name]
    found = list(entries())
    assert len(found) >= 2, name
    missing = [(where, lang) for where, texts in found for lang in LANGUAGES if not str(texts.get(lang) or "").strip()]
    assert missing == [], name


def test_the_messages_translate_into_the_norwegian_languages_exactly() -> None:
    from hjemmel import messages, reading_messages

    readers = (*reading_messages.LIBYAML, *reading_messages.PYYAML, *reading_messages.JSON, *reading_messages.OWN_JSON)
    for pattern, texts in (
        *messages.MESSAGES,
        *messages.READING,
        *readers,
        *messages.USAGE,
        *messages.HEADLINES,
        *messages.RUN_LINES,
        *messages.PHRASES,
        *messages.DIFFERENCES,
    ):
        assert tuple(sorted(texts)) == tuple(sorted(NORWEGIAN)), pattern


def test_no_module_keeps_a_table_of_texts_that_is_not_listed() -> None:
    listed = {path for files, _ in CATALOGUES.values() for path in files} | NOT_CATALOGUES
    nynorsk_key = re.compile(r"""["']nn["']\s*:|^\s*nn:""", re.MULTILINE)
    found = {
        str(path.relative_to(ROOT))
        for folder in ("engine", "reports")
        for path in (ROOT / folder).rglob("*")
        if path.suffix in (".py", ".yaml") and nynorsk_key.search(path.read_text("utf-8"))
    }
    assert found - listed == set()
    assert {path for path in listed if not (ROOT / path).is_file()} == set()
