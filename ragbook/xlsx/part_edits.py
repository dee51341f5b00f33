"""The edits ragbook makes to workbook.xml, its relationships and [Content_Types].xml.

Each function takes a part's text (or one element of it) and returns the new
text: no file, no package. Whatever a function does not name is kept as it was
written, character for character: unknown attributes, extension lists, the
owner's namespace prefixes, the order of elements. writer.py puts them together;
tests/test_part_edits.py checks each against the exact text expected.
"""

from __future__ import annotations

import posixpath
import re

from .cells import unescape
from .formulas import refers_to
from .names import absolute, is_ragbooks
from .owned import MARKER, role_text
from .package import NS_REL, xml_prefix
from .recalc import set_attribute
from .sheetxml import escape_attr, escape_text
from .spec import SheetSpec, quote_sheet

# Defined names ragbook writes for its own sheets (and so replaces).
MANAGED_NAMES = {MARKER, "_xlnm.print_titles", "_xlnm._filterdatabase"}


def _attr(element: str, name: str) -> str | None:
    m = re.search(rf"\s{name}\s*=\s*(?:\"([^\"]*)\"|'([^']*)')", element.split(">", 1)[0])
    if not m:
        return None
    return unescape((m.group(1) if m.group(1) is not None else m.group(2)).encode("utf-8"))


# -- workbook.xml: the sheet list ------------------------------------------------


def relationship_prefix(text: str) -> str | None:
    """The prefix the workbook's root element declares for the relationships
    namespace (usually "r"), None when it declares none."""
    pe = re.escape(xml_prefix(text, "workbook"))
    rel_prefix = None
    root = re.search(rf"<{pe}workbook\b[^>]*>", text)
    for m in re.finditer(
        r"xmlns:([\w.\-]+)\s*=\s*[\"']([^\"']*)[\"']", root.group(0) if root else ""
    ):
        if m.group(2) == NS_REL:
            rel_prefix = m.group(1)
    return rel_prefix


def _sheets_block(text: str) -> re.Match | None:
    pe = re.escape(xml_prefix(text, "workbook"))
    return re.search(rf"<{pe}sheets\b[^>]*>(.*?)</{pe}sheets>", text, re.S)


def sheet_elements(text: str) -> list[str] | None:
    """The <sheet> elements of the sheet list, as written; None when there is no list."""
    block = _sheets_block(text)
    if block is None:
        return None
    pe = re.escape(xml_prefix(text, "workbook"))
    return re.findall(rf"<{pe}sheet\b[^>]*?(?:/>|>.*?</{pe}sheet>)", block.group(1), re.S)


def replace_sheet_elements(text: str, elements: list[str]) -> str:
    """The workbook with these <sheet> elements in its sheet list (its start tag kept)."""
    p = xml_prefix(text, "workbook")
    block = _sheets_block(text)
    if block is None:
        raise ValueError("no sheet list")
    start_tag = text[block.start() : block.start(1)]
    return (
        text[: block.start()]
        + start_tag
        + "".join(elements)
        + f"</{p}sheets>"
        + text[block.end() :]
    )


def rename_sheet(element: str, name: str) -> str:
    """A <sheet> element with a new name, every other attribute as written."""
    return re.sub(
        r"(\sname\s*=\s*)([\"'])[^\"']*\2",
        lambda m: f'{m.group(1)}"{escape_attr(name)}"',
        element,
        count=1,
    )


def new_sheet(
    prefix: str, rel_prefix: str | None, name: str, sheet_id: int, rid: str, state: str
) -> str:
    """A <sheet> element for a new sheet, in the workbook's own prefixes."""
    rid_attr = f'{rel_prefix}:id="{rid}"' if rel_prefix else f'xmlns:r="{NS_REL}" r:id="{rid}"'
    state_attr = f' state="{state}"' if state != "visible" else ""
    return (
        f'<{prefix}sheet name="{escape_attr(name)}" sheetId="{sheet_id}"{state_attr} {rid_attr}/>'
    )


# -- workbook.xml: defined names -------------------------------------------------


def _names_block(text: str) -> re.Match | None:
    pe = re.escape(xml_prefix(text, "workbook"))
    return re.search(rf"<{pe}definedNames\b[^>]*?(?:/>|>(.*?)</{pe}definedNames>)", text, re.S)


def defined_name_elements(text: str) -> list[str]:
    """The <definedName> elements of the workbook, as written."""
    block = _names_block(text)
    if not block or not block.group(1):
        return []
    pe = re.escape(xml_prefix(text, "workbook"))
    return re.findall(
        rf"<{pe}definedName\b[^>]*?(?:/>|>.*?</{pe}definedName>)", block.group(1), re.S
    )


def replace_defined_names(text: str, elements: list[str]) -> str:
    """The workbook with these <definedName> elements; no <definedNames> when none.

    A new list goes where the schema wants it: after externalReferences,
    functionGroups or the sheet list, whichever comes last in the part.
    """
    p = xml_prefix(text, "workbook")
    pe = re.escape(p)
    new_block = (
        (f"<{p}definedNames>" + "".join(elements) + f"</{p}definedNames>") if elements else ""
    )
    block = _names_block(text)
    if block:
        return text[: block.start()] + new_block + text[block.end() :]
    if not new_block:
        return text
    after = None
    for tag in ("externalReferences", "functionGroups", "sheets"):
        m = re.search(rf"</{pe}{tag}>|<{pe}{tag}\b[^>]*/>", text)
        if m:
            after = m.end()
            break
    return text[:after] + new_block + text[after:]


def _body(element: str) -> str:
    """A <definedName> element's formula, as written (escaped)."""
    head, _, rest = element.partition(">")
    return "" if head.endswith("/") else rest.rsplit("<", 1)[0]


