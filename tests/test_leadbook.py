"""The layout of a lead's workbook: header, ask, their actions, summary, stamp."""

from __future__ import annotations

from datetime import date

import pytest
from builders import write_loop_plan

import ragbook
from ragbook.layout import palette as S
from ragbook.layout.lead_book import ask, build_lead_book, properties
from ragbook.rules.stamp import STAMP_SHEET, from_rows, locked_hash, value_hash


@pytest.fixture
def books(tmp_path):
    with ragbook.load(write_loop_plan(tmp_path / "plan.xlsx")) as plan:
        summary = plan.summary()
        return {
            code: build_lead_book(plan.data, summary, code, "plan.xlsx")[0]
            for code in summary.by_lead
        }


def values(sheet, row: int) -> list:
    return [c.value if c else None for c in sheet.rows[row - 1]]


@pytest.mark.parametrize(
    "counts, expected",
    [
        (
            (5, 3, 2),
            "3 actions overdue, 2 due by 14/02/2019: please update the rating and progress "
            "for each.",
        ),
        (
            (5, 1, 1),
            "1 action overdue, 1 due by 14/02/2019: please update the rating and progress "
            "for each.",
        ),
        ((5, 0, 2), "2 actions due by 14/02/2019: please update the rating and progress for each."),
        (
            (1, 0, 0),
            "No action is overdue or due by 14/02/2019: please check the rating and "
            "progress of your 1 action.",
        ),
    ],
)
def test_the_ask(counts, expected):
    assert ask(*counts, date(2019, 2, 14)) == expected


def test_header_and_only_the_leads_actions(books):
    sheet = books["AF"].sheets[0]
    assert sheet.name == "Actions for AF" and sheet.protect
    assert values(sheet, 1)[0] == "Test plan"
    assert values(sheet, 2)[0] == "Actions for Head of Early Help (AF), as of 15/01/2019."
    assert values(sheet, 3)[0] == (
        "1 action overdue, 1 due by 14/02/2019: please update the rating and progress for each."
    )
    header = sheet.freeze[0]
    assert values(sheet, header) == [
        "Ref",
        "Action",
        "Date due",
        "Status",
        "RAG rating",
        "% complete",
        "Progress update",
        "Evidence",
    ]
    assert values(sheet, header + 1) == [
        "1.1",
        "Do something",
        date(2018, 12, 1),
        "Overdue by 45 days",
        "Red",
        0.25,
        "Behind",
        "Minutes of the board",
    ]
    assert values(sheet, header + 2) == [
        "1.2",
        "Do something",
        date(2019, 2, 10),
        "Due in 26 days",
        "Green",
        None,
        None,
        None,
    ]
    assert len(sheet.rows) == header + 2


def test_overdue_and_due_soon_are_highlighted_and_only_update_cells_unlocked(books):
    sheet = books["AF"].sheets[0]
    header = sheet.freeze[0]
    overdue, soon = sheet.rows[header], sheet.rows[header + 1]
    assert overdue[3].style == S.OVERDUE and soon[3].style == S.DUE_SOON
    for row in sheet.rows:
        for i, cell in enumerate(row):
            if cell is None or cell.style is None:
                continue
            assert cell.style.locked == (not (row in (overdue, soon) and i >= 4)), cell
    assert [c.style.num_fmt for c in overdue[5:]] == ["0%", "@", "@"]


def test_rating_drop_down_lists_the_scale_from_the_stamp_sheet(books):
    sheet, stamp_sheet = books["AF"].sheets
    header = sheet.freeze[0]
    (rule,) = sheet.validations
    assert rule.sqref == f"E{header + 1}:E{header + 2}"
    assert rule.source == "'ragbook'!$J$2:$J$5"
    assert [r[9].value for r in stamp_sheet.rows[:5]] == [
        "Ratings",
        "Red",
        "Amber",
        "Green",
        "Completed",
    ]


def test_summary_cells_hold_values_and_formulas(books):
    sheet = books["SG"].sheets[0]
    found = {
        r[0].value: (r[2].value, r[2].formula)
        for r in sheet.rows
        if len(r) > 2 and r[0] and r[2] and r[2].formula
    }
    header = sheet.freeze[0]
    span = f"{header + 1}:%s{header + 2}"
    assert found == {
        "Actions": (2, f"COUNTA(A{span % 'A'})"),
        "Overdue": (0, f'COUNTIF(D{span % "D"},"Overdue*")'),
        "Due by 14/02/2019": (1, f'COUNTIF(D{span % "D"},"Due*")'),
        "Red": (0, f'COUNTIF(E{span % "E"},"Red")'),
        "Amber": (0, f'COUNTIF(E{span % "E"},"Amber")'),
        "Green": (0, f'COUNTIF(E{span % "E"},"Green")'),
        "Completed": (1, f'COUNTIF(E{span % "E"},"Completed")'),
        "Not rated": (1, f"COUNTBLANK(E{span % 'E'})"),
    }


