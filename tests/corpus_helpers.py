"""Test helpers for the corpus tests: add an Actions sheet to a real workbook at
the package level, independently of ragbook's own writer, and compare packages.

The Actions sheet is added the way a careful program would: a new worksheet
part with inline strings and numeric dates, a Relationship in the workbook's
rels, an Override in [Content_Types].xml and a <sheet> in the workbook part.
Every other zip entry is copied unchanged (same name, same bytes, same
compression).
"""

from __future__ import annotations

import hashlib
import posixpath
import re
import zipfile
from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL_OFFICE_DOC = NS_REL + "/officeDocument"
REL_WORKSHEET = NS_REL + "/worksheet"
CT_WORKSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"

ACTION_HEADERS = ["Ref", "Action", "Lead(s)", "Date due", "RAG rating"]
# Made-up actions; the as-of date of the tests is 2019-01-31.
ACTION_ROWS: list[list[object]] = [
    ["1.1", "Review the front door thresholds with partners", "SM", date(2018, 12, 14), "Red"],
    [
        "1.2",
        "Audit supervision records in the children in care teams",
        "HoS",
        date(2019, 1, 15),
        "Amber",
    ],
    [
        "1.3",
        "Refresh training on chronologies for all social workers",
        "SM",
        date(2019, 2, 20),
        "Green",
    ],
    ["2.1", "Publish the revised practice standards", "HoS", date(2018, 11, 30), "Completed"],
    ["2.2", "Embed the quality assurance framework", "SM", date(2019, 6, 30), None],
]
AS_OF = "2019-01-31"
# What ragbook must understand of those rows as of AS_OF (30-day due-soon window by default):
# 1.1 and 1.2 are overdue, 1.3 is due within 30 days, 2.1 is done, 2.2 is not rated.
EXPECTED_SENTENCE = (
    "5 actions: 1 red, 1 amber, 1 green, 1 completed, 1 not rated; 2 overdue, 1 due within 30 days"
)
LEADS = ["HoS", "SM"]
# With no Settings sheet the scale is guessed, and said in Checks until it is pinned there.
EXPECTED_PROBLEM = (
    "Actions!E1: ragbook guessed the scale: rag4 (Red, Amber, Green, Completed), "
    "from the ratings typed (4 of 4 match it); a refresh keeps it in the workbook"
)


def serial(day: date, date1904: bool) -> int:
    epoch = date(1904, 1, 1) if date1904 else date(1899, 12, 30)
    return (day - epoch).days


def col_letter(n: int) -> str:
    out = ""
    while n:
        n, rem = divmod(n - 1, 26)
        out = chr(65 + rem) + out
    return out


def actions_sheet_xml(
    date1904: bool = False, headers: list[str] | None = None, rows: list[list[object]] | None = None
) -> bytes:
    """A worksheet part: inline strings, dates as serial numbers."""
    body = []
    for r, row in enumerate([headers or ACTION_HEADERS] + (rows or ACTION_ROWS), start=1):
        cells = []
        for c, value in enumerate(row, start=1):
            ref = f"{col_letter(c)}{r}"
            if value is None:
                continue
            if isinstance(value, date):
                cells.append(f'<c r="{ref}"><v>{serial(value, date1904)}</v></c>')
            elif isinstance(value, (int, float)):
                cells.append(f'<c r="{ref}"><v>{value}</v></c>')
            else:
                cells.append(
                    f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">'
                    f"{escape(str(value))}</t></is></c>"
                )
        body.append(f'<row r="{r}">{"".join(cells)}</row>')
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<worksheet xmlns="{NS_MAIN}"><sheetData>{"".join(body)}</sheetData></worksheet>'
    ).encode()


def _rels_name(part: str) -> str:
    folder, base = posixpath.split(part)
    return posixpath.join(folder, "_rels", base + ".rels")


def _insert_before_close(text: str, local: str, item: str) -> str:
    m = None
    for m in re.finditer(rf"</(?:[\w.\-]+:)?{local}>", text):  # noqa: B007  the last one
        pass
    if m is None:
        raise ValueError(f"no </{local}>")
    return text[: m.start()] + item + text[m.start() :]


