"""ragbook collect --mailbox on the command line: settings from ragbook-mail.ini, the
password from the environment, against dovecot and aiosmtpd on loopback."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from smtpd import smtp_server

from builders import lead_edit, write_loop_plan
from click.testing import CliRunner
from imapd import PASSWORD, imap_server, mail_config, reply

import ragbook
from ragbook.cli import main
from ragbook.send import send_workbooks

FIRST = 17


def run(*args, env: dict[str, str] | None = None):
    return CliRunner().invoke(main, [str(a) for a in args], env=env or {})


def settings(plan: Path, smtp_port: int, imapd) -> Path:
    path = plan.parent / "ragbook-mail.ini"
    path.write_text(
        f"[smtp]\nhost = 127.0.0.1\nport = {smtp_port}\nsecurity = none\n\n"
        "[message]\nfrom = Plan Team <plan@example.org>\n\n"
        f"[imap]\nhost = 127.0.0.1\nport = {imapd.port}\nusername = {imapd.user}\n"
        f"cafile = {imapd.cafile}\nfolder = INBOX\n",
        encoding="utf-8",
    )
    return path


def sent_and_edited(plan: Path, out: Path, smtp_port: int, imapd) -> Path:
    """The first lead's workbook as sent to them, with its first rating made Amber."""
    with ragbook.load(plan) as loaded:
        sent = send_workbooks(
            loaded,
            out,
            config=mail_config(smtp_port, imapd),
            now=datetime(2019, 1, 15, 9),
            env={},
        )
    book = sent.deliveries[0].file
    lead_edit(book, {f"E{FIRST}": "Amber"})
    return book


def test_collect_from_the_mailbox_on_the_command_line(tmp_path):
    plan = write_loop_plan(tmp_path / "plan.xlsx")
    with smtp_server() as (_smtp, port), imap_server(tmp_path / "imap") as imapd:
        book = sent_and_edited(plan, tmp_path / "out", port, imapd)
        imapd.append(reply("af@example.org", [book], subject="Re: my actions"))
        settings(plan, port, imapd)

        dry = run(
            "collect", plan, "--mailbox", "--dry-run", env={"RAGBOOK_IMAP_PASSWORD": PASSWORD}
        )
        assert dry.exit_code == 0, dry.output
        assert dry.output.splitlines()[0] == (
            "Message from af@example.org (Re: my actions): AF's workbook."
        )
        assert "Dry run: no message was moved and no receipt was sent." in dry.output
        assert len(imapd.folder("INBOX")) == 1

        done = run("collect", plan, "--mailbox", "--json", env={"RAGBOOK_IMAP_PASSWORD": PASSWORD})
        assert done.exit_code == 0, done.output
        out = json.loads(done.output)
        assert (out["written"], out["changes"], out["log_entries"]) == (True, 1, 2)
        assert out["files"][0]["changes"][0]["new"] == "Amber"
        (message,) = out["messages"]
        assert (message["from"], message["status"], message["moved_to"], message["receipt"]) == (
            "af@example.org",
            "collected",
            "ragbook.collected",
            "sent",
        )
        assert imapd.folder("INBOX") == []

        again = run("collect", plan, "--mailbox", env={"RAGBOOK_IMAP_PASSWORD": PASSWORD})
        assert again.exit_code == 0, again.output
        assert again.output == f"No replies for {plan} in the mailbox; nothing was written.\n"


def test_workbooks_or_the_mailbox_not_both_nor_neither(tmp_path):
    plan = write_loop_plan(tmp_path / "plan.xlsx")
    for args in ([], ["x.xlsx", "--mailbox"]):
        result = run("collect", plan, *args)
        assert result.exit_code == 2
        assert "give the RETURNED workbooks, or --mailbox, not both or neither" in result.output


def test_no_mailbox_in_the_settings_is_one_line(tmp_path):
    plan = write_loop_plan(tmp_path / "plan.xlsx")
    (tmp_path / "ragbook-mail.ini").write_text("[smtp]\nhost = 127.0.0.1\n")
    result = run("collect", plan, "--mailbox", env={"XDG_CONFIG_HOME": str(tmp_path / "cfg")})
    assert result.exit_code != 0
    assert result.output == (
        f"Error: no mailbox: set host in the [imap] section of {tmp_path / 'ragbook-mail.ini'} "
        "or $RAGBOOK_IMAP_HOST (see docs/collect.md)\n"
    )


def test_a_stranger_s_reply_is_reported_and_strict_exits_1(tmp_path):
    plan = write_loop_plan(tmp_path / "plan.xlsx")
    with smtp_server() as (smtp, port), imap_server(tmp_path / "imap") as imapd:
        book = sent_and_edited(plan, tmp_path / "out", port, imapd)
        imapd.append(reply("someone@example.net", [book], subject="AF's return"))
        smtp.messages.clear()
        settings(plan, port, imapd)
        result = run(
            "collect", plan, "--mailbox", "--strict", env={"RAGBOOK_IMAP_PASSWORD": PASSWORD}
        )
        assert result.exit_code == 1, result.output
        assert result.output.splitlines() == [
            "Message from someone@example.net (AF's return): refused: someone@example.net is "
            "not AF's address on the Leads sheet nor one of their Delegates; nothing was "
            "applied. If they may reply for AF, add the address to Delegates and collect the "
            "workbook by hand.",
            f"Recorded on the Change log of {plan}; no workbook was applied.",
        ]
        assert smtp.messages == []
