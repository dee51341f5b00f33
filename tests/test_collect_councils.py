"""The monthly round on the councils' own layouts: an update never lands on the wrong action.

Real workbooks on disk, built in seed 000's layout (Reading: refs typed at the
start of the action text, an outcome merged over its actions, two numbered
actions sharing one rating cell, ratings coloured by hand) and seed 004's
(Telford: refs only on the recommendation rows, the rating in the Status column,
mostly shown only as a fill colour, and no progress update column but the
Performance column, read as Evidence). Each test refreshes the plan, splits it, has the owner change the
plan as owners do (insert, renumber, delete, sort, reword, give an action to
another lead) and the leads type their updates, collects, and then checks the
plan cell by cell against what it was before the collect, and the Change log
row by row.
"""

from __future__ import annotations

from copy import copy
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from council_layouts import READING_SHEET, TELFORD_SHEET, build_reading, build_telford

import ragbook
from ragbook.collect import collect_returns
from ragbook.split import split_plan

NOW = datetime(2016, 12, 21, 9, 0)
READING_AS_OF = date(2016, 12, 20)
TELFORD_AS_OF = date(2018, 3, 31)
GM = "Group Manager - Safeguarding"


# -- the plan, cell by cell --------------------------------------------------------------


def cells(path: Path, sheet: str) -> dict[str, object]:
    """Every cell of a sheet that holds something, formulas as typed."""
    ws = openpyxl.load_workbook(path)[sheet]
    return {c.coordinate: c.value for row in ws.iter_rows() for c in row if c.value is not None}


def fills(path: Path, sheet: str) -> dict[str, str]:
    """Every solid fill of a sheet, as ARGB."""
    ws = openpyxl.load_workbook(path)[sheet]
    return {
        c.coordinate: c.fill.fgColor.rgb
        for row in ws.iter_rows()
        for c in row
        if c.fill is not None and c.fill.fill_type == "solid"
    }


def format_of(path: Path, ref: str) -> tuple:
    """A cell's format but its fill: font, border, alignment, protection, number format."""
    style = openpyxl.load_workbook(path)[READING_SHEET][ref]._style
    return (style.fontId, style.borderId, style.alignmentId, style.protectionId, style.numFmtId)


def change_log(path: Path, held: bool = False) -> list[list[object]]:
    """The Change log's rows: file, lead, ref, field, old, new, status (when and the
    workbook id left out: they are checked where they matter). Rows of cells refused
    and conflicts only when `held`."""
    rows = openpyxl.load_workbook(path)["Change log"].iter_rows(min_row=5, values_only=True)
    return [
        [r[1], r[2], r[3], r[4], r[5], r[6], r[8]]
        for r in rows
        if held or r[8] not in ("refused", "conflict")
    ]


# -- the owner's edits, as Excel (here openpyxl) would save them ---------------------------


def with_merges_moved(ws, at: int, by: int, edit) -> None:
    """Run `edit` (which inserts or deletes rows at `at`) keeping merged ranges in step,
    as Excel does: a range below moves, a range across the edited rows grows or shrinks."""
    ranges = [(r.min_row, r.min_col, r.max_row, r.max_col) for r in ws.merged_cells.ranges]
    for r in list(ws.merged_cells.ranges):
        ws.unmerge_cells(str(r))
    edit()
    for r1, c1, r2, c2 in ranges:
        if r1 >= at:
            r1, r2 = r1 + by, r2 + by
        elif r2 >= at:
            r2 = max(r1, r2 + by)
        if (r1, c1) != (r2, c2):
            ws.merge_cells(start_row=r1, start_column=c1, end_row=r2, end_column=c2)


def insert_row(ws, at: int, values: dict[int, object]) -> None:
    with_merges_moved(ws, at, 1, lambda: ws.insert_rows(at))
    for col, value in values.items():
        ws.cell(at, col, value)


def delete_row(ws, at: int) -> None:
    with_merges_moved(ws, at + 1, -1, lambda: ws.delete_rows(at))


def swap_rows(ws, a: int, b: int) -> None:
    """Two rows trade places, values and formats (a fill can be the rating), as a sort does."""
    for col in range(1, ws.max_column + 1):
        x, y = ws.cell(a, col), ws.cell(b, col)
        x.value, y.value = y.value, x.value
        x._style, y._style = copy(y._style), copy(x._style)