def test_the_stamp_sheet_is_very_hidden_and_holds_a_row_per_action(books):
    book = books["AF"]
    sheet, hidden = book.sheets
    assert hidden.name == STAMP_SHEET and hidden.state == "veryHidden" and hidden.protect
    rows = [[c.value if c else "" for c in r[:9]] for r in hidden.rows]
    stamp = from_rows(rows)
    assert stamp == book.stamp
    assert (stamp.plan, stamp.lead, stamp.as_of, stamp.sheet) == (
        "Test plan",
        "AF",
        date(2019, 1, 15),
        "Actions for AF",
    )
    assert stamp.columns == {
        "ref": 1,
        "rating": 5,
        "percent_complete": 6,
        "progress": 7,
        "evidence": 8,
    }
    header = sheet.freeze[0]
    assert [(r.ref, r.row, r.plan_row) for r in stamp.rows] == [
        ("1.1", header + 1, 2),
        ("1.2", header + 2, 3),
    ]
    assert stamp.rows[1].sent["rating"] == value_hash("rating", "Green")  # typed as G
    assert [(i.ref, i.text) for r in stamp.rows for i in r.identities] == [
        ("1.1", "do something"),
        ("1.2", "do something"),
    ]
    # The locked columns, with what was sent in each: an edit there is a request.
    assert stamp.locked_columns == {"B": ("action", "Action"), "C": ("due", "Date due")}
    assert stamp.rows[0].locked == {
        "B": locked_hash("Do something"),
        "C": locked_hash(date(2018, 12, 1)),
    }
    assert stamp.rows[0].calculated == ()


def test_properties_say_whose_workbook_it_is(books):
    props, custom = properties(books["AMD"])
    assert props["title"] == "Test plan: actions for Service Manager - Children in Care (AMD)"
    assert props["created"].date() == date(2019, 1, 15)
    assert custom == {
        "ragbook plan": "Test plan",
        "ragbook lead": "AMD",
        "ragbook as of": "2019-01-15",
        "ragbook workbook id": books["AMD"].stamp.id,
    }


def test_actions_sharing_a_row_of_the_plan_are_one_row_naming_every_ref(tmp_path):
    from builders import action, write_plan

    path = write_plan(
        tmp_path / "plan.xlsx",
        [
            action("1.1", "Recruit social workers", lead="AF", rating="Red"),
            action(
                None,
                "1.5 Audit the case files. 1.6 Review the supervision policy.",
                lead="AF AMD",
                rating="Amber",
                progress="Started",
            ),
        ],
        as_of=date(2019, 1, 15),
    )
    with ragbook.load(path) as plan:
        summary = plan.summary()
        assert [a.ref for a in plan.actions] == ["1.1", "1.5", "1.6"]
        books = {code: build_lead_book(plan.data, summary, code)[0] for code in ("AF", "AMD")}
    for code, first in (("AF", 2), ("AMD", 1)):
        sheet = books[code].sheets[0]
        header = sheet.freeze[0]
        shared = values(sheet, header + first)
        assert shared[:2] == [
            "1.5 / 1.6",
            "1.5 Audit the case files.\n1.6 Review the supervision policy.",
        ]
        assert shared[4:7] == ["Amber", None, "Started"]
        row = books[code].stamp.rows[first - 1]
        assert (row.ref, row.plan_row) == ("1.5 / 1.6", 3)
        assert [(i.ref, i.text) for i in row.identities] == [
            ("1.5", "audit the case files"),
            ("1.6", "review the supervision policy"),
        ]
    af = books["AF"]
    assert af.counts.total == 2  # rows of the workbook: the shared row counts once
    summary_values = {
        r[0].value: r[2].value
        for r in af.sheets[0].rows
        if len(r) > 2 and r[0] and r[2] and r[2].formula
    }
    assert summary_values["Actions"] == 2


def test_an_update_cell_the_plan_calculates_is_locked_with_a_note(tmp_path):
    import openpyxl
    from builders import action, write_plan

    path = write_plan(
        tmp_path / "plan.xlsx",
        [action("1.1", rating="Red"), action("1.2", rating="Green")],
        as_of=date(2019, 1, 15),
    )
    wb = openpyxl.load_workbook(path)
    wb["Actions"]["F3"] = '=IF(G3>=1,"Completed","Green")'  # 1.2's rating is worked out
    wb.save(path)
    with ragbook.load(path) as plan:
        assert plan.calculated_cells() == {"F3"}
        book, _ = build_lead_book(
            plan.data, plan.summary(), "AF", calculated=plan.calculated_cells()
        )
    sheet = book.sheets[0]
    header = sheet.freeze[0]
    free, worked_out = sheet.rows[header][4], sheet.rows[header + 1][4]
    assert free.style == S.INPUT_RATING and not free.style.locked and free.note is None
    assert worked_out.style == S.CALCULATED_RATING and worked_out.style.locked
    assert worked_out.note.startswith("Calculated in the plan")
    assert [r.calculated for r in book.stamp.rows] == [(), ("rating",)]
