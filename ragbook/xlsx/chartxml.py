"""A Chart (chartspec.py) as a DrawingML chart part, as Excel and XlsxWriter write one.

Every series reads its sheet's cells (so Excel keeps the chart live) and carries
their values as its cache (so a viewer that does not recalculate shows them too).
Bars are outlined and labelled with their series' name and value, in a text
colour readable on the scale's colour, so the chart reads in black and white.
"""

from __future__ import annotations

from .chartspec import LINES, Chart, Series
from .sheetxml import _number, escape_attr, escape_text
from .spec import quote_sheet

NS_C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
NS_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_CAT_AXIS, _VAL_AXIS = 50010001, 50010002
# To judge which bar labels fit: about how long the longest bar is drawn (a chart six
# Tracker columns wide, less its category labels and the axis's headroom), and how
# wide a character of an 11 pt bold label is, in pixels.
BAR_PIXELS = 420
LABEL_CHAR_PIXELS = 9
# Chart text is the body's 11 pt: the Tracker prints at no less than the scale that keeps
# 11 pt text at 8 pt (xlsx/printing.py), and a chart's text must stay readable too.
TEXT_SIZE = 1100


def absolute_range(sheet: str, cells: str) -> str:
    """'Tracker'!$B$5:$D$5 from Tracker and B5:D5."""
    parts = []
    for ref in cells.split(":"):
        letters = ref.rstrip("0123456789")
        parts.append(f"${letters}${ref[len(letters) :]}")
    return f"{quote_sheet(sheet)}!{':'.join(parts)}"


def _rich(text: str, size: int, bold: bool) -> str:
    return (
        f'<c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="{size}" b="{int(bold)}"/>'
        f'</a:pPr><a:r><a:rPr lang="en-GB" sz="{size}" b="{int(bold)}"/>'
        f"<a:t>{escape_text(text)}</a:t></a:r></a:p></c:rich>"
    )


def _text_props(colour: str = "000000", size: int = TEXT_SIZE, bold: bool = False) -> str:
    return (
        f'<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="{size}" b="{int(bold)}">'
        f'<a:solidFill><a:srgbClr val="{colour}"/></a:solidFill></a:defRPr></a:pPr>'
        '<a:endParaRPr lang="en-GB"/></a:p></c:txPr>'
    )


def _str_ref(sheet: str, cells: str, values: tuple[str, ...]) -> str:
    points = "".join(
        f'<c:pt idx="{i}"><c:v>{escape_text(v)}</c:v></c:pt>' for i, v in enumerate(values)
    )
    return (
        f"<c:strRef><c:f>{escape_text(absolute_range(sheet, cells))}</c:f>"
        f'<c:strCache><c:ptCount val="{len(values)}"/>{points}</c:strCache></c:strRef>'
    )


def _num_ref(sheet: str, cells: str, values: tuple[float | None, ...], fmt: str) -> str:
    points = "".join(
        f'<c:pt idx="{i}"><c:v>{_number(v)}</c:v></c:pt>'
        for i, v in enumerate(values)
        if v is not None
    )
    return (
        f"<c:numRef><c:f>{escape_text(absolute_range(sheet, cells))}</c:f>"
        f"<c:numCache><c:formatCode>{escape_text(fmt)}</c:formatCode>"
        f'<c:ptCount val="{len(values)}"/>{points}</c:numCache></c:numRef>'
    )


def _point_labels(series: Series, chart: Chart) -> str:
    """Labels of the segments too narrow for their rating and count: the count alone
    where it fits, else none (it would sit on its neighbour's); a segment of nothing
    gets none."""
    longest = max(
        (
            sum(v or 0 for v in points)
            for points in zip(*(s.cached for s in chart.series), strict=False)
        ),
        default=0,
    )
    out = []
    for i, v in enumerate(series.cached):
        width = (v or 0) / longest * BAR_PIXELS if longest else 0
        full = f"{series.name}: {v:g}" if v else ""
        if v and width >= len(full) * LABEL_CHAR_PIXELS:
            continue
        count_only = bool(v) and width >= (len(f"{v:g}") + 1) * LABEL_CHAR_PIXELS
        out.append(
            f'<c:dLbl><c:idx val="{i}"/>'
            + (
                f'<c:numFmt formatCode="{escape_attr(chart.number_format)}" sourceLinked="0"/>'
                "<c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>"
                f"{_text_props(series.label_colour, TEXT_SIZE, True)}"
                '<c:dLblPos val="ctr"/><c:showLegendKey val="0"/><c:showVal val="1"/>'
                '<c:showCatName val="0"/><c:showSerName val="0"/><c:showPercent val="0"/>'
                '<c:showBubbleSize val="0"/>'
                if count_only
                else '<c:delete val="1"/>'
            )
            + "</c:dLbl>"
        )
    return "".join(out)


def _labels(series: Series, chart: Chart, bars: bool) -> str:
    if not series.labels:
        return ""
    position = "ctr" if bars else "t"
    return (
        f"<c:dLbls>{_point_labels(series, chart) if bars else ''}"
        f'<c:numFmt formatCode="{escape_attr(chart.number_format)}" sourceLinked="0"/>'
        "<c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>"
        f"{_text_props(series.label_colour if bars else '000000', TEXT_SIZE, bars)}"
        f'<c:dLblPos val="{position}"/><c:showLegendKey val="0"/><c:showVal val="1"/>'
        f'<c:showCatName val="0"/><c:showSerName val="{int(bars)}"/><c:showPercent val="0"/>'
        '<c:showBubbleSize val="0"/><c:separator>: </c:separator></c:dLbls>'
    )


