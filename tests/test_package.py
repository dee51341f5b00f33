"""Opening a workbook package: every unusable file is refused with one line that
names the problem and the fix, and the file is left exactly as it was.

Real broken files come from tests/corpus (see corpus/README.md); the rest are
made up here in tmp_path.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import struct
import warnings
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
from builders import action, write_plan
from click.testing import CliRunner
from conftest import CORPUS
from corpus_helpers import (
    AS_OF,
    EXPECTED_PROBLEM,
    EXPECTED_SENTENCE,
    add_actions_sheet,
    check_refused,
    fingerprint,
    old_xls_bytes,
    sha256,
    snapshot,
)

import ragbook
from ragbook.cli import main
from ragbook.errors import NotAWorkbook
from ragbook.xlsx.limits import MAX_PART_BYTES, MAX_RATIO, RATIO_FLOOR
from ragbook.xlsx.package import open_package

ENCRYPTED = "01_protect.xlsx"
DAMAGED = "02_clusterfuzz-testcase-minimized-POIXSSFFuzzer-5089447305609216.xlsx"
XML_BOMB = "04_poc-xmlbomb.xlsx"
BACKSLASHES = "06_Zip-Windows-Directory-Separator.xlsx"
STRICT = "11_SampleSS.strict.xlsx"
SHARED_STRINGS_BOMB = "12_poc-shared-strings.xlsx"
NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


# -- made-up files ---------------------------------------------------------------


def small_plan(folder: Path, name: str = "plan.xlsx") -> Path:
    rows = [
        action("1.1", lead="AF", due=date(2018, 12, 31), rating="Red"),
        action("1.2", lead="SG", due=date(2019, 3, 1), rating="Green"),
    ]
    return write_plan(folder / name, rows)


def rewrite_zip(
    source: Path,
    dest: Path,
    *,
    replace: dict[str, bytes] | None = None,
    extra: list[tuple[str, bytes]] | None = None,
) -> Path:
    """Copy a zip entry by entry, replacing some entries and appending others."""
    replace = replace or {}
    with (
        zipfile.ZipFile(source) as zin,
        zipfile.ZipFile(dest.with_suffix(".tmp"), "w", zipfile.ZIP_DEFLATED) as zout,
    ):
        for info in zin.infolist():
            zout.writestr(info, replace.get(info.filename, zin.read(info)))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # "Duplicate name" is the point
            for name, data in extra or []:
                zout.writestr(name, data)
    dest.with_suffix(".tmp").replace(dest)
    return dest


def make_missing(folder: Path) -> Path:
    return folder / "no such plan.xlsx"


def make_folder(folder: Path) -> Path:
    target = folder / "plan.xlsx"
    target.mkdir()
    return target


def make_csv(folder: Path) -> Path:
    target = folder / "plan.csv"
    target.write_text("Ref,Action,Lead(s),Date due,RAG rating\n1.1,Do it,SM,31/01/2019,Red\n")
    return target


def make_xls(folder: Path) -> Path:
    target = folder / "plan.xls"
    target.write_bytes(old_xls_bytes())
    return target


def make_xls_renamed(folder: Path) -> Path:
    target = folder / "plan.xlsx"
    target.write_bytes(old_xls_bytes())
    return target


def make_empty(folder: Path) -> Path:
    target = folder / "plan.xlsx"
    target.write_bytes(b"")
    return target


def make_plain_zip(folder: Path) -> Path:
    target = folder / "plan.xlsx"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("photos/readme.txt", "Holiday photos, not a spreadsheet.\n")
        z.writestr("photos/list.csv", "a,b\n1,2\n")
    return target


def make_word_document(folder: Path) -> Path:
    """A (minimal) Word document renamed .xlsx: a real OPC package, but not a workbook."""
    target = folder / "plan.xlsx"
    ct = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.wordprocessingml.document.main+xml"/></Types>'
    )
    rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
    )
    doc = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body><w:p><w:r><w:t>Improvement plan (draft)</w:t></w:r></w:p></w:body>"
        "</w:document>"
    )
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", ct)
        z.writestr("_rels/.rels", rels)
        z.writestr("word/document.xml", doc)
    return target


def make_duplicate_part(folder: Path) -> Path:
    plan = small_plan(folder, "source.xlsx")
    with zipfile.ZipFile(plan) as z:
        sheet = z.read("xl/worksheets/sheet1.xml")
    return rewrite_zip(plan, folder / "plan.xlsx", extra=[("xl/worksheets/sheet1.xml", sheet)])


def make_duplicate_part_case(folder: Path) -> Path:
    """Part names compare case-insensitively (OPC): XL/Workbook.xml duplicates xl/workbook.xml."""
    plan = small_plan(folder, "source.xlsx")
    with zipfile.ZipFile(plan) as z:
        data = z.read("xl/workbook.xml")
    return rewrite_zip(plan, folder / "plan.xlsx", extra=[("XL/Workbook.xml", data)])


BIG_PART = "xl/worksheets/sheet1.xml"  # the Actions sheet, which ragbook always reads


def _actions_sheet_with(folder: Path, big: int) -> Path:
    """A plan whose Actions sheet has one more row holding `big` zeros in a progress
    update (zeros deflate about 1,000 to 1). Built once per size, then copied."""
    target = folder / "plan.xlsx"
    if big not in _BUILT:
        _BUILT[big] = _build_actions_sheet_with(folder, big).read_bytes()
    target.write_bytes(_BUILT[big])
    return target


_BUILT: dict[int, bytes] = {}


def _build_actions_sheet_with(folder: Path, big: int) -> Path:
    plan = small_plan(folder, "source.xlsx")
    with zipfile.ZipFile(plan) as z:
        sheet = z.read(BIG_PART)
    head, tail = sheet.split(b"</sheetData>", 1)
    target = folder / "plan.xlsx"
    with zipfile.ZipFile(plan) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            if info.filename != BIG_PART:
                zout.writestr(info, zin.read(info))
                continue
            entry = zipfile.ZipInfo(BIG_PART, info.date_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            with zout.open(entry, "w", force_zip64=big > 0x7FFFFFFF) as stream:
                stream.write(
                    head + b'<row r="4"><c r="A4" t="inlineStr"><is><t>9.9</t></is></c>'
                    b'<c r="H4" t="inlineStr"><is><t>'
                )
                chunk = b"0" * (1 << 20)
                left = big
                while left:
                    stream.write(chunk[: min(left, len(chunk))])
                    left -= min(left, len(chunk))
                stream.write(b"</t></is></c></row></sheetData>" + tail)
    (folder / "source.xlsx").unlink()
    return target


def make_zip_bomb(folder: Path) -> Path:
    """80 MB of b'0' in the Actions sheet: 78 KB compressed, about 1,000 times over."""
    return _actions_sheet_with(folder, 80_000_000)


def make_huge_part(folder: Path) -> Path:
    """A part that inflates past ragbook's absolute limit (1 GB); about 1 MB compressed."""
    return _actions_sheet_with(folder, MAX_PART_BYTES + (8 << 20))


