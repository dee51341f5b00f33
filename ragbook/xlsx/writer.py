"""Writing the sheets ragbook owns into a workbook package, keeping the rest.

Only these parts change: the owned sheets' parts, with the parts that draw their
charts (xlsx/drawingxml.py: reachable only from an owned sheet, and so deleted and
made afresh with it); the workbook part (its
sheet list, the defined names that belong to owned sheets, ragbook's RAG_
names, the active tab, and calcPr's fullCalcOnLoad when the owner's formulas
read a rebuilt sheet); the refreshOnLoad flag of pivot caches over owned sheets;
the cached value (<v>) of the owner's cells that are exactly one RAG_ name or one
cell of a rebuilt sheet;
the workbook's relationships; [Content_Types].xml; the styles part (new
formats appended); and the calculation chain when it lists cells of a sheet
that was rebuilt. Every other part is copied byte for byte, still
compressed, from the original file.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import BinaryIO

from ..errors import UnsafeToWrite
from .cached import exact_value, set_cached
from .cells import unescape
from .dependents import Dependent, find_dependents
from .drawingxml import CT_RELS, chart_parts
from .formulas import refers_to
from .names import absolute, figure_name, is_ragbooks
from .owned import MARKER, mark_name, owned_sheets, role_text
from .package import (
    CT_WORKSHEET,
    NS_REL,
    REL_CALC_CHAIN,
    REL_STYLES,
    REL_WORKSHEET,
    Package,
    SheetEntry,
    rels_part_for,
    xml_prefix,
)
from .patch import patch_cells
from .printing import body_points
from .recalc import full_calc_on_load, refresh_on_load, set_attribute
from .sheetxml import clear_text_cache, escape_attr, escape_text, sheet_xml_chunks
from .spec import SheetSpec, quote_sheet
from .stylesheet import StylesEditor
from .zipwrite import FIXED_TIME, ZipCopier

CT_STYLES = "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"
# Defined names ragbook writes for its own sheets (and so replaces).
MANAGED_NAMES = {MARKER, "_xlnm.print_titles", "_xlnm._filterdatabase"}


@dataclass
class WriteReport:
    written: list[str] = field(default_factory=list)  # sheet names written
    removed: list[str] = field(default_factory=list)  # owned sheets removed
    changed_parts: list[str] = field(default_factory=list)
    deleted_parts: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)  # ragbook's stable names written
    # Stable names not written because the owner has a name of that name already.
    names_skipped: list[str] = field(default_factory=list)
    # The owner's cells, names, charts and pivots that read the sheets rebuilt.
    dependents: list[Dependent] = field(default_factory=list)


@dataclass
class _Slot:
    entry: SheetEntry | None  # the existing sheet, None for a new one
    spec: SheetSpec | None  # what to write, None to keep as it is
    part: str = ""
    rid: str = ""
    sheet_id: int = 0


def check_writable(pkg: Package) -> None:
    """Refuse, with the reason and the fix, files a write would damage."""
    _check_writable(pkg, _workbook_text(pkg))


def _check_writable(pkg: Package, text: str) -> None:
    """check_writable() with the workbook part's text already read."""
    name = pkg.path.name
    if re.search(
        r"<(?:\w+:)?workbookProtection\b[^>]*\blockStructure\s*=\s*[\"'](1|true)[\"']", text
    ):
        raise UnsafeToWrite(
            f"{name}: the workbook's structure is protected, so sheets cannot be "
            "added; in Excel choose Review > Protect Workbook to unprotect it, "
            "refresh, then protect it again."
        )
    if re.search(r"<(?:\w+:)?fileSharing\b[^>]*\b(reservationPassword|hashValue)\s*=", text):
        raise UnsafeToWrite(
            f"{name} has a 'password to modify'; ragbook cannot give it. Remove it "
            "(File > Save As > Tools > General Options) or refresh a copy."
        )
    for info in pkg.infos:
        low = info.filename.lower()
        if low.startswith("xl/revisions/"):
            raise UnsafeToWrite(
                f"{name} is a shared workbook (legacy 'Share Workbook'), whose "
                "change history would no longer match; turn sharing off in Excel "
                "(Review > Share Workbook) and try again."
            )
        if low.startswith("_xmlsignatures/"):
            raise UnsafeToWrite(
                f"{name} is digitally signed, and adding sheets would break the "
                "signature; remove the signature in Excel (File > Info > View "
                "Signatures) or refresh a copy, then sign again."
            )


