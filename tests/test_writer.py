"""The package writer: owned sheets in, everything else byte for byte as it was."""

from __future__ import annotations

import re
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from builders import action, write_plan

import ragbook
from ragbook.xlsx.owned import owned_sheets
from ragbook.xlsx.package import open_package

AS_OF = date(2019, 1, 15)
OWNED_PARTS = re.compile(
    r"^(xl/workbook\.xml|xl/_rels/workbook\.xml\.rels|\[Content_Types\]\.xml|"
    r"xl/styles\.xml|xl/calcChain\.xml)$"
)


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {i.filename: z.read(i) for i in z.infolist()}


def refresh(path: Path, as_of: date = AS_OF):
    plan = ragbook.load(path)
    summary = plan.refresh(as_of)
    result = plan.save()
    return summary, result


def sheet_parts_of(path: Path) -> dict[str, str]:
    pkg = open_package(path)
    try:
        return {s.name: s.part for s in pkg.sheets}
    finally:
        pkg.close()


def roles(path: Path) -> dict[str, str]:
    pkg = open_package(path)
    try:
        return {pkg.sheets[i].name: role for i, role in owned_sheets(pkg).items()}
    finally:
        pkg.close()


@pytest.fixture
def plan_file(tmp_path: Path) -> Path:
    rows = [
        action("1.1", lead="AF", due=date(2018, 12, 31), rating="Red", progress="Behind"),
        action("1.2", lead="AF AMD", due=date(2019, 2, 1), rating="Green"),
        action("2.1", lead="SG", due=date(2019, 6, 30), rating="Completed", priority="Priority 2"),
        action("2.2", lead="SG", due="31/11/18", rating="A", priority="Priority 2"),
    ]
    return write_plan(tmp_path / "plan.xlsx", rows)


def test_first_refresh_adds_owned_sheets_after_the_users_and_keeps_every_other_part(plan_file):
    before = parts(plan_file)
    user_sheets = list(sheet_parts_of(plan_file))
    refresh(plan_file)
    after = parts(plan_file)
    names = list(sheet_parts_of(plan_file))
    assert names[: len(user_sheets)] == user_sheets
    assert names[len(user_sheets) :] == ["Tracker", "Exceptions", "AF", "AMD", "SG", "Checks"]
    assert roles(plan_file) == {
        "Tracker": "tracker",
        "Exceptions": "exceptions",
        "AF": "lead:AF",
        "AMD": "lead:AMD",
        "SG": "lead:SG",
        "Checks": "checks",
    }
    for name, data in before.items():
        if not OWNED_PARTS.match(name):
            assert after[name] == data, f"{name} changed"
    # The workbook part still lists the user's sheets exactly as they were.
    for element in re.findall(rb"<sheet [^>]*/>", before["xl/workbook.xml"]):
        assert element in after["xl/workbook.xml"]


def test_second_refresh_replaces_in_place_and_same_input_gives_same_bytes(plan_file):
    refresh(plan_file)
    first = plan_file.read_bytes()
    names_first = list(sheet_parts_of(plan_file))
    refresh(plan_file)
    assert list(sheet_parts_of(plan_file)) == names_first
    assert plan_file.read_bytes() == first


def test_styles_are_appended_once_and_existing_formats_keep_their_index(plan_file):
    before = parts(plan_file)["xl/styles.xml"].decode()
    refresh(plan_file)
    after_first = parts(plan_file)["xl/styles.xml"].decode()
    refresh(plan_file)
    after_second = parts(plan_file)["xl/styles.xml"].decode()
    assert after_second == after_first
    for block in ("cellXfs", "fonts", "fills", "borders"):
        old = re.search(rf"<{block}[^>]*>(.*?)</{block}>", before, re.S).group(1)
        new = re.search(rf"<{block}[^>]*>(.*?)</{block}>", after_first, re.S).group(1)
        assert new.startswith(old), block
        count = int(re.search(rf'<{block} count="(\d+)"', after_first).group(1))
        assert count == len(re.findall(rf"<{block[:-1] if block != 'cellXfs' else 'xf'}\b", new)), (
            block
        )


