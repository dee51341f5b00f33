"""An .xlsx/.xlsm file opened as the package it is: a zip of XML parts.

Opening checks, in order, everything that would make reading or writing
unsafe (encrypted, old .xls, damaged zip, ISO Strict, XML with a DTD, parts
too large to read safely) and raises a one-line `NotAWorkbook` naming the
problem and the fix. Parts are read lazily and never re-serialised here.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree as ET

from ..errors import NotAWorkbook, UnsafeToWrite

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_STRICT = "http://purl.oclc.org/ooxml/spreadsheetml/main"
NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
NS_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
REL_OFFICE_DOC = NS_REL + "/officeDocument"
REL_WORKSHEET = NS_REL + "/worksheet"
REL_STYLES = NS_REL + "/styles"
REL_SHARED_STRINGS = NS_REL + "/sharedStrings"
REL_THEME = NS_REL + "/theme"
REL_CALC_CHAIN = NS_REL + "/calcChain"
CT_WORKSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
EXTENSIONS = (".xlsx", ".xlsm")
# A part larger than this, uncompressed, is not read: no plan needs it and a
# crafted file could use it to exhaust memory.
MAX_PART_BYTES = 512 << 20
# A big part that inflates more than this many times over its compressed size
# is a zip bomb, not a spreadsheet: sheet XML deflates 5 to 50 times, and
# DEFLATE cannot exceed about 1,030 times.
MAX_RATIO = 250
RATIO_FLOOR = 32 << 20


@dataclass
class SheetEntry:
    """One <sheet> of workbook.xml."""

    name: str
    sheet_id: int
    rid: str
    state: str  # visible, hidden, veryHidden
    part: str | None  # zip name of the sheet part, None when the rel is missing
    kind: str  # worksheet, chartsheet, dialogsheet, macrosheet, unknown


@dataclass
class DefinedName:
    name: str
    local_sheet_id: int | None
    hidden: bool
    text: str


@dataclass
class Rel:
    rid: str
    type: str
    target: str  # resolved zip name, or the raw target when external
    external: bool


@dataclass
class Package:
    path: Path
    zip: zipfile.ZipFile
    infos: list[zipfile.ZipInfo]
    workbook_part: str
    sheets: list[SheetEntry] = field(default_factory=list)
    defined_names: list[DefinedName] = field(default_factory=list)
    date1904: bool = False
    workbook_rels: dict[str, Rel] = field(default_factory=dict)
    _lower: dict[str, str] = field(default_factory=dict)
    _cache: dict[str, bytes] = field(default_factory=dict)

    # -- parts ---------------------------------------------------------
    def has(self, name: str) -> bool:
        return name.lower() in self._lower

    def real_name(self, name: str) -> str:
        """Part names compare case-insensitively (OPC); this is the stored one."""
        return self._lower[name.lower()]

    def read(self, name: str) -> bytes:
        """A part's bytes, bounded so a hostile file cannot exhaust memory."""
        name = self.real_name(name)
        if name in self._cache:
            return self._cache[name]
        info = self.zip.getinfo(name)
        if info.file_size > MAX_PART_BYTES or (
            info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1)
        ):
            raise NotAWorkbook(
                f"{self.path.name}: the part {name} would inflate to {info.file_size:,} bytes; "
                "ragbook does not read parts that large (the file may be a zip bomb). "
                "Open it in Excel and save a copy."
            )
        try:
            with self.zip.open(info) as stream:
                data = stream.read(MAX_PART_BYTES + 1)
        except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError) as exc:
            raise NotAWorkbook(
                f"{self.path.name}: the part {name} is damaged ({exc}). "
                "Open the file in Excel, which can often repair it, and save a copy."
            ) from None
        if len(data) > MAX_PART_BYTES:
            raise NotAWorkbook(f"{self.path.name}: the part {name} is too large to read safely.")
        refuse_dtd(data, self.path.name, name)
        if name.endswith((".xml", ".rels")) and len(data) < (4 << 20):
            self._cache[name] = data
        return data

    def xml(self, name: str) -> ET.Element:
        data = self.read(name)
        try:
            return ET.fromstring(data)
        except ET.ParseError as exc:
            raise NotAWorkbook(
                f"{self.path.name}: the part {name} is not well-formed XML ({exc}). "
                "Open the file in Excel, which can often repair it, and save a copy."
            ) from None

    def rels(self, part: str) -> dict[str, Rel]:
        """Relationships of a part, targets resolved to zip names."""
        rels_name = rels_part_for(part)
        if not self.has(rels_name):
            return {}
        root = self.xml(rels_name)
        base = posixpath.dirname(part)
        out = {}
        for el in root:
            if el.tag != f"{{{NS_PKG_REL}}}Relationship":
                continue
            rid, target = el.get("Id", ""), el.get("Target", "")
            external = el.get("TargetMode") == "External"
            resolved = target if external else resolve_target(base, target)
            out[rid] = Rel(rid, el.get("Type", ""), resolved, external)
        return out

    def sheet(self, name: str) -> SheetEntry | None:
        for entry in self.sheets:
            if entry.name == name:
                return entry
        folded = name.casefold()
        for entry in self.sheets:
            if entry.name.casefold() == folded:
                return entry
        return None

    def part_of_type(self, rel_type: str) -> str | None:
        for rel in self.workbook_rels.values():
            if rel.type == rel_type and not rel.external and self.has(rel.target):
                return self.real_name(rel.target)
        return None

    def close(self) -> None:
        self.zip.close()


