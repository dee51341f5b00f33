"""RefreshResult: the one JSON and the one sentence for a refresh, shared by the
command line and the Excel button."""

from __future__ import annotations

import json
from datetime import date

from builders import action, write_plan
from click.testing import CliRunner

import ragbook
from ragbook.cli import main
from ragbook.refreshed import RefreshResult


def _plan(tmp_path):
    rows = [
        action("1.1", lead="AF", due=date(2018, 12, 1), rating="Red"),
        action("1.2", lead="SG", due="March 2019", rating="G"),
    ]
    return write_plan(tmp_path / "plan.xlsx", rows, as_of=date(2019, 1, 15))


def test_the_json_and_the_sentence(tmp_path):
    path = _plan(tmp_path)
    summary, saved = ragbook.refresh(path, backup=False)
    result = RefreshResult(path, summary, saved)
    out = result.as_json()
    assert out["file"] == str(path)
    assert out["written"] is True
    assert out["backup"] is None
    assert out["sheets"] == ["Tracker", "Exceptions", "AF", "SG", "Checks"]
    assert out["as_of"] == "2019-01-15"
    assert result.sentence() == f"Refreshed {path} as of 15/01/2019"


def test_the_command_line_prints_them(tmp_path):
    path = _plan(tmp_path)
    runner = CliRunner()
    shown = runner.invoke(main, ["refresh", str(path), "--no-backup", "--json"])
    printed = json.loads(shown.output)
    summary, saved = ragbook.refresh(path, backup=False)
    expected = RefreshResult(str(path), summary, saved).as_json()
    assert printed == expected
    text = runner.invoke(main, ["refresh", str(path), "--no-backup"]).output
    assert text.splitlines()[0] == f"{RefreshResult(str(path), summary, saved).sentence()}."
