"""Counting days: calendar days, or working days less a nation's bank holidays."""

from __future__ import annotations

from datetime import date

import pytest

from ragbook.rules.workdays import (
    CALENDAR,
    WORKING,
    DayCount,
    bank_holidays,
    read_nation,
    read_unit,
)

ENGLAND = DayCount(WORKING, "England and Wales")
SCOTLAND = DayCount(WORKING, "Scotland")
NI = DayCount(WORKING, "Northern Ireland")


def count_by_walking(days: DayCount, start: date, end: date) -> int:
    """The same count, one day at a time: the slow way the arithmetic must agree with."""
    n, day = 0, start
    while day < end:
        day = date.fromordinal(day.toordinal() + 1)
        if day.weekday() < 5 and day not in bank_holidays(days.nation, day.year):
            n += 1
    return n


def test_calendar_days_are_plain_subtraction():
    count = DayCount()
    assert count.unit == CALENDAR and not count.working
    assert count.between(date(2024, 12, 20), date(2025, 1, 3)) == 14
    assert count.add(date(2024, 12, 20), 14) == date(2025, 1, 3)
    assert count.words(1) == "1 day" and count.words(14) == "14 days"


def test_christmas_in_england_and_in_scotland():
    # Fri 20 Dec 2024 to Fri 3 Jan 2025: ten weekdays, less Christmas Day, Boxing Day and
    # New Year's Day; Scotland also keeps 2 January.
    assert ENGLAND.between(date(2024, 12, 20), date(2025, 1, 3)) == 7
    assert SCOTLAND.between(date(2024, 12, 20), date(2025, 1, 3)) == 6
    assert NI.between(date(2024, 12, 20), date(2025, 1, 3)) == 7
    assert ENGLAND.add(date(2024, 12, 24), 1) == date(2024, 12, 27)
    assert SCOTLAND.add(date(2024, 12, 31), 1) == date(2025, 1, 3)


def test_august_bank_holiday_is_the_last_monday_in_england_and_the_first_in_scotland():
    assert date(2025, 8, 25) in bank_holidays("England and Wales", 2025)
    assert date(2025, 8, 4) not in bank_holidays("England and Wales", 2025)
    assert date(2025, 8, 4) in bank_holidays("Scotland", 2025)
    assert date(2025, 8, 25) not in bank_holidays("Scotland", 2025)
    week_of_25th = (date(2025, 8, 22), date(2025, 8, 29))
    week_of_4th = (date(2025, 8, 1), date(2025, 8, 8))
    assert ENGLAND.between(*week_of_25th) == 4 and SCOTLAND.between(*week_of_25th) == 5
    assert ENGLAND.between(*week_of_4th) == 5 and SCOTLAND.between(*week_of_4th) == 4
    assert ENGLAND.add(date(2025, 8, 22), 1) == date(2025, 8, 26)
    assert SCOTLAND.add(date(2025, 8, 22), 1) == date(2025, 8, 25)


def test_weekends_count_as_the_friday_before():
    friday, saturday, monday = date(2025, 3, 7), date(2025, 3, 8), date(2025, 3, 10)
    assert ENGLAND.between(friday, saturday) == 0
    assert ENGLAND.between(friday, monday) == 1
    assert ENGLAND.between(monday, friday) == -ENGLAND.between(friday, monday)
    assert ENGLAND.words(0) == "0 working days" and ENGLAND.words(1) == "1 working day"


@pytest.mark.parametrize("days", [ENGLAND, SCOTLAND, NI])
def test_the_arithmetic_agrees_with_walking_day_by_day(days):
    start = date(2023, 11, 17)
    for step in range(0, 800, 13):
        end = date.fromordinal(start.toordinal() + step)
        assert days.between(start, end) == count_by_walking(days, start, end), end
        assert days.between(start, days.add(start, step // 2)) == step // 2


@pytest.mark.parametrize(
    "typed, unit",
    [
        ("Working days", WORKING),
        ("working", WORKING),
        ("Calendar days", CALENDAR),
        (" calendar ", CALENDAR),
        ("fortnights", None),
    ],
)
def test_read_unit(typed, unit):
    assert read_unit(typed) == unit


@pytest.mark.parametrize(
    "typed, nation",
    [
        ("England and Wales", "England and Wales"),
        ("wales", "England and Wales"),
        ("SCOTLAND", "Scotland"),
        ("Northern  Ireland", "Northern Ireland"),
        ("Ireland", None),
    ],
)
def test_read_nation(typed, nation):
    assert read_nation(typed) == nation
