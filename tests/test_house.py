"""The house tools stay clean: ruff (lint and format) and mypy, with the config in
pyproject.toml, report nothing. Each runs as `python -m <tool>` from the project's
root, so the suite checks exactly what CONTRIBUTING.md tells a contributor to run."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CODE = ["ragbook", "tests", "benchmarks"]


def run_tool(module: str, *args: str) -> subprocess.CompletedProcess[str]:
    if importlib.util.find_spec(module) is None:
        pytest.skip(f"{module} is not installed: pip install -e '.[test]'")
    return subprocess.run(
        [sys.executable, "-m", module, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )


def assert_clean(result: subprocess.CompletedProcess[str]) -> None:
    assert result.returncode == 0, (
        f"{' '.join(result.args[1:])} exited with {result.returncode}:\n"
        f"{result.stdout}{result.stderr}"
    )


def test_ruff_finds_nothing():
    assert_clean(run_tool("ruff", "check", "--no-cache", *CODE))


def test_the_code_is_formatted():
    assert_clean(run_tool("ruff", "format", "--check", "--no-cache", *CODE))


def test_mypy_finds_nothing():
    # The files and the settings are in pyproject.toml's [tool.mypy].
    assert_clean(run_tool("mypy", "--no-incremental"))


def test_the_package_says_it_is_typed_and_installs_the_marker():
    assert (ROOT / "ragbook" / "py.typed").is_file()
    with open(ROOT / "pyproject.toml", "rb") as fh:
        setup = tomllib.load(fh)["tool"]["setuptools"]
    assert "py.typed" in setup["package-data"]["ragbook"]
