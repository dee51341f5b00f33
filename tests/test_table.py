"""ragbook.read.table and ragbook.rules.schema: finding the header row and what each column means.

The header rows are those of the seeds: Reading (000) "Outcome | Action(s) |
Success measure(s) | Lead | Provisional time | RAG Initial | RAG Oct | Progress
Update", repeated on every page; West Berkshire (002) "By when?", lead
officer, RAG, Status Update, one-off and recurring costs; Sunderland (003)
"Action | Lead | Timescale | RAG | Update from Service"; Telford (004) "Ref |
Outcome | Action | Success Measure | Lead(s) | Date Due | Status: what is the
progress on the action? | Performance: is the action making a difference?".
"""

from __future__ import annotations

import pytest

from ragbook.read.table import (
    ACTION_LOOKUP,
    HEADER_SEARCH_ROWS,
    classify,
    find_header,
    header_lookup,
    is_repeat_of,
    read_header,
)
from ragbook.rules.action_text import leading_ref
from ragbook.rules.schema import ACTION_FIELDS, LEAD_FIELDS, normalise_header
from ragbook.xlsx.cells import ReadCell, SheetCells

SEED_000 = [
    "Outcome",
    "Action(s)",
    "Success measure(s)",
    "Lead",
    "Provisional time",
    "RAG Initial",
    "RAG Oct",
    "Progress Update",
]
SEED_002 = [
    "Ref",
    "Domain",
    "Action",
    "Lead officer",
    "By when?",
    "RAG",
    "Status Update",
    "One-off cost",
    "Recurring cost",
]
SEED_003 = ["Action", "Lead", "Timescale", "RAG", "Update from Service"]
SEED_004 = [
    "Ref",
    "Outcome",
    "Action",
    "Success Measure",
    "Lead(s)",
    "Date Due",
    "Status: what is the progress on the action?",
    "Performance: is the action making a difference?",
]


def sheet(rows: dict[int, list[object]], name: str = "Actions") -> SheetCells:
    """SheetCells from {row: [values from column A]}; None leaves a cell out."""
    cells = SheetCells(name)
    for row, values in rows.items():
        cells.rows[row] = {
            col: ReadCell(value) for col, value in enumerate(values, start=1) if value is not None
        }
    return cells


# --- normalise_header ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Lead(s)", "lead s"),
        ("LEAD (S)", "lead s"),
        ("lead s", "lead s"),
        ("By when?", "by when"),
        ("  Date   Due ", "date due"),
        ("% complete", "% complete"),
        ("One-off cost", "one off cost"),
        ("Cost £", "cost £"),
        (
            "Status: what is the progress on the action?",
            "status what is the progress on the action",
        ),
        (None, ""),
        ("", ""),
        (2016, "2016"),
    ],
)
def test_normalise_header(text, expected):
    assert normalise_header(text) == expected


# --- header synonyms -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, key",
    [
        ("Ref", "ref"),
        ("REF", "ref"),
        ("Ref.", "ref"),
        ("No.", "ref"),
        ("No", "ref"),
        ("Reference", "ref"),
        ("Action Ref", "ref"),
        ("Action", "action"),
        ("Actions", "action"),
        ("Action(s)", "action"),
        ("ACTION (S)", "action"),
        ("Key actions", "action"),
        ("Lead", "lead"),
        ("Lead(s)", "lead"),
        ("Leads", "lead"),
        ("Lead officer", "lead"),
        ("LEAD  OFFICER", "lead"),
        ("Responsible officer", "lead"),
        ("Owner", "lead"),
        ("Date Due", "due"),
        ("  date   DUE ", "due"),
        ("Due date", "due"),
        ("By when?", "due"),
        ("By When", "due"),
        ("Provisional time", "due"),
        ("Provisional Time", "due"),
        ("Timescale", "due"),
        ("Timescales", "due"),
        ("Deadline", "due"),
        ("Target date", "due"),
        ("Status Update", "progress"),
        ("Update from Service", "progress"),
        ("Status: what is the progress on the action?", "progress"),
        ("Progress Update", "progress"),
        ("Update", "progress"),
        ("Priority", "priority"),
        ("Theme", "priority"),
        ("Domain", "priority"),
        ("Success measure(s)", "success_measures"),
        ("Success measures", "success_measures"),
        ("Success Measure", "success_measures"),
        ("Success criteria", "success_measures"),
        ("% complete", "percent_complete"),
        ("% Complete", "percent_complete"),
        ("Percent complete", "percent_complete"),
        ("One-off cost", "one_off_cost"),
        ("One off costs", "one_off_cost"),
        ("Recurring cost", "recurring_cost"),
        ("Recurring costs", "recurring_cost"),
        ("Outcome", "outcome"),
        ("Ofsted recommendation", "recommendation"),
        ("Performance: is the action making a difference?", "evidence"),
    ],
)
def test_header_synonyms(text, key):
    assert classify(text, ACTION_LOOKUP) == (key, None)