def corpus_copy(name: str) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        target = folder / name
        shutil.copyfile(CORPUS / name, target)
        return target

    make.__name__ = f"corpus_{name[:2]}"
    return make


def corpus_with_actions(name: str) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        target = folder / name
        assert add_actions_sheet(CORPUS / name, target)
        return target

    make.__name__ = f"corpus_{name[:2]}_with_actions"
    return make


# -- the refusals ------------------------------------------------------------------


# (id, how the file is made, how ragbook meets it, words naming the problem, words naming
#  the fix, marks for the problem test, marks for the fix test).
# via: "open" = open_package() refuses; "load" = the package opens (parts are read lazily)
# and ragbook.load() refuses when it reads the part.
CASES = [
    (
        "encrypted",
        corpus_copy(ENCRYPTED),
        "open",
        "is password-protected (encrypted)",
        "Remove the password in Excel",
        (),
        (),
    ),
    (
        "damaged-zip",
        corpus_copy(DAMAGED),
        "open",
        "is damaged or not an Excel workbook",
        "Open it in Excel, which can often repair it, and save a copy",
        (),
        (),
    ),
    (
        "xml-entity-bomb",
        corpus_with_actions(XML_BOMB),
        "load",
        "the part xl/sharedStrings.xml declares a DTD or XML entities",
        "save a copy",
        (),
        (),
    ),
    (
        "backslash-part-names",
        corpus_with_actions(BACKSLASHES),
        "open",
        "its parts are named with backslashes",
        "open it in Excel and save a copy",
        (),
        (),
    ),
    (
        "iso-strict",
        corpus_copy(STRICT),
        "open",
        "is saved as 'Strict Open XML Spreadsheet'",
        "choose File > Save As > 'Excel Workbook (*.xlsx)'",
        (),
        (),
    ),
    ("missing-file", make_missing, "open", "no such file", None, (), ()),
    ("folder", make_folder, "open", "is a folder, not a workbook", None, (), ()),
    (
        "csv-extension",
        make_csv,
        "open",
        "ragbook reads .xlsx and .xlsm workbooks",
        "save it from Excel as 'Excel Workbook (*.xlsx)'",
        (),
        (),
    ),
    (
        "xls-extension",
        make_xls,
        "open",
        "is an old-style .xls workbook",
        "save it as 'Excel Workbook (*.xlsx)'",
        (),
        (),
    ),
    (
        "xls-renamed-xlsx",
        make_xls_renamed,
        "open",
        "is an old-style .xls workbook",
        "save it as 'Excel Workbook (*.xlsx)'",
        (),
        (),
    ),
    (
        "empty-file",
        make_empty,
        "open",
        "is damaged or not an Excel workbook",
        "Open it in Excel",
        (),
        (),
    ),
    (
        "zip-not-a-workbook",
        make_plain_zip,
        "open",
        "is damaged or not an Excel workbook (no [Content_Types].xml or _rels/.rels)",
        "save a copy",
        (),
        (),
    ),
    (
        "word-document-renamed",
        make_word_document,
        "open",
        "is not an Excel workbook (its main part is word/document.xml",
        "point ragbook at an .xlsx",
        (),
        (),
    ),
    (
        "duplicate-part",
        make_duplicate_part,
        "open",
        "is damaged: the part xl/worksheets/sheet1.xml appears twice",
        "save a copy",
        (),
        (),
    ),
    (
        "duplicate-part-other-case",
        make_duplicate_part_case,
        "open",
        "is damaged: the part XL/Workbook.xml appears twice",
        "save a copy",
        (),
        (),
    ),
    ("zip-bomb-part", make_zip_bomb, "load", "may be a zip bomb", "save a copy", (), ()),
    (
        "part-over-1GB",
        make_huge_part,
        "load",
        "the part xl/worksheets/sheet1.xml would inflate to",
        "save a copy",
        (),
        (),
    ),
]


