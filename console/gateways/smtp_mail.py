"""E-mail through an SMTP server (smtplib), one connection reused across a batch.

5xx replies are the server's final word on a recipient (permanent); 4xx replies and dropped
connections may pass (transient). A refused login stops the whole run: no message is to blame.
"""
from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from console.domain.delivery import DeliveryFailed, GatewayMisconfigured, Outcome, smtp_outcome, split_email


def _reply(code: int, text: bytes | str) -> str:
    words = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    return f"{code} {' '.join(words.split())}"


class SmtpMailer:
    def __init__(self, host: str, port: int, sender: str, user: str = "", password: str = "",
                 starttls: bool = True, timeout: float = 20.0, tls_context: ssl.SSLContext | None = None):
        if not host:
            raise GatewayMisconfigured("no SMTP server is set (setting smtp_host)")
        if not sender:
            raise GatewayMisconfigured("no sender address is set (setting smtp_from)")
        self.host, self.port, self.sender = host, port, sender
        self.user, self.password, self.starttls = user, password, starttls
        self.timeout, self.tls_context = timeout, tls_context
        self._conn: smtplib.SMTP | None = None

    def _connect(self) -> smtplib.SMTP:
        if self._conn is not None:
            return self._conn
        try:
            conn = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
            if self.starttls:
                conn.starttls(context=self.tls_context or ssl.create_default_context())
            if self.user:
                conn.login(self.user, self.password)
        except smtplib.SMTPAuthenticationError as err:
            raise GatewayMisconfigured(
                f"the SMTP server refused the login for {self.user}: {_reply(err.smtp_code, err.smtp_error)}") from None
        except smtplib.SMTPNotSupportedError as err:
            raise GatewayMisconfigured(f"the SMTP server cannot do what is configured: {err}") from None
        except ssl.SSLError as err:
            raise GatewayMisconfigured(f"STARTTLS with the SMTP server failed: {err}") from None
        except smtplib.SMTPResponseException as err:
            raise DeliveryFailed(Outcome.TRANSIENT, _reply(err.smtp_code, err.smtp_error)) from None
        except (OSError, smtplib.SMTPException) as err:
            raise DeliveryFailed(Outcome.TRANSIENT, f"cannot reach the SMTP server: {err}") from None
        self._conn = conn
        return conn

    def _drop(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            try:
                conn.close()
            except OSError:
                pass

    def send(self, address: str, message: str) -> None:
        subject, body = split_email(message)
        mail = EmailMessage()
        mail["From"] = self.sender
        mail["To"] = address
        mail["Subject"] = subject
        mail["Date"] = formatdate(localtime=False)
        mail["Message-ID"] = make_msgid()
        mail.set_content(body)
        conn = self._connect()
        try:
            refused = conn.send_message(mail)
        except smtplib.SMTPRecipientsRefused as err:
            code, text = next(iter(err.recipients.values()))
            raise DeliveryFailed(smtp_outcome(code), _reply(code, text)) from None
        except smtplib.SMTPResponseException as err:
            if err.smtp_code in (421,):
                self._drop()
            raise DeliveryFailed(smtp_outcome(err.smtp_code), _reply(err.smtp_code, err.smtp_error)) from None
        except (OSError, smtplib.SMTPException) as err:
            self._drop()
            raise DeliveryFailed(Outcome.TRANSIENT, f"the SMTP connection failed: {err}") from None
        if refused:
            code, text = next(iter(refused.values()))
            raise DeliveryFailed(smtp_outcome(code), _reply(code, text))

    def close(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            try:
                conn.quit()
            except (OSError, smtplib.SMTPException):
                pass
