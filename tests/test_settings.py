"""ragbook.read.settings: reading the Settings sheet from cells already in memory.

The sheet has a key/value block (label in one column, value in the next) and
optionally a RAG key table (Label | Code | Colour | Meaning | Counts as), the
way councils print their key (seed 003: "RED / AMBER / GREEN / COMPLETED" with
a meaning each, Completed shown blue).
"""

from __future__ import annotations

from datetime import date, datetime

import pytest

from ragbook.read.settings import read_settings
from ragbook.rules.model import Problem, Settings
from ragbook.rules.scales import PRESETS, Rating
from ragbook.xlsx.cells import ReadCell, SheetCells
from ragbook.xlsx.read_styles import StyleInfo

TABLE_HEADER = ["Label", "Code", "Colour", "Meaning", "Counts as"]
RAG4_ROWS = [[r.label, r.code, r.colour, r.meaning, r.counts_as] for r in PRESETS["rag4"].ratings]


def sheet(
    rows: dict[int, list[object]], styles: dict[tuple[int, int], int] | None = None
) -> SheetCells:
    """Settings cells from {row: [values from column A]}; None leaves a cell out."""
    cells = SheetCells("Settings")
    for row, values in rows.items():
        cells.rows[row] = {
            col: ReadCell(value) for col, value in enumerate(values, start=1) if value is not None
        }
    for (row, col), style in (styles or {}).items():
        cells.rows.setdefault(row, {}).setdefault(col, ReadCell(None)).style = style
    return cells


def problem_cells(problems: list[Problem]) -> list[str]:
    return [p.cell for p in problems]


# --- nothing there ----------------------------------------------------------------------------


def test_no_settings_sheet_gives_the_defaults():
    settings, raw, problems = read_settings(None)
    assert settings == Settings()
    assert (settings.title, settings.scale, settings.due_soon_days, settings.as_of) == (
        "Improvement plan",
        None,
        30,
        None,
    )
    assert raw == {} and problems == []


def test_an_empty_sheet_gives_the_defaults():
    assert read_settings(sheet({1: ["ragbook settings"]})) == (Settings(), {}, [])


# --- the key/value block -------------------------------------------------------------------


def test_title_window_and_as_of_date():
    cells = sheet(
        {
            1: ["ragbook settings"],
            3: ["Plan title", "  Learning and Improvement Plan "],
            5: ["Due-soon window (days)", 45],
            6: ["As-of date", datetime(2019, 1, 31)],
        }
    )
    settings, raw, problems = read_settings(cells)
    assert problems == []
    assert settings.title == "Learning and Improvement Plan"
    assert settings.due_soon_days == 45
    assert settings.as_of == date(2019, 1, 31)
    assert type(settings.as_of) is date
    assert raw["title@"] == "B3" and raw["due_soon_days@"] == "B5" and raw["as_of@"] == "B6"


@pytest.mark.parametrize("label", ["Plan title", "TITLE", "plan  title:"])
def test_title_labels(label):
    assert read_settings(sheet({1: [label, "Getting to Good"]}))[0].title == "Getting to Good"


@pytest.mark.parametrize(
    "label", ["Due-soon window (days)", "Due soon window", "due soon days", "Due soon"]
)
@pytest.mark.parametrize("value, days", [(0, 0), (14, 14), (60, 60), (3660, 3660)])
def test_due_soon_window(label, value, days):
    settings, _, problems = read_settings(sheet({2: [label, value]}))
    assert problems == []
    assert settings.due_soon_days == days


@pytest.mark.parametrize("value", ["thirty", -1, 3661, True, "a month"])
def test_a_window_that_is_not_a_number_of_days_is_a_problem(value):
    settings, _, problems = read_settings(
        sheet({1: ["Plan title", "Plan"], 5: ["Due-soon window (days)", value]})
    )
    assert settings.due_soon_days == 30  # the default stands
    assert len(problems) == 1
    assert problems[0].sheet == "Settings" and problems[0].cell == "B5"
    assert "is not a number of days" in problems[0].message
    assert problems[0].fix == "type a whole number such as 30"


@pytest.mark.parametrize("label", ["Returns window", "Returns window (days)"])
def test_the_returns_window_for_close_periods_default(label):
    assert Settings().returns_window_days == 14
    settings, _, problems = read_settings(sheet({4: [label, 7]}))
    assert (settings.returns_window_days, problems) == (7, [])
    settings, _, problems = read_settings(sheet({4: [label, "a fortnight"]}))
    assert settings.returns_window_days == 14
    assert [p.line() for p in problems] == [
        "Settings!B4: the returns window 'a fortnight' is not a number of days; type a whole "
        "number of days from 0 to 62, such as 14."
    ]


def test_a_blank_window_is_the_default_without_a_problem():
    settings, _, problems = read_settings(sheet({5: ["Due-soon window (days)", ""]}))
    assert settings.due_soon_days == 30 and problems == []


