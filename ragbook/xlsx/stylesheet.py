"""Adding the formats ragbook's sheets need to a workbook's styles part.

Only appends: every existing font, fill, border, number format and cell
format keeps its index, so the owner's sheets look exactly as before. A
format ragbook added on an earlier refresh (even one Excel has re-saved
since) is found and reused, so refreshing again does not grow the part.
"""

from __future__ import annotations

import re
from xml.etree import ElementTree as ET

from ..errors import UnsafeToWrite
from .package import NS_MAIN, xml_prefix
from .spec import Style
from .xmltext import utf8_text

_M = f"{{{NS_MAIN}}}"
# Child collections of <styleSheet>, in the order the schema requires.
ORDER = (
    "numFmts",
    "fonts",
    "fills",
    "borders",
    "cellStyleXfs",
    "cellXfs",
    "cellStyles",
    "dxfs",
    "tableStyles",
    "colors",
    "extLst",
)
BORDER_COLOUR = "FFBFBFBF"

MINIMAL_STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<styleSheet xmlns="{NS_MAIN}">'
    '<fonts count="1"><font><sz val="11"/><color theme="1"/><name val="Calibri"/>'
    '<family val="2"/><scheme val="minor"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
).encode()

# What index 0 of each collection holds in a workbook Excel made.
DEFAULTS = (
    (
        "fonts",
        [
            '<font><sz val="11"/><color theme="1"/><name val="Calibri"/><family val="2"/>'
            '<scheme val="minor"/></font>'
        ],
    ),
    (
        "fills",
        [
            '<fill><patternFill patternType="none"/></fill>',
            '<fill><patternFill patternType="gray125"/></fill>',
        ],
    ),
    ("borders", ["<border><left/><right/><top/><bottom/><diagonal/></border>"]),
    ("cellStyleXfs", ['<xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>']),
    ("cellXfs", ['<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>']),
    ("cellStyles", ['<cellStyle name="Normal" xfId="0" builtinId="0"/>']),
)

BUILTIN_FORMATS = {"General": 0, "0": 1, "0.00": 2, "#,##0": 3, "#,##0.00": 4, "0%": 9, "0.00%": 10}


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _canon(el: ET.Element) -> tuple:
    attrs = tuple(
        sorted((_local(k), v.lower() if _local(k) in ("rgb",) else v) for k, v in el.attrib.items())
    )
    return (_local(el.tag), attrs, (el.text or "").strip(), tuple(_canon(c) for c in el))


def _xml_attr(value: str) -> str:
    return (
        value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")
    )


