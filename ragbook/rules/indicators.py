"""Performance indicators: rating, direction of travel, comparator standing.

Pure functions of numbers already read from the Indicators sheet (see
read/indicator_sheet.py); no I/O. Percentages are fractions here (0.85 is 85%).

- Rating: Green when the latest value meets the target; Amber when it misses
  by no more than the tolerance; Red beyond. No value is "No data" and no
  target "No target": neither is ever Red.
- Polarity: higher is better, lower is better, or within a range (the target
  typed as "20-25"). For a range, the distance outside it is what misses.
- Tolerance: absolute in the indicator's unit ("5": 5 points or 5 days), or a
  percent of the target ("5%"; for a range, of the bound that is missed).
- Direction of travel: the latest value against the previous one, read
  through the polarity (a falling caseload is improving); the arrow shows
  which way the number moved.
"""

from __future__ import annotations

from dataclasses import dataclass, field

HIGHER, LOWER, RANGE = "higher", "lower", "range"
POLARITY_LABELS = {HIGHER: "Higher is better", LOWER: "Lower is better", RANGE: "Within range"}

RED, AMBER, GREEN, NO_TARGET, NO_DATA = "Red", "Amber", "Green", "No target", "No data"
RATINGS = (RED, AMBER, GREEN, NO_TARGET, NO_DATA)  # worst first, as counted
RATING_COLOURS = {RED: "FF0000", AMBER: "FFC000", GREEN: "00B050"}

IMPROVING, WORSENING, NO_CHANGE = "improving", "worsening", "no change"
UP, DOWN, LEVEL = "\u25b2", "\u25bc", "\u25ba"  # the Tracker's arrows: ▲ ▼ ►
BETTER, WORSE, SAME = "better", "worse", "same"
PERCENT = "%"
_PLACES = 9  # compare to nine decimal places, so 0.8 - 0.05 meets 0.75

_POLARITY_WORDS = (
    (RANGE, ("range", "within", "between", "band")),
    (
        HIGHER,
        (
            "higher",
            "high",
            "increase",
            "increasing",
            "up",
            "more",
            "bigger",
            "maximise",
            "maximize",
            "\u2191",
            "\u25b2",
            "+",
        ),
    ),
    (
        LOWER,
        (
            "lower",
            "low",
            "decrease",
            "decreasing",
            "down",
            "less",
            "fewer",
            "smaller",
            "minimise",
            "minimize",
            "reduce",
            "\u2193",
            "\u25bc",
            "-",
        ),
    ),
)


@dataclass(frozen=True)
class Target:
    low: float
    high: float  # the same as low unless the target is a range
    strict: bool = False  # a limit the bound itself misses: "Less than 8%", "More than 90%"

    @property
    def is_range(self) -> bool:
        return self.high != self.low


@dataclass(frozen=True)
class Tolerance:
    amount: float  # absolute, in the indicator's unit; or a fraction of the target
    relative: bool = False


@dataclass
class Indicator:
    row: int
    ref: str
    name: str
    priority: str = ""
    lead: str = ""
    unit: str = ""  # "%", "£", "days" ..., or "" for a plain number
    polarity: str = HIGHER
    target: Target | None = None
    tolerance: Tolerance | None = None
    comparator_name: str = ""
    comparator: float | None = None
    series: tuple[tuple[str, float | None], ...] = ()  # (period label, value), oldest first
    cells: dict[str, str] = field(default_factory=dict)  # field key -> cell reference


@dataclass
class Assessment:
    indicator: Indicator
    latest: float | None
    latest_period: str
    previous: float | None
    previous_period: str
    rating: str
    direction: str | None  # improving, worsening, no change; None without two values
    arrow: str  # which way the number moved, "" without two values
    standing: str | None  # better, worse or same than the comparator

    def as_json(self) -> dict:
        unit = self.indicator.unit
        target = self.indicator.target
        return {
            "ref": self.indicator.ref,
            "indicator": self.indicator.name,
            "latest": json_number(self.latest, unit),
            "period": self.latest_period or None,
            "target": None
            if target is None
            else (
                [json_number(target.low, unit), json_number(target.high, unit)]
                if target.is_range
                else json_number(target.low, unit)
            ),
            "unit": unit or None,
            "rating": self.rating,
            "direction": self.direction,
            "comparator": self.standing,
        }


def parse_polarity(text: str) -> str | None:
    """'Higher is better', 'Lower', 'Within range', '↓' ... -> HIGHER, LOWER, RANGE or None."""
    words = text.casefold().replace("-", " - ").replace("+", " + ").split()
    for polarity, known in _POLARITY_WORDS:
        if any(word.strip(".,;:()") in known for word in words):
            return polarity
    return None