def owner_edits(path: Path, sheet: str, edit) -> None:
    wb = openpyxl.load_workbook(path)
    edit(wb[sheet])
    wb.save(path)


# -- the round -------------------------------------------------------------------------------


def refreshed(path: Path, as_of: date) -> Path:
    ragbook.refresh(path, as_of=as_of, backup=False)  # the first refresh gives the plan its id
    return path


def split(plan: Path, as_of: date, **kwargs) -> dict[str, Path]:
    with ragbook.load(plan) as loaded:
        return {
            f.lead: f.path
            for f in split_plan(loaded, plan.parent / "out", as_of=as_of, **kwargs).files
        }


def collect(plan: Path, *books: Path, as_of: date, **kwargs):
    return collect_returns(plan, list(books), now=NOW, as_of=as_of, backup=False, **kwargs)


def lead_cell(book: Path, ref: str, header: str) -> str:
    """The cell of a lead workbook holding `header`'s column of the row for `ref`."""
    ws = openpyxl.load_workbook(book).worksheets[0]
    head = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "Ref")
    col = next(c for c in range(1, ws.max_column + 1) if ws.cell(head, c).value == header)
    row = next(r for r in range(head + 1, ws.max_row + 1) if ws.cell(r, 1).value == ref)
    return ws.cell(row, col).coordinate


def lead_types(book: Path, updates: dict[tuple[str, str], object]) -> Path:
    """A lead's edits 'as Excel would': (ref, column header) -> value; locked cells too
    (a lead can turn protection off, and openpyxl ignores it)."""
    where = {key: lead_cell(book, *key) for key in updates}
    wb = openpyxl.load_workbook(book)
    ws = wb.worksheets[0]
    for key, value in updates.items():
        ws[where[key]] = value
    wb.save(book)
    return book


@pytest.fixture
def reading(tmp_path) -> Path:
    return refreshed(build_reading(tmp_path).path, READING_AS_OF)


@pytest.fixture
def telford(tmp_path) -> Path:
    """Seed 004 as the council keeps it: refs only on the recommendation rows."""
    seed = build_telford(tmp_path, name="telford.xlsx", merge_rows=False, action_refs=False)
    return refreshed(seed.path, TELFORD_AS_OF)


# -- renumbering -----------------------------------------------------------------------------


def test_renumbered_after_the_split_each_update_reaches_its_own_action(reading):
    books = split(reading, READING_AS_OF)

    # The owner inserts a new 1.2 and renumbers the old 1.2, 1.3, 1.4 to 1.3, 1.4, 1.5.
    def renumber(ws):
        insert_row(
            ws, 26, {2: "1.2 Appoint a permanent principal social worker.", 4: "HM", 5: "31/03/17"}
        )
        for row, old, new in ((27, "1.2", "1.3"), (29, "1.3", "1.4"), (30, "1.4", "1.5")):
            ws.cell(row, 2).value = ws.cell(row, 2).value.replace(old, new, 1)

    owner_edits(reading, READING_SHEET, renumber)
    before, before_fills = cells(reading, READING_SHEET), fills(reading, READING_SHEET)
    lead_types(
        books["SG"],
        {
            ("1.3", "RAG rating"): "AMBER",
            ("1.3", "Progress update"): "Training booked for January",
            ("1.2", "Progress update"): "Four posts filled",
        },
    )
    result = collect(reading, books["SG"], as_of=READING_AS_OF)
    (outcome,) = result.outcomes
    assert outcome.status == "applied"
    assert outcome.notes == [
        "1.2 is now 1.3 in the plan; applied there",
        "1.3 is now 1.4 in the plan; applied there",
    ]
    assert [c.line() for c in outcome.changes] == [
        "1.3 Progress update:  -> Four posts filled",
        "1.4 RAG rating: LIGHT GREEN -> AMBER",
        "1.4 Progress update:  -> Training booked for January",
    ]
    # Old 1.3 is row 29 now; the new 1.2 (row 26, HM's) is untouched.
    assert cells(reading, READING_SHEET) == {
        **before,
        "H27": "Four posts filled",
        "G29": "AMBER",
        "H29": "Training booked for January",
    }
    # 1.3's rating was shown only by its light green fill: the fill follows the rating.
    assert fills(reading, READING_SHEET) == {**before_fills, "G29": "FFFFC000"}
    assert change_log(reading) == [
        [
            "SG 2016-12-20.xlsx",
            "SG",
            "1.3",
            "Progress update",
            None,
            "Four posts filled",
            "applied",
        ],
        ["SG 2016-12-20.xlsx", "SG", "1.4", "RAG rating", "LIGHT GREEN", "AMBER", "applied"],
        [
            "SG 2016-12-20.xlsx",
            "SG",
            "1.4",
            "Progress update",
            None,
            "Training booked for January",
            "applied",
        ],
    ]


