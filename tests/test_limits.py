"""Excel's limits, counted as Excel counts: text in UTF-16 code units."""

from __future__ import annotations

import pytest

from ragbook.xlsx.limits import MAX_CELL_TEXT, cut_utf16, fit_cell_text, utf16_len


@pytest.mark.parametrize(
    "text, units",
    [("", 0), ("abc", 3), ("é", 1), ("\U0001f600", 2), ("a\U0001f600b", 4), ("\u4e2d", 1)],
)
def test_length_is_counted_in_utf16_units(text, units):
    assert utf16_len(text) == units == len(text.encode("utf-16-le")) // 2


@pytest.mark.parametrize(
    "text, units, cut",
    [
        ("abcdef", 4, "abcd"),
        ("ab\U0001f600cd", 3, "ab"),
        ("ab\U0001f600cd", 4, "ab\U0001f600"),
        ("\U0001f600" * 3, 5, "\U0001f600" * 2),
        ("short", 31, "short"),
    ],
)
def test_cutting_never_splits_a_character(text, units, cut):
    assert cut_utf16(text, units) == cut


def test_cell_text_is_cut_to_the_limit_with_an_ellipsis():
    assert fit_cell_text("x" * MAX_CELL_TEXT) == "x" * MAX_CELL_TEXT
    cut = fit_cell_text("x" * (MAX_CELL_TEXT + 1))
    assert len(cut) == MAX_CELL_TEXT and cut.endswith("…")
