"""Due dates as councils type them. Pure functions; no clock.

A due value is read into a `Due`: a date, "ongoing" (never overdue), or
nothing, with a plain-English problem when the text cannot be trusted. An
impossible date such as 31/11/16 is reported, never moved to a nearby day.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4,
    "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8,
    "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11,
    "november": 11, "dec": 12, "december": 12,
}
MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))  # longest first: "sept" before "sep"
_WEEKDAYS = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"

_NUMERIC = re.compile(r"(?<![\d/.\-])(\d{1,4})([/.\-])(\d{1,2})\2(\d{2,4})(?![\d/\-]|\.\d)")
_ISO = re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")
_DAY_MONTH_YEAR = re.compile(
    rf"(?<![\w])(\d{{1,2}})(?:st|nd|rd|th)?(?:\s+of)?[\s\-]+({MONTH_RE})\.?,?[\s\-]+(\d{{4}}|\d{{2}})(?!\d)",
    re.I)
_MONTH_DAY_YEAR = re.compile(
    rf"(?<![\w])({MONTH_RE})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})(?!\d)", re.I)
_MONTH_YEAR = re.compile(rf"(?<![\w])({MONTH_RE})\.?,?[\s\-/']+(\d{{4}}|\d{{2}})(?![\d/])", re.I)
_ONGOING = re.compile(r"\b(ongoing|on-going|on going|onwards|continuous|continuing|quarterly|monthly|"
                      r"weekly|annually|termly|bi-monthly|six-monthly)\b", re.I)
_START_WORDS = re.compile(r"\b(began|begun|begin|beginning|started|start|starting|from|since|"
                          r"commenced|commencing|to begin|to start)\b[:\s]*$", re.I)
_PLACEHOLDER = re.compile(r"^\s*(tbc|tba|tbd|n/?a|none|-+|\?+|to be (confirmed|agreed|decided))\s*$",
                          re.I)

EXCEL_EPOCH_1900 = date(1899, 12, 30)
EXCEL_EPOCH_1904 = date(1904, 1, 1)


@dataclass(frozen=True)
class Due:
    """What a due cell means. `problem` is set when the owner must fix it."""

    date: date | None = None
    ongoing: bool = False
    problem: str | None = None
    fix: str | None = None

    @property
    def missing(self) -> bool:
        return self.date is None and not self.ongoing


def from_serial(serial: float, date1904: bool = False) -> date:
    """An Excel serial day number to a date (the time of day is dropped).

    Excel's 1900 system counts a 29 February 1900 that never was (serial 60),
    so serials before it are one day off the plain count; 60 itself is read as
    28 February 1900.
    """
    if date1904:
        return EXCEL_EPOCH_1904 + timedelta(days=int(serial))
    days = int(serial)
    if days < 61:
        return date(1899, 12, 31) + timedelta(days=min(days, 59))
    return EXCEL_EPOCH_1900 + timedelta(days=days)


def to_serial(value: date, date1904: bool = False) -> int:
    if date1904:
        return (value - EXCEL_EPOCH_1904).days
    if value < date(1900, 3, 1):
        return (value - date(1899, 12, 31)).days
    return (value - EXCEL_EPOCH_1900).days


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _year(text: str) -> int:
    y = int(text)
    if len(text) <= 2:
        y += 2000 if y < 70 else 1900
    return y


def _day_month(day: int, month: int, year: int, typed: str) -> date | Due:
    if not 1 <= month <= 12:
        return Due(problem=f"'{typed}' is not a date: there is no month {month}",
                   fix="type the date day first, e.g. 31/12/2016")
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        name = calendar.month_name[month]
        return Due(problem=f"'{typed}' is not a date: {name} {year} has {last} days",
                   fix=f"type the intended date, e.g. {last:02d}/{month:02d}/{year}")
    return date(year, month, day)


def _candidates(text: str) -> list[tuple[int, int, date | Due, bool]]:
    """Every date-like piece of text: (start, end, date or problem, is a start date)."""
    found: list[tuple[int, int, date | Due, bool]] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    # (pattern, day, month, year) readers, most specific first; a later pattern
    # never re-reads text an earlier one matched.
    readers = (
        (_ISO, lambda g: (int(g[2]), int(g[1]), int(g[0]))),
        (_NUMERIC, lambda g: None if len(g[0]) > 2 else (int(g[0]), int(g[2]), _year(g[3]))),
        (_DAY_MONTH_YEAR, lambda g: (int(g[0]), MONTHS[g[1].lower()], _year(g[2]))),
        (_MONTH_DAY_YEAR, lambda g: (int(g[1]), MONTHS[g[0].lower()], int(g[2]))),  # "March 31, 2017"
        (_MONTH_YEAR, lambda g: (None, MONTHS[g[0].lower()], _year(g[1]))),  # the month's end
    )
    for pattern, read in readers:
        for m in pattern.finditer(text):
            if not free(*m.span()):
                continue
            parts = read(m.groups())
            if parts is None:
                continue
            day, month, year = parts
            result = month_end(year, month) if day is None else _day_month(day, month, year,
                                                                           m.group(0))
            found.append((m.start(), m.end(), result, False))
            taken.append(m.span())
    found.sort(key=lambda item: item[0])
    marked = []
    for start, end, result, _ in found:
        before = text[max(0, start - 40):start]
        marked.append((start, end, result, bool(_START_WORDS.search(before))))
    return marked


def parse_due(value: object, *, date1904: bool = False, is_date_cell: bool = False) -> Due:
    """Read a due cell.

    Args:
        value: what the cell holds: a date or datetime, an Excel serial number,
            text, or None.
        date1904: the workbook counts days from 1904 (Mac Excel).
        is_date_cell: the number came from a cell formatted as a date.

    Returns:
        A Due. Text naming several dates takes the last due date; "... and
        ongoing" or a repeating date ("and quarterly") is ongoing; a start date
        alone ("Began September 2016") is ongoing with no end date.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return Due(problem="no due date", fix="type the date the action is due, e.g. 31/03/2017")
    if isinstance(value, datetime):
        return Due(date=value.date())
    if isinstance(value, date):
        return Due(date=value)
    if isinstance(value, bool):
        return Due(problem=f"'{value}' is not a date", fix="type a date, e.g. 31/03/2017")
    if isinstance(value, (int, float)):
        # A number in a cell formatted as a date is a date; a bare number is
        # only taken as one when it is a plausible serial (1990 to 2100), so a
        # year typed as 2017 is reported rather than read as 9 July 1905.
        low, high = (1, 2958466) if is_date_cell else (32874, 73415)
        if low <= value < high:
            return Due(date=from_serial(value, date1904))
        return Due(problem=f"{value:g} is a number, not a date",
                   fix="type the date the action is due, e.g. 31/03/2017")
    text = " ".join(str(value).split())
    if _PLACEHOLDER.match(text):
        return Due(problem=f"'{text}' is not a due date yet",
                   fix="type the date the action is due once it is agreed")
    cleaned = re.sub(_WEEKDAYS, " ", text, flags=re.I)
    candidates = _candidates(cleaned)
    ongoing = bool(_ONGOING.search(cleaned))
    for _, _, result, _ in candidates:
        if isinstance(result, Due):
            return result
    ends = [result for _, _, result, is_start in candidates if not is_start]
    if ongoing:
        return Due(ongoing=True)
    if ends:
        return Due(date=ends[-1])
    if candidates:  # only start dates: "Began September 2016"
        return Due(ongoing=True)
    return Due(problem=f"'{_short(text)}' is not a date ragbook can read",
               fix="type a date (31/03/2017), a month (March 2017) or 'ongoing'")


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


def format_date(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""
