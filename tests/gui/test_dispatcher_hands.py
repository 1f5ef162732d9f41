"""Safe defaults and shortcuts, driven with the keyboard as a dispatcher at 03:00 would."""
from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from console.domain.timeutil import LOCAL_TZ
from console.services import eta, outages, technicians

CTRL = Qt.KeyboardModifier.ControlModifier


def _opened(qtbot, window, cls):
    """The dialog, once it is shown and has the keyboard."""
    qtbot.waitUntil(lambda: any(d.isVisible() for d in window.findChildren(cls)), timeout=10_000)
    dialog = next(d for d in window.findChildren(cls) if d.isVisible())
    qtbot.waitUntil(lambda: dialog.isAncestorOf(QApplication.focusWidget()), timeout=5_000)
    return dialog


def _active(qtbot, window):
    """The window has the keyboard (offscreen, closing a dialog does not give it back by itself)."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5_000)
    return window


def _key(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier):
    qtbot.keyClick(QApplication.focusWidget(), key, modifier)


def test_ctrl_e_sets_the_eta_even_from_the_filter_box(open_window, demo_database, qtbot):
    from console.ui.dialogs import EtaDialog

    window = _active(qtbot, open_window(demo_database))
    window.select_outage(2)
    qtbot.keyClick(window.board, Qt.Key.Key_F, CTRL)
    assert QApplication.focusWidget() is window.search
    qtbot.keyClicks(window.search, "#2")
    qtbot.keyClick(window.search, Qt.Key.Key_E, CTRL)
    dialog = _opened(qtbot, window, EtaDialog)
    assert dialog.outage.id == 2 and window.search.text() == "#2"


def test_the_eta_dialog_types_a_time_and_never_saves_an_unchanged_one(open_window, demo_database, qtbot):
    from console.ui.dialogs import EtaDialog

    window = _active(qtbot, open_window(demo_database))
    window.select_outage(2)
    view = outages.get_outage(demo_database, 2)
    revisions = len(eta.eta_history(demo_database, 2))
    qtbot.keyClick(window.board, Qt.Key.Key_E, CTRL)
    dialog = _opened(qtbot, window, EtaDialog)
    assert QApplication.focusWidget() in (dialog.eta, *dialog.eta.findChildren(type(QApplication.focusWidget())))

    _key(qtbot, Qt.Key.Key_Space)  # a space is not a save
    assert dialog.isVisible() and len(eta.eta_history(demo_database, 2)) == revisions
    # The hours are selected: typing overwrites them.
    hour = 23 if view.current_eta.astimezone(LOCAL_TZ).hour != 23 else 22
    qtbot.keyClicks(QApplication.focusWidget(), str(hour))
    _key(qtbot, Qt.Key.Key_Return)  # no reason picked for a moved ETA
    qtbot.waitUntil(dialog.error.isVisible, timeout=5_000)
    assert "why" in dialog.error.text().lower()
    assert len(eta.eta_history(demo_database, 2)) == revisions
    dialog.reason.setCurrentIndex(dialog.reason.findData("scope"))
    with qtbot.waitSignal(dialog.finished, timeout=10_000):
        _key(qtbot, Qt.Key.Key_Return)
    newest = eta.eta_history(demo_database, 2)[-1]
    assert len(eta.eta_history(demo_database, 2)) == revisions + 1
    assert newest.reason == "scope" and newest.eta.astimezone(LOCAL_TZ).hour == hour
    assert newest.eta.astimezone(LOCAL_TZ).date() == view.current_eta.astimezone(LOCAL_TZ).date()

    # Opened again and confirmed without a new time: refused, nothing recorded.
    _active(qtbot, window)
    qtbot.keyClick(window.board, Qt.Key.Key_E, CTRL)
    again = _opened(qtbot, window, EtaDialog)
    again.reason.setCurrentIndex(again.reason.findData("assessment"))
    _key(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "current ETA" in again.error.text(), timeout=5_000)
    assert len(eta.eta_history(demo_database, 2)) == revisions + 1
    again.reject()


def test_the_status_dialog_proposes_the_next_step_never_a_step_back(open_window, demo_database, qtbot):
    from console.ui.dialogs import StatusDialog

    window = _active(qtbot, open_window(demo_database))
    moving = next(o for o in outages.list_outages(demo_database, open_only=True) if o.status == "en_route")
    window.select_outage(moving.id)
    qtbot.keyClick(window.board, Qt.Key.Key_S, CTRL)
    dialog = _opened(qtbot, window, StatusDialog)
    assert dialog.status.currentData() == "on_site"
    with qtbot.waitSignal(dialog.finished, timeout=10_000):
        _key(qtbot, Qt.Key.Key_Return)
    assert outages.get_outage(demo_database, moving.id).status == "on_site"

    _active(qtbot, window)
    nobody = outages.add_outage(demo_database, "Kabelbrott Hjorted", 57.62, 16.30, 4)
    qtbot.waitUntil(lambda: window.outage_model.outage(nobody.id) is not None, timeout=10_000)
    window.select_outage(nobody.id)
    qtbot.keyClick(window.board, Qt.Key.Key_S, CTRL)
    dialog = _opened(qtbot, window, StatusDialog)
    offered = {dialog.status.itemData(i) for i in range(dialog.status.count())}
    assert "assigned" not in offered and "reported" not in offered
    assert dialog.status.currentData() is None
    _key(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(dialog.error.isVisible, timeout=5_000)
    assert outages.get_outage(demo_database, nobody.id).status == "reported"
    dialog.reject()


def test_assign_preselects_only_someone_free_and_asks_before_moving_anyone(open_window, demo_database, qtbot):
    from console.ui.dialogs import AssignDialog

    window = _active(qtbot, open_window(demo_database))
    roster = {t.id: t for t in technicians.list_technicians(demo_database)}
    busy = next(t for t in roster.values() if t.on_duty and t.outage_id is not None)
    small = outages.add_outage(demo_database, "Skåp ur drift Hallingeberg", 57.69, 16.33, 9)
    qtbot.waitUntil(lambda: window.outage_model.outage(small.id) is not None, timeout=10_000)
    window.select_outage(small.id)
    qtbot.keyClick(window.board, Qt.Key.Key_T, CTRL)
    dialog = _opened(qtbot, window, AssignDialog)
    qtbot.waitUntil(lambda: dialog.list.topLevelItemCount() > 0, timeout=20_000)
    listed = [dialog.list.topLevelItem(i).data(0, 256) for i in range(dialog.list.topLevelItemCount())]
    assert dialog.available_only.isChecked()
    assert all(roster[i].status == "available" and roster[i].outage_id is None for i in listed)
    assert dialog.list.currentItem().data(0, 256) == listed[0]

    # Everyone shown: the busy one can be picked, and Enter only warns, naming the job.
    dialog.available_only.setChecked(False)
    row = next(i for i in range(dialog.list.topLevelItemCount()) if dialog.list.topLevelItem(i).data(0, 256) == busy.id)
    dialog.list.setCurrentItem(dialog.list.topLevelItem(row))
    dialog.list.setFocus()
    _key(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(dialog.move_warning.isVisible, timeout=5_000)
    assert f"#{busy.outage_id}" in dialog.move_warning.text()
    assert technicians.get_technician(demo_database, busy.id).outage_id == busy.outage_id
    with qtbot.waitSignal(dialog.finished, timeout=10_000):
        _key(qtbot, Qt.Key.Key_Return)
    assert technicians.get_technician(demo_database, busy.id).outage_id == small.id


def test_a_new_outage_starts_with_the_title(open_window, demo_database, qtbot):
    from console.ui.dialogs import NewOutageDialog

    window = _active(qtbot, open_window(demo_database))
    qtbot.keyClick(window.board, Qt.Key.Key_N, CTRL)
    dialog = _opened(qtbot, window, NewOutageDialog)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.title, timeout=5_000)
    qtbot.keyClicks(QApplication.focusWidget(), "Fiber av i Gunnebo")
    assert dialog.title.text() == "Fiber av i Gunnebo"
    dialog.reject()
