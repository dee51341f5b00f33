"""The README cannot drift from the code."""

from __future__ import annotations

import re
from pathlib import Path

import click
from click.testing import CliRunner

from ragbook.rules import schema
from ragbook.cli import main
from readme_help import README, render

TEXT = README.read_text()


def test_help_blocks_are_current():
    assert render(TEXT) == TEXT, "README --help blocks are stale: run python tests/readme_help.py"


def commands(group: click.Group, prefix: str = "") -> list[str]:
    """Every command's name as typed after `ragbook`; a group's subcommands in its place."""
    names = []
    for name in group.list_commands(None):
        command = group.get_command(None, name)
        if isinstance(command, click.Group):
            names += commands(command, f"{prefix}{name} ")
        else:
            names.append(prefix + name)
    return names


def test_every_command_is_documented():
    names = commands(main)
    assert "addin build" in names and "refresh" in names
    for name in names:
        assert f"<!-- help: {name} -->" in TEXT, f"command {name} is missing from the README"
        assert CliRunner().invoke(main, [*name.split(), "--help"]).exit_code == 0


def test_the_top_level_help_block_is_filled_in():
    assert "<!-- help: -->\n```text\nUsage: ragbook [OPTIONS] COMMAND" in TEXT


def test_every_field_and_its_template_header_is_in_the_readme():
    for f in schema.ACTION_FIELDS + schema.INDICATOR_FIELDS:
        assert f"| {f.header} |" in TEXT, f.header


def test_ci_runs_exactly_the_readme_test_command():
    commands = re.findall(r"```sh\n(.*?)\n```", TEXT)
    test_command = next(c for c in commands if "pytest" in c)
    ci = (Path(__file__).resolve().parent.parent / ".ci" / "run").read_text()
    assert test_command in ci.splitlines()