def add_actions_sheet(source: Path, dest: Path, sheet_name: str = "Actions") -> bool:
    """Copy `source` to `dest` with an Actions sheet added at the package level.

    Part names written with backslashes (xl\\workbook.xml, as one Windows zip tool
    does) are followed, and the new part is named the same way. Returns False (and
    copies the file unchanged) when the file is not a zip, or has no transitional
    workbook part (ISO Strict), so a sheet cannot be added.
    """
    data = Path(source).read_bytes()
    try:
        zin = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError):
        dest.write_bytes(data)
        return False
    with zin:
        infos = zin.infolist()
        sep = "\\" if any("\\" in i.filename for i in infos) else "/"
        stored = {i.filename.replace("\\", "/"): i.filename for i in infos}

        def read(name: str) -> str:
            return zin.read(stored[name]).decode("utf-8")

        if "_rels/.rels" not in stored or "[Content_Types].xml" not in stored:
            dest.write_bytes(data)
            return False
        m = re.search(
            rf'<(?:\w+:)?Relationship\b[^>]*Type="{re.escape(REL_OFFICE_DOC)}"[^>]*>',
            read("_rels/.rels"),
        )
        if m is None:  # ISO Strict uses another relationship type
            dest.write_bytes(data)
            return False
        target = re.search(r'Target="([^"]*)"', m.group(0)).group(1)
        wb_part = posixpath.normpath(target.lstrip("/"))
        wb_rels = _rels_name(wb_part)
        if wb_part not in stored or wb_rels not in stored:
            dest.write_bytes(data)
            return False
        wb_text = read(wb_part)
        if f'"{NS_MAIN}"' not in wb_text:
            dest.write_bytes(data)
            return False
        date1904 = bool(re.search(r'<(?:\w+:)?workbookPr\b[^>]*\bdate1904="(1|true)"', wb_text))
        wb_dir = posixpath.dirname(wb_part)
        n = 1
        while posixpath.join(wb_dir, f"worksheets/ragtest{n}.xml") in stored:
            n += 1
        sheet_part = posixpath.join(wb_dir, f"worksheets/ragtest{n}.xml")
        rels_text = read(wb_rels)
        rid = "rIdRagTest1"
        k = 1
        while f'"{rid}"' in rels_text:
            k += 1
            rid = f"rIdRagTest{k}"
        ids = [int(x) for x in re.findall(r'<(?:\w+:)?sheet\b[^>]*\bsheetId="(\d+)"', wb_text)]
        sheet_id = max(ids, default=0) + 1
        prefix_m = re.search(r"<([\w.\-]+:)?sheets\b", wb_text)
        p = (prefix_m.group(1) or "") if prefix_m else ""
        sheet_el = (
            f'<{p}sheet xmlns:r="{NS_REL}" name={quoteattr(sheet_name)} '
            f'sheetId="{sheet_id}" r:id="{rid}"/>'
        )
        new_wb = _insert_before_close(wb_text, "sheets", sheet_el)
        rel_target = posixpath.relpath(sheet_part, wb_dir or ".")
        rp = re.search(r"<([\w.\-]+:)?Relationships\b", rels_text).group(1) or ""
        new_rels = _insert_before_close(
            rels_text,
            "Relationships",
            f'<{rp}Relationship Id="{rid}" Type="{REL_WORKSHEET}" Target="{rel_target}"/>',
        )
        ct_text = read("[Content_Types].xml")
        cp = re.search(r"<([\w.\-]+:)?Types\b", ct_text).group(1) or ""
        new_ct = _insert_before_close(
            ct_text,
            "Types",
            f'<{cp}Override PartName="/{sheet_part}" ContentType="{CT_WORKSHEET}"/>',
        )
        replaced = {
            stored[wb_part]: new_wb.encode("utf-8"),
            stored[wb_rels]: new_rels.encode("utf-8"),
            stored["[Content_Types].xml"]: new_ct.encode("utf-8"),
        }
        with zipfile.ZipFile(dest, "w") as zout:
            for info in infos:
                content = replaced.get(info.filename)
                if content is None:
                    content = zin.read(info)
                zout.writestr(info, content, compress_type=info.compress_type)
            zout.writestr(
                sheet_part.replace("/", sep),
                actions_sheet_xml(date1904),
                compress_type=zipfile.ZIP_DEFLATED,
            )
    return True


def entries(path: Path) -> dict[str, bytes]:
    """Every zip entry's decompressed bytes, by name."""
    with zipfile.ZipFile(path) as z:
        return {i.filename: z.read(i) for i in z.infolist()}


