"""The command line imports only the command being run (docs/speed.md).

The Excel button starts a whole `ragbook` process and waits for it, so what a
command imports is time the owner waits. These tests run real processes.
"""

from __future__ import annotations

import importlib
import json
import subprocess
import sys

import pytest

from ragbook.cli import COMMANDS, main

# Never on the path of `ragbook check` / `ragbook refresh`: e-mail (the send log, a
# CSV file the Tracker's round table reads, is not e-mail), the add-in's builder, the
# board report, the heavy extras.
HEAVY = (
    "pandas",
    "numpy",
    "xlwings",
    "openpyxl",
    "weasyprint",
    "docx",
    "jinja2",
    "smtplib",
    "imaplib",
    "ssl",
    "urllib.request",
    "http.client",
    "email",
    "ragbook.mail.smtp",
    "ragbook.mail.imap",
    "ragbook.mail.message",
    "ragbook.mail.receipt",
    "ragbook.board",
    "ragbook.addin.build",
    "ragbook.send",
    "ragbook.remind",
)


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_each_lazy_command_is_registered_by_the_module_named_for_it(name):
    importlib.import_module(COMMANDS[name], "ragbook.cli")
    assert name in main.commands


def test_help_lists_every_command(tmp_path):
    out = subprocess.run(
        [sys.executable, "-m", "ragbook", "--help"], capture_output=True, text=True, check=True
    ).stdout
    listed = {line.split()[0] for line in out.split("Commands:")[1].splitlines() if line.strip()}
    assert listed == set(COMMANDS)


def _modules_after(code: str) -> set[str]:
    """The modules a fresh Python process has imported once it has run `code`."""
    code += (
        "\nimport json, sys\nsys.stderr.write('\\nMODULES ' + json.dumps(sorted(sys.modules)))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    return set(json.loads(done.stderr.rsplit("MODULES ", 1)[1]))


def _heavy(modules: set[str]) -> list[str]:
    return sorted(m for m in modules for h in HEAVY if m == h or m.startswith(h + "."))


@pytest.mark.parametrize("command", ["check", "refresh"])
def test_check_and_refresh_import_nothing_heavy(tmp_path, command):
    from datetime import date

    from ragbook.demo import write_demo

    plan = write_demo(tmp_path / "plan.xlsx", date(2019, 1, 31))
    args = [command, str(plan), "--as-of", "2019-01-31"]
    modules = _modules_after(
        f"from ragbook.cli import main\ntry:\n    main({args!r}, prog_name='ragbook')\n"
        "except SystemExit:\n    pass"
    )
    assert f"ragbook.cli.{command}" in modules  # the command ran
    assert _heavy(modules) == []
    if command == "check":  # check lays nothing out and writes nothing
        assert not any(m.startswith(("ragbook.layout", "ragbook.xlsx.writer")) for m in modules)


def test_the_excel_buttons_entry_point_imports_nothing_heavy():
    """`import ragbook; ragbook.button_refresh` (what the ribbon's macro runs) loads
    the button module without pandas, xlwings, e-mail or the board report: xlwings is
    imported only when a button asks Excel for its workbook (ragbook/addin/excel.py)."""
    modules = _modules_after("import ragbook\nragbook.button_refresh")
    assert "ragbook.addin.button" in modules
    assert _heavy(modules) == []
