"""The README and docs/ cannot drift from the code."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from readme_help import README, ROOT, doc_files, documented, render

from ragbook.cli import main
from ragbook.rules import schema

FILES = doc_files()
TEXT = README.read_text()
ALL = "\n".join(path.read_text() for path in FILES)


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_help_blocks_are_current(path):
    text = path.read_text()
    assert render(text) == text, (
        f"{path.relative_to(ROOT)}: --help blocks are stale: run python tests/readme_help.py"
    )


def test_a_drifted_help_block_is_caught(tmp_path):
    page = (ROOT / "docs" / "check.md").read_text()
    drifted = page.replace("Check the plan in PATH", "Check the plan at PATH", 1)
    assert drifted != page
    assert render(drifted) != drifted


def test_the_docs_have_pages_and_the_reference_left_the_readme():
    names = {path.name for path in FILES}
    assert {"index.md", "check.md", "refresh.md", "collect.md", "json.md"} <= names
    assert "<!-- help: check -->" not in TEXT, "the reference lives in docs/, not the README"


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


def missing_help_blocks(texts: list[str]) -> list[str]:
    have = {name for text in texts for name in documented(text)}
    return [name for name in ["", *commands(main)] if name not in have]


def test_every_command_has_a_help_block_somewhere():
    names = commands(main)
    assert "addin build" in names and "refresh" in names
    assert missing_help_blocks([path.read_text() for path in FILES]) == []
    for name in names:
        assert CliRunner().invoke(main, [*name.split(), "--help"]).exit_code == 0


def test_a_command_with_no_help_block_is_caught():
    texts = [
        path.read_text().replace("<!-- help: add-refs -->", "<!-- add-refs -->") for path in FILES
    ]
    assert missing_help_blocks(texts) == ["add-refs"]


def test_the_top_level_help_block_is_filled_in():
    assert "<!-- help: -->\n```text\nUsage: ragbook [OPTIONS] COMMAND" in ALL


def test_every_field_and_its_template_header_is_in_the_docs():
    for f in schema.ACTION_FIELDS + schema.INDICATOR_FIELDS:
        assert f"| {f.header} |" in ALL, f.header


def test_every_relative_link_leads_to_a_file():
    for path in [*FILES, ROOT / "CONTRIBUTING.md", ROOT / "CHANGELOG.md"]:
        for target in re.findall(r"\]\(([^)#:]+)(?:#[^)]*)?\)", path.read_text()):
            assert (path.parent / target).exists(), f"{path.relative_to(ROOT)}: {target}"


def test_ci_runs_exactly_the_readme_test_command():
    commands = re.findall(r"```sh\n(.*?)\n```", TEXT)
    test_command = next(c for c in commands if "pytest" in c)
    ci = (Path(__file__).resolve().parent.parent / ".ci" / "run").read_text()
    assert test_command in ci.splitlines()
