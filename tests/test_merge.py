"""Merging returned workbooks into the plan's values: changes, and conflicts that are not."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from builders import action, lead_edit, row_of, write_loop_plan, write_plan

import ragbook
from ragbook.read.returned import read_returned
from ragbook.rules.change_log import LogEntry
from ragbook.rules.merge import PlanState
from ragbook.split import split_plan

FIRST, SECOND = 17, 18  # rows of the AF workbook holding actions 1.1 and 1.2


@pytest.fixture
def plan(tmp_path) -> Path:
    return write_loop_plan(tmp_path / "plan.xlsx")


def split_for(plan: Path, lead: str = "AF") -> Path:
    with ragbook.load(plan) as loaded:
        return split_plan(loaded, plan.parent / "out", leads=[lead]).files[0].path


def merge(plan: Path, *files: Path, log: list[LogEntry] | None = None):
    with ragbook.load(plan) as loaded:
        state = PlanState(loaded.data, log or [])
        outcomes = []
        for f in files:
            outcomes.append(state.merge(read_returned(f, loaded.scale)))
            if not outcomes[-1].problems:
                state.apply(outcomes[-1])
        return outcomes


def edit_plan(plan: Path, edits: dict[str, object]) -> None:
    wb = openpyxl.load_workbook(plan)
    for ref, value in edits.items():
        wb["Actions"][ref] = value
    wb.save(plan)


def test_what_the_lead_changed_becomes_a_change_in_the_plans_own_way(plan):
    af = lead_edit(
        split_for(plan),
        {
            f"E{FIRST}": "Amber",
            f"F{SECOND}": 0.5,
            f"G{SECOND}": "Started",
            f"E{SECOND}": "Completed",
        },
    )
    (outcome,) = merge(plan, af)
    assert outcome.status == "applied" and outcome.problems == []
    assert [(c.ref, c.key, c.cell, c.old, c.new, c.value) for c in outcome.changes] == [
        ("1.1", "rating", "F2", "Red", "Amber", "Amber"),
        ("1.2", "rating", "F3", "Green", "Completed", "C"),  # the plan typed G: a code again
        ("1.2", "percent_complete", "G3", "", "50", 0.5),
        ("1.2", "progress", "H3", "", "Started", "Started"),
    ]
    assert [c.line() for c in outcome.changes][:3] == [
        "1.1 RAG rating: Red -> Amber",
        "1.2 RAG rating: Green -> Completed",
        "1.2 % complete:  -> 50%",
    ]


def test_percent_typed_0_to_100_in_the_plan_is_written_that_way(tmp_path):
    path = write_plan(tmp_path / "plan.xlsx", [action("1.1", percent=25)])
    af = lead_edit(split_for(path), {f"F{FIRST}": 0.6})
    (outcome,) = merge(path, af)
    assert [(c.old, c.new, c.value) for c in outcome.changes] == [("25", "60", 60.0)]


def test_a_workbook_as_sent_or_collected_twice_changes_nothing(plan):
    af = split_for(plan)
    assert merge(plan, af)[0].status == "unchanged"
    lead_edit(af, {f"E{FIRST}": "Amber"})
    first, second = merge(plan, af, af)
    assert first.status == "applied" and second.status == "unchanged"


def test_both_sides_changing_one_value_is_a_conflict_and_the_other_cells_still_go_in(plan):
    af = lead_edit(split_for(plan), {f"E{FIRST}": "Amber", f"G{SECOND}": "Started"})
    edit_plan(plan, {"F2": "Green"})
    (outcome,) = merge(plan, af)
    assert outcome.status == "partly applied"
    assert [(c.ref, c.key, c.new) for c in outcome.changes] == [("1.2", "progress", "Started")]
    assert [p.line() for p in outcome.problems] == [
        "Actions!F2: action 1.1: the plan's RAG rating was changed after the workbook was split "
        "(it is now 'Green') and AF changed it too, to 'Amber'; decide which is right: type it "
        "into the plan, or set the lead's workbook to the plan's value; then collect again."
    ]


def test_the_plan_changing_another_value_of_the_row_is_not_a_conflict(plan):
    af = lead_edit(split_for(plan), {f"E{FIRST}": "Amber"})
    edit_plan(plan, {"H2": "Owner's note", "E2": datetime(2019, 3, 1)})
    (outcome,) = merge(plan, af)
    assert outcome.status == "applied"
    assert [(c.ref, c.key) for c in outcome.changes] == [("1.1", "rating")]


def test_both_sides_making_the_same_change_is_no_change(plan):
    af = lead_edit(split_for(plan), {f"E{FIRST}": "Amber"})
    edit_plan(plan, {"F2": "A"})
    assert merge(plan, af)[0].status == "unchanged"


def test_two_leads_of_one_action_changing_it_the_second_is_a_conflict(plan):
    af = lead_edit(split_for(plan, "AF"), {f"E{SECOND}": "Amber"})
    amd = lead_edit(split_for(plan, "AMD"), {f"E{FIRST}": "Red"})  # 1.2 is AMD's first row
    first, second = merge(plan, af, amd)
    assert first.status == "applied"
    assert second.status == "not applied"
    assert (
        "the plan's RAG rating was changed after the workbook was split (it is now "
        "'Amber') and AMD changed it too, to 'Red'" in second.problems[0].message
    )


def test_a_corrected_workbook_from_the_same_lead_replaces_their_own_earlier_update(plan):
    af = split_for(plan)
    first = lead_edit(af, {f"E{FIRST}": "Amber"}, save_as=af.with_name("first.xlsx"))
    second = lead_edit(af, {f"E{FIRST}": "Green"}, save_as=af.with_name("second.xlsx"))
    (applied,) = merge(plan, first)
    edit_plan(plan, {"F2": "Amber"})  # as the first collect wrote it
    log = [
        LogEntry(
            datetime(2019, 1, 20),
            "first.xlsx",
            "AF",
            "1.1",
            "RAG rating",
            "Red",
            "Amber",
            applied.workbook_id,
        )
    ]
    (outcome,) = merge(plan, second, log=log)
    assert outcome.status == "applied"
    assert [(c.old, c.new) for c in outcome.changes] == [("Amber", "Green")]


def test_actions_with_the_same_words_cannot_be_told_apart_once_renumbered(plan):
    # Every action of the loop plan reads "Do something": its ref is all that tells
    # them apart, so one renumbered (or a ref doubled) cannot be found again.
    af = lead_edit(split_for(plan), {f"E{FIRST}": "Amber", f"E{SECOND}": "Red"})
    edit_plan(plan, {"A2": "1.9", "A4": "1.2"})
    (outcome,) = merge(plan, af)
    assert outcome.status == "not applied" and outcome.changes == []
    assert [p.line() for p in outcome.problems] == [
        f"[{af.name}]Actions for AF!E{FIRST}: action 1.1 ('Do something') matches 5 actions of "
        "the plan, 1.9 (row 2), 1.2 (row 3), 1.2 (row 4), 2.2 (row 5), 2.3 (row 6), so ragbook "
        "cannot tell which one the update is for; not applied; type the update into the plan by "
        "hand for the right one.",
        f"[{af.name}]Actions for AF!E{SECOND}: action 1.2 ('Do something') matches 5 actions of "
        "the plan, 1.9 (row 2), 1.2 (row 3), 1.2 (row 4), 2.2 (row 5), 2.3 (row 6), so ragbook "
        "cannot tell which one the update is for; not applied; type the update into the plan by "
        "hand for the right one.",
    ]


def test_a_row_the_lead_left_alone_needs_no_action_in_the_plan(plan):
    # 1.1 is renumbered in the plan (and its words are everyone's), but the lead did not
    # touch it: their update to 1.2 still goes in.
    af = lead_edit(split_for(plan), {f"G{SECOND}": "Started"})
    edit_plan(plan, {"A2": "1.9"})
    (outcome,) = merge(plan, af)
    assert outcome.problems == []
    assert [(c.ref, c.key, c.new) for c in outcome.changes] == [("1.2", "progress", "Started")]


def test_a_rating_not_on_the_scale_is_a_problem_only_when_the_lead_typed_it(plan, tmp_path):
    edit_plan(plan, {"F3": "Greenish"})  # 1.2: a typo in the plan, sent as it is
    af = split_for(plan)
    assert merge(plan, af)[0].status == "unchanged"
    row = row_of(af, "1.1")
    lead_edit(af, {f"E{row}": "Amberish"})
    (outcome,) = merge(plan, af)
    assert [p.line() for p in outcome.problems] == [
        f"[{af.name}]Actions for AF!E{row}: action 1.1: 'Amberish' is not a rating on the "
        "plan's scale; choose one of Red (R), Amber (A), Green (G), Completed (C)."
    ]


def test_a_cleared_rating_is_a_problem(plan):
    af = lead_edit(split_for(plan), {f"E{FIRST}": None})
    (outcome,) = merge(plan, af)
    assert [p.line() for p in outcome.problems] == [
        f"[{af.name}]Actions for AF!E{FIRST}: action 1.1: AF cleared the rating; choose a rating "
        "from the list in the lead's workbook."
    ]


def test_a_workbook_from_another_plan(plan, tmp_path):
    af = lead_edit(split_for(plan), {f"E{FIRST}": "Amber"})
    other = write_loop_plan(tmp_path / "other.xlsx", title="SEND improvement plan")
    (outcome,) = merge(other, af)
    assert outcome.status == "not applied" and outcome.refused
    assert [(p.sheet, p.message) for p in outcome.problems] == [
        ("", f"{af.name} was split from the plan 'Test plan', not 'SEND improvement plan'")
    ]


def test_an_update_column_the_plan_no_longer_has(plan, tmp_path):
    af = lead_edit(split_for(plan), {f"H{FIRST}": "New evidence"})
    wb = openpyxl.load_workbook(plan)
    wb["Actions"]["I1"] = "Notes on evidence"  # the Evidence header, renamed
    wb.save(plan)
    (outcome,) = merge(plan, af)
    assert outcome.problems[0].message == (
        "the plan has no Evidence column any more, so AF's update to action 1.1 has nowhere to go"
    )


def as_format_1(book: Path) -> Path:
    """The lead workbook as ragbook wrote it before stamps held identities (format 1)."""
    from ragbook.rules.scales import PRESETS
    from ragbook.rules.stamp import STAMP_SHEET, Stamp, StampRow

    stamp = read_returned(book, PRESETS["rag4"]).stamp
    old = Stamp(
        stamp.plan,
        stamp.lead,
        stamp.as_of,
        stamp.sheet,
        stamp.columns,
        [StampRow(r.ref, r.row, r.plan_row, r.fingerprint, r.sent) for r in stamp.rows],
        stamp.source,
        format="1",
    )
    wb = openpyxl.load_workbook(book)
    ws = wb[STAMP_SHEET]
    for row in ws.iter_rows(max_col=9):
        for cell in row:
            cell.value = None
    for r, values in enumerate(old.to_rows(), start=1):
        for c, value in enumerate(values, start=1):
            ws.cell(r, c, value)
    wb.save(book)
    return book


def test_a_workbook_split_before_identities_still_collects_matched_by_ref(plan):
    af = as_format_1(lead_edit(split_for(plan), {f"E{FIRST}": "Amber", f"G{SECOND}": "Started"}))
    with ragbook.load(plan) as loaded:
        assert read_returned(af, loaded.scale).stamp.format == "1"
    (outcome,) = merge(plan, af)
    assert outcome.status == "applied"
    assert [(c.ref, c.key, c.new) for c in outcome.changes] == [
        ("1.1", "rating", "Amber"),
        ("1.2", "progress", "Started"),
    ]
    edit_plan(plan, {"A2": "1.9", "A4": "1.2"})  # the old rules: by ref, as before
    (outcome,) = merge(plan, af)
    assert [p.line() for p in outcome.problems] == [
        f"[{af.name}]Actions for AF!E{FIRST}: action 1.1 is no longer in the plan; if it was "
        "renumbered, copy the lead's update to the plan by hand.",
        "Actions!A3: the ref '1.2' is on rows 3 and 4 of the plan, so "
        f"{af.name} cannot say which action it updates; give each action its own ref, then "
        "collect again.",
    ]


def test_a_workbook_whose_plan_id_differs_is_refused_in_one_line_even_with_the_same_title(
    plan, tmp_path
):
    ragbook.refresh(plan, backup=False)
    af = lead_edit(split_for(plan), {f"E{FIRST}": "Amber"})
    other = write_loop_plan(tmp_path / "other.xlsx")  # the same title, "Test plan"
    ragbook.refresh(other, backup=False)
    with ragbook.load(plan) as a, ragbook.load(other) as b:
        ours, theirs = a.marks["plan"], b.marks["plan"]
        state = PlanState(b.data, [], plan_id=theirs, plan_name="other.xlsx")
        (outcome,) = [state.merge(read_returned(af, b.scale))]
    assert ours != theirs and outcome.refused
    assert [p.message for p in outcome.problems] == [
        f"{af.name} belongs to another plan: it was split from 'Test plan' (plan.xlsx, id "
        f"{ours}), not from 'Test plan' (other.xlsx, id {theirs})"
    ]


def test_the_same_plan_id_collects_even_after_the_plan_was_renamed(plan):
    ragbook.refresh(plan, backup=False)
    af = lead_edit(split_for(plan), {f"E{FIRST}": "Amber"})
    wb = openpyxl.load_workbook(plan)
    wb["Settings"]["B3"] = "Renamed plan"
    wb.save(plan)
    with ragbook.load(plan) as loaded:
        state = PlanState(loaded.data, [], plan_id=loaded.marks["plan"])
        outcome = state.merge(read_returned(af, loaded.scale))
    assert outcome.status == "applied"
