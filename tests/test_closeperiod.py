"""Acceptance: indicators and the plan's history, on real workbooks on disk.

A plan with twelve months of indicator values is closed for Sep, Oct and Nov 2016,
with its leads' updates typed in between (through ragbook's own cell patches, as
Excel would change only those cells), then refreshed in December. The Tracker
shows the ratings, directions, transitions, stale updates and sparklines; the
JSON says the same; LibreOffice opens it; and every part that is not ragbook's
is byte for byte what it was.
"""

from __future__ import annotations

import json
import re
import zipfile
from datetime import date, datetime, timedelta
from pathlib import Path

import openpyxl
import pytest
from builders import write_plan
from click.testing import CliRunner
from lo import convert
from test_writer import OWNED_PARTS, parts

import ragbook
from ragbook.cli import main
from ragbook.errors import PeriodAlreadyClosed
from ragbook.xlsx.drawingxml import drawn_on
from ragbook.xlsx.owned import owned_sheets
from ragbook.xlsx.package import open_package
from ragbook.xlsx.writer import write_sheets

MONTHS = [
    f"{m} 2016"
    for m in ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
]
INDICATOR_HEADERS = [
    "Ref",
    "Indicator",
    "Priority",
    "Lead",
    "Unit",
    "Polarity",
    "Target",
    "Amber tolerance",
    "Comparator",
    "Comparator value",
    *MONTHS,
]
INDICATORS = [
    # Seed 000's success measures, with made-up values.
    [
        "PI 1",
        "Social work posts filled by permanent staff",
        "Priority 1",
        "SG",
        "%",
        "Higher is better",
        "85%",
        5,
        "National average",
        "80%",
        0.70,
        0.71,
        0.72,
        0.74,
        0.75,
        0.76,
        0.77,
        0.78,
        0.79,
        0.80,
        0.81,
        0.83,
    ],
    [
        "PI 2",
        "Average social work caseload",
        "Priority 1",
        "SG",
        "number",
        "Lower is better",
        22,
        "10%",
        "Statistical neighbours",
        20,
        29,
        29,
        28,
        28,
        27,
        27,
        26,
        26,
        25,
        25,
        24,
        23,
    ],
    [
        "PI 3",
        "Re-referrals within 12 months",
        "Priority 2",
        "AF",
        "%",
        "Within range",
        "20%-25%",
        2,
        "National average",
        "22%",
        31,
        30,
        30,
        29,
        28,
        27,
        26,
        26,
        25,
        24,
        24,
        27,
    ],
    [
        "PI 4",
        "Children seen within timescale",
        "Priority 2",
        "AF",
        "%",
        "Higher is better",
        "90%",
        "5%",
        "",
        None,
        0.88,
        0.87,
        0.86,
        0.86,
        0.85,
        0.85,
        0.86,
        0.85,
        0.85,
        0.84,
        0.84,
        0.80,
    ],
    [
        "PI 5",
        "Care leavers in suitable accommodation",
        "Priority 3",
        "AMD",
        "%",
        "Higher is better",
        "90%",
        5,
        "",
        None,
        0.91,
        0.92,
        0.92,
        0.93,
        0.93,
        0.94,
        0.94,
        0.94,
        0.95,
        0.95,
        0.95,
        0.95,
    ],
    [
        "PI 6",
        "Return home interviews within 72 hours",
        "Priority 3",
        "AMD",
        "%",
        "Higher is better",
        "80%",
        5,
        "",
        None,
    ]
    + [None] * 12,
    [
        "PI 7",
        "Agency social workers",
        "Priority 1",
        "SG",
        "number",
        "Lower is better",
        10,
        1,
        "",
        None,
        20,
        19,
        18,
        17,
        16,
        15,
        14,
        13,
        12,
        12,
        12,
        14,
    ],
]
HEADERS = [
    "Ref",
    "Priority",
    "Action",
    "Lead(s)",
    "Date due",
    "RAG rating",
    "% complete",
    "Progress update",
]
# Each action's rating and progress update, period by period: Sep, Oct, Nov, then now (Dec).
STORY = {
    "1.1": [
        ("Red", "Not started"),
        ("Red", "Not started"),
        ("Red", "Not started"),
        ("Red", "Not started"),
    ],
    "1.2": [
        ("Red", "Recruiting"),
        ("Amber", "Two posts filled"),
        ("Green", "Four posts filled"),
        ("Green", "Five posts filled"),
    ],
    "1.3": [
        ("Amber", "Draft policy"),
        ("Amber", "Draft policy"),
        ("Red", "Draft policy"),
        ("Amber", "Draft policy"),
    ],
    "1.4": [
        ("Green", "On track"),
        ("Green", "On track"),
        ("Amber", "Staff off sick"),
        ("Red", "Staff off sick"),
    ],
    "1.5": [
        ("Green", "Training booked"),
        ("Completed", "Training delivered"),
        ("Completed", "Training delivered"),
        ("Completed", "Training delivered"),
    ],
    "1.6": [
        ("Amber", "Audit planned"),
        ("Red", "Audit slipped"),
        ("Red", "Audit slipped"),
        ("Red", "Audit slipped"),
    ],
    "2.1": [
        ("Green", "Going well"),
        ("Green", "Going well"),
        ("Green", "Going well"),
        ("Amber", "Lead left"),
    ],
    "2.2": [
        ("Red", "Delayed"),
        ("Red", "Delayed to March"),
        ("Amber", "Back on plan"),
        ("Amber", "Back on plan"),
    ],
    "2.3": [None, None, ("Green", "New action"), ("Green", "New action")],
    "2.4": [None, None, None, ("", "")],
}
REFS = list(STORY)
CLOSES = [
    ("Sep 2016", date(2016, 9, 30)),
    ("Oct 2016", date(2016, 10, 31)),
    ("Nov 2016", date(2016, 11, 30)),
]
NOW = date(2016, 12, 15)


