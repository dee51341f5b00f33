"""collect --mailbox against real servers on loopback: dovecot for IMAP, aiosmtpd for SMTP."""

from __future__ import annotations

import email
import zipfile
from datetime import datetime
from email import policy
from email.message import EmailMessage
from pathlib import Path
from smtpd import smtp_server

import openpyxl
import pytest
from builders import lead_edit, write_loop_plan
from imapd import IMAP_ENV, imap_server, mail_config, reply

import ragbook
from ragbook.errors import MailProblem
from ragbook.mailbox import ALREADY, COLLECTED, LEFT_ALONE, REFUSED, collect_mailbox
from ragbook.read.changelog import read_change_log
from ragbook.rules.change_log import MESSAGE_ID, NOT_FROM_LEAD, RECEIVED
from ragbook.send import send_workbooks

FIRST = 17  # the row of a lead workbook's first action
SENT = datetime(2019, 1, 15, 9)


def sent_books(plan: Path, port: int) -> dict[str, Path]:
    with ragbook.load(plan) as loaded:
        result = send_workbooks(
            loaded, plan.parent / "out", config=mail_config(port, _NoImap()), now=SENT, env={}
        )
    return {d.lead: d.file for d in result.deliveries}


class _NoImap:  # send needs only the SMTP half of the settings
    port, cafile, user = 0, None, ""


def rating_of(plan: Path, ref: str) -> str:
    ws = openpyxl.load_workbook(plan)["Actions"]
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == ref)
    header = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "Ref")
    col = next(c for c in range(1, ws.max_column + 1) if ws.cell(header, c).value == "RAG rating")
    return ws.cell(row, col).value


def others() -> list[EmailMessage]:
    """Messages in the same inbox that are not for ragbook."""
    plain = EmailMessage()
    plain["From"], plain["Subject"] = "someone@example.org", "Lunch?"
    plain["Message-ID"] = "<lunch@example.org>"
    plain.set_content("Shall we?")
    pdf = EmailMessage()
    pdf["From"], pdf["Subject"] = "af@example.org", "The minutes"
    pdf["Message-ID"] = "<minutes@example.org>"
    pdf.set_content("Attached.")
    pdf.add_attachment(b"%PDF-1.4", maintype="application", subtype="pdf", filename="min.pdf")
    return [plain, pdf]


def unstamped(folder: Path) -> Path:
    path = folder / "budget.xlsx"
    wb = openpyxl.Workbook()
    wb.active["A1"] = "Budget"
    wb.save(path)
    return path


def collect(plan: Path, config, now: datetime, **kwargs):
    return collect_mailbox(plan, config=config, now=now, env=IMAP_ENV, **kwargs)


def received(server) -> list[EmailMessage]:
    return [msg for _, msg in server.messages]


def test_a_reply_is_collected_answered_and_filed_and_the_rest_left_unread(tmp_path):
    plan = write_loop_plan(tmp_path / "plan.xlsx")
    with smtp_server() as (smtp, port), imap_server(tmp_path / "imap") as imapd:
        books = sent_books(plan, port)
        smtp.messages.clear()
        lead_edit(books["AF"], {f"E{FIRST}": "Amber", f"G{FIRST}": "Recruitment started"})
        answer = reply("Head of Early Help <AF@example.org>", [books["AF"]])
        for msg in [*others(), reply("sg@example.org", [unstamped(tmp_path)]), answer]:
            imapd.append(msg)
        config = mail_config(port, imapd)

        result = collect(plan, config, datetime(2019, 1, 16, 8))

        assert [(m.sender, m.status, m.lead) for m in result.messages] == [
            ("af@example.org", COLLECTED, "AF")
        ]
        assert result.messages[0].folder == "ragbook.collected"  # the server's separator
        assert rating_of(plan, "1.1") == "Amber"
        left = imapd.folder("INBOX")
        assert len(left) == 3 and all("\\Seen" not in flags for flags, _ in left)
        (moved,) = imapd.folder("ragbook.collected")
        assert "\\Seen" not in moved[0]
        assert (
            email.message_from_bytes(moved[1], policy=policy.default)["Message-ID"]
            == answer["Message-ID"]
        )
        (sent,) = received(smtp)
        assert sent["To"] == "af@example.org" and sent["In-Reply-To"] == answer["Message-ID"]
        assert sent["Subject"] == "Re: Test plan: your actions as of 15/01/2019"
        body = sent.get_body(("plain",)).get_content()
        assert "Applied to the plan (2 changes):" in body
        assert "  - 1.1 RAG rating: Red -> Amber" in body
        assert "Not applied" not in body and "Needs your answer" not in body
        with ragbook.load(plan) as loaded:
            log = read_change_log(loaded.package)
        (mark,) = [e for e in log if e.field == MESSAGE_ID]
        assert (mark.status, mark.old, mark.new, mark.lead) == (
            RECEIVED,
            "af@example.org",
            answer["Message-ID"],
            "AF",
        )
        assert result.messages[0].files[0].parent.parent == tmp_path / "ragbook-returns"

        again = collect(plan, config, datetime(2019, 1, 17, 8))
        assert again.messages == [] and again.collected is None

        imapd.append(answer)  # copied back to the inbox by hand
        third = collect(plan, config, datetime(2019, 1, 18, 8))
        assert [(m.status, m.folder) for m in third.messages] == [(ALREADY, "ragbook.collected")]
        assert third.collected is None and len(received(smtp)) == 1
        assert len(imapd.folder("INBOX")) == 3


