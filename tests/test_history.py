"""ragbook.rules.history: freezing a period, adding it to the history (only ever appended), and
reading the Plan history sheet back from a real workbook."""

from __future__ import annotations

from datetime import date

import pytest
from builders import action, write_plan

import ragbook
from ragbook.errors import PeriodAlreadyClosed, UsageProblem
from ragbook.read.workbook import WorkbookReader
from ragbook.rules.history import (
    ClosedPeriod,
    HistoryRow,
    add_period,
    freeze,
    parse_closing_period,
    period_labels,
    read_history,
    remove_period,
)
from ragbook.rules.periods import month
from ragbook.xlsx.package import open_package

SEP, OCT, NOV = month(2016, 9), month(2016, 10), month(2016, 11)


def rows(period, *ratings):
    return [
        HistoryRow(period.label, period.end, f"1.{i}", "Do something", "AF", r, None, "")
        for i, r in enumerate(ratings, start=1)
    ]


def test_freeze_keeps_the_rating_label_or_the_text_typed(tmp_path):
    path = write_plan(
        tmp_path / "plan.xlsx",
        [
            action("1.1", rating="r", percent=0.5, progress="Half way", lead="AF AMD"),
            action("1.2", rating="Purple"),
            action("1.3", rating=""),
        ],
    )
    with ragbook.load(path) as plan:
        frozen = freeze(plan.data.actions, OCT, date(2016, 10, 31))
    assert frozen == [
        HistoryRow(
            "Oct 2016", date(2016, 10, 31), "1.1", "Do something", "AF AMD", "Red", 0.5, "Half way"
        ),
        HistoryRow("Oct 2016", date(2016, 10, 31), "1.2", "Do something", "AF", "Purple", None, ""),
        HistoryRow("Oct 2016", date(2016, 10, 31), "1.3", "Do something", "AF", "", None, ""),
    ]


def test_a_later_period_goes_after_the_others():
    history = add_period(rows(SEP, "Red"), rows(OCT, "Amber"), OCT)
    assert period_labels(history) == ["Sep 2016", "Oct 2016"]
    assert history[0] == rows(SEP, "Red")[0]


def test_closing_a_period_twice_asks_for_replace():
    history = rows(SEP, "Red") + rows(OCT, "Amber", "Green")
    with pytest.raises(PeriodAlreadyClosed) as error:
        add_period(history, rows(OCT, "Green", "Green"), OCT, plan="my plan.xlsx")
    assert str(error.value) == (
        "Oct 2016 is already closed in Plan history (2 actions, closed as of 31/10/2016); to "
        "close it again with the ratings as they are now, use --replace: ragbook close-period "
        '"my plan.xlsx" --period "Oct 2016" --replace'
    )


def test_replace_swaps_the_periods_rows_in_place():
    history = rows(SEP, "Red") + rows(OCT, "Amber", "Green") + rows(NOV, "Green")
    replaced = add_period(history, rows(OCT, "Completed"), OCT, replace=True)
    assert [(r.period, r.rating) for r in replaced] == [
        ("Sep 2016", "Red"),
        ("Oct 2016", "Completed"),
        ("Nov 2016", "Green"),
    ]


def test_a_period_skipped_and_closed_later_goes_in_its_place_in_time():
    history = add_period(rows(SEP, "Red") + rows(NOV, "Green"), rows(OCT, "Amber"), OCT)
    assert [(r.period, r.rating) for r in history] == [
        ("Sep 2016", "Red"),
        ("Oct 2016", "Amber"),
        ("Nov 2016", "Green"),
    ]
    assert period_labels(history) == ["Sep 2016", "Oct 2016", "Nov 2016"]


def test_remove_period_takes_out_the_latest_in_time_or_the_one_named():
    history = rows(SEP, "Red") + rows(OCT, "Amber", "Green") + rows(NOV, "Green")
    label, gone, kept = remove_period(history, None)
    assert (label, len(gone), period_labels(kept)) == ("Nov 2016", 1, ["Sep 2016", "Oct 2016"])
    label, gone, kept = remove_period(history, "October 2016")
    assert (label, len(gone), period_labels(kept)) == ("Oct 2016", 2, ["Sep 2016", "Nov 2016"])
    with pytest.raises(UsageProblem, match=r"^Dec 2016 is not closed in Plan history"):
        remove_period(history, "Dec 2016")
    with pytest.raises(UsageProblem, match=r"^no period is closed in Plan history"):
        remove_period([], None)


def test_a_period_must_be_a_period():
    assert parse_closing_period("October 2016") == OCT
    with pytest.raises(UsageProblem) as error:
        parse_closing_period("Autumn")
    assert str(error.value) == (
        "'Autumn' is not a period ragbook can put in order; type a "
        "month such as 'Sep 2016', a date, or a quarter such as "
        "'Q1 2017/18'"
    )


def test_the_plan_history_sheet_reads_back_as_it_was_written(tmp_path):
    path = write_plan(
        tmp_path / "plan.xlsx",
        [
            action("1.1", rating="Red", percent=0.25, progress='+1 started & <b> "x"'),
            action("1.2", rating="Green", progress="  spaced  "),
        ],
    )  # read as "spaced"
    ragbook.close_period(path, "Sep 2016", as_of=date(2016, 9, 30))
    ragbook.close_period(path, as_of=date(2016, 10, 31))
    pkg = open_package(path)
    try:
        history = read_history(WorkbookReader.open(pkg))
    finally:
        pkg.close()
    assert history == [
        HistoryRow(
            "Sep 2016",
            date(2016, 9, 30),
            "1.1",
            "Do something",
            "AF",
            "Red",
            0.25,
            '+1 started & <b> "x"',
        ),
        HistoryRow(
            "Sep 2016", date(2016, 9, 30), "1.2", "Do something", "AF", "Green", None, "spaced"
        ),
        HistoryRow(
            "Oct 2016",
            date(2016, 10, 31),
            "1.1",
            "Do something",
            "AF",
            "Red",
            0.25,
            '+1 started & <b> "x"',
        ),
        HistoryRow(
            "Oct 2016", date(2016, 10, 31), "1.2", "Do something", "AF", "Green", None, "spaced"
        ),
    ]


def test_the_sentence_the_excel_button_shows():
    closed = ClosedPeriod("Oct 2016", 60, False, ["Sep 2016", "Oct 2016"], "Plan history")
    assert closed.sentence() == (
        "Oct 2016 closed: 60 actions frozen in Plan history, which "
        "holds 2 periods (Sep 2016, Oct 2016)"
    )
    again = ClosedPeriod("Oct 2016", 1, True, ["Oct 2016"], "History of the plan")
    assert again.sentence() == (
        "Oct 2016 closed again: 1 action frozen in History of the plan, "
        "which holds 1 period (Oct 2016)"
    )


def test_check_explain_names_the_closed_periods(tmp_path):
    path = write_plan(tmp_path / "plan.xlsx", [action("1.1")])
    ragbook.close_period(path, "Q2 2016/17", as_of=date(2016, 9, 30))
    with ragbook.load(path) as plan:
        assert plan.data.notes == ["Plan history: closed periods Q2 2016/17."]