def owned_parts(path: Path) -> set[str]:
    """ragbook's own sheets' parts and their relationships."""
    pkg = open_package(path)
    try:
        found = {pkg.sheets[i].part for i in owned_sheets(pkg)}
        drawn = set(drawn_on(pkg, list(found)))  # the Tracker's charts
    finally:
        pkg.close()
    return found | drawn | {re.sub(r"([^/]+)$", r"_rels/\1.rels", p) for p in found}


def only_ragbooks_parts_changed(
    before: dict[str, bytes], after: dict[str, bytes], owned: set[str]
) -> bool:
    """Every part that is not ragbook's sheets, the workbook part, its relationships,
    [Content_Types].xml, styles or the calculation chain is byte for byte what it was."""
    for name, data in before.items():
        if not (OWNED_PARTS.match(name) or name in owned):
            assert after.get(name) == data, f"{name} changed"
    assert set(after) - set(before) <= owned
    return True


def patch(path: Path, edits: dict[str, object]) -> None:
    """Type into the Actions sheet as Excel would: only these cells change."""
    pkg = open_package(path)
    try:
        with open(path.with_suffix(".tmp"), "wb") as fh:
            write_sheets(pkg, [], fh, patches={"Actions": edits})
    finally:
        pkg.close()
    path.with_suffix(".tmp").replace(path)


def type_period(path: Path, index: int) -> None:
    """The leads' updates for period `index` (0 = Sep): rows appear when an action does."""
    edits: dict[str, object] = {}
    for row, ref in enumerate(REFS, start=2):
        state = STORY[ref][index]
        if state is None:
            continue
        edits.update(
            {
                f"A{row}": ref,
                f"B{row}": f"Priority {ref[0]}",
                f"C{row}": f"Action {ref} for the board",
                f"D{row}": "AF",
                f"E{row}": "31/03/2017",
                f"F{row}": state[0],
                f"H{row}": state[1],
            }
        )
    patch(path, edits)


