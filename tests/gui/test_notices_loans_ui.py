"""Telling customers and lending routers from the window: the notice dialog, the silence limit,
the public status export, and the Loaners tab."""
from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt

from console.domain.timeutil import LOCAL_TZ, iso_local
from console.services import loans, notices, outages
from console.services.eta import set_eta
from console.services.settings import update_settings
from console.ui.loans_panel import COL_WHERE
from console.ui.outage_table import COL_TOLD
from tests.demo_outages import ANKARSRUM, ankarsrum_id

pytestmark = [pytest.mark.gui, pytest.mark.usefixtures("private_qsettings")]

def open_notice_dialog(window, qtbot, outage_id):
    assert window.select_outage(outage_id)
    assert window.commands.inform.isEnabled()
    window.commands.inform.trigger()
    dialog = window.commands.notice_dialog
    qtbot.waitUntil(lambda: dialog.text.toPlainText() != "", timeout=10_000)
    return dialog


def test_notice_dialog_drafts_swedish_with_the_eta_and_recording_resets_the_gap(open_window, demo_database, qtbot):
    db = demo_database
    outage_id = ankarsrum_id(db)
    before = outages.get_outage(db, outage_id)
    limit = 60
    assert before.minutes_since_customers_told > limit  # the demo's customers have waited a while
    window = open_window(db)
    assert window.outage_model.minutes_since_told(outage_id) > limit
    untold_before = window.outage_model.summary()["untold"]

    dialog = open_notice_dialog(window, qtbot, outage_id)
    text = dialog.text.toPlainText()
    eta = before.current_eta.astimezone(LOCAL_TZ)
    assert dialog.lang() == "sv" and dialog.channel_value() == "sms"
    assert f"{eta:%H:%M}" in text and f"{eta.day} " in text
    assert "Beräknat klart" in text or "beräknas" in text.lower()
    assert "SMS" in dialog.counter.text()

    edited = text + " Nästa besked senast kl. 22.00."
    dialog.text.setPlainText(edited)
    with qtbot.waitSignal(dialog.recorded, timeout=10_000) as recorded:
        qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)
    assert recorded.args[0].text == edited

    # The services: the notice is stored as edited and the gap starts again.
    sent = notices.list_notices(db, outage_id)
    assert [(n.text, n.channel, n.lang) for n in sent][-1] == (edited, "sms", "sv")
    after = outages.get_outage(db, outage_id)
    assert after.customers_told_at is not None and after.minutes_since_customers_told == 0

    # The board, once the change has come through the feed.
    qtbot.waitUntil(lambda: window.outage_model.minutes_since_told(outage_id) == 0, timeout=10_000)
    row = window.outage_model.row_of(outage_id)
    assert window.outage_model.index(row, COL_TOLD).data(Qt.ItemDataRole.BackgroundRole) is None
    assert window.outage_model.summary()["untold"] == untold_before - 1
    assert window.status_labels["untold"].text().endswith(str(untold_before - 1))
    # The detail pane lists the notice, newest first.
    qtbot.waitUntil(lambda: window.detail.notices.topLevelItemCount() >= 1
                    and window.detail.notices.topLevelItem(0).text(4) == " ".join(edited.split()), timeout=10_000)


def test_language_switch_redrafts_in_english_but_keeps_edits(open_window, demo_database, qtbot):
    window = open_window(demo_database)
    dialog = open_notice_dialog(window, qtbot, ankarsrum_id(demo_database))
    swedish = dialog.text.toPlainText()
    with qtbot.waitSignal(dialog.drafted, timeout=10_000):
        dialog.set_lang("en")
    english = dialog.text.toPlainText()
    assert english != swedish and notices.draft_for_outage(demo_database, ankarsrum_id(demo_database), "en") == english

    dialog.text.setPlainText(english + " Sorry!")
    dialog.set_channel("email")
    assert dialog.text.toPlainText().endswith("Sorry!")  # the dispatcher's words are never thrown away
    assert dialog.error.isVisible() and "Draft again" in dialog.error.text()
    assert "SMS" not in dialog.counter.text()


def test_silence_limit_comes_from_the_settings(open_window, demo_database, qtbot):
    update_settings(demo_database, info_gap_minutes=600)
    window = open_window(demo_database)
    qtbot.waitUntil(lambda: window.live.settings is not None and window.live.settings.info_gap_minutes == 600,
                    timeout=10_000)
    assert window.outage_model.summary()["untold"] == 0
    assert "600" in window.status_labels["untold"].text()
    outage_id = ankarsrum_id(demo_database)
    row = window.outage_model.row_of(outage_id)
    assert window.outage_model.index(row, COL_TOLD).data(Qt.ItemDataRole.BackgroundRole) is None