@pytest.mark.parametrize(
    "text",
    [
        "RAG",
        "rag",
        "RAG rating",
        "RAG Rating",
        "RAG status",
        "Status",
        "STATUS",
        "Rating",
        "Current RAG",
    ],
)
def test_current_rating_headers(text):
    assert classify(text, ACTION_LOOKUP) == ("rating", "")


@pytest.mark.parametrize(
    "text, period",
    [
        ("RAG Initial", "Initial"),
        ("RAG Oct", "Oct"),
        ("RAG XX", "XX"),  # seed 000's later pages, as typed
        ("RAG rating Sept 2016", "Sept 2016"),
        ("Rag  status  Nov", "Nov"),
        ("RAG: Oct 2016", "Oct 2016"),
        ("RAG rating: Oct-16", "Oct-16"),
    ],
)
def test_rating_history_headers_keep_the_period_as_typed(text, period):
    assert classify(text, ACTION_LOOKUP) == ("rating", period)


@pytest.mark.parametrize(
    "text", ["RAG update", "Status of action", "Statuses", "Notes", "Unknown thing", ""]
)
def test_headers_that_are_not_ratings(text):
    assert classify(text, ACTION_LOOKUP)[0] != "rating"


@pytest.mark.parametrize("text", ["RAG - Oct", "RAG-Oct", "RAG \u2013 Oct"])
def test_rating_period_after_a_separator(text):
    assert classify(text, ACTION_LOOKUP) == ("rating", "Oct")


def test_header_lookup_earlier_fields_win_a_shared_synonym():
    lookup = header_lookup(ACTION_FIELDS)
    # "status" is a rating synonym; "status update" is progress
    assert lookup["status"] == "rating"
    assert lookup["status update"] == "progress"
    # every field's own header is a key to itself
    for f in ACTION_FIELDS:
        assert lookup[normalise_header(f.header)] == f.key


# --- read_header and find_header -----------------------------------------------------------


def test_seed_000_header_below_title_rows():
    cells = sheet(
        {
            1: ["Draft Learning and Improvement Plan"],
            2: ["PRIORITY ONE - People and Leadership:"],
            4: SEED_000,
            5: ["Outcome text", "1.1 Create a structure", "Model agreed", "HM", "30/09/16"],
        }
    )
    header = find_header(cells)
    assert header.row == 4
    assert header.columns == {
        "outcome": 1,
        "action": 2,
        "success_measures": 3,
        "lead": 4,
        "due": 5,
        "progress": 8,
    }
    # several rating columns, left to right, with their periods as typed
    assert header.rating_columns == [("Initial", 6), ("Oct", 7)]
    assert header.unknown == {}
    assert header.texts[5] == "Provisional time"


def test_seed_002_header():
    header = find_header(sheet({1: ["Improvement Plan"], 3: SEED_002}))
    assert header.row == 3
    assert header.columns == {
        "ref": 1,
        "priority": 2,
        "action": 3,
        "lead": 4,
        "due": 5,
        "progress": 7,
        "one_off_cost": 8,
        "recurring_cost": 9,
    }
    assert header.rating_columns == [("", 6)]


def test_seed_003_header():
    header = find_header(sheet({1: SEED_003}))
    assert header.columns == {"action": 1, "lead": 2, "due": 3, "progress": 5}
    assert header.rating_columns == [("", 4)]
    assert header.score == 5


def test_seed_004_header_has_no_rating_column():
    header = find_header(
        sheet(
            {
                1: ["SCRUTINY COMMITTEE 16 MAY 2018 APPENDIX 1"],
                3: ["STATUS RAG RATING"],
                18: SEED_004,
            }
        )
    )
    assert header.row == 18
    assert header.columns == {
        "ref": 1,
        "outcome": 2,
        "action": 3,
        "success_measures": 4,
        "lead": 5,
        "due": 6,
        "progress": 7,
        "evidence": 8,
    }
    assert header.rating_columns == []


def test_rating_columns_in_order_with_the_current_one_last():
    header = read_header(
        sheet({1: ["Ref", "Action", "RAG Initial", "RAG Oct", "RAG Nov", "RAG rating"]}), 1
    )
    assert header.rating_columns == [("Initial", 3), ("Oct", 4), ("Nov", 5), ("", 6)]
    assert "rating" not in header.columns


def test_unknown_and_duplicate_columns_are_kept_apart():
    header = read_header(
        sheet({1: ["Ref", "Action", "Lead", "Notes", "Lead officer", None, "Comments"]}), 1
    )
    assert header.columns == {"ref": 1, "action": 2, "lead": 3}
    assert header.unknown == {4: "Notes", 7: "Comments"}
    assert header.duplicates == [("lead", 5)]
    assert header.texts == {
        1: "Ref",
        2: "Action",
        3: "Lead",
        4: "Notes",
        5: "Lead officer",
        7: "Comments",
    }


