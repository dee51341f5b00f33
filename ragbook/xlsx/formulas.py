"""Which sheets a formula refers to, read the way Excel reads it.

Used to turn defined names that point at a removed sheet into #REF!, as
Excel does: only a real reference counts ('AF'!A1, AF!A1, Sheet1:AF!A1), never
a name that merely ends in the same letters (AFTop!A1 is not a reference to
AF), text in quotes, or a sheet of another workbook ([1]AF!A1).
"""

from __future__ import annotations

import re

_PLAIN = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*")
# Names Excel would read as something else unquoted: a cell (A1, XFD100), an
# R1C1 reference (R, C, RC, R1C1, R2, C3 ...) or a logical value.
_LOOKS_LIKE_A_REFERENCE = re.compile(r"[A-Za-z]{1,3}\d+|[Rr]\d*([Cc]\d*)?|[Cc]\d*|true|false", re.I)


def needs_quotes(sheet: str) -> bool:
    """Whether a formula must put this sheet name in quotes ('My sheet'!A1)."""
    return not _PLAIN.fullmatch(sheet) or bool(_LOOKS_LIKE_A_REFERENCE.fullmatch(sheet))


def _name_char(ch: str) -> bool:
    return ch.isalnum() or ch in "_.\\" or ord(ch) > 127


def sheet_refs(formula: str) -> set[str]:
    """The names of this workbook's sheets that `formula` refers to."""
    refs: set[str] = set()
    i, n = 0, len(formula)
    external = False  # the next sheet name belongs to another workbook ([1]Sheet!A1)
    while i < n:
        ch = formula[i]
        if ch == '"':  # a text constant; "" is a quote inside it
            i += 1
            while i < n:
                if formula[i] == '"':
                    if formula[i + 1 : i + 2] == '"':
                        i += 2
                        continue
                    break
                i += 1
            i += 1
        elif ch == "'":  # a quoted sheet name; '' is an apostrophe inside it
            j, name = i + 1, []
            while j < n:
                if formula[j] == "'":
                    if formula[j + 1 : j + 2] == "'":
                        name.append("'")
                        j += 2
                        continue
                    break
                name.append(formula[j])
                j += 1
            text = "".join(name)
            if formula[j + 1 : j + 2] == "!" and "[" not in text and not external:
                refs.update(text.split(":"))
            external = False
            i = j + 1
        elif ch == "[":  # a workbook index, or a table's column: skip to its end
            depth, j = 0, i
            while j < n:
                depth += {"[": 1, "]": -1}.get(formula[j], 0)
                j += 1
                if depth == 0:
                    break
            external = j < n and (_name_char(formula[j]) or formula[j] == "'")
            i = j
        elif ch == "#":  # an error value: #REF!, #N/A, #DIV/0!
            i += 1
            while i < n and (formula[i].isalnum() or formula[i] in "/!?_"):
                i += 1
        elif ch.isdigit():  # a number, or a row range like 1:5
            while i < n and (formula[i].isalnum() or formula[i] == "."):
                i += 1
        elif _name_char(ch):
            j = i
            while j < n and _name_char(formula[j]):
                j += 1
            first, end = formula[i:j], j
            if formula[j : j + 1] == ":":  # perhaps a 3-D reference, Sheet1:Sheet3!A1
                k = j + 1
                while k < n and _name_char(formula[k]):
                    k += 1
                if k > j + 1 and formula[k : k + 1] == "!":
                    if not external:
                        refs.update((first, formula[j + 1 : k]))
                    external = False
                    i = k + 1
                    continue
            if formula[end : end + 1] == "!" and not external:
                refs.add(first)
            external = False
            i = end
        else:
            i += 1
    return refs


def refers_to(formula: str, sheets: set[str]) -> bool:
    """Whether the formula refers to any of these sheets (names compared as Excel does,
    ignoring case)."""
    wanted = {s.casefold() for s in sheets}
    return any(ref.casefold() in wanted for ref in sheet_refs(formula))
