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
        if role and 0 <= name.local_sheet_id < len(pkg.sheets):
            # A sheet the user copied keeps the marker; the first one keeps the role.
            if role not in out.values():
                out[name.local_sheet_id] = role
    return out