def new_plan(path: Path) -> Path:
    write_plan(
        path,
        [],
        headers=HEADERS,
        title="Children's Services Improvement Plan",
        extra_sheets={
            "Indicators": [INDICATOR_HEADERS, *INDICATORS],
            "Notes": [["The owner's own sheet"], [datetime(2016, 9, 1)]],
        },
    )
    wb = openpyxl.load_workbook(path)
    for col in range(11, 23):  # PI 1 and PI 4 typed as percentages, shown as 0%
        for row in (2, 5):
            wb["Indicators"].cell(row, col).number_format = "0%"
    wb.save(path)
    return path


@pytest.fixture(scope="module")
def story(tmp_path_factory) -> dict:
    """The plan closed for three periods and refreshed in December, with what each step
    changed and kept."""
    path = new_plan(tmp_path_factory.mktemp("story") / "plan.xlsx")
    steps = {}

    def step(name: str, run) -> None:
        before, owned = parts(path), owned_parts(path)
        run()
        steps[name] = (before, parts(path), owned | owned_parts(path))

    for index, (period, as_of) in enumerate(CLOSES):
        type_period(path, index)
        # The first close takes its period from the as-of date.
        step(
            f"close {period}",
            lambda period=period, index=index, as_of=as_of: ragbook.close_period(
                path, period if index else None, as_of=as_of
            ),
        )
    type_period(path, 3)
    step("refresh", lambda: ragbook.refresh(path, as_of=NOW))
    return {"path": path, "steps": steps}


def tracker_rows(path: Path) -> list[list[object]]:
    ws = openpyxl.load_workbook(path, data_only=True)["Tracker"]
    return [list(row) for row in ws.iter_rows(values_only=True)]


def section(rows: list[list[object]], title: str) -> list[list[object]]:
    """The rows under a section title, up to the next blank row, trailing blanks dropped."""
    start = next(i for i, r in enumerate(rows) if r[0] == title) + 1
    out = []
    for row in rows[start:]:
        if all(v is None for v in row):
            break
        values = list(row)
        while values and values[-1] is None:
            values.pop()
        out.append(values)
    return out


def test_indicator_ratings_and_directions(story):
    rows = section(tracker_rows(story["path"]), "Performance indicators")
    assert rows[0] == ["7 indicators: 2 red, 3 amber, 1 green, 1 no data."]
    assert rows[1][:9] == [
        "Indicator",
        "Latest",
        "Period",
        "Target",
        "Rating",
        "Direction of travel",
        "Against comparator",
        "Trend",
        "Jan 2016",
    ]
    assert rows[1][-1] == "Dec 2016" and len(rows[1]) == 20
    shown = [(r + [None] * 8)[:8] for r in rows[2:]]
    assert shown == [
        [
            "PI 1 Social work posts filled by permanent staff",
            0.83,
            "Dec 2016",
            0.85,
            "Amber",
            "▲ Improving",
            "Better than National average (80%)",
            None,
        ],
        [
            "PI 2 Average social work caseload",
            23,
            "Dec 2016",
            22,
            "Amber",
            "▼ Improving",
            "Worse than Statistical neighbours (20)",
            None,
        ],
        [
            "PI 3 Re-referrals within 12 months",
            0.27,
            "Dec 2016",
            "20% to 25%",
            "Amber",
            "▲ Worsening",
            "Worse than National average (22%)",
            None,
        ],
        [
            "PI 4 Children seen within timescale",
            0.8,
            "Dec 2016",
            0.9,
            "Red",
            "▼ Worsening",
            None,
            None,
        ],
        [
            "PI 5 Care leavers in suitable accommodation",
            0.95,
            "Dec 2016",
            0.9,
            "Green",
            "► No change",
            None,
            None,
        ],
        [
            "PI 6 Return home interviews within 72 hours",
            None,
            None,
            0.8,
            "No data",
            None,
            None,
            None,
        ],
        ["PI 7 Agency social workers", 14, "Dec 2016", 10, "Red", "▲ Worsening", None, None],
    ]
    # The twelve values are on the row, for the sparkline and for viewers without one.
    assert rows[2][8:] == [0.70, 0.71, 0.72, 0.74, 0.75, 0.76, 0.77, 0.78, 0.79, 0.80, 0.81, 0.83]
    assert rows[4][8:] == pytest.approx(
        [0.31, 0.30, 0.30, 0.29, 0.28, 0.27, 0.26, 0.26, 0.25, 0.24, 0.24, 0.27]
    )


