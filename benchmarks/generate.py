"""Generate benchmark plans: N actions across L leads, written with xlsxwriter."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from pathlib import Path

from ragbook.rules.schema import ACTION_FIELDS

RATINGS = ["Red", "Amber", "Green", "Completed", ""]


def generate(
    path: Path, actions: int, leads: int, seed: int = 7, today: date = date(2019, 1, 31)
) -> Path:
    """A tidy plan (the template's columns) with `actions` rows and `leads` leads."""
    import xlsxwriter

    rng = random.Random(seed)
    # Shared strings, as Excel writes them (constant_memory would write inline strings).
    wb = xlsxwriter.Workbook(str(path))
    wb.set_properties({"created": datetime(2019, 1, 1)})  # the same bytes every time
    date_fmt = wb.add_format({"num_format": "dd/mm/yyyy"})
    ws = wb.add_worksheet("Actions")
    keys = [f.key for f in ACTION_FIELDS]
    for col, f in enumerate(ACTION_FIELDS):
        ws.write(0, col, f.header)
    codes = [f"L{i:04d}" for i in range(leads)]
    for r in range(1, actions + 1):
        values = {
            "ref": f"{r // 100 + 1}.{r % 100 + 1}",
            "priority": f"Priority {r % 3 + 1}",
            "recommendation": str(r % 18 + 1),
            "outcome": "Children are safe and their needs are met in a timely way.",
            "action": f"Action {r}: review and improve the process, with partners and staff.",
            "success_measures": "Audits show improvement; 90% within timescale.",
            "lead": codes[r % leads] if r % 7 else f"{codes[r % leads]} / {codes[(r + 1) % leads]}",
            "rating": rng.choice(RATINGS),
            "percent_complete": rng.choice([0, 0.25, 0.5, 0.75, 1]),
            "progress": "Work is under way; next update at the board." if r % 2 else "",
        }
        for col, key in enumerate(keys):
            if key == "due":
                due = today + timedelta(days=rng.randint(-200, 300))
                ws.write_datetime(r, col, datetime(due.year, due.month, due.day), date_fmt)
            elif values.get(key) not in (None, ""):
                ws.write(r, col, values[key])
    wl = wb.add_worksheet("Leads")
    for col, h in enumerate(["Code", "Name", "Role", "Email"]):
        wl.write(0, col, h)
    for i, code in enumerate(codes, start=1):
        wl.write_row(i, 0, [code, f"Lead {i}", "Service Manager", f"lead{i}@example.org"])
    st = wb.add_worksheet("Settings")
    st.write_column(2, 0, ["Plan title", "Scale", "Due-soon window (days)", "As-of date"])
    st.write_column(2, 1, ["Benchmark plan", "rag4", 30])
    st.write_datetime(5, 1, datetime(today.year, today.month, today.day), date_fmt)
    wb.close()
    return path
