"""ragbook remind on the command line, against a real SMTP server on loopback."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path
from smtpd import smtp_server

from builders import write_loop_plan
from click.testing import CliRunner

from ragbook.cli import main
from ragbook.mail.sendlog import SendLog


def run(*args, env: dict[str, str]):
    return CliRunner().invoke(main, [str(a) for a in args], env=env)


def test_remind_mails_the_leads_owing_once_a_day_and_reports_each(tmp_path):
    plan = write_loop_plan(tmp_path / "plan.xlsx")
    env = {
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "RAGBOOK_MAIL_CONFIG": "",
        "RAGBOOK_SMTP_PASSWORD": "",
    }
    sent = datetime.now().replace(microsecond=0) - timedelta(days=3)
    log = SendLog.beside(plan)
    for code in ("AF", "SG"):  # sent three days ago; AMD never sent this month
        log.record(
            sent,
            "Test plan",
            sent.strftime("%Y-%m"),
            code,
            [f"{code.lower()}@x.org"],
            Path(f"{code}.xlsx"),
            f"<{code}@x>",
        )
    as_of = sent.date().isoformat()
    with smtp_server() as (server, port):
        (tmp_path / "ragbook-mail.ini").write_text(
            f"[smtp]\nhost = 127.0.0.1\nport = {port}\nsecurity = none\n\n"
            "[message]\nfrom = Plan Team <plan@example.org>\n"
        )
        wait = run(
            "remind", plan, "--out", tmp_path / "r", "--after", "5", "--as-of", as_of, env=env
        )
        assert wait.exit_code == 0, wait.output
        assert wait.output.splitlines()[-1] == (
            f"Reminded 0 of 3 leads who have not returned their workbook for {as_of[:7]}."
        )
        result = run("remind", plan, "--out", tmp_path / "r", "--as-of", as_of, env=env)
        assert result.exit_code == 0, result.output
        lines = result.output.splitlines()
        assert lines[0].startswith("AF: reminded, to af@example.org (AF ")
        assert lines[1] == (
            "AMD: not reminded: not sent this period's workbook; send it first with ragbook send."
        )
        assert lines[2].startswith("SG: reminded, to sg@example.org (SG ")
        assert lines[-1] == (
            f"Reminded 2 of 3 leads who have not returned their workbook for {as_of[:7]}."
        )
        again = json.loads(
            run("remind", plan, "--out", tmp_path / "r", "--as-of", as_of, "--json", env=env).output
        )
        assert [d["status"] for d in again["deliveries"]] == [
            "reminded today",
            "not sent",
            "reminded today",
        ]
        assert len(server.messages) == 2