def test_an_action_reworded_after_the_split_is_a_conflict_shown_with_both_texts(reading):
    books = split(reading, READING_AS_OF)
    owner_edits(
        reading,
        READING_SHEET,
        lambda ws: setattr(
            ws["B31"], "value", "4.2 Commission an external supervision audit of every team."
        ),
    )
    before = cells(reading, READING_SHEET)
    lead_types(
        books["AMD"],
        {("4.2", "RAG rating"): "LIGHT GREEN", ("1.4", "Progress update"): "Audit complete"},
    )
    (outcome,) = collect(reading, books["AMD"], as_of=READING_AS_OF).outcomes
    assert outcome.status == "partly applied"
    cell = lead_cell(books["AMD"], "4.2", "RAG rating")
    assert [p.line() for p in outcome.problems] == [
        f"[AMD 2016-12-20.xlsx]Actions for AMD!{cell}: action 4.2 was reworded in the plan "
        "after the split: the plan's 4.2 now reads '4.2 Commission an external supervision "
        "audit of every team.', and AMD 2016-12-20.xlsx was about '4.2 All managers of case "
        "holding staff to receive mandatory…'; not applied; if the update still applies, type "
        "it into the plan by hand."
    ]
    assert cells(reading, READING_SHEET) == {**before, "H29": "Audit complete"}
    assert change_log(reading) == [
        ["AMD 2016-12-20.xlsx", "AMD", "1.4", "Progress update", None, "Audit complete", "applied"]
    ]


# -- insert, delete and sort, with refs and without ----------------------------------------


def test_a_row_deleted_after_the_split_moves_the_others_and_its_own_update_is_refused(reading):
    books = split(reading, READING_AS_OF)
    owner_edits(reading, READING_SHEET, lambda ws: delete_row(ws, 30))  # 4.1, SG's
    before = cells(reading, READING_SHEET)
    lead_types(books["SG"], {("4.1", "RAG rating"): "COMPLETED"})
    lead_types(books["AMD"], {("4.2", "Progress update"): "Training dates set"})
    sg, amd = collect(reading, books["SG"], books["AMD"], as_of=READING_AS_OF).outcomes
    assert (sg.status, amd.status) == ("not applied", "applied")
    assert [p.message for p in sg.problems] == [
        "action 4.1 ('4.1 Improve the quality, frequency and recording of profess…') is no "
        "longer in the plan: no action has its ref or its words; not applied"
    ]
    assert cells(reading, READING_SHEET) == {**before, "H30": "Training dates set"}  # 4.2
    assert change_log(reading) == [
        [
            "AMD 2016-12-20.xlsx",
            "AMD",
            "4.2",
            "Progress update",
            None,
            "Training dates set",
            "applied",
        ]
    ]


def test_without_refs_an_inserted_row_does_not_send_an_update_to_a_neighbour(telford):
    books = split(telford, TELFORD_AS_OF)
    gm = books[GM]
    owner_edits(
        telford,
        TELFORD_SHEET,
        lambda ws: insert_row(
            ws, 18, {3: "Audit the supervision records of every team", 5: GM, 6: "June 2018", 7: 0}
        ),
    )
    before, before_fills = cells(telford, TELFORD_SHEET), fills(telford, TELFORD_SHEET)
    assert "H20" not in before and before_fills["H20"] == "FFFFC000"  # moved down by one
    # The lead's rows, by their refs as split ("row 19" is 'Develop and disseminate ...',
    # rated by its amber fill alone; "row 22" is 'Deliver bespoke ...').
    lead_types(
        gm,
        {
            ("row 19", "RAG rating"): "Complete",
            ("row 19", "% complete"): 1,
            ("row 22", "Evidence"): "Course commissioned for May",
        },
    )
    (outcome,) = collect(telford, gm, as_of=TELFORD_AS_OF).outcomes
    assert outcome.status == "applied"
    assert outcome.notes == [
        "row 19 is now row 20 in the plan; applied there",
        "row 22 is now row 23 in the plan; applied there",
    ]
    # The real lead's Complete is applied to their action, not dropped, and the new
    # action on row 18 (its old row's neighbour) is untouched.
    assert cells(telford, TELFORD_SHEET) == {
        **before,
        "H20": "Complete",
        "G20": 1,
        "I23": "Course commissioned for May",
    }
    assert fills(telford, TELFORD_SHEET) == {**before_fills, "H20": "FF0070C0"}
    assert change_log(telford) == [
        [
            gm.name,
            GM,
            "row 20",
            "RAG rating",
            "In progress but behind schedule",
            "Complete",
            "applied",
        ],
        [gm.name, GM, "row 20", "% complete", "75%", "100%", "applied"],
        [
            gm.name,
            GM,
            "row 23",
            "Evidence",
            "Strengthening practice course not commissioned",
            "Course commissioned for May",
            "applied",
        ],
    ]


