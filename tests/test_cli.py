"""The command line as a user sees it: exit codes, stdout and stderr kept apart."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from hjemmel.cli import main

from .conftest import CASES

CASE = str(CASES / "ettervern-19-ar-2024.yaml")
BAD = Path(__file__).parent / "data" / "bad"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_assess_prints_a_norwegian_report() -> None:
    code, out, err = run("assess", CASE)
    assert code == 0, err
    assert "VURDERING AV RETTSLIG GRUNNLAG" in out
    assert "barnevernsloven § 3-6" in out
    assert "Gjelder til og med: 01.11.2029" in out
    assert "Klage til: Statsforvalteren" in out


def test_assess_json_follows_the_contract() -> None:
    code, out, _ = run("assess", CASE, "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["schema"] == "hjemmel/assessment-v1"
    assert data["case_id"] == "ettervern-19-ar-2024"
    assert data["assessment_date"] == "2024-03-01"
    assert data["ruleset"]["digest"].startswith("sha256:")
    finding = next(f for f in data["findings"] if f["rule"] == "bvl.3-6.ettervern")
    for key in ("rule", "actor", "law", "section", "kind", "title", "because", "until", "appeal_to", "source"):
        assert key in finding
    assert finding["actor"] == "barnevernstjenesten"
    assert finding["section"] == "3-6"
    assert finding["until"] == "2029-11-01"
    assert {"fact": "child_welfare.consents_to_aftercare", "value": True} in finding["because"]
    assert isinstance(data["open_questions"], list) and isinstance(data["notes"], list)


def _rules_on(day: str) -> set[str]:
    code, out, err = run("assess", CASE, "--date", day, "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert data["assessment_date"] == day
    return {f["rule"] for f in data["findings"]}


def test_date_option_overrides_the_case_date_across_the_2023_law_change() -> None:
    # The made-up youth is 18 on both days; the new barnevernsloven came into force 2023-01-01.
    old = _rules_on("2022-12-31")
    new = _rules_on("2023-01-01")
    assert "bvl1992.1-3.ettervern-25" in old and "bvl.3-6.ettervern" not in old
    assert "bvl.3-6.ettervern" in new and "bvl1992.1-3.ettervern-25" not in new
    assert "hol.3-7" in old and "bolsosl.6" not in old


def test_english_markdown_and_html(tmp_path: Path) -> None:
    code, out, _ = run("assess", CASE, "--lang", "en", "--format", "markdown")
    assert code == 0
    assert "# Legal basis assessment" in out and "Aftercare" in out
    target = tmp_path / "r.html"
    code, _, err = run("assess", CASE, "--format", "html", "--output", str(target))
    assert code == 0, err
    html = target.read_text()
    assert html.startswith("<!DOCTYPE html>") and '<html lang="nb">' in html


def test_bad_case_exits_1_with_located_message() -> None:
    code, out, err = run("assess", str(BAD / "unknown-field.yaml"))
    assert code == 1
    assert out == ""
    assert "unknown-field.yaml:5:3: person.municpality" in err
    assert "Traceback" not in err


def test_usage_error_exits_2() -> None:
    code, _, err = run("assess", CASE, "--date", "2024-13-01")
    assert code == 2
    assert "YYYY-MM-DD" in err


def test_batch_keeps_every_case_in_input_order(tmp_path: Path) -> None:
    jsonl = tmp_path / "more.jsonl"
    jsonl.write_text('{"id": "j-1", "housing": {"no_place_to_stay_next_24h": true}, "assessment_date": "2024-01-01"}\nnot json\n')
    out = tmp_path / "results.jsonl"
    reports = tmp_path / "reports"
    code, _, err = run(
        "batch", str(CASES / "bostedslos-2008.yaml"), str(BAD / "bad-enum.yaml"), str(jsonl),
        "--output", str(out), "--reports", str(reports), "--format", "markdown",
    )  # fmt: skip
    assert code == 1
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert [line.get("case_id") for line in lines] == ["bostedslos-2008", "feil-3", "j-1", None]
    assert "error" in lines[1] and lines[1]["source"].endswith("bad-enum.yaml")
    assert lines[1]["error"]["problems"][0]["line"] == 3
    assert lines[3]["source"].endswith("more.jsonl:2")
    assert [f["rule"] for f in lines[2]["findings"]] == ["sotjl.17", "sotjl.27"]
    assert sorted(p.name for p in reports.iterdir()) == ["bostedslos-2008.md", "j-1.md"]
    assert "4 saker: 2 vurdert, 2 feilet" in err  # bokmål by default


def test_batch_of_the_example_folder_succeeds(tmp_path: Path) -> None:
    out = tmp_path / "results.jsonl"
    code, _, err = run("batch", str(CASES), "--output", str(out))
    assert code == 0, err
    assert len(out.read_text().splitlines()) == len(list(CASES.glob("*.yaml")))


def test_duplicate_case_ids_in_one_batch(tmp_path: Path) -> None:
    out = tmp_path / "r.jsonl"
    code, _, _ = run("batch", CASE, CASE, "--output", str(out))
    assert code == 1
    second = json.loads(out.read_text().splitlines()[1])
    assert "duplicate case id" in second["error"]["problems"][0]["message"]


def test_rules_list_and_show() -> None:
    code, out, _ = run("rules", "list", "--date", "2024-01-01")
    assert code == 0
    assert "sotjl.27" in out and "hol.3-7" not in out
    code, out, _ = run("rules", "show", "sotjl.27")
    assert code == 0
    assert "LOV-2009-12-18-131" in out and "rules/sosialtjenesteloven.yaml" in out
    code, _, err = run("rules", "show", "sotjl.72")
    assert code == 1 and "Did you mean" in err


def test_rules_list_has_a_header_and_aligned_columns() -> None:
    code, out, _ = run("rules", "list")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["RULE", "ACTOR", "LAW", "§", "KIND", "IN", "FORCE", "NOTE"]
    starts = [lines[0].index(title) for title in ("ACTOR", "LAW", "§", "KIND", "IN FORCE", "NOTE")]
    for line in lines[1:]:
        for start in starts[:-1]:
            assert line[start - 2 : start] == "  " and line[start] != " ", line


def test_rules_list_law_accepts_the_short_names_it_prints() -> None:
    _, by_id, _ = run("rules", "list", "--law", "sosialtjenesteloven")
    assert "sotjl.27" in by_id and "bvl." not in by_id
    for name in ("sotjl", "SOTJL", "Social Services Act", "sosialtjenesteloven"):
        code, out, _ = run("rules", "list", "--law", name)
        assert code == 0 and out == by_id, name
    code, _, err = run("rules", "list", "--law", "sotjel")
    assert code == 2 and "Did you mean: sotjl" in err


def test_rules_lint_passes_on_the_bundled_rule_base() -> None:
    code, _, err = run("rules", "lint")
    assert code == 0, err


def test_batch_summary_html_and_csv(tmp_path: Path) -> None:
    out = tmp_path / "r.jsonl"
    html, csv = tmp_path / "sammendrag.html", tmp_path / "sammendrag.csv"
    code, _, err = run("batch", str(CASES), "--output", str(out), "--summary", str(html))
    assert code == 0, err
    assert "<!DOCTYPE html>" in html.read_text() and "oppsummering:" in err
    code, _, _ = run("batch", str(CASES), "--output", str(out), "--summary", str(csv))
    rows = csv.read_text().splitlines()
    assert rows[0] == "kind,key,count" and any(r.startswith("actor,nav-kontoret,") for r in rows)
    code, _, err = run("batch", str(CASES), "--output", str(out), "--summary", str(tmp_path / "s.pdf"))
    assert code == 2 and ".html or .csv" in err


def test_interview_is_a_command(tmp_path: Path) -> None:
    target = tmp_path / "ny.yaml"
    result = CliRunner().invoke(main, ["interview", "--date", "2024-03-01", "--output", str(target)], input="\n" * 60)
    assert result.exit_code == 0, result.stderr
    assert target.exists()
