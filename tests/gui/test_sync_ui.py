"""Several workstations on one database, seen from the window: live sync, edit conflicts, outages of the database."""
from __future__ import annotations

import time
from datetime import timedelta

import pytest
from PySide6.QtCore import QDateTime, Qt

from console.domain.errors import StoreUnavailable
from console.domain.timeutil import format_local
from console.services import demo, eta, outages
from console.services.uow import Db
from console.ui.outage_table import COL_ETA, COL_STATUS

pytestmark = pytest.mark.gui

# The functional bound: another workstation's change is on the board within 2 s.
SYNC_BOUND_MS = 2000


def board_text(window, outage_id: int, column: int) -> str:
    model = window.outage_model
    return model.index(model.row_of(outage_id), column).data(Qt.ItemDataRole.DisplayRole)


def other_desk(db: Db) -> Db:
    """A second handle on the same database, as another workstation's console has."""
    return Db.open(db.url, actor="desk-2", migrate_now=False)


def set_dialog_eta(dialog, when) -> None:
    dialog.eta.setDateTime(QDateTime.fromSecsSinceEpoch(int(when.timestamp()), dialog.eta.timeZone()))


def test_a_change_at_another_workstation_reaches_the_board_within_2_s(open_window, demo_database, qtbot):
    window = open_window(demo_database)
    reloads = []
    window.snapshot_applied.connect(lambda: reloads.append(1))
    applied = []
    window.delta_applied.connect(applied.append)
    qtbot.waitUntil(window.sync.is_running, timeout=5_000)
    assert window.status_labels["database"].text() == "database: connected"

    other = other_desk(demo_database)
    started = time.monotonic()
    outages.set_status(other, 3, "on_site")
    qtbot.waitUntil(lambda: board_text(window, 3, COL_STATUS) == "On site", timeout=SYNC_BOUND_MS)
    print(f"\n[sqlite] status change from another desk on the board after {1000 * (time.monotonic() - started):.0f} ms")

    view = outages.get_outage(other, 2)
    new_eta = view.current_eta + timedelta(hours=2)
    eta.set_eta(other, 2, new_eta, "scope", note="second cut found")
    from console.ui.labels import local_time

    qtbot.waitUntil(lambda: board_text(window, 2, COL_ETA) == local_time(new_eta, window.outage_model.now()),
                    timeout=SYNC_BOUND_MS)
    # Only what changed was read: the deltas name these outages, and nothing was reloaded whole.
    assert reloads == []
    assert applied and all(not d.reload_all for d in applied)
    assert {o.id for d in applied for o in d.outages} <= {2, 3}


def test_two_windows_see_each_other_s_edits(open_window, demo_database, qtbot):
    from console.ui.dialogs import StatusDialog

    mine = open_window(demo_database)
    theirs = open_window(other_desk(demo_database))
    qtbot.waitUntil(lambda: mine.sync.is_running() and theirs.sync.is_running(), timeout=5_000)

    dialog = StatusDialog(theirs, theirs.outage_model.outage(5))
    dialog.show()
    dialog.status.setCurrentIndex(dialog.status.findData("en_route"))
    with qtbot.waitSignal(dialog.finished, timeout=10_000):
        dialog.buttons.accepted.emit()
    qtbot.waitUntil(lambda: board_text(mine, 5, COL_STATUS) == "En route", timeout=SYNC_BOUND_MS)


def test_a_conflicting_eta_save_shows_the_other_change_and_reapplies_on_top(open_window, demo_database, qtbot):
    from console.ui.dialogs import EtaDialog

    window = open_window(demo_database)
    opened_with = outages.get_outage(demo_database, 2)
    dialog = EtaDialog(window, opened_with)
    dialog.show()
    mine = (opened_with.current_eta + timedelta(hours=6)).replace(microsecond=0)  # the editor has whole seconds
    set_dialog_eta(dialog, mine)
    dialog.reason.setCurrentIndex(dialog.reason.findData("restock"))
    dialog.note.setPlainText("Skarvbox hämtas i Vimmerby")

    # Meanwhile another dispatcher promises a different time.
    other = other_desk(demo_database)
    theirs = opened_with.current_eta + timedelta(hours=3)
    eta.set_eta(other, 2, theirs, "scope", note="second cut found")
    revisions = len(eta.eta_history(demo_database, 2))

    dialog.buttons.accepted.emit()
    qtbot.waitUntil(dialog.conflict.isVisible, timeout=10_000)
    now_text = dialog.conflict.now.text()
    current = outages.get_outage(demo_database, 2)
    assert format_local(theirs) in now_text
    assert f"version {current.version}" in now_text
    qtbot.waitUntil(lambda: "desk-2" in dialog.conflict.history.text(), timeout=10_000)
    assert "second cut found" in dialog.conflict.history.text()
    assert format_local(theirs) in dialog.current_eta.text()
    # Nothing of mine was written, and the stale OK cannot send it again.
    assert len(eta.eta_history(demo_database, 2)) == revisions
    assert not dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()
    assert dialog.note.toPlainText() == "Skarvbox hämtas i Vimmerby"

    with qtbot.waitSignal(dialog.finished, timeout=10_000):
        dialog.conflict.reapply.click()
    history = eta.eta_history(demo_database, 2)
    assert len(history) == revisions + 1
    assert history[-2].eta == theirs and history[-2].recorded_by == "desk-2"
    assert history[-1].eta == mine and history[-1].note == "Skarvbox hämtas i Vimmerby"
    assert history[-1].recorded_by == "test-dispatcher"