def test_the_tracker_colours_ratings_and_draws_a_sparkline_per_indicator(story):
    ws = openpyxl.load_workbook(story["path"])["Tracker"]
    first = next(
        r
        for r in range(1, ws.max_row)
        if ws.cell(r, 1).value == "PI 1 Social work posts filled by permanent staff"
    )
    fills = [ws.cell(first + i, 5).fill.fgColor.rgb[-6:] for i in range(7)]
    assert fills == ["FFC000", "FFC000", "FFC000", "FF0000", "00B050", "EDEDED", "FF0000"]
    assert ws.cell(first, 2).number_format == "0%"
    xml = parts(story["path"])[sheet_part(story["path"], "Tracker")].decode()
    sparklines = re.findall(
        r"<xm:f>Tracker!([A-Z]+\d+:[A-Z]+\d+)</xm:f><xm:sqref>([A-Z]+\d+)<", xml
    )
    rows = [first + i for i in range(7) if i != 5]  # PI 6 has no values to draw
    assert sparklines == [(f"I{r}:T{r}", f"H{r}") for r in rows]


def sheet_part(path: Path, name: str) -> str:
    pkg = open_package(path)
    try:
        return pkg.sheet(name).part
    finally:
        pkg.close()


def test_initial_previous_and_current_with_the_direction_of_travel(story):
    rows = section(tracker_rows(story["path"]), "Performance and progress tracker")
    assert rows == [
        [
            "Rating",
            "Initial (Sep 2016)",
            "Previous (Nov 2016)",
            "Current (Dec 2016)",
            "Change since previous",
            "Direction of travel",
        ],
        ["Red", 3, 3, 3, 0, "► no change"],
        ["Amber", 2, 2, 3, 1, "▲ 1 more (worse)"],
        ["Green", 3, 3, 2, -1, "▼ 1 fewer (worse)"],
        ["Completed", 0, 1, 1, 0, "► no change"],
        ["Not rated", 0, 0, 1, 1, "▲ 1 more"],
        ["Total", 8, 9, 10],
    ]


def test_transitions_since_the_previous_period(story):
    rows = section(tracker_rows(story["path"]), "Changes since Nov 2016")
    assert rows == [
        [
            "Rating in Nov 2016, by rating now",
            "Red",
            "Amber",
            "Green",
            "Completed",
            "Not rated",
            "Total",
        ],
        ["Red", 2, 1, 0, 0, 0, 3],
        ["Amber", 1, 1, 0, 0, 0, 2],
        ["Green", 0, 1, 2, 0, 0, 3],
        ["Completed", 0, 0, 0, 1, 0, 1],
        ["Not rated", 0, 0, 0, 0, 0, 0],
        ["Not in Nov 2016", 0, 0, 0, 0, 1, 1],
        ["Total", 3, 3, 2, 1, 1, 10],
        ["2 actions got worse since Nov 2016."],
    ]


def test_the_actions_that_got_worse_and_how_long_each_has_been_off_track(story):
    rows = tracker_rows(story["path"])
    assert section(rows, "Actions that got worse since Nov 2016") == [
        ["Action", "Lead(s)", "Rating in Nov 2016", "Rating now"],
        ["1.4 Action 1.4 for the board", "AF", "Amber", "Red"],
        ["2.1 Action 2.1 for the board", "AF", "Green", "Amber"],
    ]
    assert section(rows, "Actions off track, and for how long") == [
        ["Action", "Lead(s)", "Rating now", "Periods off track", "Off track since"],
        ["1.1 Action 1.1 for the board", "AF", "Red", 4, "Sep 2016"],
        ["1.3 Action 1.3 for the board", "AF", "Amber", 4, "Sep 2016"],
        ["1.6 Action 1.6 for the board", "AF", "Red", 4, "Sep 2016"],
        ["2.2 Action 2.2 for the board", "AF", "Amber", 4, "Sep 2016"],
        ["1.4 Action 1.4 for the board", "AF", "Red", 2, "Nov 2016"],
        ["2.1 Action 2.1 for the board", "AF", "Amber", 1, "Dec 2016"],
        [
            "Periods off track counts this one and every period before it in a row in which the "
            "action was rated off track."
        ],
    ]


