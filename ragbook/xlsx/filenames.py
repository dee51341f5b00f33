"""File names any file system accepts, made from what people type (lead names)."""

from __future__ import annotations

import re
import unicodedata

# Characters Windows forbids in a file name (macOS and Linux forbid only "/"),
# and control characters, which no program shows sensibly.
_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
# Names Windows reserves for devices, with or without an extension
# ("CON.xlsx" cannot be created either); COM¹ and friends count too.
_RESERVED = re.compile(r"^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)(\..*)?$", re.I)
# A file name component may be 255 bytes on most file systems; keep well under,
# so the folder path and a " (2)" suffix still fit in Windows' 260-character paths.
MAX_STEM_BYTES = 100


def safe_stem(text: str, fallback: str = "lead") -> str:
    """`text` as a file name without extension, valid on Windows, macOS and Linux.

    Runs of spaces, tabs and line ends become one space, forbidden characters "-"; leading dots
    and "~" (hidden files, Excel's owner files) and trailing dots and spaces
    (which Windows drops) go; a reserved device name gets "_" after it; the
    result is cut to MAX_STEM_BYTES of UTF-8 without splitting a character.
    """
    name = " ".join(unicodedata.normalize("NFC", text).split())
    name = _FORBIDDEN.sub("-", name)
    name = name.lstrip(". ~").rstrip(". ")
    encoded = name.encode("utf-8")
    if len(encoded) > MAX_STEM_BYTES:
        name = encoded[:MAX_STEM_BYTES].decode("utf-8", "ignore").rstrip(". ")
    if not name:
        name = fallback
    if _RESERVED.match(name):
        name += "_"
    return name


def unique_filename(stem: str, suffix: str, taken: set[str]) -> str:
    """stem + suffix, with " (2)", " (3)" ... when taken (compared ignoring case,
    as Windows and macOS do). Adds the result to `taken`."""
    folded = {t.casefold() for t in taken}
    name, n = stem + suffix, 2
    while name.casefold() in folded:
        name = f"{stem} ({n}){suffix}"
        n += 1
    taken.add(name)
    return name
