"""What became of a returned workbook: statuses, and the lines the report prints."""

from __future__ import annotations

from pathlib import Path

import pytest

from ragbook.rules.model import Problem
from ragbook.rules.outcome import Change, Request, ReturnResult

CHANGE = Change("5.3.1 / 5.3.2", "rating", "G39", "", "AMBER", "AMBER", "FFC000")
PROBLEM = Problem("LIP", "G40", "a conflict")
REQUEST = Request("AMD", "4.2", "due", "Date due", "C19", "30/11/2016", "30/06/2017")


@pytest.mark.parametrize(
    "changes, problems, requests, refused, status",
    [
        ([CHANGE], [], [], False, "applied"),
        ([CHANGE], [PROBLEM], [], False, "partly applied"),
        ([CHANGE], [], [REQUEST], False, "partly applied"),
        ([], [PROBLEM], [], False, "not applied"),
        ([], [], [REQUEST], False, "not applied"),
        ([], [PROBLEM], [], True, "not applied"),
        ([], [], [], False, "unchanged"),
    ],
)
def test_status(changes, problems, requests, refused, status):
    outcome = ReturnResult(
        Path("AF.xlsx"), "AF", "abc", changes, problems, requests, refused=refused
    )
    assert outcome.status == status


def test_lines():
    assert CHANGE.line() == "5.3.1 / 5.3.2 RAG rating:  -> AMBER"
    assert (
        Change("1.2", "percent_complete", "G3", "25", "50", 0.5).line()
        == "1.2 % complete: 25% -> 50%"
    )
    assert REQUEST.line() == (
        "AMD asks to move 4.2's due date from 30/11/2016 to 30/06/2017; not applied"
    )
    assert (
        Request("AMD", "4.2", "action", "Action", "B19", "", "Train all managers").line()
        == "AMD asks to change 4.2's Action to 'Train all managers'; not applied"
    )


def test_json():
    outcome = ReturnResult(
        Path("AF.xlsx"),
        "AF",
        "abc",
        [CHANGE],
        [],
        [REQUEST],
        notes=["1.3 is now 1.4 in the plan; applied there"],
    )
    assert outcome.as_json() == {
        "file": "AF.xlsx",
        "lead": "AF",
        "workbook_id": "abc",
        "status": "partly applied",
        "changes": [
            {
                "ref": "5.3.1 / 5.3.2",
                "field": "RAG rating",
                "cell": "G39",
                "old": "",
                "new": "AMBER",
            }
        ],
        "problems": [],
        "requests": [
            {
                "ref": "4.2",
                "field": "Date due",
                "cell": "C19",
                "old": "30/11/2016",
                "new": "30/06/2017",
                "message": REQUEST.line(),
            }
        ],
        "notes": ["1.3 is now 1.4 in the plan; applied there"],
    }


def test_what_the_report_says_of_one_file():
    outcome = ReturnResult(
        Path("to-leads/AF.xlsx"),
        "AF",
        "abc",
        [CHANGE],
        [PROBLEM],
        [REQUEST],
        notes=["1.3 is now 1.4 in the plan; applied there"],
    )
    assert outcome.lines() == [
        "AF.xlsx (AF): 1 change applied, 1 problem, 1 request:",
        "  1.3 is now 1.4 in the plan; applied there.",
        "  5.3.1 / 5.3.2 RAG rating:  -> AMBER",
        "  " + PROBLEM.line(),
        "  " + REQUEST.line() + ".",
    ]
    assert outcome.lines(dry_run=True)[0] == (
        "AF.xlsx (AF): 1 change to apply, 1 problem, 1 request:"
    )
    assert ReturnResult(Path("SG.xlsx")).lines() == [
        "SG.xlsx: no changes; the plan has these updates already."
    ]
    refused = ReturnResult(Path("x.xlsx"), problems=[Problem("", "", "not a lead workbook")])
    assert refused.lines() == ["x.xlsx: not applied, 1 problem:", "  not a lead workbook"]