def _workbook_text(pkg: Package) -> str:
    return pkg.text(pkg.workbook_part)


def write_sheets(
    pkg: Package,
    specs: list[SheetSpec],
    dest: BinaryIO,
    *,
    retire: Callable[[str], bool] = lambda role: False,
    patches: dict[str, dict[str, object]] | None = None,
    marks: dict[str, str] | None = None,
    recolour: dict[str, dict[str, str]] | None = None,
) -> WriteReport:
    """Write `specs` (sheets ragbook owns) into a copy of the package at `dest`.

    Args:
        pkg: the open source package.
        specs: the owned sheets to write, in the tab order wanted. A spec whose
            role matches an owned sheet already there replaces it in place;
            a new one goes after the sheet written before it.
        dest: a binary file to write the new package to.
        retire: owned roles for which an existing sheet is removed when no
            spec replaces it (a lead with no actions left, say).
        patches: cell edits in the owner's sheets: sheet name -> {"F12": value}.
            Only those cells change (see patch.patch_cells).
        recolour: patched cells whose fill becomes a colour: sheet name -> {"F12":
            "FF0000"}; only their style index changes, to a copy of their format
            with that fill appended to the styles part.
        marks: ragbook's workbook-scoped marks to set (see owned.workbook_marks):
            key -> text. Each replaces the mark of that key; other marks and
            every name of the owner's are kept as they are.
    """
    text = _workbook_text(pkg)
    _check_writable(pkg, text)
    report = WriteReport()
    owned = owned_sheets(pkg)
    by_role = {spec.role: spec for spec in specs}
    if len(by_role) != len(specs):
        raise ValueError("two sheets with the same role")

    slots: list[_Slot] = []
    dropped: list[SheetEntry] = []
    placed: dict[str, int] = {}
    for index, entry in enumerate(pkg.sheets):
        role = owned.get(index)
        if role is not None and role in by_role:
            if entry.part is None or entry.kind != "worksheet":
                raise UnsafeToWrite(
                    f"{pkg.path.name}: the sheet '{entry.name}' is marked as "
                    "ragbook's but is not a worksheet; delete it and refresh."
                )
            placed[role] = len(slots)
            slots.append(_Slot(entry, by_role[role]))
        elif role is not None and retire(role):
            dropped.append(entry)
        else:
            slots.append(_Slot(entry, None))
    previous = None
    for spec in specs:
        if spec.role not in placed:
            at = placed[previous] + 1 if previous is not None else len(slots)
            slots.insert(at, _Slot(None, spec))
            for role, pos in placed.items():
                if pos >= at:
                    placed[role] = pos + 1
            placed[spec.role] = at
        previous = spec.role

    names = [s.spec.name if s.spec else s.entry.name for s in slots]  # type: ignore[union-attr]  # a spec or an entry
    if len({n.casefold() for n in names}) != len(names):
        raise ValueError(f"sheet names clash: {names}")

    wb_part = pkg.workbook_part
    wb_dir = posixpath.dirname(wb_part)
    rels = pkg.workbook_rels
    used_ids = {e.sheet_id for e in pkg.sheets}
    used_rids = set(rels)
    ct_name = pkg.real_name("[Content_Types].xml")
    ct_text = pkg.text(ct_name)
    # A new part never takes a name [Content_Types].xml still declares (other tools
    # leave declarations of parts they removed), so no part is declared twice.
    used_parts = {i.filename.lower() for i in pkg.infos} | _declared_parts(ct_text)
    n = 1
    for slot in slots:
        if slot.entry is not None:
            slot.part, slot.rid, slot.sheet_id = (
                slot.entry.part or "",
                slot.entry.rid,
                slot.entry.sheet_id,
            )
            continue
        slot.sheet_id = _next(used_ids)
        slot.rid = _next_rid(used_rids)
        # Nor one whose relationships part is left over (the sheet's charts need that name).
        while {
            posixpath.join(wb_dir, f"worksheets/{name}").lower()
            for name in (f"sheet{n}.xml", f"_rels/sheet{n}.xml.rels")
        } & used_parts:
            n += 1
        slot.part = posixpath.join(wb_dir, f"worksheets/sheet{n}.xml")
        used_parts.add(slot.part.lower())

    # Parts to delete: removed sheets, old relationships of rebuilt sheets,
    # and whatever only those pointed at (a comment someone typed on the Tracker).
    replaced = [s.entry for s in slots if s.entry is not None and s.spec is not None]
    deleted = {e.part for e in dropped if e.part}
    roots = [e.part for e in dropped + replaced if e.part]
    deleted |= _orphans(pkg, roots, keep={s.part for s in slots})
    for part in roots:
        rels_name = rels_part_for(part)
        if pkg.has(rels_name):
            deleted.add(pkg.real_name(rels_name))

    styles_part = pkg.part_of_type(REL_STYLES)
    editor = StylesEditor(pkg.read(styles_part) if styles_part else None, pkg.path.name)
    active_old = _view_attr(text, "activeTab")
    index_map = {
        old: new
        for new, s in enumerate(slots)
        if s.entry is not None
        for old, e in enumerate(pkg.sheets)
        if e is s.entry
    }
    hidden = {
        i
        for i, s in enumerate(slots)
        if (s.spec.state if s.spec is not None and s.entry is None else s.entry.state) != "visible"  # type: ignore[union-attr]  # a spec or an entry
    }
    active_new = _new_position(active_old, index_map, hidden, len(slots))

    # Each sheet's XML is made only when the zip gets to it, so a plan with a
    # thousand lead sheets never holds them all in memory at once; the styles
    # part, which gains the formats they use, goes into the zip after them.
    new_content: dict[str, bytes | Callable[[], Iterable[bytes]]] = {}
    body_pt = body_points(editor.font_size)
    for position, slot in enumerate(slots):
        if slot.spec is None:
            continue
        new_content[slot.part] = lambda spec=slot.spec, selected=position == active_new: (  # type: ignore[misc]  # mypy cannot infer a lambda with defaults
            sheet_xml_chunks(
                spec, editor.index, date1904=pkg.date1904, selected=selected, body_pt=body_pt
            )
        )
        report.written.append(slot.spec.name)
    report.removed = [e.name for e in dropped]

    new_parts: list[str] = [s.part for s in slots if s.entry is None]
    new_rels: list[tuple[str, str, str]] = [
        (s.rid, REL_WORKSHEET, s.part) for s in slots if s.entry is None
    ]
    styles_info = pkg.zip.getinfo(styles_part) if styles_part else None
    if styles_part is None:
        styles_part, n = posixpath.join(wb_dir, "styles.xml"), 1
        while styles_part.lower() in used_parts:  # a styles part nothing points at is there
            n += 1
            styles_part = posixpath.join(wb_dir, f"styles{n}.xml")
        new_parts.append(styles_part)
        new_rels.append((_next_rid(used_rids), REL_STYLES, styles_part))

    # The written sheets' charts: new parts, under names no part left uses.
    free = used_parts - {d.lower() for d in deleted}
    chart_content: dict[str, tuple[bytes, str | None]] = {}
    for slot in slots:
        if slot.spec is not None and slot.spec.charts:
            chart_content |= chart_parts(slot.part, slot.spec.name, slot.spec.charts, free)

    for sheet_name, edits in (patches or {}).items():
        target = pkg.sheet(sheet_name)
        if target is None or target.part is None or target.kind != "worksheet":
            raise UnsafeToWrite(f"{pkg.path.name}: there is no worksheet '{sheet_name}' to update")
        if target.part in new_content:
            raise ValueError(f"'{sheet_name}' is a sheet ragbook rebuilds; it cannot be patched")
        new_content[target.part] = patch_cells(
            pkg.read(target.part),
            edits,
            target.name,
            pkg.date1904,
            (recolour or {}).get(sheet_name),
            editor.recoloured,
        )

    removed_ids = {e.sheet_id for e in dropped + replaced}
    calc_part = pkg.part_of_type(REL_CALC_CHAIN)
    drop_rids = {e.rid for e in dropped}
    if calc_part and removed_ids:
        chain = pkg.text(calc_part).encode("utf-8")
        filtered = _filter_calc_chain(chain, removed_ids)
        if filtered is None:
            deleted.add(calc_part)
            drop_rids |= {r.rid for r in rels.values() if r.type == REL_CALC_CHAIN}
        elif filtered != chain:
            new_content[calc_part] = filtered

    # The owner's formulas, charts and pivots over the sheets rebuilt hold old values:
    # Excel is asked to recalculate them, and the pivots to refresh, on opening.
    report.dependents = find_dependents(
        pkg, {old for old, e in enumerate(pkg.sheets) if e in replaced or e in dropped}
    )
    for dependent in report.dependents:
        if dependent.kind == "pivot" and dependent.part not in deleted:
            with _editing(pkg, dependent.part):
                new_content[dependent.part] = refresh_on_load(pkg.text(dependent.part)).encode(
                    "utf-8"
                )
    with _editing(pkg, wb_part):
        edited = _edit_workbook(
            text,
            pkg,
            slots,
            dropped,
            index_map,
            active_old,
            active_new,
            marks or {},
            hidden,
            report,
        )
        if report.dependents:
            edited = full_calc_on_load(edited, xml_prefix(edited, "workbook"))
        new_content[wb_part] = edited.encode("utf-8")
    _store_exact_values(pkg, slots, report, new_content)
    rels_name = pkg.real_name(rels_part_for(wb_part))
    with _editing(pkg, rels_name):
        new_content[rels_name] = _edit_rels(pkg.text(rels_name), drop_rids, new_rels, wb_dir)
    overrides = [(p, CT_STYLES if p == styles_part else CT_WORKSHEET) for p in new_parts]
    # A relationships part needs its own declaration where no Default covers .rels.
    rels_default = re.search(r"<(?:\w+:)?Default\b[^>]*[\"']rels[\"']", ct_text, re.I)
    overrides += [
        (p, ctype or CT_RELS)
        for p, (_, ctype) in chart_content.items()
        if ctype or not rels_default
    ]
    with _editing(pkg, ct_name):
        new_content[ct_name] = _edit_content_types(ct_text, deleted, overrides)

    # Parts are copied from the very file that was read, as it was read.
    zipper = ZipCopier(dest, pkg.source_file())
    for info in pkg.infos:
        if info.filename in deleted:
            report.deleted_parts.append(info.filename)
            continue
        if info is styles_info:
            continue  # written last, below
        if info.filename in new_content:
            data = new_content.pop(info.filename)
            zipper.write(info.filename, data() if callable(data) else data, info.date_time)
            report.changed_parts.append(info.filename)
        else:
            try:
                zipper.copy(info)
            except UnsafeToWrite as exc:
                raise UnsafeToWrite(f"{pkg.path.name}: {exc}") from None
    for part in new_parts:
        if part == styles_part:
            continue
        data = new_content.pop(part)
        zipper.write(part, data() if callable(data) else data)
        report.changed_parts.append(part)
    for part, (data, _) in chart_content.items():
        zipper.write(part, data)
        report.changed_parts.append(part)
    if editor.changed:
        try:
            styles = editor.result()
        except (ValueError, IndexError) as exc:
            raise UnsafeToWrite(
                f"{pkg.path.name}: the part {styles_part} is written in a way "
                f"ragbook does not edit safely ({exc}); open the file in Excel, "
                "save it, and try again."
            ) from None
        zipper.write(styles_part, styles, styles_info.date_time if styles_info else FIXED_TIME)
        report.changed_parts.append(styles_part)
    else:
        assert styles_info is not None, "no styles part: the editor adds one"
        zipper.copy(styles_info)
    zipper.close()
    clear_text_cache()
    return report