def _series(sheet: str, chart: Chart, index: int, series: Series, bars: bool) -> str:
    name = (
        _str_ref(sheet, series.name_cell, (series.name,))
        if series.name_cell
        else f"<c:v>{escape_text(series.name)}</c:v>"
    )
    colour = f'<a:srgbClr val="{series.colour}"/>'
    if bars:
        shape = (
            f"<c:spPr><a:solidFill>{colour}</a:solidFill>"
            '<a:ln w="9525"><a:solidFill><a:srgbClr val="404040"/></a:solidFill></a:ln></c:spPr>'
            '<c:invertIfNegative val="0"/>'
        )
    else:
        dash = '<a:prstDash val="dash"/>' if series.dashed else ""
        marker = (
            '<c:marker><c:symbol val="none"/></c:marker>'
            if series.dashed
            else (
                '<c:marker><c:symbol val="circle"/><c:size val="6"/>'
                f"<c:spPr><a:solidFill>{colour}</a:solidFill>"
                f"<a:ln><a:solidFill>{colour}</a:solidFill></a:ln></c:spPr></c:marker>"
            )
        )
        shape = (
            f'<c:spPr><a:ln w="28575" cap="rnd"><a:solidFill>{colour}</a:solidFill>{dash}'
            f"</a:ln></c:spPr>{marker}"
        )
    return (
        f'<c:ser><c:idx val="{index}"/><c:order val="{index}"/><c:tx>{name}</c:tx>{shape}'
        f"{_labels(series, chart, bars)}"
        f"<c:cat>{_str_ref(sheet, chart.categories, chart.category_names)}</c:cat>"
        f"<c:val>{_num_ref(sheet, series.values, series.cached, chart.number_format)}</c:val>"
        + ("" if bars else '<c:smooth val="0"/>')
        + "</c:ser>"
    )


def _axes(chart: Chart, bars: bool) -> str:
    grid = '<c:spPr><a:ln w="6350"><a:solidFill><a:srgbClr val="D9D9D9"/></a:solidFill></a:ln></c:spPr>'
    # Horizontal bars list the first category at the top, as the Tracker's table does.
    orientation = "maxMin" if bars else "minMax"
    return (
        f'<c:catAx><c:axId val="{_CAT_AXIS}"/><c:scaling><c:orientation val="{orientation}"/>'
        f'</c:scaling><c:delete val="0"/><c:axPos val="{"l" if bars else "b"}"/>'
        '<c:numFmt formatCode="General" sourceLinked="0"/><c:majorTickMark val="out"/>'
        f'<c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>{_text_props()}'
        f'<c:crossAx val="{_VAL_AXIS}"/><c:crosses val="autoZero"/><c:auto val="1"/>'
        '<c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>'
        f'<c:valAx><c:axId val="{_VAL_AXIS}"/><c:scaling><c:orientation val="minMax"/>'
        f'</c:scaling><c:delete val="0"/><c:axPos val="{"b" if bars else "l"}"/>'
        f"<c:majorGridlines>{grid}</c:majorGridlines>"
        f'<c:numFmt formatCode="{escape_attr(chart.number_format)}" sourceLinked="0"/>'
        '<c:majorTickMark val="out"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>'
        f'{_text_props()}<c:crossAx val="{_CAT_AXIS}"/>'
        + ('<c:crosses val="max"/>' if bars else '<c:crosses val="autoZero"/>')
        + f'<c:crossBetween val="{"between" if bars else "midCat"}"/></c:valAx>'
    )


def chart_xml(chart: Chart, sheet: str) -> bytes:
    """The chart part for `chart`, whose cells are on the sheet named `sheet`."""
    bars = chart.kind != LINES
    series = "".join(_series(sheet, chart, i, s, bars) for i, s in enumerate(chart.series))
    if bars:
        plot = (
            '<c:barChart><c:barDir val="bar"/><c:grouping val="stacked"/>'
            f'<c:varyColors val="0"/>{series}<c:gapWidth val="60"/><c:overlap val="100"/>'
            f'<c:axId val="{_CAT_AXIS}"/><c:axId val="{_VAL_AXIS}"/></c:barChart>'
        )
    else:
        plot = (
            '<c:lineChart><c:grouping val="standard"/><c:varyColors val="0"/>'
            f'{series}<c:marker val="1"/>'
            f'<c:axId val="{_CAT_AXIS}"/><c:axId val="{_VAL_AXIS}"/></c:lineChart>'
        )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<c:chartSpace xmlns:c="{NS_C}" xmlns:a="{NS_A}" xmlns:r="{NS_R}">'
        '<c:lang val="en-GB"/><c:roundedCorners val="0"/>'
        f"<c:chart><c:title><c:tx>{_rich(chart.title, TEXT_SIZE + 100, True)}</c:tx>"
        '<c:overlay val="0"/></c:title><c:autoTitleDeleted val="0"/>'
        f"<c:plotArea><c:layout/>{plot}{_axes(chart, bars)}</c:plotArea>"
        f'<c:legend><c:legendPos val="b"/><c:overlay val="0"/>{_text_props()}</c:legend>'
        '<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart>'
        '<c:spPr><a:solidFill><a:srgbClr val="FFFFFF"/></a:solidFill>'
        '<a:ln w="9525"><a:solidFill><a:srgbClr val="BFBFBF"/></a:solidFill></a:ln></c:spPr>'
        '<c:printSettings><c:headerFooter/><c:pageMargins b="0.75" l="0.7" r="0.7" t="0.75" '
        'header="0.3" footer="0.3"/><c:pageSetup/></c:printSettings>'
        "</c:chartSpace>"
    ).encode()
