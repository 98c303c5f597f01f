"""The languages hjemmel speaks, written once for the whole program.

A caseworker reads bokmål (``nb``, the default of every command, page and API call), nynorsk
(``nn``) or English (``en``). Every table of texts (facts.yaml, the reports' texts.yaml, the
web pages, the messages) holds each of them, and a test fails when one lacks a language.
Messages are written in English where they are made and put into bokmål or nynorsk by
``hjemmel.messages``, so ``NORWEGIAN`` names the languages that table translates into.
"""

from __future__ import annotations

from typing import Literal, TypeGuard, get_args

Language = Literal["nb", "nn", "en"]
LANGUAGES: tuple[Language, ...] = get_args(Language)
DEFAULT_LANGUAGE: Language = "nb"
NORWEGIAN: tuple[Language, ...] = ("nb", "nn")
# Each language's name in that language (a language menu names each in its own words).
LANGUAGE_NAMES: dict[Language, str] = {"nb": "Bokmål", "nn": "Nynorsk", "en": "English"}


def is_language(value: object) -> TypeGuard[Language]:
    """Whether ``value`` is one of the languages."""
    return value in LANGUAGES


def language(value: object, default: Language = DEFAULT_LANGUAGE) -> Language:
    """``value`` if it is one of the languages, else ``default`` (bokmål)."""
    return value if is_language(value) else default
