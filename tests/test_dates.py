"""ragbook.rules.dates: due dates as councils type them (see PRODUCT.md, "Rules that real plans need").

The text cases come from the seed documents in shared/seeds/: Reading types
dd/mm/yy ("31/12/16", and the impossible "31/11/16" and "31/06/17"), Sunderland
types dd/mm/yy ("31/01/19"), and Telford types prose ("January 2017",
"September 2016 and ongoing", "Training to begin: March 2017 End: March 2018").
"""

from __future__ import annotations

from datetime import date, datetime

import pytest

from ragbook.rules.dates import Due, format_date, from_serial, month_end, parse_due, to_serial

# --- real dates --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, expected",
    [
        (date(2016, 12, 31), date(2016, 12, 31)),
        (datetime(2016, 12, 31), date(2016, 12, 31)),
        # A datetime with a time of day is still due that day.
        (datetime(2017, 3, 31, 15, 30), date(2017, 3, 31)),
    ],
)
def test_real_dates_are_taken_as_they_are(value, expected):
    due = parse_due(value)
    assert due == Due(date=expected)
    assert due.date.__class__ is date  # never a datetime, so subtraction with dates works
    assert not due.missing


# --- day-first text -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("31/12/16", date(2016, 12, 31)),  # seed 000 / 003 style
        ("31/12/2016", date(2016, 12, 31)),
        ("31.12.16", date(2016, 12, 31)),  # seed 004: "Performance at 31.03.18"
        ("31-12-2016", date(2016, 12, 31)),
        ("01/09/18", date(2018, 9, 1)),  # seed 003: 1.1 due 01/09/18
        ("1/2/17", date(2017, 2, 1)),  # day first: 1 February, not 2 January
        ("01/02/2017", date(2017, 2, 1)),
        ("13/12/2016", date(2016, 12, 13)),
        ("29/02/2016", date(2016, 2, 29)),  # 2016 is a leap year
        ("  31/12/16  ", date(2016, 12, 31)),  # stray spaces around a typed date
        ("(31/12/16)", date(2016, 12, 31)),
    ],
)
def test_day_first_text(text, expected):
    assert parse_due(text) == Due(date=expected)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2016-12-31", date(2016, 12, 31)),
        ("2019-01-31", date(2019, 1, 31)),
        ("2017-03-31 00:00:00", date(2017, 3, 31)),  # a datetime pasted as text
    ],
)
def test_iso_dates(text, expected):
    assert parse_due(text) == Due(date=expected)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("31st March 2017", date(2017, 3, 31)),
        ("1st September 2016", date(2016, 9, 1)),
        ("2nd May 2017", date(2017, 5, 2)),
        ("3rd of March 2017", date(2017, 3, 3)),
        ("30th Sept 2017", date(2017, 9, 30)),
        ("31 December 2016", date(2016, 12, 31)),
        ("31-Mar-17", date(2017, 3, 31)),
        ("31 Mar 17", date(2017, 3, 31)),
        ("by 31 Jan 2019", date(2019, 1, 31)),
        ("Friday 31st March 2017", date(2017, 3, 31)),  # the weekday is ignored
    ],
)
def test_day_month_name_year(text, expected):
    assert parse_due(text) == Due(date=expected)


# --- a month means the end of that month ------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("January 2017", date(2017, 1, 31)),  # seed 004
        ("September 2016", date(2016, 9, 30)),
        ("June 2017", date(2017, 6, 30)),
        ("December 2017", date(2017, 12, 31)),
        ("February 2017", date(2017, 2, 28)),
        ("February 2016", date(2016, 2, 29)),  # leap year
        ("February 2000", date(2000, 2, 29)),  # divisible by 400: leap
        ("Mar-17", date(2017, 3, 31)),
        ("Mar 17", date(2017, 3, 31)),
        ("Jan-2017", date(2017, 1, 31)),
        ("March-2017", date(2017, 3, 31)),
        ("Mar 2017", date(2017, 3, 31)),
        ("Sept 2016", date(2016, 9, 30)),
        ("Sept. 2016", date(2016, 9, 30)),
        ("Mar '17", date(2017, 3, 31)),
        ("march 2017", date(2017, 3, 31)),
        ("MAY 2017", date(2017, 5, 31)),
        ("End of March 2017", date(2017, 3, 31)),
    ],
)
def test_a_month_is_the_end_of_that_month(text, expected):
    assert parse_due(text) == Due(date=expected)


