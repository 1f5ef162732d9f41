"""Settings dialog, About box, keyboard shortcuts and the remembered window layout."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, QSize, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication

from console.services import settings as operator_settings
from console.services.audit import audit_trail

pytestmark = pytest.mark.gui


@pytest.fixture
def ini(tmp_path):
    """A settings file of its own, and QSettings() pointed away from the real user's settings."""
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp_path / "qsettings"))
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "qsettings"))
    return QSettings(str(tmp_path / "workstation.ini"), QSettings.Format.IniFormat)


def _open_dialog(qtbot, window, ini):
    from console.ui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(window, ini)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        dialog.show()
    return dialog


def test_settings_dialog_saves_both_kinds_and_logs_under_the_new_name(qtbot, open_window, demo_database, ini,
                                                                       monkeypatch, tmp_path):
    monkeypatch.delenv("DISPATCH_USER", raising=False)
    window = open_window(demo_database)
    dialog = _open_dialog(qtbot, window, ini)
    assert dialog.operator_fields["info_gap_minutes"].text() == "60"

    mbtiles = tmp_path / "county.mbtiles"
    mbtiles.write_bytes(b"")
    dialog.name_edit.setText("  Anna   Lund ")
    dialog.db_url_edit.setText("postgresql://dispatch@dbserver/dispatch")
    dialog.tiles_combo.setCurrentIndex(dialog.tiles_combo.findData("mbtiles"))
    dialog.mbtiles_edit.setText(str(mbtiles))
    dialog.language_combo.setCurrentIndex(dialog.language_combo.findData("sv"))
    dialog.operator_fields["info_gap_minutes"].setText("90")
    dialog.operator_fields["travel_speed_kmh"].setText("72,5")  # a Swedish decimal comma
    with qtbot.waitSignal(dialog.saved, timeout=10_000) as saved:
        dialog.submit()

    assert saved.args[0].info_gap_minutes == 90
    stored = operator_settings.get_settings(demo_database)
    assert (stored.info_gap_minutes, stored.travel_speed_kmh) == (90, 72.5)
    assert stored.loan_due_days == operator_settings.DEFAULTS.loan_due_days  # untouched
    assert audit_trail(demo_database, "setting", "info_gap_minutes")[0].who == "Anna Lund"
    assert ini.value("dispatcher/name") == "Anna Lund"
    assert ini.value("database/url") == "postgresql://dispatch@dbserver/dispatch"
    assert ini.value("map/tiles") == f"mbtiles:{mbtiles}"
    assert ini.value("ui/language") == "sv"
    assert window.db.actor == "Anna Lund"


@pytest.mark.parametrize(("key", "text", "says"), [
    ("travel_speed_kmh", "fast", "must be a number"),
    ("info_gap_minutes", "12.5", "must be a whole number"),
    ("loan_due_days", "-1", "0 or more"),
    ("travel_circuity", "0,8", "at least 1"),
])
def test_a_bad_shared_value_is_named_and_nothing_is_written(qtbot, open_window, demo_database, ini, key, text, says):
    window = open_window(demo_database)
    dialog = _open_dialog(qtbot, window, ini)
    dialog.name_edit.setText("Someone")
    dialog.operator_fields["info_gap_minutes"].setText("75")
    dialog.operator_fields[key].setText(text)
    dialog.submit()

    assert dialog.isVisible() and dialog.tabs.currentIndex() == 1
    assert says in dialog.error.text()
    assert dialog.error.isVisibleTo(dialog)
    assert operator_settings.get_settings(demo_database) == operator_settings.DEFAULTS
    assert ini.value("dispatcher/name") is None


def test_a_missing_map_file_is_refused(qtbot, open_window, demo_database, ini, tmp_path):
    window = open_window(demo_database)
    dialog = _open_dialog(qtbot, window, ini)
    dialog.tiles_combo.setCurrentIndex(dialog.tiles_combo.findData("mbtiles"))
    dialog.mbtiles_edit.setText(str(tmp_path / "nowhere.mbtiles"))
    dialog.operator_fields["info_gap_minutes"].setText("75")
    dialog.submit()

    assert "nowhere.mbtiles" in dialog.error.text() and dialog.tabs.currentIndex() == 0
    assert ini.value("map/tiles") is None
    assert operator_settings.get_settings(demo_database).info_gap_minutes == 60


