"""The message a lead gets: templates, addresses, and the workbook attached."""

from __future__ import annotations

import email
import io
from datetime import UTC, datetime
from email import policy

import openpyxl
import pytest
from builders import write_loop_plan

import ragbook
from ragbook.errors import MailProblem
from ragbook.mail.config import MailConfig
from ragbook.mail.message import check_addresses, compose, load_templates
from ragbook.rules.model import Lead
from ragbook.split import split_plan

NOW = datetime(2019, 1, 15, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    "typed, addresses, problem",
    [
        ("af@example.org", ["af@example.org"], ""),
        ("Head of Early Help <af@example.org>", ["af@example.org"], ""),
        ("af@example.org; deputy@example.org", ["af@example.org", "deputy@example.org"], ""),
        ("", [], "has no e-mail address"),
        ("  ", [], "has no e-mail address"),
        ("af at example.org", [], "'af at example.org' is not an e-mail address"),
        ("af@example", [], "'af@example' is not an e-mail address"),
        ("af@example.org, nobody", [], "'af@example.org, nobody' is not an e-mail address"),
    ],
)
def test_addresses_from_the_leads_sheet(typed, addresses, problem):
    assert check_addresses(typed) == (addresses, problem)


def test_templates_with_a_mistake_stop_the_send_before_any_mail(tmp_path):
    with pytest.raises(
        MailProblem,
        match=r"the subject in .*: \$plan_titel is not a placeholder "
        r"ragbook fills; use \$lead_name,",
    ):
        load_templates(MailConfig(subject="$plan_titel"))
    body = tmp_path / "body.txt"
    body.write_text("Costs $5")
    with pytest.raises(MailProblem, match=r"body.txt: a \$ that is not a placeholder; write \$\$"):
        load_templates(MailConfig(text_template=body))
    with pytest.raises(MailProblem, match=r"the mail template .*missing.html cannot be read"):
        load_templates(MailConfig(html_template=tmp_path / "missing.html"))


def test_the_message_to_a_lead(tmp_path):
    with ragbook.load(
        write_loop_plan(tmp_path / "plan.xlsx", title="Plan <Children & Families>")
    ) as plan:
        summary = plan.summary()
        written = split_plan(plan, tmp_path / "out", leads=["AF"]).files[0]
    text = tmp_path / "text.txt"
    text.write_text(
        "Hello $lead_name ($lead_code): $actions actions, $overdue overdue, "
        "$due_soon due by $due_by.\n$summary\n"
    )
    config = MailConfig(
        sender="Plan Team <plan@example.org>",
        cc="boss@example.org",
        reply_to="replies@example.org",
        subject="$plan_title  for\n$as_of",
        text_template=text,
    )
    lead = Lead("AF", "Head of <Early> Help", email="af@example.org")
    msg = compose(
        config,
        load_templates(config),
        ["af@example.org"],
        lead,
        "AF",
        summary,
        written.ask,
        written.path,
        NOW,
    )
    parsed = email.message_from_bytes(bytes(msg), policy=policy.default)
    assert parsed["Subject"] == "Plan <Children & Families> for 15/01/2019"
    (to,) = parsed["To"].addresses
    assert (to.display_name, to.addr_spec) == ("Head of <Early> Help", "af@example.org")
    assert (parsed["From"], parsed["Cc"], parsed["Reply-To"]) == (
        "Plan Team <plan@example.org>",
        "boss@example.org",
        "replies@example.org",
    )
    assert parsed["Message-ID"].endswith("@example.org>")
    assert parsed.get_body(("plain",)).get_content() == (
        "Hello Head of <Early> Help (AF): 2 actions, 1 overdue, 1 due by 14/02/2019.\n"
        "- 1.1 Do something (due 01/12/2018): Red; Overdue by 45 days\n"
        "- 1.2 Do something (due 10/02/2019): Green; Due in 26 days\n"
    )
    html = parsed.get_body(("html",)).get_content()
    assert "Dear Head of &lt;Early&gt; Help," in html
    assert "Plan &lt;Children &amp; Families&gt;" in html
    assert "<td " in html and ">Overdue by 45 days</td>" in html
    (attachment,) = parsed.iter_attachments()
    assert attachment.get_filename() == "AF 2019-01-15.xlsx"
    assert attachment.get_content_type() == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    wb = openpyxl.load_workbook(io.BytesIO(attachment.get_content()))
    assert wb.sheetnames == ["Actions for AF", "ragbook"]


def test_a_line_does_not_repeat_the_ref_the_action_text_starts_with(tmp_path):
    """Reading and Sunderland type the ref at the start of the action text ("1.2 Implement
    ..."): the e-mail says "1.2 Implement ...", not "1.2 1.2 Implement ..."."""
    path = write_loop_plan(tmp_path / "plan.xlsx")
    wb = openpyxl.load_workbook(path)
    wb["Actions"]["C2"] = "1.1 Implement a workforce strategy"
    wb["Actions"]["C3"] = "1.20 Review supervision (not 1.2's own words)"
    wb.save(path)
    with ragbook.load(path) as plan:
        summary = plan.summary()
        written = split_plan(plan, tmp_path / "out", leads=["AF"]).files[0]
    config = MailConfig(sender="plan@example.org")
    msg = compose(
        config,
        load_templates(config),
        ["af@example.org"],
        None,
        "AF",
        summary,
        written.ask,
        written.path,
        NOW,
    )
    parsed = email.message_from_bytes(bytes(msg), policy=policy.default)
    lines = [
        line
        for line in parsed.get_body(("plain",)).get_content().splitlines()
        if line.startswith("- ")
    ]
    assert lines == [
        "- 1.1 Implement a workforce strategy (due 01/12/2018): Red; Overdue by 45 days",
        "- 1.2 1.20 Review supervision (not 1.2's own words) (due 10/02/2019): Green; "
        "Due in 26 days",
    ]
    html = parsed.get_body(("html",)).get_content()
    assert ">1.1</td>" in html and ">Implement a workforce strategy</td>" in html
