"""The Settings the plan's own checks use: how days are counted, the plan's
period, the most red actions a lead should carry, and the suggested-rating
rules.

The scalar settings are rows of the top block (column A the label, column B
the value), found by read_settings with the other keys (schema.SETTING_KEYS).
The rules are a block of their own, under a header row holding "Condition",
"Rating" and "Wording" (see template.py for where the template puts it):
one rule per row until a blank row. With no such header the shipped rules
(suggest.DEFAULT_RULES) apply; a header with no rows under it means none.
"""

from __future__ import annotations

import re

from ..rules.dates import parse_due
from ..rules.model import Problem, Settings
from ..rules.periods import parse_period
from ..rules.schema import RULE_TABLE_HEADERS, normalise_header
from ..rules.suggest import RuleRow
from ..rules.workdays import NATIONS, DayCount, read_nation, read_unit
from ..xlsx.cells import SheetCells, cell_ref, display

_RULE_KEYS = {
    normalise_header(h): key
    for h, key in zip(RULE_TABLE_HEADERS, ("condition", "rating", "wording"), strict=False)
}


def read_check_settings(
    cells: SheetCells, raw: dict[str, object], settings: Settings, sheet: str
) -> list[Problem]:
    """Set the day count, plan period, red limit and rules on `settings` from the
    Settings sheet's cells and the key/value pairs already found; the problems."""
    problems: list[Problem] = []

    def typed(key: str) -> str:
        return display(raw.get(key) if raw.get(key) is not None else "").strip()

    def where(key: str) -> str:
        return str(raw.get(key + "@", ""))

    unit, nation = settings.days.unit, settings.days.nation
    if typed("day_count"):
        read = read_unit(typed("day_count"))
        if read is None:
            problems.append(
                Problem(
                    sheet,
                    where("day_count"),
                    f"'{typed('day_count')}' is not a way of counting days",
                    "type calendar days or working days",
                )
            )
        unit = read or unit
    if typed("nation"):
        read = read_nation(typed("nation"))
        if read is None:
            problems.append(
                Problem(
                    sheet,
                    where("nation"),
                    f"'{typed('nation')}' is not a nation ragbook knows the bank holidays of",
                    f"type one of {', '.join(NATIONS)}",
                )
            )
        nation = read or nation
    settings.days = DayCount(unit, nation)
    if typed("red_limit"):
        from .settings import _whole_number  # settings.py calls this module

        number = _whole_number(raw["red_limit"], 0, 10_000)
        if number is None:
            problems.append(
                Problem(
                    sheet,
                    where("red_limit"),
                    f"'{typed('red_limit')}' is not a number of actions",
                    "type a whole number such as 3",
                )
            )
        else:
            settings.red_limit = number
    if raw.get("plan_period") not in (None, ""):
        period = plan_period(raw["plan_period"])
        if period is None:
            problems.append(
                Problem(
                    sheet,
                    where("plan_period"),
                    f"'{typed('plan_period')}' is not a period ragbook can read",
                    "type the first and last month, e.g. Apr 2019 to Mar 2021",
                )
            )
        else:
            settings.plan_period = period
    rules, rule_problems = read_rule_rows(cells, sheet)
    settings.rules = rules
    problems.extend(rule_problems)
    return problems


def plan_period(value: object):
    """'Apr 2019 to Mar 2021', '01/04/2019 - 31/03/2021' or '2019/20' -> (first day, last day)."""
    if not isinstance(value, str):
        due = parse_due(value)
        return (due.date, due.date) if due.date else None
    sides = re.split(r"\s+(?:to|until|till)\s+|\s+[-\u2013]\s+", value.strip(), maxsplit=1)
    periods = [parse_period(side) for side in sides]
    if not periods or any(p is None for p in periods):
        return None
    first, last = periods[0], periods[-1]
    assert first is not None and last is not None, "none is None: checked above"
    if last.end < first.start:
        return None
    return first.start, last.end


def read_rule_rows(
    cells: SheetCells, sheet: str
) -> tuple[tuple[RuleRow, ...] | None, list[Problem]]:
    """The rule rows under the rules header; None when the sheet has no rules header."""
    found = _find_header(cells)
    if found is None:
        return None, []
    header, cols = found
    rows: list[RuleRow] = []
    problems: list[Problem] = []
    row = header + 1
    while True:
        values = {key: display(cells.value(row, col)).strip() for key, col in cols.items()}
        if not any(values.values()):
            break
        refs = tuple(
            cell_ref(row, cols[k]) if k in cols else "" for k in ("condition", "rating", "wording")
        )
        if not values.get("condition"):
            problems.append(
                Problem(
                    sheet,
                    refs[0],
                    "this rule has no condition",
                    "type a condition such as 'past due', or delete the row",
                )
            )
        else:
            rows.append(
                RuleRow(
                    values["condition"],
                    values.get("rating", ""),
                    values.get("wording", ""),
                    refs,  # type: ignore[arg-type]  # three keys, three refs
                )
            )
        row += 1
    return tuple(rows), problems


def _find_header(cells: SheetCells) -> tuple[int, dict[str, int]] | None:
    for row in sorted(cells.rows):
        cols: dict[str, int] = {}
        for col, cell in cells.rows[row].items():
            key = _RULE_KEYS.get(normalise_header(display(cell.value)))
            if key:
                cols.setdefault(key, col)
        if "condition" in cols and "rating" in cols:
            return row, cols
    return None


__all__ = ["plan_period", "read_check_settings", "read_rule_rows"]