class StylesEditor:
    """Index of each Style in a styles part, appending what is missing."""

    def __init__(self, data: bytes | None, filename: str = "workbook"):
        self.original = data if data is not None else MINIMAL_STYLES
        self.created = data is None
        try:
            self.root = ET.fromstring(self.original)
        except ET.ParseError as exc:
            raise UnsafeToWrite(
                f"{filename}: its styles part is damaged ({exc}); open the file in "
                "Excel, save it, and try again."
            ) from None
        text = utf8_text(self.original, f"{filename}: its styles part")
        self.prefix = xml_prefix(text, "styleSheet")
        empty_root = re.search(rf"<{re.escape(self.prefix)}styleSheet\b([^>]*?)/>", text)
        if empty_root:  # <styleSheet/> (POI writes one): open it so collections can go in
            text = (
                text[: empty_root.start()] + f"<{self.prefix}styleSheet{empty_root.group(1)}>"
                f"</{self.prefix}styleSheet>" + text[empty_root.end() :]
            )
        self.text = text
        self.children: dict[str, list[tuple]] = {}
        for name in ORDER:
            el = self.root.find(_M + name)
            self.children[name] = [_canon(c) for c in el] if el is not None else []
        self.pending: dict[str, list[str]] = {name: [] for name in ORDER}
        self.pending_canon: dict[str, list[tuple]] = {name: [] for name in ORDER}
        self.numfmt_ids: dict[str, int] = {}
        numfmts = self.root.find(_M + "numFmts")
        for el in numfmts if numfmts is not None else []:
            code, ident = el.get("formatCode"), el.get("numFmtId", "")
            if code is not None and ident.isdigit():
                self.numfmt_ids.setdefault(code, int(ident))
        self.next_numfmt = max([163, *self.numfmt_ids.values()]) + 1
        fonts = self.root.find(_M + "fonts")
        base = fonts[0] if fonts is not None and len(fonts) else None
        self.font_name, self.font_size, self.font_family, self.font_scheme = (
            "Calibri",
            "11",
            "2",
            "minor",
        )
        if base is not None and _local(base.tag) == "font":
            for child in base:
                tag, val = _local(child.tag), child.get("val")
                if val is None:
                    continue
                if tag == "name":
                    self.font_name = val
                elif tag == "sz":
                    self.font_size = val
                elif tag == "family":
                    self.font_family = val
                elif tag == "scheme":
                    self.font_scheme = val
        self.seeded = self._seed_defaults()
        self.has_style_xfs = bool(self.children["cellStyleXfs"] or self.pending["cellStyleXfs"])
        self._cache: dict[Style, int] = {}
        self._recoloured: dict[tuple[int, str], int] = {}

    def _seed_defaults(self) -> int:
        """Give empty collections the entries index 0 means (the default font, fill,
        border and format) when the part has no cell formats at all, so ragbook's
        first format is not taken as everyone's default. Returns how many entries
        were added."""
        seeds: list[tuple[str, str]] = []
        if self.children["cellXfs"]:
            return 0
        for name, items in DEFAULTS:
            if not self.children[name]:
                if name == "cellStyles" and not (
                    self.children["cellStyleXfs"]
                    or any(seeded == "cellStyleXfs" for seeded, _ in seeds)
                ):
                    continue
                seeds += [(name, item) for item in items]
        for name, item in seeds:
            self._index(name, item)
        return len(seeds)

    # -- element builders -------------------------------------------------
    def _p(self, xml: str) -> str:
        """Put the styles part's namespace prefix on our element names."""
        if not self.prefix:
            return xml
        return re.sub(r"<(/?)([A-Za-z]+)", lambda m: f"<{m.group(1)}{self.prefix}{m.group(2)}", xml)

    def _index(self, collection: str, xml: str) -> int:
        wrapped = f'<w xmlns="{NS_MAIN}">{xml}</w>'
        canon = _canon(ET.fromstring(wrapped)[0])
        existing = self.children[collection]
        for i, c in enumerate(existing):
            if c == canon:
                return i
        pending = self.pending_canon[collection]
        if canon in pending:
            return len(existing) + pending.index(canon)
        pending.append(canon)
        self.pending[collection].append(self._p(xml))
        return len(existing) + len(pending) - 1

    def _numfmt(self, code: str | None) -> int:
        if not code:
            return 0
        if code in BUILTIN_FORMATS:
            return BUILTIN_FORMATS[code]
        if code in self.numfmt_ids:
            return self.numfmt_ids[code]
        ident = self.next_numfmt
        self.next_numfmt += 1
        self.numfmt_ids[code] = ident
        self._index("numFmts", f'<numFmt numFmtId="{ident}" formatCode="{_xml_attr(code)}"/>')
        return ident

    def _font(self, s: Style) -> int:
        parts = []
        if s.bold:
            parts.append("<b/>")
        if s.italic:
            parts.append("<i/>")
        if s.underline:
            parts.append("<u/>")
        parts.append(f'<sz val="{_xml_attr(str(s.size) if s.size else self.font_size)}"/>')
        parts.append(f'<color rgb="FF{s.colour}"/>' if s.colour else '<color theme="1"/>')
        parts.append(f'<name val="{_xml_attr(self.font_name)}"/>')
        if self.font_family:
            parts.append(f'<family val="{_xml_attr(self.font_family)}"/>')
        if self.font_scheme and not s.size:
            parts.append(f'<scheme val="{_xml_attr(self.font_scheme)}"/>')
        return self._index("fonts", "<font>" + "".join(parts) + "</font>")

    def _fill(self, s: Style) -> int:
        if not s.fill:
            return 0
        return self._index(
            "fills",
            f'<fill><patternFill patternType="solid"><fgColor rgb="FF{s.fill}"/>'
            '<bgColor indexed="64"/></patternFill></fill>',
        )

    def _border(self, s: Style) -> int:
        if not s.border:
            return 0
        side = f'style="thin"><color rgb="{BORDER_COLOUR}"/>'
        return self._index(
            "borders",
            f"<border><left {side}</left><right {side}</right>"
            f"<top {side}</top><bottom {side}</bottom><diagonal/></border>",
        )

    def index(self, style: Style | None) -> int:
        """The cellXfs index for a style (0, the default format, for None)."""
        if style is None:
            return 0
        found = self._cache.get(style)
        if found is not None:
            return found
        numfmt, font, fill, border = (
            self._numfmt(style.num_fmt),
            self._font(style),
            self._fill(style),
            self._border(style),
        )
        attrs = [
            f'numFmtId="{numfmt}"',
            f'fontId="{font}"',
            f'fillId="{fill}"',
            f'borderId="{border}"',
        ]
        if self.has_style_xfs:
            attrs.append('xfId="0"')
        attrs += ['applyNumberFormat="1"', 'applyFont="1"', 'applyFill="1"', 'applyBorder="1"']
        inner = ""
        align = []
        if style.align:
            align.append(f'horizontal="{style.align}"')
        if style.valign:
            align.append(f'vertical="{style.valign}"')
        if style.wrap:
            align.append('wrapText="1"')
        if align:
            attrs.append('applyAlignment="1"')
            inner += f"<alignment {' '.join(align)}/>"
        if not style.locked:
            attrs.append('applyProtection="1"')
            inner += '<protection locked="0"/>'
        xml = f"<xf {' '.join(attrs)}>{inner}</xf>" if inner else f"<xf {' '.join(attrs)}/>"
        found = self._cache[style] = self._index("cellXfs", xml)
        return found

    def recoloured(self, xf: int, rgb: str) -> int:
        """The cellXfs index of a copy of format `xf` whose fill is solid `rgb`.

        For a rating cell of the owner's whose fill shows the rating: only the
        fill changes (its pattern stays, its foreground colour becomes `rgb`);
        font, border, number format, alignment and protection are the same
        format's. A copy already there is reused. A format ragbook cannot copy
        exactly (one with extensions) is kept: `xf` itself.
        """
        key = (xf, rgb.upper())
        found = self._recoloured.get(key)
        if found is not None:
            return found
        xfs = self.root.find(_M + "cellXfs")
        fills = self.root.find(_M + "fills")
        if xfs is None or not 0 <= xf < len(xfs):
            return xf
        element = xfs[xf]
        if any(k.startswith("{") for k in element.attrib) or any(
            _local(c.tag) not in ("alignment", "protection") for c in element
        ):
            return xf
        try:
            old_fill = fills[int(element.get("fillId", "0"))] if fills is not None else None
        except (ValueError, IndexError):
            old_fill = None
        fill = self._index("fills", _solid_fill(old_fill, rgb))
        attrs = dict(element.attrib, fillId=str(fill), applyFill="1")
        body = "".join(f"<{_local(c.tag)}{_attrs_xml(c.attrib)}/>" for c in element)
        xml = f"<xf{_attrs_xml(attrs)}>{body}</xf>" if body else f"<xf{_attrs_xml(attrs)}/>"
        found = self._recoloured[key] = self._index("cellXfs", xml)
        return found

    # -- output -----------------------------------------------------------
    @property
    def changed(self) -> bool:
        return self.created or sum(map(len, self.pending.values())) > self.seeded

    def result(self) -> bytes:
        if not self.changed:
            return self.original
        text = self.text
        p = re.escape(self.prefix)
        for name in ORDER:
            items = self.pending[name]
            if not items:
                continue
            total = len(self.children[name]) + len(items)
            block = re.search(rf"<{p}{name}\b([^>]*?)(/?)>", text)
            if block and block.group(2):  # <fonts count="0"/>
                start_tag = _set_count(f"<{self.prefix}{name}{block.group(1)}>", total)
                text = (
                    text[: block.start()]
                    + start_tag
                    + "".join(items)
                    + f"</{self.prefix}{name}>"
                    + text[block.end() :]
                )
            elif block:
                close = text.index(f"</{self.prefix}{name}>", block.end())
                start_tag = _set_count(block.group(0), total)
                text = (
                    text[: block.start()]
                    + start_tag
                    + text[block.end() : close]
                    + "".join(items)
                    + text[close:]
                )
            else:
                new = (
                    f'<{self.prefix}{name} count="{total}">'
                    + "".join(items)
                    + f"</{self.prefix}{name}>"
                )
                text = _insert_in_order(text, name, new, self.prefix)
        return text.encode("utf-8")


