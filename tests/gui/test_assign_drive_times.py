"""The assign dialog lists technicians by the routing provider's drive times, asked in a worker."""
from __future__ import annotations

from console.services import settings, travel
from tests.local_servers import OsrmLike, serving, url_of


def _rows(dialog):
    return [(dialog.list.topLevelItem(i).data(0, 256), dialog.list.topLevelItem(i).text(2))
            for i in range(dialog.list.topLevelItemCount())]


def test_assign_dialog_sorts_by_the_providers_drive_times(qtbot, open_window, demo_database):
    from console.ui.dialogs import AssignDialog

    window = open_window(demo_database)
    view = window.outage_model.outage(window.selected_outage_id())
    with serving(OsrmLike, mode="roads") as osrm:
        settings.update_settings(demo_database, osrm_url=url_of(osrm))
        expected = travel.drive_times(demo_database, view.id)
        assert expected.source == "osrm" and not expected.estimated
        dialog = AssignDialog(window, view)
        qtbot.addWidget(dialog)
        qtbot.waitUntil(lambda: "OSRM" in dialog.note.text(), timeout=10_000)
        rows = _rows(dialog)
    listed = [tid for tid, drive in rows if drive]
    assert listed and listed == [tid for tid, _m in expected.minutes if tid in set(listed)]
    assert dialog.list.currentItem().data(0, 256) == listed[0]
