"""Docs that are checked: the README's command reference is the CLI's own help."""

from __future__ import annotations

from hjemmel.cli.reference import END, START, reference

from .conftest import ROOT


def test_readme_command_reference_matches_the_help_texts() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    section = readme[readme.index(START) : readme.index(END) + len(END)]
    assert section == reference(), "run: .venv/bin/python -m hjemmel.cli.reference --write README.md"


def test_every_command_is_in_the_readme_and_has_an_example() -> None:
    from hjemmel.cli import main
    from hjemmel.cli.reference import _commands

    readme = (ROOT / "README.md").read_text("utf-8")
    for path, command in _commands(main, "hjemmel"):
        assert f"`{path}`" in readme, path
        if not hasattr(command, "commands"):
            assert "Example:" in (command.help or ""), f"{path} help has no example"


def test_quick_start_is_three_commands_and_ci_calls_the_test_command() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    quick = readme.split("## Quick start", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    commands = [line.split("#")[0].strip() for line in quick.strip().splitlines()]
    assert commands == ["make demo", "make serve", "make test"]
    assert "make test" in (ROOT / ".ci" / "run").read_text()


def test_the_readme_points_only_into_the_repository() -> None:
    """The case format and the JSON contract are in docs/, not in a folder beside the clone."""
    import re

    readme = (ROOT / "README.md").read_text("utf-8")
    assert "../shared" not in readme and "design.md" not in readme
    for target in re.findall(r"\]\(((?!https?:)[^)#]+)\)", readme):
        assert (ROOT / target).exists(), target
    assert "(docs/contract.md)" in readme
