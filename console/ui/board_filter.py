"""The board's status filter and match count, and the map that follows the board.

One filter state: OutageFilterProxy holds the text, "open only" and the status; the board
shows its rows and the map draws only those outages (dispatchMap.setOutageFilter).
"""
from __future__ import annotations

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QComboBox, QLabel, QWidget

from console.domain.enums import OutageStatus

from .labels import outage_status_label
from .outage_table import OutageFilterProxy


class StatusFilterCombo(QComboBox):
    """"Any status" (the open-only box decides) or exactly one status."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("statusFilter")
        self.addItem(self.tr("Any status"), None)
        for status in OutageStatus:
            self.addItem(outage_status_label(status), str(status))
        self.setToolTip(self.tr("Show only outages with this status, on the board and the map"))
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)

    def status(self) -> str | None:
        return self.currentData()

    def set_status(self, status: str | None) -> None:
        index = self.findData(status)
        self.setCurrentIndex(max(index, 0))


class BoardFilterSync(QObject):
    """Keeps the match count label and the map's drawn outages in step with the proxy.

    Changes are gathered for one event-loop turn: typing a word or a storm refresh filters the
    proxy many times, the map is told once."""

    def __init__(self, proxy: OutageFilterProxy, count_label: QLabel, map_view, parent=None):
        super().__init__(parent)
        self._proxy = proxy
        self._label = count_label
        self._map = map_view
        self._pending = QTimer(self)
        self._pending.setSingleShot(True)
        self._pending.setInterval(0)
        self._pending.timeout.connect(self.push)
        for signal in (proxy.rowsInserted, proxy.rowsRemoved, proxy.modelReset, proxy.layoutChanged):
            signal.connect(self.schedule)
        self._map_filtered = False
        self._fit_next = False

    def schedule(self, *_args) -> None:
        self._pending.start()

    def criteria_changed(self, *_args) -> None:
        """The dispatcher changed the filter: the map brings the matches into view once."""
        self._fit_next = True
        self._pending.start()

    def push(self) -> None:
        """Now, not later: the label and the map get the proxy's current rows."""
        self._pending.stop()
        shown = self._proxy.rowCount()
        total = self._proxy.sourceModel().rowCount()
        if not self._proxy.narrowed():
            self._label.setText("")
            self._label.setVisible(False)
        elif shown == 0:
            self._label.setText(self.tr("No outages match"))
            self._label.setVisible(True)
        else:
            self._label.setText(self.tr("%1 of %2 outages").replace("%1", str(shown)).replace("%2", str(total)))
            self._label.setVisible(True)
        fit, self._fit_next = self._fit_next, False
        if self._proxy.narrowed():
            if fit and shown:
                self._map.call("setOutageFilter", self._proxy.shown_ids(), {"fit": True})
            else:
                self._map.call("setOutageFilter", self._proxy.shown_ids())
            self._map_filtered = True
        elif self._map_filtered:
            self._map.call("setOutageFilter", None)
            self._map_filtered = False

    def map_reloaded(self) -> None:
        """A new page starts unfiltered: tell it again."""
        self._map_filtered = False
        self.push()


__all__ = ["StatusFilterCombo", "BoardFilterSync"]
