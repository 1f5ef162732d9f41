"""Issue 16 in the window: a phone nobody has yet shows under "Unlinked phones" as its fixes
arrive at the receiver, and linking it (with the keyboard) makes its backlog the technician's track."""
from __future__ import annotations

import http.client
import threading
from datetime import timedelta
from urllib.parse import urlencode

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import func, select

from console.domain.timeutil import utcnow
from console.feeds.receiver import PositionReceiver
from console.feeds.sink import service_sink
from console.services import technicians
from console.services.uow import Db
from console.store.schema import PositionFix, UnregisteredFix
from console.ui.unregistered_panel import COL_DEVICE, COL_FIXES, COL_SEEN, COL_WHERE

pytestmark = pytest.mark.gui

PHONE = "tc-new-crew-7"


@pytest.fixture
def receiver(demo_database):
    # The receiver has its own connection, as `positions serve` in another process would.
    rx_db = Db.open(str(demo_database.engine.url), actor="receiver")
    rx = PositionReceiver(service_sink(rx_db), bind=("127.0.0.1", 0))
    thread = threading.Thread(target=rx.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield rx
    rx.shutdown()
    thread.join(timeout=10)


def _post_backlog(rx, device: str, count: int) -> list[int]:
    """A phone back in coverage: `count` fixes a minute apart, oldest first, north of Ankarsrum."""
    end = utcnow().replace(microsecond=0) - timedelta(minutes=3)
    host, port = rx.server_address
    conn = http.client.HTTPConnection(host, port, timeout=30)
    statuses = []
    try:
        for i in range(count):
            at = end - timedelta(minutes=count - 1 - i)
            conn.request("POST", "/?" + urlencode({"id": device, "lat": f"{57.72 + i * 0.0002:.5f}",
                                                   "lon": f"{16.25 + i * 0.0002:.5f}",
                                                   "timestamp": str(int(at.timestamp()))}))
            response = conn.getresponse()
            response.read()
            statuses.append(response.status)
    finally:
        conn.close()
    return statuses


def _row(panel, device: str) -> int | None:
    return panel.model.row_of(device)


def test_an_unknown_phone_appears_and_linking_it_makes_its_backlog_a_track(
        open_window, demo_database, receiver, qtbot):
    lina = next(t for t in technicians.list_technicians(demo_database) if t.name == "Lina Ek")
    technicians.set_device(demo_database, lina.id, None)  # her new phone is not entered yet
    window = open_window(demo_database)
    panel = window.unlinked_panel
    qtbot.waitUntil(lambda: panel.empty.isVisibleTo(panel), timeout=10_000)
    assert "No unlinked phones" in panel.empty.text()

    statuses = _post_backlog(receiver, PHONE, 40)
    assert all(200 <= s < 300 for s in statuses)
    qtbot.waitUntil(lambda: _row(panel, PHONE) is not None and
                    panel.model.phones()[_row(panel, PHONE)].device.fixes == 40, timeout=15_000)
    row = _row(panel, PHONE)
    model = panel.model
    assert model.index(row, COL_DEVICE).data() == PHONE
    assert model.index(row, COL_FIXES).data() == "40"
    assert "km from" in model.index(row, COL_WHERE).data()
    assert model.index(row, COL_SEEN).data().endswith("ago")
    assert "(1)" in window.side_tabs.tabText(window.side_tabs.indexOf(panel))

    # The keyboard only: to the tab, onto the row, Enter opens the choice, type the name, Enter links.
    window.side_tabs.setCurrentWidget(panel)
    panel.table.setFocus()
    qtbot.keyClick(panel.table, Qt.Key.Key_Home)
    qtbot.waitUntil(lambda: panel.selected_device() == PHONE, timeout=5_000)
    assert panel.link_button.isEnabled()
    qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: panel.link_dialog is not None and panel.link_dialog.isVisible(), timeout=5_000)
    dialog = panel.link_dialog
    assert dialog.technician.currentData() == lina.id  # who has no phone comes first
    qtbot.keyClicks(dialog.technician, "Lina")
    assert dialog.technician.currentData() == lina.id
    with qtbot.waitSignal(panel.linked, timeout=15_000) as linked:
        qtbot.keyClick(dialog.technician, Qt.Key.Key_Return)
    assert linked.args[0].id == lina.id

    qtbot.waitUntil(lambda: _row(panel, PHONE) is None, timeout=15_000)
    qtbot.waitUntil(lambda: panel.empty.isVisibleTo(panel), timeout=5_000)

    # What another workstation sees: the backlog is her track and she is at its newest fix.
    other = Db.open(str(demo_database.engine.url), actor="other-console")
    with other.read() as session:
        track = session.scalar(select(func.count()).select_from(PositionFix)
                               .where(PositionFix.technician_id == lina.id, PositionFix.source != "demo"))
        kept = session.scalar(select(func.count()).select_from(UnregisteredFix))
    assert kept == 0
    assert track >= 40
    view = technicians.get_technician(other, lina.id)
    assert view.device_id == PHONE
    assert abs(view.lat - (57.72 + 39 * 0.0002)) < 1e-4 and abs(view.lon - (16.25 + 39 * 0.0002)) < 1e-4
    qtbot.waitUntil(lambda: window.tech_model.technician(lina.id).device_id == PHONE, timeout=10_000)
