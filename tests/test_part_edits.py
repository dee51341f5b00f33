"""Exact-output tests of the edits to workbook.xml, its rels and [Content_Types].xml.

As XlsxWriter tests each XML writer: a small part as another program wrote it,
one change, and the exact text expected. Whatever the change does not name
(unknown attributes, extension lists, namespace prefixes, order) must come back
character for character.
"""

from __future__ import annotations

import pytest

from ragbook.xlsx.package import NS_REL
from ragbook.xlsx.part_edits import (
    declared_parts,
    defined_name_elements,
    edit_content_types,
    edit_rels,
    figure_element,
    kept_names,
    mark_element,
    move_view,
    new_position,
    new_sheet,
    owned_sheet_names,
    relationship_prefix,
    rename_sheet,
    replace_defined_names,
    replace_sheet_elements,
    sheet_elements,
    view_attr,
)
from ragbook.xlsx.spec import SheetSpec

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
CT_SHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
REL_SHEET = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"

# A workbook part as Excel writes it, with an extension list, an mc:Ignorable
# namespace and an attribute ragbook has never heard of.
WORKBOOK = (
    f'<workbook xmlns="{MAIN}" xmlns:r="{NS_REL}" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'mc:Ignorable="x15" xmlns:x15="http://schemas.microsoft.com/office/spreadsheetml/2010/11/main">'
    '<bookViews><workbookView xWindow="0" activeTab="2" firstSheet="1"/></bookViews>'
    "<sheets>"
    '<sheet name="Plan" sheetId="1" r:id="rId1" x15:future="yes"/>'
    '<sheet name="Tracker" sheetId="2" r:id="rId2"/>'
    '<sheet name="Lead AF" sheetId="4" state="hidden" r:id="rId3"/>'
    "</sheets>"
    "<definedNames>"
    '<definedName name="Budget" comment="owner&apos;s">Plan!$B$2</definedName>'
    '<definedName name="_ragbook" localSheetId="1" hidden="1">"tracker"</definedName>'
    '<definedName name="_xlnm.Print_Titles" localSheetId="1">Tracker!$1:$3</definedName>'
    '<definedName name="_ragbook" localSheetId="2" hidden="1">"lead:AF"</definedName>'
    "<definedName name=\"LeadTotal\">'Lead AF'!$C$9</definedName>"
    '<definedName name="_ragbook_plan" hidden="1">"0123"</definedName>'
    '<definedName name="PlanLocal" localSheetId="0">Plan!$A$1</definedName>'
    "</definedNames>"
    '<calcPr calcId="191029"/>'
    '<extLst><ext uri="{140A7094-0E35-4892-8432-C4D2E57EDEB5}">'
    '<x15:workbookPr chartTrackingRefBase="1"/></ext></extLst>'
    "</workbook>"
)


def test_sheet_elements_are_as_written():
    assert sheet_elements(WORKBOOK) == [
        '<sheet name="Plan" sheetId="1" r:id="rId1" x15:future="yes"/>',
        '<sheet name="Tracker" sheetId="2" r:id="rId2"/>',
        '<sheet name="Lead AF" sheetId="4" state="hidden" r:id="rId3"/>',
    ]
    assert sheet_elements(f'<workbook xmlns="{MAIN}"><bookViews/></workbook>') is None


def test_adding_a_sheet_keeps_the_others_and_the_rest_of_the_part():
    elements = sheet_elements(WORKBOOK)
    added = new_sheet("", relationship_prefix(WORKBOOK), "Checks", 5, "rId7", "visible")
    assert added == '<sheet name="Checks" sheetId="5" r:id="rId7"/>'
    out = replace_sheet_elements(WORKBOOK, [*elements, added])
    assert out == WORKBOOK.replace(
        'r:id="rId3"/></sheets>',
        'r:id="rId3"/><sheet name="Checks" sheetId="5" r:id="rId7"/></sheets>',
    )


def test_a_new_sheet_uses_the_owners_prefixes():
    text = (
        '<x:workbook xmlns:x="' + MAIN + '" xmlns:rel="' + NS_REL + '">'
        "<x:sheets><x:sheet name=\"A\" sheetId='1' rel:id='rId1'/></x:sheets></x:workbook>"
    )
    assert relationship_prefix(text) == "rel"
    added = new_sheet("x:", "rel", "Lead <B&C>", 2, "rId2", "hidden")
    assert (
        added == '<x:sheet name="Lead &lt;B&amp;C&gt;" sheetId="2" state="hidden" rel:id="rId2"/>'
    )
    assert replace_sheet_elements(text, [*sheet_elements(text), added]) == (
        '<x:workbook xmlns:x="' + MAIN + '" xmlns:rel="' + NS_REL + '">'
        "<x:sheets><x:sheet name=\"A\" sheetId='1' rel:id='rId1'/>"
        '<x:sheet name="Lead &lt;B&amp;C&gt;" sheetId="2" state="hidden" rel:id="rId2"/>'
        "</x:sheets></x:workbook>"
    )


