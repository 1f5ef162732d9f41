"""Fixtures for the console window: a fresh demo database per test and a loaded window."""
from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")

import json  # noqa: E402

import pytest  # noqa: E402

pytest.importorskip("PySide6.QtWebEngineWidgets")

from console.ui.map_view import register_schemes  # noqa: E402

# Qt wants custom URL schemes declared before the QApplication exists (pytest-qt makes it later).
register_schemes()


@pytest.fixture
def demo_database(tmp_path):
    from console.services import demo
    from console.services.uow import Db

    db = Db.open(f"sqlite:///{tmp_path / 'console.sqlite3'}", actor="test-dispatcher")
    demo.load_demo(db)
    return db


@pytest.fixture
def storm_database(tmp_path):
    """The storm the issues were tried on: 300 outages, seed 7."""
    from console.services import demo
    from console.services.uow import Db

    db = Db.open(f"sqlite:///{tmp_path / 'storm.sqlite3'}", actor="test-dispatcher")
    demo.load_storm(db, 300, seed=7)
    return db


@pytest.fixture
def open_window(qtbot, tmp_path):
    """open_window(db, tiles="none") -> a MainWindow whose data is in the tables and on the map."""
    from console.ui.app import apply_style
    from console.ui.main_window import MainWindow

    windows = []

    def make(db, tiles="none", before_start=None, wait=True):
        from PySide6.QtWidgets import QApplication

        apply_style(QApplication.instance())
        window = MainWindow(db, tiles, cache_dir=tmp_path / "cache", web_cache_dir=None)
        qtbot.addWidget(window)
        windows.append(window)
        window.resize(1400, 900)
        if before_start is not None:
            before_start(window)
        window.show()
        window.start()
        if wait:
            qtbot.waitUntil(window.is_loaded, timeout=30_000)
        return window

    yield make
    for window in windows:
        window.close()
    # close() hands the web pages to deleteLater(); run those deletions now, while the shared
    # profile is alive, instead of leaving Qt to warn about live pages at interpreter exit.
    from PySide6.QtCore import QCoreApplication, QEvent

    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture
def js(qtbot):
    """js(window, source) -> the JSON-decoded result of source run in the map page."""

    def run(window, source, timeout=10_000):
        box = {}
        window.map_view.web_page.runJavaScript(
            f"JSON.stringify((function(){{ return {source}; }})())", 0, lambda r: box.setdefault("r", r))
        qtbot.waitUntil(lambda: "r" in box, timeout=timeout)
        return None if box["r"] in (None, "", "undefined") else json.loads(box["r"])

    return run


@pytest.fixture
def private_qsettings(tmp_path):
    """The window remembers folders and switches in QSettings: keep them out of the real profile."""
    from PySide6.QtCore import QSettings

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "qsettings"))
    yield


@pytest.fixture
def swedish(qapp):
    """The window's words in Swedish for one test, English again after it."""
    from PySide6.QtCore import QLocale

    from console.ui.app import install_translator

    before = QLocale()
    assert install_translator(qapp, "sv") == "sv"
    yield
    for translator in getattr(qapp, "_console_translators", []):
        qapp.removeTranslator(translator)
    qapp._console_translators = []
    QLocale.setDefault(before)