def _attrs_xml(attrs: dict[str, str]) -> str:
    return "".join(f' {k}="{_xml_attr(v)}"' for k, v in attrs.items())


def _solid_fill(old: ET.Element | None, rgb: str) -> str:
    """A fill like `old` (its pattern and background kept) in the foreground colour rgb."""
    pattern = old.find(_M + "patternFill") if old is not None else None
    kind = pattern.get("patternType", "solid") if pattern is not None else "solid"
    if kind in ("none", "gray125", "gray0625"):
        kind = "solid"
    background = pattern.find(_M + "bgColor") if pattern is not None else None
    bg = (
        f"<bgColor{_attrs_xml(dict(background.attrib))}/>"
        if background is not None and not any(k.startswith("{") for k in background.attrib)
        else '<bgColor indexed="64"/>'
    )
    return (
        f'<fill><patternFill patternType="{_xml_attr(kind)}"><fgColor rgb="FF{rgb.upper()}"/>'
        f"{bg}</patternFill></fill>"
    )


def _set_count(start_tag: str, total: int) -> str:
    if re.search(r"\bcount\s*=", start_tag):
        return re.sub(r"\bcount\s*=\s*([\"'])\d*\1", f'count="{total}"', start_tag, count=1)
    return start_tag[:-1].rstrip("/") + f' count="{total}">'


def _insert_in_order(text: str, name: str, new: str, prefix: str) -> str:
    """Insert a missing collection before the first collection that must follow it."""
    p = re.escape(prefix)
    for later in ORDER[ORDER.index(name) + 1 :]:
        m = re.search(rf"<{p}{later}\b", text)
        if m:
            return text[: m.start()] + new + text[m.start() :]
    close = text.rindex(f"</{prefix}styleSheet>")
    return text[:close] + new + text[close:]
