"""What of the owner's workbook reads ragbook's sheets or names.

A formula in a user sheet, a defined name of the owner's, a chart series, a
pivot cache's source, a conditional format or a data validation that refers
to a sheet ragbook rebuilds (or to one of its RAG_ names) holds a value
computed from the old sheet. The writer then asks Excel to recalculate
everything on opening (calcPr fullCalcOnLoad) and pivot caches over owned
sheets to refresh on opening; `check --explain` lists them.
"""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

from .cells import unescape
from .drawingxml import drawn_on
from .formulas import refers_to
from .names import PREFIX, is_ragbooks
from .owned import MARK_PREFIX, MARKER
from .package import Package

_F = re.compile(r"<(?:\w+:)?f\b[^>]*(?<!/)>(.*?)</(?:\w+:)?f>", re.S)
_CELL_REF = re.compile(r"\br\s*=\s*[\"']([A-Za-z]+\d+)[\"']")
_RULE = re.compile(r"<(?:\w+:)?(formula|formula1|formula2)>(.*?)</(?:\w+:)?\1>", re.S)
_NAME_TOKEN = re.compile(rf"(?<![\w.']){PREFIX}[A-Za-z0-9_.]+", re.I)
_FIXED = re.compile(r"('(?:[^']|'')+'|[A-Za-z_][\w.]*)!\$?([A-Za-z]{1,3})\$?(\d+)(?![\w:(])")
_CHART = re.compile(r"(?:^|/)charts/chart[^/]*\.xml$", re.I)
_PIVOT_CACHE = re.compile(r"(?:^|/)pivotCache/pivotCacheDefinition[^/]*\.xml$", re.I)
_SOURCE = re.compile(r"<(?:\w+:)?worksheetSource\b[^>]*>")


@dataclass(frozen=True)
class Dependent:
    kind: str  # "cell", "name", "chart", "pivot", "conditional format", "data validation"
    where: str  # "'Dashboard'!B2", "the name Chair", "xl/charts/chart1.xml"
    part: str  # the package part it is in
    formula: str  # what it reads, as written ("Tracker!B13", or a pivot's source)

    def fixed_cells(self, sheets: set[str]) -> list[tuple[str, str]]:
        """(sheet, cell) of each single cell of `sheets` the formula reads."""
        wanted = {s.casefold(): s for s in sheets}
        out = []
        for m in _FIXED.finditer(self.formula):
            sheet = m.group(1)
            if sheet.startswith("'"):
                sheet = sheet[1:-1].replace("''", "'")
            if sheet.casefold() in wanted:
                out.append((wanted[sheet.casefold()], f"{m.group(2).upper()}{m.group(3)}"))
        return out


def reads(formula: str, owned: set[str]) -> bool:
    """Whether a formula reads one of the owned sheets or one of ragbook's names."""
    return refers_to(formula, owned) or bool(_NAME_TOKEN.search(_unquoted(formula)))


def _unquoted(formula: str) -> str:
    return re.sub(r'"(?:[^"]|"")*"', '""', formula)


def find_dependents(pkg: Package, owned_positions: set[int]) -> list[Dependent]:
    """Every part of the owner's that reads a sheet ragbook owns, or one of its names."""
    owned = {pkg.sheets[i].name for i in owned_positions}
    if not owned:
        return []
    lowered = [o.casefold() for o in owned] + [PREFIX.casefold()]
    found: list[Dependent] = []
    for index, entry in enumerate(pkg.sheets):
        if index in owned_positions or entry.part is None or entry.kind != "worksheet":
            continue
        text = pkg.text(entry.part)
        sheet = _quote(entry.name)
        for m in _F.finditer(text):
            formula = unescape(m.group(1).encode("utf-8"))
            folded = formula.casefold()
            if not any(word in folded for word in lowered) or not reads(formula, owned):
                continue
            # A cell's formula is its first child; an <xm:f> elsewhere is a rule's (x14).
            start = max(text.rfind("<c ", 0, m.start()), text.rfind(":c ", 0, m.start()))
            end = text.find(">", start) + 1 if start >= 0 else 0
            ref = _CELL_REF.search(text, start, end) if start >= 0 else None
            if ref is not None and not text[end : m.start()].strip():
                found.append(Dependent("cell", f"{sheet}!{ref.group(1)}", entry.part, formula))
            else:
                found.append(
                    Dependent("conditional format or data validation", sheet, entry.part, formula)
                )
        for m in _RULE.finditer(text):
            formula = unescape(m.group(2).encode("utf-8"))
            if reads(formula, owned):
                kind = "conditional format" if m.group(1) == "formula" else "data validation"
                found.append(Dependent(kind, sheet, entry.part, formula))
    for name in pkg.defined_names:
        if name.name == MARKER or name.name.lower().startswith(MARK_PREFIX):
            continue
        if name.local_sheet_id in owned_positions or is_ragbooks(name.name, name.text, owned):
            continue
        if reads(name.text, owned):
            found.append(Dependent("name", f"the name {name.name}", pkg.workbook_part, name.text))
    # A pivot table's source can be a name: one of ragbook's, or one of the owner's
    # that reads an owned sheet.
    reading_names = {d.where[len("the name ") :].casefold() for d in found if d.kind == "name"}
    # ragbook's own charts, on the sheets it owns, read them and are made afresh.
    ours: set[str] | None = None  # found when the first chart is
    for info in pkg.infos:
        part = info.filename
        if _CHART.search(part):
            if ours is None:
                drawn = drawn_on(pkg, [pkg.sheets[i].part for i in owned_positions])
                ours = {p.lower() for p, kind in drawn.items() if kind == "chart"}
            if part.lower() in ours:
                continue
            for m in _F.finditer(pkg.text(part)):
                formula = unescape(m.group(1).encode("utf-8"))
                if reads(formula, owned):
                    found.append(Dependent("chart", part, part, formula))
                    break
        elif _PIVOT_CACHE.search(part):
            source = pivot_source(pkg.text(part), owned, reading_names)
            if source:
                found.append(Dependent("pivot", part, part, source))
    return found


