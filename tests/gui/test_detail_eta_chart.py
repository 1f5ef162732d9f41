"""The detail pane draws the selected outage's ETA chart in a worker, and draws it again when its
ledger changes elsewhere and when the console's clock ticks."""
from __future__ import annotations

from datetime import timedelta

import pytest

from console.services import eta
from console.services.uow import Db

pytestmark = pytest.mark.gui

BOUND_MS = 15_000


def _id(window, word: str) -> int:
    return next(v.id for v in window.outage_model.outages() if word in v.title)


def test_the_selected_outage_gets_its_chart_and_it_follows_deltas_and_the_clock(open_window, demo_database, qtbot):
    window = open_window(demo_database)
    pane, view = window.detail, window.detail.eta_chart
    assert pane.tabs.widget(0) is view  # the chart is the first thing the pane shows
    cut = _id(window, "Ankarsrum")
    assert window.select_outage(cut)
    qtbot.waitUntil(lambda: view.drawn_for == cut, timeout=BOUND_MS)
    assert view.drawn_promises == 3
    pixmap = view.picture.pixmap()
    assert not pixmap.isNull() and pixmap.width() >= 200 and pixmap.height() >= 100
    # Not a blank picture: the staircase and its words put many colours on it.
    image = pixmap.toImage()
    colours = {image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)}
    assert len(colours) > 20

    gamleby = _id(window, "Gamleby")
    assert window.select_outage(gamleby)
    qtbot.waitUntil(lambda: view.drawn_for == gamleby, timeout=BOUND_MS)
    assert view.drawn_promises == 1

    # Another desk moves Gamleby's ETA: the delta reloads the detail and the chart gets the new step.
    current = eta.eta_history(demo_database, gamleby)[-1].eta
    eta.set_eta(Db.open(demo_database.url, actor="desk-2", migrate_now=False), gamleby, current + timedelta(hours=2),
                "access", "Grinden låst")
    qtbot.waitUntil(lambda: view.drawn_promises == 2, timeout=BOUND_MS)

    later = view.drawn_now + timedelta(minutes=30)
    window.live.tick.emit(later)
    qtbot.waitUntil(lambda: view.drawn_now == later, timeout=BOUND_MS)
    assert view.drawn_for == gamleby

    # Behind another tab the chart waits, and catches up when it is shown again.
    pane.tabs.setCurrentWidget(pane.timeline)
    hidden_tick = later + timedelta(minutes=30)
    window.live.tick.emit(hidden_tick)
    qtbot.wait(300)
    assert view.drawn_now == later
    pane.tabs.setCurrentWidget(view)
    qtbot.waitUntil(lambda: view.drawn_now == hidden_tick, timeout=BOUND_MS)


def test_the_accuracy_dialog_draws_errors_by_cause(open_window, demo_database, qtbot):
    window = open_window(demo_database)
    window.commands.accuracy.trigger()
    dialog = window.commands.accuracy_dialog
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=BOUND_MS)
    assert dialog.report.restored == 1 and len(dialog.report.errors) == 1  # the demo's Överum repair
    assert not dialog.picture.pixmap().isNull()
    assert "1 outage(s) restored" in dialog.summary.text()
    before = dialog.report
    dialog.period.setCurrentIndex(0)  # the last 7 days
    qtbot.waitUntil(lambda: dialog.report is not before, timeout=BOUND_MS)
    assert (dialog.report.until - dialog.report.since).days == 7
    dialog.close()