# --- ongoing --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "September 2016 and ongoing",  # seed 004
        "September 2016 and quarterly",  # seed 004
        "ongoing",
        "Ongoing",
        "On-going",
        "December 2016 (ongoing)",
        "31/12/16 and ongoing",
        "March 2017 - ongoing",
        "Monthly",
        "Annually from April 2017",
    ],
)
def test_ongoing_is_never_a_due_date(text):
    due = parse_due(text)
    assert due == Due(ongoing=True)
    assert not due.missing


@pytest.mark.parametrize(
    "text",
    [
        "Began September 2016",  # seed 004: a start date only
        "Started April 2016",
        "From April 2017",
        "Since 31/12/16",
        "Began 1st September 2016",
        "Training to begin: March 2017 End:",  # seed 004: the end was never typed
        "Training begins: May 2017",  # seed 004
    ],
)
def test_a_start_date_alone_is_no_due_date(text):
    """Only text that says so is ongoing: a start alone is a problem with its cell (seed
    004's council rated "Training to begin: March 2017 End:" Overdue itself)."""
    due = parse_due(text)
    assert due.date is None and not due.ongoing and due.missing
    assert due.problem == (
        f"no due date could be read from '{text}': it says only when the action starts"
    )
    assert "'ongoing'" in due.fix


@pytest.mark.parametrize("text", ["September 2016 and ongoing", "Monthly", "April 2017 onwards"])
def test_ongoing_says_how_it_was_read(text):
    assert parse_due(text).read_as == "ongoing"


# --- a month typed into Excel ----------------------------------------------------------------


@pytest.mark.parametrize(
    "stored, shows, meant",
    [
        (date(2017, 1, 1), "month", date(2017, 1, 31)),  # "January 2017" typed into Excel
        (datetime(2016, 2, 1), "month", date(2016, 2, 29)),
        (42736, "month", date(2017, 1, 31)),  # the serial, as the cell stores it
        (date(2017, 1, 1), "year", date(2017, 12, 31)),  # "2017" typed into a "yyyy" cell
        (date(2017, 1, 1), None, date(2017, 1, 1)),  # a format that shows the day
    ],
)
def test_a_date_cell_that_shows_no_day_is_the_end_of_its_month(stored, shows, meant):
    due = parse_due(stored, shows=shows, is_date_cell=True)
    assert due == Due(date=meant)
    assert due.read_as == {"month": "month cell", "year": "year cell", None: ""}[shows]


def test_a_month_may_be_pinned_to_its_first_day():
    assert parse_due(date(2017, 1, 1), shows="month", month_start=True).date == date(2017, 1, 1)
    assert parse_due("January 2017", month_start=True).date == date(2017, 1, 1)
    assert parse_due(date(2017, 5, 1), shows="year", month_start=True).date == date(2017, 1, 1)


def test_a_month_typed_as_text_says_how_it_was_read():
    assert parse_due("January 2017").read_as == "month text"
    assert parse_due("31/01/2017").read_as == ""
    assert parse_due("Stage 1: 01/02/2017 Stage 2: December 2017").read_as == "month text"
    assert parse_due("Stage 1: February 2017 Stage 2: 15/12/2017").read_as == ""


# --- several dates: the last due date ------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        # seed 004, verbatim
        ("Training to begin: March 2017 End: March 2018", date(2018, 3, 31)),
        (
            "Stage 1 Core elements: February 2017 Stage 2: all policies December 2017",
            date(2017, 12, 31),
        ),
        ("Started April 2016 Project end March 2018", date(2018, 3, 31)),
        ("Started April 2016\nProject end March 2018", date(2018, 3, 31)),
        # other mixtures
        ("Start: 01/09/2016 End: 31/03/2017", date(2017, 3, 31)),
        ("31/12/16 - 31/03/17", date(2017, 3, 31)),
        ("March 2017 - June 2017", date(2017, 6, 30)),
        ("First draft May 2017, final July 2017", date(2017, 7, 31)),
        ("30/09/18 (revised 31/12/18)", date(2018, 12, 31)),
        ("Began September 2016, complete by March 2017", date(2017, 3, 31)),
    ],
)
def test_several_dates_take_the_last_due_date(text, expected):
    assert parse_due(text) == Due(date=expected)


