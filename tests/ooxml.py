"""Checking what ragbook writes against the ECMA-376 Transitional schemas, and against
the rules Excel enforces that the schemas do not (see ooxml-xsd/README.md).

There is no Excel here, so this is how the tests know a part would not make Excel
offer to "repair" the workbook:

- every XML part is validated with lxml against the schemas (sml.xsd for
  SpreadsheetML, the OPC schemas for relationships, content types and core
  properties, DrawingML for the theme, the charts and their drawing, and the Excel
  2010 sparkline extension),
  after the markup-compatibility step Excel does first (elements and attributes
  of mc:Ignorable namespaces dropped, mc:AlternateContent resolved to its
  Fallback) and with xml:space taken off <t>;
- then Excel's other rules: sheet names, defined names, the workbook view,
  style counts, cell order, hyperlinks per sheet, content types.

`problems_in_written(...)` checks a plan ragbook saved: the parts it wrote must be
valid, and a part of the owner's it edited must be valid if it was before.
`problems_in_package(...)` checks every part of a file (a lead workbook).
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from functools import cache
from pathlib import Path

from lxml import etree

HERE = Path(__file__).resolve().parent
XSD = HERE / "ooxml-xsd"

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
NS_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
M = f"{{{NS_MAIN}}}"

# Namespaces whose schemas are loaded; a part's root in another namespace (a VML
# drawing, a custom XML part) is not validated, only checked to be well-formed.
SCHEMA_FILES = {
    NS_MAIN: "trans/sml.xsd",
    "http://schemas.microsoft.com/office/spreadsheetml/2009/9/main": "ms/x14-sparklines.xsd",
    NS_PKG_REL: "opc/opc-relationships.xsd",
    NS_CT: "opc/opc-contentTypes.xsd",
    "http://schemas.openxmlformats.org/package/2006/metadata/core-properties": "opc/opc-coreProperties.xsd",
    "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties": "trans/shared-documentPropertiesExtended.xsd",
    "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties": "trans/shared-documentPropertiesCustom.xsd",
    "http://schemas.openxmlformats.org/drawingml/2006/main": "trans/dml-main.xsd",
    # The charts ragbook draws on the Tracker, and the drawing that places them.
    "http://schemas.openxmlformats.org/drawingml/2006/chart": "trans/dml-chart.xsd",
    "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing": "trans/dml-spreadsheetDrawing.xsd",
}
MAX_HYPERLINKS = 65_530
FORBIDDEN_IN_SHEET_NAMES = set("[]:*?/\\")
STYLE_COLLECTIONS = (
    "numFmts",
    "fonts",
    "fills",
    "borders",
    "cellStyleXfs",
    "cellXfs",
    "cellStyles",
    "dxfs",
)


@cache
def schema() -> etree.XMLSchema:
    """One schema set holding every namespace above (x14 inside <extLst> is then
    validated too: <ext> takes any element, laxly, so a known one is checked)."""
    imports = "".join(
        f'<xsd:import namespace="{ns}" schemaLocation="{(XSD / f).as_uri()}"/>'
        for ns, f in SCHEMA_FILES.items()
    )
    driver = (
        '<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema" '
        'targetNamespace="urn:ragbook:tests:all" elementFormDefault="qualified">'
        f"{imports}</xsd:schema>"
    )
    return etree.XMLSchema(etree.fromstring(driver.encode(), base_url=(XSD / "all.xsd").as_uri()))


# -- markup compatibility -----------------------------------------------------------


def as_excel_reads(root: etree._Element) -> etree._Element:
    """The element tree after Excel's markup-compatibility step (ECMA-376 Part 3)."""
    ignorable: set[str] = set()
    for el in root.iter():
        value = el.get(f"{{{NS_MC}}}Ignorable")
        if value:
            for prefix in value.split():
                ns = el.nsmap.get(prefix)
                if ns:
                    ignorable.add(ns)
    for el in list(root.iter(f"{{{NS_MC}}}AlternateContent")):
        parent = el.getparent()
        fallback = el.find(f"{{{NS_MC}}}Fallback")
        index = parent.index(el)
        parent.remove(el)
        for child in reversed(list(fallback) if fallback is not None else []):
            parent.insert(index, child)
    for el in list(root.iter()):
        if not isinstance(el.tag, str):
            continue
        for name in list(el.attrib):
            if name.startswith("{") and (
                name[1:].split("}")[0] in ignorable or name.startswith(f"{{{NS_MC}}}")
            ):
                del el.attrib[name]
        ns = etree.QName(el).namespace
        if el is not root and ns in ignorable and el.getparent() is not None:
            el.getparent().remove(el)
    for t in root.iter(f"{M}t"):
        t.attrib.pop(XML_SPACE, None)
    return root


