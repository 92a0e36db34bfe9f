"""Completion emails over SMTP (`SMTP_URL`, e.g. smtp://127.0.0.1:8025 or smtps://user:pass@host:465)."""
from __future__ import annotations

import smtplib
from email.message import EmailMessage
from urllib.parse import unquote, urlsplit

TIMEOUT_SECONDS = 10


class Mailer:
    def __init__(self, smtp_url: str, sender: str):
        self._url = urlsplit(smtp_url)
        self.sender = sender

    def send(self, to: str, subject: str, body: str) -> None:
        message = EmailMessage()
        message["From"], message["To"], message["Subject"] = self.sender, to, subject
        message.set_content(body)
        smtp_class = smtplib.SMTP_SSL if self._url.scheme == "smtps" else smtplib.SMTP
        with smtp_class(self._url.hostname, self._url.port or 25, timeout=TIMEOUT_SECONDS) as smtp:
            if self._url.scheme == "smtp+starttls":
                smtp.starttls()
            if self._url.username:
                smtp.login(unquote(self._url.username), unquote(self._url.password or ""))
            smtp.send_message(message)
