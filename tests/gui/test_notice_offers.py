"""The window offers the notice that is due: at restoration, and when an outage turns long.

Driven with the keyboard (Ctrl+S and Enter to restore, Ctrl+Shift+I on the offer), checked in the
outbox from a second connection, as another workstation would see it.
"""
from __future__ import annotations

import os
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from console.services import Db, customers, eta, outages, settings
from console.store.schema import NoticeDelivery
from tests.delivery_servers import sms_server, smtp_server

pytestmark = pytest.mark.gui

CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
GAMLEBY = "Nodskåp utan ström i Gamleby"


def _active(qtbot, window):
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5_000)
    return window


def _opened(qtbot, window, cls):
    qtbot.waitUntil(lambda: any(d.isVisible() for d in window.findChildren(cls)), timeout=10_000)
    dialog = next(d for d in window.findChildren(cls) if d.isVisible())
    qtbot.waitUntil(lambda: dialog.isAncestorOf(QApplication.focusWidget()), timeout=5_000)
    return dialog


def _key(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier):
    qtbot.keyClick(QApplication.focusWidget(), key, modifier)


def _outbox(url: str, outage_id: int) -> list[tuple[str, str, str, str]]:
    """The outbox as another workstation reads it: (customer_ref, channel, status, message)."""
    other = Db.open(url, actor="office")
    with other.read() as session:
        return [tuple(r) for r in session.execute(
            select(NoticeDelivery.customer_ref, NoticeDelivery.channel, NoticeDelivery.status, NoticeDelivery.message)
            .where(NoticeDelivery.outage_id == outage_id).order_by(NoticeDelivery.customer_ref))]


def _send_with_keyboard(qtbot, button) -> None:
    button.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(button.hasFocus, timeout=5_000)
    _key(qtbot, Qt.Key.Key_Space)


def test_restoring_offers_the_restored_message_once_and_sends_it(open_window, demo_database, qtbot):
    from console.ui.notices_dialog import NoticeDialog
    from console.ui.dialogs import StatusDialog

    db = demo_database
    oid = next(o.id for o in outages.list_outages(db) if o.title == GAMLEBY)
    register = customers.list_customers(db, oid)
    with_email = sorted(c.ref for c in register if c.email)
    assert with_email
    with smtp_server() as inbox:
        settings.update_settings(db, smtp_host="127.0.0.1", smtp_port=inbox.port, smtp_from="drift@example.se",
                                 smtp_starttls=0)
        window = _active(qtbot, open_window(db))
        bar = window.notice_offers.bar
        assert window.select_outage(oid)
        assert not bar.isVisible()

        qtbot.keyClick(window.board, Qt.Key.Key_S, CTRL)
        status = _opened(qtbot, window, StatusDialog)
        assert status.status.currentData() == "restored"
        with qtbot.waitSignal(status.finished, timeout=10_000):
            _key(qtbot, Qt.Key.Key_Return)
        qtbot.waitUntil(bar.isVisible, timeout=15_000)
        assert "38" in bar.text.text() and f"#{oid}" in bar.text.text()
        assert [(o.outage_id, o.kind) for o in window.notice_offers.pending()] == [(oid, "restored")]

        _active(qtbot, window)
        _key(qtbot, Qt.Key.Key_I, CTRL_SHIFT)
        dialog = _opened(qtbot, window, NoticeDialog)
        assert dialog.outage.id == oid and dialog.kind.isVisibleTo(dialog)
        qtbot.waitUntil(dialog.record_button.isEnabled, timeout=15_000)  # drafted
        from console.services.notices import draft_for_outage

        # The draft is the restoration notice: its subject line is the one a fresh draft of a restored outage has.
        subject = draft_for_outage(db, oid, dialog.lang(), dialog.channel_value()).splitlines()[0]
        assert dialog.text.toPlainText().splitlines()[0] == subject
        assert outages.get_outage(db, oid).status == "restored"

        _send_with_keyboard(qtbot, dialog.send_email)
        qtbot.waitUntil(lambda: len(_outbox(db.url, oid)) == len(with_email), timeout=15_000)
        qtbot.waitUntil(lambda: not bar.isVisible(), timeout=5_000)
        assert inbox.wait_for(len(with_email), timeout=60)
        qtbot.waitUntil(lambda: all(r[2] == "sent" for r in _outbox(db.url, oid)), timeout=60_000)
        rows = _outbox(db.url, oid)
        assert [r[0] for r in rows] == with_email and {r[1] for r in rows} == {"email"}
        assert sorted(m[0] for m in inbox.messages) == sorted(c.email for c in register if c.email)
        dialog.close()

        # Told: the board hears it, and the restoration is not offered again.
        qtbot.waitUntil(lambda: window.outage_model.outage(oid).customers_told_at is not None, timeout=15_000)
        assert window.notice_offers.pending() == [] and not bar.isVisible()


