"""ragbook report: writes the board paper beside the plan and never changes the plan."""

from __future__ import annotations

import sys

import pytest
from board_plans import build_tfc_progress
from click.testing import CliRunner

from ragbook.cli import main


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_report_writes_the_paper_and_leaves_the_plan_alone(tmp_path):
    plan = build_tfc_progress(tmp_path)
    before = plan.read_bytes()
    out = tmp_path / "board-pack.html"
    result = run(
        "report", plan, "--out", out, "--as-of", "2019-01-21", "--board-date", "31/01/2019"
    )
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        f"Wrote the board report for 31/01/2019 to {out} (figures as of 21/01/2019).",
        "There are 95 actions in the plan: 2 red, 3 amber, 74 green and 16 completed.",
        "94.7% of actions are on track or completed (90 of 95).",
        "5 actions are overdue and 18 more fall due by the board meeting on 31/01/2019.",
    ]
    assert "<h1>TfC Learning and Improvement Plan</h1>" in out.read_text(encoding="utf-8")
    assert plan.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["board-pack.html", plan.name]


def test_report_refuses_what_it_cannot_write_in_one_line(tmp_path):
    plan = build_tfc_progress(tmp_path)
    result = run("report", plan, "--out", tmp_path / "board.txt")
    assert result.exit_code == 2
    assert result.output == (
        "Error: board.txt: ragbook writes the board report as HTML, PDF "
        "or Word; name the file with .html, .pdf or .docx, e.g. "
        "board-pack.html.\n"
    )
    result = run(
        "report",
        plan,
        "--out",
        tmp_path / "b.html",
        "--as-of",
        "2019-01-21",
        "--board-date",
        "2019-01-01",
    )
    assert result.exit_code == 2
    assert result.output == (
        "Error: --board-date 2019-01-01 is before the as-of date "
        "2019-01-21; give the date of the next board meeting.\n"
    )
    assert not (tmp_path / "b.html").exists() and not (tmp_path / "board.txt").exists()


@pytest.mark.parametrize(
    "suffix, module, needs, extra",
    [
        (
            ".pdf",
            "weasyprint",
            "PDF needs WeasyPrint",
            "'ragbook[pdf]' (and Pango: apt-get install libpango-1.0-0 libpangoft2-1.0-0)",
        ),
        (".docx", "docx", "Word needs python-docx", "'ragbook[word]'"),
    ],
)
def test_without_the_optional_library_says_how_to_get_it(
    tmp_path, monkeypatch, suffix, module, needs, extra
):
    monkeypatch.setitem(sys.modules, module, None)  # as if it were not installed
    plan = build_tfc_progress(tmp_path)
    result = run("report", plan, "--out", tmp_path / f"board{suffix}")
    assert result.exit_code == 2
    assert result.output.startswith(f"Error: board{suffix}: writing the board report as {needs} (")
    assert result.output.endswith(f"install it with: pip install {extra}, or write .html.\n")
    assert result.output.count("\n") == 1 and not (tmp_path / f"board{suffix}").exists()
