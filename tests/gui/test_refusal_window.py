"""A Swedish window says a service's refusal in Swedish, and an unexpected failure as a plain
Swedish sentence: never the exception's class name, never the English of the command line."""
from __future__ import annotations

import logging
import re

import pytest

from console.services import outages, settings as operator_settings

pytestmark = pytest.mark.gui

ENGLISH = re.compile(r"\b(is|the|must|cannot|not found|already|no|of|got|went|wrong)\b", re.IGNORECASE)


def _refusal(call):
    from console.domain.errors import DispatchError

    with pytest.raises(DispatchError) as caught:
        call()
    return caught.value


def test_refusals_and_failures_in_a_swedish_window(qtbot, swedish, open_window, demo_database, caplog):
    from console.ui.handover_ui import HandoverNotesDialog
    from console.ui.settings_dialog import SettingsDialog

    window = open_window(demo_database)
    missing = _refusal(lambda: outages.get_outage(demo_database, 99999))
    bad_value = _refusal(lambda: operator_settings.coerce("travel_circuity", "abc"))
    surprise = KeyError("travel_circuity")

    window._show_error(missing)
    shown = window.statusBar().currentMessage()
    assert shown == missing.in_language("sv") and "99999" in shown and not ENGLISH.search(shown)

    settings = SettingsDialog(window)
    qtbot.addWidget(settings)
    with qtbot.waitSignal(settings.loaded, timeout=10_000):
        settings.show()
    settings._failed(bad_value)
    assert settings.error.text() == bad_value.in_language("sv")
    with caplog.at_level(logging.ERROR):
        settings._failed(surprise)
    assert "KeyError" not in settings.error.text() and not ENGLISH.search(settings.error.text())
    assert "KeyError" in caplog.text  # the details stay in the log

    notes = HandoverNotesDialog(window)
    qtbot.addWidget(notes)
    caplog.clear()
    with caplog.at_level(logging.ERROR):
        notes._show_error(surprise)
    assert "KeyError" not in notes.error.text() and not ENGLISH.search(notes.error.text())
    assert "KeyError" in caplog.text
    notes._show_error(missing)
    assert notes.error.text() == missing.in_language("sv")
