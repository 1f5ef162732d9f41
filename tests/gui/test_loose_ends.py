"""Loose ends a dispatcher trips over: what a restored outage leaves behind, a second router for one
customer, the router list, the restock minutes and the ETA suggestion's word on a recorded ETA."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings

from console.services import loans, outages, technicians
from console.ui.technician_panel import COL_SHORT

pytestmark = pytest.mark.gui

ANKARSRUM = "Fiberkabel avgrävd vid Ankarsrum"


@pytest.fixture(autouse=True)
def private_qsettings(tmp_path):
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "qsettings"))
    yield


def ankarsrum_id(db) -> int:
    return next(o.id for o in outages.list_outages(db) if o.title == ANKARSRUM)


def test_restoring_an_outage_clears_its_loaner_banner_and_its_vans_shortage(open_window, demo_database, qtbot):
    from console.ui.technician_panel import TECHNICIAN_ID_ROLE

    db = demo_database
    outage_id = ankarsrum_id(db)
    crew = [t for t in technicians.list_technicians(db) if t.outage_id == outage_id]
    assert crew and crew[0].shortage  # the demo's van runs short of splice closures
    window = open_window(db)
    panel = window.loans_panel
    qtbot.waitUntil(lambda: outage_id in panel.suggested_ids(), timeout=15_000)
    assert ANKARSRUM in panel.banner.text()
    model = window.tech_model

    def lacks(tech_id):
        for row in range(model.rowCount()):
            if model.index(row, 0).data(TECHNICIAN_ID_ROLE) == tech_id:
                return model.index(row, COL_SHORT).data() or ""
        raise AssertionError(tech_id)

    assert lacks(crew[0].id) != ""
    outages.set_status(db, outage_id, "restored")
    qtbot.waitUntil(lambda: outage_id not in panel.suggested_ids(), timeout=15_000)
    assert ANKARSRUM not in panel.banner.text() or panel.banner.isHidden()
    qtbot.waitUntil(lambda: lacks(crew[0].id) == "", timeout=15_000)
    # The one fact every presenter reads: no open job, no shortage.
    after = next(t for t in technicians.list_technicians(db) if t.id == crew[0].id)
    assert after.outage_id is None and after.shortage == ()
