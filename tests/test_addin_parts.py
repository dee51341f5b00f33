"""The text edits made to the add-in template's parts."""

from __future__ import annotations

import zipfile

import pytest

from ragbook.addin import parts
from ragbook.addin.xlwings_template import find_template

SST = (
    '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="2" '
    'uniqueCount="2"><si><t>Interpreter_Win</t></si><si><t>Show Console</t></si></sst>'
)
SHEET = (
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac"><sheetData>'
    '<row r="1" spans="1:1"><c r="A1" s="1" t="s"><v>0</v></c></row>'
    '<row r="2" spans="1:2"><c r="A2" s="1" t="s"><v>1</v></c>'
    '<c r="B2" s="1" t="b"><v>0</v></c></row>'
    '<row r="5"><c r="A5" s="2"/></row></sheetData></worksheet>'
)


def template_text(name: str) -> str:
    with zipfile.ZipFile(find_template().path) as package:
        return package.read(name).decode("utf-8")


def test_a_value_goes_into_column_b_beside_its_setting_whatever_its_case():
    out = parts.set_config(SHEET, SST, {"INTERPRETER_WIN": r"C:\py\python.exe"})
    assert (
        '<row r="1" spans="1:2"><c r="A1" s="1" t="s"><v>0</v></c>'
        '<c r="B1" s="1" t="inlineStr"><is><t>C:\\py\\python.exe</t></is></c></row>'
    ) in out
    assert 'xmlns:x14ac="' in out  # untouched namespace declarations


def test_a_value_already_there_is_replaced():
    out = parts.set_config(SHEET, SST, {"Show Console": "true"})
    assert out.count('r="B2"') == 1
    assert '<c r="B2" s="1" t="inlineStr"><is><t>true</t></is></c></row>' in out


def test_a_new_setting_goes_right_below_the_last_so_the_vba_sees_it():
    out = parts.set_config(SHEET, SST, {"ADD_WORKBOOK_TO_PYTHONPATH": "false"})
    assert (
        '<row r="3" spans="1:2"><c r="A3" s="1" t="inlineStr"><is><t>ADD_WORKBOOK_TO_PYTHONPATH'
        '</t></is></c><c r="B3" s="1" t="inlineStr"><is><t>false</t></is></c></row>'
        '<row r="5">'
    ) in out


def test_values_are_escaped_and_spaces_kept():
    out = parts.set_config(SHEET, SST, {"Interpreter_Win": " R&D <py> "})
    assert '<t xml:space="preserve"> R&amp;D &lt;py&gt; </t>' in out


def test_settings_with_a_gap_are_refused():
    gappy = SHEET.replace('r="2"', 'r="3"').replace('r="A2"', 'r="A3"').replace('r="B2"', 'r="B3"')
    with pytest.raises(parts.TemplateChanged, match="without a gap"):
        parts.set_config(gappy, SST, {"x": "y"})


def test_the_config_sheet_is_switched_on_by_dropping_the_underscore():
    workbook = template_text("xl/workbook.xml")
    out = parts.switch_on_config_sheet(workbook)
    assert out == workbook.replace('name="_myaddin.conf"', 'name="myaddin.conf"')
    with pytest.raises(parts.TemplateChanged, match=r"_myaddin.conf"):
        parts.switch_on_config_sheet(out)


def test_the_templates_settings_sheet_lists_the_keys_the_vba_reads():
    rows = parts.config_rows(
        template_text("xl/worksheets/sheet1.xml"), template_text("xl/sharedStrings.xml")
    )
    assert rows["INTERPRETER_WIN"] == 1 and rows["INTERPRETER_MAC"] == 2
    assert sorted(rows.values()) == list(range(1, len(rows) + 1))


def test_title_and_description_are_set_for_excels_add_ins_dialog():
    core = template_text("docProps/core.xml")
    out = parts.set_core_properties(core, "ragbook", "R&D tab")
    assert "<dc:title>ragbook</dc:title>" in out
    assert "<dc:description>R&amp;D tab</dc:description>" in out
    assert (
        out.replace("<dc:title>ragbook</dc:title>", "<dc:title />").replace(
            "<dc:description>R&amp;D tab</dc:description>", "<dc:description />"
        )
        == core
    )


def test_the_custom_properties_part_is_declared_with_a_new_relationship_id():
    types, rels = parts.add_custom_properties_part(
        template_text("[Content_Types].xml"), template_text("_rels/.rels")
    )
    assert (
        '<Override PartName="/docProps/custom.xml" ContentType="application/vnd.'
        'openxmlformats-officedocument.custom-properties+xml" /></Types>'
    ) in types
    assert 'Id="rId5"' in rels and 'Target="docProps/custom.xml" /></Relationships>' in rels
    with pytest.raises(parts.TemplateChanged, match="already has"):
        parts.add_custom_properties_part(types, rels)


def test_the_ribbon_keeps_the_templates_callback():
    assert f'onAction="{parts.CALLBACK}"' in parts.ribbon()
    assert 'onAction="RibbonMyAddin.RunMain"' in template_text("customUI/customUI.xml")