def test_a_workbook_declaring_no_relationships_prefix_gets_one_on_the_element():
    text = f'<workbook xmlns="{MAIN}"><sheets></sheets></workbook>'
    assert relationship_prefix(text) is None
    assert new_sheet("", None, "Tracker", 1, "rId1", "visible") == (
        f'<sheet name="Tracker" sheetId="1" xmlns:r="{NS_REL}" r:id="rId1"/>'
    )


def test_removing_a_sheet():
    plan, tracker, _lead = sheet_elements(WORKBOOK)
    assert replace_sheet_elements(WORKBOOK, [plan, tracker]) == WORKBOOK.replace(
        '<sheet name="Lead AF" sheetId="4" state="hidden" r:id="rId3"/>', ""
    )


def test_renaming_keeps_every_other_attribute_and_its_quotes():
    assert rename_sheet(
        "<sheet sheetId='2' name='Tracker' x15:future='yes' r:id='rId2'/>", "Tracker & more"
    ) == ("<sheet sheetId='2' name=\"Tracker &amp; more\" x15:future='yes' r:id='rId2'/>")


def test_the_sheet_list_keeps_its_start_tag():
    text = f'<workbook xmlns="{MAIN}"><sheets foo="1"><sheet name="A"/></sheets></workbook>'
    assert replace_sheet_elements(text, []) == (
        f'<workbook xmlns="{MAIN}"><sheets foo="1"></sheets></workbook>'
    )


def test_defined_names_kept_moved_and_dropped():
    elements = defined_name_elements(WORKBOOK)
    assert len(elements) == 7
    # Tracker (old 1) is rebuilt and moves to 2; Lead AF (old 2) is removed; a
    # new sheet is put at 1.
    kept, owner = kept_names(
        elements,
        index_map={0: 0, 1: 2},
        rebuilt={1},
        marks={"_ragbook_plan"},
        ragbooks_sheets={"Tracker", "Lead AF"},
        removed_sheets={"Lead AF"},
    )
    assert kept == [
        '<definedName name="Budget" comment="owner&apos;s">Plan!$B$2</definedName>',
        '<definedName name="LeadTotal">#REF!</definedName>',
        '<definedName name="PlanLocal" localSheetId="0">Plan!$A$1</definedName>',
    ]
    assert owner == {"budget", "leadtotal"}


def test_a_local_name_of_a_sheet_kept_moves_with_it():
    kept, owner = kept_names(
        ["<definedName name='Area' localSheetId='0' extra='x'>Plan!$A$1:$B$2</definedName>"],
        index_map={0: 3},
        rebuilt=set(),
        marks=set(),
        ragbooks_sheets=set(),
        removed_sheets=set(),
    )
    assert kept == [
        "<definedName name='Area' localSheetId=\"3\" extra='x'>Plan!$A$1:$B$2</definedName>"
    ]
    assert owner == set()


def test_ragbooks_names_are_written_afresh():
    spec = SheetSpec(
        "Tracker", "tracker", autofilter="A3:F40", print_title_rows=(1, 3), figures={"x": "B6"}
    )
    assert owned_sheet_names("", 1, spec) == [
        '<definedName name="_ragbook" localSheetId="1" hidden="1">"tracker"</definedName>',
        '<definedName name="_xlnm.Print_Titles" localSheetId="1">\'Tracker\'!$1:$3</definedName>',
        '<definedName name="_xlnm._FilterDatabase" localSheetId="1" hidden="1">'
        "'Tracker'!$A$3:$F$40</definedName>",
    ]
    assert owned_sheet_names("x:", 0, SheetSpec("Lead A&B", 'lead:"A"')) == [
        '<x:definedName name="_ragbook" localSheetId="0" hidden="1">"lead:""A"""</x:definedName>'
    ]
    assert mark_element("", "_ragbook_plan", "ab12") == (
        '<definedName name="_ragbook_plan" hidden="1">"ab12"</definedName>'
    )
    assert figure_element("", "RAG_Overdue", "Lead AF", "B6") == (
        "<definedName name=\"RAG_Overdue\">'Lead AF'!$B$6</definedName>"
    )


def test_replacing_defined_names():
    names = ['<definedName name="A">Plan!$A$1</definedName>']
    assert replace_defined_names(WORKBOOK, names) == (
        WORKBOOK.split("<definedNames>")[0]
        + '<definedNames><definedName name="A">Plan!$A$1</definedName></definedNames>'
        + WORKBOOK.split("</definedNames>")[1]
    )
    # None left: the list goes, rather than an empty <definedNames/>.
    assert replace_defined_names(WORKBOOK, []) == (
        WORKBOOK.split("<definedNames>")[0] + WORKBOOK.split("</definedNames>")[1]
    )