def test_a_renamed_owned_sheet_is_still_recognised_and_keeps_its_name(plan_file, tmp_path):
    refresh(plan_file)
    data = parts(plan_file)
    wb = data["xl/workbook.xml"].replace(b'name="Tracker"', b'name="Board tracker"')
    rewritten = tmp_path / "renamed.xlsx"
    with (
        zipfile.ZipFile(plan_file) as src,
        zipfile.ZipFile(rewritten, "w", zipfile.ZIP_DEFLATED) as z,
    ):
        for info in src.infolist():
            z.writestr(info, wb if info.filename == "xl/workbook.xml" else src.read(info))
    refresh(rewritten)
    names = list(sheet_parts_of(rewritten))
    assert "Board tracker" in names and "Tracker" not in names
    assert roles(rewritten)["Board tracker"] == "tracker"
    assert len(names) == len(list(sheet_parts_of(plan_file)))


def test_a_user_sheet_called_tracker_is_left_alone(tmp_path):
    path = write_plan(
        tmp_path / "plan.xlsx",
        [action("1.1")],
        extra_sheets={"Tracker": [["My own tracker notes"], [42]]},
    )
    before = parts(path)
    refresh(path)
    names = list(sheet_parts_of(path))
    assert names.count("Tracker") == 1 and "Tracker (2)" in names
    assert roles(path)["Tracker (2)"] == "tracker"
    user_tracker = sheet_parts_of(path)["Tracker"]
    assert parts(path)[user_tracker] == before[user_tracker]
    refresh(path)
    assert list(sheet_parts_of(path)) == names


def test_a_lead_with_no_actions_left_loses_their_sheet_and_names_are_renumbered(tmp_path):
    path = write_plan(
        tmp_path / "plan.xlsx",
        [action("1.1", lead="AF"), action("1.2", lead="SG")],
        extra_sheets={"Notes": [["after the plan sheets"]]},
    )
    # The owner's own print area on a sheet that sits after ragbook's sheets.
    wb = openpyxl.load_workbook(path)
    wb["Notes"].print_area = "A1:B5"
    wb.save(path)
    refresh(path)
    assert "SG" in sheet_parts_of(path)
    wb = openpyxl.load_workbook(path)
    ws = wb["Actions"]
    ws["D3"] = "AF"  # 1.2 now belongs to AF; SG has nothing
    wb.save(path)
    refresh(path)
    names = list(sheet_parts_of(path))
    assert "SG" not in names and "AF" in names
    text = parts(path)["xl/workbook.xml"].decode()
    notes_index = names.index("Notes")
    area = re.search(r'<definedName name="_xlnm.Print_Area" localSheetId="(\d+)"', text)
    assert area and int(area.group(1)) == notes_index
    for m in re.finditer(r'<definedName name="_ragbook" localSheetId="(\d+)"[^>]*>([^<]*)<', text):
        assert names[int(m.group(1))] in {"Tracker", "Exceptions", "AF", "Checks"}


def rewrite_part(path: Path, name: str, edit) -> None:
    data = parts(path)
    data[name] = edit(data[name])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for part, content in data.items():
            z.writestr(part, content)


def test_the_active_tab_keeps_pointing_at_the_same_sheet(tmp_path):
    path = write_plan(tmp_path / "plan.xlsx", [action("1.1", lead="AF"), action("1.2", lead="SG")])
    refresh(path)
    names = list(sheet_parts_of(path))
    checks = names.index("Checks")
    rewrite_part(
        path,
        "xl/workbook.xml",
        lambda b: re.sub(rb'activeTab="\d+"', f'activeTab="{checks}"'.encode(), b),
    )
    wb = openpyxl.load_workbook(path)
    wb["Actions"]["D3"] = "AF"  # SG loses their only action, so their sheet goes
    wb.active = checks
    wb.save(path)
    refresh(path)
    names = list(sheet_parts_of(path))
    assert "SG" not in names
    text = parts(path)["xl/workbook.xml"].decode()
    assert re.search(r'activeTab="(\d+)"', text).group(1) == str(names.index("Checks"))
    checks_part = sheet_parts_of(path)["Checks"]
    assert b'tabSelected="1"' in parts(path)[checks_part]


