"""After a real batch (e-mail and SMS to every demo customer, some refused), no phone number or e-mail
address of any customer appears in the handover PDF, the public status page, the audit log or the log."""
from __future__ import annotations

import logging
import os
import re
import shutil
import subprocess

import pytest
from sqlalchemy import select

from console.reports.handover_pdf import render_handover
from console.reports.status_export import export_status
from console.services import customers, outbox, settings
from console.services.handover import collect_handover
from console.store.schema import AuditEntry, CustomerNotice, Outage, OutageCustomer
from tests.delivery_servers import sms_server, smtp_server


def _pdftotext(pdf) -> str:
    tool = shutil.which("pdftotext")
    if tool is None:
        if os.environ.get("CI"):
            pytest.fail("pdftotext (poppler-utils) is required in CI")
        pytest.skip("pdftotext not installed (poppler-utils)")
    return subprocess.run([tool, "-enc", "UTF-8", str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout


def _forms(phone: str, email: str) -> set[str]:
    """Each contact as it might be printed: the e-mail whole, the number as stored and digit by digit
    (spaces, dashes and line breaks dropped), nationally (07…) and internationally (467…)."""
    forms = {email.lower()} if email else set()
    digits = re.sub(r"\D", "", phone)
    if digits:
        forms |= {digits, "0" + digits[2:] if digits.startswith("46") else digits}
    return forms


def _leaks(text: str, forms: set[str]) -> set[str]:
    flat = text.lower()
    digits_only = re.sub(r"[\s\-()./]", "", flat)
    return {f for f in forms if f in flat or (f.isdigit() and f in digits_only)}


def test_no_contact_detail_reaches_the_handover_status_page_audit_or_log(demo_db, tmp_path, caplog):
    db = demo_db
    register = customers.list_customers(db)
    assert len(register) > 50 and any(c.phone for c in register) and any(c.email for c in register)
    forms = set().union(*(_forms(c.phone, c.email) for c in register))
    with db.read() as session:
        tied = sorted({oid for oid, in session.execute(select(OutageCustomer.outage_id))})
        open_ids = {oid for oid, status in session.execute(select(Outage.id, Outage.status))
                    if status not in ("restored", "cancelled")}
    targets = [oid for oid in tied if oid in open_ids]
    assert targets
    refused_mail = next(c.email for c in register if c.email)
    refused_phone = next(c.phone for c in register if c.phone)

    caplog.set_level(logging.DEBUG)
    with smtp_server(refuse={refused_mail: f"550 5.1.1 <{refused_mail}>: mailbox unavailable"}) as inbox, \
            sms_server(sms_status={refused_phone: 400}) as api:
        settings.update_settings(db, smtp_host="127.0.0.1", smtp_port=inbox.port, smtp_from="drift@example.se",
                                 smtp_starttls=0, sms_api_url=api.api_url, sms_from="Fibernet", sms_user="u123")
        os.environ["DISPATCH_SMS_PASSWORD"] = "secret"
        try:
            for oid in targets:
                outbox.queue_notice(db, oid, "email")
                outbox.queue_notice(db, oid, "sms")
            senders, problems = outbox.senders_for(db)
            assert not problems
            try:
                done = outbox.deliver_due(db, senders)
            finally:
                for sender in senders.values():
                    sender.close()
        finally:
            os.environ.pop("DISPATCH_SMS_PASSWORD", None)
    assert done.sent > 50 and inbox.messages and api.sms
    assert done.failed + done.retrying >= 2  # the refused ones are in the batch too

    pdf = tmp_path / "handover.pdf"
    render_handover(collect_handover(db), pdf, lang="en")
    handover_text = _pdftotext(pdf)
    assert "Ankarsrum" in handover_text  # the text was read back at all

    status_dir = tmp_path / "status"
    export_status(db, status_dir, lang="sv")
    page = "\n".join(p.read_text(encoding="utf-8") for p in sorted(status_dir.rglob("*")) if p.is_file()
                     and p.suffix in (".html", ".json", ".xml", ".atom", ".txt"))
    assert "<html" in page.lower()

    with db.read() as session:
        audit_rows = [" ".join(str(v) for v in row) for row in session.execute(
            select(AuditEntry.action, AuditEntry.entity, AuditEntry.entity_id, AuditEntry.before, AuditEntry.after))]
        notices = [text for text, in session.execute(select(CustomerNotice.text))]
    audit_text = "\n".join(audit_rows)
    assert "notice_queued" in audit_text and '"recipients"' in audit_text  # who sent what to how many
    # The console's own log (the local test servers log what they received: that is the far end).
    ours = [r for r in caplog.records if r.name == "root" or r.name.split(".")[0] in ("console", "py", "sqlalchemy")]
    log_text = "\n".join(r.getMessage() for r in ours)

    for name, text in (("handover PDF", handover_text), ("status page", page), ("audit log", audit_text),
                       ("log", log_text), ("recorded notices", "\n".join(notices))):
        assert not _leaks(text, forms), f"contact details in the {name}: {sorted(_leaks(text, forms))[:5]}"
