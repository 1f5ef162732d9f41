"""The Customers tab, the affected premises on the map and the Affected area dialog."""
from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox

from console.services import customers, outages

GAMLEBY = "Nodskåp utan ström i Gamleby"


def _gamleby(db) -> int:
    return next(o.id for o in outages.list_outages(db) if o.title == GAMLEBY)


def _rows(window) -> int:
    tree = window.detail.customers
    return sum(1 for i in range(tree.topLevelItemCount()) if tree.topLevelItem(i).text(0))


def test_the_tab_and_the_map_show_the_demo_customers_and_the_dialog_ties_by_radius(open_window, demo_database,
                                                                                   qtbot, js):
    db = demo_database
    oid = _gamleby(db)
    window = open_window(db)
    assert window.select_outage(oid)
    qtbot.waitUntil(lambda: _rows(window) == 38, timeout=15_000)
    # no contact details in the window: the channel column names the way, not the number
    texts = [window.detail.customers.topLevelItem(i).text(c) for i in range(38) for c in range(6)]
    assert not any("+46" in t or "@" in t for t in texts)
    qtbot.waitUntil(lambda: js(window, "window.dispatchPremises ? 1 : 0") == 1, timeout=15_000)
    assert js(window, "window.dispatchPremises.show.length") == 1
    window.commands.affect.trigger()
    dialog = window.commands.affect_dialog
    dialog.radius.setValue(0.5)
    assert dialog.by_radius.isChecked()
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    expected = customers.get_affect  # the write lands in a worker; the tab follows the change feed
    qtbot.waitUntil(lambda: expected(db, oid).radius_km == 0.5, timeout=15_000)
    tied = expected(db, oid).tied
    assert 0 < tied < 38
    qtbot.waitUntil(lambda: window.detail.fields["customers"].text() == str(tied), timeout=15_000)


def test_a_register_change_from_another_connection_updates_the_board(open_window, demo_database, qtbot, tmp_path):
    from console.services import Db

    db = demo_database
    oid = _gamleby(db)
    window = open_window(db)
    assert window.select_outage(oid)
    qtbot.waitUntil(lambda: window.detail.fields["customers"].text() == "38", timeout=15_000)
    path = tmp_path / "more.csv"
    path.write_text("ref,name,address,lat,lon,phone,email,lang,node\n"
                    + "".join(f"X-{i},Ny {i},Gatan {i},57.889,16.403,+4670999{i:04d},,sv,NOD-{oid:04d}\n"
                              for i in range(4)), encoding="utf-8")
    other = Db.open(db.url, actor="office")
    customers.import_customers(other, customers.read_customers_file(path))
    qtbot.waitUntil(lambda: window.detail.fields["customers"].text() == "42", timeout=20_000)
    qtbot.waitUntil(lambda: _rows(window) == 42, timeout=20_000)