# --- impossible dates are problems, never moved ------------------------------------------------


@pytest.mark.parametrize(
    "text, month_length, fix_date",
    [
        ("31/11/16", "November 2016 has 30 days", "30/11/2016"),  # seed 000, action 9.2
        ("31/06/17", "June 2017 has 30 days", "30/06/2017"),  # seed 000, actions 13.2, 13.3
        ("29/02/2017", "February 2017 has 28 days", "28/02/2017"),
        ("31/4/2017", "April 2017 has 30 days", "30/04/2017"),
        ("2017-02-29", "February 2017 has 28 days", "28/02/2017"),
    ],
)
def test_impossible_dates_are_reported_with_the_months_length(text, month_length, fix_date):
    due = parse_due(text)
    assert due.date is None, "an impossible date must never be moved to a nearby day"
    assert not due.ongoing
    assert due.missing
    assert due.problem == f"'{text}' is not a date: {month_length}"
    assert fix_date in due.fix


def test_an_impossible_date_among_others_is_still_a_problem():
    due = parse_due("Start 01/09/16 End 31/11/16")
    assert due.date is None
    assert "November 2016 has 30 days" in due.problem


@pytest.mark.parametrize(
    "text, month",
    [
        ("12/31/16", 31),  # month first, as an American would type it
        ("12/31/2016", 31),
        ("31/13/2016", 13),
        ("2017-13-01", 13),
    ],
)
def test_a_month_that_does_not_exist_is_a_problem(text, month):
    due = parse_due(text)
    assert due.date is None and not due.ongoing
    assert due.problem == f"'{text}' is not a date: there is no month {month}"
    assert "day first" in due.fix


# --- placeholders, blanks and prose -----------------------------------------------------------


@pytest.mark.parametrize(
    "value", ["TBC", "tbc", "TBA", "TBD", "N/A", "n/a", "NA", "-", "?", "To be confirmed", " TBC "]
)
def test_placeholders_are_not_a_due_date_yet(value):
    due = parse_due(value)
    assert due.date is None and not due.ongoing and due.missing
    assert due.problem == f"'{value.strip()}' is not a due date yet"
    assert due.fix


@pytest.mark.parametrize("value", [None, "", "   ", "\n"])
def test_blank_is_a_problem(value):
    due = parse_due(value)
    assert due.date is None and not due.ongoing and due.missing
    assert due.problem == "no due date"


@pytest.mark.parametrize(
    "text", ["Q1 2017", "Summer 2017", "Complete", "2017", "31 March", "end of March"]
)
def test_text_without_a_readable_date_is_a_problem(text):
    due = parse_due(text)
    assert due.date is None and not due.ongoing
    assert due.problem == f"no due date could be read from '{text}'"


def test_a_long_unreadable_text_is_shortened_in_the_message():
    text = "Subject to the outcome of the review by the board " * 3
    problem = parse_due(text).problem
    assert problem.startswith("no due date could be read from 'Subject to the outcome")
    assert "…" in problem
    assert len(problem) < len(text)


# --- numbers ---------------------------------------------------------------------------------


def test_a_year_typed_as_a_number_is_not_a_date():
    due = parse_due(2017)
    assert due.date is None
    assert due.problem == "2017 is a number, not a date"


@pytest.mark.parametrize(
    "value, expected",
    [
        (42735, date(2016, 12, 31)),  # Excel shows 42735 as 31/12/2016
        (42735.0, date(2016, 12, 31)),
        (42735.75, date(2016, 12, 31)),  # 6pm on that day
        (43496, date(2019, 1, 31)),
        (32874, date(1990, 1, 1)),  # the first serial taken without a date format
    ],
)
def test_a_plausible_serial_number_is_a_date(value, expected):
    assert parse_due(value) == Due(date=expected)


@pytest.mark.parametrize("value", [32873, 0, -1, 1.5, 60, 100000])
def test_an_implausible_bare_number_is_a_problem(value):
    due = parse_due(value)
    assert due.date is None
    assert due.problem.endswith("is a number, not a date")


