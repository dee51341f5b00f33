"""Acceptance test of the write path on real workbooks (tests/corpus).

For each file: add an Actions sheet to a copy (at the package level, without
ragbook), run `ragbook refresh` three times, and check the outcome each time:
either the refresh succeeded and every part ragbook does not own is exactly as
it was, or ragbook refused with one line saying why and the file is unchanged.
The expected outcome of each file is decided from what is inside it (see the
comments in EXPECTED), not from what ragbook happens to do.
"""

from __future__ import annotations

import re
import warnings
import zipfile
from datetime import date, datetime, timedelta
from pathlib import Path

import openpyxl
import pytest
import python_calamine
from click.testing import CliRunner
from conftest import CORPUS
from corpus_helpers import (
    AS_OF,
    EXPECTED_PROBLEM,
    EXPECTED_SENTENCE,
    REL_CALC_CHAIN,
    REL_STYLES,
    PackageView,
    add_actions_sheet,
    check_refused,
    entries,
    raw_elements,
    sha256,
    snapshot,
    style_lists,
)
from lo import convert

from ragbook.cli import main
from ragbook.layout.checks import LINT_TITLE

OWNED = ["Tracker", "Exceptions", "HoS", "SM", "Checks"]
OWNED_ROLES = {
    "Tracker": "tracker",
    "Exceptions": "exceptions",
    "HoS": "lead:HoS",
    "SM": "lead:SM",
    "Checks": "checks",
}

ENCRYPTED = "is password-protected (encrypted)"
DAMAGED = "is damaged or not an Excel workbook"
DTD = "declares a DTD or XML entities"
BACKSLASHES = "its parts are named with backslashes"
STRICT = "is saved as 'Strict Open XML Spreadsheet'"
PASSWORD_TO_MODIFY = "has a 'password to modify'"
SHARED_WORKBOOK = "is a shared workbook"
STRUCTURE = "the workbook's structure is protected"

# What each file must give, from its contents:
EXPECTED = {
    # A Compound File holding EncryptionInfo + EncryptedPackage streams: encrypted OOXML.
    "01_protect.xlsx": ENCRYPTED,
    # Starts PK\x03\x04 but has no end-of-central-directory record: a damaged zip.
    "02_clusterfuzz-testcase-minimized-POIXSSFFuzzer-5089447305609216.xlsx": DAMAGED,
    # xl/sharedStrings.xml starts with <!DOCTYPE foo[<!ENTITY a0 ...>: a billion-laughs bomb.
    "04_poc-xmlbomb.xlsx": DTD,
    # Every part is named with '\' (xl\workbook.xml), which OPC does not allow.
    "06_Zip-Windows-Directory-Separator.xlsx": BACKSLASHES,
    # officeDocument relationship is http://purl.oclc.org/ooxml/...: ISO 29500 Strict.
    "11_SampleSS.strict.xlsx": STRICT,
    # Has <workbookProtection/> with no lock, which must not stop a refresh.
    "08_style-alternate-content.xlsx": "ok",
    "09_issue.2331c.xlsx": "ok",
    "12_poc-shared-strings.xlsx": "ok",
    "15_chartsheet03.xlsx": "ok",
    "17_stress002.xlsx": "ok",
    "18_mv-calculator-final-2-20-2013.xlsm": "ok",
    "23_background06.xlsx": "ok",
    "24_embed_image01.xlsx": "ok",
    "26_checkbox01.xlsx": "ok",
    "28_51850.xlsx": "ok",
    "30_32readwriteRadarChart4.xlsx": "ok",
    "32_64759.xlsx": "ok",
    "33_print_area03.xlsx": "ok",
    "35_macro04.xlsm": "ok",  # vbaProjectSignature.bin signs the VBA, not the package
    "37_Bing.xlsx": "ok",
    # <fileSharing readOnlyRecommended="1" ... algorithmName="SHA-512" hashValue=... saltValue=...
    # spinCount=...>: the hash is a write-reservation password ("password to modify").
    "38_0-www-crossref-org.lib.rivier.edu_education-files_suffix-generator.xlsm": PASSWORD_TO_MODIFY,
    "40_sheet_visibility.xlsx": "ok",
    "41_57893-many-merges.xlsx": "ok",
    "42_62629_toMerge.xlsx": "ok",
    "43_DateFormatTests.xlsx": "ok",  # date1904="1": the helper writes 1904 serials
    "45_issue.4415.xlsx": "ok",  # sheet protection and protected ranges, not workbook structure
    # xl/revisions/ (revisionHeaders, revisionLog*.xml, userNames): a legacy shared workbook.
    "46_workbookProtection_workbook_revision_protected.xlsx": SHARED_WORKBOOK,
    "47_outline01.xlsx": "ok",
    "49_חישוב_נקודות_זיכוי.xlsx": "ok",
}
# Files the helper cannot add a sheet to (not a zip, or ISO Strict): used as they are.
AS_IS = {
    "01_protect.xlsx",
    "02_clusterfuzz-testcase-minimized-POIXSSFFuzzer-5089447305609216.xlsx",
    "11_SampleSS.strict.xlsx",
}
# openpyxl itself cannot read these, with or without ragbook (see corpus/MANIFEST.tsv):
# 08 has mc:AlternateContent in styles.xml (TypeError in named styles), 09 a non-ISO
# datetime in docProps/core.xml (ValueError). For 09 the owned sheets are read from a copy
# without docProps/core.xml; for 08 only the failure is compared.
OPENPYXL_CANNOT_READ = {
    "08_style-alternate-content.xlsx": TypeError,
    "09_issue.2331c.xlsx": ValueError,
}
# python-calamine cannot read 12's own sheet (rows numbered from 0); only other sheets are read.
CALAMINE_SKIP_SHEETS = {"12_poc-shared-strings.xlsx": {"Tabelle1"}}
# 08's styles.xml wraps some <xf> in mc:AlternateContent. Excel and LibreOffice count each
# wrapper as one xf (LibreOffice shows ragbook's dates in 08 as dd/mm/yyyy dates); calamine
# skips the wrappers, so its xf indexes are off by four and the dates reach it as serials.
CALAMINE_IGNORES_MCE = {"08_style-alternate-content.xlsx"}

