"""Counting days: calendar days, or working days with a nation's bank holidays.

Timescales in children's services are statutory working days (assessments
within 45, child protection conferences within 15), so a plan can count
"overdue by", "due soon" and the suggested-rating rules in working days:
Monday to Friday, less the bank holidays of England and Wales, Scotland or
Northern Ireland. They differ: Scotland has 2 January and St Andrew's Day,
and its summer bank holiday is the first Monday of August, not the last.

The bank holidays come from the maintained `holidays` package (imported only
when a plan counts working days). Everything else here is arithmetic on
dates, with no clock: the as-of date is always passed in.

Calendar days stay the default: a plan's actions are due by month-ends its
board agreed, not by statutory clocks, and plans already refreshed with a
30-day window would otherwise change their counts without anyone asking.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from .words import plural

CALENDAR, WORKING = "calendar days", "working days"
DAY_UNITS = (CALENDAR, WORKING)
# The nations whose bank holidays ragbook knows, and the `holidays` package's subdivision.
NATIONS = {"England and Wales": "ENG", "Scotland": "SCT", "Northern Ireland": "NIR"}
DEFAULT_NATION = "England and Wales"
_NATION_WORDS = {
    "england and wales": "England and Wales",
    "england & wales": "England and Wales",
    "england": "England and Wales",
    "wales": "England and Wales",
    "scotland": "Scotland",
    "northern ireland": "Northern Ireland",
}


def read_unit(text: str) -> str | None:
    """'Working days', 'working', 'calendar' -> the unit; None when it is neither."""
    words = " ".join(text.casefold().replace("-", " ").split())
    if words in ("working days", "working", "work days", "business days", "weekdays"):
        return WORKING
    if words in ("calendar days", "calendar", "days"):
        return CALENDAR
    return None


def read_nation(text: str) -> str | None:
    """'Scotland', 'england', 'England & Wales' -> the nation's name; None when unknown."""
    return _NATION_WORDS.get(" ".join(text.casefold().split()))


@lru_cache(maxsize=256)
def bank_holidays(nation: str, year: int) -> tuple[date, ...]:
    """The nation's bank holidays in a year that fall on a weekday, in order."""
    import holidays  # about 50 ms: only plans that count working days pay for it

    found = holidays.country_holidays("GB", subdiv=NATIONS[nation], years=year)
    return tuple(sorted(d for d in found if d.weekday() < 5 and d.year == year))


def _weekdays_to(day: date) -> int:
    """Mondays to Fridays from 1 January of year 1 (a Monday) up to `day`, inclusive."""
    n = day.toordinal()
    return (n // 7) * 5 + min(n % 7, 5)


@dataclass(frozen=True)
class DayCount:
    """How the plan counts days: calendar days, or working days of a nation."""

    unit: str = CALENDAR
    nation: str = DEFAULT_NATION

    @property
    def working(self) -> bool:
        return self.unit == WORKING

    def between(self, start: date, end: date) -> int:
        """Days after `start` up to and including `end` (negative when end is earlier).

        In working days, a Saturday as-of date counts as the Friday before it:
        an action due on a Friday is 0 working days past due that weekend.
        """
        if not self.working:
            return (end - start).days
        if end < start:
            return -self.between(end, start)
        days = _weekdays_to(end) - _weekdays_to(start)
        for year in range(start.year, end.year + 1):
            listed = bank_holidays(self.nation, year)
            days -= bisect_right(listed, end) - bisect_right(listed, start)
        return days

    def add(self, start: date, days: int) -> date:
        """The date `days` days after `start` (the last of them, in working days)."""
        if not self.working:
            return start + timedelta(days=days)
        day, left = start, days
        while left > 0:
            day += timedelta(days=1)
            if day.weekday() < 5 and day not in bank_holidays(self.nation, day.year):
                left -= 1
        return day

    def words(self, days: int) -> str:
        """'12 working days', '1 day'."""
        kind = "working day" if self.working else "day"
        return plural(days, kind)

    @property
    def plural(self) -> str:
        """'working days' or 'days', for headings."""
        return "working days" if self.working else "days"


__all__ = [
    "CALENDAR",
    "DAY_UNITS",
    "DEFAULT_NATION",
    "NATIONS",
    "WORKING",
    "DayCount",
    "bank_holidays",
    "read_nation",
    "read_unit",
]
