"""ragbook send on the command line, against a real SMTP server on loopback."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from smtpd import smtp_server

import pytest
from builders import LEADS, write_loop_plan
from click.testing import CliRunner

from ragbook.cli import main


def run(*args, env: dict[str, str]):
    return CliRunner().invoke(main, [str(a) for a in args], env=env)


@pytest.fixture
def plan(tmp_path) -> Path:
    leads = [LEADS[0], LEADS[1], (*LEADS[2][:3], "")]
    return write_loop_plan(tmp_path / "plan.xlsx", leads=leads)


def settings(plan: Path, port: int) -> Path:
    path = plan.parent / "ragbook-mail.ini"
    path.write_text(
        f"[smtp]\nhost = 127.0.0.1\nport = {port}\nsecurity = none\n\n"
        "[message]\nfrom = Plan Team <plan@example.org>\n"
    )
    return path


@pytest.fixture
def env(tmp_path) -> dict[str, str]:
    return {
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "RAGBOOK_MAIL_CONFIG": "",
        "RAGBOOK_SMTP_PASSWORD": "",
    }


def test_send_reports_each_lead_and_exits_1_when_one_was_not_sent(plan, tmp_path, env):
    out = tmp_path / "out"
    with smtp_server(reject={"amd@example.org"}) as (server, port):
        settings(plan, port)
        result = run("send", plan, "--out", out, env=env)
        assert result.exit_code == 1, result.output
        assert result.output.splitlines() == [
            "AF: sent to af@example.org (AF 2019-01-15.xlsx).",
            "AMD: not sent: the server refused amd@example.org: 550 5.1.1 No such mailbox here.",
            "SG: not sent: Leads sheet, row 4: SG has no e-mail address; type their address in "
            "the Email column.",
            "Sent 1 of 3; 2 not sent.",
        ]
        again = run("send", plan, "--out", out, "--lead", "AF", env=env)
        assert again.exit_code == 0
        assert again.output.splitlines() == [
            f"AF: not sent again: mailed on {date.today().isoformat()} for 2019-01; use --resend "
            "to send again.",
            "Sent 0 of 1.",
        ]
        resent = run("send", plan, "--out", out, "--lead", "AF", "--resend", "--json", env=env)
        assert json.loads(resent.output)["deliveries"][0]["status"] == "sent"
    assert [to for to, _ in server.messages] == [["af@example.org"], ["af@example.org"]]


def test_dry_run_needs_no_server_and_writes_eml_files(plan, tmp_path, env):
    out = tmp_path / "out"
    result = run("send", plan, "--out", out, "--dry-run", "--lead", "AF", env=env)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        f"AF: message to af@example.org written to {out / 'AF 2019-01-15.eml'}.",
        "Wrote 1 of 1.",
    ]


def test_no_server_configured_is_an_error_naming_the_setting(plan, tmp_path, env):
    result = run("send", plan, "--out", tmp_path / "out", env=env)
    assert result.exit_code == 2
    assert not (tmp_path / "out").exists()  # nothing written when nothing can be sent
    assert result.stderr == (
        "Error: no mail server: set host in the [smtp] section of "
        "ragbook-mail.ini (none found) or $RAGBOOK_SMTP_HOST "
        "(see docs/send.md)\n"
    )


def test_a_password_in_the_settings_file_is_refused(plan, tmp_path, env):
    named = tmp_path / "mail.ini"
    named.write_text("[smtp]\nhost = smtp.example.org\npassword = hunter2\n")
    result = run("send", plan, "--out", tmp_path / "out", "--config", named, env=env)
    assert result.exit_code == 2
    assert "ragbook never reads passwords from files" in result.stderr
    assert "hunter2" not in result.stderr
