"""The Swedish interface: the .ts holds every string of the code, all translated, and the window
with --lang sv shows no English in its menus, toolbar, headers, tabs and dialogs."""
from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QFormLayout,
    QLabel,
    QTableView,
    QTabWidget,
)

pytestmark = pytest.mark.gui

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources" / "i18n" / "dispatch_sv.ts"
# Names that read the same in Swedish.
SAME_IN_SWEDISH = {"OpenStreetMap", "Svenska", "English", "ETA", "#", "Qt", "PySide6", "Python", "SQLAlchemy",
                   "Qt WebEngine", "km/h", "min", "h", "×"}
QT_STANDARD_ENGLISH = {"OK", "Cancel", "Save", "Close", "Apply", "Yes", "No", "Open", "Discard", "Help", "Reset"}


def plain(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").strip()


def ts_messages() -> dict[tuple[str, str], str]:
    out = {}
    for context in ET.parse(TS).getroot().iter("context"):
        for message in context.iter("message"):
            translation = message.find("translation")
            forms = translation.findall("numerusform")
            out[(context.findtext("name"), message.findtext("source"))] = (
                forms[0].text if forms else translation.text) or ""
    return out


def test_the_ts_has_every_string_of_the_code_translated():
    done = subprocess.run([sys.executable, str(ROOT / "tools" / "update-translations"), "--check"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, "run tools/update-translations and translate:\n" + done.stdout + done.stderr
    assert 'type="unfinished"' not in TS.read_text(encoding="utf-8")


def test_the_compiled_qm_matches_the_ts():
    """The .qm shipped is built from the .ts as committed (tools/update-translations does both)."""
    from PySide6.QtCore import QTranslator

    translator = QTranslator()
    assert translator.load(str(TS.with_suffix(".qm")))
    stale = [(ctx, src) for (ctx, src), text in ts_messages().items()
             if text and "%n" not in src and translator.translate(ctx, src) != text]
    assert not stale, f"dispatch_sv.qm is older than the .ts: {stale[:5]}"


def _english_sources() -> set[str]:
    return {plain(src) for (_ctx, src), text in ts_messages().items() if plain(src) != plain(text)}


def _template(text: str) -> re.Pattern:
    """A translation with {placeholders} or %n as a pattern matching its filled-in forms."""
    parts = re.split(r"\{[^}]*\}|%n", text)
    return re.compile("^" + ".+".join(re.escape(part) for part in parts) + "$", re.DOTALL)


def _check(texts: list[tuple[str, str]]) -> list[str]:
    messages = ts_messages()
    english = _english_sources()
    swedish = {plain(text) for text in messages.values()}
    # Standard buttons (Save, Cancel, Close) come translated from Qt's own qtbase_sv.qm.
    swedish |= {plain(QCoreApplication.translate("QPlatformTheme", word)) for word in QT_STANDARD_ENGLISH}
    templates = [_template(plain(text)) for text in messages.values() if "{" in text or "%n" in text]
    bad = []
    for where, text in texts:
        text = plain(text)
        if not text or text in SAME_IN_SWEDISH:
            continue
        known = text in swedish or any(t.match(text) for t in templates)
        if text in english or text in QT_STANDARD_ENGLISH or not known:
            bad.append(f"{where}: {text!r}")
    return bad


def _window_texts(window) -> list[tuple[str, str]]:
    texts = [("window title", window.windowTitle())]
    for key, menu in window.commands.menus.items():
        texts.append((f"menu {key}", menu.title()))
        texts += [(f"menu {key}", act.text()) for act in menu.actions() if not act.isSeparator()]
    texts += [("toolbar", act.text()) for act in window.commands.toolbar.actions() if not act.isSeparator()]
    for table in window.findChildren(QTableView):
        model = table.model()
        for col in range(model.columnCount()):
            if not table.isColumnHidden(col):
                texts.append((f"{table.objectName() or 'table'} header", str(model.headerData(col, Qt.Orientation.Horizontal) or "")))
    for tabs in window.findChildren(QTabWidget):
        texts += [("tab", tabs.tabText(i)) for i in range(tabs.count())]
    return texts


def _dialog_texts(dialog) -> list[tuple[str, str]]:
    name = type(dialog).__name__
    texts = [(f"{name} title", dialog.windowTitle())]
    texts += [(f"{name} button", b.text()) for b in dialog.findChildren(QAbstractButton) if b.text()]
    for tabs in dialog.findChildren(QTabWidget):
        texts += [(f"{name} tab", tabs.tabText(i)) for i in range(tabs.count())]
    for form in dialog.findChildren(QFormLayout):
        for row in range(form.rowCount()):
            item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            if item is not None and isinstance(item.widget(), QLabel):
                texts.append((f"{name} field", item.widget().text()))
    return texts


def test_swedish_window_and_dialogs_show_no_english(qtbot, swedish, open_window, demo_database):
    from console.ui.about_dialog import AboutDialog
    from console.ui.dialogs import AssignDialog, EtaDialog, NewOutageDialog, StatusDialog
    from console.ui.settings_dialog import SettingsDialog
    from console.ui.shortcuts_dialog import ShortcutsDialog

    window = open_window(demo_database)
    assert QCoreApplication.translate("WindowActions", "&File") != "&File"
    texts = _window_texts(window)

    settings = SettingsDialog(window)
    qtbot.addWidget(settings)
    with qtbot.waitSignal(settings.loaded, timeout=10_000):
        settings.show()
    texts += _dialog_texts(settings)
    # The form's captions (not the values typed into it).
    texts += [("SettingsDialog label", label.text()) for label in settings.findChildren(QLabel)
              if label.text() and label.objectName() != "dialogError"
              and not label.text().startswith("<")]
    for cls in (AboutDialog, ShortcutsDialog, NewOutageDialog):
        dialog = cls(window)
        qtbot.addWidget(dialog)
        texts += _dialog_texts(dialog)
    view = window.outage_model.outage(window.selected_outage_id())
    for cls in (AssignDialog, StatusDialog, EtaDialog):
        dialog = cls(window, view)
        qtbot.addWidget(dialog)
        texts += _dialog_texts(dialog)

    bad = _check(texts)
    assert not bad, "English left in the Swedish interface:\n" + "\n".join(bad)
    QApplication.processEvents()


def test_an_english_window_says_one_page_and_three_pages(qapp):
    from PySide6.QtCore import QCoreApplication

    from console.ui.app import install_translator

    try:
        assert install_translator(qapp, "en") == "en"
        say = lambda n: QCoreApplication.translate("HandoverController", "Handover sent to the printer (%n page(s))",
                                                   "", n)
        assert (say(1), say(3)) == ("Handover sent to the printer (1 page)", "Handover sent to the printer (3 pages)")
    finally:
        for translator in getattr(qapp, "_console_translators", []):
            qapp.removeTranslator(translator)
        qapp._console_translators = []
