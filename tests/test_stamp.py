"""The stamp: canonical values, fingerprints, and a checksum that shows edits."""

from __future__ import annotations

from datetime import date

import pytest

import ragbook
from builders import write_loop_plan
from ragbook.scales import PRESETS
from ragbook.stamp import (Stamp, StampProblem, StampRow, action_values, canonical, from_rows,
                           row_fingerprint, same_plan, value_hash)

RAG4 = PRESETS["rag4"]


def stamp() -> Stamp:
    rows = [StampRow("1.1", 17, 2, "f" * 64, {"rating": value_hash("rating", "Red")}),
            StampRow("1.2", 18, 3, "e" * 64, {"rating": value_hash("rating", "")})]
    return Stamp("Children's plan", "AF", date(2019, 1, 31), "Actions for AF",
                 {"ref": 1, "rating": 5, "progress": 7}, rows, "plan.xlsx")


@pytest.mark.parametrize("key, value, expected", [
    ("rating", "g", "Green"), ("rating", " Completed ", "Completed"), ("rating", "Amberr", "Amberr"),
    ("rating", None, ""), ("percent_complete", 0.35000000000000003, "35"),
    ("percent_complete", 1 / 3, "33.33"), ("percent_complete", 0, "0"),
    ("percent_complete", None, ""), ("progress", "  Done.\r\nNext: audit\r", "Done.\nNext: audit"),
])
def test_canonical_forms(key, value, expected):
    assert canonical(key, value, RAG4) == expected


def test_the_stamp_survives_a_trip_through_rows_of_text():
    original = stamp()
    back = from_rows([list(r) for r in original.to_rows()])
    assert back == original
    assert back.id == original.checksum()[:12] and len(back.id) == 12


@pytest.mark.parametrize("edit", [
    lambda rows: rows[2].__setitem__(1, "BB"),  # the lead
    lambda rows: rows[11].__setitem__(1, "9.9"),  # an action's ref
    lambda rows: rows[10].__setitem__(4, value_hash("rating", "Green")),  # a value sent
    lambda rows: rows.pop(),  # a row
])
def test_an_edited_stamp_no_longer_matches_its_checksum(edit):
    rows = [list(r) for r in stamp().to_rows()]
    edit(rows)
    with pytest.raises(StampProblem, match="has been edited"):
        from_rows(rows)


@pytest.mark.parametrize("rows, message", [
    ([], "has no ragbook stamp"), ([["something else"]], "has no ragbook stamp"),
    ([["ragbook lead workbook", "2"]], "another version of ragbook"),
    ([["ragbook lead workbook", "1"], ["plan", "x"]], "has no lead"),
])
def test_what_is_not_a_stamp_says_why(rows, message):
    with pytest.raises(StampProblem, match=message):
        from_rows(rows)


def test_a_damaged_stamp_is_reported_not_a_traceback():
    rows = [list(r) for r in stamp().to_rows()]
    rows[3][1] = "31/01/2019"  # as of, not ISO
    with pytest.raises(StampProblem, match="damaged"):
        from_rows(rows)


def test_the_row_fingerprint_changes_with_anything_the_lead_saw(tmp_path):
    with ragbook.load(write_loop_plan(tmp_path / "plan.xlsx")) as plan:
        action = plan.action_list[0]
    values = action_values(action)
    assert values == {"rating": "Red", "percent_complete": "25", "progress": "Behind",
                      "evidence": "Minutes of the board"}
    before = row_fingerprint(action, values)
    assert row_fingerprint(action, dict(values, progress="Ahead")) != before
    action.due_text = "01/03/2019"
    assert row_fingerprint(action, values) != before


def test_plans_are_the_same_whatever_the_case_and_spacing():
    assert same_plan("Children's  Services plan", "children's services Plan")
    assert not same_plan("SEND plan", "Children's plan")