def _store_exact_values(
    pkg: Package,
    slots: list[_Slot],
    report: WriteReport,
    new_content: dict[str, bytes | Callable[[], Iterable[bytes]]],
) -> None:
    """The owner's cells that are exactly one RAG_ name or one cell of a rebuilt sheet
    get their new cached value (see cached.py); a sheet patched here is left to
    recalculation."""
    sheets = {
        s.entry.name.casefold(): s.spec for s in slots if s.entry is not None and s.spec is not None
    }
    written = {n.casefold() for n in report.names}
    names = {
        figure_name(key).casefold(): (s.spec, cell)
        for s in slots
        if s.spec is not None
        for key, cell in s.spec.figures.items()
        if figure_name(key).casefold() in written
    }
    by_part: dict[str, dict[str, int | float]] = {}
    for dep in report.dependents:
        if dep.kind != "cell" or dep.part in new_content:
            continue
        value = exact_value(dep.formula, sheets, names)
        if value is not None:
            by_part.setdefault(dep.part, {})[dep.where.rpartition("!")[2]] = value
    for part, values in by_part.items():
        original = pkg.read(part)
        try:
            data = set_cached(original, values)
        except ValueError:
            continue  # not UTF-8: left to the recalculation on opening
        if data != original:
            new_content[part] = data