def schema_problems(name: str, data: bytes) -> list[str]:
    """Where a part breaks the schemas ([] when valid, or not a schema'd namespace)."""
    try:
        root = etree.fromstring(
            data, etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
        )
    except etree.XMLSyntaxError as exc:
        return [f"{name}: not well-formed XML ({exc})"]
    if etree.QName(root).namespace not in SCHEMA_FILES:
        return []
    root = as_excel_reads(root)
    checker = schema()
    if checker.validate(root):
        return []
    return [f"{name}:{e.line}: {e.message}" for e in checker.error_log][:20]


# -- Excel's other rules --------------------------------------------------------------


def sheet_name_problems(names: list[str]) -> list[str]:
    out = []
    seen: set[str] = set()
    for name in names:
        units = len(name.encode("utf-16-le")) // 2
        if not name.strip():
            out.append(f"sheet name {name!r} is blank")
        if units > 31:
            out.append(f"sheet name {name!r} is {units} UTF-16 units long (Excel allows 31)")
        if FORBIDDEN_IN_SHEET_NAMES & set(name):
            out.append(f"sheet name {name!r} holds a character Excel forbids")
        if name.startswith("'") or name.endswith("'"):
            out.append(f"sheet name {name!r} starts or ends with an apostrophe")
        if name.casefold() == "history":
            out.append(f"sheet name {name!r} is reserved by Excel")
        if name.casefold() in seen:
            out.append(f"sheet name {name!r} is used twice (names ignore case)")
        seen.add(name.casefold())
    return out


_TEXT_CONSTANT = re.compile(r'"(?:[^"]|"")*"')
_SHEET_REF = re.compile(r"'((?:[^']|'')+)'!|(?<![\w.\]'])([A-Za-z_][\w.]*)!")


def referenced_sheets(formula: str) -> set[str]:
    """Sheets a defined name's formula names (a plain reading, not ragbook's own)."""
    formula = _TEXT_CONSTANT.sub('""', formula)
    out = set()
    for m in _SHEET_REF.finditer(formula):
        quoted, plain = m.group(1), m.group(2)
        name = quoted.replace("''", "'") if quoted is not None else plain
        if name.startswith("[") or name.upper() == "REF":
            continue
        out.update(name.split(":"))
    return out


def workbook_problems(data: bytes) -> list[str]:
    root = as_excel_reads(etree.fromstring(data))
    sheets = root.findall(f"{M}sheets/{M}sheet")
    names = [s.get("name") for s in sheets]
    hidden = {i for i, s in enumerate(sheets) if s.get("state", "visible") != "visible"}
    out = sheet_name_problems(names)
    for view in root.findall(f"{M}bookViews/{M}workbookView"):
        for attr in ("activeTab", "firstSheet"):
            value = int(view.get(attr, "0"))
            if not 0 <= value < len(sheets):
                out.append(f"workbookView {attr}={value} is outside the {len(sheets)} sheets")
            elif value in hidden:
                out.append(f"workbookView {attr}={value} is a hidden sheet ({names[value]})")
    seen: set[tuple] = set()
    folded = {n.casefold() for n in names}
    for dn in root.findall(f"{M}definedNames/{M}definedName"):
        scope = dn.get("localSheetId")
        key = (dn.get("name", "").casefold(), scope)
        if key in seen:
            out.append(f"defined name {dn.get('name')} twice in one scope")
        seen.add(key)
        if scope is not None and not 0 <= int(scope) < len(sheets):
            out.append(
                f"defined name {dn.get('name')} is scoped to sheet {scope}, which is not there"
            )
        for ref in referenced_sheets(dn.text or ""):
            if ref.casefold() not in folded:
                out.append(
                    f"defined name {dn.get('name')} refers to a sheet that is not there: "
                    f"{ref!r} ({dn.text})"
                )
    return out