def test_status_export_writes_the_files_and_re_exports_after_a_change(open_window, demo_database, qtbot, tmp_path):
    window = open_window(demo_database)
    exporter = window.status_exporter
    folder = tmp_path / "public"
    folder.mkdir()
    with qtbot.waitSignal(exporter.exported, timeout=10_000) as first:
        exporter.export_to(str(folder))
    assert first.args[0].index_html.exists()
    assert ANKARSRUM in (folder / "index.html").read_text(encoding="utf-8")
    (folder / "index.html").unlink()

    exporter.set_folder(str(folder))
    exporter._debounce.setInterval(20)
    exporter.set_auto(True)
    assert window.commands.auto_status.isChecked()
    with qtbot.waitSignal(exporter.exported, timeout=10_000):
        pass  # switching on exports once at once
    (folder / "status.json").unlink()
    outage_id = ankarsrum_id(demo_database)
    new_eta = outages.get_outage(demo_database, outage_id).current_eta.replace(microsecond=0) + timedelta(hours=5)
    set_eta(demo_database, outage_id, new_eta, "scope", note="")
    # Re-exported after the change came through the feed: the file carries the new ETA.
    qtbot.waitUntil(lambda: (folder / "status.json").exists()
                    and iso_local(new_eta) in (folder / "status.json").read_text(encoding="utf-8"), timeout=10_000)


def test_lending_an_already_lent_router_shows_the_error_and_changes_nothing(open_window, demo_database, qtbot):
    db = demo_database
    window = open_window(db)
    panel = window.loans_panel
    qtbot.waitUntil(lambda: panel.model.rowCount() == len(loans.list_loans(db)), timeout=10_000)
    outage_id = ankarsrum_id(db)
    assert outage_id in panel.suggested_ids() and not panel.banner.isHidden()
    assert ANKARSRUM in panel.banner.text()
    lent = next(v for v in loans.list_loans(db) if v.is_out)
    before = loans.list_loans(db)

    window.select_outage(outage_id)
    dialog = panel.open_lend()
    assert dialog.outage_id() == outage_id  # the selected outage is preselected
    dialog.set_serial(lent.serial)
    dialog.customer.setText("KUND-99999")
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.error.isVisible, timeout=10_000)
    assert "already lent" in dialog.error.text() and "Nothing was changed" in dialog.error.text()
    assert dialog.isVisible()
    assert loans.list_loans(db) == before

    # A free router lends, and the tab and status bar follow.
    free = next(v for v in before if not v.is_out)
    dialog.set_serial(free.serial)
    with qtbot.waitSignal(dialog.succeeded, timeout=10_000):
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert loans.get_loan(db, free.serial).customer_ref == "KUND-99999"
    qtbot.waitUntil(lambda: panel.model.loan(free.serial).is_out, timeout=10_000)
    assert "Routers out: 2" in window.status_labels["loans"].text()


def test_returning_a_router_from_the_tab(open_window, demo_database, qtbot):
    db = demo_database
    window = open_window(db)
    panel = window.loans_panel
    qtbot.waitUntil(lambda: panel.model.rowCount() > 0, timeout=10_000)
    lent = next(v for v in panel.model.loans() if v.is_out)
    assert panel.select_serial(lent.serial)
    assert panel.return_button.isEnabled()
    row = panel.model.row_of(lent.serial)
    assert panel.model.index(row, COL_WHERE).data() == "With customer"

    dialog = panel.open_return()
    with qtbot.waitSignal(dialog.succeeded, timeout=10_000):
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    back = loans.get_loan(db, lent.serial)
    assert back.returned_at is not None and back.depot is not None
    qtbot.waitUntil(lambda: not panel.model.loan(lent.serial).is_out, timeout=10_000)
    assert panel.model.index(panel.model.row_of(lent.serial), COL_WHERE).data() == back.depot
    assert "Routers out: 0" in window.status_labels["loans"].text()
    assert not panel.return_button.isEnabled()


def test_to_collect_filter_shows_routers_of_restored_outages(open_window, demo_database, qtbot):
    db = demo_database
    window = open_window(db)
    panel = window.loans_panel
    qtbot.waitUntil(lambda: panel.model.rowCount() > 0, timeout=10_000)
    panel.collect_only.setChecked(True)
    assert panel.proxy.rowCount() == 0
    lent = next(v for v in panel.model.loans() if v.is_out)
    outages.set_status(db, lent.outage_id, "restored")
    qtbot.waitUntil(lambda: panel.proxy.rowCount() == 1, timeout=10_000)
    assert panel.proxy.index(0, 0).data() == lent.serial
    assert panel.proxy.index(0, COL_WHERE).data() == "To collect"
    assert "to collect: 1" in window.status_labels["loans"].text()
