"""An outage's event log tells everything done for it, in the window's words."""
from __future__ import annotations

import pytest

from console.services import loans, outages, restock

pytestmark = pytest.mark.gui


def _log_lines(window) -> list[str]:
    tree = window.detail.events
    return [tree.topLevelItem(i).text(2) for i in range(tree.topLevelItemCount())]


def test_material_runs_loans_and_statuses_show_in_the_event_log(open_window, demo_database, qtbot):
    db = demo_database
    cut = next(o for o in outages.list_outages(db, open_only=True) if "Ankarsrum" in o.title)
    sent = restock.send_for_material(db, cut.id, None, 0)
    restock.complete_run(db, sent.runs[0].id)
    free = next(r for r in loans.list_loans(db) if r.outage_id is None and r.depot)
    loans.lend(db, free.serial, cut.id, "KUND-777")
    loans.return_router(db, free.serial)

    window = open_window(db)
    window.select_outage(cut.id)
    qtbot.waitUntil(lambda: any("Material run" in line for line in _log_lines(window)), timeout=15_000)
    lines = _log_lines(window)
    source = sent.runs[0].source_name
    assert any(line.startswith("Material run:") and "Skarvbox" in line and source in line for line in lines)
    assert any(line.startswith(f"Material run from {source} completed") for line in lines)
    assert any(line.startswith(f"Loaner router {free.serial} lent to KUND-777, due back ") for line in lines)
    assert f"Loaner router {free.serial} returned by KUND-777" in lines
    # Internal codes stay in the database: the log shows the catalogue's and the board's words.
    text = "\n".join(lines)
    assert "SPLICE_CLOSURE" not in text and "cable_fault" not in text and "(restock)" not in text
    # Times are shown whole, not cut by the column.
    tree = window.detail.events
    first = tree.topLevelItem(0).text(0)
    assert tree.columnWidth(0) >= tree.fontMetrics().horizontalAdvance(first)