def stable_names(pkg: Package, owned: set[str]) -> dict[tuple[str, str], str]:
    """ragbook's names in the workbook: (sheet folded, cell) -> name."""
    out: dict[tuple[str, str], str] = {}
    for name in pkg.defined_names:
        if name.local_sheet_id is None and is_ragbooks(name.name, name.text, owned):
            sheet, _, cell = name.text.strip().lstrip("=").rpartition("!")
            if sheet.startswith("'"):
                sheet = sheet[1:-1].replace("''", "'")
            out.setdefault((sheet.casefold(), cell.replace("$", "").upper()), name.name)
    return out


def dependent_lines(pkg: Package, owned_positions: set[int]) -> list[str]:
    """What `check --explain` says of the owner's parts that read ragbook's sheets: one
    line each, and a warning for each fixed cell of an owned sheet, with its name."""
    owned = {pkg.sheets[i].name for i in owned_positions}
    lines = [
        f"The name {name.name} is yours (it is not a single cell of ragbook's sheets): "
        "ragbook never changes it, and writes no name of its own by that name; rename "
        "yours (Formulas > Name Manager) to get ragbook's."
        for name in pkg.defined_names
        if name.local_sheet_id is None
        and name.name.upper().startswith(PREFIX)
        and not is_ragbooks(name.name, name.text, owned)
    ]
    found = find_dependents(pkg, owned_positions)
    if not found:
        return lines
    names = stable_names(pkg, owned)
    lines += [
        f"The owner's cells, names, charts and pivots that read ragbook's sheets "
        f"({len(found)}); after each refresh Excel recalculates them on opening:"
    ]
    for dep in found:
        lines.append(f"  {dep.kind} {dep.where}: {dep.formula}")
        for sheet, cell in dep.fixed_cells(owned):
            name = names.get((sheet.casefold(), cell))
            fix = (
                f"use ={name} instead, which follows the figure"
                if name
                else "read one of ragbook's RAG_ names instead (see docs/names.md)"
            )
            lines.append(
                f"  Warning: {dep.where} reads the fixed cell {_quote(sheet)}!{cell}, "
                f"which can hold another number after a refresh moves the layout; {fix}."
            )
    return lines


def pivot_source(text: str, owned: set[str], names: AbstractSet[str] = frozenset()) -> str:
    """The owned sheet, ragbook's name or the owner's name over an owned sheet (one of
    `names`, folded) a pivot cache definition reads, or ''."""
    m = _SOURCE.search(text)
    if m is None:
        return ""
    attrs = {
        k: unescape(v.encode("utf-8"))
        for k, v in re.findall(r"\b(sheet|name|ref)\s*=\s*\"([^\"]*)\"", m.group(0))
    }
    sheet = attrs.get("sheet", "")
    if sheet and sheet.casefold() in {o.casefold() for o in owned}:
        return f"{_quote(sheet)}!{attrs.get('ref', '')}".rstrip("!")
    name = attrs.get("name", "")
    if name.upper().startswith(PREFIX) or name.casefold() in names:
        return name
    return ""


def _quote(sheet: str) -> str:
    return "'" + sheet.replace("'", "''") + "'"


__all__ = [
    "Dependent",
    "dependent_lines",
    "find_dependents",
    "pivot_source",
    "reads",
    "stable_names",
]
