"""ragbook.read.sheet_key: the RAG key typed above the table, read from the seeds' layouts."""

from __future__ import annotations

import openpyxl
import pytest
from council_layouts import build_reading, build_telford, build_west_berkshire
from openpyxl.styles import PatternFill

from ragbook.read.sheet_key import find_key, scale_from_key
from ragbook.read.workbook import WorkbookReader
from ragbook.xlsx.package import open_package


def key_of(path, sheet, header_row):
    pkg = open_package(path)
    try:
        wb = WorkbookReader.open(pkg)
        cells = wb.cells(next(s for s in pkg.sheets if s.name == sheet))
        return find_key(cells, header_row, wb.styles.fills)
    finally:
        pkg.close()


@pytest.mark.parametrize(
    "build, title, rows, labels",
    [
        # seed 004: "STATUS RAG RATING", a filled cell beside each status
        (
            build_telford,
            "A5",
            (6, 9),
            [
                "Complete",
                "In progress and on schedule",
                "In progress but behind schedule",
                "Overdue",
            ],
        ),
        # seed 000: "RAG RATING", each label in a cell filled in its colour, the meaning beside it
        (
            build_reading,
            "A14",
            (15, 19),
            ["RED", "AMBER", "LIGHT GREEN", "DARK GREEN", "COMPLETED"],
        ),
        (build_west_berkshire, "A5", (6, 9), ["Red", "Amber", "Green", "Completed"]),
    ],
)
def test_the_key_typed_above_the_table(tmp_path, build, title, rows, labels):
    seed = build(tmp_path)
    key = key_of(seed.path, seed.sheet, seed.header_row)
    assert (key.title_cell, key.first_row, key.last_row, key.labels) == (title, *rows, labels)
    assert scale_from_key(key).name == seed.scale


def test_the_key_gives_the_scale_its_colours(tmp_path):
    path = tmp_path / "plan.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = "RAG key"
    for r, (label, rgb) in enumerate(
        [("Red", "C00000"), ("Amber", "FFFF00"), ("Green", "92D050"), ("Blue", "00B0F0")], start=2
    ):
        ws.cell(r, 1, label).fill = PatternFill("solid", fgColor="FF" + rgb)
    ws["A8"] = "Ref"
    wb.save(path)
    key = key_of(path, "Sheet", 8)
    assert key.labels == ["Red", "Amber", "Green", "Blue"]
    # "Blue" is no rag4 label, and the key gives no colour word a meaning by itself.
    assert scale_from_key(key) is None
    ws["A5"] = "Completed"
    wb.save(path)
    scale = scale_from_key(key_of(path, "Sheet", 8))
    assert [(r.label, r.colour) for r in scale.ratings] == [
        ("Red", "C00000"),
        ("Amber", "FFFF00"),
        ("Green", "92D050"),
        ("Completed", "00B0F0"),
    ]
    assert scale.find("blue").label == "Completed"


def test_no_key_without_a_title_or_colours(tmp_path):
    path = tmp_path / "plan.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"], ws["A2"], ws["A3"] = "RAG rating", "Red", "Green"  # typed, but not filled
    ws["A5"] = "Ref"
    wb.save(path)
    assert key_of(path, "Sheet", 5) is None
