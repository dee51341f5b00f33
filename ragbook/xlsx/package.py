"""An .xlsx/.xlsm file opened as the package it is: a zip of XML parts.

Opening checks, in order, everything that would make reading or writing
unsafe (encrypted, old .xls, damaged zip, ISO Strict, XML with a DTD, parts
too large to read safely) and raises a one-line `NotAWorkbook` naming the
problem and the fix. Parts are read lazily and never re-serialised here.
"""

from __future__ import annotations

import itertools
import os
import posixpath
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree as ET

from ..errors import FileProblem, NotAWorkbook
from .limits import MAX_PART_BYTES, MAX_RATIO, RATIO_FLOOR
from .xmltext import refuse_dtd, utf8_text, utf8_xml

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_STRICT = "http://purl.oclc.org/ooxml/spreadsheetml/main"
NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
REL_OFFICE_DOC = NS_REL + "/officeDocument"
REL_WORKSHEET = NS_REL + "/worksheet"
REL_STYLES = NS_REL + "/styles"
REL_SHARED_STRINGS = NS_REL + "/sharedStrings"
REL_THEME = NS_REL + "/theme"
REL_CALC_CHAIN = NS_REL + "/calcChain"
CT_WORKSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
EXTENSIONS = (".xlsx", ".xlsm")
XML_PARTS = (".xml", ".rels", ".vml")


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
    # (size, modified ns, inode, device) of the file as opened, to tell whether the
    # file at `path` is still the one read (see same_file()).
    identity: tuple[int, int, int, int] = (0, 0, 0, 0)
    _lower: dict[str, str] = field(default_factory=dict)
    _cache: dict[str, bytes] = field(default_factory=dict)

    # -- parts ---------------------------------------------------------
    def has(self, name: str) -> bool:
        return name.lower() in self._lower

    def real_name(self, name: str) -> str:
        """Part names compare case-insensitively (OPC); this is the stored one."""
        return self._lower[name.lower()]

    def read(self, name: str) -> bytes:
        """A part's bytes, bounded so a hostile file cannot exhaust memory.

        XML parts come back as UTF-8 whatever they were saved in (Excel reads
        UTF-16 parts too), and a part declaring a DTD is refused.
        """
        name = self.real_name(name)
        if name in self._cache:
            return self._cache[name]
        info = self.zip.getinfo(name)
        check_inflated_size(info, self.path.name)
        try:
            with self.zip.open(info) as stream:
                data = stream.read(MAX_PART_BYTES + 1)
        except (
            zipfile.BadZipFile,
            OSError,
            EOFError,
            NotImplementedError,
            RuntimeError,
            ValueError,
            struct.error,
            zlib.error,
        ) as exc:
            if not self.same_file():
                raise FileProblem(changed_elsewhere(self.path.name)) from None
            raise NotAWorkbook(
                f"{self.path.name}: the part {name} is damaged ({exc}). "
                "Open the file in Excel, which can often repair it, and save a copy."
            ) from None
        if len(data) > MAX_PART_BYTES:
            raise NotAWorkbook(f"{self.path.name}: the part {name} is too large to read safely.")
        if name.lower().endswith(XML_PARTS):
            data = utf8_xml(data, self.path.name, name)
            refuse_dtd(data, self.path.name, name)
            if len(data) < (4 << 20):
                self._cache[name] = data
        return data

    def text(self, name: str) -> str:
        """A part ragbook rewrites, as text; refused when its bytes are not UTF-8."""
        return utf8_text(self.read(name), f"{self.path.name}: the part {self.real_name(name)}")

    def source_file(self):
        """The open file this package was read from. Parts are copied from it, never
        from whatever file has the name now (another program may have replaced it)."""
        if self.zip.fp is None:
            raise ValueError(f"{self.path.name} is closed")
        return self.zip.fp

    def same_file(self) -> bool:
        """Whether the file at `path` is still the one this package was read from."""
        try:
            return _identity(os.stat(self.path)) == self.identity
        except OSError:
            return False

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


