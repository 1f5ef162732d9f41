"""The window follows every kind of change from another workstation through the change feed,
and each panel reads again only what is its own."""
from __future__ import annotations

import pytest

from console.services import loans, notices, technicians
from console.services.settings import update_settings
from console.services.uow import Db

pytestmark = pytest.mark.gui

BOUND_MS = 5000


def other_desk(db: Db) -> Db:
    return Db.open(db.url, actor="desk-2", migrate_now=False)


def test_a_shared_setting_changed_elsewhere_reaches_board_technicians_and_map(open_window, demo_database, qtbot, js):
    window = open_window(demo_database)
    qtbot.waitUntil(window.sync.is_running, timeout=5_000)
    reloads = []
    window.snapshot_applied.connect(lambda: reloads.append(1))

    update_settings(other_desk(demo_database), info_gap_minutes=5, stale_position_minutes=1)
    qtbot.waitUntil(lambda: window.live.settings.info_gap_minutes == 5, timeout=BOUND_MS)
    qtbot.waitUntil(lambda: "Not told > 5 min" in window.status_labels["untold"].text(), timeout=BOUND_MS)
    # The views were read again with the new thresholds: every open outage silent for 5+ min is flagged,
    # and every van is judged stale after a minute.
    now = window.outage_model.now()
    open_views = [v for v in window.outage_model.outages() if v.is_open]
    assert open_views and all(v.info_gap_minutes == 5 for v in open_views)
    assert window.outage_model.summary()["untold"] == sum(1 for v in open_views if v.info_gap_at(now))
    qtbot.waitUntil(lambda: all(t.stale_after_minutes == 1 for t in window.tech_model.technicians()),
                    timeout=BOUND_MS)
    qtbot.waitUntil(lambda: "No fix for 1+ min" in js(window, "dispatchMap.legendText()"), timeout=BOUND_MS)
    assert reloads == []  # a delta, not a reload of everything


def test_loans_are_read_again_only_for_their_own_changes(open_window, demo_database, qtbot):
    window = open_window(demo_database)
    panel = window.loans_panel
    qtbot.waitUntil(lambda: panel.model.rowCount() == len(loans.list_loans(demo_database)), timeout=10_000)
    qtbot.waitUntil(window.sync.is_running, timeout=5_000)
    other = other_desk(demo_database)

    tech = technicians.list_technicians(demo_database)[0]
    with qtbot.waitSignal(window.delta_applied, timeout=BOUND_MS,
                          check_params_cb=lambda d: any(t.id == tech.id for t in d.technicians)):
        technicians.set_device(other, tech.id, "phone-live-test")
    assert not panel._refresh_timer.isActive()  # a technician's change is not the loans'

    free = next(v for v in loans.list_loans(demo_database) if not v.is_out)
    outage_id = next(v.id for v in window.outage_model.outages() if v.is_open)
    loans.lend(other, free.serial, outage_id, "KUND-4711")
    qtbot.waitUntil(lambda: panel.model.loan(free.serial) is not None and panel.model.loan(free.serial).is_out,
                    timeout=BOUND_MS)
    out = sum(1 for v in loans.list_loans(demo_database) if v.is_out)
    assert f"Routers out: {out}" in window.status_labels["loans"].text()


def test_a_notice_recorded_elsewhere_shows_in_the_detail_pane(open_window, demo_database, qtbot):
    window = open_window(demo_database)
    qtbot.waitUntil(window.sync.is_running, timeout=5_000)
    outage_id = window.selected_outage_id()
    assert outage_id is not None
    before = len(notices.list_notices(demo_database, outage_id))
    notices.record_notice(other_desk(demo_database), outage_id, "Vi arbetar på felet.", "sms")
    tabs = window.detail.tabs
    qtbot.waitUntil(lambda: tabs.tabText(tabs.indexOf(window.detail.notices)) == f"Notices ({before + 1})",
                    timeout=BOUND_MS)