def _refusal_message(path: Path, via: str) -> str:
    """Meet the file the way `via` says (open the package, or load the plan); the refusal."""
    with pytest.raises(NotAWorkbook) as caught:
        if via == "open":
            open_package(path).close()
        else:
            ragbook.load(path).close()
    return str(caught.value)


@pytest.mark.parametrize(
    "case_id,make,via,problem,fix",
    [pytest.param(c[0], c[1], c[2], c[3], c[4], id=c[0], marks=c[5]) for c in CASES],
)
def test_refusal_is_one_line_naming_the_problem_and_leaves_the_file_alone(
    tmp_path, case_id, make, via, problem, fix
):
    path = make(tmp_path)
    if case_id == "part-over-1GB":
        # The exact size is in the message: compute it from the zip, not from the builder.
        with zipfile.ZipFile(path) as z:
            info = z.getinfo(BIG_PART)
        assert info.file_size > MAX_PART_BYTES and info.compress_size < 2_000_000
        problem = f"the part {BIG_PART} would inflate to {info.file_size:,} bytes"
    before_file = fingerprint(path)
    before_folder = snapshot(tmp_path)
    message = _refusal_message(path, via)
    assert "\n" not in message and "\r" not in message
    assert problem in message
    assert path.name in message
    assert "Traceback" not in message
    assert fingerprint(path) == before_file
    assert snapshot(tmp_path) == before_folder  # no backup, no temporary file


@pytest.mark.parametrize(
    "case_id,make,via,fix",
    [pytest.param(c[0], c[1], c[2], c[4], id=c[0], marks=c[6]) for c in CASES if c[4]],
)
def test_refusal_names_the_fix(tmp_path, case_id, make, via, fix):
    message = _refusal_message(make(tmp_path), via)
    assert fix in message


def test_open_package_refuses_before_reading_the_xml_bomb_and_load_refuses_on_its_strings(tmp_path):
    """04: the entity bomb sits in sharedStrings.xml, which is only read on demand."""
    path = corpus_with_actions(XML_BOMB)(tmp_path)
    pkg = open_package(path)
    try:
        assert [s.name for s in pkg.sheets] == ["Tabelle1", "Actions"]
        assert pkg.workbook_part == "xl/workbook.xml"
        with pytest.raises(NotAWorkbook, match=r"xl/sharedStrings\.xml declares a DTD"):
            pkg.read("xl/sharedStrings.xml")
    finally:
        pkg.close()