def test_the_app_opens_the_database_as_the_configured_dispatcher(ini, monkeypatch, tmp_path, qapp):
    from console.ui import app, workstation

    monkeypatch.delenv("DISPATCH_USER", raising=False)
    monkeypatch.delenv("DISPATCH_DB", raising=False)
    url = f"sqlite:///{tmp_path / 'configured.sqlite3'}"
    workstation.save(workstation.WorkstationSettings(db_url=url, dispatcher="Per Holm"), QSettings())
    db = app.open_database(None, demo=False)
    assert (db.url, db.actor) == (url, "Per Holm")
    monkeypatch.setenv("DISPATCH_USER", "from-env")
    assert app.open_database(None, demo=False).actor == "from-env"


def test_a_saved_name_past_the_limit_does_not_stop_the_window(ini, monkeypatch, tmp_path, qapp):
    from console.domain.limits import NAME_CHARS
    from console.services.uow import default_actor
    from console.ui import app, workstation

    monkeypatch.delenv("DISPATCH_USER", raising=False)
    monkeypatch.delenv("DISPATCH_DB", raising=False)
    url = f"sqlite:///{tmp_path / 'configured.sqlite3'}"
    # Edited into the settings file by hand: the dialog itself stops at the limit.
    workstation.save(workstation.WorkstationSettings(db_url=url, dispatcher="P" * (NAME_CHARS + 1)), QSettings())
    db = app.open_database(None, demo=False)
    assert db.actor == default_actor()


def test_about_box_names_versions_licences_and_map_attribution(qtbot, open_window, demo_database):
    import PySide6

    from console.ui.about_dialog import AboutDialog

    window = open_window(demo_database, tiles="osm", wait=False)
    about = AboutDialog(window)
    qtbot.addWidget(about)
    text = about.plain_text()
    for expected in (PySide6.__version__, "Leaflet 1.9.3", "BSD-2-Clause", "folium", "branca", "MIT",
                     "© OpenStreetMap contributors", "ODbL", "OpenStreetMap tile servers", "SQLite"):
        assert expected in text
    licences = {c.name: c.license for c in about.assets}
    assert licences == {"Leaflet": "BSD-2-Clause", "folium": "MIT", "branca": "MIT"}


