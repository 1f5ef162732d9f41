"""Outage > Affected area…: tie the selected outage to network nodes, a radius or an area drawn on the map."""
from __future__ import annotations

import json

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialogButtonBox, QDoubleSpinBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QRadioButton,
)

from console.domain.errors import DispatchError
from console.map.area_draw import area_draw_js
from console.services import customers as customer_service
from console.services.readmodels import OutageView

from .dialogs import _ActionDialog


def area_text(points) -> str:
    """The corners as the service reads them ('lat lon; lat lon; ...'), as `outages affect --area`."""
    return "; ".join(f"{lat:.6f} {lon:.6f}" for lat, lon in points)


class AffectDialog(_ActionDialog):
    """The write runs in a worker (run_action); the board hears the new count by the change feed.

    "Draw on the map…" hides the dialog while the dispatcher clicks the area's corners on the map
    (area_draw.js); it comes back when the area is finished or cancelled, with the premises inside
    counted by the same rule that ties them.
    """

    def __init__(self, window, outage: OutageView):
        super().__init__(window, self.tr("Affected area of #{id}").format(id=outage.id))
        self.set_outage(outage)
        self.area_points: list[tuple[float, float]] = []
        self.drawing = False
        self._count_token = 0
        title = QLabel(self)
        title.setText(outage.title)
        self.by_nodes = QRadioButton(self.tr("Network nodes"), self)
        self.by_nodes.setChecked(True)
        self.nodes = QLineEdit(self)
        self.nodes.setObjectName("affectNodes")
        self.nodes.setPlaceholderText(self.tr("NOD-12, NOD-13"))
        self.by_radius = QRadioButton(self.tr("Radius around the outage"), self)
        self.radius = QDoubleSpinBox(self)
        self.radius.setObjectName("affectRadius")
        self.radius.setRange(0.1, customer_service.MAX_RADIUS_KM)
        self.radius.setDecimals(1)
        self.radius.setValue(2.0)
        self.radius.setSuffix(" km")
        self.by_area = QRadioButton(self.tr("Area drawn on the map"), self)
        self.draw = QPushButton(self.tr("Draw on the map…"), self)
        self.draw.setObjectName("affectDraw")
        self.draw.setToolTip(self.tr("Click the corners on the map; double-click or Enter to finish, "
                                     "Backspace takes a corner back, Esc cancels"))
        self.area_summary = QLabel(self.tr("No area drawn yet."), self)
        self.area_summary.setObjectName("affectAreaSummary")
        self.area_summary.setTextFormat(Qt.TextFormat.PlainText)
        area_row = QHBoxLayout()
        area_row.addWidget(self.draw)
        area_row.addWidget(self.area_summary, 1)
        self.by_clear = QRadioButton(self.tr("Not tied (keep the count entered)"), self)
        self.nodes.textEdited.connect(lambda _t: self.by_nodes.setChecked(True))
        self.radius.valueChanged.connect(lambda _v: self.by_radius.setChecked(True))
        self.draw.clicked.connect(self.start_drawing)
        self.form.addRow(self.tr("Outage"), title)
        self.form.addRow(self.by_nodes, self.nodes)
        self.form.addRow(self.by_radius, self.radius)
        self.form.addRow(self.by_area, area_row)
        self.form.addRow(self.by_clear)
        self.form.addRow(QLabel(self.tr("Customers affected becomes the number of customers in the register "
                                        "that the nodes feed, the radius or the area takes in."), self))
        window.map_view.bridge.area_drawn.connect(self._area_changed)
        self.finished.connect(self._closed)

    # ---- drawing on the map ----
    def start_drawing(self) -> None:
        self.drawing = True
        self.hide()
        view = self.window_.map_view
        hint = self.tr("Click the corners of the affected area on the map. Double-click or Enter finishes, "
                       "Backspace takes a corner back, Esc cancels.")
        view.run_js(area_draw_js("start", hint))
        view.setFocus(Qt.FocusReason.OtherFocusReason)
        self.window_.statusBar().showMessage(hint)

    def _area_changed(self, text: str) -> None:
        if not shiboken6.isValid(self) or not self.drawing:
            return
        try:
            state = json.loads(text)
            points = [(float(lat), float(lon)) for lat, lon in state.get("points", [])]
            kind = state.get("state")
        except (ValueError, TypeError, AttributeError):
            return
        bar = self.window_.statusBar()
        if kind == "drawing":
            if len(points) >= 3:
                self._count(points, self._say_count)
            return
        self.drawing = False
        bar.clearMessage()
        if kind == "done" and len(points) >= 3:
            self.area_points = points
            self.by_area.setChecked(True)
            self.area_summary.setText(self.tr("%n corner(s); counting the premises inside…", "", len(points)))
            self._count(points, self._show_count)
        self.show()
        self.raise_()
        self.activateWindow()
        # Enter applies an area just drawn; after a cancel it starts drawing again.
        (self.buttons.button(QDialogButtonBox.StandardButton.Ok) if self.area_points else self.draw).setFocus()

    def _say_count(self, n: int) -> None:
        text = self.tr("%n premises inside so far. Double-click or Enter finishes, Esc cancels.", "", n)
        self.window_.statusBar().showMessage(text)
        self.window_.map_view.run_js(area_draw_js("say", text))

    def _count(self, points, done) -> None:
        self._count_token += 1
        token = self._count_token

        def counted(n: int) -> None:
            if token == self._count_token and shiboken6.isValid(self):
                done(n)

        self.window_.workers.submit(customer_service.count_in_area, self.window_.db, area_text(points),
                                    on_done=counted, on_error=lambda err: self.show_error(err))

    def _show_count(self, n: int) -> None:
        self.area_count = n
        self.area_summary.setText(self.tr("{corners} corners · %n premises inside", "", n).format(
            corners=len(self.area_points)))

    def _closed(self, _result) -> None:
        try:
            self.window_.map_view.bridge.area_drawn.disconnect(self._area_changed)
        except (RuntimeError, TypeError):
            pass
        self.window_.map_view.run_js(area_draw_js("clear"))

    # ---- saving ----
    def action(self):
        if self.by_nodes.isChecked():
            if not self.nodes.text().strip():
                raise DispatchError(self.tr("Name at least one node."))
            return customer_service.set_affect, (self.outage.id,), {"nodes": self.nodes.text()}
        if self.by_radius.isChecked():
            return customer_service.set_affect, (self.outage.id,), {"radius_km": self.radius.value()}
        if self.by_area.isChecked():
            if len(self.area_points) < 3:
                raise DispatchError(self.tr("Draw the area on the map first (at least three corners)."))
            return customer_service.set_affect, (self.outage.id,), {"area": area_text(self.area_points)}
        return customer_service.set_affect, (self.outage.id,), {"clear": True}
