"""The receipt a lead gets: applied, not applied and why, and what needs their answer."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from types import SimpleNamespace

from ragbook.mail.config import MailConfig
from ragbook.mail.receipt import receipt, receipt_text
from ragbook.rules.model import Problem
from ragbook.rules.outcome import Change, Request, ReturnResult

NOW = datetime(2019, 1, 16, 8, 5)


def outcome() -> ReturnResult:
    return ReturnResult(
        Path("AF 2019-01-15.xlsx"),
        "AF",
        "wb1",
        changes=[Change("1.1", "rating", "F2", "Red", "Amber", "Amber")],
        problems=[
            Problem(
                "Actions",
                "F3",
                "action 1.2: the plan's RAG rating was changed after the workbook was split "
                "(it is now Green)",
                "decide which is right",
            ),
            Problem("[AF.xlsx]Actions for AF", "G17", "action 1.1: this cell holds a formula"),
        ],
        requests=[Request("AF", "1.2", "due", "Date due", "F3", "31/01/2019", "28/02/2019")],
    )


def test_the_receipt_says_what_was_applied_refused_and_asked():
    text = receipt_text([outcome()], "Test plan", NOW)
    assert text.splitlines()[0] == (
        "Thank you. This is an automatic receipt for the workbook you sent back for "
        "Test plan, received on 16/01/2019 at 08:05."
    )
    assert "Applied to the plan (1 change):\n  - 1.1 RAG rating: Red -> Amber\n" in text
    assert (
        "Not applied (1), and why:\n"
        "  - [AF.xlsx]Actions for AF!G17: action 1.1: this cell holds a formula.\n"
    ) in text
    assert "Needs your answer (2):\n  - Actions!F3: action 1.2: the plan's RAG rating" in text
    assert (
        "  - AF asks to move 1.2's due date from 31/01/2019 to 28/02/2019; not applied until "
        "the plan owner decides\n"
    ) in text


def test_a_workbook_with_nothing_new_says_so():
    text = receipt_text([ReturnResult(Path("SG.xlsx"), "SG", "wb2")], "Test plan", NOW)
    assert "SG.xlsx:\nNothing to apply: the plan has these updates already.\n" in text


def test_the_reply_threads_under_the_lead_s_message():
    message = SimpleNamespace(
        sender="af@example.org", subject="Test plan: your actions", message_id="<m1@example.org>"
    )
    reply = receipt(MailConfig(sender="Plan <plan@example.org>"), message, [], "Test plan", NOW)
    assert (reply["To"], reply["Subject"], reply["In-Reply-To"], reply["References"]) == (
        "af@example.org",
        "Re: Test plan: your actions",
        "<m1@example.org>",
        "<m1@example.org>",
    )
    assert reply["Auto-Submitted"] == "auto-replied"
    assert reply["Message-ID"].endswith("@example.org>")
