"""What ragbook needs to know about a workbook's cell formats when reading.

Which style indexes are dates (so a number reads as a date), which of those
show no day (Excel stores a typed "January 2017" as the 1st, shown "Jan-17":
the rules decide what such a date means), which show percentages (so 0.85
shown as 85% is read as 85%), and each style's fill colour (so a rating
typed only as a coloured cell can be read).
"""

from __future__ import annotations

import colorsys
import re
from dataclasses import dataclass, field
from xml.etree import ElementTree as ET

from .package import NS_MAIN, REL_STYLES, REL_THEME, Package

_M = f"{{{NS_MAIN}}}"
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"

# Built-in number formats that show dates.
BUILTIN_DATE_FORMATS = frozenset(
    {
        14,
        15,
        16,
        17,
        18,
        19,
        20,
        21,
        22,
        27,
        28,
        29,
        30,
        31,
        32,
        33,
        34,
        35,
        36,
        45,
        46,
        47,
        50,
        51,
        52,
        53,
        54,
        55,
        56,
        57,
        58,
    }
)
_QUOTED = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]|_.|\*.')
_DATE_TOKENS = re.compile(r"[dmyhs]", re.I)
BUILTIN_PERCENT_FORMATS = frozenset({9, 10})
# Built-in date formats that show no day: 17 is "mmm-yy", what Excel gives a typed "Jan 2017".
BUILTIN_NO_DAY_FORMATS = {17: "mmm-yy"}

# The legacy indexed palette (colour index -> RRGGBB), first 64 entries.
INDEXED = [
    "000000",
    "FFFFFF",
    "FF0000",
    "00FF00",
    "0000FF",
    "FFFF00",
    "FF00FF",
    "00FFFF",
    "000000",
    "FFFFFF",
    "FF0000",
    "00FF00",
    "0000FF",
    "FFFF00",
    "FF00FF",
    "00FFFF",
    "800000",
    "008000",
    "000080",
    "808000",
    "800080",
    "008080",
    "C0C0C0",
    "808080",
    "9999FF",
    "993366",
    "FFFFCC",
    "CCFFFF",
    "660066",
    "FF8080",
    "0066CC",
    "CCCCFF",
    "000080",
    "FF00FF",
    "FFFF00",
    "00FFFF",
    "800080",
    "800000",
    "008080",
    "0000FF",
    "00CCFF",
    "CCFFFF",
    "CCFFCC",
    "FFFF99",
    "99CCFF",
    "FF99CC",
    "CC99FF",
    "FFCC99",
    "3366FF",
    "33CCCC",
    "99CC00",
    "FFCC00",
    "FF9900",
    "FF6600",
    "666699",
    "969696",
    "003366",
    "339966",
    "003300",
    "333300",
    "993300",
    "993366",
    "333399",
    "333333",
]


def is_date_format(code: str) -> bool:
    """A custom number format shows a date if it has d, m, y (or time) tokens."""
    stripped = _QUOTED.sub("", code.split(";")[0])
    if stripped.strip().lower() == "general":
        return False
    return bool(_DATE_TOKENS.search(stripped))


def date_shows(code: str) -> str | None:
    """What a date format shows when it shows no day: "month" ("mmm yyyy", "mmm-yy"),
    "year" ("yyyy"); None when it shows the day, or a time of day (whose m is minutes)."""
    stripped = _QUOTED.sub("", code.split(";")[0]).lower()
    if "d" in stripped or "h" in stripped or "s" in stripped:
        return None
    if "m" in stripped:
        return "month"
    return "year" if "y" in stripped else None


def is_percent_format(code: str) -> bool:
    """A number format shows a percentage if it has a % outside quotes."""
    return "%" in _QUOTED.sub("", code.split(";")[0])


@dataclass
class StyleInfo:
    date_styles: frozenset[int] = frozenset()
    fills: dict[int, str] = field(default_factory=dict)  # style index -> RRGGBB of its solid fill
    percent_styles: frozenset[int] = frozenset()
    # Date styles whose format shows no day: style index -> ("month" or "year", format code).
    no_day: dict[int, tuple[str, str]] = field(default_factory=dict)