def rels_part_for(part: str) -> str:
    folder, base = posixpath.split(part)
    return posixpath.join(folder, "_rels", base + ".rels")


def resolve_target(base: str, target: str) -> str:
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    return posixpath.normpath(posixpath.join(base, target))


_DTD = re.compile(rb"<!(DOCTYPE|ENTITY)", re.I)
_ROOT = re.compile(rb"<[A-Za-z_]")


def refuse_dtd(data: bytes, filename: str, part: str) -> None:
    """OOXML never uses a DTD; one in a part is an attack on XML readers.

    A DTD can only come before the root element, so that prolog is searched,
    however much padding an attacker puts in front of it.
    """
    root = _ROOT.search(data)
    head = data[:root.start()] if root else data
    if b"<!" in head and _DTD.search(head):
        raise NotAWorkbook(
            f"{filename}: the part {part} declares a DTD or XML entities, which Excel files never "
            "do (it is how 'XML bomb' files attack readers); ragbook will not read it. Open "
            "the file in Excel and save a copy, or ask whoever sent it for a fresh one."
        )


_NOT_UTF8 = re.compile(rb"encoding=[\"'](?!utf-8)", re.I)


def refuse_non_utf8(data: bytes, message: str) -> None:
    """Raise UnsafeToWrite(message) if the part's XML declaration names an encoding
    other than UTF-8: ragbook rewrites parts as UTF-8 text."""
    if _NOT_UTF8.search(data[:100]):
        raise UnsafeToWrite(message)


def xml_prefix(text: str, local: str) -> str:
    """The namespace prefix, colon included, of the first <local> element ("" if none)."""
    m = re.search(rf"<([A-Za-z_][\w.\-]*:)?{local}\b", text)
    return (m.group(1) or "") if m else ""