def shortfall(value: float, polarity: str, target: Target) -> tuple[float, float]:
    """How far the value misses the target (0 when met), and the bound it misses."""
    if polarity == LOWER:
        return max(value - target.high, 0.0), target.high
    if polarity == RANGE and value > target.high:
        return value - target.high, target.high
    return max(target.low - value, 0.0), target.low


def allowed(tolerance: Tolerance | None, bound: float) -> float:
    if tolerance is None:
        return 0.0
    return abs(bound) * tolerance.amount if tolerance.relative else tolerance.amount


def rate_indicator(
    value: float | None, polarity: str, target: Target | None, tolerance: Tolerance | None
) -> str:
    if value is None:
        return NO_DATA
    if target is None:
        return NO_TARGET
    gap, bound = shortfall(value, polarity, target)
    if round(gap, _PLACES) <= 0 and not (target.strict and round(value - bound, _PLACES) == 0):
        return GREEN
    if tolerance is None:
        return RED
    return AMBER if round(gap - allowed(tolerance, bound), _PLACES) <= 0 else RED


def _distance(value: float, target: Target) -> float:
    return round(max(target.low - value, value - target.high, 0.0), _PLACES)


def direction(
    previous: float | None, latest: float | None, polarity: str, target: Target | None
) -> tuple[str | None, str]:
    """(improving / worsening / no change, arrow) of the latest value against the previous."""
    if previous is None or latest is None:
        return None, ""
    change = round(latest - previous, _PLACES)
    arrow = UP if change > 0 else DOWN if change < 0 else LEVEL
    if polarity == RANGE:
        if target is None:
            return None, arrow
        change = _distance(previous, target) - _distance(latest, target)
    elif polarity == LOWER:
        change = -change
    return (IMPROVING if change > 0 else WORSENING if change < 0 else NO_CHANGE), arrow


def standing(
    value: float | None, comparator: float | None, polarity: str, target: Target | None
) -> str | None:
    """Whether the value is better, worse or the same as the comparator."""
    if value is None or comparator is None:
        return None
    if polarity == RANGE:
        if target is None:
            return None
        lead = _distance(comparator, target) - _distance(value, target)
    else:
        lead = round(value - comparator, _PLACES) * (-1 if polarity == LOWER else 1)
    return BETTER if lead > 0 else WORSE if lead < 0 else SAME


def too_wide(tolerance: Tolerance, target: Target) -> bool:
    """A tolerance wider than the target itself makes every value near it amber."""
    if tolerance.relative:
        return tolerance.amount > 1
    return round(tolerance.amount - max(abs(target.low), abs(target.high)), _PLACES) > 0


def assess(indicator: Indicator) -> Assessment:
    known = [(label, value) for label, value in indicator.series if value is not None]
    latest_period, latest = known[-1] if known else ("", None)
    previous_period, previous = known[-2] if len(known) > 1 else ("", None)
    word, arrow = direction(previous, latest, indicator.polarity, indicator.target)
    return Assessment(
        indicator,
        latest,
        latest_period,
        previous,
        previous_period,
        rate_indicator(latest, indicator.polarity, indicator.target, indicator.tolerance),
        word,
        arrow,
        standing(latest, indicator.comparator, indicator.polarity, indicator.target),
    )


def count_ratings(assessments: list[Assessment]) -> dict[str, int]:
    counts = dict.fromkeys(RATINGS, 0)
    for a in assessments:
        counts[a.rating] += 1
    return counts


def json_number(value: float | None, unit: str) -> float | None:
    """A value as the board reads it: 85 for 85%."""
    if value is None:
        return None
    shown = round(value * 100 if unit == PERCENT else value, 6)
    return int(shown) if shown.is_integer() else shown


def format_value(value: float | None, unit: str) -> str:
    """'85%', '£1,200', '22 days', '22'."""
    if value is None:
        return ""
    if unit == PERCENT:
        return f"{value * 100:.1f}".rstrip("0").rstrip(".") + "%"
    number = f"{value:,.2f}".rstrip("0").rstrip(".")
    if unit == "£":
        return "£" + number
    return f"{number} {unit}" if unit else number


def format_target(target: Target | None, unit: str, polarity: str = HIGHER) -> str:
    if target is None:
        return ""
    if target.is_range:
        return f"{format_value(target.low, unit)} to {format_value(target.high, unit)}"
    if target.strict:
        return f"{'<' if polarity == LOWER else '>'} {format_value(target.low, unit)}"
    return format_value(target.low, unit)