def test_a_large_part_that_is_not_read_is_never_inflated(tmp_path):
    """The over-1 GB sheet part: opening the package reads only the structure."""
    path = make_huge_part(tmp_path)
    pkg = open_package(path)
    try:
        assert [s.name for s in pkg.sheets] == ["Actions", "Leads", "Settings"]
        with pytest.raises(NotAWorkbook, match="zip bomb"):
            pkg.read(BIG_PART)
    finally:
        pkg.close()


CLI_CASES = [c for c in CASES if c[0] != "folder"]  # a folder is click's usage error


@pytest.mark.parametrize(
    "case_id,make,problem", [pytest.param(c[0], c[1], c[3], id=c[0], marks=c[5]) for c in CLI_CASES]
)
def test_check_command_refuses_with_one_error_line_and_exit_2(tmp_path, case_id, make, problem):
    path = make(tmp_path)
    if case_id == "part-over-1GB":
        problem = "would inflate to"
    before = fingerprint(path)
    before_folder = snapshot(tmp_path)
    result = CliRunner().invoke(main, ["check", str(path), "--as-of", AS_OF])
    check_refused(result, path, problem, before, before_folder)


def test_folder_given_to_the_command_line_is_a_usage_error(tmp_path):
    path = make_folder(tmp_path)
    result = CliRunner().invoke(main, ["check", str(path)])
    assert result.exit_code == 2
    assert "is a directory" in result.stderr
    assert "Traceback" not in result.stderr


def test_open_package_reads_a_good_plan(tmp_path):
    """The refusals are not a blanket no: the same small plan opens and lists its sheets."""
    pkg = open_package(small_plan(tmp_path))
    try:
        assert [s.name for s in pkg.sheets] == ["Actions", "Leads", "Settings"]
        assert [s.kind for s in pkg.sheets] == ["worksheet"] * 3
        assert pkg.date1904 is False
    finally:
        pkg.close()


# -- 12: a 1 MB shared string used 12,000 times (12 GB if expanded) --------------------

_TIMEOUT = [pytest.mark.timeout(300)] if importlib.util.find_spec("pytest_timeout") else []


@pytest.mark.parametrize("dummy", [pytest.param(None, marks=_TIMEOUT, id="12")])
def test_check_completes_on_the_shared_strings_amplifier(tmp_path, dummy):
    path = corpus_with_actions(SHARED_STRINGS_BOMB)(tmp_path)
    with zipfile.ZipFile(path) as z:
        sst = z.getinfo("xl/sharedStrings.xml")
        sheet = z.read("xl/worksheets/sheet1.xml")
    # The amplifier is what the README says: one ~1 MB string, referenced by ~12,000 cells.
    assert sst.file_size > 1_000_000
    assert len(re.findall(rb'<c [^>]*t="s"[^>]*><v>0</v>', sheet)) >= 12_000
    before = sha256(path)
    result = CliRunner().invoke(main, ["check", str(path), "--as-of", AS_OF])
    assert result.exit_code == 0, result.stderr
    assert f"{EXPECTED_SENTENCE}." in result.stdout.splitlines()
    assert result.stdout.splitlines()[-3:] == [
        f"{EXPECTED_PROBLEM}; to pin it, type 'Scale' in "
        "column A of the Settings sheet and 'rag4' (or "
        "what is right) in column B.",
        f"{EXPECTED_SENTENCE}.",
        "1 problem found.",
    ]
    assert sha256(path) == before  # check never writes


# -- overlapping entries, DTDs found by the parser, other encodings, the bomb limit -----


def overlapping(folder: Path) -> Path:
    """A plan whose zip directory lists a second part at the very bytes of sheet1.xml: how
    'overlapping' zip bombs turn a small file into gigabytes."""
    plan = small_plan(folder, "source.xlsx")
    data = plan.read_bytes()
    end = data.rindex(b"PK\x05\x06")
    count, size, start = struct.unpack("<HII", data[end + 10 : end + 20])
    directory = data[start : start + size]
    record_at = directory.index(
        b"PK\x01\x02" + directory.split(b"xl/worksheets/sheet1.xml")[0].rsplit(b"PK\x01\x02", 1)[1]
    )
    name_len, extra_len, comment_len = struct.unpack(
        "<3H", directory[record_at + 28 : record_at + 34]
    )
    record = directory[record_at : record_at + 46 + name_len + extra_len + comment_len]
    twin = record.replace(b"xl/worksheets/sheet1.xml", b"xl/worksheets/sheet9.xml")
    directory += twin
    eocd = (
        data[end : end + 8]
        + struct.pack("<HHII", count + 1, count + 1, len(directory), start)
        + data[end + 20 :]
    )
    target = folder / "plan.xlsx"
    target.write_bytes(data[:start] + directory + eocd)
    (folder / "source.xlsx").unlink()
    return target


