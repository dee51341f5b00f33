"""The Tracker's round section: the status table, rebuilt on each refresh and collect."""

from __future__ import annotations

from datetime import datetime
from smtpd import smtp_server

import openpyxl
from builders import lead_edit, write_loop_plan

import ragbook
from ragbook.collect import collect_returns
from ragbook.mail.config import MailConfig
from ragbook.send import send_workbooks

FIRST = 17


def tracker_rows(plan) -> list[list]:
    ws = openpyxl.load_workbook(plan)["Tracker"]
    return [[c.value for c in row] for row in ws.iter_rows()]


def section(rows: list[list]) -> list[list]:
    start = next(i for i, r in enumerate(rows) if str(r[0]).startswith("This period's round"))
    out = []
    for row in rows[start:]:
        if row[0] is None:
            break
        out.append(list(row[:9]))
    return out


def test_no_round_section_until_workbooks_are_e_mailed(tmp_path):
    plan = write_loop_plan(tmp_path / "plan.xlsx")
    ragbook.refresh(plan)
    assert not any(str(r[0]).startswith("This period's round") for r in tracker_rows(plan))


def test_the_round_section_counts_the_return_collect_is_saving(tmp_path):
    plan = write_loop_plan(tmp_path / "plan.xlsx")
    config = MailConfig(host="127.0.0.1", security="none", sender="plan@example.org")
    with smtp_server() as (_, port):
        config.port = port
        with ragbook.load(plan) as loaded:
            sent = send_workbooks(
                loaded, tmp_path / "out", config=config, now=datetime(2019, 1, 15, 9), env={}
            )
    books = {d.lead: d.file for d in sent.deliveries}
    lead_edit(books["AF"], {f"E{FIRST}": "Amber"})
    collect_returns(plan, [books["AF"]], now=datetime(2019, 1, 16, 10, 30))

    rows = section(tracker_rows(plan))
    assert rows[0][0] == "This period's round (2019-01)"
    assert rows[1][0] == (
        "1 of 3 leads have returned their workbook; outstanding: "
        "Service Manager - Children in Care (AMD), Service Manager - Front Door (SG)."
    )
    assert rows[2] == [
        "Lead",
        "Sent",
        "Sent to",
        "Returned",
        "Changes applied",
        "Not applied",
        "Conflicts",
        "Reminders",
        "Outstanding",
    ]
    af = rows[3]
    assert af[0] == "Head of Early Help (AF)"
    assert af[1] == datetime(2019, 1, 15, 9) and af[2] == "af@example.org"
    assert af[3] == datetime(2019, 1, 16, 10, 30)
    assert af[4:] == [1, 0, 0, 0, "no"]
    assert rows[4][3] is None and rows[4][8] == "yes"
