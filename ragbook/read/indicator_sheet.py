"""Reading the Indicators sheet: the template's layout or a council's own.

The header row is found by the schema's synonyms (INDICATOR_FIELDS); every
other column whose heading is a period (see rules/periods.py) holds that period's
actual values. What cannot be trusted is a Problem with its cell: a target
or value that is not a number, a tolerance wider than the target, a heading
among the periods that is not a period, and units that do not agree (85 in
one cell and 0.85 in the next of a percentage, "£" in an indicator of days).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import cast

from ..rules import schema
from ..rules.indicators import (
    HIGHER,
    LOWER,
    PERCENT,
    POLARITY_LABELS,
    RANGE,
    Indicator,
    Target,
    Tolerance,
    format_value,
    parse_polarity,
    too_wide,
)
from ..rules.model import Problem
from ..rules.periods import EXAMPLES, Period, parse_period
from ..rules.words import plural
from ..xlsx.cells import SheetCells, cell_ref, display, parse_ref
from .sections import priority_title
from .table import HEADER_SEARCH_ROWS, Header, find_header, header_lookup

LOOKUP = header_lookup(schema.INDICATOR_FIELDS)
_SHEET_HINTS = ("indicator", "kpi", "performance", "scorecard", "measure")
_UNITS = {
    "%": PERCENT,
    "percent": PERCENT,
    "percentage": PERCENT,
    "rate %": PERCENT,
    "£": "£",
    "gbp": "£",
    "money": "£",
    "cost": "£",
    "pounds": "£",
    "day": "days",
    "days": "days",
    "week": "weeks",
    "weeks": "weeks",
    "number": "",
    "no": "",
    "count": "",
    "#": "",
    "num": "",
    "n": "",
}
_NO_VALUE = re.compile(
    r"^\s*(n/?a|-+|–|tbc|tba|tbd|no data|not available|awaiting( data)?|"
    r"not yet available|\.+|\?+)\s*$",
    re.I,
)
_NUMBER = re.compile(
    r"^(?P<neg>-)?(?P<pound>£)?\s*(?P<num>\d[\d,]*(?:\.\d+)?|\.\d+)\s*"
    r"(?P<unit>%|days?|weeks?|points?|pts|pp|percentage points?)?$",
    re.I,
)
_RANGE = re.compile(r"^(?:between\s+)?(?P<a>.+?)\s*(?:-|–|to|and)\s*(?P<b>-?£?\d.*)$", re.I)
_AT_MOST = re.compile(
    r"^(?:<=|≤|=<|at most|no more than|not more than|no greater than|"
    r"no higher than|max(?:imum)?|up to)\s*(?P<n>.+)$|^(?P<m>.+?)\s*(?:or "
    r"(?:less|fewer|below|under)|max(?:imum)?)$",
    re.I,
)
_AT_LEAST = re.compile(
    r"^(?:>=|≥|=>|at least|no less than|not less than|no fewer than|"
    r"min(?:imum)?)\s*(?P<n>.+)$|^(?P<m>.+?)\s*(?:or (?:more|above|over|"
    r"higher)|min(?:imum)?|\+)$",
    re.I,
)
# Strict limits: the bound itself misses ("Less than 8%": 8% is not met).
_BELOW = re.compile(r"^(?:<|less than|fewer than|lower than|below|under)\s*(?P<n>.+)$(?P<m>)", re.I)
_ABOVE = re.compile(
    r"^(?:>|more than|greater than|higher than|above|over|exceeds?|exceeding)"
    r"\s*(?P<n>.+)$(?P<m>)",
    re.I,
)


@dataclass(frozen=True)
class Typed:
    """A number as typed in one cell, and the unit it was typed with."""

    number: float
    unit: str | None  # "%" (number is then a fraction), "£", "days", "points"; None if plain
    cell: str
    shown_as_percent: bool = False  # a number cell formatted as a percentage


def read_indicator_sheet(
    wb, skip: set[str], notes: list[str] | None = None
) -> tuple[list[Indicator], list[Problem]]:
    """The indicators of a workbook (a reader.WorkbookReader), with their problems.

    The sheet is the one called Indicators, else the first user sheet whose
    name suggests indicators (KPIs, Performance, Scorecard, Measures) and
    whose header row has an Indicator column; sheets in `skip` are not
    searched. What was read is added to `notes`, for check --explain.
    """
    named = wb.named(schema.INDICATORS)
    candidates = (
        [named]
        if named
        else [
            e
            for e in wb.user_worksheets()
            if e.name not in skip and any(h in e.name.casefold() for h in _SHEET_HINTS)
        ]
    )
    head = None
    for entry in candidates:
        head = wb.cells(entry, max_row=HEADER_SEARCH_ROWS)
        header = find_header(head, LOOKUP, required=("indicator",), minimum=3, score=_header_score)
        if header is not None:
            cells = head if head.complete else wb.cells(entry)  # complete: the whole sheet
            indicators, problems = read_indicators(cells, header, wb.styles.percent_styles)
            if notes is not None:
                labels = [label for label, _ in indicators[0].series] if indicators else []
                span = f", periods {labels[0]} to {labels[-1]}" if labels else ""
                notes.append(
                    f"Indicators: sheet '{entry.name}', header row {header.row}, "
                    f"{plural(len(indicators), 'indicator')}"
                    f"{span}."
                )
            return indicators, problems
    # The named sheet was the only candidate.
    if named is not None and head is not None and head.rows:
        return [], [
            Problem(
                named.name,
                "A1",
                "no header row with an Indicator column was found, so no indicator is read",
                "head the columns Ref, Indicator, "
                "Polarity, Target and one column per period, e.g. 'Sep 2016'",
            )
        ]
    return [], []


def _header_score(cells: SheetCells, header: Header) -> int:
    """Columns known, and one more for any column headed by a period."""
    periods = any(parse_period(cells.value(header.row, c)) for c in header.unknown)
    return len(header.columns) + (1 if periods else 0)


def read_indicators(
    cells: SheetCells, header: Header, percent_styles: frozenset[int] = frozenset()
) -> tuple[list[Indicator], list[Problem]]:
    """Indicators from the rows under the header, with the problems found.

    A row with only text in its Indicator (or Priority) cell is a heading, as
    scorecards group their indicators ("Early help"): it is the priority of
    the indicators below it that have none.
    """
    sheet, row0, cols = cells.name, header.row, header.columns
    problems: list[Problem] = []
    periods = _period_columns(cells, header, problems)
    comparator_name = _comparator_heading(header)
    heading_cols = {cols.get("indicator"), cols.get("priority")}
    indicators: list[Indicator] = []
    heading = ""
    for row in sorted(cells.rows):
        if row <= row0:
            continue

        def text(key: str, row: int = row) -> str:
            return display(cells.value(row, cols[key])).strip() if key in cols else ""

        if not text("indicator") and not text("ref"):
            continue
        # A heading typed in the Ref column ("THEME 2: QUALITY AND ...") heads the rows below.
        ref_heading = _ref_heading(text("ref")) if not text("indicator") else None
        skip = heading_cols | ({cols.get("ref")} if ref_heading else set())
        if not any(
            display(cell.value).strip() for col, cell in cells.rows[row].items() if col not in skip
        ):
            heading = text("indicator") or text("priority") or ref_heading or heading
            continue
        where = {key: cell_ref(row, col) for key, col in cols.items()}
        ref = text("ref") or (f"row {row}" if "ref" in cols else str(len(indicators) + 1))
        if "ref" in cols and not text("ref"):
            problems.append(
                Problem(
                    sheet,
                    where["ref"],
                    "this indicator has no ref",
                    "type a reference such as PI 1 in the Ref column",
                )
            )
        indicator = Indicator(
            row, ref, text("indicator"), text("priority") or heading, text("lead"), cells=where
        )
        _RowReader(cells, row, cols, indicator, percent_styles, problems).read(
            periods, comparator_name
        )
        indicators.append(indicator)
    if indicators and "polarity" not in cols:
        problems.insert(
            0,
            Problem(
                sheet,
                cell_ref(row0, 1),
                "the indicator table has no "
                "Polarity column, so ragbook takes higher values as better "
                "unless a target says otherwise ('<= 22')",
                "add a column headed 'Polarity' holding Higher is better, "
                "Lower is better or Within range",
            ),
        )
    return indicators, problems


def _ref_heading(text: str) -> str | None:
    """The heading a Ref cell holds instead of a ref ("THEME 2: ...", "Early help services"),
    or None for a ref ("PI 7", "2.1a")."""
    title = priority_title(text)
    if title:
        return title
    return text if len(text) > 20 and len(text.split()) >= 3 else None


def _period_columns(
    cells: SheetCells, header: Header, problems: list[Problem]
) -> list[tuple[Period, int]]:
    """(period, column) in time order. Headings among the periods that are not periods
    but head numbers are problems; so is a period headed twice."""
    sheet, row = cells.name, header.row
    found: dict[str, tuple[Period, int]] = {}
    first = None
    for col in sorted(header.unknown):
        typed = cells.value(row, col)
        period = parse_period(typed)
        if period is None:
            numbers = any(
                isinstance(cells.value(r, col), (int, float)) for r in cells.rows if r > row
            )
            if first is not None and numbers:
                problems.append(
                    Problem(
                        sheet,
                        cell_ref(row, col),
                        f"the heading '{display(typed)}' is among the period "
                        "columns but is not a period, so its values are not read",
                        f"type {EXAMPLES}",
                    )
                )
            continue
        first = first or col
        if period.label in found:
            other = cell_ref(row, found[period.label][1])
            problems.append(
                Problem(
                    sheet,
                    cell_ref(row, col),
                    f"'{display(typed)}' is the same period as the heading in "
                    f"{other} ({period.label}), so this column is not read",
                    "keep one column per period",
                )
            )
            continue
        found[period.label] = (period, col)
    return sorted(found.values())


def _comparator_heading(header: Header) -> str:
    """'National average' when that is the value column's heading."""
    col = header.columns.get("comparator")
    heading = header.texts.get(col, "") if col else ""
    return (
        ""
        if schema.normalise_header(heading) in ("comparator value", "benchmark value")
        else heading
    )


