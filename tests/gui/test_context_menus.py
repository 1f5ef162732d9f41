"""Right-click menus, the detail pane's loans and stock, and the keys for them, used as a
dispatcher on the keyboard would: the Menu key, Shift+F10, arrows and Enter."""
from __future__ import annotations

from collections import Counter

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QApplication

from console.services import loans as loan_service
from console.services.uow import Db

SHIFT = Qt.KeyboardModifier.ShiftModifier
CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier


def _active(qtbot, window):
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5_000)
    return window


def _opened(qtbot, window, cls):
    qtbot.waitUntil(lambda: any(d.isVisible() for d in window.findChildren(cls)), timeout=10_000)
    return next(d for d in window.findChildren(cls) if d.isVisible())


def _menu(qtbot, window, kind):
    qtbot.waitUntil(lambda: window.context_menus.menu is not None and window.context_menus.menu.isVisible(),
                    timeout=5_000)
    menu = window.context_menus.menu
    assert menu.objectName() == f"{kind}ContextMenu"
    return menu


def _choose(qtbot, menu, action):
    """Arrow down to the action (disabled entries and separators are skipped, as by hand), Enter."""
    enabled = [a for a in menu.actions() if not a.isSeparator() and a.isEnabled()]
    assert action in enabled, [a.text() for a in enabled]
    for _ in range(enabled.index(action) + 1):
        qtbot.keyClick(menu, Qt.Key.Key_Down)
    assert menu.activeAction() is action
    with qtbot.waitSignal(action.triggered, timeout=5_000):
        qtbot.keyClick(menu, Qt.Key.Key_Return)


def test_the_menu_key_on_the_board_offers_the_outage_commands_and_runs_them(open_window, demo_database, qtbot):
    from console.ui.dialogs import StatusDialog

    window = _active(qtbot, open_window(demo_database))
    window.select_outage(2)
    window.board.setFocus()
    qtbot.keyClick(window.board, Qt.Key.Key_Menu)
    menu = _menu(qtbot, window, "outage")
    commands = window.commands
    shown = [a for a in menu.actions() if not a.isSeparator()]
    # The menu bar's own actions: the same shortcut and enabled state.
    assert shown[:6] == [commands.eta, commands.status, commands.assign, commands.restock, commands.inform,
                         commands.lend]
    assert window.context_menus.outage_on_map in shown and window.context_menus.copy_reference in shown
    _choose(qtbot, menu, commands.status)
    dialog = _opened(qtbot, window, StatusDialog)
    assert dialog.outage.id == 2
    dialog.reject()


def test_shift_f10_from_the_filter_box_copies_the_reference_of_the_match(open_window, demo_database, qtbot):
    window = _active(qtbot, open_window(demo_database))
    qtbot.keyClick(window.board, Qt.Key.Key_F, CTRL)
    qtbot.keyClicks(window.search, "#3")
    qtbot.waitUntil(lambda: window.selected_outage_id() == 3, timeout=5_000)
    qtbot.keyClick(window.search, Qt.Key.Key_F10, SHIFT)
    menu = _menu(qtbot, window, "outage")
    _choose(qtbot, menu, window.context_menus.copy_reference)
    title = window.outage_model.outage(3).title
    assert QGuiApplication.clipboard().text() == f"#3 {title}"


def test_the_technician_row_menu_assigns_that_technician_to_the_selected_outage(open_window, demo_database, qtbot):
    from console.ui.dialogs import AssignDialog

    window = _active(qtbot, open_window(demo_database))
    window.select_outage(5)  # nobody on it
    qtbot.keyClick(window.board, Qt.Key.Key_2, ALT)
    table = window.tech_panel.table
    qtbot.waitUntil(lambda: table.hasFocus() or table.isAncestorOf(QApplication.focusWidget()), timeout=5_000)
    busy = next(t for t in window.tech_model.technicians() if t.on_duty and t.outage_id not in (None, 5))
    window.tech_panel.select_technician(busy.id)
    qtbot.keyClick(table, Qt.Key.Key_F10, SHIFT)
    menu = _menu(qtbot, window, "technician")
    actions = [a for a in menu.actions() if not a.isSeparator()]
    assert actions[:3] == [window.context_menus.assign_selected, window.technician_actions.act_track,
                           window.context_menus.tech_on_map]
    _choose(qtbot, menu, window.context_menus.assign_selected)
    dialog = _opened(qtbot, window, AssignDialog)
    assert dialog.outage.id == 5
    # Picked from the row, busy elsewhere: listed and current, and Enter still asks before moving them.
    qtbot.waitUntil(lambda: dialog.list.currentItem() is not None
                    and dialog.list.currentItem().data(0, Qt.ItemDataRole.UserRole) == busy.id, timeout=10_000)
    assert not dialog.available_only.isChecked()
    dialog.reject()