def test_stale_updates(story):
    rows = section(tracker_rows(story["path"]), "Stale updates")
    assert rows[0] == ["6 actions not yet complete have the same progress update as in Nov 2016."]
    assert [r[0].split("\n")[0][:3] + " | " + r[0].split("\n")[1] for r in rows[2:]] == [
        "1.1 | Update: Not started",
        "1.3 | Update: Draft policy",
        "1.4 | Update: Staff off sick",
        "1.6 | Update: Audit slipped",
        "2.2 | Update: Back on plan",
        "2.3 | Update: New action",
    ]
    assert [r[3] for r in rows[2:]] == [
        "Sep 2016",
        "Sep 2016",
        "Nov 2016",
        "Oct 2016",
        "Nov 2016",
        "Nov 2016",
    ]


def test_the_json_says_the_same(story):
    result = CliRunner().invoke(
        main, ["check", str(story["path"]), "--as-of", "2016-12-15", "--json"]
    )
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert out["indicators"]["ratings"] == {
        "Red": 2,
        "Amber": 3,
        "Green": 1,
        "No target": 0,
        "No data": 1,
    }
    assert [
        (i["ref"], i["latest"], i["target"], i["rating"], i["direction"])
        for i in out["indicators"]["list"]
    ] == [
        ("PI 1", 83, 85, "Amber", "improving"),
        ("PI 2", 23, 22, "Amber", "improving"),
        ("PI 3", 27, [20, 25], "Amber", "worsening"),
        ("PI 4", 80, 90, "Red", "worsening"),
        ("PI 5", 95, 90, "Green", "no change"),
        ("PI 6", None, 80, "No data", None),
        ("PI 7", 14, 10, "Red", "worsening"),
    ]
    history = out["history"]
    assert (
        history["source"],
        history["periods"],
        history["initial"],
        history["previous"],
        history["current"],
    ) == ("history", ["Sep 2016", "Oct 2016", "Nov 2016"], "Sep 2016", "Nov 2016", "Dec 2016")
    assert history["transitions"] == {
        "Red": {"Red": 2, "Amber": 1},
        "Amber": {"Red": 1, "Amber": 1},
        "Green": {"Green": 2, "Amber": 1},
        "Completed": {"Completed": 1},
        "New": {"Not rated": 1},
    }
    assert history["got_worse"] == [
        {"ref": "1.4", "was": "Amber", "now": "Red"},
        {"ref": "2.1", "was": "Green", "now": "Amber"},
    ]
    assert [(o["ref"], o["periods"]) for o in history["off_track"]] == [
        ("1.1", 4),
        ("1.3", 4),
        ("1.6", 4),
        ("2.2", 4),
        ("1.4", 2),
        ("2.1", 1),
    ]
    assert [s["ref"] for s in history["stale_updates"]] == [
        "1.1",
        "1.3",
        "1.4",
        "1.6",
        "2.2",
        "2.3",
    ]


def test_the_plan_history_holds_one_row_per_action_per_period(story):
    ws = openpyxl.load_workbook(story["path"])["Plan history"]
    rows = list(ws.iter_rows(min_row=5, values_only=True))
    assert [(r[0], r[2], r[5], r[7]) for r in rows] == [
        (period, ref, STORY[ref][i][0], STORY[ref][i][1])
        for i, (period, _) in enumerate(CLOSES)
        for ref in REFS
        if STORY[ref][i]
    ]
    assert {r[1] for r in rows} == {
        datetime(2016, 9, 30),
        datetime(2016, 10, 31),
        datetime(2016, 11, 30),
    }
    assert ws.freeze_panes == "A5"


