"""The stamp: canonical values, fingerprints, and a checksum that shows edits."""

from __future__ import annotations

from datetime import date

import pytest
from builders import write_loop_plan

import ragbook
from ragbook.rules.identity import Identity
from ragbook.rules.scales import PRESETS
from ragbook.rules.stamp import (
    Stamp,
    StampProblem,
    StampRow,
    action_values,
    canonical,
    from_rows,
    locked_hash,
    row_fingerprint,
    same_plan,
    value_hash,
)

RAG4 = PRESETS["rag4"]


def stamp() -> Stamp:
    rows = [
        StampRow(
            "1.1",
            17,
            2,
            "f" * 64,
            {"rating": value_hash("rating", "Red")},
            (Identity("1.1", "recruit social workers", "c" * 16),),
            {"B": locked_hash("Recruit social workers"), "C": locked_hash(None)},
        ),
        StampRow(
            "1.5 / 1.6",
            18,
            3,
            "e" * 64,
            {"rating": value_hash("rating", "")},
            (Identity("1.5", "audit files", "d" * 16), Identity("1.6", "review policy", "d" * 16)),
            {},
            ("rating",),
        ),
    ]
    return Stamp(
        "Children's plan",
        "AF",
        date(2019, 1, 31),
        "Actions for AF",
        {"ref": 1, "rating": 5, "progress": 7},
        rows,
        "plan.xlsx",
        "0123456789abcdef",
        {"B": ("action", "Action"), "C": ("due", "Date due")},
    )


def format_1_stamp() -> Stamp:
    """A stamp as ragbook wrote it before identities (format 1)."""
    rows = [StampRow("1.1", 17, 2, "f" * 64, {"rating": value_hash("rating", "Red")})]
    return Stamp(
        "Children's plan",
        "AF",
        date(2019, 1, 31),
        "Actions for AF",
        {"ref": 1, "rating": 5, "progress": 7},
        rows,
        "plan.xlsx",
        format="1",
    )


@pytest.mark.parametrize(
    "key, value, expected",
    [
        ("rating", "g", "Green"),
        ("rating", " Completed ", "Completed"),
        ("rating", "Amberr", "Amberr"),
        ("rating", None, ""),
        ("percent_complete", 0.35000000000000003, "35"),
        ("percent_complete", 1 / 3, "33.33"),
        ("percent_complete", 0, "0"),
        ("percent_complete", None, ""),
        ("progress", "  Done.\r\nNext: audit\r", "Done.\nNext: audit"),
    ],
)
def test_canonical_forms(key, value, expected):
    assert canonical(key, value, RAG4) == expected


def test_the_stamp_survives_a_trip_through_rows_of_text():
    original = stamp()
    rows = original.to_rows()
    assert rows[0] == ["ragbook lead workbook", "2"]
    assert rows[7:9] == [
        ["plan id", "0123456789abcdef"],
        ["locked", '{"B":["action","Action"],"C":["due","Date due"]}'],
    ]
    assert rows[11] == [
        "Row",
        "Ref",
        "Plan row",
        "Fingerprint",
        "rating",
        "percent_complete",
        "progress",
        "evidence",
        "Identity",
    ]
    assert rows[13][8] == (
        '{"actions":[["1.5","audit files","dddddddddddddddd"],["1.6",'
        '"review policy","dddddddddddddddd"]],"calculated":["rating"],'
        '"locked":{}}'
    )
    back = from_rows([list(r) for r in rows])
    assert back == original
    assert back.id == original.checksum()[:12] and len(back.id) == 12
    assert [i.ref for i in back.rows[1].actions] == ["1.5", "1.6"]


def test_a_stamp_of_format_1_still_reads_and_its_actions_are_found_by_ref():
    original = format_1_stamp()
    rows = original.to_rows()
    assert rows[0] == ["ragbook lead workbook", "1"] and len(rows[-1]) == 8
    back = from_rows([list(r) for r in rows])
    assert back == original and back.plan_id == "" and back.locked_columns == {}
    assert back.rows[0].actions == (Identity("1.1"),)  # no words: matched by ref alone


@pytest.mark.parametrize(
    "edit",
    [
        lambda rows: rows[2].__setitem__(1, "BB"),  # the lead
        lambda rows: rows[12].__setitem__(1, "9.9"),  # an action's ref
        lambda rows: rows[12].__setitem__(4, value_hash("rating", "Green")),  # a value sent
        lambda rows: rows[7].__setitem__(1, "fedcba9876543210"),  # the plan id
        lambda rows: rows[13].__setitem__(8, rows[13][8].replace("audit", "edit")),  # an identity
        lambda rows: rows.pop(),  # a row
    ],
)
def test_an_edited_stamp_no_longer_matches_its_checksum(edit):
    rows = [list(r) for r in stamp().to_rows()]
    edit(rows)
    with pytest.raises(StampProblem, match="has been edited"):
        from_rows(rows)


@pytest.mark.parametrize(
    "rows, message",
    [
        ([], "has no ragbook stamp"),
        ([["something else"]], "has no ragbook stamp"),
        ([["ragbook lead workbook", "3"]], "another version of ragbook"),
        ([["ragbook lead workbook", "1"], ["plan", "x"]], "has no lead"),
    ],
)
def test_what_is_not_a_stamp_says_why(rows, message):
    with pytest.raises(StampProblem, match=message):
        from_rows(rows)


@pytest.mark.parametrize(
    "damage",
    [
        lambda rows: rows[3].__setitem__(1, "31/01/2019"),  # as of, not ISO
        lambda rows: rows[13].__setitem__(8, "{not json"),  # an identity
        lambda rows: rows[8].__setitem__(1, "[1, 2]"),  # the locked columns
    ],
)
def test_a_damaged_stamp_is_reported_not_a_traceback(damage):
    rows = [list(r) for r in stamp().to_rows()]
    damage(rows)
    with pytest.raises(StampProblem, match="damaged"):
        from_rows(rows)


def test_the_row_fingerprint_changes_with_anything_the_lead_saw(tmp_path):
    with ragbook.load(write_loop_plan(tmp_path / "plan.xlsx")) as plan:
        action = plan.actions[0]
    values = action_values(action)
    assert values == {
        "rating": "Red",
        "percent_complete": "25",
        "progress": "Behind",
        "evidence": "Minutes of the board",
    }
    before = row_fingerprint(action, values)
    assert row_fingerprint(action, dict(values, progress="Ahead")) != before
    action.due_text = "01/03/2019"
    assert row_fingerprint(action, values) != before


def test_plans_are_the_same_whatever_the_case_and_spacing():
    assert same_plan("Children's  Services plan", "children's services Plan")
    assert not same_plan("SEND plan", "Children's plan")


def test_a_locked_cells_fingerprint_is_what_it_shows():
    assert locked_hash(date(2017, 3, 31)) == locked_hash("31/03/2017")
    assert locked_hash(12000) == locked_hash(12000.0)
    assert locked_hash(" Review  the\npolicy ") == locked_hash("Review the policy")
    assert locked_hash(None) == locked_hash("")
    assert locked_hash(date(2017, 6, 30)) != locked_hash(date(2017, 3, 31))
    assert len(locked_hash("x")) == 16