def test_without_refs_rows_sorted_and_deleted_after_the_split(telford):
    books = split(telford, TELFORD_AS_OF)
    gm = books[GM]

    def sort_and_delete(ws):
        swap_rows(ws, 18, 20)  # sorted: 'Review and improve' first now
        delete_row(ws, 38)  # 'Agree and implement common practice framework'

    owner_edits(telford, TELFORD_SHEET, sort_and_delete)
    before = cells(telford, TELFORD_SHEET)
    lead_types(
        gm,
        {
            ("row 18", "Evidence"): "Policy relaunched",
            ("row 20", "Evidence"): "Staff briefed",
            ("row 38", "% complete"): 0.75,
            ("row 39", "Evidence"): "Chronology template agreed",
        },
    )
    (outcome,) = collect(telford, gm, as_of=TELFORD_AS_OF).outcomes
    assert outcome.status == "partly applied"
    assert [p.message for p in outcome.problems] == [
        "action row 38 ('Agree and implement common practice framework across childr…') is "
        "no longer in the plan: no action has its ref or its words; not applied"
    ]
    assert cells(telford, TELFORD_SHEET) == {
        **before,
        "I20": "Policy relaunched",
        "I18": "Staff briefed",
        "I38": "Chronology template agreed",
    }
    assert [r[2:6] for r in change_log(telford)] == [
        [
            "row 20",
            "Evidence",
            "Performance at 31.03.18: March audits: 82% cases achieved "
            "overall score of 'good' or 'outstanding'",
            "Policy relaunched",
        ],
        ["row 18", "Evidence", None, "Staff briefed"],
        ["row 38", "Evidence", None, "Chronology template agreed"],
    ]


# -- an action given to another lead ---------------------------------------------------------


def test_an_action_moved_to_another_lead_still_takes_its_old_leads_update_and_says_so(reading):
    books = split(reading, READING_AS_OF)
    owner_edits(reading, READING_SHEET, lambda ws: setattr(ws["D26"], "value", "HM"))  # 1.2
    before = cells(reading, READING_SHEET)
    lead_types(books["SG"], {("1.2", "Progress update"): "Recruitment campaign launched"})
    (outcome,) = collect(reading, books["SG"], as_of=READING_AS_OF).outcomes
    assert outcome.status == "applied"
    assert outcome.notes == ["1.2 is led by HM in the plan now, not SG; SG's update applied"]
    assert cells(reading, READING_SHEET) == {**before, "H26": "Recruitment campaign launched"}
    assert change_log(reading) == [
        [
            "SG 2016-12-20.xlsx",
            "SG",
            "1.2",
            "Progress update",
            None,
            "Recruitment campaign launched",
            "applied",
        ]
    ]


# -- two actions in one cell -----------------------------------------------------------------


