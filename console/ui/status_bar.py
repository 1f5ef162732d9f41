"""The window's status bar: the shift's numbers, routers out, map tiles and the database light.

Each label is set from what the live state and the map report; a label that needs attention
gets the "warn" property, which the application's style sheet colours.
"""
from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QLabel, QStatusBar

KEYS = ("open", "customers", "technicians", "untold", "loans", "tiles", "database")


class StatusLabels(QObject):
    def __init__(self, bar: QStatusBar):
        super().__init__(bar)
        self.bar = bar
        bar.setObjectName("statusBar")
        self.labels: dict[str, QLabel] = {}
        for key in KEYS:
            label = QLabel(bar)
            label.setObjectName(f"status_{key}")
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setContentsMargins(8, 0, 8, 0)
            bar.addPermanentWidget(label)
            self.labels[key] = label

    def _set(self, key: str, text: str, warn: bool = False, tip: str | None = None) -> None:
        label = self.labels[key]
        label.setText(text)
        if tip is not None:
            label.setToolTip(tip)
        if label.property("warn") != warn:
            label.setProperty("warn", warn)
            label.style().unpolish(label)
            label.style().polish(label)

    def show_counts(self, open_outages: int, customers: int, on_duty: int, untold: int,
                    untold_limit: int) -> None:
        self._set("open", self.tr("Open outages: {n}").format(n=open_outages))
        self._set("customers", self.tr("Customers affected: {n}").format(n=f"{customers:,}".replace(",", "\u2009")))
        self._set("technicians", self.tr("On duty: {n}").format(n=on_duty))
        self._set("untold", self.tr("Not told > {limit} min: {n}").format(limit=untold_limit, n=untold), untold > 0)

    def show_loans(self, out: int, to_collect: int) -> None:
        self._set("loans", self.tr("Routers out: {out} · to collect: {collect}").format(out=out, collect=to_collect),
                  to_collect > 0)

    def show_tiles(self, state: str, source: str) -> None:
        texts = {
            "loading": self.tr("Map tiles: loading"),
            "ok": self.tr("Map tiles: {source}").format(source=source),
            "unavailable": self.tr("Map tiles unavailable"),
            "off": self.tr("Map tiles: off"),
        }
        self._set("tiles", texts.get(state, state), state == "unavailable")

    def show_database(self, state: str, tip: str) -> None:
        texts = {
            "unknown": self.tr("database: connecting…"),
            "up": self.tr("database: connected"),
            "down": self.tr("database unreachable — retrying"),
        }
        self._set("database", texts[state], state == "down", tip)