def check_inflated_size(info: zipfile.ZipInfo, filename: str) -> None:
    """Refuse a part too large to inflate safely: by its size, and, for a big part,
    by how many times it inflates (a zip bomb's mark)."""
    size, packed = info.file_size, max(info.compress_size, 1)
    ratio = size / packed
    numbers = f"{size:,} bytes, {ratio:,.0f} times its {info.compress_size:,} compressed bytes"
    if size > MAX_PART_BYTES:
        raise NotAWorkbook(
            f"{filename}: the part {info.filename} would inflate to {numbers}; ragbook reads "
            f"parts of up to {MAX_PART_BYTES >> 20} MB (the file may be a zip bomb). Open it in "
            "Excel and save a copy, or ask whoever sent it for a fresh one."
        )
    if size > RATIO_FLOOR and ratio > MAX_RATIO:
        raise NotAWorkbook(
            f"{filename}: the part {info.filename} would inflate to {numbers}; ragbook does not "
            f"read a part that big inflating more than {MAX_RATIO:,} times (the file may be a zip "
            "bomb; Excel's own files stay far below that). Open it in Excel and save a copy, or ask whoever sent it "
            "for a fresh one."
        )


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
    if suffix in EXTENSIONS and not head.startswith(b"PK"):
        text = _text_kind(path)
        if text:
            raise NotAWorkbook(text)
    if suffix not in EXTENSIONS:
        hint = (
            "save it from Excel as 'Excel Workbook (*.xlsx)'"
            if suffix in (".xls", ".xlsb", ".ods", ".csv", ".xltx", ".xltm")
            else "point ragbook at an .xlsx or .xlsm file"
        )
        raise NotAWorkbook(f"{name}: ragbook reads .xlsx and .xlsm workbooks; {hint}.")
    try:
        zf = zipfile.ZipFile(path)
    except (
        zipfile.BadZipFile,
        OSError,
        ValueError,
        EOFError,
        struct.error,
        NotImplementedError,
    ) as exc:
        raise NotAWorkbook(
            f"{name} is damaged or not an Excel workbook ({exc}). Open it in Excel, which can "
            "often repair it, and save a copy."
        ) from None
    try:
        return _read_structure(path, zf)
    except Exception:
        zf.close()
        raise


def changed_elsewhere(name: str) -> str:
    """The one line for a plan another program wrote to while ragbook was reading it."""
    return (
        f"{name} was changed by another program (or another ragbook run) while ragbook "
        "was working on it, so ragbook has not saved over it; nothing was written. Run "
        "ragbook again, to work from the file as it is now."
    )


def _identity(st: os.stat_result) -> tuple[int, int, int, int]:
    return (st.st_size, st.st_mtime_ns, st.st_ino, st.st_dev)


def _read_structure(path: Path, zf: zipfile.ZipFile) -> Package:
    name = path.name
    infos = zf.infolist()
    _refuse_overlaps(zf, infos, name)
    lower: dict[str, str] = {}
    for info in infos:
        if "\\" in info.filename:
            raise NotAWorkbook(
                f"{name}: its parts are named with backslashes ({info.filename}), which the "
                "file format does not allow; open it in Excel and save a copy, then try again."
            )
        key = info.filename.lower()
        if key in lower:
            raise NotAWorkbook(
                f"{name} is damaged: the part {info.filename} appears twice. Open "
                "it in Excel, which can often repair it, and save a copy."
            )
        lower[key] = info.filename
    pkg = Package(
        path=path,
        zip=zf,
        infos=infos,
        workbook_part="",
        _lower=lower,
        identity=_identity(os.fstat(zf.fp.fileno())) if zf.fp else (0, 0, 0, 0),
    )
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
        raise NotAWorkbook(
            f"{name} is not an Excel workbook (its main part is {pkg.workbook_part},"
            " as in another kind of Office file); point ragbook at an .xlsx or "
            ".xlsm workbook."
        )
    pkg.workbook_rels = pkg.rels(pkg.workbook_part)
    pr = root.find(f"{{{NS_MAIN}}}workbookPr")
    pkg.date1904 = pr is not None and pr.get("date1904", "0").lower() in ("1", "true")
    sheets = root.find(f"{{{NS_MAIN}}}sheets")
    for el in sheets if sheets is not None else []:
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
        pkg.sheets.append(
            SheetEntry(
                name=el.get("name", ""),
                sheet_id=sheet_id,
                rid=rid,
                state=el.get("state", "visible"),
                part=pkg.real_name(part) if part else None,
                kind=kind,
            )
        )
    names = root.find(f"{{{NS_MAIN}}}definedNames")
    for el in names if names is not None else []:
        local = el.get("localSheetId")
        pkg.defined_names.append(
            DefinedName(
                name=el.get("name", ""),
                local_sheet_id=int(local) if local and local.isdigit() else None,
                hidden=el.get("hidden", "0").lower() in ("1", "true"),
                text=el.text or "",
            )
        )
    return pkg