@pytest.mark.parametrize("step", ["close Sep 2016", "close Oct 2016", "close Nov 2016", "refresh"])
def test_every_part_not_ragbooks_is_byte_for_byte_what_it_was(story, step):
    before, after, owned = story["steps"][step]
    assert only_ragbooks_parts_changed(before, after, owned)
    # The owner's own sheets are among the parts compared.
    assert {"xl/worksheets/sheet1.xml", "xl/worksheets/sheet4.xml"} <= set(before) - owned


def test_a_refresh_keeps_the_plan_history_byte_for_byte(story, tmp_path):
    copy = tmp_path / "plan.xlsx"
    copy.write_bytes(story["path"].read_bytes())
    history = sheet_part(copy, "Plan history")
    before = parts(copy)
    ragbook.refresh(copy, as_of=NOW, backup=False)
    assert parts(copy)[history] == before[history]
    assert sheet_part(copy, "Plan history") == history


def test_closing_a_period_twice_is_refused_and_changes_nothing(story, tmp_path):
    copy = tmp_path / "plan.xlsx"
    copy.write_bytes(story["path"].read_bytes())
    before = copy.read_bytes()
    with pytest.raises(PeriodAlreadyClosed) as error:
        ragbook.close_period(copy, "November 2016", as_of=NOW)
    assert str(error.value) == (
        "Nov 2016 is already closed in Plan history (9 actions, closed as of 30/11/2016); to "
        "close it again with the ratings as they are now, use --replace: ragbook close-period "
        'plan.xlsx --period "Nov 2016" --replace'
    )
    assert copy.read_bytes() == before


def test_replace_swaps_the_periods_rows_and_keeps_the_others(story, tmp_path):
    copy = tmp_path / "plan.xlsx"
    copy.write_bytes(story["path"].read_bytes())
    closed = ragbook.close_period(copy, "Nov 2016", replace=True, as_of=NOW, backup=False)
    assert (closed.period, closed.replaced, closed.actions, closed.periods) == (
        "Nov 2016",
        True,
        10,
        ["Sep 2016", "Oct 2016", "Nov 2016"],
    )
    ws = openpyxl.load_workbook(copy)["Plan history"]
    rows = list(ws.iter_rows(min_row=5, values_only=True))
    assert [r[0] for r in rows] == ["Sep 2016"] * 8 + ["Oct 2016"] * 8 + ["Nov 2016"] * 10
    assert [(r[2], r[5]) for r in rows if r[0] == "Nov 2016"][3] == ("1.4", "Red")
    assert [r[1] for r in rows if r[0] == "Nov 2016"] == [datetime(2016, 12, 15)] * 10


@pytest.mark.libreoffice
def test_libreoffice_opens_the_tracker_with_its_sparklines(story, tmp_path):
    converted = convert(story["path"], "xlsx", tmp_path / "lo", recalc=True)
    wb = openpyxl.load_workbook(converted, data_only=True)
    assert wb.sheetnames == openpyxl.load_workbook(story["path"]).sheetnames
    with zipfile.ZipFile(converted) as z:
        sheets = [
            z.read(n).decode()
            for n in z.namelist()
            if n.startswith("xl/worksheets/") and n.endswith(".xml")
        ]
    assert sum(len(re.findall(r"<x14:sparkline>", xml)) for xml in sheets) == 6
    # LibreOffice recalculated every formula to the numbers ragbook stored.
    stored = openpyxl.load_workbook(story["path"], data_only=True)["Tracker"]
    again = wb["Tracker"]
    for row in stored.iter_rows():
        for cell in row:
            if isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool):
                assert again[cell.coordinate].value == pytest.approx(cell.value), cell.coordinate


SEED_000_HEADERS = [
    "Outcome",
    "Action(s)",
    "Success measure(s)",
    "Lead",
    "Provisional time",
    "RAG Initial",
    "RAG Oct",
    "RAG Nov",
    "RAG rating",
    "Progress Update",
]


