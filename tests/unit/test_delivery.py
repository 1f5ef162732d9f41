"""The delivery rules: retry schedule, what a server's answer means, how a message is shaped."""
from datetime import datetime, timedelta, timezone

import pytest

from console.domain.delivery import (
    MAX_ATTEMPTS, Outcome, after_failure, backoff, http_outcome, mask_address, smtp_outcome, split_email,
)

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)


def test_backoff_doubles_from_thirty_seconds_to_half_an_hour():
    waits = [backoff(n).total_seconds() for n in range(1, 10)]
    assert waits == [30, 60, 120, 240, 480, 960, 1800, 1800, 1800]


def test_transient_failure_waits_then_gives_up_at_the_last_attempt():
    step = after_failure(1, Outcome.TRANSIENT, "451 try later", NOW)
    assert (step.status, step.next_attempt_at) == ("queued", NOW + timedelta(seconds=30))
    last = after_failure(MAX_ATTEMPTS, Outcome.TRANSIENT, "451 try later", NOW)
    assert last.status == "failed" and "8 attempts" in last.error and last.next_attempt_at is None


def test_permanent_failure_keeps_the_servers_reason():
    step = after_failure(1, Outcome.PERMANENT, "550 no such user", NOW)
    assert (step.status, step.error) == ("failed", "550 no such user")


@pytest.mark.parametrize("code, outcome", [(550, Outcome.PERMANENT), (554, Outcome.PERMANENT),
                                           (451, Outcome.TRANSIENT), (421, Outcome.TRANSIENT)])
def test_smtp_codes(code, outcome):
    assert smtp_outcome(code) is outcome


@pytest.mark.parametrize("status, outcome", [(200, Outcome.SENT), (204, Outcome.SENT), (400, Outcome.PERMANENT),
                                             (404, Outcome.PERMANENT), (429, Outcome.TRANSIENT),
                                             (500, Outcome.TRANSIENT), (503, Outcome.TRANSIENT)])
def test_http_statuses(status, outcome):
    assert http_outcome(status) is outcome


def test_drafted_email_splits_into_subject_and_body_in_either_language():
    assert split_email("Ämne: Avbrott i Norrhult\n\nHej,\n\nVi jobbar.") == ("Avbrott i Norrhult", "Hej,\n\nVi jobbar.")
    assert split_email("Subject: Outage\n\nHello") == ("Outage", "Hello")
    subject, body = split_email("Vi jobbar på felet.")
    assert subject == "Vi jobbar på felet." and body == "Vi jobbar på felet."


def test_masked_addresses_reveal_neither_mailbox_nor_number():
    assert mask_address("anna.berg@example.se") == "a…@example.se"
    assert mask_address("+46701234567") == "+46…67"
    assert "1234" not in mask_address("+46701234567")