@contextmanager
def _editing(pkg: Package, part: str):
    """Editing one of the package's own parts as text: one that is not well-formed, or is
    written in a way the edit does not expect, is refused, never saved half-edited."""
    pkg.xml(part)  # NotAWorkbook, naming the part, when it is not well-formed XML
    try:
        yield
    except (ValueError, IndexError) as exc:
        raise UnsafeToWrite(
            f"{pkg.path.name}: the part {part} is written in a way ragbook does "
            f"not edit safely ({exc}); open the file in Excel, save it, and try "
            "again."
        ) from None


def _next(used: set[int]) -> int:
    n = max(used, default=0) + 1
    used.add(n)
    return n


def _next_rid(used: set[str]) -> str:
    n = len(used) + 1
    while f"rId{n}" in used:
        n += 1
    used.add(f"rId{n}")
    return f"rId{n}"


def _orphans(pkg: Package, roots: list[str], keep: set[str]) -> set[str]:
    """Parts reachable only through `roots` (which are going away or being rebuilt)."""
    graph: dict[str, set[str]] = {}
    for info in pkg.infos:
        name = info.filename
        if not name.endswith(".rels"):
            continue
        folder, base = posixpath.split(name)
        source = posixpath.join(posixpath.dirname(folder), base[:-5])
        try:
            targets = {r.target.lower() for r in pkg.rels(source).values() if not r.external}
        except Exception:  # noqa: BLE001  a rels part ragbook cannot read links to nothing
            targets = set()
        graph[source.lower()] = targets
    candidates: set[str] = set()
    stack = [r.lower() for r in roots]
    while stack:
        part = stack.pop()
        for target in graph.get(part, ()):
            if target not in candidates and pkg.has(target):
                candidates.add(target)
                stack.append(target)
    roots_low = {r.lower() for r in roots}
    keep_low = {k.lower() for k in keep}
    while True:
        alive = {src for src in graph if src not in candidates and src not in roots_low}
        alive.add("")
        referenced = set().union(*(graph[src] for src in alive if src in graph)) | keep_low
        still = {c for c in candidates if c in referenced}
        if not still:
            break
        candidates -= still
    out = set()
    for c in candidates:
        out.add(pkg.real_name(c))
        rels_name = rels_part_for(c)
        if pkg.has(rels_name):
            out.add(pkg.real_name(rels_name))
    return out


