"""SMS through a 46elks-compatible HTTP API: POST {url}/sms, Basic auth, form fields from/to/message.

2xx delivered; 401/403 means the account is wrong (stop, nobody is charged); other 4xx refuse
the message for good except 429; 5xx, timeouts and dropped connections are tried again later.
"""
from __future__ import annotations

import requests

from console.domain.delivery import DeliveryFailed, GatewayMisconfigured, Outcome, http_outcome


def _reason(response: requests.Response) -> str:
    text = " ".join((response.text or "").split())[:300]
    return f"{response.status_code} {text or response.reason or ''}".strip()


class SmsHttp:
    def __init__(self, url: str, sender: str, user: str, password: str, timeout: float = 15.0):
        if not url:
            raise GatewayMisconfigured("no SMS API is set (setting sms_api_url)")
        if not sender:
            raise GatewayMisconfigured("no SMS sender is set (setting sms_from)")
        self.endpoint = url.rstrip("/") + "/sms"
        self.sender = sender
        self.timeout = timeout
        self._session = requests.Session()
        self._session.auth = (user, password)

    def send(self, address: str, message: str) -> None:
        try:
            response = self._session.post(self.endpoint, data={"from": self.sender, "to": address,
                                                               "message": message}, timeout=self.timeout)
        except requests.RequestException as err:
            raise DeliveryFailed(Outcome.TRANSIENT, f"the SMS API cannot be reached: {type(err).__name__}") from None
        if response.status_code in (401, 403):
            raise GatewayMisconfigured(f"the SMS API refused the account: {_reason(response)}")
        outcome = http_outcome(response.status_code)
        if outcome is not Outcome.SENT:
            raise DeliveryFailed(outcome, _reason(response))

    def close(self) -> None:
        self._session.close()