FILES = sorted(p.name for p in CORPUS.iterdir() if p.suffix.lower() in (".xlsx", ".xlsm"))
OK_FILES = [f for f in FILES if EXPECTED.get(f) == "ok"]


def test_every_corpus_file_has_an_expected_outcome():
    manifest = [
        line.split("\t")[0]
        for line in (CORPUS / "MANIFEST.tsv").read_text(encoding="utf-8").splitlines()[1:]
        if line
    ]
    assert sorted(manifest) == FILES
    assert sorted(EXPECTED) == FILES
    assert len(FILES) == 29


# -- running and checking --------------------------------------------------------


def refresh(path: Path):
    return CliRunner().invoke(main, ["refresh", str(path), "--as-of", AS_OF])


def check_kept(before: dict[str, bytes], after: dict[str, bytes], original: PackageView) -> None:
    """Every part ragbook does not own is there, byte for byte; nothing else is added."""
    view_before, view_after = PackageView(before), PackageView(after)
    may_change = {view_before.workbook_part, view_before.workbook_rels_part, "[Content_Types].xml"}
    for rel_type in (REL_STYLES, REL_CALC_CHAIN):
        part = view_before.part_of_type(rel_type)
        if part:
            may_change.add(part)
    owned_before = view_before.owned_parts() & set(before)
    for name, data in before.items():
        if name in may_change or name in owned_before:
            continue
        assert name in after, f"{name} was removed"
        assert after[name] == data, f"{name} changed"
    gone = set(before) - set(after)
    assert gone <= owned_before | {view_before.part_of_type(REL_CALC_CHAIN)}, gone
    added = set(after) - set(before)
    owned_after = view_after.owned_parts()
    assert added <= owned_after, added - owned_after

    # The sheet list: the user's sheets as they were, in order, then the owned sheets.
    user = original.sheet_names
    assert view_after.sheet_names == user + OWNED
    assert view_after.owned() == OWNED_ROLES
    assert [s["type"] for s in view_after.sheets[len(user) :]] == ["worksheet"] * len(OWNED)
    assert len({s["part"] for s in view_after.sheets}) == len(view_after.sheets)
    # The user's <sheet> elements (names, states, ids) and defined names are kept verbatim,
    # and so is the rest of the workbook part.
    kept = original.workbook_elements()
    now = view_after.workbook_elements()
    for element in kept["sheet"]:
        assert element in now["sheet"], element
    for element in kept["definedName"]:
        assert element in now["definedName"], element
    assert view_after.workbook_rest() == original.workbook_rest()
    # Every relationship and content type of the original is still declared, verbatim.
    for element in raw_elements(original.parts[original.workbook_rels_part], "Relationship"):
        assert element in after[view_after.workbook_rels_part].decode("utf-8"), element
    for local in ("Default", "Override"):
        for element in raw_elements(original.parts["[Content_Types].xml"], local):
            assert element in after["[Content_Types].xml"].decode("utf-8"), element
    # Styles: the existing formats keep their positions (cells refer to them by index).
    styles = original.part_of_type(REL_STYLES)
    if styles:
        old, new = style_lists(original.parts[styles]), style_lists(after[styles])
        for key, items in old.items():
            assert new[key][: len(items)] == items, f"{styles}: {key} changed"


