"""ragbook.layout.tracker_indicators: the Tracker's Indicators section, laid out from assessments."""

from __future__ import annotations

from ragbook.layout import palette as S
from ragbook.layout.tracker_indicators import (
    counts_sentence,
    indicators_section,
    rating_style,
    value_style,
)
from ragbook.rules.indicators import HIGHER, RANGE, Indicator, Target, Tolerance, assess
from ragbook.rules.scales import readable_text_colour
from ragbook.xlsx.spec import SheetSpec, Sparkline


class Summary:  # the one attribute the section reads
    def __init__(self, indicators):
        self.indicators = [assess(i) for i in indicators]


def indicator(ref, series, **kw) -> Indicator:
    kw.setdefault("target", Target(0.85, 0.85))
    kw.setdefault("unit", "%")
    return Indicator(row=2, ref=ref, name=f"Indicator {ref}", series=tuple(series), **kw)


MONTHS = [f"M{i:02d}" for i in range(1, 15)]  # fourteen periods: the last twelve are shown


def test_no_indicators_no_section():
    sheet = SheetSpec("Tracker", "tracker")
    indicators_section(sheet, Summary([]))
    assert sheet.rows == [] and sheet.sparklines == []


def test_the_last_twelve_periods_are_shown_and_plotted():
    values = [0.70 + i / 100 for i in range(14)]
    sheet = SheetSpec("Tracker", "tracker")
    sheet.add()
    indicators_section(
        sheet,
        Summary(
            [
                indicator(
                    "PI 1",
                    zip(MONTHS, values, strict=False),
                    tolerance=Tolerance(0.05),
                    polarity=HIGHER,
                ),
                indicator(
                    "PI 2",
                    zip(MONTHS, [None] * 13 + [0.2], strict=False),
                    unit="",
                    target=Target(20, 25),
                    polarity=RANGE,
                ),
            ]
        ),
    )
    title, sentence, header, first, second = sheet.rows[1:]
    assert title[0].value == "Performance indicators"
    assert sentence[0].value == "2 indicators: 1 red, 1 amber."
    assert [c.value for c in header][8:] == MONTHS[2:]
    assert [c.value for c in first][:7] == [
        "PI 1 Indicator PI 1",
        0.83,
        "M14",
        0.85,
        "Amber",
        "▲ Improving",
        None,
    ]
    assert [c.value for c in first][8:] == values[2:]
    assert first[1].style.num_fmt == "0%" and first[4].style.fill == "FFC000"
    # One value: nothing to draw. A range target is shown as text.
    assert second[3].value == "20 to 25" and second[5].value == ""
    assert sheet.sparklines == [Sparkline("H5", "I5:T5", high_low=True)]


def test_counts_sentence_worst_first_and_only_ratings_present():
    summary = Summary(
        [
            indicator("1", [("M", 0.9)]),
            indicator("2", [("M", None)]),
            indicator("3", [("M", 0.9)], target=None),
        ]
    )
    assert counts_sentence(summary.indicators) == "3 indicators: 1 green, 1 no target, 1 no data"


def test_rating_and_value_styles():
    # The indicator colours, with text as readable on them as the scale's ratings.
    assert (rating_style("Red").fill, rating_style("Amber").fill, rating_style("Green").fill) == (
        "FF0000",
        "FFC000",
        "00B050",
    )
    assert rating_style("Red").colour == readable_text_colour("FF0000")
    assert rating_style("No data") is S.NOT_RATED_STYLE is rating_style("No target")
    assert rating_style("Green") is rating_style("Green")  # shared, as the writer caches by id
    assert value_style("%", True).num_fmt == S.PERCENT_FORMAT
    assert value_style("£", False).num_fmt == S.MONEY_FORMAT
    assert value_style("days", True).num_fmt == "#,##0.0#"
