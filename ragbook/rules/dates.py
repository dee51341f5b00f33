"""Due dates as councils type them. Pure functions; no clock.

A due value is read into a `Due`: a date, "ongoing" (never overdue), or
nothing, with a plain-English problem when the text cannot be trusted. An
impossible date such as 31/11/16 is reported, never moved to a nearby day.

A month with no day means the end of that month, whether typed as text
("January 2017") or typed into Excel, which stores the 1st with a number
format that shows no day ("mmm yyyy"); a format that shows only the year
means the end of that year. "Ongoing" is read only when the text says so
("... and ongoing", "quarterly"); text naming only a start ("Began September
2016", "Training to begin: March 2017 End:") has no due date and is a problem.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date, datetime

from ..xlsx.refs import EXCEL_EPOCH_1900, EXCEL_EPOCH_1904, from_serial, to_serial  # noqa: F401

MONTHS = {
    "jan": 1,
    "january": 1,
    "feb": 2,
    "february": 2,
    "mar": 3,
    "march": 3,
    "apr": 4,
    "april": 4,
    "may": 5,
    "jun": 6,
    "june": 6,
    "jul": 7,
    "july": 7,
    "aug": 8,
    "august": 8,
    "sep": 9,
    "sept": 9,
    "september": 9,
    "oct": 10,
    "october": 10,
    "nov": 11,
    "november": 11,
    "dec": 12,
    "december": 12,
}
MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))  # longest first: "sept" before "sep"
_WEEKDAYS = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"

_NUMERIC = re.compile(r"(?<![\d/.\-])(\d{1,4})([/.\-])(\d{1,2})\2(\d{2,4})(?![\d/\-]|\.\d)")
_ISO = re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")
_DAY_MONTH_YEAR = re.compile(
    rf"(?<![\w])(\d{{1,2}})(?:st|nd|rd|th)?(?:\s+of)?[\s\-]+({MONTH_RE})\.?,?[\s\-]+(\d{{4}}|\d{{2}})(?!\d)",
    re.I,
)
_MONTH_DAY_YEAR = re.compile(
    rf"(?<![\w])({MONTH_RE})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})(?!\d)", re.I
)
_MONTH_YEAR = re.compile(rf"(?<![\w])({MONTH_RE})\.?,?[\s\-/']+(\d{{4}}|\d{{2}})(?![\d/])", re.I)
_ONGOING = re.compile(
    r"\b(ongoing|on-going|on going|onwards|continuous|continuing|quarterly|monthly|"
    r"weekly|annually|termly|bi-monthly|six-monthly)\b",
    re.I,
)
_START_WORDS = re.compile(
    r"\b(began|begun|begin|begins|beginning|started|start|starting|from|"
    r"since|commenced|commencing|to begin|to start)\b[:\s]*$",
    re.I,
)
_PLACEHOLDER = re.compile(
    r"^\s*(tbc|tba|tbd|n/?a|none|-+|\?+|to be (confirmed|agreed|decided))\s*$", re.I
)


# How a due date was read, when it was not simply a day: for check --explain.
MONTH_TEXT = "month text"  # "January 2017": a month named with no day
MONTH_CELL = "month cell"  # a date cell whose number format shows no day ("mmm yyyy")
YEAR_CELL = "year cell"  # a date cell whose number format shows only the year ("yyyy")
ONGOING = "ongoing"  # "... and ongoing", "quarterly": never overdue


@dataclass(frozen=True)
class Due:
    """What a due cell means. `problem` is set when the owner must fix it.

    `read_as` says how the date was read when that was a guess (MONTH_TEXT,
    MONTH_CELL, YEAR_CELL or ONGOING); it is not part of what the date means,
    so two Dues of the same day are equal however they were read.
    """

    date: date | None = None
    ongoing: bool = False
    problem: str | None = None
    fix: str | None = None
    read_as: str = field(default="", compare=False)

    @property
    def missing(self) -> bool:
        return self.date is None and not self.ongoing


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _year(text: str) -> int:
    y = int(text)
    if len(text) <= 2:
        y += 2000 if y < 70 else 1900
    return y


def _day_month(day: int, month: int, year: int, typed: str) -> date | Due:
    if not 1 <= month <= 12:
        return Due(
            problem=f"'{typed}' is not a date: there is no month {month}",
            fix="type the date day first, e.g. 31/12/2016",
        )
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        name = calendar.month_name[month]
        return Due(
            problem=f"'{typed}' is not a date: {name} {year} has {last} days",
            fix=f"type the intended date, e.g. {last:02d}/{month:02d}/{year}",
        )
    return date(year, month, day)


def _candidates(
    text: str, month_start: bool = False
) -> list[tuple[int, int, date | Due, bool, bool]]:
    """Every date-like piece of text: (start, end, date or problem, is a start date,
    names a month with no day)."""
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
        (
            _MONTH_DAY_YEAR,
            lambda g: (int(g[1]), MONTHS[g[0].lower()], int(g[2])),
        ),  # "March 31, 2017"
        (_MONTH_YEAR, lambda g: (None, MONTHS[g[0].lower()], _year(g[1]))),  # the month's end
    )
    months: set[int] = set()
    for pattern, read in readers:
        for m in pattern.finditer(text):
            if not free(*m.span()):
                continue
            parts = read(m.groups())
            if parts is None:
                continue
            day, month, year = parts
            if day is None:
                result: date | Due = date(year, month, 1) if month_start else month_end(year, month)
                months.add(m.start())
            else:
                result = _day_month(day, month, year, m.group(0))
            found.append((m.start(), m.end(), result, False))
            taken.append(m.span())
    found.sort(key=lambda item: item[0])
    marked = []
    for start, end, result, _ in found:
        before = text[max(0, start - 40) : start]
        marked.append((start, end, result, bool(_START_WORDS.search(before)), start in months))
    return marked


def month_shown(value: date, shows: str, month_start: bool = False) -> date:
    """The day a date cell means when its number format shows no day: the end of its
    month ("mmm yyyy") or of its year ("yyyy"); the first day with `month_start`."""
    if shows == "year":
        return date(value.year, 1, 1) if month_start else date(value.year, 12, 31)
    return value.replace(day=1) if month_start else month_end(value.year, value.month)


def parse_due(
    value: object,
    *,
    date1904: bool = False,
    is_date_cell: bool = False,
    shows: str | None = None,
    month_start: bool = False,
) -> Due:
    """Read a due cell.

    Args:
        value: what the cell holds: a date or datetime, an Excel serial number,
            text, or None.
        date1904: the workbook counts days from 1904 (Mac Excel).
        is_date_cell: the number came from a cell formatted as a date.
        shows: "month" or "year" when the cell's number format shows no day
            (Excel stores a typed "January 2017" as 1 January, shown "Jan-17").
        month_start: a month with no day means its first day, not its last
            (the owner said so on Settings).

    Returns:
        A Due. Text naming several dates takes the last due date; "... and
        ongoing" or a repeating date ("and quarterly") is ongoing; text that
        names only a start ("Began September 2016") has no due date: a problem.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return Due(problem="no due date", fix="type the date the action is due, e.g. 31/03/2017")
    if isinstance(value, bool):
        return Due(problem=f"'{value}' is not a date", fix="type a date, e.g. 31/03/2017")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        # A number in a cell formatted as a date is a date; a bare number is
        # only taken as one when it is a plausible serial (1990 to 2100), so a
        # year typed as 2017 is reported rather than read as 9 July 1905.
        low, high = (1, 2958466) if (is_date_cell or shows) else (32874, 73415)
        if not low <= value < high:
            return Due(
                problem=f"{value:g} is a number, not a date",
                fix="type the date the action is due, e.g. 31/03/2017",
            )
        value = from_serial(value, date1904)
    if isinstance(value, (date, datetime)):
        day = value.date() if isinstance(value, datetime) else value
        if shows in ("month", "year"):
            return Due(
                date=month_shown(day, shows, month_start),
                read_as=MONTH_CELL if shows == "month" else YEAR_CELL,
            )
        return Due(date=day)
    text = " ".join(str(value).split())
    if _PLACEHOLDER.match(text):
        return Due(
            problem=f"'{text}' is not a due date yet",
            fix="type the date the action is due once it is agreed",
        )
    cleaned = re.sub(_WEEKDAYS, " ", text, flags=re.I)
    candidates = _candidates(cleaned, month_start)
    for _, _, result, _, _ in candidates:
        if isinstance(result, Due):
            return result
    if _ONGOING.search(cleaned):
        return Due(ongoing=True, read_as=ONGOING)
    ends = [
        (result, month)
        for _, _, result, is_start, month in candidates
        if not is_start and isinstance(result, date)  # a Due (a problem) returned above
    ]
    if ends:
        last, month = ends[-1]
        return Due(date=last, read_as=MONTH_TEXT if month else "")
    fix = "type the date it is due (31/03/2017), a month (March 2017), or 'ongoing' if it has none"
    if candidates:  # only start dates: "Began September 2016", "to begin: March 2017 End:"
        return Due(
            problem=f"no due date could be read from '{_short(text)}': it says only when "
            "the action starts",
            fix=fix,
        )
    return Due(problem=f"no due date could be read from '{_short(text)}'", fix=fix)


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def format_date(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""