def test_actions_sharing_a_cell_with_one_lead_are_one_row_and_the_log_names_both(reading):
    owner_edits(reading, READING_SHEET, lambda ws: setattr(ws["D39"], "value", "AF"))
    books = split(reading, READING_AS_OF)
    amd_refs = [c.value for c in openpyxl.load_workbook(books["AMD"]).worksheets[0]["A"]]
    assert "5.3.1 / 5.3.2" not in amd_refs and "4.2" in amd_refs
    af = books["AF"]
    assert lead_cell(af, "5.3.1 / 5.3.2", "RAG rating")  # one row, both refs
    before, before_fills = cells(reading, READING_SHEET), fills(reading, READING_SHEET)
    lead_types(af, {("5.3.1 / 5.3.2", "RAG rating"): "AMBER"})
    (outcome,) = collect(reading, af, as_of=READING_AS_OF).outcomes
    assert [c.line() for c in outcome.changes] == ["5.3.1 / 5.3.2 RAG rating:  -> AMBER"]
    assert cells(reading, READING_SHEET) == {**before, "G39": "AMBER"}
    assert fills(reading, READING_SHEET) == before_fills  # it had no fill: none is added
    assert change_log(reading) == [
        ["AF 2016-12-20.xlsx", "AF", "5.3.1 / 5.3.2", "RAG rating", None, "AMBER", "applied"]
    ]


def test_actions_sharing_a_cell_with_two_leads_both_get_it_and_differing_answers_conflict(reading):
    books = split(reading, READING_AS_OF)
    af, amd = books["AF"], books["AMD"]
    lead_types(af, {("5.3.1 / 5.3.2", "RAG rating"): "AMBER"})
    lead_types(
        amd,
        {
            ("5.3.1 / 5.3.2", "RAG rating"): "RED",
            ("5.3.1 / 5.3.2", "Progress update"): "Front door design agreed",
        },
    )
    before = cells(reading, READING_SHEET)
    first, second = collect(reading, af, amd, as_of=READING_AS_OF).outcomes
    assert (first.status, second.status) == ("applied", "partly applied")
    assert [p.line() for p in second.problems] == [
        f"{READING_SHEET}!G39: action 5.3.1 / 5.3.2: the plan's RAG rating was changed after "
        "the workbook was split (it is now 'AMBER') and AMD changed it too, to 'RED'; decide "
        "which is right: type it into the plan, or set the lead's workbook to the plan's "
        "value; then collect again."
    ]
    assert cells(reading, READING_SHEET) == {
        **before,
        "G39": "AMBER",
        "H39": "Front door design agreed",
    }
    assert change_log(reading) == [
        ["AF 2016-12-20.xlsx", "AF", "5.3.1 / 5.3.2", "RAG rating", None, "AMBER", "applied"],
        [
            "AMD 2016-12-20.xlsx",
            "AMD",
            "5.3.1 / 5.3.2",
            "Progress update",
            None,
            "Front door design agreed",
            "applied",
        ],
    ]
    assert change_log(reading, held=True)[-1] == [
        "AMD 2016-12-20.xlsx",
        "AMD",
        None,
        None,
        None,
        second.problems[0].line(),
        "conflict",
    ]


# -- the plan's own colours ------------------------------------------------------------------


def test_a_rating_coloured_by_hand_takes_the_new_ratings_colour_and_nothing_else(reading):
    books = split(reading, READING_AS_OF)
    before_fills = fills(reading, READING_SHEET)
    look = format_of(reading, "G31")
    lead_types(books["AMD"], {("4.2", "RAG rating"): "RED"})
    collect(reading, books["AMD"], as_of=READING_AS_OF)
    assert before_fills["G31"] == "FFFFC000"  # AMBER, on its amber fill
    assert fills(reading, READING_SHEET) == {**before_fills, "G31": "FFFF0000"}
    assert cells(reading, READING_SHEET)["G31"] == "RED"
    assert format_of(reading, "G31") == look


# -- requests, formulas, another plan ---------------------------------------------------------


def test_a_locked_cell_the_lead_changed_is_a_request_reported_and_logged_not_applied(reading):
    books = split(reading, READING_AS_OF)
    before = cells(reading, READING_SHEET)
    amd = lead_types(
        books["AMD"],
        {
            ("4.2", "Date due"): datetime(2017, 6, 30),
            ("4.2", "Progress update"): "Training dates set",
        },
    )
    result = collect(reading, amd, as_of=READING_AS_OF)
    (outcome,) = result.outcomes
    assert outcome.status == "partly applied"
    assert [r.line() for r in outcome.requests] == [
        "AMD asks to move 4.2's due date from 30/11/2016 to 30/06/2017; not applied"
    ]
    assert cells(reading, READING_SHEET) == {**before, "H31": "Training dates set"}
    assert change_log(reading) == [
        [
            "AMD 2016-12-20.xlsx",
            "AMD",
            "4.2",
            "Progress update",
            None,
            "Training dates set",
            "applied",
        ],
        [
            "AMD 2016-12-20.xlsx",
            "AMD",
            "4.2",
            "Date due",
            "30/11/2016",
            "30/06/2017",
            "not applied",
        ],
    ]
    # Collected again: nothing new is applied, and the request is not logged twice.
    again = collect(reading, amd, as_of=READING_AS_OF)
    assert again.outcomes[0].status == "not applied" and again.saved is None
    assert len(change_log(reading)) == 2