def styles_problems(data: bytes) -> list[str]:
    root = as_excel_reads(etree.fromstring(data))
    out = []
    for name in STYLE_COLLECTIONS:
        el = root.find(M + name)
        if el is not None and el.get("count") is not None and int(el.get("count")) != len(el):
            out.append(f"styles: <{name} count={el.get('count')}> has {len(el)} entries")
    xfs = root.find(f"{M}cellXfs")
    if xfs is None or len(xfs) == 0:
        out.append("styles: no cell formats (cellXfs), so no default format")
    return out


_ROW_COL = re.compile(r"([A-Z]{1,3})(\d+)")


def _col(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def worksheet_problems(name: str, data: bytes) -> list[str]:
    root = etree.fromstring(data, etree.XMLParser(huge_tree=True))
    out = []
    last_row = 0
    for row in root.iterfind(f"{M}sheetData/{M}row"):
        r = int(row.get("r", last_row + 1))
        if r <= last_row:
            out.append(f"{name}: row {r} comes after row {last_row}")
        if r > 1_048_576:
            out.append(f"{name}: row {r} is past Excel's last row")
        last_row = r
        last_col = 0
        for c in row.iterfind(f"{M}c"):
            ref = c.get("r")
            if ref is None:
                last_col += 1
                continue
            m = _ROW_COL.fullmatch(ref)
            if not m or int(m.group(2)) != r:
                out.append(f"{name}: cell {ref} is in row {r}")
                continue
            col = _col(m.group(1))
            if col <= last_col:
                out.append(f"{name}: cell {ref} is out of order in row {r}")
            if col > 16_384:
                out.append(f"{name}: cell {ref} is past Excel's last column")
            last_col = col
            for t in c.iter(f"{M}t", f"{M}v"):
                if t.text and len(t.text.encode("utf-16-le")) // 2 > 32_767:
                    out.append(f"{name}: cell {ref} holds more than 32,767 characters")
    out += sparkline_problems(name, root)
    links = root.findall(f"{M}hyperlinks/{M}hyperlink")
    if len(links) > MAX_HYPERLINKS:
        out.append(f"{name}: {len(links):,} hyperlinks, more than Excel's {MAX_HYPERLINKS:,}")
    return out


NS_XM = "http://schemas.microsoft.com/office/excel/2006/main"
_PLAIN_SHEET = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*")
# Unquoted, Excel reads these as a cell (A1), an R1C1 reference (R, C3, RC, R1C1) or a value.
_MISREAD = re.compile(
    r"[A-Za-z]{1,3}[0-9]+|[Rr][0-9]*|[Cc][0-9]*|[Rr][0-9]*[Cc][0-9]*|TRUE|FALSE", re.I
)


def sparkline_problems(name: str, root: etree._Element) -> list[str]:
    """A sparkline's range must name its sheet as Excel reads it (quoted when needed)."""
    out = []
    for f in root.iter(f"{{{NS_XM}}}f"):
        sheet, bang, _ = (f.text or "").rpartition("!")
        if not bang:
            out.append(f"{name}: sparkline range {f.text!r} names no sheet")
        elif not (sheet.startswith("'") and sheet.endswith("'")) and (
            not _PLAIN_SHEET.fullmatch(sheet) or _MISREAD.fullmatch(sheet)
        ):
            out.append(f"{name}: sparkline range {f.text!r} needs its sheet name quoted")
    return out


def content_type_problems(parts: dict[str, bytes]) -> list[str]:
    root = etree.fromstring(parts["[Content_Types].xml"])
    defaults = {d.get("Extension", "").lower() for d in root.iter(f"{{{NS_CT}}}Default")}
    overrides: dict[str, int] = {}
    for o in root.iter(f"{{{NS_CT}}}Override"):
        key = o.get("PartName", "").lower()
        overrides[key] = overrides.get(key, 0) + 1
    out = [f"[Content_Types].xml declares {k} {n} times" for k, n in overrides.items() if n > 1]
    for part in parts:
        if part.endswith("/") or part == "[Content_Types].xml":
            continue
        ext = part.rsplit(".", 1)[-1].lower() if "." in posixpath.basename(part) else ""
        if "/" + part.lower() not in overrides and ext not in defaults:
            out.append(f"{part} has no content type")
    return out


def rels_problems(name: str, data: bytes, parts: dict[str, bytes]) -> list[str]:
    root = etree.fromstring(data)
    folder = posixpath.dirname(posixpath.dirname(name))
    out, ids = [], set()
    for rel in root.iter(f"{{{NS_PKG_REL}}}Relationship"):
        if rel.get("Id") in ids:
            out.append(f"{name}: relationship {rel.get('Id')} twice")
        ids.add(rel.get("Id"))
        if rel.get("TargetMode") == "External":
            continue
        target = rel.get("Target", "")
        resolved = posixpath.normpath(
            target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
        )
        if resolved.lower() not in {p.lower() for p in parts}:
            out.append(f"{name}: {rel.get('Id')} points at {resolved}, which is not there")
    return out


def rule_problems(name: str, data: bytes, parts: dict[str, bytes], worksheet: bool) -> list[str]:
    """Excel's rules for one part, by what it is."""
    if name.lower() == "xl/workbook.xml" or data.lstrip()[:200].find(b"<workbook") >= 0:
        try:
            if etree.QName(etree.fromstring(data)).localname == "workbook":
                return workbook_problems(data)
        except etree.XMLSyntaxError:
            return []
    if name.lower().endswith("styles.xml"):
        return styles_problems(data)
    if name.lower().endswith(".rels"):
        return rels_problems(name, data, parts)
    if worksheet:
        return worksheet_problems(name, data)
    return []


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {i.filename: z.read(i) for i in z.infolist()}


def _worksheets(parts: dict[str, bytes]) -> set[str]:
    root = etree.fromstring(parts["[Content_Types].xml"])
    return {
        o.get("PartName", "").lstrip("/")
        for o in root.iter(f"{{{NS_CT}}}Override")
        if o.get("ContentType", "").endswith("worksheet+xml")
    }


def part_problems(
    name: str, data: bytes, parts: dict[str, bytes], worksheets: set[str]
) -> list[str]:
    return schema_problems(name, data) + rule_problems(name, data, parts, name in worksheets)


def problems_in_package(data: bytes) -> list[str]:
    """Every XML part of a package, checked (for files ragbook writes whole)."""
    parts = _parts(data)
    worksheets = _worksheets(parts)
    out = content_type_problems(parts)
    for name, content in parts.items():
        if name.lower().endswith((".xml", ".rels")):
            out += part_problems(name, content, parts, worksheets)
    return out


def problems_in_written(before: bytes, after: bytes, changed: list[str]) -> list[str]:
    """The parts ragbook wrote into a plan (`changed`), checked: valid, or, for a part
    of the owner's that ragbook edited, no less valid than it was."""
    old, new = _parts(before), _parts(after)
    worksheets = _worksheets(new)
    old_worksheets = _worksheets(old)
    out = []
    if not content_type_problems(old):
        out += content_type_problems(new)
    else:  # declared twice before: ragbook must not make it worse
        dup = [p for p in content_type_problems(new) if "times" in p]
        out += [p for p in dup if p not in content_type_problems(old)]
    for name in changed:
        if not name.lower().endswith((".xml", ".rels")) or name not in new:
            continue
        found = part_problems(name, new[name], new, worksheets)
        if found and name in old:
            was = part_problems(name, old[name], old, old_worksheets)
            found = [p for p in found if _without_line(p) not in {_without_line(w) for w in was}]
        out += found
    return out


def _without_line(problem: str) -> str:
    return re.sub(r"^([^:]+):\d+:", r"\1:", problem)