def test_an_eta_past_the_loaner_threshold_offers_the_loaner_message_once(open_window, demo_database, qtbot):
    from console.ui.notices_dialog import NoticeDialog

    db = demo_database
    oid = next(o.id for o in outages.list_outages(db) if o.title == GAMLEBY)
    view = outages.get_outage(db, oid)
    threshold = settings.get_settings(db).loaner_suggest_after_hours
    with_phone = sorted(c.ref for c in customers.list_customers(db, oid) if c.phone)
    with sms_server() as api:
        settings.update_settings(db, sms_api_url=api.api_url, sms_from="Fibernet", sms_user="u123")
        os.environ["DISPATCH_SMS_PASSWORD"] = "secret"
        try:
            window = _active(qtbot, open_window(db))
            bar = window.notice_offers.bar
            other = Db.open(db.url, actor="office")
            # An ETA within the threshold: not long, nothing offered.
            eta.set_eta(other, oid, view.started_at + timedelta(hours=threshold - 2), "assessment")
            qtbot.waitUntil(lambda: window.outage_model.outage(oid).eta_revisions > view.eta_revisions,
                            timeout=15_000)
            assert not bar.isVisible()
            # Promised beyond it (on another workstation): the outage is long from now on.
            eta.set_eta(other, oid, view.started_at + timedelta(hours=threshold + 6), "scope")
            qtbot.waitUntil(bar.isVisible, timeout=15_000)
            assert [(o.outage_id, o.kind) for o in window.notice_offers.pending()] == [(oid, "loaner")]
            assert "4G" in bar.text.text()

            _active(qtbot, window)
            _key(qtbot, Qt.Key.Key_I, CTRL_SHIFT)
            dialog = _opened(qtbot, window, NoticeDialog)
            assert dialog.kind.isVisibleTo(dialog) and "4G" in dialog.kind.text()
            dialog.set_channel("sms")
            qtbot.waitUntil(lambda: dialog.record_button.isEnabled() and bool(dialog.text.toPlainText()),
                            timeout=15_000)
            _send_with_keyboard(qtbot, dialog.send_sms)
            qtbot.waitUntil(lambda: len(_outbox(db.url, oid)) == len(with_phone), timeout=15_000)
            qtbot.waitUntil(lambda: all(r[2] == "sent" for r in _outbox(db.url, oid)), timeout=60_000)
            assert {r[1] for r in _outbox(db.url, oid)} == {"sms"} and len(api.sms) == len(with_phone)
            dialog.close()
            assert not bar.isVisible()

            # Slipping further keeps it long: no second offer.
            eta.set_eta(other, oid, view.started_at + timedelta(hours=threshold + 30), "scope")
            revisions = outages.get_outage(db, oid).eta_revisions
            qtbot.waitUntil(lambda: window.outage_model.outage(oid).eta_revisions == revisions, timeout=15_000)
            assert window.notice_offers.pending() == [] and not bar.isVisible()
        finally:
            os.environ.pop("DISPATCH_SMS_PASSWORD", None)


def test_a_restoration_elsewhere_is_offered_and_not_now_puts_it_aside_for_good(open_window, demo_database, qtbot):
    db = demo_database
    oid = next(o.id for o in outages.list_outages(db) if o.title == GAMLEBY)
    window = _active(qtbot, open_window(db))
    bar = window.notice_offers.bar
    outages.set_status(Db.open(db.url, actor="office"), oid, "restored")  # another workstation
    qtbot.waitUntil(bar.isVisible, timeout=15_000)
    _send_with_keyboard(qtbot, bar.later)
    qtbot.waitUntil(lambda: not bar.isVisible(), timeout=5_000)
    assert window.notice_offers.pending() == []
    # F5 reads everything again: the restoration is not news a second time.
    with qtbot.waitSignal(window.snapshot_applied, timeout=15_000):
        window.live.reload()
    assert window.notice_offers.pending() == [] and not bar.isVisible()
    assert _outbox(db.url, oid) == []
