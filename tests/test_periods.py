"""ragbook.rules.periods: period headings as councils type them, in time order."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from ragbook.rules.periods import Period, month, parse_period, period_of


@pytest.mark.parametrize(
    "typed",
    [
        "Sep 2016",
        "Sept 2016",
        "September 2016",
        "SEP-16",
        "Sep 16",
        "Sep '16",
        "sep.2016",
        "09/2016",
        "2016-09",
        "9/2016",
        "As at Sep 2016",
        "Actual September 2016",
        date(2016, 9, 1),
        datetime(2016, 9, 30),
        "30/09/2016",
        "01.09.16",
    ],
)
def test_a_month_however_typed_is_one_period(typed):
    period = parse_period(typed)
    assert period == Period(date(2016, 9, 30), date(2016, 9, 1), "Sep 2016")


def test_a_date_inside_a_month_is_that_day():
    assert parse_period("15/03/2018") == Period(date(2018, 3, 15), date(2018, 3, 15), "15/03/2018")
    # Seed 004's "Performance at 31.03.18": the end of March 2018.
    assert parse_period("Performance at 31.03.18").label == "Mar 2018"


@pytest.mark.parametrize(
    "typed, label, start, end",
    [
        ("Q1 2017/18", "Q1 2017/18", date(2017, 4, 1), date(2017, 6, 30)),
        ("Q3 17/18", "Q3 2017/18", date(2017, 10, 1), date(2017, 12, 31)),
        ("2017/18 Q4", "Q4 2017/18", date(2018, 1, 1), date(2018, 3, 31)),
        ("Q2 FY 2017-18", "Q2 2017/18", date(2017, 7, 1), date(2017, 9, 30)),
        ("Q1 2017", "Q1 2017", date(2017, 1, 1), date(2017, 3, 31)),
        ("2017 Q4", "Q4 2017", date(2017, 10, 1), date(2017, 12, 31)),
        ("2017/18", "2017/18", date(2017, 4, 1), date(2018, 3, 31)),
        ("2011-12", "2011/12", date(2011, 4, 1), date(2012, 3, 31)),  # a financial year, not Dec
        ("2016-12", "Dec 2016", date(2016, 12, 1), date(2016, 12, 31)),
        (2017, "2017", date(2017, 1, 1), date(2017, 12, 31)),
    ],
)
def test_quarters_and_years(typed, label, start, end):
    assert parse_period(typed) == Period(end, start, label)


@pytest.mark.parametrize(
    "typed",
    [
        "Oct",
        "RAG",
        "Notes",
        "Target",
        "31/11/16",
        "2017/19",
        "Q5 2017",
        "13/2016",
        "1850",
        2017.5,
        True,
        None,
        "",
        "Sep 2300",
        "Comments Sep 2016",
    ],
)
def test_what_is_not_a_period(typed):
    assert parse_period(typed) is None


def test_periods_sort_in_time_whatever_their_kind():
    typed = ["Q1 2017/18", "Mar 2017", "15/05/2017", "2016/17", "Apr 2017"]
    # By their end; of two ending together, the one that started first.
    assert [p.label for p in sorted(map(parse_period, typed))] == [
        "2016/17",
        "Mar 2017",
        "Apr 2017",
        "15/05/2017",
        "Q1 2017/18",
    ]


def test_the_default_period_is_the_month_of_the_as_of_date():
    assert period_of(date(2026, 11, 23)) == month(2026, 11)
    assert str(period_of(date(2026, 11, 23))) == "Nov 2026"
    assert period_of(date(2016, 10, 31)).start == date(2016, 10, 1)
    assert period_of(date(2016, 10, 31)).end == date(2016, 10, 31)