@pytest.mark.parametrize(
    "value, expected",
    [
        (2017, date(1905, 7, 9)),  # a date cell holding 2017 shows 09/07/1905 in Excel
        (367, date(1901, 1, 1)),
        (32873, date(1989, 12, 31)),
        (42735, date(2016, 12, 31)),
    ],
)
def test_in_a_date_formatted_cell_small_serials_are_dates(value, expected):
    assert parse_due(value, is_date_cell=True) == Due(date=expected)


def test_booleans_are_not_dates():
    due = parse_due(True)
    assert due.date is None
    assert due.problem == "'True' is not a date"


def test_serials_in_a_1904_workbook():
    # 1904 serial 42735 is 1462 days later than the same serial in 1900: 1 January 2021.
    assert parse_due(42735, date1904=True) == Due(date=date(2021, 1, 1))
    assert parse_due(41273, date1904=True) == Due(date=date(2016, 12, 31))


# --- serial conversions ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "serial, expected",
    [
        (42735, date(2016, 12, 31)),
        (43466, date(2019, 1, 1)),
        (61, date(1900, 3, 1)),  # first day after Excel's phantom 29/02/1900
        (2958465, date(9999, 12, 31)),  # Excel's last date
        (42735.999, date(2016, 12, 31)),  # the time of day is dropped, not rounded
    ],
)
def test_from_serial_1900(serial, expected):
    assert from_serial(serial) == expected


@pytest.mark.parametrize(
    "serial, expected",
    [
        (0, date(1904, 1, 1)),
        (1, date(1904, 1, 2)),
        (41273, date(2016, 12, 31)),
        (42735, date(2021, 1, 1)),
    ],
)
def test_from_serial_1904(serial, expected):
    assert from_serial(serial, date1904=True) == expected


@pytest.mark.parametrize(
    "value",
    [date(1900, 3, 1), date(2016, 2, 29), date(2016, 12, 31), date(2019, 1, 31), date(2100, 2, 28)],
)
@pytest.mark.parametrize("date1904", [False, True])
def test_to_serial_round_trips(value, date1904):
    assert from_serial(to_serial(value, date1904), date1904) == value


def test_the_two_systems_differ_by_1462_days():
    day = date(2016, 12, 31)
    assert to_serial(day) == 42735
    assert to_serial(day, date1904=True) == 42735 - 1462
    assert to_serial(date(1904, 1, 1), date1904=True) == 0


@pytest.mark.parametrize("serial, excel_shows", [(1, date(1900, 1, 1)), (59, date(1900, 2, 28))])
def test_from_serial_matches_excel_before_march_1900(serial, excel_shows):
    assert from_serial(serial) == excel_shows


# --- month_end and format_date ----------------------------------------------------------------


@pytest.mark.parametrize(
    "year, month, expected",
    [
        (2017, 1, date(2017, 1, 31)),
        (2017, 2, date(2017, 2, 28)),
        (2016, 2, date(2016, 2, 29)),
        (2000, 2, date(2000, 2, 29)),
        (1900, 2, date(1900, 2, 28)),  # divisible by 100, not by 400: not a leap year
        (2100, 2, date(2100, 2, 28)),
        (2017, 4, date(2017, 4, 30)),
        (2017, 12, date(2017, 12, 31)),
    ],
)
def test_month_end(year, month, expected):
    assert month_end(year, month) == expected


def test_format_date_is_day_first():
    assert format_date(date(2017, 3, 1)) == "01/03/2017"
    assert format_date(None) == ""


def test_due_missing():
    assert Due().missing
    assert Due(problem="no due date").missing
    assert not Due(date=date(2017, 1, 31)).missing
    assert not Due(ongoing=True).missing


# --- bugs ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, meant", [("March 31, 2017", date(2017, 3, 31)), ("Sept 30 2017", date(2017, 9, 30))]
)
def test_month_name_then_day_is_not_read_as_a_year(text, meant):
    due = parse_due(text)
    # Either the unambiguous date or a problem; never a date years away.
    assert due.date == meant or (due.date is None and due.problem)


def test_a_month_onwards_is_ongoing_and_from_a_month_is_no_due_date():
    assert parse_due("April 2017 onwards") == Due(ongoing=True)
    assert parse_due("From April 2017").problem.startswith("no due date could be read")


def test_a_full_stop_after_a_date():
    assert parse_due("31/12/2016.") == Due(date=date(2016, 12, 31))
