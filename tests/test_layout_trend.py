"""ragbook.layout.tracker_trend: the Tracker's history sections, laid out from a summary."""

from __future__ import annotations

from datetime import date

from test_trend import act, closed, plan

from ragbook.layout import palette as S
from ragbook.layout.tracker_trend import (
    off_track_section,
    stale_section,
    transitions_section,
    worse_section,
)
from ragbook.rules.compute import summarise
from ragbook.xlsx.spec import SheetSpec

AS_OF = date(2016, 11, 30)


def laid_out(*sections, actions, history=(), columns=None):
    summary = summarise(plan(actions, history, columns), AS_OF)
    sheet = SheetSpec("Tracker", "tracker")
    for section in sections:
        section(sheet, summary)
    return [[c.value if c else None for c in row] for row in sheet.rows], sheet


def test_without_an_earlier_period_only_off_track_actions_are_listed():
    rows, _ = laid_out(
        transitions_section,
        worse_section,
        stale_section,
        off_track_section,
        actions=[act("1.1", "Red"), act("1.2", "Green")],
    )
    assert rows == [
        ["Actions off track, and for how long"],
        ["Action", "Lead(s)", "Rating now", "Periods off track", "Off track since"],
        ["1.1 Action 1.1", "AF", "Red", 1, "this period"],
        [
            "Periods off track counts this one and every period before it in a row in "
            "which the action was rated off track."
        ],
    ]


def test_transitions_colour_better_and_worse_moves_and_count_what_left():
    history = [
        closed("Oct 2016", "1.1", "Red"),
        closed("Oct 2016", "1.2", "Green"),
        closed("Oct 2016", "1.3", "Amber"),
        closed("Oct 2016", "1.9", "Amber"),
    ]
    rows, sheet = laid_out(
        transitions_section,
        history=history,
        actions=[act("1.1", "Amber"), act("1.2", "Red"), act("1.3", "Blue"), act("1.4", "Green")],
    )
    assert rows[1] == [
        "Rating in Oct 2016, by rating now",
        "Red",
        "Amber",
        "Green",
        "Completed",
        "Not rated",
        "Unrecognised",
        "Total",
    ]
    assert rows[2] == ["Red", 0, 1, 0, 0, 0, 0, 1]
    assert rows[-3] == ["Not in Oct 2016", 0, 0, 1, 0, 0, 0, 1]
    assert rows[-1] == [
        "1 action got worse since Oct 2016. 1 action of Oct 2016 is no longer in the plan."
    ]
    red_row, green_row = sheet.rows[2], sheet.rows[4]
    assert red_row[2].style is S.BETTER and green_row[1].style is S.WORSE
    assert red_row[7].formula == "SUM(B3:G3)" and sheet.rows[-2][1].formula == "SUM(B3:B9)"


def test_nothing_got_worse_and_no_stale_update():
    history = [closed("Oct 2016", "1.1", "Red", "old")]
    rows, _ = laid_out(
        worse_section, stale_section, history=history, actions=[act("1.1", "Green", "new")]
    )
    assert rows == [
        ["Actions that got worse since Oct 2016"],
        ["No action got worse since Oct 2016."],
        ["Stale updates"],
        ["Every action not yet complete has a new update since Oct 2016."],
    ]


def test_rating_columns_keep_no_progress_text():
    rows, _ = laid_out(
        stale_section,
        columns=[("Oct", 6), ("", 7)],
        actions=[act("1.1", "R", history=(("Oct", "R"),))],
    )
    assert rows[1] == [
        "Stale updates are found from the second closed period: rating columns "
        "keep no progress text. Run 'ragbook close-period' each period."
    ]


def test_a_long_action_is_cut_and_its_update_shown():
    long = act("1.1", "Red", "Same as before")
    long.text = "1.1 " + "word " * 40
    rows, _ = laid_out(
        stale_section, history=[closed("Oct 2016", "1.1", "Red", "Same as before")], actions=[long]
    )
    text = rows[-1][0]
    assert text.startswith("1.1 word") and "1.1 1.1" not in text
    first, update = text.split("\n")
    assert len(first) == 120 and first.endswith("…") and update == "Update: Same as before"
