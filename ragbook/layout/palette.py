"""The look of the sheets ragbook owns: one place for every style."""

from __future__ import annotations

from functools import cache

from ..rules.scales import Rating, Scale
from ..rules.schema import NOT_RATED
from ..xlsx.spec import Cell, Style

DATE_FORMAT = "dd/mm/yyyy"
PERCENT_FORMAT = "0.0%"
MONEY_FORMAT = '"£"#,##0'

TITLE = Style(bold=True, size=14)
SUBTITLE = Style(italic=True, colour="595959")
SECTION = Style(bold=True, size=12)
HEADER = Style(bold=True, colour="FFFFFF", fill="305496", wrap=True, border=True, valign="top")
TEXT = Style(wrap=True, valign="top", border=True)
PLAIN = Style(valign="top", border=True)
NUMBER = Style(border=True, align="center", valign="top")
DATE = Style(num_fmt=DATE_FORMAT, border=True, align="center", valign="top")
PERCENT = Style(num_fmt=PERCENT_FORMAT, border=True, align="center", valign="top")
MONEY = Style(num_fmt=MONEY_FORMAT, border=True, valign="top")
TOTAL_LABEL = Style(bold=True, border=True, fill="D9E1F2")
TOTAL = Style(bold=True, border=True, fill="D9E1F2", align="center")
MONEY_TOTAL = Style(bold=True, border=True, fill="D9E1F2", num_fmt=MONEY_FORMAT)
LABEL = Style(bold=True, border=True, valign="top")
LINK = Style(colour="0563C1", underline=True, border=True, valign="top")
OVERDUE = Style(bold=True, colour="9C0006", fill="FFC7CE", border=True, valign="top", wrap=True)
DUE_SOON = Style(colour="7F6000", fill="FFEB9C", border=True, valign="top", wrap=True)
NOT_RATED_STYLE = Style(italic=True, fill="EDEDED", border=True, align="center", valign="top")
UNRECOGNISED_STYLE = Style(
    bold=True, fill="EDEDED", colour="9C0006", border=True, align="center", valign="top"
)
BETTER = Style(colour="006100", fill="C6EFCE", border=True, align="center")
WORSE = Style(colour="9C0006", fill="FFC7CE", border=True, align="center")
WORSE_TEXT = Style(colour="9C0006", fill="FFC7CE", border=True, valign="top", wrap=True)
SAME = Style(border=True, align="center")
NOTE = Style(italic=True, colour="595959", wrap=False)
TAB_OWNED = "808080"


@cache
def rating_style(rating: Rating | None, blank: bool = True) -> Style:
    """A rating cell: the scale's colour with readable text; the label is always there too."""
    if rating is None:
        return NOT_RATED_STYLE if blank else UNRECOGNISED_STYLE
    return Style(
        bold=True,
        fill=rating.colour,
        colour=rating.text_colour,
        border=True,
        align="center",
        valign="top",
        wrap=True,
    )


def scale_rating(scale: Scale, label: str) -> Rating | None:
    """The scale's first rating with exactly this label (not Scale.find: no codes, any case)."""
    return next((r for r in scale.ratings if r.label == label), None)


def label_cell(scale: Scale, label: str) -> Cell:
    """A rating label, Not rated or Unrecognised, in the rating's own colours."""
    return Cell(label, rating_style(scale_rating(scale, label), label == NOT_RATED))


# Cells a lead types in, in their own workbook: unlocked on a protected sheet.
INPUT_FILL = "FFF2CC"
INPUT_RATING = Style(
    fill=INPUT_FILL, border=True, align="center", valign="top", wrap=True, locked=False
)
INPUT_PERCENT = Style(
    fill=INPUT_FILL, border=True, align="center", valign="top", num_fmt="0%", locked=False
)
# Formatted as text ("@"), so an update typed as "-done" or "=2+2" stays text in Excel.
INPUT_TEXT = Style(fill=INPUT_FILL, border=True, valign="top", wrap=True, num_fmt="@", locked=False)
# An update cell whose value the plan calculates: locked, and grey rather than yellow.
CALCULATED_RATING = Style(
    fill="EDEDED", border=True, align="center", valign="top", wrap=True, italic=True
)
CALCULATED_PERCENT = Style(
    fill="EDEDED", border=True, align="center", valign="top", num_fmt="0%", italic=True
)
CALCULATED_TEXT = Style(fill="EDEDED", border=True, valign="top", wrap=True, italic=True)
INPUT_HEADER = Style(
    bold=True, fill="BF8F00", colour="FFFFFF", wrap=True, border=True, valign="top"
)
ASK = Style(bold=True, size=12)
