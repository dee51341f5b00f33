"""The owner's cells that are exactly one of ragbook's figures (xlsx/cached.py)."""

from __future__ import annotations

from ragbook.xlsx.cached import exact_value, set_cached
from ragbook.xlsx.spec import Cell, SheetSpec

TRACKER = SheetSpec(
    "Tracker",
    "tracker",
    rows=[[Cell("Actions"), Cell(6)], [Cell("Pct"), Cell(0.5)], [Cell("As of"), Cell("text")]],
)
SHEETS = {"tracker": TRACKER}
NAMES = {"rag_actions": (TRACKER, "B1"), "rag_asof": (TRACKER, "B3")}


def test_exactly_one_name_or_one_owned_cell_has_a_value_anything_else_none():
    assert exact_value("RAG_Actions", SHEETS, NAMES) == 6
    assert exact_value("rag_actions", SHEETS, NAMES) == 6
    assert exact_value("Tracker!$B$2", SHEETS, NAMES) == 0.5
    assert exact_value("'Tracker'!B1", SHEETS, NAMES) == 6
    assert exact_value("RAG_Actions+1", SHEETS, NAMES) is None
    assert exact_value("RAG_AsOf", SHEETS, NAMES) is None  # text: left to recalculation
    assert exact_value("Tracker!B9", SHEETS, NAMES) is None  # blank
    assert exact_value("Other!B1", SHEETS, NAMES) is None
    assert exact_value("RAG_Mine", SHEETS, NAMES) is None


def test_only_the_cells_v_changes():
    xml = (
        b'<worksheet><sheetData><row r="1"><c r="E1"/><c r="A1" s="3"><f>RAG_Actions</f><v>4</v></c>'
        b'<c r="B1"><f>Tracker!B2</f></c><c r="C1" t="str"><f>RAG_Actions</f><v>x</v></c>'
        b'<c r="D1"><v>4</v></c></row></sheetData></worksheet>'
    )
    assert set_cached(xml, {"A1": 6, "B1": 0.5, "C1": 6, "D1": 6, "E1": 6, "Z9": 1}) == (
        b'<worksheet><sheetData><row r="1"><c r="E1"/><c r="A1" s="3"><f>RAG_Actions</f><v>6</v></c>'
        b'<c r="B1"><f>Tracker!B2</f><v>0.5</v></c><c r="C1" t="str"><f>RAG_Actions</f><v>x</v></c>'
        b'<c r="D1"><v>4</v></c></row></sheetData></worksheet>'
    )