def test_a_new_names_list_goes_after_the_sheets_or_external_references():
    names = ['<definedName name="A">1</definedName>']
    text = f'<workbook xmlns="{MAIN}"><sheets><sheet name="A"/></sheets><calcPr/></workbook>'
    assert replace_defined_names(text, names) == (
        f'<workbook xmlns="{MAIN}"><sheets><sheet name="A"/></sheets>'
        '<definedNames><definedName name="A">1</definedName></definedNames><calcPr/></workbook>'
    )
    text = (
        f'<workbook xmlns="{MAIN}"><sheets/><externalReferences>'
        '<externalReference r:id="rId9"/></externalReferences><calcPr/></workbook>'
    )
    assert replace_defined_names(text, names) == text.replace(
        "</externalReferences>",
        '</externalReferences><definedNames><definedName name="A">1</definedName></definedNames>',
    )
    empty = f'<workbook xmlns="{MAIN}"><sheets/><definedNames/></workbook>'
    assert defined_name_elements(empty) == []
    assert replace_defined_names(empty, []) == f'<workbook xmlns="{MAIN}"><sheets/></workbook>'


def test_the_view_follows_its_sheets():
    assert view_attr(WORKBOOK, "activeTab") == 2
    assert view_attr(WORKBOOK, "firstSheet") == 1
    # The active sheet (old 2) is removed: the sheet before it takes its place;
    # the first tab shown (old 1) moves to 2.
    index_map = {0: 0, 1: 2}
    active = new_position(2, index_map, hidden=set(), count=3)
    assert active == 2
    assert move_view(WORKBOOK, index_map, set(), 3, 2, active) == WORKBOOK.replace(
        'firstSheet="1"', 'firstSheet="2"'
    )
    assert move_view(WORKBOOK, {0: 0, 1: 1, 2: 2}, set(), 3, 2, 0) == WORKBOOK.replace(
        'activeTab="2"', 'activeTab="0"'
    )


def test_a_view_never_lands_on_a_hidden_sheet():
    assert new_position(1, {0: 0, 1: 1, 2: 2}, hidden={1}, count=3) == 0
    assert new_position(5, {0: 0, 1: 1}, hidden=set(), count=2) == 1


RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="' + REL_SHEET + '" Target="worksheets/sheet1.xml"/>'
    "<Relationship Id='rId2' Type='"
    + REL_SHEET
    + "' Target='worksheets/sheet2.xml'></Relationship>"
    '<Relationship Id="rId3" Type="x" Target="https://example.org/" TargetMode="External"/>'
    "</Relationships>"
)


def test_rels_removed_and_added():
    out = edit_rels(RELS, {"rId2"}, [("rId4", REL_SHEET, "xl/worksheets/sheet9.xml")], "xl")
    assert (
        out
        == (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="' + REL_SHEET + '" Target="worksheets/sheet1.xml"/>'
            '<Relationship Id="rId3" Type="x" Target="https://example.org/" TargetMode="External"/>'
            '<Relationship Id="rId4" Type="' + REL_SHEET + '" Target="worksheets/sheet9.xml"/>'
            "</Relationships>"
        ).encode()
    )


def test_rels_with_a_prefix_and_nothing_to_do():
    text = '<p:Relationships xmlns:p="urn:x"><p:Relationship Id="rId1" Target="a.xml"/></p:Relationships>'
    assert edit_rels(text, set(), [], "xl") == text.encode()
    assert edit_rels(text, {"rId1"}, [("rId2", "t", "xl/b & c.xml")], "xl") == (
        b'<p:Relationships xmlns:p="urn:x"><p:Relationship Id="rId2" Type="t" '
        b'Target="b &amp; c.xml"/></p:Relationships>'
    )


CONTENT_TYPES = (
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="wb"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="' + CT_SHEET + '"/>'
    '<Override PartName="/xl/worksheets/Sheet2.xml" ContentType="' + CT_SHEET + '"></Override>'
    '<Override PartName="/xl/comments1.xml" ContentType="c"/>'
    "</Types>"
)


def test_declared_parts():
    assert declared_parts(CONTENT_TYPES) == {
        "xl/workbook.xml",
        "xl/worksheets/sheet1.xml",
        "xl/worksheets/sheet2.xml",
        "xl/comments1.xml",
    }


def test_overrides_removed_and_added():
    out = edit_content_types(
        CONTENT_TYPES,
        {"xl/worksheets/sheet2.xml", "xl/comments1.xml"},
        [("xl/worksheets/sheet3.xml", CT_SHEET)],
    )
    assert (
        out
        == (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="wb"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="' + CT_SHEET + '"/>'
            '<Override PartName="/xl/worksheets/sheet3.xml" ContentType="' + CT_SHEET + '"/>'
            "</Types>"
        ).encode()
    )


def test_an_override_left_for_a_part_now_added_is_replaced_not_doubled():
    out = edit_content_types(CONTENT_TYPES, set(), [("xl/comments1.xml", "new")])
    assert out.count(b"/xl/comments1.xml") == 1
    assert out.endswith(b'<Override PartName="/xl/comments1.xml" ContentType="new"/></Types>')


def test_unchanged_content_types_come_back_as_written():
    assert edit_content_types(CONTENT_TYPES, set(), []) == CONTENT_TYPES.encode()


def test_a_part_written_unexpectedly_is_refused_not_half_edited():
    with pytest.raises(ValueError):
        edit_content_types("<Types/>", set(), [])
    with pytest.raises(ValueError):
        replace_sheet_elements(f'<workbook xmlns="{MAIN}"/>', [])