def test_overlapping_zip_entries_are_refused(tmp_path):
    path = overlapping(tmp_path)
    with zipfile.ZipFile(path) as z:  # the zip's directory reads: two names, one place
        offsets = {i.filename: i.header_offset for i in z.infolist()}
    assert offsets["xl/worksheets/sheet9.xml"] == offsets["xl/worksheets/sheet1.xml"]
    before = fingerprint(path)
    result = CliRunner().invoke(main, ["refresh", str(path), "--as-of", AS_OF])
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: plan.xlsx is damaged: its parts xl/worksheets/sheet1.xml and "
        "xl/worksheets/sheet9.xml share the same bytes in the zip (how 'zip bomb' files inflate "
        "to gigabytes); ragbook will not read it. Ask whoever sent it for a fresh copy, or open it "
        "in Excel and save a copy.\n"
    )
    assert fingerprint(path) == before and sorted(p.name for p in tmp_path.iterdir()) == [
        "plan.xlsx"
    ]


def with_part(folder: Path, name: str, edit: Callable[[bytes], bytes]) -> Path:
    plan = small_plan(folder, "source.xlsx")
    with zipfile.ZipFile(plan) as z:
        data = z.read(name)
    target = rewrite_zip(plan, folder / "plan.xlsx", replace={name: edit(data)})
    (folder / "source.xlsx").unlink()
    return target


@pytest.mark.parametrize("part", ["xl/workbook.xml", "xl/worksheets/sheet1.xml"])
def test_a_dtd_after_a_comment_holding_a_tag_is_found(tmp_path, part):
    """A text search for the prolog's end stopped at '<a' in the comment; the parser does not."""

    def add_dtd(data: bytes) -> bytes:
        body = data.split(b"?>", 1)[1] if data.startswith(b"<?xml") else data
        return (
            b'<?xml version="1.0" encoding="UTF-8"?>\n<!-- <a href="x"> -->'
            b'<!DOCTYPE r [<!ENTITY e "entity">]>' + body
        )

    path = with_part(tmp_path, part, add_dtd)
    before = fingerprint(path)
    result = CliRunner().invoke(main, ["refresh", str(path), "--as-of", AS_OF])
    assert result.exit_code == 2
    assert result.stderr.startswith(
        f"Error: plan.xlsx: the part {part} declares a DTD or XML entities"
    )
    assert fingerprint(path) == before


def test_a_comment_or_cdata_that_only_mentions_a_doctype_is_not_one(tmp_path):
    path = with_part(
        tmp_path,
        "xl/workbook.xml",
        lambda d: d.replace(b"<sheets>", b"<!-- <!DOCTYPE x> --><sheets>", 1),
    )
    assert CliRunner().invoke(main, ["check", str(path), "--as-of", AS_OF]).exit_code == 0


