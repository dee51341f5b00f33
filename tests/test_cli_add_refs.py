"""ragbook add-refs on the command line: the report, --dry-run, --json."""

from __future__ import annotations

import json
from datetime import date

from builders import write_plan
from click.testing import CliRunner
from council_layouts import build_telford

from ragbook.cli import main


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_dry_run_then_add(tmp_path):
    path = build_telford(tmp_path).path
    before = path.read_bytes()
    result = run("add-refs", path, "--dry-run")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "  Getting to Good!A39: 2.1a  (Embed the use of chronologies in all case files)",
        f"Dry run: 1 ref would be added to {path}; nothing was written.",
    ]
    assert path.read_bytes() == before
    result = run("add-refs", path, "--as-of", "2018-03-31")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[1] == (
        f"Added 1 ref to {path} and refreshed it as of 31/03/2018; 1 row added to the Change log."
    )
    assert lines[2].startswith("Previous version kept as ")
    assert run("add-refs", path).output == f"Every action in {path} has a ref; nothing to add.\n"


def test_json(tmp_path):
    path = build_telford(tmp_path).path
    out = json.loads(run("add-refs", path, "--json", "--no-backup").output)
    assert out == {
        "file": str(path),
        "dry_run": False,
        "written": True,
        "sheet": "Getting to Good",
        "backup": None,
        "refs": [
            {
                "row": 39,
                "cell": "A39",
                "ref": "2.1a",
                "action": "Embed the use of chronologies in all case files",
            }
        ],
    }


def test_no_ref_column_is_one_line_and_exit_2(tmp_path):
    path = write_plan(
        tmp_path / "plan.xlsx",
        [["Audit", "AF", date(2019, 1, 31), "Red"]],
        headers=["Action", "Lead(s)", "Date due", "RAG rating"],
    )
    result = run("add-refs", path)
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: Actions has no Ref column")