def as_day(value, serials: bool = False) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if serials and isinstance(value, float) and value.is_integer():
        return date(1899, 12, 30) + timedelta(days=int(value))
    return value if isinstance(value, date) else None


def below_header(rows: list[list]) -> list[list]:
    """The header row (first cell 'Ref') and the non-empty rows under it."""
    start = next(i for i, r in enumerate(rows) if r and r[0] == "Ref")
    return [list(r) for r in rows[start:] if r and r[0] is not None]


def check_owned_content(rows: dict[str, list[list]], serials: bool = False) -> None:
    """What the owned sheets say about the five test actions, as of 31/01/2019."""
    tracker = rows["Tracker"]
    assert tracker[0][0] == "Improvement plan: tracker"
    labels = {row[0]: row[1] for row in tracker if row and isinstance(row[0], str)}
    assert labels["Actions"] == 5
    assert labels["Overdue"] == 2
    assert labels["Red"] == 1 and labels["Amber"] == 1 and labels["Green"] == 1
    assert labels["Completed"] == 1 and labels["Not rated"] == 1
    exceptions = below_header(rows["Exceptions"])
    assert exceptions[0][:6] == ["Ref", "Action", "Lead(s)", "Due", "Rating", "Days overdue"]
    assert [(r[0], as_day(r[3], serials), r[4], r[5]) for r in exceptions[1:]] == [
        ("1.1", date(2018, 12, 14), "Red", 48),
        ("1.2", date(2019, 1, 15), "Amber", 16),
    ]
    assert [r[0] for r in below_header(rows["HoS"])[1:]] == ["1.2", "2.1"]
    sm = below_header(rows["SM"])
    assert sm[0][:3] == ["Ref", "Action", "Due"]
    assert [(r[0], as_day(r[2], serials)) for r in sm[1:]] == [
        ("1.1", date(2018, 12, 14)),
        ("1.3", date(2019, 2, 20)),
        ("2.2", date(2019, 6, 30)),
    ]
    checks = rows["Checks"]
    start = next(i for i, r in enumerate(checks) if r and r[0] == "Sheet")
    sheet, cell, message = [
        *EXPECTED_PROBLEM.split(": ", 1)[0].split("!"),
        EXPECTED_PROBLEM.split(": ", 1)[1],
    ]
    problems = []
    for r in checks[start + 1 :]:
        if r and r[0] == LINT_TITLE:
            break  # plan-quality findings follow the data problems
        if r and r[0]:
            problems.append(tuple(r[:3]))
    assert problems == [(sheet, cell, message)]


def calamine_rows(path: Path) -> dict[str, list[list]]:
    wb = python_calamine.CalamineWorkbook.from_path(str(path))
    return {
        name: [
            [None if v == "" else v for v in row] for row in wb.get_sheet_by_name(name).to_python()
        ]
        for name in OWNED
    }