def to_utf16(data: bytes, codec: str = "utf-16") -> bytes:
    text = data.decode("utf-8")
    if text.startswith("<?xml"):
        text = re.sub(r'encoding="[^"]*"', 'encoding="UTF-16"', text, count=1)
    else:
        text = '<?xml version="1.0" encoding="UTF-16"?>' + text
    return text.encode(codec)


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be"])
def test_utf16_workbook_and_shared_strings_are_read_and_written(tmp_path, codec):
    """PhpSpreadsheet writes UTF-16 parts and Excel reads them: so does ragbook."""
    source = tmp_path / "source.xlsx"
    workbook = xlsxwriter.Workbook(str(source))
    sheet = workbook.add_worksheet("Actions")
    for r, row in enumerate(
        [
            ["Ref", "Action", "Lead(s)", "Date due", "RAG rating"],
            ["1.1", "Review thresholds – £ and ü", "AF", "31/12/2018", "Red"],
            ["1.2", "Audit supervision", "AF", "01/03/2019", "Green"],
        ]
    ):
        sheet.write_row(r, 0, row)
    workbook.close()
    with zipfile.ZipFile(source) as z:
        parts = {n: z.read(n) for n in ("xl/workbook.xml", "xl/sharedStrings.xml")}
    path = rewrite_zip(
        source, tmp_path / "plan.xlsx", replace={n: to_utf16(d, codec) for n, d in parts.items()}
    )
    strings_before = zipfile.ZipFile(path).read("xl/sharedStrings.xml")
    result = CliRunner().invoke(main, ["check", str(path), "--as-of", AS_OF, "--json"])
    assert result.exit_code == 0, result.output
    assert '"actions": 2' in result.stdout
    result = CliRunner().invoke(main, ["refresh", str(path), "--as-of", AS_OF])
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(path) as z:
        assert z.read("xl/sharedStrings.xml") == strings_before  # not ragbook's: copied as it was
        workbook_xml = z.read("xl/workbook.xml")
    assert workbook_xml.startswith(b'<?xml version="1.0" encoding="UTF-8"')
    assert "Tracker" in workbook_xml.decode("utf-8")
    assert openpyxl.load_workbook(path)["Exceptions"]["B5"].value == "Review thresholds – £ and ü"


def test_a_part_declared_in_an_8_bit_encoding_is_read_in_it(tmp_path):
    path = with_part(
        tmp_path,
        "xl/worksheets/sheet1.xml",
        lambda d: (
            b'<?xml version="1.0" encoding="ISO-8859-1"?>\n'
            + d.split(b"?>", 1)[-1]
            .replace(b"Do something", "Café £5".encode())
            .decode("utf-8")
            .encode("latin-1")
        ),
    )
    result = CliRunner().invoke(main, ["refresh", str(path), "--as-of", AS_OF])
    assert result.exit_code == 0, result.output
    assert openpyxl.load_workbook(path)["AF"]["B5"].value == "Café £5"


def test_a_part_in_an_encoding_nobody_knows_is_one_line(tmp_path):
    path = with_part(
        tmp_path,
        "xl/worksheets/sheet1.xml",
        lambda d: b'<?xml version="1.0" encoding="x-klingon"?>' + d.split(b"?>", 1)[-1],
    )
    result = CliRunner().invoke(main, ["check", str(path)])
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: plan.xlsx: the part xl/worksheets/sheet1.xml is not readable "
        "text in the encoding it declares (x-klingon); open the file in "
        "Excel and save a copy.\n"
    )


def long_strings_plan(folder: Path, size: int) -> Path:
    """A plan with long progress updates in its shared strings: deflates about 300 times,
    as a plan of long repeated text does (LibreOffice's save of one was at 211)."""
    plan = small_plan(folder, "source.xlsx")
    block = "A long progress update. " * 333
    strings = "".join(f"<si><t>{block}{i:08}</t></si>" for i in range(size // len(block)))
    sst = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="'
        f'{NS_MAIN}">{strings}</sst>'
    ).encode()
    target = rewrite_zip(plan, folder / "plan.xlsx", extra=[("xl/sharedStrings.xml", sst)])
    (folder / "source.xlsx").unlink()
    return target


def test_a_big_part_of_long_strings_is_read_not_taken_for_a_bomb(tmp_path):
    path = long_strings_plan(tmp_path, 40_000_000)
    info = zipfile.ZipFile(path).getinfo("xl/sharedStrings.xml")
    assert 250 < info.file_size / info.compress_size < MAX_RATIO  # refused before this fix
    pkg = open_package(path)
    try:
        assert len(pkg.read("xl/sharedStrings.xml")) == info.file_size
    finally:
        pkg.close()


def test_a_zip_bomb_refusal_gives_the_size_and_the_ratio(tmp_path):
    path = make_zip_bomb(tmp_path)
    info = zipfile.ZipFile(path).getinfo(BIG_PART)
    ratio = info.file_size / info.compress_size
    assert ratio > MAX_RATIO and RATIO_FLOOR < info.file_size < MAX_PART_BYTES
    message = _refusal_message(path, "load")
    assert (
        f"the part {BIG_PART} would inflate to {info.file_size:,} bytes, {ratio:,.0f} times "
        f"its {info.compress_size:,} compressed bytes"
    ) in message
    assert f"more than {MAX_RATIO:,} times (the file may be a zip bomb" in message