def test_a_window_stored_as_text():
    settings, _, problems = read_settings(sheet({5: ["Due-soon window (days)", "30"]}))
    assert problems == []
    assert settings.due_soon_days == 30


@pytest.mark.parametrize("label", ["As-of date", "As of", "As at", "Report date"])
@pytest.mark.parametrize(
    "value",
    [
        datetime(2019, 1, 31, 0, 0),
        date(2019, 1, 31),
        "31/01/2019",
        "31/01/19",
        "2019-01-31",
        "January 2019",  # a month means its last day, as for due dates
        43496,  # the serial of 31/01/2019
    ],
)
def test_as_of_date(label, value):
    settings, _, problems = read_settings(sheet({6: [label, value]}))
    assert problems == []
    assert settings.as_of == date(2019, 1, 31)


@pytest.mark.parametrize("value", ["TBC", "31/11/2018", "ongoing", "next month", 2019])
def test_an_as_of_date_that_is_not_a_date_is_a_problem(value):
    settings, _, problems = read_settings(sheet({6: ["As-of date", value]}))
    assert settings.as_of is None
    assert len(problems) == 1
    assert problems[0].cell == "B6"
    assert problems[0].message.startswith("the as-of date '")
    assert problems[0].message.endswith("' is not a date")


def test_a_blank_as_of_date_means_today():
    settings, _, problems = read_settings(sheet({6: ["As-of date", None]}))
    assert settings.as_of is None and problems == []


def test_labels_may_be_in_any_column():
    settings, raw, _ = read_settings(sheet({4: [None, "Plan title", "Board plan"]}))
    assert settings.title == "Board plan"
    assert raw["title@"] == "C4"


def test_the_first_of_two_labels_wins():
    settings, _, _ = read_settings(sheet({3: ["Plan title", "First"], 4: ["Title", "Second"]}))
    assert settings.title == "First"


# --- the scale by name --------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed, name", [("reading5", "reading5"), ("RAG4", "rag4"), (" status4 ", "status4")]
)
def test_a_preset_by_name_when_there_is_no_table(typed, name):
    settings, _, problems = read_settings(sheet({4: ["Scale", typed]}))
    assert problems == []
    assert settings.scale is PRESETS[name]
    assert settings.scale_source == "Settings sheet"


def test_custom_without_a_table_is_left_to_the_reader():
    settings, _, problems = read_settings(sheet({4: ["Scale", "Custom"]}))
    assert settings.scale is None and problems == []


def test_an_unknown_scale_name_is_a_problem():
    settings, _, problems = read_settings(sheet({4: ["RAG scale", "fancy5"]}))
    assert settings.scale is None
    assert problems == [
        Problem(
            "Settings",
            "B4",
            "'fancy5' is not a scale ragbook knows",
            "type one of reading5, rag4, status4, or list your ratings in the RAG key table",
        )
    ]


# --- a custom scale table -------------------------------------------------------------------


def test_a_custom_scale_table():
    cells = sheet(
        {
            4: ["Scale", "custom"],
            9: TABLE_HEADER,
            10: ["Red", "R", "FF0000", "Not started or significant delay", "off track"],
            11: ["Amber", "A", "amber", "Some delay", "Off-Track"],
            12: ["Green", "G", "#00b050", "On track", "on target"],
            13: ["Blue", "B", "ff0070c0", "Completed and evidenced", "Completed"],
            15: ["Not part of the table", "X", "FFFFFF", "", "complete"],  # after a blank row
        }
    )
    settings, _, problems = read_settings(cells)
    assert problems == []
    assert settings.scale.name == "custom"
    assert settings.scale_source == "Settings sheet"
    assert settings.scale.ratings == (
        Rating("Red", "R", "FF0000", "Not started or significant delay", "off track"),
        Rating("Amber", "A", "FFC000", "Some delay", "off track"),
        Rating("Green", "G", "00B050", "On track", "on track"),
        Rating("Blue", "B", "0070C0", "Completed and evidenced", "complete"),
    )
    assert settings.scale.find("b").label == "Blue"


def test_a_table_that_is_a_preset_is_that_preset():
    cells = sheet(
        {4: ["Scale", "rag4"], 9: TABLE_HEADER, **{10 + i: row for i, row in enumerate(RAG4_ROWS)}}
    )
    settings, _, problems = read_settings(cells)
    assert problems == []
    assert settings.scale is PRESETS["rag4"]


def test_a_table_that_differs_from_the_named_preset_is_custom():
    rows = [list(r) for r in RAG4_ROWS]
    rows[3][0] = "Blue"  # a council that calls Completed "Blue"
    cells = sheet(
        {4: ["Scale", "rag4"], 9: TABLE_HEADER, **{10 + i: row for i, row in enumerate(rows)}}
    )
    settings, _, problems = read_settings(cells)
    assert problems == []
    assert settings.scale.name == "custom"
    assert settings.scale.labels == ["Red", "Amber", "Green", "Blue"]


