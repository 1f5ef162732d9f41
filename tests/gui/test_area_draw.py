"""The Affected area dialog: the dispatcher draws the area on the map, sees the premises inside, applies it."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from console.domain.customers import in_polygon
from console.services import customers, outages

pytestmark = pytest.mark.gui

GAMLEBY = "Nodskåp utan ström i Gamleby"


def _gamleby(db) -> int:
    return next(o.id for o in outages.list_outages(db) if o.title == GAMLEBY)


def _around(db, oid):
    """A four-corner area around about half of the outage's premises (west of their middle)."""
    register = customers.list_customers(db, oid)
    lats = sorted(c.lat for c in register)
    lons = sorted(c.lon for c in register)
    # The dividing line halfway between two premises, never through one.
    k = next(i for i in range(len(lons) // 2, len(lons) - 1) if lons[i + 1] - lons[i] > 1e-4)
    mid = (lons[k] + lons[k + 1]) / 2
    pad = 0.0005
    return [(lats[0] - pad, lons[0] - pad), (lats[-1] + pad, lons[0] - pad), (lats[-1] + pad, mid),
            (lats[0] - pad, mid)]


def _key_in_page(js, window, key):
    js(window, f"(document.dispatchEvent(new KeyboardEvent('keydown', {{key: '{key}', bubbles: true}})), 1)")


def _drawing_dialog(qtbot, window, js):
    from console.ui.affect_dialog import AffectDialog

    window.commands.affect.trigger()
    dialog = window.commands.affect_dialog
    assert isinstance(dialog, AffectDialog)
    qtbot.waitUntil(dialog.isVisible, timeout=5_000)
    qtbot.waitUntil(lambda: js(window, "window.dispatchMap ? 1 : 0") == 1, timeout=15_000)
    dialog.draw.setFocus()
    qtbot.keyClick(dialog.draw, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5_000)
    qtbot.waitUntil(lambda: (js(window, "window.dispatchArea ? dispatchArea.state().drawing : false")) is True,
                    timeout=10_000)
    assert "Esc" in _hint(js, window)  # what to do, over the map itself
    return dialog


def _hint(js, window) -> str:
    return js(window, "(document.querySelector('.dispatch-area-hint') || {}).textContent || ''")


def test_drawing_an_area_counts_the_premises_inside_and_applies_it(open_window, demo_database, qtbot, js):
    db = demo_database
    oid = _gamleby(db)
    corners = _around(db, oid)
    everyone = customers.list_customers(db)
    expected = sum(1 for c in everyone if in_polygon(c.lat, c.lon, corners))
    assert 0 < expected < len(customers.list_customers(db, oid))

    window = open_window(db)
    assert window.select_outage(oid)
    dialog = _drawing_dialog(qtbot, window, js)
    for lat, lon in corners:
        js(window, f"dispatchArea.add({lat}, {lon})")
    js(window, f"dispatchArea.add({corners[-1][0]}, {corners[-1][1]})")  # a double-click's second click
    assert js(window, "dispatchArea.state().points.length") == 4
    assert js(window, "dispatchArea.finish()") is True
    qtbot.waitUntil(dialog.isVisible, timeout=10_000)
    assert dialog.by_area.isChecked()
    qtbot.waitUntil(lambda: "premises inside" in dialog.area_summary.text()
                    and "counting" not in dialog.area_summary.text(), timeout=10_000)
    assert dialog.area_count == expected and str(expected) in dialog.area_summary.text()

    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert dialog.focusWidget() is ok  # Enter applies the area just drawn
    with qtbot.waitSignal(dialog.finished, timeout=10_000):
        qtbot.keyClick(ok, Qt.Key.Key_Return)
    view = customers.get_affect(db, oid)
    assert len(view.area) == 4 and view.tied == expected and not view.nodes and view.radius_km is None
    for (lat, lon), (want_lat, want_lon) in zip(view.area, corners):
        assert abs(lat - want_lat) < 1e-6 and abs(lon - want_lon) < 1e-6
    qtbot.waitUntil(lambda: window.detail.fields["customers"].text() == str(expected), timeout=15_000)
    # The drawn outline goes with the dialog.
    qtbot.waitUntil(lambda: js(window, "dispatchArea.state().points.length") == 0, timeout=5_000)


def test_escape_cancels_the_drawing_and_keeps_the_tie(open_window, demo_database, qtbot, js):
    db = demo_database
    oid = _gamleby(db)
    before = customers.get_affect(db, oid)
    window = open_window(db)
    assert window.select_outage(oid)
    dialog = _drawing_dialog(qtbot, window, js)
    corners = _around(db, oid)
    for lat, lon in corners[:2]:
        js(window, f"dispatchArea.add({lat}, {lon})")
    _key_in_page(js, window, "Enter")  # two corners are not an area: Enter does not finish it
    assert js(window, "dispatchArea.state().drawing") is True
    js(window, f"dispatchArea.add({corners[2][0]}, {corners[2][1]})")
    _key_in_page(js, window, "Backspace")
    assert js(window, "dispatchArea.state().points.length") == 2
    _key_in_page(js, window, "Escape")
    qtbot.waitUntil(dialog.isVisible, timeout=10_000)
    assert js(window, "dispatchArea.state()") == {"drawing": False, "points": []}
    assert _hint(js, window) == ""
    assert not dialog.by_area.isChecked() and dialog.area_points == []
    dialog.reject()
    assert customers.get_affect(db, oid) == before