def test_long_text_is_not_a_header():
    header = read_header(sheet({1: ["Ref", "Action " + "x" * 200]}), 1)
    assert header.columns == {"ref": 1}
    assert 2 not in header.texts


def test_find_header_picks_the_row_that_looks_most_like_a_header():
    cells = sheet(
        {
            1: ["Action", "Lead", "Notes"],  # score 2: too few
            2: ["Ref", "Action", "Lead", "Date due", "RAG rating"],  # score 5
            3: ["Ref", "Action", "Lead", "Date due", "RAG", "Update", "Theme"],  # score 7
        }
    )
    assert find_header(cells).row == 3


def test_the_first_of_equally_good_rows_wins():
    cells = sheet({2: SEED_003, 7: SEED_003})
    assert find_header(cells).row == 2


@pytest.mark.parametrize(
    "rows",
    [
        {1: ["Ref", "Lead", "Date due", "RAG"]},  # no action column
        {1: ["Action", "Notes"]},  # too few columns
        {},
        {1: ["Title only"]},
    ],
)
def test_no_header(rows):
    assert find_header(sheet(rows)) is None


def test_the_header_must_be_in_the_first_rows():
    assert find_header(sheet({HEADER_SEARCH_ROWS: SEED_003})).row == HEADER_SEARCH_ROWS
    assert find_header(sheet({HEADER_SEARCH_ROWS + 1: SEED_003})) is None


def test_find_header_with_another_lookup_and_required_fields():
    lookup = header_lookup(LEAD_FIELDS)
    cells = sheet(
        {1: ["Leads"], 2: ["Code", "Full name", "Job title", "E-mail address"]}, name="Leads"
    )
    header = find_header(cells, lookup, required=("code",), minimum=2)
    assert header.row == 2
    assert header.columns == {"code": 1, "name": 2, "role": 3, "email": 4}
    assert header.rating_columns == []


# --- repeated headers -----------------------------------------------------------------------


def test_a_header_repeated_on_every_page_is_a_repeat():
    seed_000_later = [
        "Outcome",
        "Action(s)",
        "Success measure(s)",
        "Lead",
        "Provisional Time",
        "RAG Initial",
        "RAG XX",
        "Progress Update",
    ]
    cells = sheet(
        {
            1: SEED_000,
            2: ["x", "1.1 Do a thing", "y", "AF", "31/12/16"],
            3: seed_000_later,
            4: ["Outcome", "Action(s)", "Success measure(s)", "Lead"],
            5: ["Outcome", "Action(s)", "Success measure(s)", "AF", "31/12/16"],
        }
    )
    header = find_header(cells)
    assert is_repeat_of(cells, 3, header)  # 7 of 8 match, case and spaces ignored
    assert not is_repeat_of(cells, 2, header)
    assert is_repeat_of(cells, 4, header)  # 4 of 8: half is enough
    assert not is_repeat_of(cells, 5, header)  # 3 of 8 is not
    assert not is_repeat_of(cells, 99, header)  # an empty row


def test_a_repeat_needs_half_the_headers_and_at_least_two():
    cells = sheet(
        {
            1: ["Ref", "Action", "Lead", "Date due", "RAG rating", "Update"],
            2: ["Ref", "Action"],
            3: ["Ref", "Action", "Lead"],
            4: ["Ref"],
        }
    )
    header = read_header(cells, 1)
    assert not is_repeat_of(cells, 2, header)  # 2 of 6: needs 3
    assert is_repeat_of(cells, 3, header)
    assert not is_repeat_of(cells, 4, header)


def test_a_repeat_must_be_in_the_same_columns():
    cells = sheet({1: SEED_003, 2: [None, *SEED_003]})
    assert not is_repeat_of(cells, 2, read_header(cells, 1))


# --- references at the start of the action text --------------------------------------------


@pytest.mark.parametrize(
    "text, ref",
    [
        ("1.2 Implement a workforce strategy", "1.2"),
        ("1.10) Review the front door", "1.10"),
        ("12.3: Review membership", "12.3"),
        ("  2.4. Implement workspace", "2.4"),
        ("1.2.3 Sub-action", "1.2.3"),
        ("1.2.3.4 Deep", "1.2.3.4"),
        ("15.4 Front line managers to utilise performance", "15.4"),  # seed 003
    ],
)
def test_leading_ref(text, ref):
    assert leading_ref(text) == ref


@pytest.mark.parametrize(
    "text",
    [
        "1 Implement",  # a single number is not a reference
        "1.2",  # a reference with no text after it
        "1.2Implement",
        "Implement 1.2",
        "1234.1 Too long",
        "1.2.3.4.5 Too deep",
        "",
    ],
)
def test_no_leading_ref(text):
    assert leading_ref(text) is None
