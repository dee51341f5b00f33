"""The [imap] section of the mail settings: defaults, the environment, the password."""

from __future__ import annotations

import pytest

from ragbook.errors import MailProblem
from ragbook.mail.config import load_mail_config
from ragbook.mail.imap_config import MAX_MESSAGE_MB, MAX_WORKBOOKS, imap_password


@pytest.fixture
def plan(tmp_path):
    return tmp_path / "plan.xlsx"


def settings(plan, text: str) -> None:
    (plan.parent / "ragbook-mail.ini").write_text(text, encoding="utf-8")


def test_defaults_are_imaps_on_the_inbox_with_the_documented_limits(plan):
    settings(plan, "[imap]\nhost = imap.example.org\nusername = owner@example.org\n")
    imap = load_mail_config(plan, env={}).imap
    assert (imap.host, imap.security, imap.imap_port, imap.folder) == (
        "imap.example.org",
        "ssl",
        993,
        "INBOX",
    )
    assert (imap.max_message_mb, imap.max_workbooks) == (MAX_MESSAGE_MB, MAX_WORKBOOKS) == (25, 5)
    imap.check_readable()


def test_the_environment_overrides_the_file(plan):
    settings(plan, "[imap]\nhost = imap.example.org\nsecurity = starttls\nusername = a\n")
    imap = load_mail_config(
        plan, env={"RAGBOOK_IMAP_HOST": "mail.example.org", "RAGBOOK_IMAP_FOLDER": "Returns"}
    ).imap
    assert (imap.host, imap.folder, imap.imap_port) == ("mail.example.org", "Returns", 143)


def test_a_password_in_the_imap_section_is_refused(plan):
    settings(plan, "[imap]\nhost = imap.example.org\npassword = hunter2\n")
    with pytest.raises(MailProblem, match=r"\[imap\] has a password: .* \$RAGBOOK_IMAP_PASSWORD"):
        load_mail_config(plan, env={})


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("security = tls\n", "[imap]: security = tls is not one of ssl, starttls, none"),
        ("max_workbooks = many\n", "[imap]: port, timeout, max_message_mb and max_workbooks"),
        ("max_message_mb = 0\n", "[imap]: max_message_mb and max_workbooks must be more than 0"),
        ("folders = INBOX\n", "[imap]: 'folders' is not a setting ragbook knows"),
    ],
)
def test_settings_that_are_wrong_are_one_line(plan, text, said):
    settings(plan, "[imap]\nhost = imap.example.org\n" + text)
    with pytest.raises(MailProblem) as caught:
        load_mail_config(plan, env={})
    assert said in str(caught.value) and "\n" not in str(caught.value)


def test_the_password_from_the_environment_else_a_one_line_problem(plan):
    settings(plan, "[imap]\nhost = imap.example.org\nusername = owner@example.org\n")
    imap = load_mail_config(plan, env={}).imap
    assert imap_password(imap, {"RAGBOOK_IMAP_PASSWORD": "pw"}) == "pw"
    with pytest.raises(MailProblem) as caught:
        imap_password(imap, {})
    assert str(caught.value).startswith(
        "no password for the IMAP user owner@example.org: set $RAGBOOK_IMAP_PASSWORD, or "
    )


def test_no_host_or_user_cannot_read(plan):
    settings(plan, "[imap]\nusername = a\n")
    with pytest.raises(MailProblem, match="no mailbox: set host in the"):
        load_mail_config(plan, env={}).imap.check_readable()
    settings(plan, "[imap]\nhost = imap.example.org\n")
    with pytest.raises(MailProblem, match="no mailbox user: set username"):
        load_mail_config(plan, env={}).imap.check_readable()