def _view_attr(text: str, name: str) -> int:
    """activeTab or firstSheet of the first workbook view (0 when not given)."""
    m = re.search(rf"<(?:\w+:)?workbookView\b[^>]*\b{name}\s*=\s*[\"'](\d+)[\"']", text)
    return int(m.group(1)) if m else 0


def _set_view_attr(text: str, name: str, value: int) -> str:
    return set_attribute(text, "workbookView", name, str(value))


def _attr(element: str, name: str) -> str | None:
    m = re.search(rf"\s{name}\s*=\s*(?:\"([^\"]*)\"|'([^']*)')", element.split(">", 1)[0])
    if not m:
        return None
    return unescape((m.group(1) if m.group(1) is not None else m.group(2)).encode("utf-8"))


def _edit_workbook(
    text: str,
    pkg: Package,
    slots: list[_Slot],
    dropped: list[SheetEntry],
    index_map: dict[int, int],
    active_old: int,
    active_new: int,
    marks: dict[str, str],
    hidden: set[int],
    report: WriteReport,
) -> str:
    p = xml_prefix(text, "workbook")
    pe = re.escape(p)
    rel_prefix = None
    root = re.search(rf"<{pe}workbook\b[^>]*>", text)
    for m in re.finditer(
        r"xmlns:([\w.\-]+)\s*=\s*[\"']([^\"']*)[\"']", root.group(0) if root else ""
    ):
        if m.group(2) == NS_REL:
            rel_prefix = m.group(1)
    block = re.search(rf"<{pe}sheets\b[^>]*>(.*?)</{pe}sheets>", text, re.S)
    if block is None:
        raise UnsafeToWrite(
            f"{pkg.path.name}: its workbook part has no sheet list ragbook can edit"
        )
    elements = re.findall(rf"<{pe}sheet\b[^>]*?(?:/>|>.*?</{pe}sheet>)", block.group(1), re.S)
    if len(elements) != len(pkg.sheets):
        raise UnsafeToWrite(
            f"{pkg.path.name}: its sheet list is written in a way ragbook does not "
            "edit safely; open the file in Excel, save it, and try again."
        )
    by_entry = {id(e): el for e, el in zip(pkg.sheets, elements, strict=True)}
    items = []
    for slot in slots:
        if slot.entry is not None:
            element = by_entry[id(slot.entry)]
            if slot.spec is not None and slot.spec.name != slot.entry.name:
                element = re.sub(
                    r"(\sname\s*=\s*)([\"'])[^\"']*\2",
                    lambda m, name=slot.spec.name: f'{m.group(1)}"{escape_attr(name)}"',  # type: ignore[misc]  # mypy cannot infer a lambda with defaults
                    element,
                    count=1,
                )
            items.append(element)
            continue
        rid_attr = (
            f'{rel_prefix}:id="{slot.rid}"'
            if rel_prefix
            else f'xmlns:r="{NS_REL}" r:id="{slot.rid}"'
        )
        assert slot.spec is not None, "a new sheet has a spec"
        state = f' state="{slot.spec.state}"' if slot.spec.state != "visible" else ""
        items.append(
            f'<{p}sheet name="{escape_attr(slot.spec.name)}" sheetId="{slot.sheet_id}"'
            f"{state} {rid_attr}/>"
        )
    start = re.match(rf"<{pe}sheets\b[^>]*>", block.group(0))
    assert start is not None, "the block starts with its tag"
    start_tag = start.group(0)
    text = (
        text[: block.start()] + start_tag + "".join(items) + f"</{p}sheets>" + text[block.end() :]
    )

    dropped_names = {e.name for e in dropped}
    rewritten = {
        old
        for old, e in enumerate(pkg.sheets)
        for s in slots
        if s.entry is e and s.spec is not None
    }
    names_out: list[str] = []
    # ragbook's stable names on the sheets being rebuilt or removed are made afresh.
    rebuilt_names = dropped_names | {pkg.sheets[old].name for old in rewritten}
    owner_names: set[str] = set()
    set_marks = {mark_name(key).lower(): (mark_name(key), value) for key, value in marks.items()}
    names_block = re.search(
        rf"<{pe}definedNames\b[^>]*?(?:/>|>(.*?)</{pe}definedNames>)", text, re.S
    )
    if names_block and names_block.group(1):
        for el in re.findall(
            rf"<{pe}definedName\b[^>]*?(?:/>|>.*?</{pe}definedName>)", names_block.group(1), re.S
        ):
            local = _attr(el, "localSheetId")
            name = _attr(el, "name") or ""
            if local is not None and local.strip().isdigit():
                old = int(local)
                if old not in index_map:
                    continue  # its sheet is gone
                if old in rewritten and name.lower() in MANAGED_NAMES:
                    continue  # written afresh below
                el = re.sub(
                    r"(\slocalSheetId\s*=\s*)([\"'])\d+\2", rf'\g<1>"{index_map[old]}"', el, count=1
                )
            elif name.lower() in set_marks:
                continue  # written afresh below
            elif is_ragbooks(name, _body(el), rebuilt_names):
                continue  # pointed afresh below
            else:
                owner_names.add(name.casefold())
            if dropped_names and _refers_to(el, dropped_names):
                el = re.sub(r">(.*)<", ">#REF!<", el, count=1, flags=re.S)
            names_out.append(el)
    for mark, value in set_marks.values():
        names_out.append(
            f'<{p}definedName name="{mark}" hidden="1">'
            f"{escape_text(role_text(value))}</{p}definedName>"
        )
    for slot in slots:
        if slot.spec is None:
            continue
        for key, cell in slot.spec.figures.items():
            name = figure_name(key)
            if name.casefold() in owner_names:
                report.names_skipped.append(name)
                continue
            owner_names.add(name.casefold())  # a second figure of that name is skipped too
            report.names.append(name)
            names_out.append(
                f'<{p}definedName name="{escape_attr(name)}">'
                f"{escape_text(quote_sheet(slot.spec.name))}!{absolute(cell)}"
                f"</{p}definedName>"
            )
    for position, slot in enumerate(slots):
        spec = slot.spec
        if spec is None:
            continue
        quoted = escape_text(quote_sheet(spec.name))
        names_out.append(
            f'<{p}definedName name="{MARKER}" localSheetId="{position}" hidden="1">'
            f"{escape_text(role_text(spec.role))}</{p}definedName>"
        )
        if spec.print_title_rows:
            first, last = spec.print_title_rows
            names_out.append(
                f'<{p}definedName name="_xlnm.Print_Titles" localSheetId="{position}">'
                f"{quoted}!${first}:${last}</{p}definedName>"
            )
        if spec.autofilter:
            a, b = spec.autofilter.split(":")
            ref = "$" + re.sub(r"(\d+)", r"$\1", a) + ":$" + re.sub(r"(\d+)", r"$\1", b)
            names_out.append(
                f'<{p}definedName name="_xlnm._FilterDatabase" '
                f'localSheetId="{position}" hidden="1">{quoted}!{ref}</{p}definedName>'
            )
    new_block = (
        (f"<{p}definedNames>" + "".join(names_out) + f"</{p}definedNames>") if names_out else ""
    )
    if names_block:
        text = text[: names_block.start()] + new_block + text[names_block.end() :]
    elif new_block:
        after = None
        for tag in ("externalReferences", "functionGroups", "sheets"):
            found = re.search(rf"</{pe}{tag}>|<{pe}{tag}\b[^>]*/>", text)
            if found:
                after = found.end()
                break
        text = text[:after] + new_block + text[after:]

    if active_new != active_old:
        text = _set_view_attr(text, "activeTab", active_new)
    first_old = _view_attr(text, "firstSheet")
    first_new = _new_position(first_old, index_map, hidden, len(slots))
    if first_new != first_old:
        text = _set_view_attr(text, "firstSheet", first_new)
    return text