def test_every_shortcut_is_unique_and_the_keys_work(qtbot, open_window, demo_database):
    from console.ui.shortcuts_dialog import ShortcutsDialog, shortcut_rows

    window = open_window(demo_database)
    keys = [seq.toString() for act in window.findChildren(type(window.commands.find)) for seq in act.shortcuts()]
    assert len(keys) == len(set(keys)), f"two commands share a key: {sorted(k for k in keys if keys.count(k) > 1)}"

    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.board.setFocus()
    qtbot.keyClick(window.board, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.search.hasFocus()
    qtbot.keyClicks(window.search, "Norrhult")
    assert window.outage_proxy.rowCount() < window.outage_model.rowCount()
    qtbot.keyClick(window.search, Qt.Key.Key_Escape)
    assert window.search.text() == "" and window.board.hasFocus()

    qtbot.keyClick(window.board, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)
    assert window.side_tabs.currentWidget() is window.depot_panel
    qtbot.keyClick(window.board, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    assert window.side_tabs.currentWidget() is window.tech_panel

    rows = shortcut_rows(window)
    listed = {command: keys for _menu, command, keys in rows}
    assert listed["Find outage"] == QKeySequence("Ctrl+F").toString(QKeySequence.SequenceFormat.NativeText)
    assert "Settings…" in listed and "Keyboard shortcuts" in listed
    dialog = ShortcutsDialog(window)
    qtbot.addWidget(dialog)
    assert dialog.tree.topLevelItemCount() >= 4


def test_layout_is_remembered_between_runs(qtbot, open_window, demo_database, ini):
    from console.ui.outage_table import COL_CUSTOMERS, COL_TITLE, SORT_ROLE

    first = open_window(demo_database)
    first.resize(740, 765)
    first.main_split.setSizes([300, 454])
    first.left.setSizes([200, 500])
    first.board.horizontalHeader().resizeSection(COL_TITLE, 321)
    first.board.sortByColumn(COL_CUSTOMERS, Qt.SortOrder.AscendingOrder)
    first.side_tabs.setCurrentWidget(first.depot_panel)
    QApplication.processEvents()
    saved_main, saved_left = first.main_split.sizes(), first.left.sizes()
    first.save_layout(ini)
    # restoreGeometry keeps a window on its screen (offscreen: 800x800, smaller than this window's
    # minimum width), so the expected size is what restoring gives the first window itself.
    first.resize(1200, 900)
    assert first.restoreGeometry(ini.value("window/geometry"))
    restored_size = first.size()
    assert restored_size != QSize(1200, 900)
    first.close()

    # Restored once loaded, like the first window above: a window's minimum size grows with
    # its content, and the offscreen screen is too small for that not to matter.
    second = open_window(demo_database)
    second.restore_layout(ini)
    QApplication.processEvents()
    assert second.size() == restored_size
    assert second.main_split.sizes() == saved_main
    assert second.left.sizes() == saved_left
    header = second.board.horizontalHeader()
    assert header.sectionSize(COL_TITLE) == 321
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (COL_CUSTOMERS, Qt.SortOrder.AscendingOrder)
    customers = [second.outage_proxy.index(r, COL_CUSTOMERS).data(SORT_ROLE)
                 for r in range(second.outage_proxy.rowCount())]
    assert customers == sorted(customers)
    assert second.side_tabs.currentWidget() is second.depot_panel


def test_layout_from_another_release_with_other_columns_is_ignored(qtbot, open_window, demo_database, ini):
    from console.ui.outage_table import COL_TITLE

    window = open_window(demo_database)
    default_width = window.board.horizontalHeader().sectionSize(COL_TITLE)
    window.board.horizontalHeader().resizeSection(COL_TITLE, default_width + 77)
    window.save_layout(ini)
    ini.setValue("window/table_outageBoard_columns", 3)
    window.close()
    again = open_window(demo_database, before_start=lambda w: w.restore_layout(ini))
    assert again.board.horizontalHeader().sectionSize(COL_TITLE) == default_width


def test_the_fitted_road_factor_shows_beside_the_setting_and_accept_writes_it(qtbot, open_window, demo_database,
                                                                              ini):
    from tests.trips import Story

    story = Story(demo_database)
    for i in range(12):
        story.trip("A", 6 + 2 * i, 1.55)
    window = open_window(demo_database)
    from console.ui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(window, ini)
    qtbot.addWidget(dialog)
    with qtbot.waitSignals([dialog.loaded, dialog.fit_shown], timeout=10_000):
        dialog.show()
    assert "12" in dialog.fitted_label.text() and "1.55" in dialog.fitted_label.text()
    assert dialog.operator_fields["travel_circuity"].text() == "1.35"  # shown, not yet taken
    assert dialog.accept_fit_button.isEnabled()

    with qtbot.waitSignal(dialog.fit_accepted, timeout=10_000):
        qtbot.mouseClick(dialog.accept_fit_button, Qt.MouseButton.LeftButton)
    assert operator_settings.get_settings(demo_database).travel_circuity == pytest.approx(1.55, abs=0.005)
    assert dialog.operator_fields["travel_circuity"].text() == "1.55"
    assert audit_trail(demo_database, "setting", "travel_circuity")[0].who == "test-dispatcher"
    # Saving afterwards finds nothing more to write for the factor.
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        dialog.submit()
    assert len(audit_trail(demo_database, "setting", "travel_circuity")) == 1


def test_too_few_trips_say_so_and_offer_nothing_to_accept(qtbot, open_window, demo_database, ini):
    from console.ui.settings_dialog import SettingsDialog

    window = open_window(demo_database)
    dialog = SettingsDialog(window, ini)
    qtbot.addWidget(dialog)
    with qtbot.waitSignals([dialog.loaded, dialog.fit_shown], timeout=10_000):
        dialog.show()
    assert "Too few" in dialog.fitted_label.text()
    assert not dialog.accept_fit_button.isEnabled()
