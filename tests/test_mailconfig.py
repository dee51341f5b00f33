"""Where the mail settings come from, and where the password may (and may not)."""

from __future__ import annotations

import sys
import types
from pathlib import Path

import pytest

from ragbook.errors import MailProblem
from ragbook.mail.config import load_mail_config, smtp_password

SETTINGS = """[smtp]
host = smtp.example.org
username = plan.owner@example.org

[message]
from = Improvement Plan Team <improvement.plan@example.org>
subject = $plan_title: please update by $due_by
text_template = lead-mail.txt
"""


@pytest.fixture
def plan(tmp_path) -> Path:
    folder = tmp_path / "plans"
    folder.mkdir()
    return folder / "plan.xlsx"


@pytest.fixture
def home(tmp_path) -> dict[str, str]:
    """An environment whose user config folder is empty and private to the test."""
    return {"XDG_CONFIG_HOME": str(tmp_path / "config"), "APPDATA": str(tmp_path / "appdata")}


def test_no_file_gives_defaults_that_cannot_send(plan, home):
    config = load_mail_config(plan, env=home)
    assert (config.host, config.security, config.smtp_port, config.source) == (
        "",
        "starttls",
        587,
        None,
    )
    with pytest.raises(
        MailProblem,
        match=r"no mail server: set host in the \[smtp\] section of "
        r"ragbook-mail.ini \(none found\) or \$RAGBOOK_SMTP_HOST",
    ):
        config.check_sendable()


def test_the_file_beside_the_plan(plan, home):
    (plan.parent / "ragbook-mail.ini").write_text(SETTINGS)
    config = load_mail_config(plan, env=home)
    assert config.source == plan.parent / "ragbook-mail.ini"
    assert (config.host, config.smtp_port, config.username) == (
        "smtp.example.org",
        587,
        "plan.owner@example.org",
    )
    assert config.sender == "Improvement Plan Team <improvement.plan@example.org>"
    assert config.subject == "$plan_title: please update by $due_by"
    assert config.text_template == plan.parent / "lead-mail.txt" and config.html_template is None
    config.check_sendable()


def test_then_the_users_config_folder(plan, home):
    user = Path(home["XDG_CONFIG_HOME"]) / "ragbook"
    user.mkdir(parents=True)
    (user / "mail.ini").write_text("[smtp]\nhost = user.example.org\nsecurity = ssl\n")
    config = load_mail_config(plan, env=home)
    assert (config.host, config.smtp_port) == ("user.example.org", 465)
    (plan.parent / "ragbook-mail.ini").write_text(SETTINGS)
    assert load_mail_config(plan, env=home).host == "smtp.example.org"


def test_a_named_file_first_and_the_environment_over_any_file(plan, home, tmp_path):
    (plan.parent / "ragbook-mail.ini").write_text(SETTINGS)
    named = tmp_path / "named.ini"
    named.write_text("[smtp]\nhost = named.example.org\nport = 2525\n")
    assert load_mail_config(plan, named, env=home).host == "named.example.org"
    env = dict(
        home,
        RAGBOOK_MAIL_CONFIG=str(named),
        RAGBOOK_SMTP_PORT="1025",
        RAGBOOK_MAIL_FROM="owner@example.org",
        RAGBOOK_SMTP_SECURITY="none",
    )
    config = load_mail_config(plan, env=env)
    assert (config.host, config.port, config.sender, config.security) == (
        "named.example.org",
        1025,
        "owner@example.org",
        "none",
    )
    with pytest.raises(MailProblem, match=r"the mail settings file .*missing.ini does not exist"):
        load_mail_config(plan, tmp_path / "missing.ini", env=home)


@pytest.mark.parametrize(
    "text, message",
    [
        (
            "[smtp]\npassword = hunter2\n",
            r"\[smtp\] has a password: ragbook never reads passwords "
            r"from files; delete it and set \$RAGBOOK_SMTP_PASSWORD",
        ),
        (
            "[smtp]\nhots = x\n",
            r"\[smtp\]: 'hots' is not a setting ragbook knows; the settings "
            "there are: cafile, host, port, security, timeout, username",
        ),
        ("[smtp]\nsecurity = tls\n", "security = tls is not one of starttls, ssl, none"),
        ("[smtp]\nport = five\n", "port and timeout must be numbers"),
        ("not an ini file\n", "cannot be read as mail settings: File contains no section headers"),
    ],
)
def test_mistakes_in_the_file_are_named(plan, home, text, message):
    (plan.parent / "ragbook-mail.ini").write_text(text)
    with pytest.raises(MailProblem, match=message):
        load_mail_config(plan, env=home)


def test_the_password_from_the_environment_else_the_keyring(plan, home, monkeypatch):
    (plan.parent / "ragbook-mail.ini").write_text(SETTINGS)
    config = load_mail_config(plan, env=home)
    assert smtp_password(config, {"RAGBOOK_SMTP_PASSWORD": "from-env"}) == "from-env"
    monkeypatch.setitem(sys.modules, "keyring", None)  # not installed
    with pytest.raises(
        MailProblem,
        match=r"no password for the SMTP user plan.owner@example.org: "
        r"set \$RAGBOOK_SMTP_PASSWORD, or store it with: python "
        "-m keyring set ragbook plan.owner@example.org",
    ):
        smtp_password(config, {})
    stored = {("ragbook", "plan.owner@example.org"): "from-keyring"}
    fake = types.SimpleNamespace(get_password=lambda service, user: stored.get((service, user)))
    monkeypatch.setitem(sys.modules, "keyring", fake)
    assert smtp_password(config, {}) == "from-keyring"


def test_no_user_name_means_no_login(plan, home):
    assert smtp_password(load_mail_config(plan, env=home), {}) is None
