"""add-refs: refs for the actions without one, from the plan's own numbering."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from builders import action, write_plan
from council_layouts import TELFORD_SHEET, build_reading, build_telford
from test_collect_councils import cells, change_log

import ragbook
from ragbook.addrefs import add_refs, derive_refs
from ragbook.errors import UsageProblem

NOW = datetime(2018, 4, 3, 10, 30)
AS_OF = date(2018, 3, 31)


@pytest.fixture
def telford(tmp_path):
    return build_telford(tmp_path, name="telford.xlsx", action_refs=False).path


def test_refs_come_from_the_recommendation_row_above_and_only_empty_ref_cells_change(telford):
    before = cells(telford, TELFORD_SHEET)
    added = add_refs(telford, now=NOW, as_of=AS_OF, backup=False)
    # Recommendation rows 1.1 (row 15), 1.2 (23), 1.3 (28), 1.4 (31), 2.1 (35), 2.2 (40),
    # 3.3 (43, no action) and 3.4 (44); the repeated header at row 21 is not an action.
    assert [(r.cell, r.ref) for r in added.refs] == [
        ("A18", "1.1a"),
        ("A19", "1.1b"),
        ("A20", "1.1c"),
        ("A22", "1.1d"),
        ("A25", "1.2a"),
        ("A26", "1.2b"),
        ("A27", "1.2c"),
        ("A29", "1.3a"),
        ("A30", "1.3b"),
        ("A32", "1.4a"),
        ("A33", "1.4b"),
        ("A37", "2.1a"),
        ("A38", "2.1b"),
        ("A39", "2.1c"),
        ("A41", "2.2a"),
        ("A45", "3.4a"),
        ("A46", "3.4b"),
    ]
    assert cells(telford, TELFORD_SHEET) == {**before, **{r.cell: r.ref for r in added.refs}}
    log = change_log(telford)
    assert log[0] == ["telford.xlsx", None, "1.1a", "Ref", None, "1.1a", "applied"]
    assert [r[2] for r in log] == [r.ref for r in added.refs]
    with ragbook.load(telford) as plan:
        assert [a.ref for a in plan.actions][:3] == ["1.1a", "1.1b", "1.1c"]
        assert not any("no ref" in p.message for p in plan.problems)
    # Run again: every action has a ref; nothing to add, nothing written.
    again = telford.read_bytes()
    assert add_refs(telford, now=NOW, as_of=AS_OF, backup=False).refs == []
    assert telford.read_bytes() == again


def test_a_dry_run_writes_nothing(telford):
    before = telford.read_bytes()
    added = add_refs(telford, now=NOW, dry_run=True)
    assert len(added.refs) == 17 and added.saved is None
    assert telford.read_bytes() == before


def test_one_action_without_a_ref_among_numbered_ones(tmp_path):
    # Seed 004 as built: one action under recommendation 2.1 (2.1.1, 2.1.2) has no ref.
    path = build_telford(tmp_path).path
    added = add_refs(path, now=NOW, dry_run=True)
    assert [(r.cell, r.ref, r.action) for r in added.refs] == [
        ("A39", "2.1a", "Embed the use of chronologies in all case files")
    ]


def test_without_a_heading_ref_the_recommendation_then_the_priority_then_a_number(tmp_path):
    headers = ["Ref", "Ofsted recommendation", "Action", "Lead(s)", "Date due", "RAG rating"]
    due = date(2019, 1, 31)
    rows = [
        [None, "4", "Audit supervision", "AF", due, "Red"],
        [None, "4", "Train managers", "AF", due, "Red"],
        ["4a", "4", "Already numbered", "AF", due, "Red"],
        [None, "4", "Review thresholds", "AF", due, "Red"],
        [None, None, "PRIORITY TWO - Practice and systems", None, None, None],
        [None, None, "Brief the board", "AF", due, "Red"],
        [None, None, "Publish the practice standards", "AF", due, "Red"],
    ]
    path = write_plan(tmp_path / "plan.xlsx", rows, headers=headers)
    with ragbook.load(path) as plan:
        refs = derive_refs(plan.data, {})
    # 4a is taken, so the actions under recommendation 4 are 4b, 4c, 4d; under the
    # priority heading, with no recommendation, P2a and P2b.
    assert [(r.cell, r.ref) for r in refs] == [
        ("A2", "4b"),
        ("A3", "4c"),
        ("A5", "4d"),
        ("A7", "P2a"),
        ("A8", "P2b"),
    ]
    plain = write_plan(
        tmp_path / "plain.xlsx",
        [[None, None, "Brief the board", "AF", due, "Red"]],
        headers=headers,
    )
    with ragbook.load(plain) as plan:
        assert [r.ref for r in derive_refs(plan.data, {})] == ["A1"]


def test_a_plan_with_no_ref_column_is_refused_with_the_fix(tmp_path):
    path = write_plan(
        tmp_path / "plan.xlsx",
        [["Audit supervision", "AF", date(2019, 1, 31), "Red"]],
        headers=["Action", "Lead(s)", "Date due", "RAG rating"],
    )
    before = path.read_bytes()
    with pytest.raises(UsageProblem) as error:
        add_refs(path, now=NOW)
    assert str(error.value) == (
        "Actions has no Ref column for the refs of its 1 action without "
        "one; add a column headed 'Ref' to row 1, then run add-refs "
        "again"
    )
    assert path.read_bytes() == before


def test_refs_typed_in_the_action_text_are_refs_already(tmp_path):
    # Seed 000: no Ref column, but every action's text starts with its ref.
    path = build_reading(tmp_path).path
    assert add_refs(path, now=NOW, dry_run=True).refs == []


def test_the_checks_entry_for_actions_without_refs_is_one_line(telford):
    with ragbook.load(telford) as plan:
        no_ref = [p for p in plan.problems if "no ref" in p.message]
    assert [p.line() for p in no_ref] == [
        f"{TELFORD_SHEET}!A18: 17 actions have no ref: rows 18-46; type a reference such as "
        "1.2 in the Ref column of each, or run 'ragbook add-refs' to fill the empty Ref cells "
        "from the recommendation or section numbering."
    ]
    path = write_plan(
        telford.parent / "mixed.xlsx",
        [action(None, "One"), action(None, "Two"), action("1.3", "Three"), action(None, "Four")],
    )
    with ragbook.load(path) as plan:
        assert [p.message for p in plan.problems if "no ref" in p.message] == [
            "3 actions have no ref: rows 2-3, 5"
        ]
