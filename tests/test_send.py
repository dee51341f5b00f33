"""send through a real SMTP server on loopback: who gets what, and what is skipped."""

from __future__ import annotations

import email
import io
from datetime import datetime
from email import policy
from pathlib import Path
from smtpd import free_port, self_signed, smtp_server

import openpyxl
import pytest
from builders import LEADS, write_loop_plan

import ragbook
from ragbook.errors import MailProblem
from ragbook.mail.config import MailConfig
from ragbook.mail.sendlog import LOG_NAME
from ragbook.send import send_workbooks

NOW = datetime(2019, 1, 15, 9, 0)


def send(plan: Path, config: MailConfig, **kwargs):
    with ragbook.load(plan) as loaded:
        return send_workbooks(loaded, plan.parent / "out", config=config, now=NOW, env={}, **kwargs)


def local(port: int, **kwargs) -> MailConfig:
    return MailConfig(
        host="127.0.0.1",
        port=port,
        security="none",
        sender="Plan Team <plan@example.org>",
        **kwargs,
    )


def workbook_refs(msg) -> list[str]:
    (attachment,) = msg.iter_attachments()
    ws = openpyxl.load_workbook(io.BytesIO(attachment.get_content())).worksheets[0]
    header = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "Ref")
    return [ws.cell(r, 1).value for r in range(header + 1, ws.max_row + 1)]


@pytest.fixture
def plan(tmp_path) -> Path:
    return write_loop_plan(tmp_path / "plan.xlsx")


def test_each_lead_gets_their_own_workbook(plan):
    with smtp_server() as (server, port):
        result = send(plan, local(port))
    assert [(d.lead, d.status) for d in result.deliveries] == [
        ("AF", "sent"),
        ("AMD", "sent"),
        ("SG", "sent"),
    ]
    received = {tuple(to): msg for to, msg in server.messages}
    assert set(received) == {("af@example.org",), ("amd@example.org",), ("sg@example.org",)}
    msg = received[("amd@example.org",)]
    assert msg["Subject"] == "Test plan: your actions as of 15/01/2019"
    assert workbook_refs(msg) == ["1.2", "2.3"]
    assert (
        "1 action due by 14/02/2019: please update the rating and progress for each."
        in msg.get_body(("plain",)).get_content()
    )
    assert workbook_refs(received[("af@example.org",)]) == ["1.1", "1.2"]
    log = (plan.parent / LOG_NAME).read_text().splitlines()
    assert [line.split(",")[3] for line in log[1:]] == ["AF", "AMD", "SG"]


def test_a_refused_recipient_does_not_stop_the_others(plan):
    with smtp_server(reject={"amd@example.org"}) as (server, port):
        result = send(plan, local(port))
    assert [(d.lead, d.status) for d in result.deliveries] == [
        ("AF", "sent"),
        ("AMD", "failed"),
        ("SG", "sent"),
    ]
    assert result.deliveries[1].detail == (
        "the server refused amd@example.org: 550 5.1.1 No such mailbox here"
    )
    assert [to for to, _ in server.messages] == [["af@example.org"], ["sg@example.org"]]
    assert [d.lead for d in result.failed] == ["AMD"]
    log = (plan.parent / LOG_NAME).read_text()
    assert ",AMD," not in log  # so the next send tries AMD again


def test_a_missing_or_bad_address_is_reported_and_skipped(tmp_path):
    leads = [LEADS[0], (*LEADS[1][:3], "amd at example"), (*LEADS[2][:3], "")]
    plan = write_loop_plan(tmp_path / "plan.xlsx", leads=leads)
    with smtp_server() as (server, port):
        result = send(plan, local(port))
    assert [(d.lead, d.status, d.detail) for d in result.deliveries] == [
        ("AF", "sent", ""),
        (
            "AMD",
            "no address",
            "Leads sheet, row 3: AMD 'amd at example' is not an e-mail "
            "address; type their address in the Email column",
        ),
        (
            "SG",
            "no address",
            "Leads sheet, row 4: SG has no e-mail address; type their address in the Email column",
        ),
    ]
    assert len(server.messages) == 1


def test_the_same_period_is_not_mailed_twice_unless_asked(plan):
    with smtp_server() as (server, port):
        send(plan, local(port), leads=["AF"])
        again = send(plan, local(port))
        assert [(d.lead, d.status) for d in again.deliveries] == [
            ("AF", "already sent"),
            ("AMD", "sent"),
            ("SG", "sent"),
        ]
        assert again.deliveries[0].detail == (
            "mailed on 2019-01-15 for 2019-01; use --resend to send again"
        )
        nothing = send(plan, local(port))
        assert {d.status for d in nothing.deliveries} == {"already sent"} and nothing.split is None
        resent = send(plan, local(port), leads=["AF"], resend=True)
        assert [(d.lead, d.status) for d in resent.deliveries] == [("AF", "sent")]
    assert [to for to, _ in server.messages] == [
        ["af@example.org"],
        ["amd@example.org"],
        ["sg@example.org"],
        ["af@example.org"],
    ]


def test_dry_run_writes_messages_that_parse_and_sends_nothing(plan):
    port = free_port()  # nothing listens: a dry run needs no server
    result = send(plan, local(port), dry_run=True)
    assert [(d.lead, d.status) for d in result.deliveries] == [
        ("AF", "written"),
        ("AMD", "written"),
        ("SG", "written"),
    ]
    assert sorted(p.name for p in (plan.parent / "out").iterdir()) == [
        "AF 2019-01-15.eml",
        "AF 2019-01-15.xlsx",
        "AMD 2019-01-15.eml",
        "AMD 2019-01-15.xlsx",
        "SG 2019-01-15.eml",
        "SG 2019-01-15.xlsx",
    ]
    msg = email.message_from_bytes(result.deliveries[2].eml.read_bytes(), policy=policy.default)
    assert msg["To"].addresses[0].addr_spec == "sg@example.org"
    assert workbook_refs(msg) == ["2.1", "2.2"]
    assert not (plan.parent / LOG_NAME).exists()


def test_starttls_and_a_password_from_the_environment(plan, tmp_path):
    cert, context = self_signed(tmp_path)
    config = MailConfig(
        host="127.0.0.1", sender="plan@example.org", cafile=str(cert), username="plan@example.org"
    )
    with smtp_server(tls=context, users={"plan@example.org": "s3cret"}) as (server, port):
        config.port = port
        with ragbook.load(plan) as loaded:
            result = send_workbooks(
                loaded,
                tmp_path / "out",
                config=config,
                now=NOW,
                env={"RAGBOOK_SMTP_PASSWORD": "s3cret"},
                leads=["SG"],
            )
    assert [d.status for d in result.deliveries] == ["sent"]
    assert server.tls == [True] and server.logins == ["plan@example.org"]


def test_no_server_is_one_problem_for_the_whole_send(plan):
    with pytest.raises(MailProblem, match=r"cannot send through 127.0.0.1"):
        send(plan, local(free_port(), timeout=5))
    assert not (plan.parent / LOG_NAME).exists()
