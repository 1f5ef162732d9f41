"""The delivery gateways built from the operator's settings (installed by console.startup)."""
from __future__ import annotations


def make_sender(channel: str, settings, password: str):
    if channel == "email":
        from .smtp_mail import SmtpMailer

        return SmtpMailer(settings.smtp_host, settings.smtp_port, settings.smtp_from, settings.smtp_user,
                          password, starttls=bool(settings.smtp_starttls))
    from .sms_http import SmsHttp

    return SmsHttp(settings.sms_api_url, settings.sms_from, settings.sms_user, password)