def _refuse_overlaps(zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo], name: str) -> None:
    """Each part's bytes must be its own: two entries sharing bytes is how the
    'overlapping' zip bombs make a small file inflate to gigabytes."""
    fp = zf.fp
    if fp is None:
        return
    spans = []
    size = os.fstat(fp.fileno()).st_size
    for info in infos:
        local = b""
        if 0 <= info.header_offset < size:
            fp.seek(info.header_offset)
            local = fp.read(30)
        if len(local) < 30 or local[:4] != b"PK\x03\x04":
            raise NotAWorkbook(
                f"{name} is damaged: the part {info.filename} is not where the zip "
                "says. Open it in Excel, which can often repair it, and save a "
                "copy."
            )
        name_len, extra_len = struct.unpack("<2H", local[26:30])
        end = info.header_offset + 30 + name_len + extra_len + info.compress_size
        spans.append((info.header_offset, end, info.filename))
    spans.sort()
    for (_, end, first), (start, _, second) in itertools.pairwise(spans):
        if start < end:
            raise NotAWorkbook(
                f"{name} is damaged: its parts {first} and {second} share the same bytes in the "
                "zip (how 'zip bomb' files inflate to gigabytes); ragbook will not read it. Ask "
                "whoever sent it for a fresh copy, or open it in Excel and save a copy."
            )
    directory = getattr(zf, "start_dir", None)
    if spans and directory is not None and spans[-1][1] > directory:
        raise NotAWorkbook(
            f"{name} is damaged: the part {spans[-1][2]} runs into the zip's "
            "directory. Open it in Excel, which can often repair it, and save a "
            "copy."
        )


def _text_kind(path: Path) -> str | None:
    """The message for a text file named .xlsx (a CSV saved with the wrong name, say)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(4096)
    except OSError:
        return None
    if not head:
        return None
    for bom, codec in (  # noqa: B007  codec is read after the loop (for/else)
        (b"\xef\xbb\xbf", "utf-8"),
        (b"\xff\xfe", "utf-16-le"),
        (b"\xfe\xff", "utf-16-be"),
    ):
        if head.startswith(bom):
            head = head[len(bom) :]
            break
    else:
        codec = "utf-8"
    text = head.decode(codec, "ignore") if codec != "utf-8" else head.decode("utf-8", "replace")
    if (
        "\x00" in text
        or sum(not (ch.isprintable() or ch in "\r\n\t") for ch in text) > len(text) // 20
    ):
        return None
    name = path.name
    if text.lstrip().startswith("<"):
        return (
            f"{name} is a web page or XML file named .xlsx, not an Excel workbook; open it "
            "in Excel and save it as 'Excel Workbook (*.xlsx)', then try again."
        )
    first = text.splitlines()[0] if text.splitlines() else text
    if any(sep in first for sep in (",", ";", "\t")):
        return (
            f"{name} is a CSV (text) file named .xlsx, not an Excel workbook; open it in "
            "Excel and save it as 'Excel Workbook (*.xlsx)', then try again."
        )
    return (
        f"{name} is a text file named .xlsx, not an Excel workbook; open it in Excel and "
        "save it as 'Excel Workbook (*.xlsx)', then try again."
    )


def _ole_message(path: Path) -> str:
    """An OLE compound file: an encrypted .xlsx, an old .xls, or something else."""
    name = path.name
    try:
        with open(path, "rb") as fh:
            head = fh.read(1 << 20)
    except OSError:
        head = b""
    if (
        "EncryptedPackage".encode("utf-16-le") in head
        or "EncryptionInfo".encode("utf-16-le") in head
    ):
        return (
            f"{name} is password-protected (encrypted); ragbook cannot read it. Remove the "
            "password in Excel (File > Info > Protect Workbook > Encrypt with Password) and "
            "try again."
        )
    if "Workbook".encode("utf-16-le") in head or "Book".encode("utf-16-le") in head:
        return (
            f"{name} is an old-style .xls workbook; open it in Excel and save it as "
            "'Excel Workbook (*.xlsx)'."
        )
    return (
        f"{name} is not an Excel workbook (it is an older Office file); open it in the "
        "program that made it and save it as an Excel Workbook (*.xlsx)."
    )


def strict_message(name: str) -> str:
    return (
        f"{name} is saved as 'Strict Open XML Spreadsheet', which ragbook does not read; in "
        "Excel choose File > Save As > 'Excel Workbook (*.xlsx)' and try again."
    )
