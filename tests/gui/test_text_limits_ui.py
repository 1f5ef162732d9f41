"""The window's dialogs hold free text to the same limits as the command line (domain/limits.py):
a field that could take more says so in one line and writes nothing."""
from __future__ import annotations

from datetime import timedelta

import pytest

from console.domain import limits
from console.services import eta

pytestmark = pytest.mark.gui


def test_an_eta_note_past_its_limit_is_one_line_in_the_dialog_and_nothing_is_written(
        open_window, demo_database, qtbot):
    from console.ui.dialogs import EtaDialog

    window = open_window(demo_database)
    view = window.outage_model.outage(2)
    before = len(eta.eta_history(demo_database, 2))
    dialog = EtaDialog(window, view)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.eta.setDateTime(dialog.eta.dateTime().addSecs(int(timedelta(hours=2).total_seconds())))
    dialog.reason.setCurrentIndex(dialog.reason.findData("scope"))
    dialog.note.setPlainText("n" * (limits.NOTE_CHARS + 1))
    dialog._submit()
    qtbot.waitUntil(dialog.error.isVisible, timeout=10_000)
    text = dialog.error.text()
    assert f"at most {limits.NOTE_CHARS}" in text and "\n" not in text
    assert dialog.isVisible() and len(eta.eta_history(demo_database, 2)) == before


def test_the_new_outage_and_lend_fields_stop_at_the_domain_limits(open_window, demo_database, qtbot):
    from console.ui.dialogs import NewOutageDialog

    window = open_window(demo_database)
    dialog = NewOutageDialog(window)
    qtbot.addWidget(dialog)
    assert dialog.title.maxLength() == limits.TITLE_CHARS
    assert dialog.area.maxLength() == limits.AREA_CHARS
    dialog.close()
    lend = window.loans_panel.open_lend()
    assert lend.customer.maxLength() == limits.REFERENCE_CHARS
    lend.reject()
