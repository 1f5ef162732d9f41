"""Notices delivered through the outbox, against real local servers (aiosmtpd, an SMS API over HTTP)."""
from __future__ import annotations

import ssl
import time
from datetime import timedelta

import pytest

from console.domain.delivery import GatewayMisconfigured
from console.domain.timeutil import utcnow
from console.gateways.sms_http import SmsHttp
from console.gateways.smtp_mail import SmtpMailer
from console.services import outages, outbox
from console.store.schema import AuditEntry, Customer, NoticeDelivery, Outage, OutageCustomer
from tests.delivery_servers import smtp_server, sms_server


def add_customers(db, outage_id, rows):
    """Customers as the register would hold them; those with a node "N1" are tied to the outage."""
    with db.unit() as uow:
        for ref, lang, email, phone, node in rows:
            customer = Customer(ref=ref, name=f"Kund {ref}", address="Byvägen 1", lat=57.7, lon=16.3,
                                phone=phone, email=email, lang=lang, node=node, imported_at=uow.now)
            uow.session.add(customer)
            uow.session.flush()
            if node == "N1":
                uow.session.add(OutageCustomer(outage_id=outage_id, customer_id=customer.id))


@pytest.fixture
def outage(db):
    view = outages.add_outage(db, "Norrhult fiber", 57.70, 16.30, 4, "cable_fault", area="Norrhult")
    add_customers(db, view.id, [
        ("C1", "sv", "anna@example.se", "+46701000001", "N1"),
        ("C2", "en", "bob@example.com", "+46701000002", "N1"),
        ("C3", "sv", "", "+46701000003", "N1"),           # no e-mail: reached by SMS only
        ("C4", "sv", "dora@example.se", "+46701000004", "N2"),  # another node: not affected
    ])
    return view.id


def mailer(inbox, **kw):
    return SmtpMailer("127.0.0.1", inbox.port, "drift@example.se", starttls=False, **kw)


def test_node_customers_get_the_email_once_each_in_their_own_language(db, outage):
    with smtp_server() as inbox:
        queued = outbox.queue_notice(db, outage, "email")
        assert (queued.queued, queued.without_contact) == (2, 1)
        with db.read() as session:
            assert session.get(Outage, outage).customers_told_at is None  # drafted is not told
        progress = outbox.deliver_due(db, {"email": mailer(inbox)})
        assert progress.sent == 2
        got = {to: (subject, body) for to, subject, body in inbox.messages}
        assert sorted(got) == ["anna@example.se", "bob@example.com"]
        assert got["anna@example.se"][1].startswith("Hej")
        assert got["bob@example.com"][1].startswith("Hello")
        assert "Norrhult" in got["bob@example.com"][0]
        again = outbox.queue_notice(db, outage, "email")
        assert (again.queued, again.already_had_it) == (0, 2)
        assert outbox.deliver_due(db, {"email": mailer(inbox)}).sent == 0
        assert len(inbox.messages) == 2
    with db.read() as session:
        assert session.get(Outage, outage).customers_told_at is not None
        audit = " ".join(f"{e.before} {e.after}" for e in session.query(AuditEntry))
    assert "anna@" not in audit and "+4670" not in audit and '"recipients": 2' in audit


def test_forced_language_and_sms_reach_everyone_with_a_phone(db, outage):
    with sms_server() as api:
        assert outbox.queue_notice(db, outage, "sms", lang="en").queued == 3
        outbox.deliver_due(db, {"sms": SmsHttp(api.api_url, "Fibernet", "u123", "secret")})
        assert sorted(to for _, to, _ in api.sms) == ["+46701000001", "+46701000002", "+46701000003"]
        assert {frm for frm, _, _ in api.sms} == {"Fibernet"}
        assert len({message for _, _, message in api.sms}) == 1