def _new_position(old: int, index_map: dict[int, int], hidden: set[int], count: int) -> int:
    """Where a workbook view's sheet (the active one, the first tab shown) is now.

    A removed sheet's place goes to the sheet after it (else before it); the
    place must be a visible sheet within range, as Excel requires.
    """
    if old in index_map:
        new = index_map[old]
    else:
        later = [index_map[o] for o in index_map if o > old]
        new = min(later) if later else max(index_map.values(), default=0)
    new = max(0, min(new, count - 1))
    if new in hidden:
        visible = [i for i in range(count) if i not in hidden]
        if visible:
            new = min(visible, key=lambda i: (abs(i - new), i))
    return new


def _body(element: str) -> str:
    """A <definedName> element's formula, as written (escaped)."""
    head, _, rest = element.partition(">")
    return "" if head.endswith("/") else rest.rsplit("<", 1)[0]


def _refers_to(element: str, sheet_names: set[str]) -> bool:
    """Whether a <definedName> element's formula refers to one of these sheets."""
    body = _body(element)
    return bool(body) and refers_to(unescape(body.encode("utf-8")), sheet_names)


def _edit_rels(text: str, drop: set[str], add: list[tuple[str, str, str]], base: str) -> bytes:
    p = xml_prefix(text, "Relationships")
    for rid in drop:
        text = re.sub(
            rf"<{re.escape(p)}Relationship\b[^>]*\bId\s*=\s*[\"']{re.escape(rid)}[\"'][^>]*?"
            rf"(?:/>|>\s*</{re.escape(p)}Relationship>)",
            "",
            text,
        )
    items = "".join(
        f'<{p}Relationship Id="{rid}" Type="{rtype}" '
        f'Target="{escape_attr(posixpath.relpath(part, base or "."))}"/>'
        for rid, rtype, part in add
    )
    close = text.rindex(f"</{p}Relationships>")
    return (text[:close] + items + text[close:]).encode("utf-8")


