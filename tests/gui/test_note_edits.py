"""Editing and deleting a handover note in the window, with the keyboard: F2, Ctrl+Enter, Delete."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from console.services.audit import audit_trail
from console.services.handover import save_shift_note, shift_notes
from console.services.uow import Db

CTRL = Qt.KeyboardModifier.ControlModifier


def _rows(dialog) -> list[str]:
    return [" ".join(dialog.notes.topLevelItem(i).text(2).split()) for i in range(dialog.notes.topLevelItemCount())]


def test_a_note_is_edited_and_deleted_from_the_notes_dialog(open_window, demo_database, qtbot):
    from console.ui.handover_ui import shift_start

    start = shift_start()
    first = save_shift_note(demo_database, "Ring Lina kl 06 om skarvboxarna", start)
    second = save_shift_note(demo_database, "Fel utbrott, strunta i detta", start)
    window = open_window(demo_database)
    window.commands.handover_notes()
    dialog = window.commands.notes_dialog
    qtbot.waitUntil(lambda: _rows(dialog) == [first.text, second.text], timeout=10_000)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=5_000)

    dialog.notes.setFocus()
    dialog.notes.setCurrentItem(dialog.notes.topLevelItem(0))
    qtbot.keyClick(dialog.notes, Qt.Key.Key_F2)
    assert dialog.editing.id == first.id and dialog.editor.hasFocus()
    assert dialog.editor.toPlainText() == first.text and dialog.save_button.text() == "Save changes"
    qtbot.keyClicks(dialog.editor, "Ring Lina kl 05 om skarvboxarna")  # the text was selected: replaced
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        qtbot.keyClick(dialog.editor, Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: _rows(dialog)[0] == "Ring Lina kl 05 om skarvboxarna", timeout=10_000)
    assert dialog.editing is None and dialog.editor.toPlainText() == "" and dialog.save_button.text() == "Save note"

    other = Db.open(demo_database.url, actor="other-workstation")
    assert [n.text for n in shift_notes(other, start)] == ["Ring Lina kl 05 om skarvboxarna", second.text]
    assert audit_trail(other, "shift_note", first.id)[0].action == "edit"

    # Delete asks, with No as the default: Enter keeps the note.
    dialog.notes.setFocus()
    dialog.notes.setCurrentItem(dialog.notes.topLevelItem(1))
    qtbot.keyClick(dialog.notes, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: getattr(dialog, "delete_question", None) is not None
                    and dialog.delete_question.isVisible(), timeout=5_000)
    ask = dialog.delete_question
    qtbot.keyClick(ask, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not ask.isVisible(), timeout=5_000)
    qtbot.wait(200)
    assert len(shift_notes(other, start)) == 2

    qtbot.keyClick(dialog.notes, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: dialog.delete_question is not ask and dialog.delete_question.isVisible(), timeout=5_000)
    yes = dialog.delete_question.button(QMessageBox.StandardButton.Yes)
    yes.setFocus()
    with qtbot.waitSignal(dialog.deleted, timeout=10_000):
        qtbot.keyClick(yes, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: _rows(dialog) == ["Ring Lina kl 05 om skarvboxarna"], timeout=10_000)
    assert [n.id for n in shift_notes(other, start)] == [first.id]
    assert audit_trail(other, "shift_note", second.id)[0].action == "delete"
