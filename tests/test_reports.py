"""Reports as a caseworker reads them: golden files for text and Markdown, HTML content.

The golden files in tests/golden/ are the whole text and Markdown reports of a few example
cases on a fixed date. When the rules or templates change on purpose, rewrite them with
``HJEMMEL_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_reports.py`` and read the diff.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hjemmel import Evaluator, load_case
from hjemmel.assessment import Assessment, Because, Deadline, OpenQuestion, Ruleset
from hjemmel.reports import render
from hjemmel.reports.i18n import INTERVIEW, LABELS, SUMMARY

from .conftest import CASES, ROOT

GOLDEN = ROOT / "tests" / "golden"
# Cases whose findings are unlikely to change as rules are added (regenerate when they do).
GOLDEN_CASES = [
    ("ettervern-19-ar-2024", "2024-03-01", "nb"),
    ("bostedslos-2008", "2008-02-01", "nb"),
    ("ettervern-19-ar-2024", "2024-03-01", "en"),
    ("ettervern-19-ar-2024", "2024-03-01", "nn"),
    ("utkastelse-2024", "2024-04-10", "nb"),
    ("utkastelse-2024", "2024-04-10", "nn"),
    ("utkastelse-2024", "2024-04-10", "en"),
]
SUFFIX = {"text": "txt", "markdown": "md"}


def _assess(evaluator: Evaluator, name: str, day: str = "2024-03-01", lang: str = "nb") -> Assessment:
    return evaluator.assess(load_case(CASES / f"{name}.yaml"), on=dt.date.fromisoformat(day), lang=lang)


@pytest.mark.parametrize("fmt", ["text", "markdown"])
@pytest.mark.parametrize(("name", "day", "lang"), GOLDEN_CASES)
def test_report_matches_golden_file(evaluator: Evaluator, name: str, day: str, lang: str, fmt: str) -> None:
    assessment = _assess(evaluator, name, day, lang)
    # The digest changes with every edit anywhere in rules/; the golden files pin the report.
    fixed = assessment.model_copy(update={"ruleset": Ruleset(version="TEST", digest="sha256:" + "0" * 64)})
    text = render(fixed, fmt)
    path = GOLDEN / f"{name}.{lang}.{SUFFIX[fmt]}"
    if os.environ.get("HJEMMEL_UPDATE_GOLDEN") == "1" or not path.exists():
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"{path.name} differs; if intended, rerun with HJEMMEL_UPDATE_GOLDEN=1"


def test_each_finding_shows_its_facts_rule_text_and_law(evaluator: Evaluator) -> None:
    text = render(_assess(evaluator, "ettervern-19-ar-2024"), "text")
    block = text[text.index("  Ettervern: hjelpetiltak til ungdom over 18 år") :]
    block = block[: block.index("Kilde:") + 60]
    assert "Tiltak som ble satt i verk før ungdommen fylte 18 år" in block  # the rule's summary
    assert "- samtykker til ettervern: ja" in block  # a reason in words: label: value
    assert "- alder: 19" in block
    assert "https://lovdata.no/lov/2021-06-18-97/§3-6" in block


def test_open_questions_name_the_rules_by_title(evaluator: Evaluator) -> None:
    assessment = _assess(evaluator, "ettervern-samtykke-ukjent-2025", "2025-02-10")
    assert assessment.open_questions
    for fmt in ("text", "markdown", "html"):
        out = render(assessment, fmt)
        assert "Ettervern: hjelpetiltak til ungdom over 18 år" in out, fmt  # title of bvl.3-6.ettervern
        assert "kan gi" in out


def test_deadlines_are_listed_with_how_far_away_they_are(evaluator: Evaluator) -> None:
    assessment = _assess(evaluator, "utkastelse-2024", "2024-04-10")
    text = render(assessment, "text")
    assert "FRISTER OG VIKTIGE DATOER" in text
    # one line per date: the eviction and the last day of help to keep the home
    assert "- 02.05.2024  Utkastelse (fravikelse); Siste dag: Praktisk bistand til å beholde boligen" in text
    assert text.count("02.05.2024  ") == 1
    md = render(assessment, "markdown")
    assert "| 02.05.2024 | Utkastelse (fravikelse); Siste dag: Praktisk bistand til å beholde boligen | om 22 dager |" in md


@pytest.mark.parametrize(
    ("lang", "label", "short"), [("nb", "Må vurderes av saksbehandler:", "(skjønn)"), ("en", "Must be assessed by the caseworker:", "(judgment)")]
)
def test_a_matter_of_judgment_is_shown_as_such_never_as_a_plain_yes(evaluator: Evaluator, lang: str, label: str, short: str) -> None:
    assessment = _assess(evaluator, "flyttet-fra-mottak-2024", "2024-03-11", lang)
    finding = next(f for f in assessment.findings if f.rule == "fubopel.2.flyttet-fra-mottak")
    assert finding.discretion and ("åpenbart urimelig" in finding.discretion or "clearly unreasonable" in finding.discretion)
    plain = next(f for f in assessment.findings if f.rule == "sotjl.27")
    assert plain.discretion is None  # the facts settle it: no judgment shown
    for fmt in ("text", "markdown", "html"):
        out = render(assessment, fmt)
        assert label in out.replace("<strong>", "").replace("</strong>", "").replace("**", ""), fmt
        assert short in out, fmt
    assert render(assessment, "json").count('"discretion": null') >= 1


def test_a_duty_that_starts_on_release_day_reads_as_a_start(evaluator: Evaluator) -> None:
    assessment = _assess(evaluator, "loslatelse-uten-bolig-2024", "2024-11-04")
    finding = next(f for f in assessment.findings if f.rule == "sotjl.27.ved-loslatelse")
    assert finding.starts == dt.date(2024, 11, 11) and finding.until is None
    assert any(d.kind == "starts" and d.rule == "sotjl.27.ved-loslatelse" for d in assessment.deadlines)
    text = render(assessment, "text")
    block = text[text.index("  Midlertidig botilbud ved løslatelse") :]
    assert "Gjelder fra: 11.11.2024" in block[: block.index("Kilde:")]


def test_a_past_date_is_marked_as_past() -> None:
    from hjemmel.reports.i18n import relative

    day = dt.date(2024, 3, 1)
    assert relative(day, dt.date(2024, 2, 20), "nb") == "for 10 dager siden"
    assert relative(day, day, "en") == "today"
    assert relative(day, dt.date(2029, 11, 1), "en") == "in 5 years and 8 months"
    assert relative(day, dt.date(2024, 9, 1), "nb") == "om 6 måneder"


def test_html_timeline_is_an_accessible_inline_svg(evaluator: Evaluator) -> None:
    html = render(_assess(evaluator, "loslatelse-uten-bolig-2024", "2024-11-04"), "html")
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert 'role="img"' in svg and "<title" in svg and "<desc" in svg
    assert "Løslatelse" in svg and "11.11.2024" in svg
    assert "Vurderingsdato 04.11.2024" in svg


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.headings: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag in ("h1", "h2", "h3", "h4"):
            self._in = tag
            self.headings.append(tag)


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_html_is_self_contained_and_accessible(evaluator: Evaluator, lang: str) -> None:
    html = render(_assess(evaluator, "utkastelse-2024", "2024-04-10", lang), "html")
    page = _Page()
    page.feed(html)
    tags = page.tags
    assert ("html", {"lang": lang}) in tags
    assert not [t for t, a in tags if t in ("script", "link", "img", "iframe")], "no scripts or external assets"
    assert all(a.get("scope") in ("col", "row", "rowgroup") for t, a in tags if t == "th"), "every th has a scope"
    assert page.headings[0] == "h1" and page.headings.count("h1") == 1
    levels = [int(h[1]) for h in page.headings]
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels)), f"no skipped heading levels: {levels}"
    links = [a for t, a in tags if t == "a"]
    assert all((a.get("href") or "").startswith(("#", "https://lovdata.no/")) for a in links)
    assert "@page { size: A4" in html
    section = LABELS[lang]
    for key in ("summary", "findings", "deadlines", "open_questions", "appeal_routes", "facts"):
        assert section[key] in html, key
    assert "2026" in html or re.search(r"\d{4}\.\d+", html)  # the rule-base version is shown


def test_values_from_the_case_are_escaped_in_html(evaluator: Evaluator) -> None:
    base = _assess(evaluator, "ettervern-19-ar-2024")
    evil = "<script>alert(1)</script>"
    finding = base.findings[0].model_copy(update={"because": [Because(fact="person.national_id", value=evil)], "note": evil})
    tampered = base.model_copy(
        update={
            "findings": [finding, *base.findings[1:]],
            "facts": {**base.facts, "person.national_id": evil},
            "open_questions": [OpenQuestion(fact="x.y", question=evil, could_add=[])],
            "deadlines": [Deadline(date=dt.date(2024, 5, 1), kind="release", text=evil)],
        }
    )
    html = render(tampered, "html")
    assert evil not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.parametrize("table", [LABELS, INTERVIEW, SUMMARY])
def test_every_text_exists_in_all_three_languages(table: dict[str, dict[str, str]]) -> None:
    assert set(table["nb"]) == set(table["en"]) == set(table["nn"])
    assert all(v.strip() for lang in ("nb", "nn", "en") for v in table[lang].values())


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_timeline_and_explanation_match_golden_files(lang: str) -> None:
    """The new outputs (timeline, explain) in each language, pinned like the reports."""
    from click.testing import CliRunner
    from hjemmel.cli import main

    runs = {
        f"timeline-ettervern.{lang}.txt": ["timeline", str(CASES / "ettervern-19-ar-2024.yaml"), "--from", "2024-03-01", "--to", "2030-12-31"],
        f"timeline-loslatelse.{lang}.md": [
            *("timeline", str(CASES / "loslatelse-uten-bolig-2024.yaml")),
            *("--from", "2024-11-01", "--to", "2025-01-31", "--format", "markdown"),
        ],
        f"explain-ettervern.{lang}.txt": ["explain", str(CASES / "ettervern-19-ar-2024.yaml"), "bvl.3-6.ettervern", "--date", "2030-01-01"],
    }
    for name, args in runs.items():
        result = CliRunner().invoke(main, [*args, "--lang", lang])
        assert result.exit_code == 0, result.stderr
        path = GOLDEN / name
        if os.environ.get("HJEMMEL_UPDATE_GOLDEN") == "1" or not path.exists():
            path.write_text(result.stdout, encoding="utf-8")
        assert result.stdout == path.read_text(encoding="utf-8"), f"{name} differs; if intended, rerun with HJEMMEL_UPDATE_GOLDEN=1"


def test_the_report_opens_with_who_must_act_and_the_nearest_dates(evaluator: Evaluator) -> None:
    text = render(_assess(evaluator, "utkastelse-2024", "2024-04-10"), "text")
    glance = text[: text.index("\nKOMMUNEN\n")]
    assert "KORT FORTALT" in glance and "Må handle:" in glance
    assert "02.05.2024 (om 22 dager): Utkastelse (fravikelse)" in glance  # the eviction, within the first screen
    assert len(glance.splitlines()) < 25


def test_no_legal_basis_is_listed_twice_for_one_actor(evaluator: Evaluator) -> None:
    text = render(_assess(evaluator, "loslatelse-uten-bolig-2024", "2024-11-04"), "text")
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip().startswith("- Kriminalomsorgen:"))
    entry = lines[start]
    for line in lines[start + 1 :]:
        if line.strip().startswith("- ") or not line.startswith("    "):
            break
        entry += " " + line.strip()
    bases = re.findall(r"straffegjennomføringsloven § [0-9]+", entry)
    assert bases and len(bases) == len(set(bases)), entry


def test_a_date_that_starts_a_duty_reads_as_a_start_date(evaluator: Evaluator) -> None:
    text = render(_assess(evaluator, "loslatelse-uten-bolig-2024", "2024-11-04"), "text")
    block = text[text.index("  Midlertidig botilbud ved løslatelse") :]
    block = block[: block.index("Kilde:")]
    assert "Gjelder fra: 11.11.2024" in block and "Gjelder til og med" not in block
    assert "Gjelder fra denne dagen: Midlertidig botilbud ved løslatelse" in text


def test_near_misses_name_the_one_condition_that_fails(evaluator: Evaluator) -> None:
    assessment = evaluator.assess(load_case(CASES / "ettervern-19-ar-2024.yaml"), on=dt.date(2030, 1, 1))
    miss = next(m for m in assessment.near_misses if m.rule == "bvl.3-6.ettervern")
    assert miss.condition.fact == "person.age" and miss.condition.holds is False
    for fmt in ("text", "markdown", "html"):
        out = render(assessment, fmt)
        assert "fylte 25 år 02.11.2029" in out, fmt


def test_reports_show_the_first_five_questions_and_count_the_rest(evaluator: Evaluator) -> None:
    from hjemmel.assessment import OpenQuestion

    base = _assess(evaluator, "ettervern-samtykke-ukjent-2025", "2025-02-10")
    many = base.model_copy(update={"open_questions": [OpenQuestion(fact=f"x.q{i}", question=f"Spørsmål nummer {i}?", could_add=[]) for i in range(8)]})
    for fmt in ("text", "markdown", "html"):
        out = render(many, fmt)
        assert "Spørsmål nummer 4?" in out and "Spørsmål nummer 5?" not in out, fmt
        assert "3 spørsmål til" in out, fmt
    assert len(__import__("json").loads(render(many, "json"))["open_questions"]) == 8


def test_english_report_has_no_norwegian_headings(evaluator: Evaluator) -> None:
    text = render(_assess(evaluator, "ettervern-samtykke-ukjent-2025", "2025-02-10", lang="en"), "text")
    assert "OPEN QUESTIONS THAT COULD CHANGE THE ANSWER" in text
    text = render(_assess(evaluator, "ettervern-19-ar-2024", lang="en"), "text")
    assert "DEADLINES AND KEY DATES" in text
    assert "Fordi" not in text and "Frister" not in text


def test_the_statute_text_of_a_rule_is_quoted_under_its_finding(tmp_path: Path) -> None:
    """A lawyer's `text:` on a rule reaches the caseworker as a quote with its paragraph."""
    import shutil

    import yaml
    from hjemmel import load_rules, parse_case

    shutil.copytree(ROOT / "rules", tmp_path / "rules")
    # without the official text (as for a repealed act): the quote is then not checked against it
    laws_path = tmp_path / "rules" / "laws.yaml"
    laws = yaml.safe_load(laws_path.read_text("utf-8"))
    next(law for law in laws["laws"] if law["id"] == "sosialtjenesteloven").pop("official", None)
    laws_path.write_text(yaml.safe_dump(laws, allow_unicode=True, sort_keys=False), "utf-8")
    path = tmp_path / "rules" / "sosialtjenesteloven.yaml"
    data = yaml.safe_load(path.read_text("utf-8"))
    rule = next(r for r in data["rules"] if r["id"] == "sotjl.27")
    rule["text"] = [{"paragraph": "første ledd", "quote": "Et <sitat> fra loven."}]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    rules = load_rules(tmp_path / "rules")
    case = parse_case({"id": "sitat-1", "assessment_date": "2024-03-01", "housing": {"no_place_to_stay_next_24h": True}})
    assessment = Evaluator(rules).assess(case)
    finding = next(f for f in assessment.findings if f.rule == "sotjl.27")
    assert [(q.paragraph, q.quote) for q in finding.statute_text] == [("første ledd", "Et <sitat> fra loven.")]
    html = render(assessment, "html")
    assert "«Et &lt;sitat&gt; fra loven.»" in html and "sosialtjenesteloven § 27 første ledd" in html
    # the derived source: Lovdata link from laws.yaml and the section
    assert finding.source == "https://lovdata.no/lov/2009-12-18-131/§27"