def normalise_unit(text: str) -> str:
    """'%', 'Percentage (%)', 'rate %' -> '%'; '£', 'Cost (£)' -> '£'; 'Days' -> 'days';
    'Number', 'No.', 'count' -> ''; anything else as typed."""
    folded = " ".join(text.casefold().replace("(", " ").replace(")", " ").split())
    if folded in _UNITS or folded.rstrip("s.") in _UNITS:
        return _UNITS[folded] if folded in _UNITS else _UNITS[folded.rstrip("s.")]
    if "%" in folded or "percent" in folded:
        return PERCENT
    if "£" in folded:
        return "£"
    return text.strip()


class _RowReader:
    """Reads one indicator's cells, resolving units once the whole row is seen."""

    def __init__(
        self,
        cells: SheetCells,
        row: int,
        cols: dict[str, int],
        indicator: Indicator,
        percent_styles: frozenset[int],
        problems: list[Problem],
    ):
        self.cells, self.row, self.cols, self.ind = cells, row, cols, indicator
        self.percent_styles, self.problems = percent_styles, problems

    def problem(self, cell: str, message: str, fix: str) -> None:
        self.problems.append(
            Problem(self.cells.name, cell, f"indicator {self.ind.ref}: {message}", fix)
        )

    def value(self, key: str) -> object:
        return self.cells.value(self.row, self.cols[key]) if key in self.cols else None

    def typed(self, col: int | None) -> Typed | str | None:
        """A number, the text typed when it is not one, or None for no value."""
        found = self.cells.cell(self.row, col) if col else None
        if col is None or found is None or found.value is None:
            return None
        where = cell_ref(self.row, col)
        value = found.value
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            shown = found.style in self.percent_styles
            return Typed(float(value), PERCENT if shown else None, where, shown)
        text = display(value).strip()
        if not text or _NO_VALUE.match(text):
            return None
        return parse_number(text, where) or text

    def read(self, periods: list[tuple[Period, int]], comparator_name: str) -> None:
        ind = self.ind
        polarity_text = display(self.value("polarity")).strip()
        polarity = parse_polarity(polarity_text) if polarity_text else None
        if polarity_text and polarity is None:
            self.problem(
                ind.cells["polarity"],
                f"'{polarity_text}' is not a polarity",
                "type Higher is better, Lower is better or Within range",
            )
        target, implied, strict = self.target()
        values = []
        for period, col in periods:
            value = self.typed(col)
            if isinstance(value, str):
                self.problem(
                    cell_ref(self.row, col),
                    f"the {period.label} value '{value}' is not a number",
                    "type the number only, e.g. 85%, or leave it blank",
                )
                value = None
            values.append((period.label, value))
        comparator = self.comparator(comparator_name)
        numbers = (
            [t for _, t in values if t] + (target or []) + ([comparator] if comparator else [])
        )
        unit_text = display(self.value("unit")).strip()
        ind.unit = (
            normalise_unit(unit_text)
            if unit_text
            else next((t.unit for t in numbers if t.unit not in (None, "points")), "")
        )
        convert = self.converter(numbers, ind.unit)
        ind.series = tuple((label, convert(t) if t else None) for label, t in values)
        ind.comparator = convert(comparator) if comparator else None
        ind.polarity = self.polarity(
            polarity, implied, polarity_text, bool(target or any(t for _, t in values))
        )
        if target:
            low, high = convert(target[0]), convert(target[-1])
            if low is not None and high is not None:
                ind.target = Target(min(low, high), max(low, high), strict)
        if ind.polarity == RANGE and ind.target and not ind.target.is_range:
            self.problem(
                ind.cells["target"],
                "a Within range indicator needs its target typed as a range",
                "type the range, e.g. 20-25",
            )
        ind.tolerance = self.tolerance(convert)

    def target(self) -> tuple[list[Typed] | None, str | None, bool]:
        """The target's one or two numbers, the polarity its text implies, and whether the
        bound itself misses ("Less than 8%", "More than 90%")."""
        raw = self.typed(self.cols.get("target"))
        if raw is None or isinstance(raw, Typed):
            return ([raw] if raw else None), None, False
        where = self.ind.cells["target"]
        for pattern, polarity, strict in (
            (_AT_MOST, LOWER, False),
            (_AT_LEAST, HIGHER, False),
            (_BELOW, LOWER, True),
            (_ABOVE, HIGHER, True),
        ):
            m = pattern.match(raw)
            number = m and parse_number((m.group("n") or m.group("m")).strip(), where)
            if number:
                return [number], polarity, strict
        m = _RANGE.match(raw)
        pair = m and [parse_number(m.group("a"), where), parse_number(m.group("b"), where)]
        if pair and all(pair):
            return cast("list[Typed]", pair), RANGE, False  # all(pair): none is None
        self.problem(
            where,
            f"the target '{raw}' is not a number",
            "type a number such as 85%, a range such as 20-25, or a limit such as "
            "<= 22 or 'Less than 8%'",
        )
        return None, None, False

    def comparator(self, heading: str) -> Typed | None:
        name = self.value("comparator_name")
        value = self.typed(self.cols.get("comparator"))
        if value is None and isinstance(name, (int, float)) and not isinstance(name, bool):
            value, name = self.typed(self.cols["comparator_name"]), ""
        self.ind.comparator_name = display(name).strip() or heading or "comparator"
        if isinstance(value, str):
            self.problem(
                self.ind.cells["comparator"],
                f"the comparator '{value}' is not a number",
                "type the comparator's value, e.g. 78%",
            )
            return None
        return value

    def converter(self, numbers: list[Typed], unit: str) -> Callable[[Typed], float | None]:
        """Typed -> number in the indicator's unit (a fraction for %), or None when it is in
        another unit. 85 in one cell of a percentage and 0.85 in another is a problem."""
        # Numbers stored in cells: typed plain, or shown as a percentage (0.85 shown as 85%).
        stored = [
            t
            for t in numbers
            if unit == PERCENT and (t.unit in (None, "points") or t.shown_as_percent)
        ]
        hundreds = next((t for t in stored if t.number > 1 and not t.shown_as_percent), None)
        fraction = next((t for t in stored if 0 < t.number < 1), None)
        if hundreds and fraction:
            later = max((hundreds, fraction), key=lambda t: parse_ref(t.cell))
            self.problem(
                later.cell,
                f"{hundreds.cell} holds {hundreds.number:g}, a percentage "
                f"typed as a whole number, but {fraction.cell} holds {_held(fraction)}, "
                f"a fraction; ragbook reads them as {hundreds.number:g}% and "
                f"{fraction.number * 100:g}%",
                "type every value of this indicator the same way, e.g. 85%",
            )
        reported: set[str] = set()

        def convert(t: Typed) -> float | None:
            if t.unit == unit or t.unit in (None, "points"):
                if (
                    unit == PERCENT
                    and t.unit != PERCENT
                    and (t.number > 1 or (hundreds and not 0 < t.number < 1))
                ):
                    return t.number / 100
                return t.number
            if t.cell not in reported:
                reported.add(t.cell)
                self.problem(
                    t.cell,
                    f"{format_value(t.number, t.unit)} is in another unit than "
                    f"the indicator's ({unit or 'a plain number'}), so it is not used",
                    "type every value of this indicator in the same unit",
                )
            return None

        return convert

    def polarity(self, typed: str | None, implied: str | None, text: str, needed: bool) -> str:
        if typed and implied and typed != implied:
            self.problem(
                self.ind.cells["target"],
                f"the target says {POLARITY_LABELS[implied].lower()} but the polarity is '{text}'",
                "make the polarity and the target agree",
            )
        found = typed or implied
        if found:
            return found
        if needed and "polarity" in self.cols:
            self.problem(
                self.ind.cells["polarity"],
                "the polarity is blank, so ragbook takes higher values as better",
                "type Higher is better, Lower is better or Within range",
            )
        return HIGHER

    def tolerance(self, convert: Callable[[Typed], float | None]) -> Tolerance | None:
        raw = self.typed(self.cols.get("tolerance"))
        if raw is None:
            return None
        where = self.ind.cells["tolerance"]
        if isinstance(raw, str) or raw.number < 0:
            self.problem(
                where,
                f"the amber tolerance '{display(self.value('tolerance'))}' is not "
                "a number of zero or more",
                "type an amount such as 5, or a percent of the target such as 5%",
            )
            return None
        if raw.unit == PERCENT:
            tolerance = Tolerance(raw.number, relative=True)
        else:
            amount = convert(raw)
            if amount is None:
                return None
            tolerance = Tolerance(amount)
        if self.ind.target and too_wide(tolerance, self.ind.target):
            self.problem(
                where,
                "the amber tolerance is wider than the target itself",
                "type a smaller tolerance, e.g. 5 or 5% of the target",
            )
        return tolerance


def _held(t: Typed) -> str:
    return f"{t.number:g} (shown as {t.number * 100:g}%)" if t.shown_as_percent else f"{t.number:g}"


def parse_number(text: str, cell: str) -> Typed | None:
    """'85%', '£1,200', '12 days', '5 points', '-3.5' as a Typed; None if not a number."""
    m = _NUMBER.match(text.strip())
    if not m:
        return None
    number = float(m.group("num").replace(",", "")) * (-1 if m.group("neg") else 1)
    unit = (m.group("unit") or "").lower()
    if unit == "%":
        return Typed(number / 100, PERCENT, cell)
    if m.group("pound"):
        return Typed(number, "£", cell)
    if unit.startswith(("day", "week")):
        return Typed(number, "days" if unit.startswith("day") else "weeks", cell)
    return Typed(number, "points" if unit else None, cell)


__all__ = ["normalise_unit", "parse_number", "read_indicator_sheet", "read_indicators"]
