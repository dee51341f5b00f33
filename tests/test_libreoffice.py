"""LibreOffice, as an independent spreadsheet program, opens a plan ragbook refreshed,
recalculates its formulas to the numbers ragbook stored, and keeps its sheets."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from datetime import date, timedelta
from pathlib import Path

import openpyxl
import pytest
from builders import LEADS, write_plan
from corpus_helpers import PackageView, entries
from lo import convert

import ragbook

AS_OF = date(2019, 1, 31)
HEADERS = [
    "Ref",
    "Priority",
    "Action",
    "Lead(s)",
    "Date due",
    "RAG Initial",
    "RAG Oct",
    "RAG rating",
    "% complete",
    "Progress update",
]
OWNED = ["Tracker", "Exceptions", "AF", "AMD", "SG", "Checks"]
CYRILLIC_ES = "\u0421"  # "С", pasted from a Word document for the code C


def plan_rows() -> list[list[object]]:
    """40 made-up actions over 3 priorities and 3 leads (one row has two), some overdue."""
    initial = ["Red", "Red", "Amber", "Red", "Amber", "Green", "Red", "Amber"]
    october = ["Red", "Amber", "Amber", "Green", "Amber", "Green", "Amber", "Completed"]
    current = ["Red", "Amber", "Green", "Completed", "A", "G", "C", "R", "Green", "Amber"]
    leads = ["AF", "AMD", "SG", "AF AMD", "SG"]
    rows = []
    for i in range(40):
        priority = i % 3 + 1
        rows.append(
            [
                f"{priority}.{i // 3 + 1}",
                f"Priority {priority}",
                f"Action {i + 1}: improve practice in area {i % 7 + 1}",
                leads[i % len(leads)],
                date(2018, 10, 1) + timedelta(days=9 * i),
                initial[i % len(initial)],
                october[i % len(october)],
                current[i % len(current)],
                round((i % 11) / 10, 1),
                f"Update {i + 1} from the lead",
            ]
        )
    rows[17][7] = CYRILLIC_ES
    rows[23][7] = None  # not yet rated
    return rows


@pytest.fixture(scope="module")
def refreshed(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("plan")
    path = write_plan(
        folder / "improvement plan.xlsx",
        plan_rows(),
        headers=HEADERS,
        leads=LEADS,
        title="Children's Services Improvement Plan",
    )
    plan = ragbook.load(path)
    summary = plan.refresh(AS_OF)
    plan.save(backup=False)
    # What ragbook made of the plan (facts the rest of the module relies on).
    assert len(summary.actions) == 40
    assert dict(summary.ratings) == expected_ratings()
    assert len(summary.overdue) > 0
    # The Cyrillic letter is not taken for a C: it is counted as unrecognised and reported
    # with its cell (row 19: the 18th action under the header row) and the fix.
    [cyrillic] = [p for p in summary.problems if "Cyrillic" in p.message]
    assert (cyrillic.sheet, cyrillic.cell) == ("Actions", "H19")
    assert cyrillic.fix == "retype it as C"
    return path


def expected_ratings() -> dict[str, int]:
    """The current ratings of plan_rows(), counted here: codes are their labels, the
    Cyrillic С is not a rating on the scale, a blank is Not rated."""
    label = {
        "R": "Red",
        "A": "Amber",
        "G": "Green",
        "C": "Completed",
        CYRILLIC_ES: "Unrecognised",
        None: "Not rated",
    }
    out: dict[str, int] = {}
    for row in plan_rows():
        key = label.get(row[7], row[7])
        out[key] = out.get(key, 0) + 1
    return {k: n for k, n in out.items() if n}


def tracker_formulas(path: Path) -> dict[str, str]:
    ws = openpyxl.load_workbook(path)["Tracker"]
    return {
        c.coordinate: c.value
        for row in ws.iter_rows()
        for c in row
        if isinstance(c.value, str) and c.value.startswith("=")
    }


def numeric_cells(path: Path, sheet: str) -> dict[str, float]:
    ws = openpyxl.load_workbook(path, data_only=True)[sheet]
    return {
        c.coordinate: c.value
        for row in ws.iter_rows()
        for c in row
        if isinstance(c.value, (int, float)) and not isinstance(c.value, bool)
    }


@pytest.mark.libreoffice
def test_libreoffice_converts_the_refreshed_plan_to_xlsx_and_csv(refreshed, tmp_path):
    xlsx = convert(refreshed, "xlsx", tmp_path / "xlsx")
    assert zipfile.is_zipfile(xlsx)
    assert openpyxl.load_workbook(xlsx).sheetnames == ["Actions", "Leads", "Settings", *OWNED]
    # Comma-separated, double quotes, UTF-8 (character set 76): the first sheet, the
    # user's Actions, as typed.
    text = (
        convert(refreshed, "csv:Text - txt - csv (StarCalc):44,34,76,1", tmp_path / "csv")
        .read_bytes()
        .decode("utf-8")
    )
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == HEADERS
    assert len([r for r in rows[1:] if any(r)]) == 40
    assert rows[18][7] == CYRILLIC_ES and rows[24][7] == ""


@pytest.mark.libreoffice
def test_libreoffice_recalculates_the_tracker_to_the_numbers_ragbook_stored(refreshed, tmp_path):
    formulas = tracker_formulas(refreshed)
    # The Tracker has live formulas: the on-track percentage, changes between periods, totals.
    assert any(f.startswith("=IF(") for f in formulas.values())
    assert sum(f.startswith("=SUM(") for f in formulas.values()) >= 8
    assert any(re.fullmatch(r"=[A-Z]+\d+-[A-Z]+\d+", f) for f in formulas.values())
    recalculated = convert(refreshed, "xlsx", tmp_path / "recalc", recalc=True)
    stored = numeric_cells(refreshed, "Tracker")
    again = numeric_cells(recalculated, "Tracker")
    assert set(formulas) <= set(stored)  # every formula has a stored value
    assert set(again) == set(stored)
    for ref, value in stored.items():
        assert again[ref] == pytest.approx(value, abs=1e-9), (ref, formulas.get(ref))


@pytest.mark.libreoffice
def test_recalculation_really_happens(refreshed, tmp_path):
    """Guard for the test above: a wrong cached value is corrected by LibreOffice."""
    formulas = tracker_formulas(refreshed)
    target = next(ref for ref, f in formulas.items() if f.startswith("=SUM("))
    good = numeric_cells(refreshed, "Tracker")[target]
    pkg = entries(refreshed)
    part = next(s["part"] for s in PackageView(pkg).sheets if s["name"] == "Tracker")
    sheet = pkg[part].decode()
    cell = re.search(rf'<c r="{target}"[^>]*>.*?</c>', sheet).group(0)
    wrong = re.sub(r"<v>[^<]*</v>", "<v>999</v>", cell)
    assert wrong != cell
    pkg[part] = sheet.replace(cell, wrong).encode()
    tampered = tmp_path / "tampered.xlsx"
    with zipfile.ZipFile(tampered, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in pkg.items():
            z.writestr(name, data)
    assert numeric_cells(tampered, "Tracker")[target] == 999
    fixed = convert(tampered, "xlsx", tmp_path / "recalc", recalc=True)
    assert numeric_cells(fixed, "Tracker")[target] == good


@pytest.mark.libreoffice
def test_every_owned_sheet_survives_the_libreoffice_round_trip(refreshed, tmp_path):
    round_trip = convert(refreshed, "xlsx", tmp_path / "xlsx")
    before = openpyxl.load_workbook(refreshed, data_only=True)
    after = openpyxl.load_workbook(round_trip, data_only=True)
    assert after.sheetnames == before.sheetnames
    for name in OWNED:
        # Same text and numbers in every cell (dates and times compared as they are).
        mine = {
            c.coordinate: c.value
            for row in before[name].iter_rows()
            for c in row
            if c.value is not None and not (isinstance(c.value, str) and c.value.startswith("="))
        }
        assert mine, name
        for ref, value in mine.items():
            theirs = after[name][ref].value
            if isinstance(value, (int, float)):
                assert theirs == pytest.approx(value, abs=1e-9), (name, ref)
            else:
                assert theirs == value, (name, ref)