def _refers_to(element: str, sheet_names: set[str]) -> bool:
    """Whether a <definedName> element's formula refers to one of these sheets."""
    body = _body(element)
    return bool(body) and refers_to(unescape(body.encode("utf-8")), sheet_names)


def kept_names(
    elements: list[str],
    index_map: dict[int, int],
    rebuilt: set[int],
    marks: set[str],
    ragbooks_sheets: set[str],
    removed_sheets: set[str],
) -> tuple[list[str], set[str]]:
    """The defined names kept, and the owner's workbook-scoped names (casefolded).

    Args:
        elements: the <definedName> elements as written.
        index_map: old sheet position -> new, for the sheets kept.
        rebuilt: old positions of the sheets ragbook writes afresh; their
            marker, print titles and filter names are written afresh too.
        marks: the marks being set (lower case): written afresh.
        ragbooks_sheets: names of the sheets rebuilt or removed, whose ragbook
            names (RAG_...) are pointed afresh.
        removed_sheets: names of the sheets removed: a formula naming one
            becomes #REF!, as Excel does when a sheet is deleted.
    """
    kept: list[str] = []
    owner_names: set[str] = set()
    for el in elements:
        local = _attr(el, "localSheetId")
        name = _attr(el, "name") or ""
        if local is not None and local.strip().isdigit():
            old = int(local)
            if old not in index_map:
                continue  # its sheet is gone
            if old in rebuilt and name.lower() in MANAGED_NAMES:
                continue  # written afresh
            el = re.sub(
                r"(\slocalSheetId\s*=\s*)([\"'])\d+\2", rf'\g<1>"{index_map[old]}"', el, count=1
            )
        elif name.lower() in marks:
            continue  # written afresh
        elif is_ragbooks(name, _body(el), ragbooks_sheets):
            continue  # pointed afresh
        else:
            owner_names.add(name.casefold())
        if removed_sheets and _refers_to(el, removed_sheets):
            el = re.sub(r">(.*)<", ">#REF!<", el, count=1, flags=re.S)
        kept.append(el)
    return kept, owner_names


def mark_element(prefix: str, name: str, value: str) -> str:
    """A hidden workbook-scoped name holding a string constant (a mark)."""
    return (
        f'<{prefix}definedName name="{name}" hidden="1">'
        f"{escape_text(role_text(value))}</{prefix}definedName>"
    )


def figure_element(prefix: str, name: str, sheet: str, cell: str) -> str:
    """A workbook-scoped name pointing at one cell of a sheet ($B$6)."""
    return (
        f'<{prefix}definedName name="{escape_attr(name)}">'
        f"{escape_text(quote_sheet(sheet))}!{absolute(cell)}"
        f"</{prefix}definedName>"
    )


def owned_sheet_names(prefix: str, position: int, spec: SheetSpec) -> list[str]:
    """The names an owned sheet carries: ragbook's marker with its role, and its
    print titles and filter range when it has them."""
    p = prefix
    quoted = escape_text(quote_sheet(spec.name))
    out = [
        f'<{p}definedName name="{MARKER}" localSheetId="{position}" hidden="1">'
        f"{escape_text(role_text(spec.role))}</{p}definedName>"
    ]
    if spec.print_title_rows:
        first, last = spec.print_title_rows
        out.append(
            f'<{p}definedName name="_xlnm.Print_Titles" localSheetId="{position}">'
            f"{quoted}!${first}:${last}</{p}definedName>"
        )
    if spec.autofilter:
        a, b = spec.autofilter.split(":")
        ref = "$" + re.sub(r"(\d+)", r"$\1", a) + ":$" + re.sub(r"(\d+)", r"$\1", b)
        out.append(
            f'<{p}definedName name="_xlnm._FilterDatabase" '
            f'localSheetId="{position}" hidden="1">{quoted}!{ref}</{p}definedName>'
        )
    return out


# -- workbook.xml: the view ------------------------------------------------------


def view_attr(text: str, name: str) -> int:
    """activeTab or firstSheet of the first workbook view (0 when not given)."""
    m = re.search(rf"<(?:\w+:)?workbookView\b[^>]*\b{name}\s*=\s*[\"'](\d+)[\"']", text)
    return int(m.group(1)) if m else 0


def new_position(old: int, index_map: dict[int, int], hidden: set[int], count: int) -> int:
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


def move_view(
    text: str,
    index_map: dict[int, int],
    hidden: set[int],
    count: int,
    active_old: int,
    active_new: int,
) -> str:
    """The workbook view's active tab and first tab shown, moved with their sheets."""
    if active_new != active_old:
        text = set_attribute(text, "workbookView", "activeTab", str(active_new))
    first_old = view_attr(text, "firstSheet")
    first_new = new_position(first_old, index_map, hidden, count)
    if first_new != first_old:
        text = set_attribute(text, "workbookView", "firstSheet", str(first_new))
    return text


# -- the workbook's relationships and [Content_Types].xml ------------------------


def edit_rels(text: str, drop: set[str], add: list[tuple[str, str, str]], base: str) -> bytes:
    """A .rels part without the relationships `drop` (ids) and with `add` (id, type,
    target part) appended, targets written relative to the folder `base`."""
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


def declared_parts(text: str) -> set[str]:
    """Zip names (lower case) of the parts [Content_Types].xml has an Override for."""
    found = set()
    for m in re.finditer(r"<(?:[\w.\-]+:)?Override\b[^>]*>", text):
        part = _attr(m.group(0), "PartName")
        if part:
            found.add(part.lstrip("/").lower())
    return found


def edit_content_types(text: str, deleted: set[str], add: list[tuple[str, str]]) -> bytes:
    """[Content_Types].xml without the Overrides of the parts `deleted` and with one
    for each (part, content type) of `add`, replacing any it had for that part."""
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
