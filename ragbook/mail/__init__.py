"""E-mail to leads: settings, messages, SMTP and the send log."""
