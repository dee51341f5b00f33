"""Which sheets of a workbook ragbook owns.

Each sheet ragbook writes carries a hidden, sheet-scoped defined name
`_ragbook` whose value is the sheet's role ("tracker", "lead:AF", ...).
Excel keeps sheet-scoped names with their sheet when it is renamed or
moved, so a Tracker the owner renamed is still recognised, and a user sheet
that merely happens to be called "Tracker" is never taken over.
"""

from __future__ import annotations

from .package import Package

MARKER = "_ragbook"
# Workbook-scoped hidden names ragbook keeps about the plan as a whole
# ("_ragbook_plan" = its id, ...): string constants, replaced on every write
# that sets them, and kept by Excel and LibreOffice when they save the file.
MARK_PREFIX = "_ragbook_"


def role_text(role: str) -> str:
    """The defined name's formula: a string constant, quotes doubled."""
    return '"' + role.replace('"', '""') + '"'


def parse_role(text: str) -> str | None:
    text = text.strip()
    if text.startswith("="):
        text = text[1:].strip()
    if len(text) >= 2 and text[0] == '"' and text[-1] == '"':
        return text[1:-1].replace('""', '"')
    return None


def owned_sheets(pkg: Package) -> dict[int, str]:
    """Sheet position (0-based, as localSheetId counts) -> role."""
    out: dict[int, str] = {}
    for name in pkg.defined_names:
        if name.name != MARKER or name.local_sheet_id is None:
            continue
        role = parse_role(name.text)
        # A sheet the user copied keeps the marker; the first one keeps the role.
        if role and 0 <= name.local_sheet_id < len(pkg.sheets) and role not in out.values():
            out[name.local_sheet_id] = role
    return out


def workbook_marks(pkg: Package) -> dict[str, str]:
    """ragbook's workbook-scoped marks: key ("plan" for `_ragbook_plan`) -> value."""
    out: dict[str, str] = {}
    for name in pkg.defined_names:
        if name.local_sheet_id is not None or not name.name.lower().startswith(MARK_PREFIX):
            continue
        value = parse_role(name.text)
        key = name.name[len(MARK_PREFIX) :].lower()
        if value is not None and key and key not in out:
            out[key] = value
    return out


def mark_name(key: str) -> str:
    """The defined name that holds the mark `key`."""
    if not key or not all(ch.isalnum() or ch == "_" for ch in key) or not key.isascii():
        raise ValueError(f"a mark's key is letters, digits and _ only: {key!r}")
    return MARK_PREFIX + key.lower()
