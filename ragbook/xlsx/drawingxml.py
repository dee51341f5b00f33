"""The parts that put an owned sheet's charts on it: the sheet's relationships, one
drawing part (where each chart sits, its name and alt text) and a chart part each.

ragbook owns these parts because only its own sheet points at them: when the sheet
is rebuilt or removed, the writer deletes every part reachable only through that
sheet (writer._orphans), so the old charts go and these replace them. A chart or
drawing the owner made on any other sheet is never read or written here, and the
names chosen are ones no part of the package uses.
"""

from __future__ import annotations

import posixpath

from .chartspec import Chart
from .chartxml import NS_A, NS_C, NS_R, chart_xml
from .package import NS_PKG_REL, NS_REL, Package, rels_part_for
from .sheetxml import escape_attr

REL_DRAWING = NS_REL + "/drawing"
REL_CHART = NS_REL + "/chart"
CT_DRAWING = "application/vnd.openxmlformats-officedocument.drawing+xml"
CT_CHART = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
CT_RELS = "application/vnd.openxmlformats-package.relationships+xml"
NS_XDR = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"
# The sheet's relationship to its drawing: the only one a sheet ragbook writes has.
DRAWING_RID = "rId1"
_EMU_PER_PIXEL = 9525


def _free(folder: str, stem: str, taken: set[str]) -> str:
    n = 1
    while posixpath.join(folder, f"{stem}{n}.xml").lower() in taken:
        n += 1
    name = posixpath.join(folder, f"{stem}{n}.xml")
    taken.add(name.lower())
    return name


def _rels(targets: list[tuple[str, str, str]], base: str) -> bytes:
    items = "".join(
        f'<Relationship Id="{rid}" Type="{rtype}" '
        f'Target="{escape_attr(posixpath.relpath(part, base))}"/>'
        for rid, rtype, part in targets
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<Relationships xmlns="{NS_PKG_REL}">{items}</Relationships>'
    ).encode()


def _anchor(number: int, chart: Chart, rid: str) -> str:
    first_col, first_row, last_col, last_row = chart.anchor
    return (
        '<xdr:twoCellAnchor editAs="oneCell">'
        f"<xdr:from><xdr:col>{first_col}</xdr:col><xdr:colOff>0</xdr:colOff>"
        f"<xdr:row>{first_row}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>"
        f"<xdr:to><xdr:col>{last_col}</xdr:col><xdr:colOff>0</xdr:colOff>"
        f"<xdr:row>{last_row}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to>"
        '<xdr:graphicFrame macro="">'
        f'<xdr:nvGraphicFramePr><xdr:cNvPr id="{number + 1}" '
        f'name="{escape_attr(f"ragbook chart {number}: {chart.title}")}" '
        f'descr="{escape_attr(chart.alt_text)}" title="{escape_attr(chart.title)}"/>'
        '<xdr:cNvGraphicFramePr><a:graphicFrameLocks noGrp="1"/></xdr:cNvGraphicFramePr>'
        "</xdr:nvGraphicFramePr>"
        '<xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm>'
        f'<a:graphic><a:graphicData uri="{NS_C}">'
        f'<c:chart xmlns:c="{NS_C}" r:id="{rid}"/></a:graphicData></a:graphic>'
        "</xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor>"
    )


def chart_parts(
    sheet_part: str, sheet_name: str, charts: list[Chart], taken: set[str]
) -> dict[str, tuple[bytes, str | None]]:
    """Part name -> (bytes, content type; None for a relationships part) for a sheet's
    charts. `taken` holds the part names (lower case) in use; the new ones are added."""
    if not charts:
        return {}
    root = posixpath.dirname(posixpath.dirname(sheet_part)) or "xl"
    drawing = _free(posixpath.join(root, "drawings"), "drawing", taken)
    out: dict[str, tuple[bytes, str | None]] = {}
    links = []
    anchors = []
    for number, chart in enumerate(charts, start=1):
        part = _free(posixpath.join(root, "charts"), "chart", taken)
        out[part] = (chart_xml(chart, sheet_name), CT_CHART)
        rid = f"rId{number}"
        links.append((rid, REL_CHART, part))
        anchors.append(_anchor(number, chart, rid))
    out[drawing] = (
        (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<xdr:wsDr xmlns:xdr="{NS_XDR}" xmlns:a="{NS_A}" xmlns:r="{NS_R}">'
            + "".join(anchors)
            + "</xdr:wsDr>"
        ).encode("utf-8"),
        CT_DRAWING,
    )
    out[rels_part_for(drawing)] = (_rels(links, posixpath.dirname(drawing)), None)
    out[rels_part_for(sheet_part)] = (
        _rels([(DRAWING_RID, REL_DRAWING, drawing)], posixpath.dirname(sheet_part)),
        None,
    )
    return out


def drawn_on(pkg: Package, parts: list[str | None]) -> dict[str, str]:
    """The drawings and charts on these sheets (those ragbook makes afresh on its own
    sheets), with their relationships parts: part name -> "drawing", "chart" or "rels"."""
    found: dict[str, str] = {}
    for part in parts:
        for rel in pkg.rels(part).values() if part else ():
            if rel.type != REL_DRAWING or rel.external or not pkg.has(rel.target):
                continue
            found[pkg.real_name(rel.target)] = "drawing"
            for chart in pkg.rels(rel.target).values():
                if chart.type == REL_CHART and not chart.external and pkg.has(chart.target):
                    found[pkg.real_name(chart.target)] = "chart"
    for name in list(found):
        if pkg.has(rels_part_for(name)):
            found[pkg.real_name(rels_part_for(name))] = "rels"
    return found
