"""The console window on a demo database, offscreen: board, map, selection, safety, live updates."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from console.services import audit, eta, outages, technicians
from console.ui.outage_table import COL_ETA, COL_STATUS, COL_TITLE, OUTAGE_ID_ROLE

pytestmark = pytest.mark.gui

PROBE = "<img src=x onerror=alert(1)>"
HIGHLIGHT_JS = """(function(){ var at = null;
  dispatchMap.map.eachLayer(function (l) {
    if (l.options && l.options.color === '#06b6d4' && l.getLatLng) { at = l.getLatLng(); } });
  return at; })()"""


def board_ids(window) -> list[int]:
    proxy = window.outage_proxy
    return [proxy.index(r, 0).data(OUTAGE_ID_ROLE) for r in range(proxy.rowCount())]


def board_text(window, outage_id: int, column: int) -> str:
    model = window.outage_model
    return model.index(model.row_of(outage_id), column).data(Qt.ItemDataRole.DisplayRole)


def test_window_opens_with_one_row_per_outage(open_window, demo_database):
    window = open_window(demo_database)
    everything = outages.list_outages(demo_database)
    open_ids = [o.id for o in everything if o.is_open]

    assert sorted(board_ids(window)) == sorted(open_ids)
    window.open_only.setChecked(False)
    assert sorted(board_ids(window)) == sorted(o.id for o in everything)
    for o in everything:
        assert board_text(window, o.id, COL_TITLE) == o.title
    assert window.tech_model.rowCount() == len(technicians.list_technicians(demo_database))
    assert window.status_labels["open"].text().endswith(str(len(open_ids)))


def test_map_counts_match_the_database(open_window, demo_database, js):
    window = open_window(demo_database)
    open_outages = [o for o in outages.list_outages(demo_database) if o.is_open]
    placed = [t for t in technicians.list_technicians(demo_database) if t.lat is not None]
    from console.services.depots import list_depots

    expected = {"outages": len(open_outages), "technicians": len(placed),
                "depots": len(list_depots(demo_database))}
    assert js(window, "dispatchMap.counts()") == expected
    assert window.map_counts() == expected


def test_selecting_a_row_highlights_the_outage_on_the_map(open_window, demo_database, js, qtbot):
    window = open_window(demo_database)
    target = outages.get_outage(demo_database, 3)
    with qtbot.waitSignal(window.detail_shown, timeout=10_000):
        window.board.selectRow(window.outage_proxy.proxy_row_of(3))

    def highlighted():
        at = js(window, HIGHLIGHT_JS)
        return at is not None and abs(at["lat"] - target.lat) < 1e-6 and abs(at["lng"] - target.lon) < 1e-6

    qtbot.waitUntil(highlighted, timeout=10_000)
    assert window.detail.outage_id == 3
    assert window.detail.title.text() == f"#3  {target.title}"
    assert window.detail.timeline.topLevelItemCount() == max(1, target.eta_revisions)
    assert window.detail.events.topLevelItemCount() == len(audit.audit_trail(demo_database, "outage", 3))


def test_clicking_a_map_feature_selects_its_row(open_window, demo_database, js, qtbot):
    window = open_window(demo_database)
    window.select_outage(1)
    assert window.selected_outage_id() == 1
    # A real click event on the outage's marker, travelling page -> QWebChannel -> window.
    js(window, """(function(){ var hit = false;
        dispatchMap.map.eachLayer(function (l) {
          if (l._dm && l._dm.kind === 'outage' && l._dm.key === '4') {
            l.fire('click', {latlng: l.getLatLng()}, true); hit = true; } });
        return hit; })()""")
    qtbot.waitUntil(lambda: window.selected_outage_id() == 4, timeout=10_000)
    qtbot.waitUntil(lambda: window.detail.outage_id == 4, timeout=10_000)

    with qtbot.waitSignal(window.outage_selected, timeout=5_000):
        window.map_view.bridge.featureClicked("outage", 2.0)  # ids arrive from JS as numbers
    assert window.selected_outage_id() == 2


def test_clicking_a_technician_selects_them_in_the_panel(open_window, demo_database, qtbot):
    window = open_window(demo_database)
    window.map_view.bridge.featureClicked("technician", 6)
    assert window.side_tabs.currentWidget() is window.tech_panel
    assert window.tech_panel.selected_technician() == 6


def test_script_in_a_title_is_shown_as_text_and_never_runs(open_window, demo_database, js, qtbot):
    probe = outages.add_outage(demo_database, PROBE, 57.75, 16.40, 9, area=PROBE)
    window = open_window(demo_database)

    assert board_text(window, probe.id, COL_TITLE) == PROBE
    with qtbot.waitSignal(window.detail_shown, timeout=10_000):
        window.select_outage(probe.id)
    assert window.detail.title.textFormat() == Qt.TextFormat.PlainText
    assert window.detail.title.text() == f"#{probe.id}  {PROBE}"
    assert window.detail.fields["area"].text() == PROBE

    # Open the map popup and the hover card for it: the title must be text there too.
    opened = js(window, f"""(function(){{ var hit = false;
        dispatchMap.map.eachLayer(function (l) {{
          if (l._dm && l._dm.kind === 'outage' && l._dm.key === '{probe.id}') {{
            l.fire('mouseover', {{latlng: l.getLatLng()}}, true);
            l.fire('click', {{latlng: l.getLatLng()}}, true); hit = true; }} }});
        return hit; }})()""")
    assert opened is True
    popup = js(window, "document.querySelector('.leaflet-popup-content').textContent")
    assert PROBE in popup
    assert js(window, "document.querySelectorAll('img[src=\"x\"]').length") == 0
    assert js(window, "document.querySelectorAll('.leaflet-popup-content img, .dm-hover img').length") == 0
    assert window.map_view.web_page.alerts == []


def test_map_loads_and_draws_with_every_remote_request_blocked(open_window, demo_database, js):
    def block_everything(window):
        window.map_view.guard.tile_origin = None

    window = open_window(demo_database, tiles="osm", before_start=block_everything)
    assert js(window, "dispatchMap.counts().outages") == len(outages.list_outages(demo_database, open_only=True))
    guard = window.map_view.guard
    assert guard.allowed_remote == 0
    assert all(url.startswith(("http:", "https:")) for url in guard.blocked_urls)


def test_unreachable_tiles_are_reported_in_the_status_bar(open_window, demo_database, js, qtbot):
    def block_everything(window):
        window.map_view.guard.tile_origin = None

    window = open_window(demo_database, tiles="osm", before_start=block_everything)
    qtbot.waitUntil(lambda: window.tiles_state() == "unavailable", timeout=20_000)
    assert window.status_labels["tiles"].text() == "Map tiles unavailable"
    # Everything else keeps working.
    from console.services.depots import list_depots

    assert js(window, "dispatchMap.counts().depots") == len(list_depots(demo_database))
    assert window.outage_proxy.rowCount() == len(outages.list_outages(demo_database, open_only=True))


def test_changes_in_the_database_reach_board_and_map_without_reload(open_window, demo_database, js, qtbot):
    window = open_window(demo_database)
    reloads = []
    window.snapshot_applied.connect(lambda: reloads.append(1))
    page_url = window.map_view.url()
    open_before = len(outages.list_outages(demo_database, open_only=True))

    outages.set_status(demo_database, 4, "restored")
    qtbot.waitUntil(lambda: 4 not in board_ids(window), timeout=10_000)
    qtbot.waitUntil(lambda: js(window, "dispatchMap.counts().outages") == open_before - 1, timeout=10_000)

    from datetime import timedelta

    view = outages.get_outage(demo_database, 2)
    new_eta = view.current_eta + timedelta(hours=3)
    eta.set_eta(demo_database, 2, new_eta, "scope", note="more damage than reported")
    from console.ui.labels import local_time

    qtbot.waitUntil(lambda: board_text(window, 2, COL_ETA) == local_time(new_eta, window.outage_model.now()),
                    timeout=10_000)
    assert reloads == []
    assert window.map_view.url() == page_url


def test_new_outage_from_the_dialog_lands_on_board_and_map(open_window, demo_database, js, qtbot):
    from console.ui.dialogs import NewOutageDialog

    window = open_window(demo_database)
    open_before = len(outages.list_outages(demo_database, open_only=True))
    dialog = NewOutageDialog(window)
    dialog.show()
    dialog.title.setText("Fiber cut at Blackstad school")
    dialog.customers.setValue(27)
    window.map_view.bridge.mapClicked(57.71, 16.21)  # the dispatcher clicks the map
    assert (round(dialog.lat.value(), 2), round(dialog.lon.value(), 2)) == (57.71, 16.21)
    with qtbot.waitSignal(dialog.finished, timeout=10_000):
        dialog.buttons.accepted.emit()
    assert outages.list_outages(demo_database)[-1].title == "Fiber cut at Blackstad school"
    qtbot.waitUntil(lambda: any(o.title == "Fiber cut at Blackstad school" for o in window.outage_model.outages()),
                    timeout=10_000)
    qtbot.waitUntil(lambda: js(window, "dispatchMap.counts().outages") == open_before + 1, timeout=10_000)
    new = next(o for o in window.outage_model.outages() if o.title == "Fiber cut at Blackstad school")
    qtbot.waitUntil(lambda: window.selected_outage_id() == new.id, timeout=10_000)


def test_a_rejected_eta_keeps_the_dialog_open_with_the_reason(open_window, demo_database, qtbot):
    from PySide6.QtCore import QDateTime

    from console.ui.dialogs import EtaDialog

    window = open_window(demo_database)
    view = outages.get_outage(demo_database, 2)
    dialog = EtaDialog(window, view)
    dialog.show()
    dialog.eta.setDateTime(QDateTime.fromSecsSinceEpoch(int(view.started_at.timestamp()) - 3600,
                                                        dialog.eta.timeZone()))
    dialog.reason.setCurrentIndex(dialog.reason.findData("scope"))
    dialog.buttons.accepted.emit()
    qtbot.waitUntil(dialog.error.isVisible, timeout=10_000)
    assert "before outage 2 started" in dialog.error.text()
    assert len(eta.eta_history(demo_database, 2)) == view.eta_revisions


def test_status_change_through_the_dialog(open_window, demo_database, qtbot):
    from console.ui.dialogs import StatusDialog

    window = open_window(demo_database)
    dialog = StatusDialog(window, outages.get_outage(demo_database, 3))
    dialog.status.setCurrentIndex(dialog.status.findData("on_site"))
    with qtbot.waitSignal(dialog.finished, timeout=10_000):
        dialog.buttons.accepted.emit()
    assert outages.get_outage(demo_database, 3).status == "on_site"
    qtbot.waitUntil(lambda: board_text(window, 3, COL_STATUS) == "On site", timeout=10_000)