def read_styles(pkg: Package) -> StyleInfo:
    part = pkg.part_of_type(REL_STYLES)
    if part is None:
        return StyleInfo()
    root = pkg.xml(part)
    formats: dict[int, str] = {}
    numfmts = root.find(f"{_M}numFmts")
    for el in numfmts if numfmts is not None else []:
        try:
            formats[int(el.get("numFmtId", "-1"))] = el.get("formatCode", "")
        except ValueError:
            continue
    theme = _theme_colours(pkg)
    fill_colours: list[str | None] = []
    fills = root.find(f"{_M}fills")
    for fill in fills if fills is not None else []:
        fill_colours.append(_fill_colour(fill, theme))
    dates, percents, fill_by_style = set(), set(), {}
    no_day: dict[int, tuple[str, str]] = {}
    xfs = root.find(f"{_M}cellXfs")
    for index, xf in enumerate(xfs if xfs is not None else []):
        try:
            fmt = int(xf.get("numFmtId", "0"))
            fill_id = int(xf.get("fillId", "0"))
        except ValueError:
            continue
        if fmt in BUILTIN_DATE_FORMATS or (fmt in formats and is_date_format(formats[fmt])):
            dates.add(index)
            code = formats.get(fmt) or BUILTIN_NO_DAY_FORMATS.get(fmt, "")
            shows = date_shows(code) if code else None
            if shows:
                no_day[index] = (shows, code)
        elif fmt in BUILTIN_PERCENT_FORMATS or (fmt in formats and is_percent_format(formats[fmt])):
            percents.add(index)
        if 0 <= fill_id < len(fill_colours) and (colour := fill_colours[fill_id]):
            fill_by_style[index] = colour
    return StyleInfo(frozenset(dates), fill_by_style, frozenset(percents), no_day)


def _fill_colour(fill: ET.Element, theme: list[str]) -> str | None:
    pattern = fill.find(f"{_M}patternFill")
    if pattern is not None:
        if pattern.get("patternType", "none") in ("none", "gray125", "gray0625"):
            return None
        colour = pattern.find(f"{_M}fgColor")
        return resolve_colour(colour, theme) if colour is not None else None
    gradient = fill.find(f"{_M}gradientFill")
    if gradient is not None:
        stop = gradient.find(f"{_M}stop/{_M}color")
        return resolve_colour(stop, theme) if stop is not None else None
    return None


def resolve_colour(el: ET.Element, theme: list[str]) -> str | None:
    """An <fgColor>/<color> element (rgb, theme + tint, or indexed) as RRGGBB."""
    base = None
    if el.get("rgb"):
        rgb = el.get("rgb", "").upper()
        base = rgb[-6:] if len(rgb) >= 6 else None
    elif el.get("theme") is not None:
        try:
            base = theme[int(el.get("theme", ""))]
        except (ValueError, IndexError):
            base = None
    elif el.get("indexed") is not None:
        try:
            base = INDEXED[int(el.get("indexed", ""))]
        except (ValueError, IndexError):
            base = None
    if base is None:
        return None
    tint = float(el.get("tint", "0") or 0)
    return apply_tint(base, tint) if tint else base


def apply_tint(rgb: str, tint: float) -> str:
    """Excel's tint: lighten or darken the colour's luminance (HLS)."""
    r, g, b = (int(rgb[i : i + 2], 16) / 255 for i in (0, 2, 4))
    h, lum, s = colorsys.rgb_to_hls(r, g, b)
    lum = lum * (1 + tint) if tint < 0 else lum * (1 - tint) + tint
    r, g, b = colorsys.hls_to_rgb(h, min(max(lum, 0), 1), s)
    return "".join(f"{round(c * 255):02X}" for c in (r, g, b))


def _theme_colours(pkg: Package) -> list[str]:
    """Theme colour slots in the order cell styles index them."""
    part = pkg.part_of_type(REL_THEME)
    default = [
        "FFFFFF",
        "000000",
        "E7E6E6",
        "44546A",
        "4472C4",
        "ED7D31",
        "A5A5A5",
        "FFC000",
        "5B9BD5",
        "70AD47",
        "0563C1",
        "954F72",
    ]
    if part is None:
        return default
    try:
        root = pkg.xml(part)
    except Exception:  # noqa: BLE001  a broken theme only costs colour reading
        return default
    scheme = root.find(f"{_A}themeElements/{_A}clrScheme")
    if scheme is None:
        return default
    slots = {}
    for child in scheme:
        tag = child.tag.replace(_A, "")
        colour = None
        for inner in child:
            colour = inner.get("lastClr") or inner.get("val")
        slots[tag] = (colour or "").upper()
    # Cell styles index lt1, dk1, lt2, dk2 first (Excel swaps the pairs).
    order = [
        "lt1",
        "dk1",
        "lt2",
        "dk2",
        "accent1",
        "accent2",
        "accent3",
        "accent4",
        "accent5",
        "accent6",
        "hlink",
        "folHlink",
    ]
    return [slots.get(key) or default[i] for i, key in enumerate(order)]