def test_discarding_after_a_conflict_keeps_the_other_change(open_window, demo_database, qtbot):
    from console.ui.dialogs import StatusDialog

    window = open_window(demo_database)
    dialog = StatusDialog(window, outages.get_outage(demo_database, 3))
    dialog.show()
    dialog.status.setCurrentIndex(dialog.status.findData("waiting_for_material"))
    outages.set_status(other_desk(demo_database), 3, "on_site")

    dialog.buttons.accepted.emit()
    qtbot.waitUntil(dialog.conflict.isVisible, timeout=10_000)
    assert "status On site" in dialog.conflict.now.text()
    assert dialog.current_status.text() == "On site"
    with qtbot.waitSignal(dialog.finished, timeout=5_000):
        dialog.conflict.discard.click()
    assert outages.get_outage(demo_database, 3).status == "on_site"


def test_an_unreachable_database_keeps_the_dialog_and_its_input_for_retry(open_window, demo_database, qtbot,
                                                                          monkeypatch):
    from console.ui.dialogs import EtaDialog

    window = open_window(demo_database)
    view = outages.get_outage(demo_database, 2)
    dialog = EtaDialog(window, view)
    dialog.show()
    wanted = (view.current_eta + timedelta(hours=5)).replace(microsecond=0)
    set_dialog_eta(dialog, wanted)
    dialog.reason.setCurrentIndex(dialog.reason.findData("restock"))
    dialog.note.setPlainText("Väntar på material från Kalmar")
    real_set_eta = eta.set_eta

    def down(*_a, **_k):
        raise StoreUnavailable("the database cannot be reached: connection refused")

    monkeypatch.setattr(eta, "set_eta", down)
    dialog.buttons.accepted.emit()
    qtbot.waitUntil(dialog.error.isVisible, timeout=10_000)
    assert "connection refused" in dialog.error.text()
    assert dialog.isVisible() and dialog.retry.isVisible()
    assert dialog.note.toPlainText() == "Väntar på material från Kalmar"
    assert dialog.eta.dateTime().toSecsSinceEpoch() == int(wanted.timestamp())

    monkeypatch.setattr(eta, "set_eta", real_set_eta)
    with qtbot.waitSignal(dialog.finished, timeout=10_000):
        dialog.retry.click()
    newest = eta.eta_history(demo_database, 2)[-1]
    assert (newest.eta, newest.note) == (wanted, "Väntar på material från Kalmar")


def test_the_event_log_shows_who_changed_what(open_window, demo_database, qtbot):
    window = open_window(demo_database)
    with qtbot.waitSignal(window.detail_shown, timeout=10_000):
        window.select_outage(3)
    outages.set_status(other_desk(demo_database), 3, "on_site")
    # The open detail pane follows the change too, and names the other desk.
    qtbot.waitUntil(lambda: window.detail.events.topLevelItemCount() > 0
                    and window.detail.events.topLevelItem(0).text(1) == "desk-2", timeout=SYNC_BOUND_MS + 3000)
    assert window.detail.events.topLevelItem(0).text(2) == "Status: En route → On site"  # the board's words, not codes


# --------------------------------------------------------------------------- a real server going away

@pytest.fixture(scope="module")
def stoppable_pg():
    """A cluster of this module's own: stopping it disturbs no other test."""
    from tests.pgcluster import throwaway_cluster

    with throwaway_cluster("dispatch-pg-ui-") as cluster:
        yield cluster


@pytest.mark.postgres
def test_a_postgresql_outage_is_shown_and_survived(open_window, stoppable_pg, qtbot):
    from console.ui.dialogs import EtaDialog

    db = Db.open(stoppable_pg.create_database("window"), actor="test-dispatcher")
    demo.load_demo(db)
    window = open_window(db)
    qtbot.waitUntil(window.sync.is_running, timeout=5_000)
    other = other_desk(db)
    started = time.monotonic()
    outages.set_status(other, 3, "on_site")
    qtbot.waitUntil(lambda: board_text(window, 3, COL_STATUS) == "On site", timeout=SYNC_BOUND_MS)
    print(f"\n[postgresql] status change from another desk on the board after "
          f"{1000 * (time.monotonic() - started):.0f} ms")

    view = outages.get_outage(db, 2)
    dialog = EtaDialog(window, view)
    dialog.show()
    set_dialog_eta(dialog, (view.current_eta + timedelta(hours=2)).replace(microsecond=0))
    dialog.reason.setCurrentIndex(dialog.reason.findData("restock"))
    dialog.note.setPlainText("Skarvbox hämtas i Vimmerby")

    stoppable_pg.stop_server()
    try:
        qtbot.waitUntil(lambda: window.db_state() == "down", timeout=20_000)
        assert window.status_labels["database"].text() == "database unreachable — retrying"
        dialog.buttons.accepted.emit()
        qtbot.waitUntil(dialog.error.isVisible, timeout=20_000)
        assert dialog.retry.isVisible() and dialog.isVisible()
        assert dialog.note.toPlainText() == "Skarvbox hämtas i Vimmerby"
    finally:
        stoppable_pg.start_server()

    qtbot.waitUntil(lambda: window.db_state() == "up", timeout=20_000)
    with qtbot.waitSignal(dialog.finished, timeout=10_000):
        dialog.retry.click()
    assert eta.eta_history(db, 2)[-1].note == "Skarvbox hämtas i Vimmerby"
    # And the other desk's changes keep arriving over the new connection.
    outages.set_status(other, 4, "en_route")
    qtbot.waitUntil(lambda: board_text(window, 4, COL_STATUS) == "En route", timeout=SYNC_BOUND_MS)
