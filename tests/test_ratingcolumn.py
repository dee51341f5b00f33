"""ragbook.read.rating_column: the rating column found by what it holds, on workbooks on disk."""

from __future__ import annotations

from datetime import date

import openpyxl
from builders import write_plan
from openpyxl.styles import PatternFill

import ragbook


def plan_with(tmp_path, headers, rows, fills=None, **kwargs):
    path = write_plan(tmp_path / "plan.xlsx", rows, headers=headers, settings=False, **kwargs)
    if fills:
        wb = openpyxl.load_workbook(path)
        for ref, rgb in fills.items():
            wb["Actions"][ref].fill = PatternFill("solid", fgColor="FF" + rgb)
        wb.save(path)
    return path


def read(path):
    with ragbook.load(path) as plan:
        return plan.data, plan.actions, plan.problems


def test_a_status_column_of_ratings_is_the_rating_column(tmp_path):
    """ "Status" may name the rating or a progress note: here it holds ratings."""
    rows = [
        ["1.1", "Audit files", "AF", date(2019, 1, 31), "Red", "Behind"],
        ["1.2", "Train managers", "SG", date(2019, 3, 31), "Green", "Booked"],
        ["1.3", "Recruit", "AF", date(2019, 6, 30), "", "Advert out"],
    ]
    data, actions, problems = read(
        plan_with(tmp_path, ["Ref", "Action", "Lead", "Due date", "Status", "Update"], rows)
    )
    assert data.rating_columns == [("", 5)]
    assert [a.rating.shown for a in actions] == ["Red", "Green", "Not rated"]
    guess = next(g for g in data.guesses if g.what == "rating column")
    assert guess.said == (
        "the RAG rating column: E 'Status', as its heading could mean a "
        "rating or a progress note and 2 of its 2 filled cells are ratings of "
        "the rag4 scale"
    )
    assert ("Actions", "E1") in [(p.sheet, p.cell) for p in problems]


def test_a_status_column_of_notes_is_the_progress_and_the_ratings_are_found_elsewhere(tmp_path):
    rows = [
        ["1.1", "Audit files", "AF", date(2019, 1, 31), "Started in March", None],
        ["1.2", "Train managers", "SG", date(2019, 3, 31), "Booked for May", None],
        ["1.3", "Recruit", "AF", date(2019, 6, 30), "Advert out", None],
    ]
    path = plan_with(
        tmp_path,
        ["Ref", "Action", "Lead", "Due date", "Status", "Colour"],
        rows,
        fills={"F2": "FF0000", "F3": "00B050", "F4": "FFC000"},
    )
    data, actions, _ = read(path)
    assert data.columns["progress"] == 5 and data.rating_columns == [("", 6)]
    assert [(a.progress, a.rating.shown) for a in actions] == [
        ("Started in March", "Red"),
        ("Booked for May", "Green"),
        ("Advert out", "Amber"),
    ]


def test_one_colour_down_a_whole_column_is_not_taken_for_ratings(tmp_path):
    """A banded column (every cell the same pale blue) is decoration."""
    rows = [
        ["1.1", "Audit files", "AF", date(2019, 1, 31), "first note"],
        ["1.2", "Train managers", "SG", date(2019, 3, 31), "second note"],
        ["1.3", "Recruit", "AF", date(2019, 6, 30), "third note"],
    ]
    path = plan_with(
        tmp_path,
        ["Ref", "Action", "Lead", "Due date", "Notes", "Band"],
        rows,
        fills={"F2": "0070C0", "F3": "0070C0", "F4": "0070C0"},
    )
    data, _, problems = read(path)
    assert data.rating_columns == []
    assert [p.message for p in problems][-1] == "the header row has no RAG rating column"


def test_a_rating_column_pinned_on_settings_is_not_guessed(tmp_path):
    rows = [
        ["1.1", "Audit files", "AF", date(2019, 1, 31), "Red"],
        ["1.2", "Train managers", "SG", date(2019, 3, 31), "Green"],
    ]
    path = plan_with(tmp_path, ["Ref", "Action", "Lead", "Due date", "Status"], rows)
    wb = openpyxl.load_workbook(path)
    wb.create_sheet("Settings").append(["RAG rating column", "E"])
    wb.save(path)
    data, actions, _ = read(path)
    assert [a.rating.shown for a in actions] == ["Red", "Green"]
    assert [g.what for g in data.guesses] == ["scale"]
