"""Asking Excel to recalculate on opening, and pivot caches to refresh.

A plan saved by Excel carries `<calcPr calcId="..."/>`, which tells Excel the
cached values are current; after ragbook rebuilds a sheet the owner's
formulas over it are not, so the writer sets fullCalcOnLoad="1" (adding
calcPr, in the schema's order, when there is none) and refreshOnLoad="1" on
pivot caches over owned sheets. Nothing else of those parts changes.
"""

from __future__ import annotations

import re

# CT_Workbook's children after calcPr, in the schema's order: calcPr goes before the first.
_AFTER_CALC_PR = (
    "oleSize",
    "customWorkbookViews",
    "pivotCaches",
    "smartTagPr",
    "smartTagTypes",
    "webPublishing",
    "fileRecoveryPr",
    "webPublishObjects",
    "extLst",
)


def set_attribute(text: str, element: str, name: str, value: str) -> str:
    """The first <element> start tag of `text` with the attribute set (added at its end)."""
    found = re.search(rf"<((?:[\w.\-]+:)?){element}\b[^>]*?(/?)>", text)
    if found is None:
        return text
    tag = found.group(0)
    if re.search(rf"\s{name}\s*=", tag):
        tag = re.sub(rf"(\s{name}\s*=\s*)([\"'])[^\"']*\2", rf'\g<1>"{value}"', tag, count=1)
    else:
        end = len(tag) - (2 if tag.endswith("/>") else 1)
        tag = tag[:end] + f' {name}="{value}"' + tag[end:]
    return text[: found.start()] + tag + text[found.end() :]


def full_calc_on_load(text: str, prefix: str) -> str:
    """The workbook part asking for a full recalculation when next opened."""
    if re.search(rf"<{re.escape(prefix)}calcPr\b", text):
        return set_attribute(text, "calcPr", "fullCalcOnLoad", "1")
    # Only the workbook's own children count: a workbook view can hold an extLst too.
    sheets = re.search(rf"</{re.escape(prefix)}sheets>|<{re.escape(prefix)}sheets\b[^>]*/>", text)
    start = sheets.end() if sheets else 0
    at = None
    for tag in _AFTER_CALC_PR:
        m = re.compile(rf"<{re.escape(prefix)}{tag}\b").search(text, start)
        if m and (at is None or m.start() < at):
            at = m.start()
    if at is None:
        at = text.rindex(f"</{prefix}workbook>")
    return text[:at] + f'<{prefix}calcPr fullCalcOnLoad="1"/>' + text[at:]


def refresh_on_load(text: str) -> str:
    """A pivot cache definition asking to be refreshed when next opened."""
    return set_attribute(text, "pivotCacheDefinition", "refreshOnLoad", "1")


__all__ = ["full_calc_on_load", "refresh_on_load", "set_attribute"]
