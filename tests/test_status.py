"""status: sent, returned, reminded and outstanding, from the send log and the Change log."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from smtpd import smtp_server

import openpyxl
from builders import lead_edit, write_loop_plan

import ragbook
from ragbook.collect import collect_returns
from ragbook.mail.config import MailConfig
from ragbook.mail.sendlog import REMINDER, SendLog
from ragbook.send import send_workbooks
from ragbook.status import round_status

FIRST = 17  # the row of each lead workbook's first action
SENT = datetime(2019, 1, 15, 9, 0)


def send_all(plan: Path, out: Path) -> dict[str, Path]:
    with smtp_server() as (server, port):
        config = MailConfig(host="127.0.0.1", port=port, security="none", sender="plan@example.org")
        with ragbook.load(plan) as loaded:
            result = send_workbooks(loaded, out, config=config, now=SENT, env={})
        assert len(server.messages) == 3
    return {d.lead: d.file for d in result.deliveries}


def status(plan: Path, as_of: date | None = None):
    with ragbook.load(plan) as loaded:
        return round_status(loaded, as_of)


def test_each_lead_sent_returned_with_counts_and_outstanding(tmp_path):
    plan = write_loop_plan(tmp_path / "plan.xlsx")
    books = send_all(plan, tmp_path / "out")
    before = status(plan)
    assert before.period == "2019-01"
    assert [(lead.lead, lead.sent_at, lead.sent_to, lead.outstanding) for lead in before.leads] == [
        ("AF", SENT, ["af@example.org"], True),
        ("AMD", SENT, ["amd@example.org"], True),
        ("SG", SENT, ["sg@example.org"], True),
    ]
    # AF: one change applied, one cell refused; SG sends it back untouched; AMD nothing.
    lead_edit(books["AF"], {f"E{FIRST}": "Amber", f"F{FIRST + 1}": "lots"})
    collect_returns(plan, [books["AF"], books["SG"]], now=datetime(2019, 1, 16, 10, 30))
    after = status(plan)
    af, amd, sg = after.leads
    assert [
        (r.file, r.at, r.applied, r.not_applied, r.refused, r.conflicts) for r in af.returns
    ] == [(books["AF"].name, datetime(2019, 1, 16, 10, 30), 1, 0, 1, 0)]
    assert [(r.file, r.applied, r.refused) for r in sg.returns] == [(books["SG"].name, 0, 0)]
    assert (af.outstanding, amd.outstanding, sg.outstanding) == (False, True, False)
    assert [lead.lead for lead in after.outstanding] == ["AMD"]
    # Collecting the same files again adds no return.
    collect_returns(plan, [books["AF"], books["SG"]], now=datetime(2019, 1, 17, 8, 0))
    assert [len(lead.returns) for lead in status(plan).leads] == [1, 0, 1]


def test_a_reminder_shows_and_a_return_before_this_periods_send_does_not_count(tmp_path):
    plan = write_loop_plan(tmp_path / "plan.xlsx")
    books = send_all(plan, tmp_path / "out")
    lead_edit(books["AF"], {f"E{FIRST}": "Amber"})
    collect_returns(plan, [books["AF"]], now=datetime(2019, 1, 16, 10, 30))
    SendLog.beside(plan).record(
        datetime(2019, 1, 22, 8),
        "Test plan",
        "2019-01",
        "AMD",
        ["amd@example.org"],
        books["AMD"],
        "<r@x>",
        kind=REMINDER,
    )
    now = status(plan)
    assert now.lead("AMD").reminded == [datetime(2019, 1, 22, 8)]
    assert now.lead("AMD").sent_at == SENT  # the reminder is not the send
    assert [lead.lead for lead in now.outstanding] == ["AMD", "SG"]
    february = status(plan, date(2019, 2, 28))
    assert february.period == "2019-02"
    assert [(lead.sent_at, lead.returns, lead.outstanding) for lead in february.leads] == [
        (None, [], True)
    ] * 3


def test_a_conflict_is_counted_and_a_lead_returning_twice_shows_both(tmp_path):
    plan = write_loop_plan(tmp_path / "plan.xlsx")
    books = send_all(plan, tmp_path / "out")
    wb = openpyxl.load_workbook(plan)  # the owner rates 1.1 Green after the split ...
    wb["Actions"]["F2"] = "Green"
    wb.save(plan)
    # ... and AF rates it Amber: a conflict; AF's progress update still goes in.
    lead_edit(books["AF"], {f"E{FIRST}": "Amber", f"G{FIRST}": "Started"})
    collect_returns(plan, [books["AF"]], now=datetime(2019, 1, 16, 10))
    (first,) = status(plan).lead("AF").returns
    assert (first.applied, first.refused, first.conflicts) == (1, 0, 1)
    second = lead_edit(
        books["AF"], {f"G{FIRST}": "Started, and on track"}, save_as=tmp_path / "AF again.xlsx"
    )
    collect_returns(plan, [second], now=datetime(2019, 1, 18, 10))
    returns = status(plan).lead("AF").returns
    assert [(r.file, r.applied, r.conflicts) for r in returns] == [
        (books["AF"].name, 1, 1),
        ("AF again.xlsx", 1, 1),
    ]
