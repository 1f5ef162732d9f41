"""Delivering notices: the retry schedule, what a failure means, and how a message is shaped.

Pure rules; the outbox (services/outbox.py) applies them and the gateways report in their terms.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime, timedelta

BACKOFF_FIRST = timedelta(seconds=30)
BACKOFF_LONGEST = timedelta(minutes=30)
# After this many tries a transient failure is given up on: the customer is better served by a
# failure the dispatcher sees than by a message that arrives a day late.
MAX_ATTEMPTS = 8
LEASE = timedelta(minutes=2)
CHANNELS = ("email", "sms")
KINDS = ("update", "restored", "loaner")


class Outcome(enum.Enum):
    SENT = "sent"
    TRANSIENT = "transient"  # try again later
    PERMANENT = "permanent"  # the server refused this recipient or message for good


class DeliveryFailed(Exception):
    """A gateway could not deliver one message; `outcome` says whether trying again can help."""

    def __init__(self, outcome: Outcome, reason: str):
        super().__init__(reason)
        self.outcome = outcome
        self.reason = reason


class GatewayMisconfigured(Exception):
    """Nothing can be delivered (no server set, a wrong password): no message is charged an attempt."""


def backoff(attempts: int) -> timedelta:
    """Wait before the next try after `attempts` failed ones: 30 s, doubling, at most 30 min."""
    if attempts < 1:
        return timedelta(0)
    return min(BACKOFF_FIRST * (2 ** min(attempts - 1, 16)), BACKOFF_LONGEST)


@dataclass(frozen=True)
class NextStep:
    status: str  # "queued" | "failed"
    next_attempt_at: datetime | None
    error: str


def after_failure(attempts: int, outcome: Outcome, reason: str, now: datetime) -> NextStep:
    """What becomes of a message whose `attempts`-th try (counting this one) failed."""
    if outcome is Outcome.PERMANENT:
        return NextStep("failed", None, reason)
    if attempts >= MAX_ATTEMPTS:
        return NextStep("failed", None, f"gave up after {attempts} attempts: {reason}")
    return NextStep("queued", now + backoff(attempts), reason)


def smtp_outcome(code: int) -> Outcome:
    """5xx is the server's final word; 4xx (and anything odd) may pass."""
    return Outcome.PERMANENT if 500 <= code <= 599 else Outcome.TRANSIENT


def http_outcome(status: int) -> Outcome:
    """2xx delivered; 4xx refused for good except 429 (slow down); 5xx may pass."""
    if 200 <= status <= 299:
        return Outcome.SENT
    if 400 <= status <= 499 and status != 429:
        return Outcome.PERMANENT
    return Outcome.TRANSIENT


def split_email(text: str) -> tuple[str, str]:
    """(subject, body) from a drafted e-mail, whose first paragraph is "Subject: ..." in its language.

    A text the dispatcher wrote without such a line gets its first line as the subject.
    """
    first, _, rest = text.strip().partition("\n\n")
    if "\n" not in first and ": " in first and rest:
        return first.split(": ", 1)[1].strip(), rest.strip()
    line = text.strip().splitlines()[0] if text.strip() else ""
    return (line[:77] + "…" if len(line) > 78 else line), text.strip()


def mask_address(address: str) -> str:
    """Enough to recognise a contact on screen, never enough to use it."""
    if "@" in address:
        local, _, domain = address.partition("@")
        return f"{local[:1]}…@{domain}"
    return f"{address[:3]}…{address[-2:]}" if len(address) > 5 else "…"


__all__ = ["BACKOFF_FIRST", "BACKOFF_LONGEST", "MAX_ATTEMPTS", "LEASE", "CHANNELS", "KINDS", "Outcome",
           "DeliveryFailed", "GatewayMisconfigured", "backoff", "NextStep", "after_failure", "smtp_outcome",
           "http_outcome", "split_email", "mask_address"]
