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


def test_naming_many_sheets_in_turn_gives_the_names_a_plain_set_gives():
    """SheetNames keeps the names taken casefolded alongside, so naming 3,000 lead
    sheets is linear; the names are the same as with a plain set."""
    from ragbook.xlsx.spec import SheetNames, safe_sheet_name

    wanted = ["Tracker", "tracker", "Checks", "History", "A/B", "a:b"] + [
        f"Lead {i % 7}" for i in range(20)
    ]
    fast, plain = SheetNames({"Actions"}), {"Actions"}
    got_fast, got_plain = [], []
    for name in wanted:
        got_fast.append(safe_sheet_name(name, fast))
        fast.add(got_fast[-1])
        got_plain.append(safe_sheet_name(name, plain))
        plain.add(got_plain[-1])
    assert got_fast == got_plain
    assert got_fast[:6] == ["Tracker", "tracker (2)", "Checks", "History (plan)", "A B", "a b (2)"]
    assert fast == plain
