"""ragbook.layout.history_sheet: the Plan history sheet."""

from __future__ import annotations

from datetime import date

from ragbook.layout import palette as S
from ragbook.layout.history_sheet import build_history_sheet
from ragbook.rules.history import HEADERS, HistoryRow
from ragbook.rules.scales import PRESETS


def test_one_row_per_action_per_period_under_a_frozen_header():
    rows = [
        HistoryRow("Oct 2016", date(2016, 10, 31), "1.1", "Do it", "AF", "Red", 0.25, "x"),
        HistoryRow("Oct 2016", "typed over", "1.2", "Do it", "AF", "Purple", None, ""),
        HistoryRow("Oct 2016", None, "1.3", "Do it", "AF", "", None, ""),
    ]
    sheet = build_history_sheet("Plan history", rows, PRESETS["rag4"])
    assert (sheet.name, sheet.role) == ("Plan history", "history")
    assert [c.value for c in sheet.rows[3]] == list(HEADERS)
    assert sheet.freeze == (4, 0) and sheet.print_title_rows == (4, 4)
    assert sheet.autofilter == "A4:H7"
    first, typed_over, blank = sheet.rows[4:]
    assert [c.value for c in first] == [
        "Oct 2016",
        date(2016, 10, 31),
        "1.1",
        "Do it",
        "AF",
        "Red",
        0.25,
        "x",
    ]
    assert first[1].style is S.DATE and typed_over[1].style is S.PLAIN
    assert first[5].style.fill == "FF0000"
    assert typed_over[5].style is S.UNRECOGNISED_STYLE and blank[5].style is S.NOT_RATED_STYLE


def test_an_empty_history_is_still_a_sheet_with_its_header():
    sheet = build_history_sheet("Plan history (2)", [], PRESETS["reading5"])
    assert len(sheet.rows) == 4 and sheet.autofilter == "A4:H4"