def entry_names(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as z:
        return [i.filename for i in z.infolist()]


def sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def snapshot(folder: Path) -> dict[str, str]:
    """Name -> hash of every file in a folder (not recursive), to show nothing was written."""
    return {p.name: sha256(p) for p in sorted(Path(folder).iterdir()) if p.is_file()}


def fingerprint(path: Path) -> str | None:
    """The file's hash, or None when there is no file at `path`."""
    return sha256(path) if Path(path).is_file() else None


def check_refused(
    result, path: Path, expected: str, before_hash: str | None, before_folder: dict[str, str]
) -> None:
    """A refusal: exit 2, one "Error:" line naming the problem, no traceback, and the
    file and its folder as they were (no backup, no temporary file)."""
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert isinstance(result.exception, SystemExit)  # not a crash
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ")
    assert expected in lines[0]
    assert "Traceback" not in result.stderr
    assert fingerprint(path) == before_hash
    assert snapshot(path.parent) == before_folder  # no backup, no temporary file


def old_xls_bytes() -> bytes:
    """A minimal Excel 97-2003 (.xls) file: a Compound File (OLE) with a 'Workbook'
    stream holding BIFF8 records (BOF, a sheet entry, EOF; then the sheet's BOF/EOF).

    Built by hand so the tests need no .xls writer. Layout (512-byte sectors):
    sector 0 the FAT, sector 1 the directory, sectors 2-9 the Workbook stream
    (4096 bytes, so it lives in normal sectors, not the mini stream).
    """
    import struct

    free, end, fatsect, nostream = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF

    def record(rtype: int, body: bytes) -> bytes:
        return struct.pack("<HH", rtype, len(body)) + body

    bof_globals = record(0x0809, struct.pack("<HHHHII", 0x0600, 0x0005, 0x0DBB, 0x07CC, 0, 0x06))
    bof_sheet = record(0x0809, struct.pack("<HHHHII", 0x0600, 0x0010, 0x0DBB, 0x07CC, 0, 0x06))
    eof = record(0x000A, b"")
    name = b"Actions"
    boundsheet_len = 4 + 8 + len(name)
    sheet_offset = len(bof_globals) + boundsheet_len + len(eof)
    boundsheet = record(0x0085, struct.pack("<IBBBB", sheet_offset, 0, 0, len(name), 0) + name)
    stream = bof_globals + boundsheet + eof + bof_sheet + eof
    stream = stream.ljust(4096, b"\0")

    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        b"\0" * 16,
        0x003E,
        0x0003,
        0xFFFE,
        9,
        6,
        b"\0" * 6,
        0,
        1,
        1,
        0,
        4096,
        end,
        0,
        end,
        0,
    )
    header += struct.pack("<I", 0) + struct.pack("<I", free) * 108
    fat = [fatsect, end] + [n + 1 for n in range(2, 9)] + [end]
    fat_sector = struct.pack(f"<{len(fat)}I", *fat) + struct.pack("<I", free) * (128 - len(fat))

    def direntry(entry_name: str, kind: int, child: int, start: int, size: int) -> bytes:
        raw = (entry_name + "\0").encode("utf-16-le") if entry_name else b""
        return struct.pack(
            "<64sHBBIII16sIQQIQ",
            raw,
            len(raw),
            kind,
            1 if entry_name else 0,
            nostream,
            nostream,
            child,
            b"\0" * 16,
            0,
            0,
            0,
            start,
            size,
        )

    directory = (
        direntry("Root Entry", 5, 1, end, 0)
        + direntry("Workbook", 2, nostream, 2, 4096)
        + direntry("", 0, nostream, 0, 0) * 2
    )
    data = header + fat_sector + directory + stream
    assert len(data) == 512 * 11
    return data


# -- reading a package's structure, independently of ragbook ------------------------

NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
REL_STYLES = NS_REL + "/styles"
REL_CALC_CHAIN = NS_REL + "/calcChain"
OWNED_MARKER = "_ragbook"


def _resolve(base: str, target: str) -> str:
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    return posixpath.normpath(posixpath.join(base, target))


