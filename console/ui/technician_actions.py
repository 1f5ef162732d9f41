"""Technician commands of the window: the track of the last hours and the device id.

TechnicianActions is made once by the main window. It registers its commands in the
"technician" menu and in the technician panel's context menu. (What a van lacks for its job
comes with the technician's read model, services/facts.py.)
"""
from __future__ import annotations


from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QLabel, QLineEdit

from console.domain.timeutil import format_local
from console.services import positions, technicians
from console.services.readmodels import TechnicianView

from .dialogs import _ActionDialog

TRACK_HOURS = 4


# ------------------------------------------------------------------ dialogs


class DeviceIdDialog(_ActionDialog):
    """The id the technician's phone reports positions with (Traccar Client / OsmAnd)."""

    def __init__(self, window, tech: TechnicianView):
        super().__init__(window, self.tr("Device id of {name}").format(name=tech.name))
        self.setObjectName("deviceIdDialog")
        self.tech = tech
        name = QLabel(self)
        name.setTextFormat(Qt.TextFormat.PlainText)
        name.setText(tech.name)
        self.device = QLineEdit(self)
        self.device.setObjectName("deviceId")
        self.device.setMaxLength(80)
        self.device.setText(tech.device_id or "")
        self.device.setPlaceholderText(self.tr("e.g. tc-anna; empty: no phone bound"))
        self.device.selectAll()
        hint = QLabel(self.tr("The identifier set in the phone's Traccar Client or OsmAnd. Letters, digits "
                              "and . _ : @ - only. Each device belongs to one technician."), self)
        hint.setObjectName("fieldCaption")
        hint.setWordWrap(True)
        self.form.addRow(self.tr("Technician"), name)
        self.form.addRow(self.tr("Device id"), self.device)
        self.form.addRow("", hint)
        self.resize(440, self.sizeHint().height())

    def action(self):
        return technicians.set_device, (self.tech.id, self.device.text()), {}


# ------------------------------------------------------------------ the commands


class TechnicianActions(QObject):
    """track_shown(tech_id, points): a track was drawn (0 points: none in the period).
    shortages_updated(dict): new van shortages reached the panel."""

    track_shown = Signal(int, int)

    def __init__(self, window):
        super().__init__(window)
        self.window_ = window
        self.track_for: int | None = None

        add = window.commands.add
        self.act_track = add("technician", self.tr("Show track (last {h} h)").format(h=TRACK_HOURS), "Ctrl+Shift+T",
                             self.show_track, self.tr("Draw where the selected technician drove in the last hours"))
        self.act_clear_track = add("technician", self.tr("Hide track"), None, self.clear_track,
                                   self.tr("Remove the drawn track from the map"))
        self.act_device = add("technician", self.tr("Set device id…"), None, self.set_device,
                              self.tr("Bind the phone that reports the selected technician's position"))
        panel = window.tech_panel
        if hasattr(panel, "add_context_action"):
            for act in (self.act_track, self.act_clear_track, self.act_device):
                panel.add_context_action(act)

    # ---- selection ----
    def selected(self) -> TechnicianView | None:
        tech_id = self.window_.tech_panel.selected_technician()
        tech = self.window_.tech_model.technician(tech_id) if tech_id is not None else None
        if tech is None:
            self.window_.statusBar().showMessage(self.tr("Select a technician in the Technicians list first."),
                                                 6000)
        return tech

    # ---- track ----
    def show_track(self, tech_id: int | None = None, hours: float = TRACK_HOURS) -> None:
        tech = self.window_.tech_model.technician(tech_id) if tech_id else self.selected()
        if tech is None:
            return
        self.window_.workers.submit(positions.track, self.window_.db, tech.id, hours,
                                    on_done=lambda points: self._draw_track(tech, points, hours))

    def _draw_track(self, tech: TechnicianView, points, hours: float) -> None:
        bar = self.window_.statusBar()
        if not points:
            self.window_.map_view.call("clearTrack")
            self.track_for = None
            bar.showMessage(self.tr("No positions from {name} in the {h} h before the last fix.").format(
                name=tech.name, h=f"{hours:g}"), 8000)
            self.track_shown.emit(tech.id, 0)
            return
        self.window_.map_view.call("showTrack", tech.id, [[p.lat, p.lon] for p in points], {"fit": True})
        self.track_for = tech.id
        bar.showMessage(self.tr("Track of {name}: {n} positions {start}\u2013{end}").format(
            name=tech.name, n=len(points), start=format_local(points[0].fixed_at, "%H:%M"),
            end=format_local(points[-1].fixed_at, "%H:%M")), 10_000)
        self.track_shown.emit(tech.id, len(points))

    def clear_track(self) -> None:
        self.window_.map_view.call("clearTrack")
        self.track_for = None

    # ---- device id ----
    def set_device(self) -> None:
        tech = self.selected()
        if tech is not None:
            self.dialog = DeviceIdDialog(self.window_, tech)
            self.dialog.open()