def council_plan(path: Path) -> Path:
    """Seed 000's layout: history kept as rating columns, reading5 ratings, no Settings."""
    rows = [
        [
            "Leadership",
            "1.1 Create an affordable structure",
            "A structure",
            "HOS",
            "31/01/17",
            "RED",
            "RED",
            "RED",
            "RED",
            "Not started",
        ],
        [
            "Leadership",
            "1.2 Implement a workforce strategy",
            "85% of posts filled",
            "HOS",
            "31/03/17",
            "RED",
            "AMBER",
            "LIGHT GREEN",
            "AMBER",
            "Recruitment paused",
        ],
        [
            "Practice",
            "1.3 Embed the practice model",
            "Caseloads no greater than 22",
            "PSW",
            "31/12/16",
            "AMBER",
            "AMBER",
            "AMBER",
            "LIGHT GREEN",
            "Training delivered",
        ],
        [
            "Practice",
            "1.4 Review thresholds",
            "Re-referrals at national average",
            "PSW",
            "31/12/16",
            "LIGHT GREEN",
            "DARK GREEN",
            "COMPLETED",
            "COMPLETED",
            "Done",
        ],
    ]
    return write_plan(path, rows, headers=SEED_000_HEADERS, leads=[], settings=False)


def test_a_council_workbook_with_history_columns_only(tmp_path):
    path = council_plan(tmp_path / "council.xlsx")
    summary, _ = ragbook.refresh(path, as_of=date(2016, 12, 15), backup=False)
    assert summary.scale.name == "reading5"
    rows = tracker_rows(path)
    assert section(rows, "Performance and progress tracker")[0] == [
        "Rating",
        "Initial",
        "Previous (Nov)",
        "Current",
        "Change since previous",
        "Direction of travel",
    ]
    assert section(rows, "Changes since Nov")[1:6] == [
        ["RED", 1, 0, 0, 0, 0, 0, 1],
        ["AMBER", 0, 0, 1, 0, 0, 0, 1],
        ["LIGHT GREEN", 0, 1, 0, 0, 0, 0, 1],
        ["DARK GREEN", 0, 0, 0, 0, 0, 0, 0],
        ["COMPLETED", 0, 0, 0, 0, 1, 0, 1],
    ]
    assert section(rows, "Actions that got worse since Nov")[1] == [
        "1.2 Implement a workforce strategy",
        "HOS",
        "LIGHT GREEN",
        "AMBER",
    ]
    assert section(rows, "Actions off track, and for how long")[1:3] == [
        ["1.1 Create an affordable structure", "HOS", "RED", 4, "Initial"],
        ["1.2 Implement a workforce strategy", "HOS", "AMBER", 1, "this period"],
    ]
    assert section(rows, "Stale updates") == [
        [
            "Stale updates are found from the second closed period: rating columns keep no "
            "progress text. Run 'ragbook close-period' each period."
        ]
    ]
    assert summary.as_json()["history"]["source"] == "columns"
    assert "Performance indicators" not in [r[0] for r in rows]


def test_closing_a_period_of_a_council_workbook_adds_to_its_rating_columns(tmp_path):
    path = council_plan(tmp_path / "council.xlsx")
    closed = ragbook.close_period(path, as_of=date(2016, 12, 31), backup=False)
    assert closed.sentence() == (
        "Dec 2016 closed: 4 actions frozen in Plan history, which holds 1 period (Dec 2016)"
    )
    with ragbook.load(path) as plan:
        summary = plan.summary(date(2017, 1, 31))
    history = summary.as_json()["history"]
    assert (
        history["source"],
        history["periods"],
        history["initial"],
        history["previous"],
        history["current"],
    ) == (
        "history and columns",
        ["Initial", "Oct", "Nov", "Dec 2016"],
        "Initial",
        "Dec 2016",
        "Jan 2017",
    )
    assert history["stale_updates"] == [
        {"ref": "1.1", "unchanged_since": "Dec 2016"},
        {"ref": "1.2", "unchanged_since": "Dec 2016"},
        {"ref": "1.3", "unchanged_since": "Dec 2016"},
    ]
    assert [(o["ref"], o["periods"], o["since"]) for o in history["off_track"]] == [
        ("1.1", 5, "Initial"),
        ("1.2", 2, "Dec 2016"),
    ]