def test_calc_chain_loses_only_cells_of_rebuilt_sheets(plan_file, tmp_path):
    refresh(plan_file)
    data = parts(plan_file)
    pkg = open_package(plan_file)
    tracker_id = next(s.sheet_id for s in pkg.sheets if s.name == "Tracker")
    actions_id = next(s.sheet_id for s in pkg.sheets if s.name == "Actions")
    pkg.close()
    chain = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<calcChain '
        f'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<c r="B6" i="{tracker_id}"/><c r="C6"/><c r="H2" i="{actions_id}"/><c r="H3"/>'
        f"</calcChain>"
    ).encode()
    rels = data["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>",
        b'<Relationship Id="rId999" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/calcChain" Target="calcChain.xml"/></Relationships>',
    )
    types = data["[Content_Types].xml"].replace(
        b"</Types>",
        b'<Override PartName="/xl/calcChain.xml" ContentType="application/vnd.'
        b'openxmlformats-officedocument.spreadsheetml.calcChain+xml"/></Types>',
    )
    with_chain = tmp_path / "chain.xlsx"
    with zipfile.ZipFile(with_chain, "w", zipfile.ZIP_DEFLATED) as z:
        for name, content in data.items():
            z.writestr(
                name,
                {"xl/_rels/workbook.xml.rels": rels, "[Content_Types].xml": types}.get(
                    name, content
                ),
            )
        z.writestr("xl/calcChain.xml", chain)
    refresh(with_chain)
    kept = parts(with_chain)["xl/calcChain.xml"].decode()
    assert f'<c r="H2" i="{actions_id}"/><c i="{actions_id}" r="H3"/></calcChain>' in kept
    assert f'i="{tracker_id}"' not in kept and 'r="B6"' not in kept and 'r="C6"' not in kept


def test_dates_on_owned_sheets_follow_the_1904_date_system(tmp_path):
    path = write_plan(tmp_path / "plan.xlsx", [action("1.1", due=date(2018, 12, 31), rating="Red")])
    wb = openpyxl.load_workbook(path)
    wb.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904
    wb.save(path)
    refresh(path)
    wb = openpyxl.load_workbook(path)
    assert wb.epoch == openpyxl.utils.datetime.CALENDAR_MAC_1904
    ws = wb["Exceptions"]
    due = next(row[3].value for row in ws.iter_rows(min_row=5) if row[0].value == "1.1")
    assert due.date() == date(2018, 12, 31)


@pytest.mark.parametrize(
    "lead, expected",
    [
        ("Director: Quality/Performance", "Director  Quality Performance"),
        ("A" * 40, "A" * 31),
        ("History", "History (plan)"),
        ("'Quoted'", "Quoted"),
    ],
)
def test_lead_sheet_names_are_valid_in_excel(tmp_path, lead, expected):
    leads = [(lead, "Made-up lead", "Role", "lead@example.org")]
    path = write_plan(tmp_path / "plan.xlsx", [action("1.1", lead=lead)], leads=leads)
    refresh(path)
    names = list(sheet_parts_of(path))
    wanted = " ".join(expected.split())
    assert wanted in names
    assert openpyxl.load_workbook(path)[wanted]["A1"].value.endswith(": actions")


