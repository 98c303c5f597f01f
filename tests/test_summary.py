"""The batch summary: what an analyst reads after a run (HTML) or loads into a sheet (CSV)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hjemmel import Evaluator
from hjemmel.batch.run import BatchSummary, run_batch
from hjemmel.batch.summary import write_summary

from .conftest import CASES, ROOT

BAD = ROOT / "tests" / "data" / "bad"


@pytest.fixture(scope="module")
def summary(evaluator: Evaluator) -> BatchSummary:
    return run_batch([CASES, BAD], io.StringIO(), evaluator)


def test_csv_has_one_row_per_counted_item(summary: BatchSummary, tmp_path: Path) -> None:
    path = tmp_path / "sammendrag.csv"
    write_summary(summary, path, "nb")
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    assert list(rows[0]) == ["kind", "key", "count"]
    table = {(r["kind"], r["key"]): int(r["count"]) for r in rows}
    assert table[("cases", "total")] == summary.cases
    assert table[("cases", "failed")] == summary.failed > 0
    assert sum(n for (kind, _), n in table.items() if kind == "error") == summary.failed
    assert table[("actor", "nav-kontoret")] == summary.actors["nav-kontoret"]
    assert sum(n for (kind, _), n in table.items() if kind == "rule") == sum(summary.rules.values())
    law, section = next(iter(summary.sections))
    assert table[("section", f"{law} § {section}")] == summary.sections[(law, section)]
    assert {kind for kind, _ in table} >= {"cases", "error", "actor", "law", "section", "rule", "open_question"}


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_html_tells_how_many_cases_failed_and_why(summary: BatchSummary, tmp_path: Path, lang: str) -> None:
    path = tmp_path / "sammendrag.html"
    write_summary(summary, path, lang)
    html = path.read_text(encoding="utf-8")
    assert f'<html lang="{lang}">' in html
    assert f"<dd>{summary.cases}</dd>" in html and f"<dd>{summary.failed}</dd>" in html
    assert "case_file" in html  # the error type
    source, _, _ = summary.failures[0]
    assert source in html  # the first failures, with their source
    top_rule, _ = summary.rules.most_common(1)[0]
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert 'role="img"' in svg and "<title" in svg and "<desc" in svg and top_rule in svg
    assert "<script" not in html and "<link" not in html
    assert {"nb": "Hvorfor saker feilet", "nn": "Kvifor saker feila", "en": "Why cases failed"}[lang] in html


def test_html_escapes_messages(tmp_path: Path) -> None:
    summary = BatchSummary(cases=1, failed=1)
    summary.errors["case_file"] += 1
    summary.failures.append(("<b>x.yaml</b>", None, "<script>alert(1)</script>"))
    path = tmp_path / "s.html"
    write_summary(summary, path, "en")
    html = path.read_text(encoding="utf-8")
    assert "<script>alert" not in html and "&lt;script&gt;" in html


def test_other_suffixes_are_refused(summary: BatchSummary, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"\.html or \.csv"):
        write_summary(summary, tmp_path / "sammendrag.json", "nb")
    assert not (tmp_path / "sammendrag.json").exists()


def test_html_names_actors_laws_and_rules_and_says_what_made_it(summary: BatchSummary, evaluator: Evaluator, tmp_path: Path) -> None:
    import datetime as dt

    path = tmp_path / "sammendrag.html"
    write_summary(summary, path, "nb", evaluator.rules, run_date=dt.date(2026, 12, 7))
    html = path.read_text(encoding="utf-8")
    assert "NAV-kontoret (kommunal del)" in html and "boligsosial lov" in html
    top_rule, _ = summary.rules.most_common(1)[0]
    rule = evaluator.rules.rule(top_rule)
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert rule.title.nb[:30] in svg and top_rule not in svg
    assert "Kjørt 07.12.2026 med hjemmel" in html and evaluator.rules.version in html and evaluator.rules.digest[:19] in html
    # failures grouped by kind, with counts
    assert "Feil etter slag" in html
    assert sum(summary.kinds.values()) == summary.failed and len(summary.kinds) > 1
