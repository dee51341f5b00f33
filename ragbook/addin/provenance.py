"""What ragbook.xlam records about how it was built, and the xlwings version check.

The add-in's VBA names xlwings' DLL and Mac AppleScript by version, so it works
only with the xlwings it was built from. The build records that version (and
ragbook's) as custom document properties (docProps/custom.xml, shown in
Excel under File > Info > Properties > Advanced Properties > Custom), where
`ragbook addin check` and `ragbook addin install` read it back.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from ..errors import FileProblem, NotAWorkbook, UnsafeToWrite, UsageProblem
from .parts import CUSTOM_PROPERTIES_PART
from .xlwings_template import installed_xlwings_version

XLWINGS_VERSION = "ragbook.xlwings_version"
RAGBOOK_VERSION = "ragbook.version"
TEMPLATE_SHA256 = "ragbook.template_sha256"
# The format ID every user-defined document property carries (MS-OLEPS).
FMTID_USER_DEFINED = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"


class AddinOutOfDate(UsageProblem):
    """The add-in was built from a different xlwings than the one installed."""


@dataclass(frozen=True)
class AddinStamp:
    xlwings_version: str
    ragbook_version: str
    template_sha256: str

    def properties(self) -> dict[str, str]:
        return {
            XLWINGS_VERSION: self.xlwings_version,
            RAGBOOK_VERSION: self.ragbook_version,
            TEMPLATE_SHA256: self.template_sha256,
        }


def custom_properties_xml(properties: dict[str, str]) -> str:
    """docProps/custom.xml holding text properties."""
    items = "".join(
        f'<property fmtid="{FMTID_USER_DEFINED}" pid="{pid}" name={quoteattr(name)}>'
        f"<vt:lpwstr>{escape(value)}</vt:lpwstr></property>"
        for pid, (name, value) in enumerate(properties.items(), start=2)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        'custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/'
        f'2006/docPropsVTypes">{items}</Properties>'
    )


def read_custom_properties(xml: str) -> dict[str, str]:
    found = re.findall(
        r'<property\b[^>]*\bname="([^"]*)"[^>]*>\s*<vt:lpwstr>(.*?)</vt:lpwstr>', xml, re.S
    )
    return {unescape(name): unescape(value) for name, value in found}


def read_stamp(path: Path) -> AddinStamp | None:
    """What a ragbook-built add-in records; None for any other workbook.

    Raises:
        NotAWorkbook: the file is not an Excel package at all.
    """
    try:
        with zipfile.ZipFile(path) as package:
            if CUSTOM_PROPERTIES_PART not in package.namelist():
                return None
            properties = read_custom_properties(
                package.read(CUSTOM_PROPERTIES_PART).decode("utf-8", "replace")
            )
    except (zipfile.BadZipFile, OSError) as exc:
        raise NotAWorkbook(
            f"{path} is not an Excel add-in ragbook can read ({exc}); build a new "
            "one with: ragbook addin build"
        ) from None
    if XLWINGS_VERSION not in properties:
        return None
    return AddinStamp(
        properties[XLWINGS_VERSION],
        properties.get(RAGBOOK_VERSION, ""),
        properties.get(TEMPLATE_SHA256, ""),
    )


def check_addin(path: Path) -> AddinStamp:
    """The add-in's stamp, when it matches the xlwings installed in this Python.

    Raises:
        FileProblem: there is no file at `path`.
        UsageProblem: the file is not an add-in ragbook built.
        AddinOutOfDate: it was built from another xlwings version than the installed one.
    """
    if not path.is_file():
        raise FileProblem(
            f"there is no add-in at {path}: build one with `ragbook addin build`, "
            "or give the path of the one you built"
        )
    stamp = read_stamp(path)
    if stamp is None:
        raise UsageProblem(
            f"{path} was not built by ragbook (it records no xlwings version); "
            "build the add-in with: ragbook addin build"
        )
    installed = installed_xlwings_version()
    if installed != stamp.xlwings_version:
        now = f"xlwings {installed} is installed" if installed else "xlwings is not installed"
        raise AddinOutOfDate(
            f"{path.name} was built from xlwings {stamp.xlwings_version} but {now}, and the "
            "add-in's code only works with the xlwings it was built from: rebuild and reinstall "
            "it (ragbook addin build, then ragbook addin install), or go back to that xlwings: "
            f"pip install xlwings=={stamp.xlwings_version}"
        )
    return stamp


def replaceable(target: Path, force: bool) -> bool:
    """True when `target` is an add-in ragbook built; refuses any other file unless forced."""
    if not target.exists():
        return False
    try:
        ours = read_stamp(target) is not None
    except NotAWorkbook:
        ours = False
    if not ours and not force:
        raise UnsafeToWrite(
            f"{target} exists and was not written by ragbook, so ragbook will not "
            "replace it: move it away, or use --force to replace it"
        )
    return ours
