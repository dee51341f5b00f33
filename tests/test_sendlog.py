"""The send log beside the plan: who was mailed for which period."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from ragbook.mail.sendlog import LOG_NAME, REMINDER, SEND, SendLog, period


def test_the_period_is_the_as_of_month():
    assert period(date(2019, 1, 31)) == "2019-01"


def test_a_send_is_found_again_for_the_same_plan_period_and_lead(tmp_path):
    log = SendLog.beside(tmp_path / "plan.xlsx")
    assert log.path == tmp_path / LOG_NAME and log.sent("Plan", "2019-01", "AF") is None
    log.record(
        datetime(2019, 1, 31, 9, 0, 5, 123),
        "Children's Plan",
        "2019-01",
        "AF",
        ["af@example.org", "deputy@example.org"],
        Path("out/AF 2019-01-31.xlsx"),
        "<1@example.org>",
    )
    assert log.sent("children's  plan", "2019-01", "AF")["sent_at"] == "2019-01-31T09:00:05"
    assert log.sent("Children's Plan", "2019-02", "AF") is None
    assert log.sent("Children's Plan", "2019-01", "SG") is None
    assert log.sent("Another plan", "2019-01", "AF") is None
    log.record(
        datetime(2019, 1, 31, 9, 1),
        "Children's Plan",
        "2019-01",
        "SG",
        ["sg@example.org"],
        Path("SG.xlsx"),
        "<2@example.org>",
    )
    assert log.path.read_text(encoding="utf-8").splitlines() == [
        "sent_at,plan,period,lead,to,file,message_id,kind",
        "2019-01-31T09:00:05,Children's Plan,2019-01,AF,af@example.org; deputy@example.org,"
        "AF 2019-01-31.xlsx,<1@example.org>,send",
        "2019-01-31T09:01:00,Children's Plan,2019-01,SG,sg@example.org,SG.xlsx,<2@example.org>,"
        "send",
    ]


def test_a_reminder_is_logged_but_is_not_the_send(tmp_path):
    log = SendLog.beside(tmp_path / "plan.xlsx")
    log.record(
        datetime(2019, 1, 7, 8),
        "Plan",
        "2019-01",
        "AF",
        ["af@example.org"],
        Path("AF 2019-01-07.xlsx"),
        "<r@example.org>",
        kind=REMINDER,
    )
    assert log.sent("Plan", "2019-01", "AF") is None  # reminded, but never sent
    log.record(
        datetime(2019, 1, 8, 8),
        "Plan",
        "2019-01",
        "AF",
        ["af@example.org"],
        Path("AF 2019-01-08.xlsx"),
        "<s@example.org>",
    )
    assert log.sent("Plan", "2019-01", "AF")["message_id"] == "<s@example.org>"
    assert [r["kind"] for r in log.for_period("plan", "2019-01")] == [REMINDER, SEND]


def test_a_log_begun_before_reminders_reads_its_rows_as_sends_and_takes_reminders(tmp_path):
    log = SendLog.beside(tmp_path / "plan.xlsx")
    log.path.write_text(
        "sent_at,plan,period,lead,to,file,message_id\n"
        "2019-01-01T09:00:00,Plan,2019-01,AF,af@example.org,AF.xlsx,<1@x>\n",
        encoding="utf-8",
    )
    log.record(
        datetime(2019, 1, 7, 8),
        "Plan",
        "2019-01",
        "AF",
        ["af@example.org"],
        Path("AF.xlsx"),
        "<2@x>",
        kind=REMINDER,
    )
    rows = log.for_period("Plan", "2019-01")
    assert [(r["message_id"], r["kind"]) for r in rows] == [("<1@x>", SEND), ("<2@x>", REMINDER)]
    assert log.sent("Plan", "2019-01", "AF")["message_id"] == "<1@x>"