def test_the_depot_row_menu_shows_its_stock(open_window, demo_database, qtbot):
    from console.ui.context_menus import DepotStockDialog

    window = _active(qtbot, open_window(demo_database))
    qtbot.keyClick(window.board, Qt.Key.Key_3, ALT)
    table = window.depot_panel.table
    depot = window.depot_model.depots()[0]
    window.depot_panel.select_depot(depot.id)
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Menu)
    menu = _menu(qtbot, window, "depot")
    _choose(qtbot, menu, window.context_menus.depot_stock)
    dialog = _opened(qtbot, window, DepotStockDialog)
    names = [dialog.tree.topLevelItem(i).text(0) for i in range(dialog.tree.topLevelItemCount())]
    assert names == sorted(s.name for s in depot.stock) and depot.name in dialog.windowTitle()


def _right_click_marker(js, window, kind, feature_id):
    """A contextmenu DOM event on the marker's pixel of the page, as a right-click makes it."""
    return js(window, f"""(function () {{
        var map = window.dispatchMap.map, hit = null;
        map.eachLayer(function (l) {{ if (l._dm && l._dm.kind === '{kind}' && l._dm.key === '{feature_id}') {{ hit = l; }} }});
        if (!hit) {{ return false; }}
        var p = map.latLngToContainerPoint(hit.getLatLng()), box = map.getContainer().getBoundingClientRect();
        var target = hit._path || (hit._icon) || (hit._renderer && hit._renderer._container) || map.getContainer();
        target.dispatchEvent(new MouseEvent('contextmenu', {{ bubbles: true, cancelable: true, button: 2,
            clientX: box.left + p.x, clientY: box.top + p.y }}));
        return true;
    }})()""")


def test_a_right_click_on_an_outage_marker_opens_its_menu_through_the_bridge(open_window, demo_database, qtbot, js):
    from console.ui.dialogs import EtaDialog

    window = _active(qtbot, open_window(demo_database))
    window.select_outage(1, pan_map=False)  # a moving map would move the marker under the pointer
    with qtbot.waitSignal(window.context_menus.menu_shown, timeout=10_000) as shown:
        assert _right_click_marker(js, window, "outage", 3)
    assert shown.args[0] == "outage"
    assert window.selected_outage_id() == 3  # the menu acts on the marker that was clicked
    menu = _menu(qtbot, window, "outage")
    # At the marker: inside the map widget on the screen.
    map_box = window.map_view.rect().translated(window.map_view.mapToGlobal(window.map_view.rect().topLeft()))
    assert map_box.contains(window.context_menus.menu_at)
    _choose(qtbot, menu, window.commands.eta)
    assert _opened(qtbot, window, EtaDialog).outage.id == 3


def test_a_right_click_on_a_technician_marker_selects_them_and_offers_their_commands(open_window, demo_database,
                                                                                     qtbot, js):
    window = _active(qtbot, open_window(demo_database))
    # One away from any outage: on a site, the outage's disc is what the pointer is on.
    tech = next(t for t in window.tech_model.technicians() if t.on_duty and t.lat is not None and t.outage_id is None)
    with qtbot.waitSignal(window.context_menus.menu_shown, timeout=10_000) as shown:
        assert _right_click_marker(js, window, "technician", tech.id)
    assert shown.args[0] == "technician"
    assert window.tech_panel.selected_technician() == tech.id
    menu = _menu(qtbot, window, "technician")
    with qtbot.waitSignal(window.technician_actions.track_shown, timeout=10_000) as drawn:
        _choose(qtbot, menu, window.technician_actions.act_track)
    assert drawn.args[0] == tech.id


def _show_supply(qtbot, window, outage_id):
    """Select the outage and wait for its own read (the first row's may still be arriving)."""
    window.select_outage(outage_id)
    tab = window.detail.supply
    qtbot.waitUntil(lambda: tab.supply is not None and tab.supply.outage_id == outage_id, timeout=10_000)


