"""The Plan history sheet: one row per action per closed period, oldest first."""

from __future__ import annotations

from datetime import date

from ..rules.history import HEADERS, HistoryRow
from ..rules.scales import Scale
from ..rules.schema import HISTORY, Role
from ..xlsx.spec import Cell, SheetSpec
from . import palette as S

WIDTHS = {1: 12, 2: 12, 3: 8, 4: 50, 5: 14, 6: 16, 7: 11, 8: 60}


def build_history_sheet(name: str, rows: list[HistoryRow], scale: Scale) -> SheetSpec:
    sheet = SheetSpec(name=name, role=Role.HISTORY, tab_colour=S.TAB_OWNED)
    sheet.widths = dict(WIDTHS)
    sheet.add(Cell(HISTORY, S.TITLE))
    sheet.add(
        Cell(
            "Each closed period's ratings, % complete and progress updates, one row per "
            "action, written by 'ragbook close-period'. Rows are only ever added, so do "
            "not type here.",
            S.SUBTITLE,
        )
    )
    sheet.blank()
    header = sheet.add(*[Cell(h, S.HEADER) for h in HEADERS])
    for r in rows:
        rating = scale.find(r.rating) if r.rating else None
        sheet.add(
            Cell(r.period, S.PLAIN),
            Cell(r.closed, S.DATE if isinstance(r.closed, date) else S.PLAIN),
            Cell(r.ref, S.PLAIN),
            Cell(r.action, S.TEXT),
            Cell(r.leads, S.TEXT),
            Cell(r.rating, S.rating_style(rating, not r.rating)),
            Cell(r.percent, S.PERCENT),
            Cell(r.progress, S.TEXT),
        )
    sheet.freeze = (header, 0)
    sheet.print_title_rows = (header, header)
    sheet.autofilter = f"A{header}:H{max(len(sheet.rows), header)}"
    sheet.fit_heights()
    return sheet