def test_two_long_lead_names_that_truncate_alike_get_unique_sheets(tmp_path):
    a, b = "Service Manager - Children in Care North", "Service Manager - Children in Care South"
    leads = [(a, a, "Role", "a@example.org"), (b, b, "Role", "b@example.org")]
    path = write_plan(
        tmp_path / "plan.xlsx", [action("1.1", lead=a), action("1.2", lead=b)], leads=leads
    )
    refresh(path)
    names = list(sheet_parts_of(path))
    lead_names = [n for n in names if n.startswith("Service Manager")]
    assert len(lead_names) == 2 and len({n.lower() for n in lead_names}) == 2
    assert all(len(n) <= 31 for n in lead_names)


def test_refresh_owned_sheets_show_the_numbers(plan_file):
    _summary, _ = refresh(plan_file)
    wb = openpyxl.load_workbook(plan_file)
    tracker = wb["Tracker"]
    values = {row[0].value: row[1].value for row in tracker.iter_rows(min_row=1, max_col=2)}
    assert values["Actions"] == 4
    assert values["Overdue"] == 1  # 1.1 (2.2's date is impossible, so it has none)
    assert values["On track or completed"] == 2
    exceptions = wb["Exceptions"]
    refs = [row[0].value for row in exceptions.iter_rows(min_row=5) if row[0].value]
    assert refs == ["1.1", "2.2"]
    checks = wb["Checks"]
    found = [(r[0].value, r[1].value) for r in checks.iter_rows(min_row=5) if r[0].value]
    assert ("Actions", "E5") in found
    link = next(r[1].hyperlink for r in checks.iter_rows(min_row=5) if r[1].value == "E5")
    assert link.location == "'Actions'!E5"


def test_a_new_sheet_can_be_hidden_and_a_drop_down_can_list_cells(plan_file, tmp_path):
    from ragbook.xlsx.spec import Cell, SheetSpec, Validation
    from ragbook.xlsx.writer import write_sheets

    lists = SheetSpec(
        "Lists", "lists", rows=[[Cell("Red, or worse")], [Cell("Green")]], state="veryHidden"
    )
    form = SheetSpec(
        "Form",
        "form",
        rows=[[Cell("Pick")]],
        validations=[Validation("A2:A3", ("unused",), "Choose", source="'Lists'!$A$1:$A$2")],
    )
    out = tmp_path / "out.xlsx"
    pkg = open_package(plan_file)
    with open(out, "wb") as fh:
        write_sheets(pkg, [lists, form], fh)
    pkg.close()
    wb = openpyxl.load_workbook(out)
    assert wb["Lists"].sheet_state == "veryHidden" and wb["Form"].sheet_state == "visible"
    (rule,) = wb["Form"].data_validations.dataValidation
    assert rule.formula1 == "'Lists'!$A$1:$A$2" and str(rule.sqref) == "A2:A3"


def write_with_marks(path: Path, out: Path, marks: dict[str, str]) -> None:
    from ragbook.xlsx.writer import write_sheets

    pkg = open_package(path)
    try:
        with open(out, "wb") as fh:
            write_sheets(pkg, [], fh, marks=marks)
    finally:
        pkg.close()


