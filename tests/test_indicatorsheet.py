"""ragbook.read.indicator_sheet: the Indicators sheet read from real workbooks on disk, the
template's layout and a council's own, with every bad input a problem with its cell."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from builders import action, write_plan
from click.testing import CliRunner

import ragbook
from ragbook.cli import main
from ragbook.read.indicator_sheet import normalise_unit, parse_number
from ragbook.rules import schema
from ragbook.rules.indicators import HIGHER, LOWER, RANGE, Target, Tolerance, assess
from ragbook.template import new_plan

HEADERS = [f.header for f in schema.INDICATOR_FIELDS]  # the template's, from the schema


def workbook(
    path: Path, sheet: str, rows: list[list[object]], *, percent: set[str] = (), title_rows: int = 0
) -> Path:
    """A plan with one action and an indicator sheet; cells in `percent` formatted 0%."""
    write_plan(path, [action("1.1")])
    wb = openpyxl.load_workbook(path)
    ws = wb.create_sheet(sheet)
    for i in range(title_rows):
        ws.cell(i + 1, 1, f"Performance scorecard, part {i + 1}")
    for r, row in enumerate(rows, start=title_rows + 1):
        for c, value in enumerate(row, start=1):
            if value is not None:
                ws.cell(r, c, value)
    for ref in percent:
        ws[ref].number_format = "0%"
    wb.save(path)
    return path


def read(path: Path):
    with ragbook.load(path) as plan:
        return plan.data.indicators, [p for p in plan.problems if p.sheet != "Actions"]


def lines(problems) -> list[str]:
    return [p.line() for p in problems]


def test_the_templates_layout_with_a_year_of_months(tmp_path):
    months = [
        f"{m} {2016 if i < 4 else 2017}"
        for i, m in enumerate(
            ["Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug"]
        )
    ]
    rows = [
        HEADERS + months,
        [
            "PI 1",
            "Social work posts filled by permanent staff",
            "Priority 1",
            "SG",
            "%",
            "Higher is better",
            0.85,
            0.05,
            "National average",
            0.8,
            0.70,
            0.72,
            0.74,
            0.75,
            0.77,
            0.78,
            0.79,
            0.80,
            0.81,
            0.82,
            0.83,
            0.84,
        ],
        [
            "PI 2",
            "Average social work caseload",
            "Priority 1",
            "SG",
            "number",
            "Lower is better",
            22,
            2,
            "",
            None,
            27,
            26,
            26,
            25,
            25,
            24,
            24,
            23,
            23,
            23,
            24,
            23,
        ],
    ]
    path = workbook(
        tmp_path / "plan.xlsx", "Indicators", rows, percent={f"{c}2" for c in "GJKLMNOPQRSTUV"}
    )
    [posts, caseload], problems = read(path)
    assert problems == []
    assert (posts.ref, posts.name, posts.priority, posts.lead, posts.unit) == (
        "PI 1",
        "Social work posts filled by permanent staff",
        "Priority 1",
        "SG",
        "%",
    )
    assert (posts.polarity, posts.target, posts.tolerance) == (
        HIGHER,
        Target(0.85, 0.85),
        Tolerance(0.05),
    )
    assert (posts.comparator_name, posts.comparator) == ("National average", 0.8)
    assert [label for label, _ in posts.series] == months
    assert posts.series[-1] == ("Aug 2017", 0.84)
    assert (caseload.polarity, caseload.unit, caseload.target) == (LOWER, "", Target(22, 22))
    assert caseload.comparator is None and caseload.comparator_name == "comparator"
    assert posts.cells["target"] == "G2" and caseload.cells["polarity"] == "F3"


def test_the_shipped_template_reads_as_no_indicators_then_as_typed(tmp_path):
    path = tmp_path / "plan.xlsx"
    new_plan(path, "rag4")
    assert read(path) == ([], [])
    wb = openpyxl.load_workbook(path)
    ws = wb["Indicators"]
    ws["K1"], ws["L1"] = "Q1 2017/18", "Q2 2017/18"
    for c, value in enumerate(
        [
            "PI 3",
            "Re-referrals within 12 months",
            "",
            "AF",
            "%",
            "Within range",
            "20%-25%",
            "2",
            "Statistical neighbours",
            0.22,
            0.30,
            0.26,
        ],
        start=1,
    ):
        ws.cell(2, c, value)
    wb.save(path)
    [rereferrals], problems = read(path)
    assert problems == []
    assert rereferrals.polarity == RANGE
    assert rereferrals.target == Target(0.20, 0.25)
    assert rereferrals.tolerance == Tolerance(0.02)  # 2 points of a percentage
    assert rereferrals.series == (("Q1 2017/18", 0.30), ("Q2 2017/18", 0.26))
    assert rereferrals.comparator_name == "Statistical neighbours"


def test_a_councils_own_sheet_title_rows_other_headings_and_date_columns(tmp_path):
    rows = [
        [
            "No.",
            "Measure",
            "Target",
            "Tolerance",
            "National average",
            datetime(2017, 12, 1),
            datetime(2018, 1, 31),
            "Performance at 31.03.18",
            "Notes",
        ],
        [
            "1",
            "Children seen within timescale",
            "90%",
            "5%",
            "88%",
            0.85,
            0.87,
            0.91,
            "audit in March",
        ],
        ["2", "Care leavers in B&B", "0 or fewer", None, None, 1, 0, 1, None],
    ]
    path = workbook(tmp_path / "plan.xlsx", "KPI scorecard", rows, title_rows=3)
    [seen, bnb], problems = read(path)
    assert [label for label, _ in seen.series] == ["Dec 2017", "Jan 2018", "Mar 2018"]
    assert seen.series[-1] == ("Mar 2018", 0.91) and seen.polarity == HIGHER
    assert (seen.unit, seen.target, seen.tolerance) == (
        "%",
        Target(0.9, 0.9),
        Tolerance(0.05, relative=True),
    )
    assert (seen.comparator_name, seen.comparator) == ("National average", 0.88)
    assert (bnb.polarity, bnb.target) == (LOWER, Target(0, 0))  # "0 or fewer" says lower
    # The council's sheet has no Polarity column: said once, for the sheet.
    assert lines(problems) == [
        "KPI scorecard!A4: the indicator table has no Polarity column, so ragbook takes higher "
        "values as better unless a target says otherwise ('<= 22'); add a column headed "
        "'Polarity' holding Higher is better, Lower is better or Within range."
    ]


def test_bad_inputs_are_problems_with_their_cells(tmp_path):
    rows = [
        [*HEADERS, "Sep 2016", "Sept", "Oct 2016", "October 2016"],
        [
            "PI 1",
            "Posts filled",
            "",
            "",
            "%",
            "Higher is better",
            "Improve",
            5,
            "",
            None,
            85,
            86,
            0.86,
            0.9,
        ],
        [
            "PI 2",
            "Caseload",
            "",
            "",
            "number",
            "Lower is better",
            10,
            15,
            "",
            None,
            12,
            12,
            11,
            None,
        ],
        [
            "PI 3",
            "Days to assessment",
            "",
            "",
            "days",
            "",
            45,
            None,
            "",
            None,
            "40 days",
            1,
            "£1,200",
            None,
        ],
        [
            "PI 4",
            "Visits on time",
            "",
            "",
            "",
            "Sideways",
            "<= 5",
            "lots",
            "",
            None,
            "about 3",
            None,
            "n/a",
            None,
        ],
        [
            "",
            "Unreferenced",
            "",
            "",
            "",
            "Higher is better",
            1,
            None,
            "",
            None,
            None,
            None,
            None,
            None,
        ],
        [
            "PI 6",
            "Timeliness",
            "",
            "",
            "%",
            "Higher is better",
            ">= 80%",
            None,
            "",
            None,
            None,
            None,
            0.82,
            None,
        ],
    ]
    path = workbook(tmp_path / "plan.xlsx", "Indicators", rows)
    indicators, problems = read(path)
    assert lines(problems) == [
        "Indicators!L1: the heading 'Sept' is among the period columns but is not a period, so "
        "its values are not read; type a month such as 'Sep 2016', a date, or a quarter such "
        "as 'Q1 2017/18'.",
        "Indicators!N1: 'October 2016' is the same period as the heading in M1 (Oct 2016), so "
        "this column is not read; keep one column per period.",
        "Indicators!G2: indicator PI 1: the target 'Improve' is not a number; type a number "
        "such as 85%, a range such as 20-25, or a limit such as <= 22 or 'Less than 8%'.",
        "Indicators!M2: indicator PI 1: K2 holds 85, a percentage typed as a whole number, but "
        "M2 holds 0.86, a fraction; ragbook reads them as 85% and 86%; type every value of this "
        "indicator the same way, e.g. 85%.",
        "Indicators!H3: indicator PI 2: the amber tolerance is wider than the target itself; "
        "type a smaller tolerance, e.g. 5 or 5% of the target.",
        "Indicators!F4: indicator PI 3: the polarity is blank, so ragbook takes higher values as "
        "better; type Higher is better, Lower is better or Within range.",
        "Indicators!M4: indicator PI 3: £1,200 is in another unit than the indicator's (days), "
        "so it is not used; type every value of this indicator in the same unit.",
        "Indicators!F5: indicator PI 4: 'Sideways' is not a polarity; type Higher is better, "
        "Lower is better or Within range.",
        "Indicators!H5: indicator PI 4: the amber tolerance 'lots' is not a number of zero or "
        "more; type an amount such as 5, or a percent of the target such as 5%.",
        "Indicators!K5: indicator PI 4: the Sep 2016 value 'about 3' is not a number; type the "
        "number only, e.g. 85%, or leave it blank.",
        "Indicators!A6: this indicator has no ref; type a reference such as PI 1 in the Ref "
        "column.",
    ]
    posts, caseload, days, visits, unreferenced, timeliness = indicators
    assert posts.target is None and posts.series == (("Sep 2016", 0.85), ("Oct 2016", 0.86))
    assert caseload.tolerance == Tolerance(15)  # reported, and applied as typed
    assert days.series == (("Sep 2016", 40), ("Oct 2016", None)) and days.polarity == HIGHER
    assert visits.polarity == LOWER and visits.target == Target(5, 5)  # "<= 5"
    assert visits.series == (("Sep 2016", None), ("Oct 2016", None))  # "n/a" is no value
    assert unreferenced.ref == "row 6"
    assert timeliness.unit == "%" and timeliness.target == Target(0.8, 0.8)


def test_a_polarity_the_target_contradicts(tmp_path):
    rows = [
        [*HEADERS, "Sep 2016"],
        ["PI 1", "Caseload", "", "", "", "Higher is better", "<= 22", None, "", None, 21],
    ]
    [caseload], problems = read(workbook(tmp_path / "plan.xlsx", "Indicators", rows))
    assert caseload.polarity == HIGHER
    assert lines(problems) == [
        "Indicators!G2: indicator PI 1: the target says lower is better "
        "but the polarity is 'Higher is better'; make the polarity and "
        "the target agree."
    ]


def test_an_indicators_sheet_ragbook_cannot_read_is_one_problem(tmp_path):
    rows = [["Some notes about performance"], ["More notes"]]
    assert read(workbook(tmp_path / "plan.xlsx", "Indicators", rows)) == (
        [],
        [
            ragbook.rules.model.Problem(
                "Indicators",
                "A1",
                "no header row with an Indicator column was found, so no indicator is read",
                "head the columns Ref, "
                "Indicator, Polarity, Target and one column per period, e.g. "
                "'Sep 2016'",
            )
        ],
    )


def test_other_sheets_are_not_taken_for_indicators(tmp_path):
    rows = [["Indicator", "Target", "Sep 2016"], ["Posts", 1, 2]]
    assert read(workbook(tmp_path / "plan.xlsx", "Notes", rows)) == ([], [])


@pytest.mark.parametrize(
    "typed, unit",
    [
        ("%", "%"),
        ("Percentage (%)", "%"),
        ("rate %", "%"),
        ("£", "£"),
        ("Cost (£)", "£"),
        ("Days", "days"),
        ("Number", ""),
        ("No.", ""),
        ("count", ""),
        ("per 10,000", "per 10,000"),
    ],
)
def test_units(typed, unit):
    assert normalise_unit(typed) == unit


@pytest.mark.parametrize(
    "typed, number, unit",
    [
        ("85%", 0.85, "%"),
        ("85 %", 0.85, "%"),
        ("1,234", 1234, None),
        ("-3.5", -3.5, None),
        ("£1,200", 1200, "£"),
        ("£ 12.50", 12.5, "£"),
        ("12 days", 12, "days"),
        ("1 day", 1, "days"),
        ("3 weeks", 3, "weeks"),
        ("5 points", 5, "points"),
        ("5pp", 5, "points"),
        (".5", 0.5, None),
    ],
)
def test_numbers_as_typed(typed, number, unit):
    parsed = parse_number(typed, "G2")
    assert (parsed.number, parsed.unit, parsed.cell) == (pytest.approx(number), unit, "G2")


@pytest.mark.parametrize("typed", ["about 3", "85%%", "1.2.3", "£", "TBC", "12 months"])
def test_what_is_not_a_number(typed):
    assert parse_number(typed, "G2") is None


def test_a_whole_number_among_cells_shown_as_percentages(tmp_path):
    rows = [
        [*HEADERS, "Sep 2016", "Oct 2016", "Nov 2016"],
        [
            "PI 1",
            "Posts filled",
            "",
            "",
            "%",
            "Higher is better",
            "85%",
            5,
            "",
            None,
            0.68,
            79,
            0.8,
        ],
    ]
    [posts], problems = read(
        workbook(tmp_path / "plan.xlsx", "Indicators", rows, percent={"K2", "M2"})
    )
    assert posts.series == (("Sep 2016", 0.68), ("Oct 2016", 0.79), ("Nov 2016", 0.8))
    assert lines(problems) == [
        "Indicators!L2: indicator PI 1: L2 holds 79, a percentage typed as a whole number, but "
        "K2 holds 0.68 (shown as 68%), a fraction; ragbook reads them as 79% and 68%; type every "
        "value of this indicator the same way, e.g. 85%."
    ]


def test_check_explain_says_where_the_indicators_were_read(tmp_path):
    rows = [["No.", "Measure", "Target", "Sep 2016", "Q4 2016/17"], ["1", "Posts", 1, 2, 3]]
    path = workbook(tmp_path / "plan.xlsx", "Performance", rows, title_rows=2)
    result = CliRunner().invoke(main, ["check", str(path), "--explain"])
    assert (
        "Indicators: sheet 'Performance', header row 3, 1 indicator, periods Sep 2016 to "
        "Q4 2016/17."
    ) in result.output.splitlines()


def test_heading_rows_group_the_indicators_below_them(tmp_path):
    rows = [
        [*HEADERS, "Sep 2016"],
        [None, "Early help"],
        [
            "EH 1",
            "Early help assessments completed",
            None,
            None,
            "number",
            "Higher is better",
            100,
            10,
            "",
            None,
            96,
        ],
        [None, "Children in care", "Priority 3"],
        [
            "CIC 1",
            "Placement stability",
            None,
            None,
            "%",
            "Higher is better",
            "70%",
            5,
            "",
            None,
            0.72,
        ],
        [
            "CIC 2",
            "Visits on time",
            "Priority 4",
            None,
            "%",
            "Higher is better",
            "95%",
            5,
            "",
            None,
            0.9,
        ],
    ]
    indicators, problems = read(workbook(tmp_path / "plan.xlsx", "Indicators", rows))
    assert problems == []
    assert [(i.ref, i.priority) for i in indicators] == [
        ("EH 1", "Early help"),
        ("CIC 1", "Children in care"),
        ("CIC 2", "Priority 4"),
    ]


def test_a_heading_typed_in_the_ref_column_is_a_heading_not_an_indicator(tmp_path):
    """Telford's scorecard types its themes in the Ref column: "THEME 2: ..." is the
    priority of the indicators below it, never an indicator with No data."""
    rows = [
        [*HEADERS, "Mar 2018"],
        ["THEME 1: SCRUTINY, OVERSIGHT AND ADVOCACY"],
        [
            "1.1a",
            "Practitioners supervised monthly",
            None,
            None,
            "%",
            None,
            "At least 90%",
            None,
            "",
            None,
            0.82,
        ],
        ["THEME 2: QUALITY AND EFFECTIVENESS OF FRONT LINE PRACTICE"],
        [
            "2.2a",
            "Strategy discussions with 3 agencies",
            None,
            None,
            "%",
            None,
            "More than 80%",
            None,
            "",
            None,
            0.84,
        ],
        ["Children in care placement stability"],
        [
            "PI 7",
            "Children in care with 3 or more placements",
            None,
            None,
            "%",
            None,
            "Less than 8%",
            None,
            "",
            None,
            None,
        ],
    ]
    indicators, problems = read(workbook(tmp_path / "plan.xlsx", "Indicators", rows))
    assert [(i.ref, i.priority) for i in indicators] == [
        ("1.1a", "THEME 1: SCRUTINY, OVERSIGHT AND ADVOCACY"),
        ("2.2a", "THEME 2: QUALITY AND EFFECTIVENESS OF FRONT LINE PRACTICE"),
        ("PI 7", "Children in care placement stability"),
    ]
    assert problems == []


@pytest.mark.parametrize(
    "typed, target, polarity, value, rating",
    [
        # seed 004's success measures
        ("Less than 8%", Target(0.08, 0.08, strict=True), LOWER, 0.12, "Red"),
        ("Less than 8%", Target(0.08, 0.08, strict=True), LOWER, 0.08, "Red"),  # 8% is not less
        ("Less than 8%", Target(0.08, 0.08, strict=True), LOWER, 0.07, "Green"),
        ("More than 90%", Target(0.9, 0.9, strict=True), HIGHER, 0.95, "Green"),
        ("More than 90%", Target(0.9, 0.9, strict=True), HIGHER, 0.9, "Red"),
        ("At least 85%", Target(0.85, 0.85), HIGHER, 0.85, "Green"),
        ("No more than 22", Target(22, 22), LOWER, 22, "Green"),
        ("No more than 22", Target(22, 22), LOWER, 23, "Red"),
        ("<= 20%", Target(0.2, 0.2), LOWER, 0.2, "Green"),
        ("< 20%", Target(0.2, 0.2, strict=True), LOWER, 0.2, "Red"),
        ("> 70%", Target(0.7, 0.7, strict=True), HIGHER, 0.71, "Green"),
        ("Between 20% and 25%", Target(0.2, 0.25), RANGE, 0.26, "Red"),
        ("Between 20% and 25%", Target(0.2, 0.25), RANGE, 0.22, "Green"),
        ("Fewer than 10", Target(10, 10, strict=True), LOWER, 9, "Green"),
        ("Under 5%", Target(0.05, 0.05, strict=True), LOWER, 0.04, "Green"),
        ("Above 80%", Target(0.8, 0.8, strict=True), HIGHER, 0.79, "Red"),
    ],
)
def test_targets_written_as_words_with_their_polarity(
    tmp_path, typed, target, polarity, value, rating
):
    rows = [
        [*HEADERS, "Mar 2018"],
        ["PI 1", "An indicator", None, None, None, None, typed, None, "", None, value],
    ]
    indicators, problems = read(workbook(tmp_path / "plan.xlsx", "Indicators", rows))
    assert problems == []
    (indicator,) = indicators
    assert (indicator.target, indicator.polarity) == (target, polarity)
    assert assess(indicator).rating == rating
