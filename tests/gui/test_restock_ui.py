"""Issue 4 in the window: the restock dialog, its route on the map, the revised-ETA step,
daylight in the details, and the suggestion in the ETA dialog."""
from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtWidgets import QDialogButtonBox

from console.services import daylight, depots, eta, outages, restock, technicians

pytestmark = pytest.mark.gui

ANKARSRUM = 1
LOFTAHAMMAR = 3  # Lina Ek is on her way and her van lacks patch cords

# The restock route is the page's dashed teal polyline (ROUTE_COLOR in dispatch_map.js).
ROUTE_POINTS_JS = """(function () { var pts = [];
  dispatchMap.map.eachLayer(function (l) {
    if (l instanceof L.Polyline && l.options.color === '#0d9488' && l.options.dashArray === '10 6') {
      pts = l.getLatLngs().map(function (p) { return [p.lat, p.lng]; }); } });
  return pts; })()"""


def open_restock(window, qtbot, outage_id):
    assert window.select_outage(outage_id)
    assert window.commands.restock.isEnabled()
    window.commands.restock.trigger()
    dialog = window.commands.restock_dialog
    qtbot.waitUntil(lambda: dialog.context is not None, timeout=20_000)
    return dialog


def depot_named(db, name):
    return next(d for d in depots.list_depots(db) if d.name == name)


def reserved(stock, code):
    return next((line.reserved for line in stock if line.material == code), 0.0)


def source_stock(db, option):
    """The stock of the option's source: another technician's van, or a depot (which one wins
    depends on the hour: a depot closed at arrival is not offered)."""
    if option.source_kind == "technician":
        return technicians.get_technician(db, option.source_id).van_stock
    return next(d for d in depots.list_depots(db) if d.id == option.source_id).stock


def close_to(a, b, tol=1e-4):
    return abs(a[0] - b[0]) < tol and abs(a[1] - b[1]) < tol


def test_ankarsrum_lists_vimmerby_first_and_previews_its_route(open_window, demo_database, js, qtbot):
    window = open_window(demo_database)
    dialog = open_restock(window, qtbot, ANKARSRUM)
    plan = restock.plan_for_outage(demo_database, ANKARSRUM)

    first = dialog.options.topLevelItem(0)
    assert first.text(1) == "Vimmerby" == plan.options[0].source_name
    assert dialog.options.topLevelItemCount() == len(plan.options)
    assert first.text(6) == "yes"
    shortage = dialog.shortage.topLevelItem(0)
    assert shortage.text(0) == "Skarvbox" and shortage.text(3) == "2 pcs"
    assert "Vimmerby" in shortage.text(4)
    # Geodesic estimates are marked; closed depots are named, not offered.
    assert plan.estimated and "straight-line estimate" in dialog.notes.text()
    # Which depots are closed depends on the moment: the plan's skipped sources are exactly the
    # ones shown, and none of them is offered.
    skipped = {s.source_name for s in plan.skipped}
    offered = {dialog.options.topLevelItem(i).text(1) for i in range(dialog.options.topLevelItemCount())}
    assert not skipped & offered
    if skipped:
        assert dialog.skipped.isVisible()
        assert all(name in dialog.skipped.text() for name in skipped)
    else:
        assert not dialog.skipped.isVisible()

    qtbot.waitUntil(lambda: len(js(window, ROUTE_POINTS_JS) or []) == 3, timeout=10_000)
    anna = technicians.get_technician(demo_database, plan.technician_id)
    site = outages.get_outage(demo_database, ANKARSRUM)
    vimmerby = depot_named(demo_database, "Vimmerby")
    start, via, end = js(window, ROUTE_POINTS_JS)
    assert close_to(start, (anna.lat, anna.lon))
    assert close_to(via, (vimmerby.lat, vimmerby.lon))
    assert close_to(end, (site.lat, site.lon))

    # Picking another option redraws the route through that source.
    second = plan.options[1]
    dialog.options.setCurrentItem(dialog.options.topLevelItem(1))
    qtbot.waitUntil(lambda: close_to((js(window, ROUTE_POINTS_JS) or [[0, 0]] * 3)[1], (second.lat, second.lon)),
                    timeout=10_000)

    dialog.close()
    qtbot.waitUntil(lambda: js(window, ROUTE_POINTS_JS) == [], timeout=10_000)


def send_first_option(window, qtbot, outage_id):
    dialog = open_restock(window, qtbot, outage_id)
    assert dialog.send_button.isEnabled()
    with qtbot.waitSignal(dialog.sent, timeout=20_000) as sent:
        dialog.send_button.click()
    qtbot.waitUntil(lambda: getattr(dialog, "confirm", None) is not None and dialog.confirm.isVisible(),
                    timeout=10_000)
    return dialog, sent.args[0]