class PackageView:
    """The sheets, relationships and defined names of a transitional workbook package."""

    def __init__(self, parts: dict[str, bytes]):
        from xml.etree import ElementTree as ET

        self.parts = parts
        root_rels = ET.fromstring(parts["_rels/.rels"])
        office = [el for el in root_rels if el.get("Type") == REL_OFFICE_DOC]
        assert len(office) == 1, "one main document relationship"
        self.workbook_part = _resolve("", office[0].get("Target"))
        self.workbook_rels_part = _rels_name(self.workbook_part)
        base = posixpath.dirname(self.workbook_part)
        self.rels: dict[str, tuple[str, str]] = {}
        for el in ET.fromstring(parts[self.workbook_rels_part]):
            if el.get("TargetMode") == "External":
                continue
            self.rels[el.get("Id")] = (el.get("Type"), _resolve(base, el.get("Target")))
        wb = ET.fromstring(parts[self.workbook_part])
        self.sheets: list[dict] = []
        for el in wb.iter(f"{{{NS_MAIN}}}sheet"):
            rid = el.get(f"{{{NS_REL}}}id")
            rtype, target = self.rels.get(rid, ("", ""))
            self.sheets.append(
                {
                    "name": el.get("name"),
                    "state": el.get("state", "visible"),
                    "sheetId": el.get("sheetId"),
                    "rid": rid,
                    "type": rtype.rsplit("/", 1)[-1],
                    "part": target,
                }
            )
        self.defined_names = [
            (el.get("name"), el.get("localSheetId"), el.text or "")
            for el in wb.iter(f"{{{NS_MAIN}}}definedName")
        ]

    @property
    def sheet_names(self) -> list[str]:
        return [s["name"] for s in self.sheets]

    def part_of_type(self, rel_type: str) -> str | None:
        for rtype, target in self.rels.values():
            if rtype == rel_type:
                return target
        return None

    def owned(self) -> dict[str, str]:
        """Sheet name -> role, from ragbook's hidden sheet-scoped `_ragbook` names."""
        out = {}
        for name, local, text in self.defined_names:
            if name == OWNED_MARKER and local is not None:
                out[self.sheets[int(local)]["name"]] = text.strip('"')
        return out

    def owned_parts(self) -> set[str]:
        """The parts of the owned sheets and their relationship parts, and the drawings and
        charts on them (the Tracker's charts) with theirs."""
        from xml.etree import ElementTree as ET

        owned = self.owned()
        out = set()
        stack = [sheet["part"] for sheet in self.sheets if sheet["name"] in owned]
        while stack:
            part = stack.pop()
            out |= {part, _rels_name(part)}
            if _rels_name(part) not in self.parts:
                continue
            for el in ET.fromstring(self.parts[_rels_name(part)]):
                if el.get("Type", "").rsplit("/", 1)[-1] in ("drawing", "chart"):
                    stack.append(_resolve(posixpath.dirname(part), el.get("Target")))
        return out

    def workbook_elements(self) -> dict[str, list[str]]:
        """The raw <sheet> and <definedName> elements of the workbook part, as written."""
        text = self.parts[self.workbook_part].decode("utf-8")
        return {
            "sheet": re.findall(
                r"<(?:[\w.\-]+:)?sheet\b[^>]*?(?:/>|>.*?</(?:[\w.\-]+:)?sheet>)", text, re.S
            ),
            "definedName": re.findall(
                r"<(?:[\w.\-]+:)?definedName\b[^>]*?(?:/>|>.*?"
                r"</(?:[\w.\-]+:)?definedName>)",
                text,
                re.S,
            ),
        }

    def workbook_rest(self) -> str:
        """The workbook part without its sheet list and defined names."""
        text = self.parts[self.workbook_part].decode("utf-8")
        text = re.sub(r"<(?:[\w.\-]+:)?sheets\b.*?</(?:[\w.\-]+:)?sheets>", "", text, flags=re.S)
        text = re.sub(
            r"<(?:[\w.\-]+:)?definedNames\b.*?</(?:[\w.\-]+:)?definedNames>|"
            r"<(?:[\w.\-]+:)?definedNames\b[^>]*/>",
            "",
            text,
            flags=re.S,
        )
        return text


def raw_elements(xml: bytes, local: str) -> list[str]:
    """Every <local .../> or <local ...>...</local> element of a part, as written."""
    text = xml.decode("utf-8")
    return re.findall(
        rf"<(?:[\w.\-]+:)?{local}\b[^>]*?(?:/>|>.*?</(?:[\w.\-]+:)?{local}>)", text, re.S
    )


def canon(el) -> tuple:
    """An element as a comparable value: tag, attributes (any order), text, children."""
    return (
        el.tag,
        tuple(sorted(el.attrib.items())),
        (el.text or "").strip(),
        tuple(canon(c) for c in el),
    )


STYLE_LISTS = (
    "numFmts",
    "fonts",
    "fills",
    "borders",
    "cellStyleXfs",
    "cellXfs",
    "cellStyles",
    "dxfs",
)


def style_lists(xml: bytes) -> dict[str, list[tuple]]:
    from xml.etree import ElementTree as ET

    root = ET.fromstring(xml)
    out = {}
    for local in STYLE_LISTS:
        el = root.find(f"{{{NS_MAIN}}}{local}")
        out[local] = [canon(c) for c in el] if el is not None else []
    return out
