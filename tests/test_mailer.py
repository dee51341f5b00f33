"""The SMTP connection, against a real server on loopback."""

from __future__ import annotations

from email.message import EmailMessage
from smtpd import free_port, self_signed, smtp_server

import pytest

from ragbook.errors import MailProblem
from ragbook.mail.config import MailConfig
from ragbook.mail.smtp import Mailer


def message(to: str) -> EmailMessage:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = "owner@example.org", to, "Hello"
    msg.set_content("Body")
    return msg


def config(port: int, **kwargs) -> MailConfig:
    return MailConfig(host="127.0.0.1", port=port, sender="owner@example.org", **kwargs)


def test_plain_smtp_to_this_machine_and_one_connection_for_all(tmp_path):
    with (
        smtp_server(reject={"gone@example.org"}) as (server, port),
        Mailer(config(port, security="none"), None) as mailer,
    ):
        assert mailer.send(message("af@example.org")) == {}
        connection = mailer.smtp
        with pytest.raises(Exception) as refused:
            mailer.send(message("gone@example.org"))
        assert "550" in str(refused.value)
        mailer.send(message("sg@example.org"))
        assert mailer.smtp is connection
    assert [to for to, _ in server.messages] == [["af@example.org"], ["sg@example.org"]]


def test_starttls_with_the_councils_own_certificate_and_a_login(tmp_path):
    cert, context = self_signed(tmp_path)
    users = {"owner@example.org": "s3cret"}
    with (
        smtp_server(tls=context, users=users) as (server, port),
        Mailer(config(port, username="owner@example.org", cafile=str(cert)), "s3cret") as m,
    ):
        m.send(message("af@example.org"))
    assert server.tls == [True] and server.logins == ["owner@example.org"]


def test_a_certificate_that_is_not_trusted_stops_the_send(tmp_path):
    _, context = self_signed(tmp_path)
    with (
        smtp_server(tls=context) as (server, port),
        pytest.raises(
            MailProblem,
            match=r"the certificate of 127.0.0.1:\d+ cannot be "
            r"trusted \(.*\); if it is your council's own, "
            "set cafile in",
        ),
    ):
        Mailer(config(port), None).send(message("af@example.org"))
    assert server.messages == []


def test_a_wrong_password_stops_the_send(tmp_path):
    cert, context = self_signed(tmp_path)
    with (
        smtp_server(tls=context, users={"owner@example.org": "s3cret"}) as (_server, port),
        pytest.raises(
            MailProblem, match=r"refused the user name or password for owner@example.org"
        ),
    ):
        Mailer(config(port, username="owner@example.org", cafile=str(cert)), "guess").send(
            message("af@example.org")
        )


def test_no_server_listening_says_what_to_check():
    port = free_port()
    with pytest.raises(
        MailProblem,
        match=rf"cannot send through 127.0.0.1:{port} \(.*\); check "
        "host, port and security in ragbook-mail.ini",
    ):
        Mailer(config(port, security="none", timeout=5), None).send(message("af@example.org"))


def test_unencrypted_mail_only_to_this_machine():
    with pytest.raises(
        MailProblem,
        match=r"security = none sends mail unencrypted, which ragbook "
        r"allows only to this machine, not smtp.example.org",
    ):
        Mailer(MailConfig(host="smtp.example.org", security="none", sender="a@example.org"), None)
