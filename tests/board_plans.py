"""Plans for the board report tests.

`build_tfc_progress` writes the whole of Sunderland's plan as its January 2019
progress paper (seed 003) counts it: 95 actions under 15 priorities, rated as
the paper's table says (2 red, 3 amber, 74 green, 16 completed). The layout is
council_layouts.build_sunderland's (a heading row per priority, the header row
repeated under each, refs at the start of the action text, "Timescale" as
dd/mm/yy, RAG letters), with every rating typed cleanly so the counts are the
paper's. The action wording is made up apart from the red and amber ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from council_layouts import SUNDERLAND_HEADER, SUNDERLAND_LEADS, sunderland_priority

TFC_AS_OF = date(2019, 1, 21)  # the date of the paper
TFC_BOARD = date(2019, 1, 31)  # "Actions due by 31/01/19"
# Seed 003's table: priority -> (red, amber, green, completed), and its Ofsted recommendation.
TFC_TABLE = {
    1: (0, 0, 9, 7),
    2: (1, 1, 6, 0),
    3: (0, 1, 6, 1),
    4: (0, 0, 6, 0),
    5: (1, 0, 7, 2),
    6: (0, 0, 6, 0),
    7: (0, 0, 5, 1),
    8: (0, 0, 1, 2),
    9: (0, 1, 7, 2),
    10: (0, 0, 3, 0),
    11: (0, 0, 2, 0),
    12: (0, 0, 3, 0),
    13: (0, 0, 5, 1),
    14: (0, 0, 4, 0),
    15: (0, 0, 4, 0),
}
TFC_RECOMMENDATION = {
    1: 1,
    2: 2,
    3: 6,
    4: 7,
    5: 8,
    6: 11,
    7: 9,
    8: 10,
    9: 12,
    10: 13,
    11: 14,
    12: 15,
    13: 3,
    14: 4,
    15: 5,
}
OFF_TRACK_UPDATES = {  # the seed's own words for its red and amber actions
    "R": "Given the time the development may take, a red rating has been applied.",
    "A": "Report was requested for November but not received.",
}
DUE = {"R": date(2018, 11, 30), "A": date(2018, 12, 31), "C": date(2018, 10, 31)}
GREEN_DUES = (date(2019, 1, 31), date(2019, 3, 31), date(2019, 6, 30), date(2019, 9, 30))


@dataclass
class TfcRow:
    ref: str
    priority: str
    rating: str  # R, A, G or C
    lead: str
    due: date


def tfc_rows() -> list[TfcRow]:
    rows = []
    for n, counts in TFC_TABLE.items():
        letters = [letter for letter, k in zip("RAGC", counts, strict=False) for _ in range(k)]
        for i, letter in enumerate(letters, start=1):
            due = DUE.get(letter) or GREEN_DUES[(n + i) % len(GREEN_DUES)]
            rows.append(
                TfcRow(
                    f"{n}.{i}",
                    f"Priority {n}",
                    letter,
                    SUNDERLAND_LEADS[(n + i) % len(SUNDERLAND_LEADS)],
                    due,
                )
            )
    return rows


def build_tfc_progress(folder: Path, name: str = "tfc-progress.xlsx") -> Path:
    import xlsxwriter

    path = folder / name
    wb = xlsxwriter.Workbook(str(path))
    head = wb.add_format({"bold": True, "bg_color": "#DDD9C4", "border": 1})
    heading = wb.add_format({"bold": True, "text_wrap": True, "bg_color": "#EBF1DE"})
    wrap = wb.add_format({"text_wrap": True, "valign": "top", "border": 1})
    date_fmt = wb.add_format({"num_format": "dd/mm/yy", "valign": "top", "border": 1})
    ws = wb.add_worksheet("Plan")
    ws.set_column("A:A", 60)
    ws.set_column("B:B", 30)
    ws.set_column("C:D", 11)
    ws.set_column("E:E", 60)
    ws.write("A1", "TOGETHER FOR CHILDREN")
    ws.write(
        "A2",
        "Learning and Improvement Plan: progress to the Quality & Improvement Committee, 21/01/19",
    )
    rows = tfc_rows()
    r = 3
    for n in TFC_TABLE:
        typed, priority = sunderland_priority(
            n,
            f"Improve the services of priority area {n} so that children are safer and "
            "their experiences improve, as the inspection asked.",
            TFC_RECOMMENDATION[n],
        )
        ws.merge_range(r, 0, r, 4, typed, heading)
        ws.write_row(r + 1, 0, SUNDERLAND_HEADER, head)
        r += 2
        for row in (x for x in rows if x.priority == priority):
            ws.write(r, 0, f"{row.ref} Deliver improvement {row.ref} of the plan.", wrap)
            ws.write(r, 1, row.lead, wrap)
            ws.write_datetime(r, 2, datetime(row.due.year, row.due.month, row.due.day), date_fmt)
            ws.write_string(r, 3, row.rating, wrap)
            ws.write(r, 4, OFF_TRACK_UPDATES.get(row.rating, "On track."), wrap)
            r += 1
        r += 1
    leads = wb.add_worksheet("Leads")
    leads.write_row(0, 0, ["Code", "Name", "Role", "Email"])
    for i, role in enumerate(SUNDERLAND_LEADS, start=1):
        slug = "".join(ch for ch in role.lower() if ch.isalnum())[:20]
        leads.write_row(i, 0, [role, "", role, f"{slug}@example.org"])
    settings = wb.add_worksheet("Settings")
    settings.write("A1", "ragbook settings")
    settings.write("A3", "Plan title")
    settings.write("B3", "TfC Learning and Improvement Plan")
    settings.write("A4", "Ofsted recommendations")
    settings.write_number("B4", 15)
    wb.close()
    return path
