"""Help → Keyboard shortcuts: every command of the window that has a key, read from the
window's actions themselves so the list never drifts from what the keys really do."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
)


def plain(text: str) -> str:
    """A menu text without its accelerator marks ('&Outage' -> 'Outage', '&&' -> '&')."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def shortcut_rows(window) -> list[tuple[str, str, str]]:
    """(menu, command, keys) for every action of the window that has a shortcut, menu by menu."""
    rows = []
    seen = set()
    for key, menu in window.commands.menus.items():
        for act in menu.actions():
            if act.isSeparator() or act.shortcut().isEmpty() or id(act) in seen:
                continue
            seen.add(id(act))
            keys = ", ".join(seq.toString(QKeySequence.SequenceFormat.NativeText) for seq in act.shortcuts())
            rows.append((plain(menu.title()), plain(act.text()), keys))
    for act in window.findChildren(QAction):
        if id(act) in seen or act.shortcut().isEmpty() or not act.text():
            continue
        seen.add(id(act))
        keys = ", ".join(seq.toString(QKeySequence.SequenceFormat.NativeText) for seq in act.shortcuts())
        rows.append(("", plain(act.text()), keys))
    return rows


class ShortcutsDialog(QDialog):
    def __init__(self, window):
        super().__init__(window)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.tree = QTreeWidget(self)
        self.tree.setRootIsDecorated(False)
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels([self.tr("Command"), self.tr("Keys")])
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        groups: dict[str, QTreeWidgetItem] = {}
        for menu, command, keys in shortcut_rows(window):
            group = groups.get(menu)
            if group is None:
                group = QTreeWidgetItem(self.tree, [menu or self.tr("Other")])
                font = group.font(0)
                font.setBold(True)
                group.setFont(0, font)
                group.setFirstColumnSpanned(True)
                groups[menu] = group
            QTreeWidgetItem(group, [command, keys])
        self.tree.expandAll()
        self.tree.setRootIsDecorated(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tree)
        layout.addWidget(buttons)
        self.resize(460, 520)