def openpyxl_rows(path: Path, read_only: bool = False) -> dict[str, list[list]]:
    """The owned sheets' values; read_only=False loads (and so parses) the whole workbook."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wb = openpyxl.load_workbook(path, data_only=True, read_only=read_only)
    try:
        return {name: [list(row) for row in wb[name].iter_rows(values_only=True)] for name in OWNED}
    finally:
        wb.close()


def without(path: Path, drop: str, dest: Path) -> Path:
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(dest, "w") as zout:
        for info in zin.infolist():
            if info.filename != drop:
                zout.writestr(info, zin.read(info))
    return dest


def check_readable(name: str, plan: Path, tmp_path: Path, whole: bool = True) -> None:
    check_owned_content(calamine_rows(plan), serials=name in CALAMINE_IGNORES_MCE)
    wb = python_calamine.CalamineWorkbook.from_path(str(plan))
    for sheet in wb.sheet_names:
        if sheet not in CALAMINE_SKIP_SHEETS.get(name, ()):
            wb.get_sheet_by_name(sheet).to_python()
    cannot = OPENPYXL_CANNOT_READ.get(name)
    if cannot is None:
        check_owned_content(openpyxl_rows(plan, read_only=not whole))
        return
    with pytest.raises(cannot):  # the same failure openpyxl has on the original
        openpyxl_rows(plan)
    if name.startswith("09_"):
        check_owned_content(
            openpyxl_rows(without(plan, "docProps/core.xml", tmp_path / "no-core.xlsx"))
        )


@pytest.mark.parametrize("name", FILES)
def test_refresh_keeps_every_part_or_refuses_cleanly(name, tmp_path):
    expected = EXPECTED[name]
    folder = tmp_path / "plans"
    folder.mkdir()
    plan = folder / name
    assert add_actions_sheet(CORPUS / name, plan) is (name not in AS_IS)
    if name in AS_IS:
        assert sha256(plan) == sha256(CORPUS / name)

    if expected != "ok":
        before_hash, before_folder = sha256(plan), snapshot(folder)
        for _ in range(3):
            check_refused(refresh(plan), plan, expected, before_hash, before_folder)
        return

    original = PackageView(entries(plan))
    if name in OPENPYXL_CANNOT_READ:
        with pytest.raises(OPENPYXL_CANNOT_READ[name]):
            openpyxl_rows(plan)  # (fails on the input already, before any sheet lookup)
    sheet_counts = []
    previous = entries(plan)
    results = []
    for round_ in range(3):
        result = refresh(plan)
        assert result.exit_code == 0, (result.stdout, result.stderr, result.exception)
        assert result.exception is None
        assert result.stderr == ""
        lines = result.stdout.splitlines()
        assert lines[0] == f"Refreshed {plan} as of 31/01/2019."
        assert lines[1] == f"{EXPECTED_SENTENCE}."
        with zipfile.ZipFile(plan) as z:
            names = [i.filename for i in z.infolist()]
            assert z.testzip() is None
        assert len(names) == len({n.lower() for n in names}), "a part appears twice"
        after = entries(plan)
        check_kept(previous, after, original)
        # openpyxl loads the whole workbook once (slow on 41's 5 MB sheet), then only
        # the owned sheets.
        check_readable(name, plan, tmp_path, whole=round_ == 0)
        sheet_counts.append(len(PackageView(after).sheets))
        results.append(after)
        previous = after
    assert sheet_counts == [len(original.sheets) + len(OWNED)] * 3
    # Refreshing an up-to-date plan again, as of the same day, gives the same parts.
    assert results[1] == results[0]
    assert results[2] == results[1]
    backups = sorted((folder / "ragbook-backups").iterdir())
    assert len(backups) == 3


# -- variants of corpus files, to pin down the refusal rules -------------------------


def _edit_workbook(source: Path, dest: Path, edit) -> Path:
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(dest, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "xl/workbook.xml":
                new = edit(data.decode("utf-8"))
                assert new != data.decode("utf-8")
                data = new.encode("utf-8")
            zout.writestr(info, data)
    return dest


def test_read_only_recommended_without_a_password_refreshes(tmp_path):
    """38 without its reservation hash: only readOnlyRecommended is left, which is advice."""
    name = "38_0-www-crossref-org.lib.rivier.edu_education-files_suffix-generator.xlsm"
    with_actions = tmp_path / "with-actions.xlsm"
    add_actions_sheet(CORPUS / name, with_actions)
    plan = _edit_workbook(
        with_actions,
        tmp_path / "suffix-generator.xlsm",
        lambda t: re.sub(r'\s(algorithmName|hashValue|saltValue|spinCount)="[^"]*"', "", t),
    )
    file_sharing = re.search(r"<fileSharing\b[^>]*/>", entries(plan)["xl/workbook.xml"].decode())
    assert file_sharing.group(0) == (
        '<fileSharing readOnlyRecommended="1" userName="Microsoft Office User"/>'
    )
    original = PackageView(entries(plan))
    before = entries(plan)
    result = refresh(plan)
    assert result.exit_code == 0, result.stderr
    after = entries(plan)
    check_kept(before, after, original)
    assert file_sharing.group(0) in after["xl/workbook.xml"].decode()
    check_readable(name, plan, tmp_path)


def test_legacy_reservation_password_is_refused(tmp_path):
    """38 as an older Excel writes a password to modify: reservationPassword (a 16-bit hash)."""
    name = "38_0-www-crossref-org.lib.rivier.edu_education-files_suffix-generator.xlsm"
    with_actions = tmp_path / "with-actions.xlsm"
    add_actions_sheet(CORPUS / name, with_actions)
    folder = tmp_path / "plans"
    folder.mkdir()
    plan = _edit_workbook(
        with_actions,
        folder / "suffix-generator.xlsm",
        lambda t: re.sub(
            r"<fileSharing\b[^>]*/>",
            '<fileSharing userName="Head of Service" reservationPassword="CC3D"/>',
            t,
        ),
    )
    before_hash, before_folder = sha256(plan), snapshot(folder)
    check_refused(refresh(plan), plan, PASSWORD_TO_MODIFY, before_hash, before_folder)


def test_digitally_signed_package_is_refused(tmp_path):
    """47 with an XML digital signature (_xmlsignatures/): adding sheets would break it."""
    with_actions = tmp_path / "with-actions.xlsx"
    add_actions_sheet(CORPUS / "47_outline01.xlsx", with_actions)
    folder = tmp_path / "plans"
    folder.mkdir()
    plan = folder / "outline.xlsx"
    with zipfile.ZipFile(with_actions) as zin, zipfile.ZipFile(plan, "w") as zout:
        for info in zin.infolist():
            zout.writestr(info, zin.read(info))
        zout.writestr("_xmlsignatures/origin.sigs", b"")
        zout.writestr(
            "_xmlsignatures/sig1.xml",
            b'<?xml version="1.0" encoding="UTF-8"?>'
            b'<Signature xmlns="http://www.w3.org/2000/09/xmldsig#"/>',
        )
    before_hash, before_folder = sha256(plan), snapshot(folder)
    check_refused(refresh(plan), plan, "is digitally signed", before_hash, before_folder)


@pytest.mark.parametrize("attribute", ['lockStructure="1"', 'lockStructure="true"'])
def test_workbook_structure_protection_is_refused(tmp_path, attribute):
    """47 with Review > Protect Workbook (structure) on: sheets cannot be added."""
    with_actions = tmp_path / "with-actions.xlsx"
    add_actions_sheet(CORPUS / "47_outline01.xlsx", with_actions)
    folder = tmp_path / "plans"
    folder.mkdir()
    plan = _edit_workbook(
        with_actions,
        folder / "outline.xlsx",
        lambda t: t.replace("<bookViews>", f"<workbookProtection {attribute}/><bookViews>", 1),
    )
    before_hash, before_folder = sha256(plan), snapshot(folder)
    check_refused(refresh(plan), plan, STRUCTURE, before_hash, before_folder)


def test_empty_workbook_protection_does_not_stop_a_refresh(tmp_path):
    """12 has <workbookProtection/> (nothing locked): a refresh goes ahead."""
    plan = tmp_path / "12.xlsx"
    add_actions_sheet(CORPUS / "12_poc-shared-strings.xlsx", plan)
    assert b"<workbookProtection/>" in entries(plan)["xl/workbook.xml"]
    assert refresh(plan).exit_code == 0
    assert b"<workbookProtection/>" in entries(plan)["xl/workbook.xml"]


# -- LibreOffice opens what ragbook wrote --------------------------------------------

LO_SKIP = {
    # Measured: LibreOffice 7.4 needs 2.5 minutes just to export the ORIGINAL file to a
    # 12.5 GB CSV, and more than lo.convert's 240 s to save it as xlsx: a limit of
    # LibreOffice on this file, not something ragbook wrote.
    "12_poc-shared-strings.xlsx": "LibreOffice itself takes over 4 minutes on the original",
}


def lo_sheet_names(path: Path) -> list[str]:
    return python_calamine.CalamineWorkbook.from_path(str(path)).sheet_names


@pytest.mark.libreoffice
@pytest.mark.parametrize(
    "name",
    [
        pytest.param(f, marks=[pytest.mark.skip(reason=LO_SKIP[f])] if f in LO_SKIP else [])
        for f in OK_FILES
    ],
)
def test_libreoffice_opens_the_refreshed_workbook(name, tmp_path):
    plan_in = tmp_path / "in" / name
    plan_in.parent.mkdir()
    add_actions_sheet(CORPUS / name, plan_in)
    plan = tmp_path / "plan" / name
    plan.parent.mkdir()
    plan.write_bytes(plan_in.read_bytes())
    assert refresh(plan).exit_code == 0
    before = convert(plan_in, "xlsx", tmp_path / "lo-in")
    after = convert(plan, "xlsx", tmp_path / "lo-out")
    # LibreOffice sees the same sheets as in the input, plus the owned ones at the end.
    assert lo_sheet_names(after) == lo_sheet_names(before) + OWNED
    # and reads the owned sheets' contents as ragbook wrote them.
    check_owned_content(calamine_rows(after))
