"""Every CLI command has help text and is documented in README.md or docs/."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from cli import cli

ROOT = Path(__file__).resolve().parents[1]


def _commands(group: click.Group, prefix: str = "") -> list[tuple[str, click.Command]]:
    found: list[tuple[str, click.Command]] = []
    for name, command in sorted(group.commands.items()):
        path = f"{prefix}{name}"
        found.append((path, command))
        if isinstance(command, click.Group):
            found += _commands(command, f"{path} ")
    return found


COMMANDS = _commands(cli)


def _documentation() -> str:
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    return "\n".join(page.read_text(encoding="utf-8") for page in pages if page.exists())


def test_the_teaching_commands_are_registered() -> None:
    paths = [path for path, _ in COMMANDS]
    for expected in ("assess", "rules", "cases", "cases list", "cases show", "quiz"):
        assert expected in paths


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=[path for path, _ in COMMANDS])
def test_every_command_has_help_text(path: str, command: click.Command) -> None:
    assert (command.help or "").strip(), f"`triage {path}` has no help text"
    assert command.get_short_help_str().strip()


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=[path for path, _ in COMMANDS])
def test_every_option_has_help_text(path: str, command: click.Command) -> None:
    missing = [
        param.name
        for param in command.params
        if isinstance(param, click.Option) and not (param.help or "").strip()
    ]
    assert missing == [], f"`triage {path}` options without help: {missing}"


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=[path for path, _ in COMMANDS])
def test_every_command_has_an_example_of_itself_in_its_help(
    path: str, command: click.Command
) -> None:
    help_text = command.help or ""
    assert "\b\n    Examples:\n" in help_text, f"`triage {path} --help` has no Examples block"
    examples = help_text.split("Examples:\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert any(
        line.strip().split(" |")[-1].strip().startswith(f"triage {path}") for line in examples
    ), f"`triage {path} --help` has no example that runs `triage {path}`"
    assert all(len(line.strip()) <= 76 for line in examples), "an example is wider than 80 columns"


@pytest.mark.parametrize("path", [path for path, _ in COMMANDS])
def test_every_command_appears_in_the_docs(path: str) -> None:
    assert f"triage {path}" in _documentation(), (
        f"`triage {path}` is not mentioned in README.md or docs/*.md"
    )


def test_quick_start_has_two_commands_and_ci_runs_the_test_one() -> None:
    root = Path(__file__).resolve().parents[1]
    readme = (root / "README.md").read_text(encoding="utf-8")
    quick_start = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"```bash\n(.+?)\n```", quick_start)
    assert len(commands) == 2
    install_and_run, install_and_test = commands
    assert "triage batch examples/cases.csv" in install_and_run
    assert "pytest" in install_and_test
    ci_lines = (root / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert install_and_test in ci_lines
