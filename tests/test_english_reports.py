"""English reports speak English: no Norwegian legal words outside the statute's own quoted words
(the law names may stay Norwegian, as their official titles)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hjemmel import load_case, render
from hjemmel.evaluator import Evaluator

from .conftest import CASES

# Norwegian words of legal citations and of the engine's own sentences.
NORWEGIAN = re.compile(r"\b(ledd|bokstav|kapittel|ordlyd|jf\.|opphevet|endret|overgangsregler|ikke bekreftet|med §§|første|annet|tredje|fjerde|femte)\b", re.I)
# Quoted words stay verbatim: «…», “…”, "…", and in HTML &laquo;/&#34; forms are unescaped first.
QUOTED = re.compile(r"«[^»]*»|“[^”]*”|\"[^\"\n]*\"|<blockquote.*?</blockquote>|<q>.*?</q>", re.S)


@pytest.mark.parametrize("path", sorted(CASES.glob("*.yaml")), ids=lambda p: p.stem)
def test_an_english_report_has_no_norwegian_legal_words_outside_quotes(evaluator: Evaluator, path: Path) -> None:
    assessment = evaluator.assess(load_case(path), lang="en")
    for fmt in ("text", "markdown", "html"):
        text = render(assessment, fmt)
        if fmt == "html":
            text = re.sub(r"<(style|script)\b.*?</\1>", "", text, flags=re.S)
            text = text.replace("&#34;", '"').replace("&quot;", '"')
        outside = QUOTED.sub("«»", text)
        found = sorted({m.group(0) for m in NORWEGIAN.finditer(outside)})
        lines = [line.strip() for line in outside.splitlines() if NORWEGIAN.search(line)][:3]
        assert found == [], (fmt, found, lines)