def test_lend_and_return_from_the_detail_pane_reach_the_database(open_window, demo_database, qtbot):
    from console.ui.loans_panel import LendDialog, ReturnDialog

    window = _active(qtbot, open_window(demo_database))
    tab = window.detail.supply
    _show_supply(qtbot, window, 1)  # the story's van ran out of splice closures
    window.detail.tabs.setCurrentWidget(tab)
    supply = tab.supply
    assert supply.lacking and tab.stock.topLevelItemCount() == len(supply.depots)
    for code, _name, _unit, _qty in supply.lacking:
        holders = [line for line in supply.depots if line.material == code]
        assert holders and all(line.available > 0 for line in holders)
        assert [line.minutes for line in holders] == sorted(line.minutes for line in holders)  # nearest first
    assert tab.stock.topLevelItem(0).text(2) == supply.depots[0].depot_name

    _show_supply(qtbot, window, 2)
    assert not [v for v in tab.supply.loans if v.is_out]

    window.board.setFocus()
    qtbot.keyClick(window.board, Qt.Key.Key_L, CTRL)
    dialog = _opened(qtbot, window, LendDialog)
    assert dialog.outage_id() == 2
    serial = dialog.router.currentText()
    qtbot.keyClicks(dialog.customer, "KUND-20001")
    with qtbot.waitSignal(tab.supply_shown, timeout=15_000,
                          check_params_cb=lambda s: any(v.serial == serial and v.is_out for v in s.loans)):
        qtbot.keyClick(dialog.customer, Qt.Key.Key_Return)

    other = Db.open(demo_database.url, actor="other-workstation")
    lent = other_loan = loan_service.get_loan(other, serial)
    assert lent.is_out and lent.outage_id == 2 and lent.customer_ref == "KUND-20001"
    row = next(i for i in range(tab.loans.topLevelItemCount())
               if tab.loans.topLevelItem(i).text(1) == serial)
    assert tab.loans.topLevelItem(row).text(0) == "KUND-20001" and tab.loans.topLevelItem(row).text(3)

    _active(qtbot, window)
    tab.loans.setCurrentItem(tab.loans.topLevelItem(row))
    tab.return_button.setFocus()
    qtbot.keyClick(tab.return_button, Qt.Key.Key_Space)
    back = _opened(qtbot, window, ReturnDialog)
    assert back.loan.serial == serial
    with qtbot.waitSignal(tab.supply_shown, timeout=15_000,
                          check_params_cb=lambda s: any(v.serial == serial and not v.is_out for v in s.loans)):
        qtbot.keyClick(back.depot, Qt.Key.Key_Return)
    returned = loan_service.get_loan(other, serial)
    assert returned.returned_at is not None and not returned.is_out and other_loan.lent_at == returned.lent_at
    assert not tab.return_button.isEnabled()


def test_every_shortcut_of_the_window_is_unique_and_listed_in_f1(open_window, demo_database, qtbot):
    from console.ui.shortcuts_dialog import ShortcutsDialog, shortcut_rows

    window = _active(qtbot, open_window(demo_database))
    keys = Counter()
    for act in {id(a): a for a in window.findChildren(QAction)}.values():
        for seq in act.shortcuts():
            keys[seq.toString(QKeySequence.SequenceFormat.PortableText)] += 1
    assert keys and [k for k, n in keys.items() if n > 1] == []

    listed = {command: shortcut for _menu_name, command, shortcut in shortcut_rows(window)}
    assert listed["Lend loaner router…"] == QKeySequence("Ctrl+L").toString(QKeySequence.SequenceFormat.NativeText)
    assert listed["Go to loaners"] == QKeySequence("Alt+4").toString(QKeySequence.SequenceFormat.NativeText)
    assert "Menu of the current row" in listed
    qtbot.keyClick(window.board, Qt.Key.Key_F1)
    dialog = _opened(qtbot, window, ShortcutsDialog)
    texts = [dialog.tree.topLevelItem(g).child(i).text(0) for g in range(dialog.tree.topLevelItemCount())
             for i in range(dialog.tree.topLevelItem(g).childCount())]
    assert "Lend loaner router…" in texts and "Go to loaners" in texts
    dialog.reject()

    _active(qtbot, window)
    qtbot.keyClick(window.board, Qt.Key.Key_4, ALT)
    assert window.side_tabs.currentWidget() is window.loans_panel


def test_a_loan_past_its_due_date_is_red_in_the_detail_pane(fixed_clock, open_window, demo_database, qtbot):
    from datetime import timedelta

    from console.ui.labels import OVERDUE_FG

    out = [v for v in loan_service.list_loans(demo_database) if v.is_out and v.due_at is not None]
    assert out, "the demo lends a router"
    loan = out[0]
    fixed_clock.set(loan.due_at + timedelta(hours=1))
    window = open_window(demo_database)
    tab = window.detail.supply
    _show_supply(qtbot, window, loan.outage_id)
    item = next(tab.loans.topLevelItem(i) for i in range(tab.loans.topLevelItemCount())
                if tab.loans.topLevelItem(i).text(1) == loan.serial)
    assert "(overdue)" in item.text(3) and item.foreground(3).color() == OVERDUE_FG
    assert tab.return_button.isEnabled()  # still out: it can be taken back from here
