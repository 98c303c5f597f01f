"""The statute's words beside the rules: quotes checked against the official text (Lovdata's
open data set), shown in every output, and guarded against drift by ``hjemmel rules sources``.

The fixtures are written from the official text of boligsosialloven (lov/2022-12-20-121) as
the data set holds it: ``tests/data/lovverk/base`` is a copy of the data set with that one file
(whole, 7,009 characters as read), and ``tests/data/official-rules`` a small rule base whose
excerpt holds its §§ 2, 6, 7 and 8.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner
from hjemmel import RuleFileError, load_rules
from hjemmel.cli import main
from hjemmel.rulebase.lint import unquoted
from hjemmel.rulebase.official import SourceError, digest, normalize, paragraph_number, parse_official

from .conftest import CASES, ROOT

DATA = ROOT / "tests" / "data"
RULES = DATA / "official-rules"
CORPUS = DATA / "lovverk" / "base"
ACT = "lover/boligsosialloven.md"
APPEAL = "Ved klage over enkeltvedtak er statsforvalteren klageinstans."


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def _rules_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "rules"
    shutil.copytree(RULES, folder)
    return folder


def _corpus_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "lovverk"
    shutil.copytree(CORPUS, folder)
    return folder


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), encoding="utf-8")


# --- reading the data set's format -------------------------------------------------------


def test_sections_paragraphs_lists_and_links_are_read_as_the_data_set_writes_them() -> None:
    text = parse_official((CORPUS / ACT).read_text(encoding="utf-8"), ACT)
    assert text.ref_id == "lov/2022-12-20-121" and text.last_change_in_force is None
    assert text.title.startswith("Lov om kommunenes ansvar på det boligsosiale feltet")
    assert list(text.sections) == [str(n) for n in range(1, 13)]
    section_7 = text.sections["7"]
    assert section_7.heading == "Saksbehandling og klage" and len(section_7.paragraphs) == 4
    assert section_7.find(APPEAL) == 4
    # a link reads as its text; the list of § 2 belongs to the paragraph it follows
    assert section_7.find("etter § 6, skal hovedinnholdet i bistanden angis i vedtaket") == 2
    assert len(text.sections["2"].paragraphs) == 1
    assert text.sections["2"].find("personer som har søkt om beskyttelse, og som har eller kan få statlig innkvartering") == 1


def test_paragraph_references_name_the_ledd_or_nothing() -> None:
    assert paragraph_number("fjerde ledd") == 4
    assert paragraph_number("annet ledd første punktum") == 2
    assert paragraph_number("andre ledd") == 2
    assert paragraph_number("bokstav a") is None


def test_the_quote_digest_is_the_sha256_of_the_quote_as_compared() -> None:
    expected = hashlib.sha256(APPEAL.encode("utf-8")).hexdigest()
    assert digest(APPEAL) == f"sha256:{expected}"
    assert digest("  Ved klage over\n enkeltvedtak   er statsforvalteren klageinstans. ") == f"sha256:{expected}"
    assert normalize("[§ 6](lov/2022-12-20-121/§6) gjelder[^1]") == "§ 6 gjelder"


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ("# Title\n", "expected front matter", 1),
        ("---\nref_id: lov/2022-12-20-121\n", "no closing '---'", 1),
        ("---\nref_id: [\n---\n# T\n", "not valid YAML", None),
        ("---\nref_id: x\nlast_change_in_force: null\nretrieved_at: r\n---\n# T\n", "no valid 'ref_id'", 2),
        ("---\nref_id: lov/2022-12-20-121\nretrieved_at: r\n---\n# T\n", "no 'last_change_in_force'", 2),
        ("---\nref_id: lov/2022-12-20-121\nlast_change_in_force: null\nretrieved_at: r\n---\n\n## § 1. A\n", "no '# Title'", None),
        ("---\nref_id: lov/2022-12-20-121\nlast_change_in_force: null\nretrieved_at: r\n---\n# T\n## § 1. A\n\nx\n\n## § 1. B\n", "§ 1 appears twice", 11),
    ],
)
def test_a_file_not_in_the_format_is_a_located_error(text: str, message: str, line: int | None) -> None:
    with pytest.raises(SourceError) as info:
        parse_official(text, "lover/x.md")
    assert message in info.value.problem.message and info.value.problem.file == "lover/x.md"
    if line is not None:
        assert info.value.problem.line == line


# --- quotes checked on load ---------------------------------------------------------------


def test_the_fixture_rule_base_loads_with_every_quote_verbatim() -> None:
    rules = load_rules(RULES)
    assert set(rules.sources) == {"boligsosialloven"}
    assert not unquoted(rules)


def test_a_quote_that_is_not_verbatim_is_refused_with_the_official_words(tmp_path: Path) -> None:
    folder = _rules_copy(tmp_path)
    _edit(folder / "boligsosialloven.yaml", APPEAL, "Ved klage er statsforvalteren klageinstans.")
    with pytest.raises(RuleFileError) as info:
        load_rules(folder)
    text = info.value.format()
    assert "boligsosialloven.yaml:" in text and "bolsosl.7.klage: the quote is not verbatim in § 7" in text
    assert "rules[2].text[1]" in text and "enkeltvedtak er statsforvalteren klageinstans" in text


def test_a_quote_in_another_paragraph_than_it_names_is_refused(tmp_path: Path) -> None:
    folder = _rules_copy(tmp_path)
    _edit(folder / "boligsosialloven.yaml", 'paragraph: "fjerde ledd"', 'paragraph: "tredje ledd"')
    with pytest.raises(RuleFileError) as info:
        load_rules(folder)
    assert "stands in paragraph 4 of § 7, not in 'tredje ledd'" in info.value.format()


def test_a_wrong_section_is_refused_and_the_right_one_named(tmp_path: Path) -> None:
    """The old citation of the appeal route (§ 8) is caught: the words stand in § 7."""
    folder = _rules_copy(tmp_path)
    _edit(folder / "boligsosialloven.yaml", '    section: "7"\n    actor: statsforvalteren', '    section: "8"\n    actor: statsforvalteren')
    with pytest.raises(RuleFileError) as info:
        load_rules(folder)
    text = info.value.format()
    assert "the quote is not verbatim in § 8" in text
    (folder / "sources" / ACT).write_text((CORPUS / ACT).read_text(encoding="utf-8").split("## § 8.")[0], encoding="utf-8")
    with pytest.raises(RuleFileError) as info:
        load_rules(folder)
    assert "§ 8 is not in the official excerpt" in info.value.format() and "the words stand in § 7" in info.value.format()


def test_an_excerpt_that_is_missing_or_of_another_act_is_refused(tmp_path: Path) -> None:
    folder = _rules_copy(tmp_path)
    (folder / "sources" / ACT).unlink()
    with pytest.raises(RuleFileError) as info:
        load_rules(folder)
    assert "laws.yaml:" in info.value.format() and "the excerpt sources/lover/boligsosialloven.md is missing" in info.value.format()

    folder = _rules_copy(tmp_path / "b")
    _edit(folder / "sources" / ACT, 'ref_id: "lov/2022-12-20-121"', 'ref_id: "lov/2009-12-18-131"')
    with pytest.raises(RuleFileError) as info:
        load_rules(folder)
    text = info.value.format()
    assert "the Lovdata id LOV-2022-12-20-121 is not the official text's ref_id 'lov/2009-12-18-131'" in text
    assert "laws[0].official.ref_id" in text


def test_dates_in_laws_yaml_must_be_the_excerpts(tmp_path: Path) -> None:
    folder = _rules_copy(tmp_path)
    _edit(folder / "laws.yaml", "last_change_in_force: null", 'last_change_in_force: "2026-01-01"')
    with pytest.raises(RuleFileError) as info:
        load_rules(folder)
    assert "last_change_in_force is '2026-01-01' but the excerpt says None" in info.value.format()


def test_lint_warns_about_a_rule_in_force_without_a_quote(tmp_path: Path) -> None:
    folder = _rules_copy(tmp_path)
    text = (folder / "boligsosialloven.yaml").read_text(encoding="utf-8")
    start = text.index('    text:\n      - paragraph: "første ledd"\n        quote: "Kommunen skal')
    end = text.index("    in_force", start)
    (folder / "boligsosialloven.yaml").write_text(text[:start] + text[end:], encoding="utf-8")
    code, out, _ = run("--rules", str(folder), "rules", "lint")
    assert code == 1 and "bolsosl.6: in force but quotes none of the statute's wording" in out
    # a rule that is no longer in force needs none
    old = "    in_force: {from: 2023-07-01}\n    when:\n      - housing.situation: homeless\n    appeal_to"
    _edit(folder / "boligsosialloven.yaml", old, old.replace("{from: 2023-07-01}", "{from: 2023-07-01, until: 2024-01-01}"))
    code, out, _ = run("--rules", str(folder), "rules", "lint")
    assert "bolsosl.6" not in out


def test_the_shipped_rule_base_quotes_the_official_text_for_every_rule_in_force() -> None:
    rules = load_rules(ROOT / "rules")
    assert [p.format() for p in unquoted(rules)] == []


# --- the quote beside the rule ------------------------------------------------------------


def test_rules_show_names_the_official_text_its_date_digest_and_the_nlod_attribution() -> None:
    code, out, _ = run("--rules", str(RULES), "rules", "show", "bolsosl.7.klage")
    assert code == 0
    assert "ref_id: lov/2022-12-20-121" in out and "retrieved_at: '2026-07-28T16:54:24.870765+00:00'" in out
    assert digest(APPEAL) in out
    assert "Inneholder data under Norsk lisens for offentlige data (NLOD) tilgjengeliggjort av Lovdata" in out


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_reports_quote_the_statute_with_its_citation_and_source(fmt: str) -> None:
    code, out, _ = run("--rules", str(RULES), "assess", str(CASES / "bostedslos-2025.yaml"), "--format", fmt)
    assert code == 0
    assert APPEAL in out and "boligsosial lov § 7 fjerde ledd" in out
    assert "Lovdata lov/2022-12-20-121, gjeldende tekst per 2026-07-28" in out
    assert "Inneholder data under Norsk lisens for offentlige data (NLOD) tilgjengeliggjort av Lovdata" in out


def test_json_findings_carry_the_quote_digest_and_official_id() -> None:
    _, out, _ = run("--rules", str(RULES), "assess", str(CASES / "bostedslos-2025.yaml"), "--format", "json")
    finding = next(f for f in json.loads(out)["findings"] if f["rule"] == "bolsosl.7.klage")
    quote = finding["statute_text"][1]
    assert quote == {
        "paragraph": "fjerde ledd",
        "quote": APPEAL,
        "citation": "boligsosial lov § 7 fjerde ledd",
        "ref_id": "lov/2022-12-20-121",
        "as_of": "2026-07-28",
        "sha256": digest(APPEAL),
    }


def test_explain_quotes_the_statute() -> None:
    code, out, _ = run("--rules", str(RULES), "explain", str(CASES / "bostedslos-2025.yaml"), "bolsosl.7.klage", "--lang", "en")
    assert code == 0 and f"«{APPEAL}»" in out and "The statute's words" in out
    assert "made available by Lovdata" in " ".join(out.split())


# --- drift against a newer copy of the data set --------------------------------------------


def _sources(corpus: Path, *extra: str) -> tuple[int, dict[str, object], str]:
    code, out, err = run("--rules", str(RULES), "rules", "sources", str(corpus), "--format", "json", *extra)
    return code, (json.loads(out) if out.strip() else {}), err


def _status(payload: dict[str, object], rule: str, paragraph: str) -> dict[str, object]:
    quotes = payload["quotes"]
    assert isinstance(quotes, list)
    return next(q for q in quotes if q["rule"] == rule and q["paragraph"] == paragraph)


def test_an_unchanged_corpus_reports_every_quote_unchanged_and_exits_0() -> None:
    code, out, err = run("--rules", str(RULES), "rules", "sources", str(CORPUS))
    assert code == 0, out + err
    assert "4 quoted section(s): 4 unchanged, 0 changed, 0 renumbered, 0 gone; 0 of 1 act(s) changed" in err
    assert "NLOD" in out


def test_a_changed_section_is_reported_with_a_short_diff_and_exit_1(tmp_path: Path) -> None:
    corpus = _corpus_copy(tmp_path)
    _edit(corpus / ACT, APPEAL, "Ved klage over enkeltvedtak er klagenemnda klageinstans.")
    _edit(corpus / ACT, "last_change_in_force: null", 'last_change_in_force: "2027-01-01"')
    code, payload, _ = _sources(corpus)
    assert code == 1 and payload["changed"] is True
    appeal = _status(payload, "bolsosl.7.klage", "fjerde ledd")
    assert appeal["status"] == "changed" and appeal["quote_stands"] is False
    assert "[-statsforvalteren-]{+klagenemnda+}" in str(appeal["diff"])
    first = _status(payload, "bolsosl.7.klage", "første ledd")
    assert first["status"] == "changed" and first["quote_stands"] is True
    assert _status(payload, "bolsosl.6", "første ledd")["status"] == "unchanged"
    acts = payload["acts"]
    assert isinstance(acts, list) and acts[0]["theirs"] == "2027-01-01" and acts[0]["changed"] is True


def test_a_renumbered_section_is_found_under_its_new_number(tmp_path: Path) -> None:
    corpus = _corpus_copy(tmp_path)
    _edit(corpus / ACT, "## § 7. Saksbehandling og klage", "## § 7 a. Saksbehandling og klage")
    code, payload, _ = _sources(corpus)
    appeal = _status(payload, "bolsosl.7.klage", "fjerde ledd")
    assert code == 1 and appeal["status"] == "renumbered" and appeal["new_section"] == "7 a" and appeal["quote_stands"] is True


def test_a_section_that_is_gone_and_an_act_that_is_gone(tmp_path: Path) -> None:
    corpus = _corpus_copy(tmp_path)
    text = (corpus / ACT).read_text(encoding="utf-8")
    start, end = text.index("## § 6."), text.index("## § 7.")
    (corpus / ACT).write_text(text[:start] + "## § 6. (Opphevet)\n\n" + text[end:], encoding="utf-8")
    code, payload, _ = _sources(corpus)
    assert code == 1 and _status(payload, "bolsosl.6", "første ledd")["status"] == "gone"

    (corpus / ACT).unlink()
    (corpus / "lover" / "husleieloven-husll.md").write_text("---\nref_id: lov/1999-03-26-17\n---\n# Husleieloven\n", encoding="utf-8")
    code, out, err = run("--rules", str(RULES), "rules", "sources", str(corpus))
    assert code == 1 and "GONE from the data set" in out and "4 gone" in err


def test_a_newer_text_with_only_a_new_layout_is_unchanged(tmp_path: Path) -> None:
    corpus = _corpus_copy(tmp_path)
    _edit(corpus / ACT, APPEAL, "Ved klage over enkeltvedtak er\nstatsforvalteren   klageinstans.")
    code, payload, _ = _sources(corpus)
    assert code == 0 and _status(payload, "bolsosl.7.klage", "fjerde ledd")["status"] == "unchanged"


@pytest.mark.parametrize("kind", ["missing", "file", "empty", "no-md", "not-format", "bad-yaml", "not-utf8"])
def test_a_corpus_that_is_not_the_data_set_is_a_located_message_and_exit_2(tmp_path: Path, kind: str) -> None:
    corpus = tmp_path / "corpus"
    if kind == "file":
        corpus.write_text("x")
    elif kind != "missing":
        corpus.mkdir()
    if kind in ("no-md", "not-format", "bad-yaml", "not-utf8"):
        (corpus / "lover").mkdir()
        (corpus / "lover" / "README.txt").write_text("x")
    if kind == "not-format":
        (corpus / ACT).write_text("# Just a title\n\nSome text.\n", encoding="utf-8")
    if kind == "bad-yaml":
        (corpus / ACT).write_text("---\nref_id: [\n---\n# T\n", encoding="utf-8")
    if kind == "not-utf8":
        (corpus / ACT).write_bytes(b"---\nref_id: \xff\n---\n")
    code, out, err = run("--rules", str(RULES), "rules", "sources", str(corpus))
    assert code == 2 and out == ""
    assert "Traceback" not in err and str(corpus) in err
    expected = {
        "missing": "does not exist",
        "file": "not a folder",
        "empty": "no lover/ or forskrifter/ folder",
        "no-md": "hold no .md files",
        "not-format": "boligsosialloven.md:1:",
        "bad-yaml": "front matter is not valid YAML",
        "not-utf8": "boligsosialloven.md:2:",
    }[kind]
    assert expected in err


def test_rules_sources_never_writes_into_the_corpus(tmp_path: Path) -> None:
    corpus = _corpus_copy(tmp_path)
    before = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in corpus.rglob("*") if p.is_file()}
    for path in [corpus, *corpus.rglob("*")]:
        path.chmod(path.stat().st_mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
    try:
        code, _, _ = run("--rules", str(RULES), "rules", "sources", str(corpus))
        assert code == 0
        assert {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in corpus.rglob("*") if p.is_file()} == before
        assert sorted(os.listdir(corpus)) == ["lover"]
    finally:
        for path in [corpus, *corpus.rglob("*")]:
            path.chmod(path.stat().st_mode | stat.S_IWUSR)
