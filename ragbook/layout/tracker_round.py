"""The Tracker's round section: who was sent this period's workbook, who returned it,
who was reminded, who is outstanding (the table `ragbook status` prints)."""

from __future__ import annotations

from ..rules.compute import Summary
from ..rules.words import plural
from ..xlsx.spec import Cell, SheetSpec
from . import palette as S

HEADERS = (
    "Lead",
    "Sent",
    "Sent to",
    "Returned",
    "Changes applied",
    "Not applied",
    "Conflicts",
    "Reminders",
    "Outstanding",
)


def round_section(sheet: SheetSpec, summary: Summary) -> None:
    """Nothing when this period's workbooks were not sent by e-mail (no send log rows)."""
    table = summary.round
    if table is None or not table.lines:
        return
    sheet.add(Cell(f"This period's round ({table.period})", S.SECTION))
    waiting = table.outstanding
    sheet.add(
        Cell(
            f"{len(table.lines) - len(waiting)} of {plural(len(table.lines), 'lead')} have "
            "returned their workbook"
            + (f"; outstanding: {', '.join(w.lead for w in waiting)}." if waiting else "."),
            S.SUBTITLE,
        )
    )
    sheet.add(*(Cell(h, S.HEADER) for h in HEADERS))
    for line in table.lines:
        sheet.add(
            Cell(line.lead, S.LABEL),
            Cell(line.sent, S.DATE) if line.sent else Cell("not sent", S.TEXT),
            Cell(line.sent_to, S.TEXT),
            Cell(line.returned, S.DATE) if line.returned else Cell("", S.TEXT),
            Cell(line.applied, S.NUMBER),
            Cell(line.not_applied, S.NUMBER),
            Cell(line.conflicts, S.WORSE if line.conflicts else S.NUMBER),
            Cell(line.reminders, S.NUMBER),
            Cell("yes" if line.outstanding else "no", S.WORSE if line.outstanding else S.TEXT),
        )
