"""The handover notes of a shift as rows, with Edit and Delete: F2 or Enter edits the current
note, the Delete key deletes it (after asking). Text from the database is shown as plain text."""
from __future__ import annotations

import textwrap

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QTreeWidget, QTreeWidgetItem

from .labels import format_local



def _wrapped(text: str, width: int) -> str:
    return "\n".join(textwrap.fill(line, width) if line.strip() else "" for line in text.splitlines())


class NoteList(QTreeWidget):
    """edit_requested(ShiftNoteView), delete_requested(ShiftNoteView)."""

    edit_requested = Signal(object)
    delete_requested = Signal(object)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("shiftNotes")
        self.setRootIsDecorated(False)
        self.setAlternatingRowColors(True)
        self.setUniformRowHeights(False)
        self.setWordWrap(False)
        self.setHeaderLabels([self.tr("Written"), self.tr("By"), self.tr("Note")])
        self.setColumnWidth(0, 125)
        self.setColumnWidth(1, 110)
        self.setSelectionMode(QTreeWidget.SelectionMode.SingleSelection)
        self.notes: list = []
        self.edit_button = QPushButton(self.tr("&Edit…"), parent)
        self.edit_button.setObjectName("editNote")
        self.edit_button.setToolTip(self.tr("Change the selected note (F2)"))
        self.delete_button = QPushButton(self.tr("&Delete…"), parent)
        self.delete_button.setObjectName("deleteNote")
        self.delete_button.setToolTip(self.tr("Delete the selected note (Del)"))
        self.edit_button.clicked.connect(lambda: self._ask(self.edit_requested))
        self.delete_button.clicked.connect(lambda: self._ask(self.delete_requested))
        self.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.itemActivated.connect(lambda *_: self._ask(self.edit_requested))
        self.buttons = QHBoxLayout()
        self.buttons.setContentsMargins(0, 0, 0, 0)
        self.buttons.addStretch(1)
        self.buttons.addWidget(self.edit_button)
        self.buttons.addWidget(self.delete_button)
        self._update_buttons()

    def set_notes(self, notes: list) -> None:
        keep = self.current_note()
        self.clear()
        self.notes = list(notes)
        # A note is read whole in the list. Tree rows get their height before the last column its
        # width, so Qt's own wrapping cuts long notes off: they are wrapped here to the column.
        width = max(24, self.columnWidth(2) // max(1, self.fontMetrics().averageCharWidth()) - 4)
        self._wrap_width = width
        for note in self.notes:
            item = QTreeWidgetItem([format_local(note.written_at, "%a %d %b %H:%M"), note.written_by,
                                    _wrapped(note.text, width)])
            item.setData(0, Qt.ItemDataRole.UserRole, note)
            item.setToolTip(2, note.text)
            for column in (0, 1):
                item.setTextAlignment(column, Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
            self.addTopLevelItem(item)
            if keep is not None and keep.id == note.id:
                self.setCurrentItem(item)
        if not self.notes:
            empty = QTreeWidgetItem([self.tr("No notes for this shift yet.")])
            self.addTopLevelItem(empty)
            empty.setFirstColumnSpanned(True)
        elif self.currentItem() is None:
            self.setCurrentItem(self.topLevelItem(self.topLevelItemCount() - 1))
        self._update_buttons()

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt name)
        super().resizeEvent(event)
        if self.notes:
            width = max(24, self.columnWidth(2) // max(1, self.fontMetrics().averageCharWidth()) - 4)
            if width != getattr(self, "_wrap_width", None):
                self.set_notes(self.notes)

    def current_note(self):
        item = self.currentItem()
        return item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None

    def texts(self) -> list[str]:
        return [n.text for n in self.notes]

    def _ask(self, signal) -> None:
        note = self.current_note()
        if note is not None:
            signal.emit(note)

    def _update_buttons(self) -> None:
        has = self.current_note() is not None
        self.edit_button.setEnabled(has)
        self.delete_button.setEnabled(has)

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt name)
        if event.key() == Qt.Key.Key_F2 and event.modifiers() == Qt.KeyboardModifier.NoModifier:
            self._ask(self.edit_requested)
            return
        if event.key() == Qt.Key.Key_Delete and event.modifiers() == Qt.KeyboardModifier.NoModifier:
            self._ask(self.delete_requested)
            return
        super().keyPressEvent(event)
