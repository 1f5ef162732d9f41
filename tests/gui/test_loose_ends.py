"""Loose ends a dispatcher trips over: what a restored outage leaves behind, a second router for one
customer, the router list, the restock minutes and the ETA suggestion's word on a recorded ETA."""
from __future__ import annotations

import pytest

from console.services import loans, outages, technicians
from console.ui.technician_panel import COL_SHORT
from tests.demo_outages import ANKARSRUM, ankarsrum_id

pytestmark = [pytest.mark.gui, pytest.mark.usefixtures("private_qsettings")]

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


def test_lending_a_second_router_to_one_customer_warns_names_the_first_and_asks(open_window, demo_database, qtbot):
    from PySide6.QtCore import Qt

    from console.domain.timeutil import format_local

    db = demo_database
    window = open_window(db)
    panel = window.loans_panel
    qtbot.waitUntil(lambda: panel.model.rowCount() == len(loans.list_loans(db)), timeout=10_000)
    first = next(v for v in loans.list_loans(db) if v.is_out)
    free = next(v for v in loans.list_loans(db) if not v.is_out)
    before = loans.list_loans(db)
    window.select_outage(first.outage_id)
    dialog = panel.open_lend()
    dialog.set_serial(free.serial)
    dialog.customer.setText(first.customer_ref)
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.second_warning.isVisible, timeout=10_000)
    warning = dialog.second_warning.text()
    assert first.serial in warning and first.customer_ref in warning
    assert format_local(first.lent_at, "%a %d %b %H:%M") in warning
    assert dialog.isVisible() and loans.list_loans(db) == before  # asked, nothing lent yet
    # Asked and confirmed: the second router goes out.
    with qtbot.waitSignal(dialog.succeeded, timeout=10_000):
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert loans.get_loan(db, free.serial).customer_ref == first.customer_ref


def test_loans_lend_refuses_a_second_router_without_second(demo_database, capsys):
    from console.cli import main

    db = demo_database
    first = next(v for v in loans.list_loans(db) if v.is_out)
    free = next(v for v in loans.list_loans(db) if not v.is_out)
    before = loans.list_loans(db)
    args = ["--db", db.url, "loans", "lend", "--router", free.serial, "--outage", str(first.outage_id),
            "--customer", first.customer_ref]
    assert main(args) != 0
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and first.serial in err and "--second" in err
    assert loans.list_loans(db) == before
    assert main(args + ["--second"]) == 0
    assert loans.get_loan(db, free.serial).customer_ref == first.customer_ref


def test_router_list_names_each_depot_and_puts_the_nearest_first(open_window, demo_database, qtbot):
    db = demo_database
    outage = outages.get_outage(db, ankarsrum_id(db))
    choices = loans.router_choices(db, outage.id)
    free = [v for v in loans.list_loans(db) if not v.is_out]
    assert sorted(c.serial for c in choices) == sorted(v.serial for v in free)
    minutes = [c.minutes for c in choices]
    assert minutes == sorted(minutes)
    assert len({c.depot for c in choices}) > 2 and all(c.km > 0 for c in choices)
    assert [c.km for c in choices] == sorted(c.km for c in choices)  # geodesic: time follows distance

    window = open_window(db)
    panel = window.loans_panel
    qtbot.waitUntil(lambda: panel.model.rowCount() == len(loans.list_loans(db)), timeout=10_000)
    window.select_outage(outage.id)
    dialog = panel.open_lend()
    qtbot.waitUntil(lambda: dialog.choices_loaded > 0, timeout=10_000)
    listed = [dialog.router.itemData(i) for i in range(dialog.router.count())]
    assert listed == [c.serial for c in choices]
    first = dialog.router.itemText(0)
    assert choices[0].depot in first and "km" in first and "min" in first
    assert dialog.serial() == choices[0].serial


def test_eta_dialog_says_why_the_recorded_eta_is_far_from_the_suggestion(open_window, demo_database, qtbot):
    from datetime import timedelta

    from console.services.eta import set_eta
    from console.ui.dialogs import EtaDialog
    from console.ui.labels import eta_reason_label

    db = demo_database
    outage_id = ankarsrum_id(db)
    window = open_window(db)
    # The demo's promise has slipped twice (larger damage, then material): far later than a fresh estimate.
    dialog = EtaDialog(window, outages.get_outage(db, outage_id))
    dialog.show()
    advice = dialog.advice
    qtbot.waitUntil(lambda: advice.view is not None, timeout=20_000)
    recorded = advice.view.current_eta
    assert recorded - advice.suggested > timedelta(hours=1)
    gap = advice.gap.text()
    assert advice.gap.isVisible() and "later than this suggestion" in gap
    for reason in ("scope", "restock"):
        assert eta_reason_label(reason).casefold() in gap.casefold()
    assert advice.view.current_note.strip() in gap
    dialog.close()

    # Recorded close to the suggestion: no word needed.
    set_eta(db, outage_id, advice.suggested + timedelta(minutes=20), "assessment", note="")
    qtbot.waitUntil(lambda: window.outage_model.outage(outage_id).current_eta == advice.suggested
                    + timedelta(minutes=20), timeout=10_000)
    again = EtaDialog(window, outages.get_outage(db, outage_id))
    again.show()
    qtbot.waitUntil(lambda: again.advice.view is not None, timeout=20_000)
    if abs(again.advice.view.current_eta - again.advice.suggested) <= timedelta(hours=1):
        assert again.advice.gap.isHidden() and again.advice.gap.text() == ""
    again.close()

    # Recorded far earlier than the suggestion: the parts the suggestion counts are named.
    early = advice.view.suggestion.eta - timedelta(hours=6)
    set_eta(db, outage_id, early, "assessment", note="")
    third = EtaDialog(window, outages.get_outage(db, outage_id))
    third.show()
    qtbot.waitUntil(lambda: third.advice.view is not None, timeout=20_000)
    text = third.advice.gap.text()
    assert "earlier than this suggestion" in text and "travel" in text and "restock run" in text
    third.close()


def test_eta_suggest_says_why_the_recorded_eta_is_far_from_it(demo_database, capsys):
    from console.cli import main

    db = demo_database
    assert main(["--db", db.url, "eta", "suggest", "--outage", str(ankarsrum_id(db))]) == 0
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if x.startswith("the recorded ETA is"))
    assert "later than this suggestion" in line and "moved later for: scope, restock" in line