def workbook_names(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as z:
        return re.findall(
            r"<definedName\b[^>]*>[^<]*</definedName>", z.read("xl/workbook.xml").decode()
        )


def test_marks_are_hidden_workbook_names_set_replaced_and_read_back(plan_file, tmp_path):
    from ragbook.xlsx.owned import workbook_marks

    wb = openpyxl.load_workbook(plan_file)
    wb.defined_names["OwnersTotal"] = openpyxl.workbook.defined_name.DefinedName(
        "OwnersTotal", attr_text="Actions!$A$1"
    )
    wb.save(plan_file)
    first, second = tmp_path / "first.xlsx", tmp_path / "second.xlsx"
    write_with_marks(plan_file, first, {"plan": 'ab"12', "scale": "reading5"})
    assert '<definedName name="_ragbook_plan" hidden="1">"ab""12"</definedName>' in workbook_names(
        first
    )
    write_with_marks(first, second, {"scale": "rag4"})
    names = workbook_names(second)
    assert '<definedName name="_ragbook_scale" hidden="1">"rag4"</definedName>' in names
    assert sum("_ragbook_scale" in n for n in names) == 1
    assert any("OwnersTotal" in n and "Actions!$A$1" in n for n in names)
    pkg = open_package(second)
    try:
        assert workbook_marks(pkg) == {"plan": 'ab"12', "scale": "rag4"}
    finally:
        pkg.close()


def test_a_mark_key_that_is_not_a_plain_name_is_refused():
    from ragbook.xlsx.owned import mark_name

    assert mark_name("Plan") == "_ragbook_plan"
    with pytest.raises(ValueError):
        mark_name("plan id")


# -- parts Excel would repair: content types, names, the workbook view, styles -----------


def test_a_stale_content_type_override_does_not_make_a_part_declared_twice(tmp_path):
    """Other tools leave <Override> for parts they removed; a new sheet must not take the name."""
    path = write_plan(tmp_path / "plan.xlsx", [action("1.1")])
    stale = (
        b'<Override PartName="/xl/worksheets/sheet4.xml" ContentType="application/vnd.'
        b'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    )
    rewrite_part(path, "[Content_Types].xml", lambda b: b.replace(b"</Types>", stale + b"</Types>"))
    refresh(path)
    types = parts(path)["[Content_Types].xml"].decode()
    declared = re.findall(r'PartName="([^"]+)"', types)
    assert len(declared) == len(set(declared))
    for part in sheet_parts_of(path).values():
        assert declared.count("/" + part) == 1
    assert "/xl/worksheets/sheet4.xml" in declared  # the owner's stale entry is left as it was


def names_of(path: Path) -> dict[tuple[str, str | None], str]:
    text = parts(path)["xl/workbook.xml"].decode()
    out = {}
    for m in re.finditer(r"<definedName ([^>]*)>([^<]*)</definedName>", text):
        name = re.search(r'name="([^"]+)"', m.group(1)).group(1)
        local = re.search(r'localSheetId="(\d+)"', m.group(1))
        out[(name, local.group(1) if local else None)] = m.group(2)
    return out


def test_names_pointing_at_a_retired_lead_sheet_become_ref_errors_and_no_others(tmp_path):
    from openpyxl.workbook.defined_name import DefinedName

    leads = [
        ("F", "Head of Finance", "Role", "f@example.org"),
        ("AF", "Head of Early Help", "Role", "af@example.org"),
    ]
    path = write_plan(
        tmp_path / "plan.xlsx",
        [action("1.1", lead="F"), action("1.2", lead="AF")],
        leads=leads,
        extra_sheets={"Notes": [["the owner's notes"]]},
    )
    refresh(path)
    wb = openpyxl.load_workbook(path)
    wb.defined_names["AFTop"] = DefinedName("AFTop", attr_text="AF!$A$1")
    wb.defined_names["FTop"] = DefinedName("FTop", attr_text="F!$A$1")
    wb.defined_names["Both"] = DefinedName("Both", attr_text="SUM(F!$A$1,'AF'!$B$2)")
    wb["Notes"].defined_names["FLocal"] = DefinedName("FLocal", attr_text="'F'!$B$2")
    wb["Notes"].defined_names["AFLocal"] = DefinedName("AFLocal", attr_text="AF!$B$2")
    wb["Actions"]["D2"] = "AF"  # F has no action left: the F sheet is retired
    wb.save(path)
    refresh(path)
    sheets = list(sheet_parts_of(path))
    assert "F" not in sheets and "AF" in sheets
    notes = str(sheets.index("Notes"))
    found = names_of(path)
    assert found[("AFTop", None)] == "AF!$A$1"  # was destroyed: 'F!' matched inside 'AF!'
    assert found[("FTop", None)] == "#REF!"
    assert found[("Both", None)] == "#REF!"
    assert found[("FLocal", notes)] == "#REF!"  # was left pointing at a sheet that is gone
    assert found[("AFLocal", notes)] == "AF!$B$2"


def workbook_view(path: Path) -> dict[str, int]:
    text = parts(path)["xl/workbook.xml"].decode()
    view = re.search(r"<workbookView\b[^>]*>", text).group(0)
    return {k: int(v) for k, v in re.findall(r'\b(activeTab|firstSheet)="(\d+)"', view)}


def test_the_view_never_points_past_the_last_sheet_or_at_a_hidden_one(tmp_path):
    path = write_plan(tmp_path / "plan.xlsx", [action("1.1", lead="AF"), action("1.2", lead="SG")])
    wb = openpyxl.load_workbook(path)
    wb.create_sheet("Lists", 0).sheet_state = "hidden"  # drop-down lists, hidden, first
    wb.save(path)
    refresh(path)
    wb = openpyxl.load_workbook(path)
    wb.move_sheet("SG", offset=len(wb.sheetnames) - 1 - wb.sheetnames.index("SG"))  # SG last
    last = len(wb.sheetnames) - 1
    assert wb.sheetnames[last] == "SG"
    wb.active = last
    wb["Actions"]["D3"] = "AF"  # SG has nothing left: its sheet, the last one, goes
    wb.save(path)
    rewrite_part(
        path,
        "xl/workbook.xml",
        lambda b: re.sub(rb'firstSheet="\d+"', f'firstSheet="{last}"'.encode(), b),
    )
    assert workbook_view(path) == {"activeTab": last, "firstSheet": last}
    refresh(path)
    names = list(sheet_parts_of(path))
    assert "SG" not in names
    view = workbook_view(path)
    for attr in ("activeTab", "firstSheet"):
        assert 0 <= view[attr] < len(names)
        assert names[view[attr]] != "Lists"  # a hidden sheet cannot be the active one
    assert names[view["activeTab"]] == names[-1]


def test_a_lead_coded_like_ragbooks_own_sheets_does_not_take_their_names(tmp_path):
    leads = [
        ("Checks", "Checks team", "Role", "checks@example.org"),
        ("Exceptions", "Exceptions panel", "Role", "x@example.org"),
    ]
    path = write_plan(
        tmp_path / "plan.xlsx",
        [action("1.1", lead="Checks"), action("1.2", lead="Exceptions")],
        leads=leads,
    )
    refresh(path)
    found = roles(path)
    assert found["Checks"] == "checks" and found["Exceptions"] == "exceptions"
    assert found["Checks (2)"] == "lead:Checks" and found["Exceptions (2)"] == "lead:Exceptions"


def test_a_self_closing_stylesheet_gets_default_formats_first(tmp_path):
    """POI writes <styleSheet/> with nothing in it (47889.xlsx)."""
    path = write_plan(tmp_path / "plan.xlsx", [action("1.1", due=date(2018, 12, 1), rating="Red")])
    empty = (
        b'<?xml version="1.0" encoding="UTF-8"?>\n<styleSheet xmlns="http://schemas.'
        b'openxmlformats.org/spreadsheetml/2006/main"/>'
    )
    rewrite_part(path, "xl/styles.xml", lambda b: empty)
    refresh(path)
    styles = parts(path)["xl/styles.xml"].decode()
    first_xf = re.search(r"<cellXfs[^>]*><xf ([^>]*)/?>", styles).group(1)
    assert 'numFmtId="0" fontId="0" fillId="0" borderId="0"' in first_xf
    assert re.search(
        r'<fills count="\d+"><fill><patternFill patternType="none"/></fill><fill>'
        r'<patternFill patternType="gray125"/>',
        styles,
    )
    wb = openpyxl.load_workbook(path)
    assert wb["Tracker"]["A1"].font.b  # ragbook's own formats are there, after the defaults
    assert not wb["Actions"]["A1"].font.b