def test_a_workbook_from_another_address_is_not_applied_unless_a_delegate(tmp_path):
    plan = write_loop_plan(tmp_path / "plan.xlsx")
    wb = openpyxl.load_workbook(plan)
    wb["Leads"]["E1"], wb["Leads"]["E4"] = "Delegates", "PA to SG <pa.sg@example.org>"
    wb.save(plan)
    with smtp_server() as (smtp, port), imap_server(tmp_path / "imap") as imapd:
        books = sent_books(plan, port)
        smtp.messages.clear()
        lead_edit(books["AF"], {f"E{FIRST}": "Green"})
        lead_edit(books["SG"], {f"G{FIRST}": "Audit booked"})
        imapd.append(reply("stranger@example.net", [books["AF"]], message_id="<x@example.net>"))
        imapd.append(reply("pa.sg@example.org", [books["SG"]]))

        result = collect(plan, mail_config(port, imapd), datetime(2019, 1, 16, 8))

        assert [(m.sender, m.status, m.folder) for m in result.messages] == [
            ("stranger@example.net", REFUSED, "ragbook.refused"),
            ("pa.sg@example.org", COLLECTED, "ragbook.collected"),
        ]
        stranger = result.messages[0]
        assert stranger.detail.startswith(
            "stranger@example.net is not AF's address on the Leads sheet nor one of their "
            "Delegates; nothing was applied"
        )
        assert result.not_from_lead == [stranger]
        assert rating_of(plan, "1.1") == "Red"
        assert [m["To"] for m in received(smtp)] == ["pa.sg@example.org"]  # no receipt to him
        with ragbook.load(plan) as loaded:
            log = read_change_log(loaded.package)
        assert [(e.status, e.old, e.lead) for e in log if e.field == MESSAGE_ID] == [
            (NOT_FROM_LEAD, "stranger@example.net", "AF"),
            (RECEIVED, "pa.sg@example.org", "SG"),
        ]
        assert result.as_json()["messages"][0]["status"] == "refused"


def test_limits_leave_a_message_alone_and_unread(tmp_path):
    plan = write_loop_plan(tmp_path / "plan.xlsx")
    with smtp_server() as (smtp, port), imap_server(tmp_path / "imap") as imapd:
        books = sent_books(plan, port)
        smtp.messages.clear()
        imapd.append(reply("af@example.org", [books["AF"], books["AMD"]]))
        result = collect(plan, mail_config(port, imapd, max_workbooks=1), datetime(2019, 1, 16))
        assert [(m.status, m.detail) for m in result.messages] == [
            (
                LEFT_ALONE,
                "2 workbooks attached, more than max_workbooks (1) in [imap]; open it by hand",
            )
        ]
        small = mail_config(port, imapd, max_message_mb=0.001)
        result = collect(plan, small, datetime(2019, 1, 16))
        assert result.messages[0].status == LEFT_ALONE
        assert "MB is more than max_message_mb (0.001) in [imap]" in result.messages[0].detail
        ((flags, _),) = imapd.folder("INBOX")
        assert "\\Seen" not in flags and smtp.messages == []


def test_a_server_with_slash_folders_and_no_tls_on_loopback(tmp_path):
    plan = write_loop_plan(tmp_path / "plan.xlsx")
    with (
        smtp_server() as (_smtp, port),
        imap_server(tmp_path / "imap", tls=False, separator="/") as imapd,
    ):
        books = sent_books(plan, port)
        lead_edit(books["SG"], {f"G{FIRST}": "Audit booked"})
        imapd.append(reply("sg@example.org", [books["SG"]]))
        result = collect(plan, mail_config(port, imapd), datetime(2019, 1, 16))
        assert result.messages[0].folder == "ragbook/collected"
        assert "ragbook/collected" in imapd.folders()


def test_a_wrong_password_is_one_line(tmp_path):
    plan = write_loop_plan(tmp_path / "plan.xlsx")
    with imap_server(tmp_path / "imap") as imapd, pytest.raises(MailProblem) as caught:
        collect_mailbox(
            plan,
            config=mail_config(1, imapd),
            now=datetime(2019, 1, 16),
            dry_run=True,
            env={"RAGBOOK_IMAP_PASSWORD": "wrong"},
        )
    assert str(caught.value).startswith(f"127.0.0.1:{imapd.port} refused the user name or ")
    assert "\n" not in str(caught.value)


def test_a_macro_workbook_is_read_as_data_and_the_reply_s_text_is_not_read(tmp_path):
    plan = write_loop_plan(tmp_path / "plan.xlsx")
    with smtp_server() as (_smtp, port), imap_server(tmp_path / "imap") as imapd:
        books = sent_books(plan, port)
        lead_edit(books["SG"], {f"G{FIRST}": "Audit booked"})
        macro = tmp_path / "SG saved as macro workbook.xlsm"
        with zipfile.ZipFile(books["SG"]) as src, zipfile.ZipFile(macro, "w") as dst:
            for item in src.infolist():
                dst.writestr(item, src.read(item.filename))
            dst.writestr("xl/vbaProject.bin", b'Attribute VB_Name = "Auto_Open"')
        imapd.append(
            reply(
                "sg@example.org",
                [macro],
                text="Please also mark 2.2 as Completed and delete action 2.1.",
            )
        )
        result = collect(plan, mail_config(port, imapd), datetime(2019, 1, 16))
        assert [(m.status, m.lead) for m in result.messages] == [(COLLECTED, "SG")]
        assert [c.line() for c in result.collected.changes] == [
            "2.1 Progress update:  -> Audit booked"
        ]
    ws = openpyxl.load_workbook(plan)["Actions"]
    assert [ws.cell(r, 1).value for r in range(2, ws.max_row + 1)] == [
        "1.1",
        "1.2",
        "2.1",
        "2.2",
        "2.3",
    ]
    assert rating_of(plan, "2.2") is None  # not "Completed": the text is never read
    with zipfile.ZipFile(plan) as kept:
        assert "xl/vbaProject.bin" not in kept.namelist()
