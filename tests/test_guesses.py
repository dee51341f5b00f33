"""ragbook.read.guesses: every guess said, and in Checks until it is pinned on Settings."""

from __future__ import annotations

from datetime import date

import openpyxl
from builders import write_plan

import ragbook
from ragbook.read.guesses import Guess, checks_entries, table_guess


def test_a_guess_says_what_and_how_to_pin_it():
    guess = Guess(
        "scale",
        "the scale: rag4 (Red, Amber, Green, Completed), from the ratings typed (3 of 3 match it)",
        "Actions",
        "F1",
        "Scale",
        "rag4",
    )
    assert guess.line() == (
        "  the scale: rag4 (Red, Amber, Green, Completed), from the ratings typed (3 of 3 match "
        "it); to pin it, type 'Scale' in column A of the Settings sheet and 'rag4' (or what is "
        "right) in column B."
    )
    assert guess.problem().line() == (
        "Actions!F1: ragbook guessed the scale: rag4 (Red, Amber, Green, Completed), from the "
        "ratings typed (3 of 3 match it); to pin it, type 'Scale' in column A of the Settings "
        "sheet and 'rag4' (or what is right) in column B."
    )


def test_only_unpinned_guesses_that_change_a_count_go_to_checks():
    scale = Guess("scale", "the scale: rag4", "Actions", "F1", "Scale", "rag4")
    pinned = Guess(
        "colours",
        "2 ratings from the fill colour alone",
        "Actions",
        "F2",
        "Colour ratings",
        "read",
        pinned=True,
    )
    rule = Guess("ongoing", "that 1 due date says the action is ongoing", "Actions", "E2")
    months = Guess(
        "month dates",
        "that 1 due date ...",
        "Actions",
        "E3",
        "Month dates",
        "end of month",
        checked=False,
    )
    assert [p.cell for p in checks_entries([scale, pinned, rule, months])] == ["F1"]
    assert pinned.line().endswith("(pinned on Settings).")
    assert rule.line() == "  that 1 due date says the action is ongoing."


def test_the_action_table_named_actions_is_no_guess():
    assert table_guess("Actions", 1, [("Old plan", 1, 4)]) is None
    assert table_guess("Plan", 3, []) is None
    assert table_guess("Plan", 3, [("Old plan", 1, 4)]).cell == "A3"


def test_two_columns_headed_the_same_way(tmp_path):
    """ "Lead" and "Lead officer" both name the lead: the first is read, and Checks says so
    until "Lead(s) column" is pinned."""
    rows = [["1.1", "Audit files", "AF", "HoS", date(2019, 1, 31), "Red"]]
    headers = ["Ref", "Action", "Lead", "Lead officer", "Date due", "RAG rating"]
    path = write_plan(tmp_path / "plan.xlsx", rows, headers=headers)
    with ragbook.load(path) as plan:
        (problem,) = [p for p in plan.problems if p.message.startswith("ragbook guessed")]
        assert plan.actions[0].leads == ("AF",)
    assert problem.line() == (
        "Actions!D1: ragbook guessed the Lead(s) column: C 'Lead'; D 'Lead officer' is headed "
        "the same way and is not read; to pin it, type 'Lead(s) column' in column A of the "
        "Settings sheet and 'C' (or what is right) in column B."
    )
    wb = openpyxl.load_workbook(path)
    wb["Settings"]["A20"], wb["Settings"]["B20"] = "Lead(s) column", "D"
    wb.save(path)
    with ragbook.load(path) as plan:
        assert plan.actions[0].leads == ("HoS",)
        assert not [p for p in plan.problems if p.message.startswith("ragbook guessed")]