def test_send_reserves_stock_and_confirming_records_a_restock_eta(open_window, demo_database, qtbot):
    window = open_window(demo_database)
    before = outages.get_outage(demo_database, LOFTAHAMMAR)
    plan = restock.plan_for_outage(demo_database, LOFTAHAMMAR)
    best = plan.options[0]
    reserved_before = reserved(source_stock(demo_database, best), "PATCH_CORD")
    history_before = eta.eta_history(demo_database, LOFTAHAMMAR)

    dialog, result = send_first_option(window, qtbot, LOFTAHAMMAR)

    runs = restock.runs_under_way(demo_database)
    assert [(r.outage_id, r.source_name, r.items) for r in runs] == [
        (LOFTAHAMMAR, best.source_name, (("PATCH_CORD", 2),))]
    assert reserved(source_stock(demo_database, best), "PATCH_CORD") == reserved_before + 2
    assert before.status == "en_route"
    assert outages.get_outage(demo_database, LOFTAHAMMAR).status == "waiting_for_material"
    # Sending alone promises nothing: the ETA waits for the dispatcher.
    assert eta.eta_history(demo_database, LOFTAHAMMAR) == history_before

    confirm = dialog.confirm
    # The current ETA plus the detour, to the next whole minute.
    assert 0 <= (confirm.proposed() - result.proposed_eta).total_seconds() < 60
    assert confirm.proposed().second == 0
    assert best.source_name in confirm.note.toPlainText()
    proposed = confirm.proposed()
    confirm.buttons.accepted.emit()
    qtbot.waitUntil(lambda: len(eta.eta_history(demo_database, LOFTAHAMMAR)) == len(history_before) + 1,
                    timeout=10_000)
    last = eta.eta_history(demo_database, LOFTAHAMMAR)[-1]
    assert last.reason == "restock"
    assert best.source_name in last.note
    assert last.eta == proposed
    # The dialog shows the run, and refuses a second one for the same technician.
    qtbot.waitUntil(lambda: dialog.context is not None and bool(dialog.context.runs_under_way()), timeout=10_000)
    assert dialog.runs.topLevelItem(0).text(5) == "under way"
    assert not dialog.send_button.isEnabled()


def test_keeping_the_current_eta_records_none(open_window, demo_database, qtbot):
    window = open_window(demo_database)
    history_before = eta.eta_history(demo_database, LOFTAHAMMAR)
    dialog, _result = send_first_option(window, qtbot, LOFTAHAMMAR)
    dialog.confirm.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()
    qtbot.waitUntil(lambda: window.workers.in_flight() == 0, timeout=10_000)
    assert eta.eta_history(demo_database, LOFTAHAMMAR) == history_before
    assert len(restock.runs_under_way(demo_database)) == 1


def test_completing_a_run_moves_the_material_into_the_van(open_window, demo_database, qtbot):
    window = open_window(demo_database)
    lina = restock.plan_for_outage(demo_database, LOFTAHAMMAR).technician_id
    dialog, _result = send_first_option(window, qtbot, LOFTAHAMMAR)
    dialog.confirm.reject()
    qtbot.waitUntil(lambda: dialog.context is not None and bool(dialog.context.runs_under_way())
                    and dialog.complete_button.isEnabled(), timeout=10_000)
    in_van = sum(line.quantity for line in technicians.get_technician(demo_database, lina).van_stock
                 if line.material == "PATCH_CORD")
    dialog.complete_button.click()
    qtbot.waitUntil(lambda: not restock.runs_under_way(demo_database), timeout=10_000)
    after = sum(line.quantity for line in technicians.get_technician(demo_database, lina).van_stock
                if line.material == "PATCH_CORD")
    assert after == in_van + 2
    assert [r.status for r in restock.runs_for_outage(demo_database, LOFTAHAMMAR)] == ["completed"]
    qtbot.waitUntil(lambda: dialog.runs.topLevelItem(0).text(5) == "picked up", timeout=10_000)


def test_calling_off_a_run_frees_the_reserved_stock(open_window, demo_database, qtbot):
    window = open_window(demo_database)
    best = restock.plan_for_outage(demo_database, LOFTAHAMMAR).options[0]
    reserved_before = reserved(technicians.get_technician(demo_database, best.source_id).van_stock, "PATCH_CORD")
    dialog, _result = send_first_option(window, qtbot, LOFTAHAMMAR)
    dialog.confirm.reject()
    qtbot.waitUntil(lambda: dialog.cancel_button.isEnabled(), timeout=10_000)
    dialog.cancel_button.click()
    qtbot.waitUntil(lambda: not restock.runs_under_way(demo_database), timeout=10_000)
    assert reserved(technicians.get_technician(demo_database, best.source_id).van_stock,
                    "PATCH_CORD") == reserved_before
    qtbot.waitUntil(lambda: dialog.send_button.isEnabled(), timeout=10_000)