def test_the_excel_buttons_close_period_calls_the_library(tmp_path):
    """The add-in's Close period button: save, close, ragbook.close_period(path), reopen,
    one message; the second click is refused with the message naming --replace."""
    from test_addin_button import FakeExcel

    from ragbook.addin.button import click

    folder = tmp_path / "plans"
    folder.mkdir()
    path = council_plan(folder / "plan.xlsx")
    text = click(FakeExcel(path), "close_period", log_folder=tmp_path / "home")
    today = date.today()  # in the first 14 days of a month, the month before is closed
    month = (today.replace(day=1) - timedelta(days=1) if today.day <= 14 else today).strftime(
        "%b %Y"
    )
    assert text == (
        f"plan.xlsx: {month} closed: 4 actions frozen in Plan history, which holds "
        f"1 period ({month})."
    )
    excel = FakeExcel(path)
    again = click(excel, "close_period", log_folder=tmp_path / "home")
    assert [c[0] for c in excel.calls] == ["save", "close", "reopen", "message"]
    if today.day <= 14:  # the month now running is not closed early either
        assert again.startswith(f"{month} is already closed and ")
        assert again.endswith(f'or to close {month} again, --period "{month}" --replace.')
    else:
        assert again.startswith(f"{month} is already closed in Plan history (4 actions")
        assert again.endswith(
            f'use --replace: ragbook close-period plan.xlsx --period "{month}" --replace.'
        )


@pytest.mark.parametrize(
    "day, closed, window, period",
    [
        (date(2016, 12, 2), [], 14, "Nov 2016"),  # November's returns are still coming in
        (date(2016, 12, 14), ["Oct 2016"], 14, "Nov 2016"),
        (date(2016, 12, 15), [], 14, "Dec 2016"),  # past the window: the month of the as-of date
        (date(2016, 12, 31), ["Nov 2016"], 14, "Dec 2016"),
        (date(2017, 1, 1), [], 14, "Dec 2016"),
        (date(2016, 12, 2), [], 0, "Dec 2016"),  # a window of 0 days: always the as-of month
        (date(2016, 12, 5), [], 4, "Dec 2016"),
    ],
)
def test_the_default_period(day, closed, window, period):
    from ragbook.closing import default_period

    assert default_period(day, closed, window)[0].label == period


def test_the_default_never_closes_the_month_now_running_early():
    from ragbook.closing import default_period
    from ragbook.errors import UsageProblem

    with pytest.raises(
        UsageProblem,
        match=r"^Nov 2016 is already closed and Dec 2016 has not "
        r"ended",
    ):
        default_period(date(2016, 12, 2), ["Nov 2016"], 14)


def test_undo_reopens_a_period_and_the_change_log_says_so(tmp_path):
    from ragbook.closing import reopen_period

    path = council_plan(tmp_path / "plan.xlsx")
    ragbook.close_period(path, "Oct 2016", as_of=date(2016, 10, 31), backup=False)
    ragbook.close_period(path, as_of=date(2016, 12, 2), backup=False)  # Nov, in the window
    reopened = reopen_period(
        path, now=datetime(2016, 12, 2, 9, 15), as_of=date(2016, 12, 2), backup=False
    )
    assert (reopened.period, reopened.actions, reopened.periods) == ("Nov 2016", 4, ["Oct 2016"])
    wb = openpyxl.load_workbook(path)
    assert {r[0] for r in wb["Plan history"].iter_rows(min_row=5, values_only=True)} == {"Oct 2016"}
    assert [list(r) for r in wb["Change log"].iter_rows(min_row=5, values_only=True)] == [
        [
            datetime(2016, 12, 2, 9, 15),
            "plan.xlsx",
            None,
            None,
            "Plan history",
            "Nov 2016 closed (as of 02/12/2016, 4 rows)",
            "Nov 2016 reopened",
            None,
            "applied",
        ]
    ]
    # November can be closed again, and the history keeps its order.
    again = ragbook.close_period(path, as_of=date(2016, 12, 3), backup=False)
    assert (again.period, again.periods) == ("Nov 2016", ["Oct 2016", "Nov 2016"])
