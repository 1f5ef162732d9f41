"""Outage > Affected area…: tie the selected outage to network nodes or a radius around it."""
from __future__ import annotations

from PySide6.QtWidgets import QDoubleSpinBox, QLabel, QLineEdit, QRadioButton

from console.domain.errors import DispatchError
from console.services import customers as customer_service
from console.services.readmodels import OutageView

from .dialogs import _ActionDialog


class AffectDialog(_ActionDialog):
    """The write runs in a worker (run_action); the board hears the new count by the change feed."""

    def __init__(self, window, outage: OutageView):
        super().__init__(window, self.tr("Affected area of #{id}").format(id=outage.id))
        self.set_outage(outage)
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
        self.by_clear = QRadioButton(self.tr("Not tied (keep the count entered)"), self)
        self.nodes.textEdited.connect(lambda _t: self.by_nodes.setChecked(True))
        self.radius.valueChanged.connect(lambda _v: self.by_radius.setChecked(True))
        self.form.addRow(self.tr("Outage"), title)
        self.form.addRow(self.by_nodes, self.nodes)
        self.form.addRow(self.by_radius, self.radius)
        self.form.addRow(self.by_clear)
        self.form.addRow(QLabel(self.tr("Customers affected becomes the number of customers in the register "
                                        "that the nodes feed or the radius takes in."), self))

    def action(self):
        if self.by_nodes.isChecked():
            if not self.nodes.text().strip():
                raise DispatchError(self.tr("Name at least one node."))
            return customer_service.set_affect, (self.outage.id,), {"nodes": self.nodes.text()}
        if self.by_radius.isChecked():
            return customer_service.set_affect, (self.outage.id,), {"radius_km": self.radius.value()}
        return customer_service.set_affect, (self.outage.id,), {"clear": True}