def test_a_refused_address_fails_with_the_reason_and_the_batch_goes_on(db, outage):
    with smtp_server(refuse={"anna@example.se": "550 5.1.1 mailbox unavailable"}) as inbox:
        outbox.queue_notice(db, outage, "email")
        progress = outbox.deliver_due(db, {"email": mailer(inbox)})
        assert (progress.sent, progress.failed) == (1, 1)
        assert [to for to, _, _ in inbox.messages] == ["bob@example.com"]
    counts = outbox.delivery_counts(db, outage)
    assert (counts["sent"], counts["failed"], counts["queued"]) == (1, 1, 0)
    assert counts["failures"] == [{"customer_ref": "C1", "channel": "email", "address": "a…@example.se",
                                   "error": "550 5.1.1 mailbox unavailable"}]


def test_sms_server_error_is_retried_later_and_a_bad_request_fails(db, outage, fixed_clock):
    with sms_server(sms_status={"+46701000001": 500, "+46701000002": 400}) as api:
        sender = SmsHttp(api.api_url, "Fibernet", "u123", "secret")
        outbox.queue_notice(db, outage, "sms")
        progress = outbox.deliver_due(db, {"sms": sender})
        assert (progress.sent, progress.failed, progress.retrying) == (1, 1, 1)
        # Not due yet: nothing is tried until the backoff has passed.
        assert outbox.deliver_due(db, {"sms": sender}).sent == 0
        api.sms_status.pop("+46701000001")
        fixed_clock.set(fixed_clock.now() + timedelta(seconds=31))
        assert outbox.deliver_due(db, {"sms": sender}).sent == 1
    with db.read() as session:
        rows = {d.customer_ref: (d.status, d.attempts, d.error) for d in session.query(NoticeDelivery)}
    assert rows["C1"][:2] == ("sent", 2)
    assert rows["C2"][0] == "failed" and rows["C2"][2].startswith("400")


def test_a_wrong_sms_password_stops_without_charging_anyone(db, outage):
    with sms_server() as api:
        outbox.queue_notice(db, outage, "sms")
        with pytest.raises(GatewayMisconfigured, match="401"):
            outbox.deliver_due(db, {"sms": SmsHttp(api.api_url, "Fibernet", "u123", "wrong")})
    with db.read() as session:
        assert {(d.status, d.attempts, d.claimed_by) for d in session.query(NoticeDelivery)} == {("queued", 0, None)}


def test_starttls_login_with_a_wrong_password_fails_clearly_and_quickly(db, outage, tmp_path):
    with smtp_server(tls_folder=tmp_path, user="drift", password="right") as inbox:
        context = ssl.create_default_context(cafile=str(inbox.cafile))
        outbox.queue_notice(db, outage, "email")
        started = time.monotonic()
        wrong = SmtpMailer("127.0.0.1", inbox.port, "drift@example.se", "drift", "wrong", starttls=True,
                           timeout=10, tls_context=context)
        with pytest.raises(GatewayMisconfigured, match="535"):
            outbox.deliver_due(db, {"email": wrong})
        assert time.monotonic() - started < 8  # a refusal, not the timeout
        right = SmtpMailer("127.0.0.1", inbox.port, "drift@example.se", "drift", "right", starttls=True,
                           tls_context=context)
        assert outbox.deliver_due(db, {"email": right}).sent == 2


def test_two_consoles_never_claim_the_same_row(db, outage):
    outbox.queue_notice(db, outage, "sms")
    first = outbox.claim_batch(db, "console-a")
    second = outbox.claim_batch(db, "console-b")
    assert len(first) == 3 and second == []


def test_an_expired_lease_is_taken_over(db, outage, fixed_clock):
    outbox.queue_notice(db, outage, "sms")
    assert len(outbox.claim_batch(db, "crashed")) == 3
    fixed_clock.set(utcnow() + timedelta(minutes=2, seconds=1))
    assert len(outbox.claim_batch(db, "survivor")) == 3


# --- the CLI ---------------------------------------------------------------------------------

import os  # noqa: E402
import signal  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
from collections import Counter  # noqa: E402

from console.domain import clock  # noqa: E402
from console.services import settings  # noqa: E402
from tests.cli_run import run  # noqa: E402