def test_a_rating_the_plan_calculates_is_locked_for_the_lead_and_never_taken(reading):
    formula = '=IF(F50="LIGHT GREEN","LIGHT GREEN","AMBER")'
    owner_edits(reading, READING_SHEET, lambda ws: setattr(ws["G50"], "value", formula))  # 14.1
    books = split(reading, READING_AS_OF)
    amd = books["AMD"]
    cell = lead_cell(amd, "14.1", "RAG rating")
    sheet = openpyxl.load_workbook(amd).worksheets[0]
    assert sheet[cell].protection.locked and sheet.protection.sheet
    assert sheet[cell].comment.text.startswith("Calculated in the plan")
    before = cells(reading, READING_SHEET)
    lead_types(
        amd,
        {
            ("14.1", "RAG rating"): "COMPLETED",
            ("14.1", "Progress update"): "Strategy approved by Cabinet",
        },
    )
    (outcome,) = collect(reading, amd, as_of=READING_AS_OF).outcomes
    assert outcome.status == "partly applied"
    assert [p.line() for p in outcome.problems] == [
        f"[AMD 2016-12-20.xlsx]Actions for AMD!{cell}: action 14.1: the plan calculates the "
        "RAG rating (its cell holds a formula), so this cell is not taken; not applied; change "
        "the plan's formula or its inputs instead."
    ]
    assert cells(reading, READING_SHEET) == {**before, "H50": "Strategy approved by Cabinet"}
    assert cells(reading, READING_SHEET)["G50"] == formula


def test_a_workbook_from_another_plan_is_one_line_naming_both(reading, tmp_path):
    (tmp_path / "other").mkdir()
    other = refreshed(build_reading(tmp_path / "other").path, READING_AS_OF)  # same title
    books = split(other, READING_AS_OF)
    lead_types(books["SG"], {("1.2", "RAG rating"): "RED", ("1.3", "RAG rating"): "RED"})
    before = reading.read_bytes()
    with ragbook.load(reading) as plan, ragbook.load(other) as them:
        ours, theirs = plan.marks["plan"], them.marks["plan"]
    result = collect(reading, books["SG"], as_of=READING_AS_OF)
    (outcome,) = result.outcomes
    assert outcome.refused and outcome.changes == []
    assert [p.message for p in outcome.problems] == [
        f"SG 2016-12-20.xlsx belongs to another plan: it was split from 'Improvement plan' "
        f"(reading-lip.xlsx, id {theirs}), not from 'Improvement plan' (reading-lip.xlsx, id "
        f"{ours})"
    ]
    assert reading.read_bytes() == before


def test_a_workbook_split_before_plans_had_ids_from_another_plan_is_one_line(tmp_path):
    from builders import action, write_plan

    seed = build_reading(tmp_path)  # never refreshed: no id, as before this change
    books = split(seed.path, READING_AS_OF)
    lead_types(books["SG"], {("1.2", "RAG rating"): "RED"})
    plan = write_plan(tmp_path / "plan.xlsx", [action("1.1"), action("1.2")], settings=False)
    (outcome,) = collect(plan, books["SG"], as_of=READING_AS_OF).outcomes
    assert [p.message for p in outcome.problems] == [
        "SG 2016-12-20.xlsx belongs to another plan: none of its 5 actions is in plan.xlsx (it "
        "was split from reading-lip.xlsx)"
    ]


def test_a_workbook_split_before_the_plan_had_an_id_still_collects(tmp_path):
    seed = build_reading(tmp_path)
    books = split(seed.path, READING_AS_OF)  # the plan has no id yet
    refreshed(seed.path, READING_AS_OF)  # now it has
    lead_types(books["HM"], {("1.1", "RAG rating"): "LIGHT GREEN"})
    (outcome,) = collect(seed.path, books["HM"], as_of=READING_AS_OF).outcomes
    assert outcome.status == "applied"
    assert cells(seed.path, READING_SHEET)["G25"] == "LIGHT GREEN"
