"""Periods as councils head their columns: months, dates, quarters, years.

Pure functions; no clock. A period read from a header ("Sep 2016",
"September 16", a date cell, "Q1 2017/18") gets one canonical label, so
"Sept 2016" and "September 2016" are the same period, and a start and an
end date, so periods sort in time whatever order the columns are in.

Accepted (case ignored; a leading "Performance at", "Actual", "As at" is
dropped):

- a month and year: "Sep 2016", "Sept 2016", "September 2016", "Sep-16",
  "Sep '16", "09/2016", "2016-09"  -> "Sep 2016";
- a date (a date cell, "31/03/2018", "31.03.18"): the first or last day of
  a month means that month ("Mar 2018"); any other day is that day
  ("15/03/2018");
- a financial quarter (April to March years): "Q1 2017/18", "Q1 17/18",
  "2017/18 Q1"  -> "Q1 2017/18" (Q1 is April to June 2017);
- a calendar quarter: "Q1 2017", "2017 Q1"  -> "Q1 2017" (January to March);
- a financial year "2017/18" or "2017-18"  -> "2017/18"; a year "2017".

A month without a year ("Oct") is not a period: it cannot be put in order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from .dates import MONTH_RE, MONTHS, month_end

MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
EARLIEST_YEAR, LATEST_YEAR = 1990, 2100
EXAMPLES = "a month such as 'Sep 2016', a date, or a quarter such as 'Q1 2017/18'"

_PREFIX = re.compile(
    r"^(?:(?:actuals?|performance|position|value|outturn|result|data)\b\s*)?"
    r"(?:(?:as\s+)?at\b\s*)?",
    re.I,
)
_MONTH_YEAR = re.compile(rf"^({MONTH_RE})\.?[\s\-/,']*'?(\d{{4}}|\d{{2}})$", re.I)
_NUMERIC_MONTH = re.compile(r"^(\d{1,2})[/\-.](\d{4})$|^(\d{4})[/\-.](\d{1,2})$")
_DAY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})$")
_YEARS = r"(\d{4}|\d{2})\s*[/\-]\s*(\d{4}|\d{2})"
_QUARTER = re.compile(
    rf"^q\s*([1-4])[\s,]*(?:fy\s*)?(?:{_YEARS}|(\d{{4}}))$"
    rf"|^(?:fy\s*)?(?:{_YEARS}|(\d{{4}}))[\s,]*q\s*([1-4])$",
    re.I,
)
_FINANCIAL_YEAR = re.compile(rf"^(?:fy\s*)?{_YEARS}$", re.I)
_YEAR = re.compile(r"^(\d{4})$")


@dataclass(frozen=True, order=True)
class Period:
    """A period with its canonical label. Periods order by end, then start."""

    end: date
    start: date
    label: str

    def __str__(self) -> str:
        return self.label


def month(year: int, number: int) -> Period:
    return Period(
        month_end(year, number), date(year, number, 1), f"{MONTH_ABBR[number - 1]} {year}"
    )


def period_of(day: date) -> Period:
    """The month a date falls in: the default period closed on that as-of date."""
    return month(day.year, day.month)


def parse_period(value: object) -> Period | None:
    """The period a header cell (text, number or date) names, or None."""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return _day(value)
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return _year(int(value)) if float(value).is_integer() else None
    text = " ".join(str(value).replace("\u2013", "-").replace("\u2019", "'").split())
    text = _PREFIX.sub("", text).strip()
    if not text:
        return None
    # "2011-12" is a financial year before it is December 2011.
    return (
        _month_year(text)
        or _financial(text)
        or _numeric(text)
        or _quarter(text)
        or (_year(int(text)) if _YEAR.match(text) else None)
    )


def _valid(year: int) -> bool:
    return EARLIEST_YEAR <= year <= LATEST_YEAR


def _full_year(text: str) -> int:
    return int(text) + 2000 if len(text) == 2 else int(text)


def _day(day: date) -> Period | None:
    if not _valid(day.year):
        return None
    if day.day == 1 or day == month_end(day.year, day.month):
        return month(day.year, day.month)
    return Period(day, day, day.strftime("%d/%m/%Y"))


def _year(year: int) -> Period | None:
    return Period(date(year, 12, 31), date(year, 1, 1), str(year)) if _valid(year) else None


def _month_year(text: str) -> Period | None:
    m = _MONTH_YEAR.match(text)
    if not m:
        return None
    year = _full_year(m.group(2))
    return month(year, MONTHS[m.group(1).lower()]) if _valid(year) else None


def _numeric(text: str) -> Period | None:
    m = _NUMERIC_MONTH.match(text)
    if m:
        number, year = (
            (int(m.group(1)), int(m.group(2))) if m.group(1) else (int(m.group(4)), int(m.group(3)))
        )
        return month(year, number) if 1 <= number <= 12 and _valid(year) else None
    m = _DAY.match(text)
    if not m:
        return None
    day, number, year = int(m.group(1)), int(m.group(2)), _full_year(m.group(3))
    if not 1 <= number <= 12 or not 1 <= day <= month_end(year, number).day:
        return None
    return _day(date(year, number, day))


def _financial_start(first: str, second: str) -> int | None:
    """The first calendar year of a financial year typed "2017/18", or None."""
    start, end = _full_year(first), _full_year(second)
    return start if end == start + 1 and _valid(start) else None


def _quarter(text: str) -> Period | None:
    m = _QUARTER.match(text)
    if not m:
        return None
    if m.group(1):
        number, first, second, calendar_year = m.group(1), m.group(2), m.group(3), m.group(4)
    else:
        number, first, second, calendar_year = m.group(8), m.group(5), m.group(6), m.group(7)
    q = int(number)
    if calendar_year:
        year = int(calendar_year)
        if not _valid(year):
            return None
        return Period(month_end(year, 3 * q), date(year, 3 * q - 2, 1), f"Q{q} {year}")
    start = _financial_start(first, second)
    if start is None:
        return None
    first_month = 3 * q + 1  # Q1 starts in April
    year = start if first_month <= 12 else start + 1
    first_month = (first_month - 1) % 12 + 1
    return Period(
        month_end(year, first_month + 2),
        date(year, first_month, 1),
        f"Q{q} {start}/{str(start + 1)[2:]}",
    )


def _financial(text: str) -> Period | None:
    m = _FINANCIAL_YEAR.match(text)
    if not m:
        return None
    start = _financial_start(m.group(1), m.group(2))
    if start is None:
        return None
    return Period(date(start + 1, 3, 31), date(start, 4, 1), f"{start}/{str(start + 1)[2:]}")
