"""The IMAP session against dovecot on loopback: STARTTLS, folders by the server's
separator, moving without MOVE, and one-line problems."""

from __future__ import annotations

import ssl
from email.message import EmailMessage

import pytest
from imapd import PASSWORD, imap_server

from ragbook.errors import MailProblem
from ragbook.mail.imap import Mailbox
from ragbook.mail.imap_config import ImapConfig


def config(server, **kwargs) -> ImapConfig:
    settings = {
        "host": "127.0.0.1",
        "port": server.port,
        "security": "starttls" if server.starttls else "ssl" if server.cafile else "none",
        "username": server.user,
        "cafile": str(server.cafile or ""),
        "where": "ragbook-mail.ini",
    }
    settings.update(kwargs)
    return ImapConfig(**settings)


def note(subject: str) -> EmailMessage:
    msg = EmailMessage()
    msg["From"], msg["Subject"] = "af@example.org", subject
    msg.set_content("hello")
    return msg


def test_starttls_peek_and_move_without_the_move_extension(tmp_path):
    with imap_server(tmp_path / "imap", starttls=True, separator="/") as server:
        server.append(note("one"))
        server.append(note("two"))
        with Mailbox(config(server), PASSWORD) as box:
            assert isinstance(box.imap.sock, ssl.SSLSocket)  # upgraded before the login
            envelopes = box.envelopes()
            assert [e.header.count(b"Subject:") for e in envelopes] == [1, 1]
            assert b"Subject: one" in box.fetch(envelopes[0].uid)
            name = box.folder_name("ragbook", "collected")
            assert name == "ragbook/collected"
            box.ensure_folder(name)
            box.ensure_folder(name)  # there already: nothing to do
            box.capabilities.discard("MOVE")  # a server without MOVE: copy, delete, expunge
            box.move(envelopes[0].uid, name)
        (left,) = server.folder("INBOX")
        assert "\\Seen" not in left[0] and b"Subject: two" in left[1]
        ((flags, moved),) = server.folder("ragbook/collected")
        assert "\\Seen" not in flags and b"Subject: one" in moved


def test_a_certificate_not_trusted_is_one_line(tmp_path):
    with imap_server(tmp_path / "imap") as server, pytest.raises(MailProblem) as caught:
        Mailbox(config(server, cafile=""), PASSWORD).connect()
    assert str(caught.value).startswith(
        f"the certificate of 127.0.0.1:{server.port} cannot be trusted ("
    )
    assert str(caught.value).endswith(
        "if it is your council's own, set cafile in the [imap] section of ragbook-mail.ini"
    )


def test_a_folder_that_is_not_there_is_one_line(tmp_path):
    with imap_server(tmp_path / "imap") as server, pytest.raises(MailProblem) as caught:
        Mailbox(config(server, folder="Replies"), PASSWORD).connect()
    assert str(caught.value).startswith("the mailbox has no folder Replies (")
    assert str(caught.value).endswith("check folder in the [imap] section of ragbook-mail.ini")


def test_plain_imap_only_on_this_machine():
    with pytest.raises(MailProblem) as caught:
        Mailbox(ImapConfig(host="imap.example.org", username="u", security="none"), "p")
    assert str(caught.value) == (
        "security = none in [imap] reads mail unencrypted, which ragbook allows only on "
        "this machine, not imap.example.org; use ssl or starttls"
    )
