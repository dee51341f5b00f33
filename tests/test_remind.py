"""remind: the leads who owe this period's workbook get it again, through a real SMTP server."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from smtpd import smtp_server

import openpyxl
import pytest
from builders import lead_edit, write_loop_plan

import ragbook
from ragbook.collect import collect_returns
from ragbook.errors import MailProblem
from ragbook.mail.config import MailConfig
from ragbook.mail.sendlog import SendLog
from ragbook.remind import NO_ACTIONS, NOT_SENT, NOT_YET, REMINDED, REMINDED_TODAY, remind_leads
from ragbook.send import send_workbooks
from ragbook.status import round_status

FIRST = 17
MANAGER = "manager@example.org"


def config(port: int) -> MailConfig:
    return MailConfig(host="127.0.0.1", port=port, security="none", sender="plan@example.org")


def plan_with_copy(tmp_path: Path, copy: str = f"Head of Service <{MANAGER}>") -> Path:
    plan = write_loop_plan(tmp_path / "plan.xlsx")
    wb = openpyxl.load_workbook(plan)
    wb["Settings"]["A7"], wb["Settings"]["B7"] = "Copy second reminders to", copy
    wb.save(plan)
    return plan


def remind(plan: Path, port: int, now: datetime, after: int = 7, out: str = "reminders"):
    with ragbook.load(plan) as loaded:
        return remind_leads(
            loaded, plan.parent / out, config=config(port), now=now, after=after, env={}
        )


def test_a_month_of_reminders(tmp_path):
    plan = plan_with_copy(tmp_path)
    with smtp_server() as (server, port):
        with ragbook.load(plan) as loaded:
            sent = send_workbooks(
                loaded, tmp_path / "out", config=config(port), now=datetime(2019, 1, 15, 9), env={}
            )
        books = {d.lead: d.file for d in sent.deliveries}
        lead_edit(books["AF"], {f"E{FIRST}": "Amber"})
        collect_returns(plan, [books["AF"]], now=datetime(2019, 1, 16, 10))
        server.messages.clear()

        early = remind(plan, port, datetime(2019, 1, 17, 8))
        assert [(d.lead, d.status) for d in early.deliveries] == [("AMD", NOT_YET), ("SG", NOT_YET)]
        assert early.returned == ["AF"] and server.messages == []
        assert early.deliveries[0].detail == (
            "sent 2 days ago, on 15/01/2019; reminders go after 7 days"
        )

        first = remind(plan, port, datetime(2019, 1, 22, 8))
        assert [(d.lead, d.status, d.to) for d in first.deliveries] == [
            ("AMD", REMINDED, ["amd@example.org"]),
            ("SG", REMINDED, ["sg@example.org"]),
        ]
        assert [rcpts for rcpts, _ in server.messages] == [["amd@example.org"], ["sg@example.org"]]
        sg = server.messages[1][1]
        assert sg["Subject"] == "Reminder: Test plan: your actions as of 22/01/2019"
        assert sg["Cc"] is None
        body = sg.get_body(("plain",)).get_content()
        assert "the workbook sent on 15/01/2019 has not come back yet" in body
        assert "1 of your actions are now overdue" in body  # 2.2 was due on 20/01/2019
        attached = [p.get_filename() for p in sg.iter_attachments()]
        assert attached == ["SG 2019-01-22.xlsx"]
        assert (tmp_path / "reminders" / "SG 2019-01-22.xlsx").is_file()

        again = remind(plan, port, datetime(2019, 1, 22, 17))
        assert [d.status for d in again.deliveries] == [REMINDED_TODAY] * 2
        assert len(server.messages) == 2

        lead_edit(books["SG"], {f"G{FIRST}": "Started"})
        collect_returns(plan, [books["SG"]], now=datetime(2019, 1, 24, 10))
        second = remind(plan, port, datetime(2019, 1, 25, 8))
        assert [(d.lead, d.status, d.to) for d in second.deliveries] == [
            ("AMD", REMINDED, ["amd@example.org", MANAGER])
        ]
        rcpts, msg = server.messages[-1]
        assert rcpts == ["amd@example.org", MANAGER] and msg["Cc"] == MANAGER
        assert len(server.messages) == 3
    with ragbook.load(plan) as loaded:
        status = round_status(loaded, datetime(2019, 1, 25).date())
    assert [r.date().isoformat() for r in status.lead("AMD").reminded] == [
        "2019-01-22",
        "2019-01-25",
    ]
    assert [lead.lead for lead in status.outstanding] == ["AMD"]


def test_a_lead_not_sent_this_period_is_not_reminded_and_no_server_is_needed_for_nobody(tmp_path):
    plan = plan_with_copy(tmp_path)
    with smtp_server() as (server, port):
        result = remind(plan, port, datetime(2019, 1, 22, 8))
    assert [(d.lead, d.status) for d in result.deliveries] == [
        ("AF", NOT_SENT),
        ("AMD", NOT_SENT),
        ("SG", NOT_SENT),
    ]
    assert server.messages == [] and not (tmp_path / "reminders").exists()


def test_a_copy_address_that_is_not_one_stops_the_reminders(tmp_path):
    plan = plan_with_copy(tmp_path, "the manager")
    with smtp_server() as (_, port), pytest.raises(MailProblem) as caught:
        remind(plan, port, datetime(2019, 1, 22, 8))
    assert str(caught.value) == (
        "Settings!B7: 'the manager' is not an e-mail address for "
        "copying into second reminders; type an e-mail address such as "
        "manager@example.org, or clear the cell"
    )


def test_a_lead_in_the_send_log_with_no_actions_now_is_reported_not_reminded(tmp_path):
    plan = plan_with_copy(tmp_path)
    SendLog.beside(plan).record(
        datetime(2019, 1, 15, 9),
        "Test plan",
        "2019-01",
        "OLD",
        ["old@example.org"],
        Path("OLD.xlsx"),
        "<o@x>",
    )
    with smtp_server() as (server, port):
        result = remind(plan, port, datetime(2019, 1, 22, 8))
    assert [(d.lead, d.status) for d in result.deliveries][-1] == ("OLD", NO_ACTIONS)
    assert server.messages == []