def _configure_smtp(db, inbox):
    settings.update_settings(db, smtp_host="127.0.0.1", smtp_port=inbox.port, smtp_from="drift@example.se",
                             smtp_starttls=0)


def test_cli_send_and_deliveries_show_counts_never_addresses(db, outage, capsys):
    with smtp_server(refuse={"bob@example.com": "550 5.1.1 no such user"}) as inbox:
        _configure_smtp(db, inbox)
        code, out, err = run(capsys, "--db", db.url, "notices", "send", "--outage", str(outage), "--channel", "email")
        assert code == 0, err
        assert "2 queued by email" in out and "delivered 1, failed 1" in out
    code, out, err = run(capsys, "--db", db.url, "notices", "deliveries", "--outage", str(outage), "--json")
    assert code == 0 and '"sent": 1' in out and '"failed": 1' in out
    assert "bob@example.com" not in out and "b…@example.com" in out


def test_cli_send_without_a_server_set_says_so_and_keeps_the_messages(db, outage, capsys):
    code, out, err = run(capsys, "--db", db.url, "notices", "send", "--outage", str(outage), "--channel", "sms")
    assert code == 1 and "no SMS API is set" in err and "3 queued" in out
    assert outbox.pending_count(db) == 3


def test_cli_restored_notice_for_an_open_outage_is_refused(db, outage, capsys):
    code, out, err = run(capsys, "--db", db.url, "notices", "send", "--outage", str(outage), "--channel", "sms",
                         "--kind", "restored")
    assert code == 2 and "not restored" in err and outbox.pending_count(db) == 0


def test_a_kill_mid_batch_then_resume_reaches_everyone_with_at_most_one_duplicate(db, capsys):
    view = outages.add_outage(db, "Storm", 57.70, 16.30, 150, "weather", area="Norrhult")
    add_customers(db, view.id, [(f"K{i:03d}", "sv", f"k{i:03d}@example.se", "", "N1") for i in range(150)])
    with smtp_server() as inbox:
        _configure_smtp(db, inbox)
        assert outbox.queue_notice(db, view.id, "email").queued == 150
        cli = [sys.executable, "-m", "console.cli", "--db", db.url, "notices", "deliver"]
        first = subprocess.Popen(cli, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            assert inbox.wait_for(20, timeout=60), "the delivery process sent nothing"
        finally:
            first.send_signal(signal.SIGKILL)
            first.wait(timeout=30)
        received = len(inbox.messages)
        assert received < 150, "the batch finished before the kill: nothing was interrupted"
        # The dead process's lease runs out after two minutes: resume as if started then.
        os.environ[clock.ENV_VAR] = (clock.now() + timedelta(minutes=3)).isoformat()
        resumed = subprocess.run([sys.executable, "-m", "console.cli", "--db", db.url, "notices", "send", "--resume"],
                                 capture_output=True, text=True, timeout=120)
        assert resumed.returncode == 0, resumed.stderr
        per_customer = Counter(to for to, _, _ in inbox.messages)
    assert set(per_customer) == {f"k{i:03d}@example.se" for i in range(150)}
    assert sum(n - 1 for n in per_customer.values()) <= 1
    assert outbox.delivery_counts(db, view.id)["sent"] == 150


def test_secret_set_reads_stdin_and_falls_back_to_an_owner_only_file(tmp_path, sqlite_url):
    env = dict(os.environ, DISPATCH_SECRETS_DIR=str(tmp_path / "secrets"),
               PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring")
    env.pop("DISPATCH_SMS_PASSWORD", None)
    done = subprocess.run([sys.executable, "-m", "console.cli", "--db", sqlite_url, "settings", "secret", "set", "sms"],
                          input="s3cret\n", capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    stored = tmp_path / "secrets" / "sms"
    assert stored.read_text() == "s3cret" and stored.stat().st_mode & 0o777 == 0o600
    assert "s3cret" not in done.stdout + done.stderr
