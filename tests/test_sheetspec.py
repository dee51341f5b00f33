"""Sheet names Excel accepts, made from lead codes and names."""

from __future__ import annotations

import pytest

from ragbook.xlsx.spec import safe_sheet_name


def units(name: str) -> int:
    return len(name.encode("utf-16-le")) // 2


@pytest.mark.parametrize(
    "wanted, taken, expected",
    [
        ("A" * 30 + "'x", set(), "A" * 30),  # cut to 31, it ended in an apostrophe
        ("Actions for Head of Early Help's'", set(), "Actions for Head of Early Help"),
        ("'Quoted'", set(), "Quoted"),
        ("'''", set(), "Sheet"),
        ("\U0001f600" * 20, set(), "\U0001f600" * 15),  # 15 emoji are 30 of Excel's 31 units
        ("a" * 29 + "\U0001f600", set(), "a" * 29 + "\U0001f600"),  # exactly 31 units
        ("a" * 30 + "\U0001f600", set(), "a" * 30),  # the emoji would be units 31 and 32
        ("A" * 30 + "'x", {"A" * 30}, "A" * 27 + " (2)"),
        ("x" * 26 + "'yyyy", {"x" * 26 + "'yyyy"}, "x" * 26 + " (2)"),  # cut for the suffix, at a '
        ("History", set(), "History (plan)"),
        ("Checks", {"checks"}, "Checks (2)"),
        ("Director: Quality/Performance", set(), "Director Quality Performance"),
    ],
)
def test_safe_sheet_names(wanted, taken, expected):
    name = safe_sheet_name(wanted, taken)
    assert name == expected
    assert units(name) <= 31 and not name.startswith("'") and not name.endswith("'")