def _declared_parts(text: str) -> set[str]:
    """Zip names (lower case) of the parts [Content_Types].xml has an Override for."""
    found = set()
    for m in re.finditer(r"<(?:[\w.\-]+:)?Override\b[^>]*>", text):
        part = _attr(m.group(0), "PartName")
        if part:
            found.add(part.lstrip("/").lower())
    return found


def _edit_content_types(text: str, deleted: set[str], add: list[tuple[str, str]]) -> bytes:
    p = xml_prefix(text, "Types")
    # Overrides of the parts removed go, and any left for a name ragbook now adds.
    gone = {"/" + d.lower() for d in deleted} | {"/" + part.lower() for part, _ in add}

    def keep(m: re.Match) -> str:
        part = _attr(m.group(0), "PartName") or ""
        return "" if part.lower() in gone else m.group(0)

    text = re.sub(
        rf"<{re.escape(p)}Override\b[^>]*?(?:/>|>\s*</{re.escape(p)}Override>)", keep, text
    )
    items = "".join(
        f'<{p}Override PartName="/{escape_attr(part)}" ContentType="{ctype}"/>'
        for part, ctype in add
    )
    close = text.rindex(f"</{p}Types>")
    return (text[:close] + items + text[close:]).encode("utf-8")


def _filter_calc_chain(data: bytes, sheet_ids: set[int]) -> bytes | None:
    """The chain without cells of the given sheets; None when nothing is left."""
    text = data.decode("utf-8")
    p = xml_prefix(text, "calcChain")
    entries = list(re.finditer(rf"<{re.escape(p)}c\b([^>]*?)/>", text))
    current = None
    kept = []
    changed = False
    for m in entries:
        attrs = m.group(1)
        i = re.search(r"\bi\s*=\s*[\"'](\d+)[\"']", attrs)
        if i:
            current = int(i.group(1))
        if current in sheet_ids:
            changed = True
            continue
        if not i and current is not None:
            attrs = f' i="{current}"' + attrs
        kept.append(f"<{p}c{attrs}/>")
    if not changed:
        return data
    if not kept:
        return None
    start = re.search(rf"<{re.escape(p)}calcChain\b[^>]*>", text)
    return (
        (text[: start.end()] + "".join(kept) + f"</{p}calcChain>").encode("utf-8")
        if start
        else None
    )


__all__ = ["WriteReport", "check_writable", "write_sheets"]