def test_an_outage_without_a_technician_says_so(open_window, demo_database, qtbot):
    window = open_window(demo_database)
    unassigned = next(o for o in outages.list_outages(demo_database) if o.is_open and not o.technician_ids)
    dialog = open_restock(window, qtbot, unassigned.id)
    assert "no technician assigned" in dialog.state.text()
    assert dialog.options.topLevelItemCount() == 0
    assert not dialog.send_button.isEnabled()


def test_details_show_daylight_and_the_darkness_flag(open_window, demo_database, qtbot):
    window = open_window(demo_database)
    with qtbot.waitSignal(window.detail_shown, timeout=10_000):
        window.select_outage(ANKARSRUM)
    qtbot.waitUntil(lambda: window.detail.outage_id == ANKARSRUM, timeout=10_000)
    dark = daylight.outage_darkness(demo_database, ANKARSRUM)
    text = window.detail.daylight.text()
    for key in ("dawn", "sunrise", "sunset", "dusk"):
        assert datetime.fromisoformat(dark.sun_today[key]).strftime("%H:%M") in text
    assert window.detail.dark_flag.isVisible() == dark.runs_into_darkness
    if dark.runs_into_darkness:
        assert "lighting kit needed" in window.detail.dark_flag.text()
        assert f"{dark.dark_hours:.1f} h of darkness" in window.detail.darkness.text()


def test_eta_dialog_shows_the_suggestion_and_uses_it_on_request(open_window, demo_database, qtbot):
    from console.ui.dialogs import EtaDialog

    window = open_window(demo_database)
    view = outages.get_outage(demo_database, ANKARSRUM)
    dialog = EtaDialog(window, view)
    dialog.show()
    advice = dialog.advice
    qtbot.waitUntil(lambda: advice.view is not None, timeout=20_000)
    assert advice.view is not None and advice.use.isEnabled()
    suggestion = advice.view.suggestion
    assert suggestion.restock_minutes > 0 and advice.view.restock_source == "Vimmerby"
    # The conservative time is the one offered as the promise, the likely one beside it, and why.
    assert "Promise:" in advice.time.text() and "Likely:" in advice.likely_time.text()
    assert "customers forgive an early restoration" in advice.why.text() and "runs long" in advice.why.text()
    for part in ("travel", "restock", "repair", "no restored outages of that kind yet"):
        assert part in advice.parts.text()
    assert 0 <= (advice.suggested - advice.view.conservative.eta).total_seconds() < 15 * 60
    assert 0 <= (advice.likely - suggestion.eta).total_seconds() < 15 * 60
    assert advice.suggested > advice.likely and advice.suggested.minute % 15 == 0

    # Only advice: the dispatcher's field is untouched until "Use suggestion".
    assert int(dialog.eta.dateTime().toSecsSinceEpoch()) == int(view.current_eta.timestamp())
    advice.use_likely.click()
    assert int(dialog.eta.dateTime().toSecsSinceEpoch()) == int(advice.likely.timestamp())
    advice.use.click()
    assert int(dialog.eta.dateTime().toSecsSinceEpoch()) == int(advice.suggested.timestamp())
    assert eta.eta_history(demo_database, ANKARSRUM)[-1].eta == view.current_eta
    # Reasons are readable labels with a line on what each means.
    labels = [dialog.reason.itemText(i) for i in range(dialog.reason.count())]
    assert "Restocking material" in labels and "restock" not in labels
    dialog.reason.setCurrentIndex(dialog.reason.findData("restock"))
    assert "fetched" in dialog.reason_hint.text()
    dialog.close()


def test_eta_dialog_of_a_closed_outage_has_no_suggestion(open_window, demo_database, qtbot):
    from console.ui.dialogs import EtaDialog

    window = open_window(demo_database)
    closed = next(o for o in outages.list_outages(demo_database) if not o.is_open)
    dialog = EtaDialog(window, closed)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.advice.time.text() == "No suggestion", timeout=20_000)
    assert "restored" in dialog.advice.parts.text() or "cancelled" in dialog.advice.parts.text()
    assert not dialog.advice.use.isEnabled()
    dialog.close()


def test_runs_show_in_the_details_and_close_from_there(open_window, demo_database, qtbot):
    window = open_window(demo_database)
    sent = restock.send_for_material(demo_database, LOFTAHAMMAR, None, 0)
    with qtbot.waitSignal(window.detail_shown, timeout=10_000):
        window.select_outage(LOFTAHAMMAR)
    runs = window.detail.runs
    qtbot.waitUntil(lambda: runs.topLevelItemCount() == 1 and runs.topLevelItem(0).text(4) == "under way",
                    timeout=10_000)
    assert runs.topLevelItem(0).text(2) == "2 × Patchkabel SC/APC"
    window.detail.run_requested.emit("cancel", sent.runs[0])
    qtbot.waitUntil(lambda: runs.topLevelItemCount() == 1 and runs.topLevelItem(0).text(4) == "called off",
                    timeout=10_000)
    assert [r.status for r in restock.runs_for_outage(demo_database, LOFTAHAMMAR)] == ["cancelled"]
