"""A full month of the round, end to end, against real servers on loopback (aiosmtpd for
SMTP, dovecot for IMAP): split and send to six leads; four reply (one from a delegate's
address, one with a conflict, one twice, one with a formula cell); the other two are
reminded; one of them replies late. Status at each step; the receipts the leads get say
the right things; every message is processed once."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from smtpd import smtp_server

import openpyxl
from builders import LOOP_HEADERS, action, lead_edit, write_plan
from imapd import IMAP_ENV, imap_server, mail_config, reply

import ragbook
from ragbook.mailbox import ALREADY, COLLECTED, collect_mailbox
from ragbook.read.changelog import read_change_log
from ragbook.remind import REMINDED, remind_leads
from ragbook.rules.change_log import MESSAGE_ID, RECEIVED
from ragbook.send import send_workbooks
from ragbook.status import round_status

FIRST = 17  # each lead workbook's first (here: only) action row
RATING, PROGRESS = f"E{FIRST}", f"G{FIRST}"
LEADS = [
    ("AF", "Head of Early Help", "Head of Service", "af@example.org", "pa.af@example.org"),
    ("AMD", "Service Manager - Children in Care", "Service Manager", "amd@example.org", ""),
    ("SG", "Service Manager - Front Door", "Service Manager", "sg@example.org", ""),
    ("HR", "Head of Workforce", "Head of Service", "hr@example.org", ""),
    ("ED", "Education Lead", "Head of Service", "ed@example.org", ""),
    ("QA", "Quality Assurance Manager", "Manager", "qa@example.org", ""),
]
ROWS = [
    [*action("1.1", "Recruit social workers", "AF", date(2019, 3, 1), "Green"), None, None],
    [*action("1.2", "Review care plans", "AMD", date(2019, 3, 1), "Amber"), None, None],
    [*action("2.1", "Front door triage", "SG", date(2019, 3, 1), "Green"), None, None],
    [*action("2.2", "Workforce strategy", "HR", date(2019, 3, 1), "Amber"), None, None],
    [*action("3.1", "Attendance audit", "ED", date(2019, 1, 8), "Amber"), None, None],
    [*action("3.2", "Case file audits", "QA", date(2019, 2, 1), "Green"), None, None],
]


def make_plan(folder: Path) -> Path:
    plan = write_plan(
        folder / "plan.xlsx",
        ROWS,
        headers=LOOP_HEADERS,
        leads=[lead[:4] for lead in LEADS],
        as_of=date(2019, 1, 2),
    )
    wb = openpyxl.load_workbook(plan)
    wb["Leads"]["E1"] = "Delegates"
    for row, lead in enumerate(LEADS, start=2):
        wb["Leads"].cell(row, 5, lead[4] or None)
    wb.save(plan)
    return plan


def status_at(plan: Path, day: int) -> dict[str, tuple[int, int]]:
    """lead -> (workbooks returned, reminders), for the period of 2019-01-day."""
    with ragbook.load(plan) as loaded:
        status = round_status(loaded, date(2019, 1, day))
    return {lead.lead: (len(lead.returns), len(lead.reminded)) for lead in status.leads}


def outstanding(plan: Path, day: int) -> list[str]:
    with ragbook.load(plan) as loaded:
        return [lead.lead for lead in round_status(loaded, date(2019, 1, day)).outstanding]


def receipts(smtp) -> list[tuple[str, str]]:
    """(to, body) of each receipt ragbook sent, in order."""
    return [
        (msg["To"], msg.get_body(("plain",)).get_content())
        for _, msg in smtp.messages
        if msg["Auto-Submitted"] == "auto-replied"
    ]


def test_a_month_of_the_round(tmp_path):
    plan = make_plan(tmp_path)
    with smtp_server() as (smtp, port), imap_server(tmp_path / "imap") as imapd:
        config = mail_config(port, imapd)

        def collect(day: int, hour: int = 7):
            return collect_mailbox(
                plan, config=config, now=datetime(2019, 1, day, hour), env=IMAP_ENV
            )

        # 2 January: split and send to six leads
        with ragbook.load(plan) as loaded:
            sent = send_workbooks(
                loaded, tmp_path / "out", config=config, now=datetime(2019, 1, 2, 9), env={}
            )
        books = {d.lead: d.file for d in sent.deliveries}
        assert sorted(books) == ["AF", "AMD", "ED", "HR", "QA", "SG"]
        assert len(smtp.messages) == 6
        assert outstanding(plan, 2) == ["AF", "AMD", "ED", "HR", "QA", "SG"]

        # the owner re-rates 1.2 in the plan after the split: AMD's rating will conflict
        wb = openpyxl.load_workbook(plan)
        wb["Actions"]["F3"] = "Red"
        wb.save(plan)

        # 3 January: four leads reply
        af = lead_edit(books["AF"], {RATING: "Amber", PROGRESS: "Two posts filled"})
        amd = lead_edit(books["AMD"], {RATING: "Green", PROGRESS: "Half reviewed"})
        hr = lead_edit(books["HR"], {PROGRESS: "Draft written"})
        sg = lead_edit(books["SG"], {PROGRESS: "=1+1"})  # a formula, not a value
        first_hr = reply("hr@example.org", [hr], message_id="<hr-1@example.org>")
        for msg in (
            reply("PA to AF <pa.af@example.org>", [af], message_id="<af-1@example.org>"),
            reply("amd@example.org", [amd], message_id="<amd-1@example.org>"),
            first_hr,
            reply("sg@example.org", [sg], message_id="<sg-1@example.org>"),
        ):
            imapd.append(msg)

        day3 = collect(3)
        assert [(m.sender, m.lead, m.status) for m in day3.messages] == [
            ("pa.af@example.org", "AF", COLLECTED),
            ("amd@example.org", "AMD", COLLECTED),
            ("hr@example.org", "HR", COLLECTED),
            ("sg@example.org", "SG", "refused"),  # nothing in it could be applied
        ]
        assert [m.folder for m in day3.messages] == ["ragbook.collected"] * 3 + ["ragbook.refused"]
        by_lead = dict(receipts(smtp))
        assert sorted(by_lead) == [
            "amd@example.org",
            "hr@example.org",
            "pa.af@example.org",
            "sg@example.org",
        ]
        assert "  - 1.1 RAG rating: Green -> Amber" in by_lead["pa.af@example.org"]
        amd_receipt = by_lead["amd@example.org"]
        assert "  - 1.2 Progress update:  -> Half reviewed" in amd_receipt
        assert "Needs your answer (1):" in amd_receipt
        assert "the plan's RAG rating was changed after the workbook was split" in amd_receipt
        sg_receipt = by_lead["sg@example.org"]
        assert "Not applied (1), and why:" in sg_receipt
        assert "this cell holds a formula; ragbook takes only typed values" in sg_receipt
        assert "Applied to the plan" not in sg_receipt
        assert status_at(plan, 3) == {
            "AF": (1, 0),
            "AMD": (1, 0),
            "SG": (1, 0),
            "HR": (1, 0),
            "ED": (0, 0),
            "QA": (0, 0),
        }

        # 4 January: HR replies a second time, and the first reply is copied back to the inbox
        hr2 = lead_edit(hr, {RATING: "Green"}, save_as=tmp_path / "HR again.xlsx")
        imapd.append(reply("hr@example.org", [hr2], message_id="<hr-2@example.org>"))
        imapd.append(first_hr)
        day4 = collect(4)
        assert [(m.message_id, m.status) for m in day4.messages] == [
            ("<hr-2@example.org>", COLLECTED),
            ("<hr-1@example.org>", ALREADY),
        ]
        (to, body) = receipts(smtp)[-1]
        assert to == "hr@example.org" and "  - 2.2 RAG rating: Amber -> Green" in body
        assert "Draft written" not in body  # collected with the first reply already
        assert len(receipts(smtp)) == 5

        # 10 January: the two who have not replied are reminded
        smtp_before = len(smtp.messages)
        with ragbook.load(plan) as loaded:
            reminded = remind_leads(
                loaded,
                tmp_path / "reminders",
                config=config,
                now=datetime(2019, 1, 10, 8),
                after=7,
                env={},
            )
        assert [(d.lead, d.status) for d in reminded.deliveries] == [
            ("ED", REMINDED),
            ("QA", REMINDED),
        ]
        assert len(smtp.messages) == smtp_before + 2
        assert status_at(plan, 10)["ED"] == (0, 1) and outstanding(plan, 10) == ["ED", "QA"]

        # 12 January: ED replies late, to the reminder's workbook
        ed_book = tmp_path / "reminders" / "ED 2019-01-10.xlsx"
        lead_edit(ed_book, {RATING: "Green", PROGRESS: "Audit done"})
        imapd.append(
            reply(
                "ed@example.org",
                [ed_book],
                subject="Re: Reminder: Test plan",
                message_id="<ed-1@example.org>",
            )
        )
        day12 = collect(12)
        assert [(m.lead, m.status) for m in day12.messages] == [("ED", COLLECTED)]
        (to, body) = receipts(smtp)[-1]
        assert to == "ed@example.org" and "  - 3.1 RAG rating: Amber -> Green" in body
        assert outstanding(plan, 12) == ["QA"]
        assert status_at(plan, 12) == {
            "AF": (1, 0),
            "AMD": (1, 0),
            "SG": (1, 0),
            "HR": (2, 0),
            "ED": (1, 1),
            "QA": (0, 1),
        }

        # a morning with nothing new does nothing
        quiet = collect(13)
        assert quiet.messages == [] and quiet.collected is None

        # every message processed once: six replies, six receipts, six Message-IDs logged
        with ragbook.load(plan) as loaded:
            log = read_change_log(loaded.package)
        ids = [e.new for e in log if e.field == MESSAGE_ID]
        assert sorted(ids) == sorted(
            [
                "<af-1@example.org>",
                "<amd-1@example.org>",
                "<hr-1@example.org>",
                "<sg-1@example.org>",
                "<hr-2@example.org>",
                "<ed-1@example.org>",
            ]
        )
        assert all(e.status == RECEIVED for e in log if e.field == MESSAGE_ID)
        assert len(receipts(smtp)) == 6
        assert imapd.folder("INBOX") == []
        assert len(imapd.folder("ragbook.collected")) == 6  # with the copy filed again
        assert len(imapd.folder("ragbook.refused")) == 1

        # the plan has the applied updates, and the owner's own rating where AMD conflicted
        actions = openpyxl.load_workbook(plan)["Actions"]
        ratings = {actions[f"A{r}"].value: actions[f"F{r}"].value for r in range(2, 8)}
        assert ratings == {
            "1.1": "Amber",
            "1.2": "Red",
            "2.1": "Green",
            "2.2": "Green",
            "3.1": "Green",
            "3.2": "Green",
        }
        tracker = [
            [c.value for c in row] for row in openpyxl.load_workbook(plan)["Tracker"].iter_rows()
        ]
        assert (
            "5 of 6 leads have returned their workbook; outstanding: "
            "Quality Assurance Manager (QA)."
        ) in [row[0] for row in tracker]
