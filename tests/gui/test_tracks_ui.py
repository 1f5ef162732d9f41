"""Issue 7 in the window: position age, a technician's track on the map, device ids, and
the van shortages in the technicians list."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from console.services import positions, restock, technicians
from console.ui.technician_panel import COL_FIX_AGE, COL_SHORT, TECHNICIAN_ID_ROLE

pytestmark = pytest.mark.gui

# The track is the page's solid blue polyline (TRACK_COLOR in dispatch_map.js).
TRACK_POINTS_JS = """(function () { var pts = [];
  dispatchMap.map.eachLayer(function (l) {
    if (l instanceof L.Polyline && l.options.color === '#2563eb') {
      pts = l.getLatLngs().map(function (p) { return [p.lat, p.lng]; }); } });
  return pts; })()"""


def cell(window, tech_id: int, column: int) -> str:
    model = window.tech_model
    return model.index(model.row_of(tech_id), column).data(Qt.ItemDataRole.DisplayRole)


def select_technician(window, tech_id: int) -> None:
    window.side_tabs.setCurrentWidget(window.tech_panel)
    assert window.tech_panel.select_technician(tech_id)
    assert window.tech_panel.selected_technician() == tech_id


def test_position_age_is_beside_each_technician(open_window, demo_database):
    window = open_window(demo_database)
    for tech in technicians.list_technicians(demo_database):
        text = cell(window, tech.id, COL_FIX_AGE)
        if tech.fix_at is None:
            assert text == "no fix"
        else:
            assert text and text != "no fix" and any(unit in text for unit in ("min", " h ", " d "))


def test_show_track_draws_the_last_hours(open_window, demo_database, js, qtbot):
    window = open_window(demo_database)
    select_technician(window, 1)
    points = positions.track(demo_database, 1, 4)
    assert len(points) >= 2
    actions = window.technician_actions
    with qtbot.waitSignal(actions.track_shown, timeout=10_000) as shown:
        actions.act_track.trigger()
    assert shown.args == [1, len(points)]
    qtbot.waitUntil(lambda: len(js(window, TRACK_POINTS_JS) or []) == len(points), timeout=10_000)
    drawn = js(window, TRACK_POINTS_JS)
    assert all(abs(d[0] - p.lat) < 1e-6 and abs(d[1] - p.lon) < 1e-6 for d, p in zip(drawn, points))
    assert f"{len(points)} positions" in window.statusBar().currentMessage()

    actions.act_clear_track.trigger()
    qtbot.waitUntil(lambda: js(window, TRACK_POINTS_JS) == [], timeout=10_000)


def test_track_commands_are_in_the_panel_context_menu(open_window, demo_database):
    window = open_window(demo_database)
    actions = window.technician_actions
    assert {actions.act_track, actions.act_device} <= set(window.tech_panel.context_actions)
    assert actions.act_track in window.commands.menus["technician"].actions()


def test_without_a_selected_technician_nothing_is_drawn(open_window, demo_database, js, qtbot):
    window = open_window(demo_database)
    window.tech_panel.table.clearSelection()
    window.tech_panel.table.setCurrentIndex(window.tech_panel.proxy.index(-1, -1))
    # Other panes keep their own workers going; the action runs without the event loop turning,
    # so any job it started would still be counted here.
    before = window.workers.in_flight()
    window.technician_actions.act_track.trigger()
    assert "Select a technician" in window.statusBar().currentMessage()
    assert window.workers.in_flight() == before
    assert js(window, TRACK_POINTS_JS) == []


def open_device_dialog(window, qtbot, tech_id):
    select_technician(window, tech_id)
    window.technician_actions.act_device.trigger()
    dialog = window.technician_actions.dialog
    qtbot.waitUntil(dialog.isVisible, timeout=5000)
    return dialog


def test_set_device_id_updates_the_technician(open_window, demo_database, qtbot):
    window = open_window(demo_database)
    dialog = open_device_dialog(window, qtbot, 1)
    assert dialog.device.text() == technicians.get_technician(demo_database, 1).device_id
    dialog.device.setText("  tc-anna-2 ")
    with qtbot.waitSignal(dialog.finished, timeout=10_000):
        dialog.buttons.accepted.emit()
    assert technicians.get_technician(demo_database, 1).device_id == "tc-anna-2"


def test_set_device_id_refuses_a_device_of_another_technician(open_window, demo_database, qtbot):
    window = open_window(demo_database)
    erik = technicians.get_technician(demo_database, 2)
    before = technicians.get_technician(demo_database, 1).device_id
    dialog = open_device_dialog(window, qtbot, 1)
    dialog.device.setText(erik.device_id)
    dialog.buttons.accepted.emit()
    qtbot.waitUntil(dialog.error.isVisible, timeout=10_000)
    assert f"already belongs to {erik.name}" in dialog.error.text()
    assert dialog.isVisible()
    assert technicians.get_technician(demo_database, 1).device_id == before
    dialog.device.setText("bad id with spaces")
    dialog.buttons.accepted.emit()
    qtbot.waitUntil(lambda: "may hold only" in dialog.error.text(), timeout=10_000)
    assert technicians.get_technician(demo_database, 1).device_id == before


def test_van_lacks_matches_the_restock_planner(open_window, demo_database, qtbot):
    window = open_window(demo_database)
    assigned = [t for t in technicians.list_technicians(demo_database) if t.outage_id is not None]
    assert assigned
    names = {line.material: line.name for t in technicians.list_technicians(demo_database) for line in t.van_stock}
    expected = {}
    for tech in assigned:
        plan = restock.plan_for_outage(demo_database, tech.outage_id, tech.id)
        expected[tech.id] = ", ".join(names.get(code, code) for code, _qty in plan.shortage)
    qtbot.waitUntil(lambda: all(cell(window, t, COL_SHORT) == text for t, text in expected.items()),
                    timeout=10_000)
    # Something is actually short in the demo, so the comparison above is not all empty strings.
    assert any(expected.values())


def test_van_lacks_follows_a_completed_run(open_window, demo_database, qtbot):
    window = open_window(demo_database)
    lina = next(t.id for t in technicians.list_technicians(demo_database) if t.name == "Lina Ek")
    job = technicians.get_technician(demo_database, lina).outage_id
    qtbot.waitUntil(lambda: cell(window, lina, COL_SHORT) == "Patchkabel SC/APC", timeout=10_000)
    sent = restock.send_for_material(demo_database, job, lina, 0)
    restock.complete_run(demo_database, sent.runs[0].id)
    qtbot.waitUntil(lambda: cell(window, lina, COL_SHORT) == "", timeout=15_000)
    rows = [window.tech_model.index(r, 0).data(TECHNICIAN_ID_ROLE) for r in range(window.tech_model.rowCount())]
    assert lina in rows