def test_missing_code_colour_and_meaning_have_defaults():
    cells = sheet({1: ["Label", "Counts as"], 2: ["Behind", "off track"], 3: ["Done", "complete"]})
    settings, _, problems = read_settings(cells)
    assert problems == []
    assert settings.scale.ratings == (
        Rating("Behind", "Behind", "A6A6A6", "", "off track"),
        Rating("Done", "Done", "A6A6A6", "", "complete"),
    )


def test_the_colour_can_come_from_the_cell_fill():
    styles = StyleInfo(fills={3: "92D050", 4: "FF0000"})
    cells = sheet(
        {
            1: TABLE_HEADER,
            2: ["Late", "L", None, "", "off track"],
            3: ["Fine", "F", None, "", "on track"],
        },
        styles={(2, 3): 4, (3, 1): 3},
    )  # Late's colour cell is red; Fine's label is green
    settings, _, problems = read_settings(cells, styles)
    assert problems == []
    assert [r.colour for r in settings.scale.ratings] == ["FF0000", "92D050"]


def test_keys_below_the_table_are_read_but_rows_of_the_table_are_not_keys():
    # Pins such as "Lead column" may sit below the RAG key; a rating labelled
    # like a setting ("Scale") inside the table is still a rating.
    cells = sheet(
        {
            1: TABLE_HEADER,
            2: RAG4_ROWS[0],
            3: ["Scale", "S", "00B050", "", "on track"],
            8: ["Plan title", "Below the table"],
            9: ["Lead column", "D"],
        }
    )
    settings, raw, problems = read_settings(cells)
    assert settings.title == "Below the table"
    assert raw["pin:lead"] == "D" and raw["pin:lead@"] == "B9"
    assert [r.label for r in settings.scale.ratings] == ["Red", "Scale"]
    assert problems == []


# --- problems in the table ---------------------------------------------------------------------


def test_a_bad_colour_is_a_problem_with_its_cell():
    cells = sheet(
        {
            9: TABLE_HEADER,
            10: ["Red", "R", "crimson", "Late", "off track"],
            11: ["Green", "G", "00B050", "Fine", "on track"],
        }
    )
    settings, _, problems = read_settings(cells)
    assert problems == [
        Problem(
            "Settings",
            "C10",
            "'crimson' is not a colour",
            "type a hex colour such as FF0000 or a name such as red",
        )
    ]
    # the rating is still read, in grey, so the plan can be counted
    assert settings.scale.ratings[0].colour == "A6A6A6"


def test_a_bad_counts_as_is_a_problem_with_its_cell():
    cells = sheet(
        {
            9: TABLE_HEADER,
            10: ["Red", "R", "FF0000", "Late", "nearly"],
            11: ["Green", "G", "00B050", "Fine", "on track"],
        }
    )
    settings, _, problems = read_settings(cells)
    assert problems == [
        Problem(
            "Settings",
            "E10",
            "'nearly' is not something a rating can count as",
            "type one of: complete, on track, off track",
        )
    ]
    assert [r.label for r in settings.scale.ratings] == ["Red", "Green"]


@pytest.mark.parametrize(
    "rows, cell, message",
    [
        (
            [["Red", "R", "FF0000", "", "off track"], ["Rose", "R", "FF99CC", "", "off track"]],
            "A11",
            "'R' is used for two ratings (Red and Rose)",
        ),
        (
            [["Red", "R", "FF0000", "", "off track"], ["red", "X", "FF0000", "", "off track"]],
            "A11",
            "'red' is used for two ratings (Red and red)",
        ),
        # a code that is another rating's label
        (
            [["Green", "G", "00B050", "", "on track"], ["G", "X", "00B050", "", "on track"]],
            "A11",
            "'G' is used for two ratings (Green and G)",
        ),
    ],
)
def test_a_duplicate_label_or_code_is_a_problem(rows, cell, message):
    cells = sheet({9: TABLE_HEADER, 10: rows[0], 11: rows[1]})
    _, _, problems = read_settings(cells)
    assert [(p.cell, p.message) for p in problems] == [(cell, message)]
    assert problems[0].fix == "give each rating its own label and code"


def test_every_problem_is_reported_at_once():
    cells = sheet(
        {
            5: ["Due-soon window (days)", "soon"],
            6: ["As-of date", "TBC"],
            9: TABLE_HEADER,
            10: ["Red", "R", "crimson", "", "nearly"],
            11: ["Rose", "R", "FF99CC", "", "off track"],
        }
    )
    _, _, problems = read_settings(cells)
    assert problem_cells(problems) == ["B5", "B6", "C10", "E10", "A11"]


@pytest.mark.parametrize("label", ["Protective marking", "Security classification"])
def test_protective_marking(label):
    settings = read_settings(sheet({1: [label, "  OFFICIAL-SENSITIVE "]}))[0]
    assert settings.marking == "OFFICIAL-SENSITIVE"
    assert read_settings(sheet({1: ["Plan title", "x"]}))[0].marking == ""
