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
from zipfile import ZipInfo

from ..errors import UnsafeToWrite
from .cached import exact_value, set_cached
from .dependents import Dependent, find_dependents
from .drawingxml import CT_RELS, chart_parts
from .names import figure_name
from .owned import mark_name, owned_sheets
from .package import (
    CT_WORKSHEET,
    REL_CALC_CHAIN,
    REL_STYLES,
    REL_WORKSHEET,
    Package,
    SheetEntry,
    rels_part_for,
    xml_prefix,
)
from .part_edits import (
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
from .patch import patch_cells
from .printing import body_points
from .recalc import full_calc_on_load, refresh_on_load
from .sheetxml import clear_text_cache, sheet_xml_chunks
from .spec import SheetSpec
from .stylesheet import StylesEditor
from .zipwrite import FIXED_TIME, ZipCopier

CT_STYLES = "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"


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
    slots, dropped = _place_sheets(pkg, specs, retire)
    ct_name = pkg.real_name("[Content_Types].xml")
    ct_text = pkg.text(ct_name)
    # A new part never takes a name [Content_Types].xml still declares (other tools
    # leave declarations of parts they removed), so no part is declared twice.
    used_parts = {i.filename.lower() for i in pkg.infos} | declared_parts(ct_text)
    used_rids = set(pkg.workbook_rels)
    _name_new_sheets(pkg, slots, used_parts, used_rids)
    replaced = [s.entry for s in slots if s.entry is not None and s.spec is not None]
    deleted = _parts_to_delete(pkg, slots, dropped, replaced)

    styles_part = pkg.part_of_type(REL_STYLES)
    editor = StylesEditor(pkg.read(styles_part) if styles_part else None, pkg.path.name)
    index_map, hidden = _tab_moves(pkg, slots)
    active_old = view_attr(text, "activeTab")
    active_new = new_position(active_old, index_map, hidden, len(slots))
    new_content = _sheet_contents(pkg, slots, editor, active_new, report)
    report.removed = [e.name for e in dropped]

    styles_info = pkg.zip.getinfo(styles_part) if styles_part else None
    new_parts, new_rels, styles_part = _new_parts(pkg, slots, styles_part, used_parts, used_rids)
    # The written sheets' charts: new parts, under names no part left uses.
    free = used_parts - {d.lower() for d in deleted}
    charts: dict[str, tuple[bytes, str | None]] = {}
    for slot in slots:
        if slot.spec is not None and slot.spec.charts:
            charts |= chart_parts(slot.part, slot.spec.name, slot.spec.charts, free)
    _patch_owner_sheets(pkg, patches or {}, recolour or {}, editor, new_content)
    removed_ids = {e.sheet_id for e in dropped + replaced}
    drop_rids = {e.rid for e in dropped} | _trim_calc_chain(pkg, removed_ids, deleted, new_content)

    # The owner's formulas, charts and pivots over the sheets rebuilt hold old values:
    # Excel is asked to recalculate them, and the pivots to refresh, on opening.
    report.dependents = find_dependents(
        pkg, {old for old, e in enumerate(pkg.sheets) if e in replaced or e in dropped}
    )
    _refresh_pivots(pkg, report.dependents, deleted, new_content)
    with _editing(pkg, pkg.workbook_part):
        tabs = (index_map, hidden, active_old, active_new)
        edited = _edit_workbook(text, pkg, slots, dropped, tabs, marks or {}, report)
        new_content[pkg.workbook_part] = edited.encode("utf-8")
    _store_exact_values(pkg, slots, report, new_content)
    overrides = [(p, CT_STYLES if p == styles_part else CT_WORKSHEET) for p in new_parts]
    # A relationships part needs its own declaration where no Default covers .rels.
    rels_default = re.search(r"<(?:\w+:)?Default\b[^>]*[\"']rels[\"']", ct_text, re.I)
    overrides += [
        (p, ctype or CT_RELS) for p, (_, ctype) in charts.items() if ctype or not rels_default
    ]
    _edit_package_lists(
        pkg, drop_rids, new_rels, (ct_name, ct_text), deleted, overrides, new_content
    )
    _write_zip(
        pkg,
        dest,
        report,
        new_content,
        deleted,
        new_parts,
        charts,
        (styles_part, styles_info),
        editor,
    )
    clear_text_cache()
    return report


def _place_sheets(
    pkg: Package, specs: list[SheetSpec], retire: Callable[[str], bool]
) -> tuple[list[_Slot], list[SheetEntry]]:
    """The new tab order (one slot a sheet) and the owned sheets removed.

    An owned sheet a spec replaces keeps its place; a new one goes after the
    sheet written before it (at the end for the first).
    """
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
    return slots, dropped


def _name_new_sheets(
    pkg: Package, slots: list[_Slot], used_parts: set[str], used_rids: set[str]
) -> None:
    """Each slot's part, relationship id and sheet id: a new sheet's are the first free."""
    wb_dir = posixpath.dirname(pkg.workbook_part)
    used_ids = {e.sheet_id for e in pkg.sheets}
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


def _parts_to_delete(
    pkg: Package, slots: list[_Slot], dropped: list[SheetEntry], replaced: list[SheetEntry]
) -> set[str]:
    """Removed sheets, old relationships of rebuilt sheets, and whatever only those
    pointed at (a comment someone typed on the Tracker)."""
    deleted = {e.part for e in dropped if e.part}
    roots = [e.part for e in dropped + replaced if e.part]
    deleted |= _orphans(pkg, roots, keep={s.part for s in slots})
    for part in roots:
        rels_name = rels_part_for(part)
        if pkg.has(rels_name):
            deleted.add(pkg.real_name(rels_name))
    return deleted


def _tab_moves(pkg: Package, slots: list[_Slot]) -> tuple[dict[int, int], set[int]]:
    """Old position -> new of the sheets kept, and the new positions of hidden sheets."""
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
    return index_map, hidden


def _sheet_contents(
    pkg: Package, slots: list[_Slot], editor: StylesEditor, active: int, report: WriteReport
) -> dict[str, bytes | Callable[[], Iterable[bytes]]]:
    """The owned sheets' parts, each made only when the zip gets to it.

    So a plan with a thousand lead sheets never holds them all in memory at
    once; the styles part, which gains the formats they use, goes into the zip
    after them.
    """
    new_content: dict[str, bytes | Callable[[], Iterable[bytes]]] = {}
    body_pt = body_points(editor.font_size)
    for position, slot in enumerate(slots):
        if slot.spec is None:
            continue
        new_content[slot.part] = lambda spec=slot.spec, selected=position == active: (  # type: ignore[misc]  # mypy cannot infer a lambda with defaults
            sheet_xml_chunks(
                spec, editor.index, date1904=pkg.date1904, selected=selected, body_pt=body_pt
            )
        )
        report.written.append(slot.spec.name)
    return new_content


def _new_parts(
    pkg: Package,
    slots: list[_Slot],
    styles_part: str | None,
    used_parts: set[str],
    used_rids: set[str],
) -> tuple[list[str], list[tuple[str, str, str]], str]:
    """The parts the write adds, their relationships (id, type, part) from the
    workbook, and the styles part (a new one for a workbook that has none)."""
    new_parts: list[str] = [s.part for s in slots if s.entry is None]
    new_rels: list[tuple[str, str, str]] = [
        (s.rid, REL_WORKSHEET, s.part) for s in slots if s.entry is None
    ]
    if styles_part is None:
        wb_dir = posixpath.dirname(pkg.workbook_part)
        styles_part, n = posixpath.join(wb_dir, "styles.xml"), 1
        while styles_part.lower() in used_parts:  # a styles part nothing points at is there
            n += 1
            styles_part = posixpath.join(wb_dir, f"styles{n}.xml")
        new_parts.append(styles_part)
        new_rels.append((_next_rid(used_rids), REL_STYLES, styles_part))
    return new_parts, new_rels, styles_part


def _patch_owner_sheets(
    pkg: Package,
    patches: dict[str, dict[str, object]],
    recolour: dict[str, dict[str, str]],
    editor: StylesEditor,
    new_content: dict[str, bytes | Callable[[], Iterable[bytes]]],
) -> None:
    """The owner's sheets with only the cells in `patches` changed."""
    for sheet_name, edits in patches.items():
        entry = pkg.sheet(sheet_name)
        if entry is None or entry.part is None or entry.kind != "worksheet":
            raise UnsafeToWrite(f"{pkg.path.name}: there is no worksheet '{sheet_name}' to update")
        if entry.part in new_content:
            raise ValueError(f"'{sheet_name}' is a sheet ragbook rebuilds; it cannot be patched")
        new_content[entry.part] = patch_cells(
            pkg.read(entry.part),
            edits,
            entry.name,
            pkg.date1904,
            recolour.get(sheet_name),
            editor.recoloured,
        )


def _trim_calc_chain(
    pkg: Package,
    removed_ids: set[int],
    deleted: set[str],
    new_content: dict[str, bytes | Callable[[], Iterable[bytes]]],
) -> set[str]:
    """The calculation chain without the cells of the sheets rebuilt or removed; the
    relationship ids to drop when nothing is left of it (and it goes)."""
    calc_part = pkg.part_of_type(REL_CALC_CHAIN)
    if not calc_part or not removed_ids:
        return set()
    chain = pkg.text(calc_part).encode("utf-8")
    filtered = _filter_calc_chain(chain, removed_ids)
    if filtered is None:
        deleted.add(calc_part)
        return {r.rid for r in pkg.workbook_rels.values() if r.type == REL_CALC_CHAIN}
    if filtered != chain:
        new_content[calc_part] = filtered
    return set()


def _refresh_pivots(
    pkg: Package,
    dependents: list[Dependent],
    deleted: set[str],
    new_content: dict[str, bytes | Callable[[], Iterable[bytes]]],
) -> None:
    """Pivot caches over the sheets rebuilt, marked to refresh on opening."""
    for dependent in dependents:
        if dependent.kind == "pivot" and dependent.part not in deleted:
            with _editing(pkg, dependent.part):
                new_content[dependent.part] = refresh_on_load(pkg.text(dependent.part)).encode(
                    "utf-8"
                )


def _edit_package_lists(
    pkg: Package,
    drop_rids: set[str],
    new_rels: list[tuple[str, str, str]],
    content_types: tuple[str, str],
    deleted: set[str],
    overrides: list[tuple[str, str]],
    new_content: dict[str, bytes | Callable[[], Iterable[bytes]]],
) -> None:
    """The workbook's relationships and [Content_Types].xml, for the parts added and gone."""
    wb_part = pkg.workbook_part
    rels_name = pkg.real_name(rels_part_for(wb_part))
    with _editing(pkg, rels_name):
        new_content[rels_name] = edit_rels(
            pkg.text(rels_name), drop_rids, new_rels, posixpath.dirname(wb_part)
        )
    ct_name, ct_text = content_types
    with _editing(pkg, ct_name):
        new_content[ct_name] = edit_content_types(ct_text, deleted, overrides)


def _write_zip(
    pkg: Package,
    dest: BinaryIO,
    report: WriteReport,
    new_content: dict[str, bytes | Callable[[], Iterable[bytes]]],
    deleted: set[str],
    new_parts: list[str],
    charts: dict[str, tuple[bytes, str | None]],
    styles: tuple[str, ZipInfo | None],
    editor: StylesEditor,
) -> None:
    """The new package: parts in their old order, new parts and the charts' parts
    after, the styles last.

    Parts are copied from the very file that was read, as it was read.
    """
    styles_part, styles_info = styles
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
    for part, (chart_data, _) in charts.items():
        zipper.write(part, chart_data)
        report.changed_parts.append(part)
    if editor.changed:
        try:
            styles_data = editor.result()
        except (ValueError, IndexError) as exc:
            raise UnsafeToWrite(
                f"{pkg.path.name}: the part {styles_part} is written in a way "
                f"ragbook does not edit safely ({exc}); open the file in Excel, "
                "save it, and try again."
            ) from None
        zipper.write(styles_part, styles_data, styles_info.date_time if styles_info else FIXED_TIME)
        report.changed_parts.append(styles_part)
    else:
        assert styles_info is not None, "no styles part: the editor adds one"
        zipper.copy(styles_info)
    zipper.close()


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


def _edit_workbook(
    text: str,
    pkg: Package,
    slots: list[_Slot],
    dropped: list[SheetEntry],
    tabs: tuple[dict[int, int], set[int], int, int],
    marks: dict[str, str],
    report: WriteReport,
) -> str:
    """The workbook part after the write: its sheet list, defined names and view
    (tabs: old position -> new, hidden positions, the active tab before and after);
    with a full recalculation on opening when the owner's formulas read a sheet
    rebuilt."""
    index_map, hidden, active_old, active_new = tabs
    elements = sheet_elements(text)
    if elements is None:
        raise UnsafeToWrite(
            f"{pkg.path.name}: its workbook part has no sheet list ragbook can edit"
        )
    if len(elements) != len(pkg.sheets):
        raise UnsafeToWrite(
            f"{pkg.path.name}: its sheet list is written in a way ragbook does not "
            "edit safely; open the file in Excel, save it, and try again."
        )
    by_entry = {id(e): el for e, el in zip(pkg.sheets, elements, strict=True)}
    text = replace_sheet_elements(text, _sheet_list(text, slots, by_entry))
    names = _defined_names(text, pkg, slots, dropped, index_map, marks, report)
    text = replace_defined_names(text, names)
    text = move_view(text, index_map, hidden, len(slots), active_old, active_new)
    if report.dependents:
        text = full_calc_on_load(text, xml_prefix(text, "workbook"))
    return text


def _sheet_list(text: str, slots: list[_Slot], by_entry: dict[int, str]) -> list[str]:
    """The new sheet list's elements: the old ones kept as written (an owned sheet
    renamed), a new element for each new sheet."""
    p = xml_prefix(text, "workbook")
    rel_prefix = relationship_prefix(text)
    items = []
    for slot in slots:
        if slot.entry is None:
            spec = slot.spec
            assert spec is not None, "a new sheet has a spec"
            items.append(new_sheet(p, rel_prefix, spec.name, slot.sheet_id, slot.rid, spec.state))
        elif slot.spec is not None and slot.spec.name != slot.entry.name:
            items.append(rename_sheet(by_entry[id(slot.entry)], slot.spec.name))
        else:
            items.append(by_entry[id(slot.entry)])
    return items


def _defined_names(
    text: str,
    pkg: Package,
    slots: list[_Slot],
    dropped: list[SheetEntry],
    index_map: dict[int, int],
    marks: dict[str, str],
    report: WriteReport,
) -> list[str]:
    """The workbook's defined names after the write: the owner's kept (moved with
    their sheets), then ragbook's marks, figures and owned sheets' names afresh."""
    p = xml_prefix(text, "workbook")
    dropped_names = {e.name for e in dropped}
    rewritten = {
        old
        for old, e in enumerate(pkg.sheets)
        for s in slots
        if s.entry is e and s.spec is not None
    }
    # ragbook's stable names on the sheets being rebuilt or removed are made afresh.
    rebuilt_names = dropped_names | {pkg.sheets[old].name for old in rewritten}
    set_marks = {mark_name(key).lower(): (mark_name(key), value) for key, value in marks.items()}
    names_out, owner_names = kept_names(
        defined_name_elements(text),
        index_map,
        rewritten,
        set(set_marks),
        rebuilt_names,
        dropped_names,
    )
    names_out += [mark_element(p, mark, value) for mark, value in set_marks.values()]
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
            names_out.append(figure_element(p, name, slot.spec.name, cell))
    for position, slot in enumerate(slots):
        if slot.spec is not None:
            names_out += owned_sheet_names(p, position, slot.spec)
    return names_out


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
