"""The xlsxwriter renderer: a SheetSpec as a workbook of its own."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime

import openpyxl

from ragbook.xlsx.render import render_workbook
from ragbook.xlsx.spec import Cell, SheetSpec, Style, Validation

TEXT_INPUT = Style(fill="FFF2CC", num_fmt="@", wrap=True, locked=False)


def specs() -> list[SheetSpec]:
    form = SheetSpec("Form", "form", protect=True, freeze=(2, 1), tab_colour="808080")
    form.widths = {1: 9, 2: 40}
    form.heights = {1: 30}
    form.add(Cell("Title", Style(bold=True, size=14)), Cell(None), Cell(3, None, "SUM(C2:C3)"))
    form.add(
        Cell(date(2019, 1, 31), Style(num_fmt="dd/mm/yyyy")),
        Cell("=not a formula"),
        Cell(1),
        Cell(True),
    )
    form.add(Cell("-minus"), Cell(None, TEXT_INPUT), Cell(2.5), Cell("see", link="'Lists'!A1"))
    form.add(Cell("merged", Style(italic=True)))
    form.merges.append("A4:B4")
    form.validations.append(Validation("B2:B3", ("x",), "Pick one", "'Lists'!$A$1:$A$2"))
    lists = SheetSpec(
        "Lists", "lists", rows=[[Cell("Red, or worse")], [Cell("Green")]], state="veryHidden"
    )
    return [form, lists]


def test_values_formulas_styles_and_protection(tmp_path):
    path = tmp_path / "out.xlsx"
    render_workbook(
        specs(),
        str(path),
        properties={"title": "T", "created": datetime(2019, 1, 31)},
        custom={"ragbook lead": "AF"},
    )
    wb = openpyxl.load_workbook(path)
    ws = wb["Form"]
    assert ws["A1"].value == "Title" and ws["A1"].font.b and ws["A1"].font.sz == 14
    assert ws["C1"].value == "=SUM(C2:C3)"
    assert ws["A2"].value == datetime(2019, 1, 31) and ws["A2"].number_format == "dd/mm/yyyy"
    assert ws["B2"].value == "=not a formula" and ws["B2"].data_type == "s"
    assert ws["A3"].value == "-minus" and ws["D2"].value is True and ws["C3"].value == 2.5
    assert ws["B3"].value is None and ws["B3"].protection.locked is False
    assert ws["B3"].fill.fgColor.rgb == "FFFFF2CC" and ws["B3"].number_format == "@"
    assert ws["A1"].protection.locked is True
    assert ws.protection.sheet and not ws.protection.password
    assert ws.protection.formatColumns is False  # False here means "allowed"
    assert ws.freeze_panes == "B3" and ws.column_dimensions["B"].width > 39
    assert ws.row_dimensions[1].height == 30
    assert "A4:B4" in {str(r) for r in ws.merged_cells.ranges} and ws["A4"].value == "merged"
    assert ws["D3"].hyperlink.location == "'Lists'!A1"
    (rule,) = ws.data_validations.dataValidation
    assert rule.formula1 == "'Lists'!$A$1:$A$2" and rule.prompt == "Pick one"
    assert wb["Lists"].sheet_state == "veryHidden" and wb.active.title == "Form"
    assert wb.properties.title == "T"
    assert {p.name: p.value for p in wb.custom_doc_props.props} == {"ragbook lead": "AF"}


def test_formula_cells_carry_their_value_for_previews(tmp_path):
    path = tmp_path / "out.xlsx"
    render_workbook(specs(), str(path))
    wb = openpyxl.load_workbook(path, data_only=True)
    assert wb["Form"]["C1"].value == 3


def test_the_same_sheets_give_the_same_bytes():
    def render() -> bytes:
        buffer = io.BytesIO()
        render_workbook(specs(), buffer, properties={"created": datetime(2019, 1, 31)})
        return buffer.getvalue()

    first = render()
    assert render() == first
    assert zipfile.ZipFile(io.BytesIO(first)).testzip() is None


def test_hyperlinks_stop_at_excels_limit(monkeypatch):
    from ragbook.xlsx import limits

    monkeypatch.setattr(limits, "MAX_HYPERLINKS", 2)
    sheet = SheetSpec("Lead", "leadbook")
    for r in range(1, 5):
        sheet.add(Cell(f"Row {r}", link=f"'Lead'!B{r}"))
    out = io.BytesIO()
    render_workbook([sheet], out)
    ws = openpyxl.load_workbook(out).worksheets[0]
    assert [c.hyperlink is not None for c in ws["A"]] == [True, True, False, False]
    assert [c.value for c in ws["A"]] == ["Row 1", "Row 2", "Row 3", "Row 4"]


def test_a_workbook_is_built_in_memory_without_temporary_files(monkeypatch):
    """Each lead workbook is assembled in memory: no temporary file per part to write
    and delete (a third of split's time on a busy disk, docs/speed.md)."""
    import tempfile

    def no_temporary_files(*args, **kwargs):
        raise AssertionError("render_workbook made a temporary file")

    monkeypatch.setattr(tempfile, "mkstemp", no_temporary_files)
    monkeypatch.setattr(tempfile, "NamedTemporaryFile", no_temporary_files)
    out = io.BytesIO()
    render_workbook([SheetSpec("Actions", "lead", rows=[[Cell("Ref")]])], out)
    assert openpyxl.load_workbook(io.BytesIO(out.getvalue()))["Actions"]["A1"].value == "Ref"