def open_package(path: str | Path) -> Package:
    """Open and validate a workbook package; raise NotAWorkbook if unusable."""
    path = Path(path)
    name = path.name
    if not path.exists():
        raise NotAWorkbook(f"{path}: no such file.")
    if path.is_dir():
        raise NotAWorkbook(f"{path}: is a folder, not a workbook.")
    suffix = path.suffix.lower()
    try:
        with open(path, "rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        raise NotAWorkbook(f"{name}: cannot be read ({exc.strerror or exc}).") from None
    if head.startswith(OLE_MAGIC):
        raise NotAWorkbook(_ole_message(path))
    if suffix not in EXTENSIONS:
        hint = ("save it from Excel as 'Excel Workbook (*.xlsx)'" if suffix in (".xls", ".xlsb",
                ".ods", ".csv", ".xltx", ".xltm") else "point ragbook at an .xlsx or .xlsm file")
        raise NotAWorkbook(f"{name}: ragbook reads .xlsx and .xlsm workbooks; {hint}.")
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise NotAWorkbook(
            f"{name} is damaged or not an Excel workbook ({exc}). Open it in Excel, which can "
            "often repair it, and save a copy."
        ) from None
    try:
        return _read_structure(path, zf)
    except Exception:
        zf.close()
        raise


def _read_structure(path: Path, zf: zipfile.ZipFile) -> Package:
    name = path.name
    infos = zf.infolist()
    lower: dict[str, str] = {}
    for info in infos:
        if "\\" in info.filename:
            raise NotAWorkbook(
                f"{name}: its parts are named with backslashes ({info.filename}), which the "
                "file format does not allow; open it in Excel and save a copy, then try again."
            )
        key = info.filename.lower()
        if key in lower:
            raise NotAWorkbook(f"{name} is damaged: the part {info.filename} appears twice. Open "
                               "it in Excel, which can often repair it, and save a copy.")
        lower[key] = info.filename
    pkg = Package(path=path, zip=zf, infos=infos, workbook_part="", _lower=lower)
    if not pkg.has("[Content_Types].xml") or not pkg.has("_rels/.rels"):
        raise NotAWorkbook(
            f"{name} is damaged or not an Excel workbook (no [Content_Types].xml or _rels/.rels)."
            " Open it in Excel and save a copy."
        )
    root_rels = pkg.rels("")
    office = [r for r in root_rels.values() if r.type.endswith("/officeDocument")]
    if not office:
        raise NotAWorkbook(f"{name} is not an Excel workbook: it has no main document part.")
    if office[0].type != REL_OFFICE_DOC:
        raise NotAWorkbook(strict_message(name))
    wb_part = office[0].target
    if not pkg.has(wb_part):
        raise NotAWorkbook(f"{name} is damaged: its workbook part {wb_part} is missing.")
    pkg.workbook_part = pkg.real_name(wb_part)
    root = pkg.xml(pkg.workbook_part)
    if root.tag == f"{{{NS_STRICT}}}workbook":
        raise NotAWorkbook(strict_message(name))
    if root.tag != f"{{{NS_MAIN}}}workbook":
        raise NotAWorkbook(f"{name} is not an Excel workbook (its main part is {pkg.workbook_part},"
                           " as in another kind of Office file); point ragbook at an .xlsx or "
                           ".xlsm workbook.")
    pkg.workbook_rels = pkg.rels(pkg.workbook_part)
    pr = root.find(f"{{{NS_MAIN}}}workbookPr")
    pkg.date1904 = pr is not None and pr.get("date1904", "0").lower() in ("1", "true")
    sheets = root.find(f"{{{NS_MAIN}}}sheets")
    for el in (sheets if sheets is not None else []):
        rid = el.get(f"{{{NS_REL}}}id", "")
        rel = pkg.workbook_rels.get(rid)
        part = rel.target if rel and not rel.external and pkg.has(rel.target) else None
        kind = rel.type.rsplit("/", 1)[-1] if rel else "unknown"
        if kind == "xlMacrosheet" or kind == "xlIntlMacrosheet":
            kind = "macrosheet"
        try:
            sheet_id = int(el.get("sheetId", "0"))
        except ValueError:
            sheet_id = 0
        pkg.sheets.append(SheetEntry(
            name=el.get("name", ""), sheet_id=sheet_id, rid=rid,
            state=el.get("state", "visible"),
            part=pkg.real_name(part) if part else None, kind=kind,
        ))
    names = root.find(f"{{{NS_MAIN}}}definedNames")
    for el in (names if names is not None else []):
        local = el.get("localSheetId")
        pkg.defined_names.append(DefinedName(
            name=el.get("name", ""),
            local_sheet_id=int(local) if local and local.isdigit() else None,
            hidden=el.get("hidden", "0").lower() in ("1", "true"),
            text=el.text or "",
        ))
    return pkg


def _ole_message(path: Path) -> str:
    """An OLE compound file: an encrypted .xlsx, an old .xls, or something else."""
    name = path.name
    try:
        with open(path, "rb") as fh:
            head = fh.read(1 << 20)
    except OSError:
        head = b""
    if "EncryptedPackage".encode("utf-16-le") in head or "EncryptionInfo".encode("utf-16-le") in head:
        return (f"{name} is password-protected (encrypted); ragbook cannot read it. Remove the "
                "password in Excel (File > Info > Protect Workbook > Encrypt with Password) and "
                "try again.")
    if "Workbook".encode("utf-16-le") in head or "Book".encode("utf-16-le") in head:
        return (f"{name} is an old-style .xls workbook; open it in Excel and save it as "
                "'Excel Workbook (*.xlsx)'.")
    return (f"{name} is not an Excel workbook (it is an older Office file); open it in the "
            "program that made it and save it as an Excel Workbook (*.xlsx).")


def strict_message(name: str) -> str:
    return (f"{name} is saved as 'Strict Open XML Spreadsheet', which ragbook does not read; in "
            "Excel choose File > Save As > 'Excel Workbook (*.xlsx)' and try again.")
