"""Technician commands of the window: the track of the last hours, the device id, van shortages.

TechnicianActions is made once by the main window. It registers its commands in the
"technician" menu and in the technician panel's context menu, and keeps the panel's
"Van lacks" column fed: for each technician on a job, what the van lacks of that job's
needs (the bill of materials, plus a lighting kit when the work runs into darkness), worked
out in a worker for the technicians that changed only.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QLabel, QLineEdit

from console.domain.daylight import runs_into_darkness
from console.domain.errors import DispatchError
from console.domain.restock import default_bill_of_materials, shortage, with_lighting
from console.domain.timeutil import format_local, utcnow
from console.services import outages, positions, technicians
from console.services.readmodels import OutageView, TechnicianView
from console.services.settings import get_settings

from .dialogs import _ActionDialog
from .technician_panel import COL_SHORT, empty_items

TRACK_HOURS = 4


# ------------------------------------------------------------------ van shortages (worker side)


def van_shortages(db, jobs: Iterable[tuple[TechnicianView, OutageView]], names: dict[str, str],
                  now: datetime | None = None) -> dict[int, list[tuple[str, float]]]:
    """technician id -> [(material name, quantity short)] for their job, in the job's order.

    One read per job (its own bill of materials, if the dispatcher set one) and the settings
    once; everything else comes from the views the window already holds.
    """
    now = now or utcnow()
    repair = get_settings(db).eta_settings
    needs: dict[int, dict[str, int]] = {}
    out: dict[int, list[tuple[str, float]]] = {}
    for tech, outage in jobs:
        required = needs.get(outage.id)
        if required is None:
            bom = {m.material: round(m.quantity) for m in outages.outage_materials(db, outage.id)}
            bom = bom or default_bill_of_materials(outage.cause)
            eta = outage.current_eta
            end = eta if eta is not None and eta > now else now + timedelta(minutes=repair.repair_for(outage.cause))
            required = needs[outage.id] = with_lighting(bom, runs_into_darkness(outage.lat, outage.lon, now, end))
        van = {s.material: (max(0, round(s.quantity)), max(0, round(s.reserved))) for s in tech.van_stock}
        out[tech.id] = [(names.get(code, code), float(qty)) for code, qty in shortage(required, van).items()]
    return out


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
    shortages_updated = Signal(object)

    def __init__(self, window):
        super().__init__(window)
        self.window_ = window
        self._short: dict[int, list[tuple[str, float]]] = {}
        self._pending: set[int] | None = set()  # None: every technician on a job
        self._busy = False
        self.track_for: int | None = None

        add = window.add_action
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

        window.tech_model.set_shortage_source(self._shortage_of)
        window.snapshot_applied.connect(self._snapshot_applied)
        window.delta_applied.connect(self._delta_applied)

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

    # ---- van shortages ----
    def _shortage_of(self, tech: TechnicianView) -> list[tuple[str, float]]:
        # Called while painting: only ever a lookup. Before the first answer, or off a job,
        # the column says what the van has run out of.
        if tech.outage_id is not None and tech.id in self._short:
            return self._short[tech.id]
        return empty_items(tech)

    def _snapshot_applied(self) -> None:
        self._pending = None
        self._refresh()

    def _delta_applied(self, delta) -> None:
        if getattr(delta, "reload_all", False):
            return  # snapshot_applied follows
        touched = {t.id for t in delta.technicians}
        changed_jobs = {o.id for o in delta.outages}
        if changed_jobs:
            touched |= {t.id for t in self.window_.tech_model.technicians() if t.outage_id in changed_jobs}
        if not touched:
            return
        if self._pending is not None:
            self._pending |= touched
        self._refresh()

    def _refresh(self) -> None:
        if self._busy:
            return  # the answer in flight is followed by another round for what changed meanwhile
        wanted, self._pending = self._pending, set()
        model = self.window_.tech_model
        jobs = []
        names: dict[str, str] = {}
        for tech in model.technicians():
            for line in tech.van_stock:
                names.setdefault(line.material, line.name)
            if tech.outage_id is None or (wanted is not None and tech.id not in wanted):
                continue
            outage = self.window_.outage_model.outage(tech.outage_id)
            if outage is not None and outage.is_open:
                jobs.append((tech, outage))
        if wanted is None:
            self._short.clear()
        if not jobs:
            self._apply({})
            return
        self._busy = True
        self.window_.workers.submit(van_shortages, self.window_.db, jobs, names,
                                    on_done=self._apply, on_error=self._failed)

    def _apply(self, result: dict) -> None:
        self._busy = False
        self._short.update(result)
        model = self.window_.tech_model
        model.set_shortage_source(self._shortage_of)  # drops the model's cache
        if model.rowCount():
            model.dataChanged.emit(model.index(0, COL_SHORT), model.index(model.rowCount() - 1, COL_SHORT))
        self.shortages_updated.emit(result)
        if self._pending is None or self._pending:
            self._refresh()

    def _failed(self, err: BaseException) -> None:
        self._busy = False
        if not isinstance(err, DispatchError):
            self.window_.workers.error.emit(err)
