"""The restock dialog: what the van lacks, where to fetch it, the detour on the map, and the runs.

The plan is read in a worker; picking an option draws technician → source(s) → site on the
map. "Send for material" reserves the stock through the service and then asks, in a second
step, whether to record the proposed ETA: a run changes what is promised only when the
dispatcher says so (reason "restock", the note naming the source).

The dialog is not modal: the dispatcher looks at the map while choosing.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QDateTime,
    Qt,
    QTimeZone,
    Signal,
)
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
)
from shiboken6 import isValid

from console.domain.enums import RestockRunStatus
from console.domain.errors import DispatchError
from console.domain.restock import RestockOption, whole_minutes
from console.domain.timeutil import LOCAL_TZ, utcnow
from console.map.features import script_json
from console.services import depots, restock, technicians
from console.services import eta as eta_service
from console.services.readmodels import OutageView, TechnicianView

from .dialogs import _ActionDialog, _to_utc
from .error_words import error_text
from .labels import OVERDUE_FG, STALE_FG, duration_text, format_local, local_time, travel_source_label
from .widgets import error_label, list_tree

RUN_UNDER_WAY = RestockRunStatus.UNDER_WAY.value

# ------------------------------------------------------------------ data (worker side)


@dataclass(frozen=True)
class RestockContext:
    outage_id: int
    technician_id: int | None
    plan: restock.RestockPlanView | None
    plan_error: str | None  # why there is no plan (nobody assigned, position unknown, closed)
    technician: TechnicianView | None
    names: dict[str, tuple[str, str]] = field(default_factory=dict)  # code -> (name, unit)
    runs: tuple[restock.RestockRunView, ...] = ()

    def name(self, code: str) -> str:
        return self.names.get(code, (code, ""))[0]

    def unit(self, code: str) -> str:
        return self.names.get(code, ("", ""))[1]

    def in_van(self, code: str) -> float:
        if self.technician is None:
            return 0.0
        return sum(max(0.0, s.available) for s in self.technician.van_stock if s.material == code)

    def runs_under_way(self, technician_id: int | None = None) -> list[restock.RestockRunView]:
        return [r for r in self.runs if r.status == RUN_UNDER_WAY
                and (technician_id is None or r.technician_id == technician_id)]


def load_restock(db, outage_id: int, technician_id: int | None = None) -> RestockContext:
    """Everything the dialog shows, read in one go off the GUI thread."""
    plan, error = None, None
    try:
        plan = restock.plan_for_outage(db, outage_id, technician_id)
    except DispatchError as err:
        error = error_text(err)
    tech_id = plan.technician_id if plan is not None else technician_id
    tech = technicians.get_technician(db, tech_id) if tech_id is not None else None
    names: dict[str, tuple[str, str]] = {}
    for depot in depots.list_depots(db):
        for line in depot.stock:
            names.setdefault(line.material, (line.name, line.unit))
    if tech is not None:
        for line in tech.van_stock:
            names.setdefault(line.material, (line.name, line.unit))
    runs = tuple(restock.runs_for_outage(db, outage_id))
    return RestockContext(outage_id, tech_id, plan, error, tech, names, runs)


def route_for(option: RestockOption, tech: TechnicianView, site: tuple[float, float], label: str) -> dict:
    """The dispatchMap.showRoutes entry for an option: technician → stop(s) → site."""
    stops = [[leg.lat, leg.lon] for leg in option.legs] or [[option.lat, option.lon]]
    return {"from": [tech.lat, tech.lon], "via": stops, "to": [site[0], site[1]], "label": label}


_RUN_STATUS = {
    "under_way": QT_TRANSLATE_NOOP("RestockRun", "under way"),
    "completed": QT_TRANSLATE_NOOP("RestockRun", "picked up"),
    "cancelled": QT_TRANSLATE_NOOP("RestockRun", "called off"),
}


def run_status_label(status: str) -> str:
    return QCoreApplication.translate("RestockRun", _RUN_STATUS[status]) if status in _RUN_STATUS else status


def handle_run_request(window, action: str, run: restock.RestockRunView) -> None:
    """A run closed from the detail pane: picked up (stock moves into the van) or called off."""
    fn = {"complete": restock.complete_run, "cancel": restock.cancel_run}[action]
    window.run_action(fn, run.id, run.version)


def fit_route_js(route: dict) -> str:
    """Frame the route clear of the legend in the map's top-right corner (it would hide one end)."""
    points = [route["from"], *route["via"], route["to"]]
    south, north = min(p[0] for p in points), max(p[0] for p in points)
    west, east = min(p[1] for p in points), max(p[1] for p in points)
    return f"""(function () {{
  var map = window.dispatchMap.map, corner = document.querySelector('.leaflet-top.leaflet-right');
  var right = corner ? corner.offsetWidth + 24 : 40;
  if (right > map.getSize().x / 2) {{ right = 40; }}
  map.fitBounds({script_json([[south, west], [north, east]])},
                {{ paddingTopLeft: [40, 40], paddingBottomRight: [right, 40], maxZoom: 13 }});
  return true;
}})()"""


def _minutes(value: float) -> str:
    return duration_text(whole_minutes(value))


# ------------------------------------------------------------------ the dialog




def _rows_height(tree: QTreeWidget, rows: int) -> int:
    """Room for the header and `rows` rows: short lists stay short, the options list gets the rest.
    A drawn row's own height when there is one (the style's, not a guess from the font)."""
    drawn = tree.sizeHintForRow(0) if tree.topLevelItemCount() else -1
    row = max(drawn, tree.fontMetrics().height() + 8)
    return tree.header().sizeHint().height() + rows * row + 2 * tree.frameWidth() + 4


# The shortage list shows this many rows before it scrolls (a storm job can lack several things).
SHORTAGE_ROWS = 5


def _caption(text: str, parent) -> QLabel:
    label = QLabel(text, parent)
    label.setObjectName("sectionCaption")
    return label


def _plain(parent, wrap: bool = True) -> QLabel:
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(wrap)
    return label


class RestockDialog(QDialog):
    """Signals for tests and the window: loaded(RestockContext), sent(RestockSendView),
    route_shown(dict) with the route handed to the map."""

    loaded = Signal(object)
    sent = Signal(object)
    route_shown = Signal(object)

    def __init__(self, window, outage: OutageView):
        super().__init__(window)
        self.window_ = window
        self.outage = outage
        self.context: RestockContext | None = None
        self._token = 0
        self.setWindowTitle(self.tr("Restock run for #{id}").format(id=outage.id))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setModal(False)

        head = _plain(self)
        head.setText(f"#{outage.id}  {outage.title}")
        font = head.font()
        font.setWeight(QFont.Weight.DemiBold)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        head.setFont(font)

        self.technician = QComboBox(self)
        self.technician.setObjectName("restockTechnician")
        for tech_id, name in zip(outage.technician_ids, outage.technician_names):
            self.technician.addItem(name, tech_id)
        self.technician.currentIndexChanged.connect(lambda _i: self.reload())
        self.direct = _plain(self, wrap=False)
        self.direct.setObjectName("fieldCaption")
        tech_row = QHBoxLayout()
        tech_row.addWidget(QLabel(self.tr("Technician"), self))
        tech_row.addWidget(self.technician)
        tech_row.addWidget(self.direct, 1)

        self.state = _plain(self)
        self.state.setObjectName("restockState")
        self.notes = _plain(self)
        self.notes.setObjectName("restockNotes")
        self.notes.setStyleSheet(f"color:{STALE_FG.name()};")
        self.notes.hide()

        self.shortage = list_tree(self, [self.tr("Material"), self.tr("Needed"), self.tr("In the van"),
                                     self.tr("Short"), self.tr("Where to get it")],
                              [190, 80, 85, 70, 260], "restockShortage")
        self.shortage.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.shortage.setFixedHeight(_rows_height(self.shortage, SHORTAGE_ROWS))

        self.options = list_tree(self, ["#", self.tr("Source"), self.tr("Kind"), self.tr("To source"),
                                    self.tr("Total"), self.tr("Extra delay"), self.tr("Complete"),
                                    self.tr("Brings")],
                             [30, 170, 80, 80, 80, 90, 80, 200], "restockOptions")
        self.options.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.options.setMinimumHeight(_rows_height(self.options, 6))  # the choice itself: never squeezed
        self.options.currentItemChanged.connect(self._option_changed)
        self.options.itemDoubleClicked.connect(lambda *_: self.send())
        self.options_hint = _plain(self)
        self.options_hint.setObjectName("fieldCaption")
        self.options_hint.setText(self.tr(
            "Best first. Total: technician → source → site. Extra delay: against driving straight "
            "to the site. Pick one to see the route on the map."))
        self.skipped = _plain(self)
        self.skipped.setObjectName("restockSkipped")
        self.skipped.setStyleSheet(f"color:{STALE_FG.name()};")
        self.skipped.hide()

        self.runs = list_tree(self, [self.tr("Technician"), self.tr("From"), self.tr("Material"),
                                 self.tr("At source"), self.tr("Extra delay"), self.tr("Status")],
                          [130, 140, 190, 110, 95, 90], "restockRuns")
        self.runs.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.runs.setFixedHeight(_rows_height(self.runs, 3))
        self.runs.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.complete_button = QPushButton(self.tr("Material picked up"), self)
        self.complete_button.setToolTip(self.tr("The material is in the van: it leaves the source's stock"))
        self.complete_button.clicked.connect(lambda: self._run_action(restock.complete_run))
        self.cancel_button = QPushButton(self.tr("Call off run"), self)
        self.cancel_button.setToolTip(self.tr("The run is called off: the reserved stock is free again"))
        self.cancel_button.clicked.connect(lambda: self._run_action(restock.cancel_run))
        run_buttons = QHBoxLayout()
        run_buttons.addStretch(1)
        run_buttons.addWidget(self.complete_button)
        run_buttons.addWidget(self.cancel_button)

        self.error = error_label(self)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.send_button = self.buttons.addButton(self.tr("Send for material"),
                                                  QDialogButtonBox.ButtonRole.ActionRole)
        self.send_button.setObjectName("sendForMaterial")
        self.send_button.setDefault(True)
        self.send_button.clicked.connect(self.send)
        self.buttons.rejected.connect(self.reject)
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setAutoDefault(False)

        col = QVBoxLayout(self)
        col.setSpacing(6)
        col.addWidget(head)
        col.addLayout(tech_row)
        col.addWidget(self.state)
        col.addWidget(self.notes)
        col.addWidget(_caption(self.tr("What the van lacks"), self))
        col.addWidget(self.shortage)
        col.addWidget(_caption(self.tr("Where to fetch it"), self))
        col.addWidget(self.options, 1)
        col.addWidget(self.options_hint)
        col.addWidget(self.skipped)
        col.addWidget(_caption(self.tr("Material runs for this outage"), self))
        col.addWidget(self.runs)
        col.addLayout(run_buttons)
        col.addWidget(self.error)
        col.addWidget(self.buttons)
        self.resize(920, 820)
        self.finished.connect(lambda _r: self.window_.map_view.call("clearRoutes"))
        self._update_buttons()
        self.reload()

    # ---- loading ----
    def selected_technician(self) -> int | None:
        return self.technician.currentData()

    def reload(self) -> None:
        self._token += 1
        token = self._token
        self.state.setText(self.tr("Working out where the material is…"))
        self.state.show()
        self.send_button.setEnabled(False)

        def done(ctx: RestockContext) -> None:
            # The dialog may be gone (closed) by the time the worker answers.
            if isValid(self) and token == self._token:
                self.show_context(ctx)

        def failed(err: BaseException) -> None:
            if isValid(self) and token == self._token:
                self.state.hide()
                self.show_error(err)

        self.window_.workers.submit(load_restock, self.window_.db, self.outage.id, self.selected_technician(),
                                    on_done=done, on_error=failed)

    def show_context(self, ctx: RestockContext) -> None:
        self.context = ctx
        plan = ctx.plan
        self._fill_runs(ctx)
        self.shortage.clear()
        self.options.clear()
        if plan is None:
            self.state.setText(ctx.plan_error or self.tr("No restock plan."))
            self.state.show()
            self.direct.setText("")
            self.notes.hide()
            self.skipped.hide()
            self._update_buttons()
            self.loaded.emit(ctx)
            return
        self.direct.setText(self.tr("straight to the site: {t}").format(t=_minutes(plan.minutes_direct)))
        notes = [self.tr("Travel times: {how}.").format(how=travel_source_label(plan.travel_source, plan.estimated))]
        if plan.runs_into_darkness:
            notes.append(self.tr("The work runs into darkness: a lighting kit is part of what the job needs."))
        self.notes.setText("\n".join(notes))
        self.notes.setVisible(bool(notes))
        busy = ctx.runs_under_way(ctx.technician_id)
        if busy:
            self.state.setText(self.tr("{name} is already on a run to {source}: mark it picked up or call it off "
                                       "before sending another.").format(name=plan.technician_name,
                                                                         source=busy[-1].source_name))
        elif not plan.shortage:
            self.state.setText(self.tr("{name}'s van has everything the job needs. Nothing to fetch.").format(
                name=plan.technician_name))
        elif not plan.options:
            self.state.setText(self.tr("No depot or van that is open on arrival has the missing material."))
        else:
            self.state.setText("")
        self.state.setVisible(bool(self.state.text()))
        self._fill_shortage(ctx)
        self._fill_options(ctx)
        if plan.skipped:
            closed = ", ".join(s.source_name for s in plan.skipped)
            self.skipped.setText(self.tr("Not offered, closed when the technician would get there: {names}").format(
                names=closed))
            self.skipped.show()
        else:
            self.skipped.hide()
        if self.options.topLevelItemCount():
            self.options.setCurrentItem(self.options.topLevelItem(0))
        else:
            self.window_.map_view.call("clearRoutes")
        self._update_buttons()
        self.loaded.emit(ctx)

    def _fill_shortage(self, ctx: RestockContext) -> None:
        plan = ctx.plan
        required = dict(plan.required)
        items = []
        for code, short in plan.shortage:
            unit = ctx.unit(code)
            # Per item: which single sources bring all of it, the quickest of them named.
            full = [o for o in plan.options if not o.legs and any(
                c.material == code and c.quantity >= short for c in o.covers)]
            some = [o for o in plan.options if not o.legs and any(c.material == code for c in o.covers)]
            if len(full) == 1:
                where = self.tr("all of it at {name} only").format(name=full[0].source_name)
            elif full:
                quickest = min(full, key=lambda o: o.minutes_total)
                where = self.tr("all of it at {n} sources, quickest {name}").format(
                    n=len(full), name=quickest.source_name)
            elif some:
                where = self.tr("only part of it, at %n source(s)", "", len(some))
            else:
                where = self.tr("nowhere that is open")
            item = QTreeWidgetItem([ctx.name(code), f"{required.get(code, short):g} {unit}",
                                    f"{ctx.in_van(code):g} {unit}", f"{short:g} {unit}", where])
            item.setForeground(3, OVERDUE_FG)
            item.setToolTip(4, where)
            if not full:
                item.setForeground(4, OVERDUE_FG)
            items.append(item)
        if not items:
            items.append(QTreeWidgetItem([self.tr("Nothing is missing"), "", "", "", ""]))
        self.shortage.addTopLevelItems(items)
        self.shortage.setFixedHeight(_rows_height(self.shortage, max(SHORTAGE_ROWS, min(len(items), 8))))

    def _fill_options(self, ctx: RestockContext) -> None:
        kinds = {"depot": self.tr("Depot"), "technician": self.tr("Van")}
        # Each time says how it was found, where the dispatcher reads it (the notes line says it too).
        how = travel_source_label(ctx.plan.travel_source, ctx.plan.estimated)
        for n, option in enumerate(ctx.plan.options, 1):
            brings = ", ".join(f"{c.quantity:g} × {ctx.name(c.material)}" for c in option.covers)
            kind = " + ".join(kinds.get(leg.source_kind, leg.source_kind) for leg in option.legs) \
                if option.legs else kinds.get(option.source_kind, option.source_kind)
            item = QTreeWidgetItem([str(n), option.source_name, kind, _minutes(option.minutes_to_source),
                                    _minutes(option.minutes_total), "+" + _minutes(option.minutes_extra),
                                    self.tr("yes") if option.complete else self.tr("partly"), brings])
            item.setData(0, Qt.ItemDataRole.UserRole, n - 1)
            item.setToolTip(7, brings)
            item.setToolTip(1, option.source_name)
            for col in (3, 4, 5):
                item.setToolTip(col, how)
            for col in (0, 3, 4, 5):
                item.setTextAlignment(col, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if option.complete:
                item.setForeground(6, Qt.GlobalColor.darkGreen)
            else:
                item.setForeground(6, STALE_FG)
            if n == 1:
                font = item.font(1)
                font.setBold(True)
                item.setFont(1, font)
            self.options.addTopLevelItem(item)

    def _fill_runs(self, ctx: RestockContext) -> None:
        self.runs.clear()
        # Runs under way first: those are the ones the dispatcher acts on.
        ordered = sorted(ctx.runs, key=lambda r: (r.status != RUN_UNDER_WAY, -r.id))
        now = utcnow()
        for run in ordered:
            material = ", ".join(f"{q:g} × {ctx.name(m)}" for m, q in run.items)
            extra = "+" + _minutes(run.minutes_extra) if run.minutes_extra else ""
            item = QTreeWidgetItem([run.technician_name, run.source_name, material,
                                    local_time(run.expected_arrival, now), extra, run_status_label(run.status)])
            item.setData(0, Qt.ItemDataRole.UserRole, run)
            item.setToolTip(2, material)
            if run.status != RUN_UNDER_WAY:
                for col in range(6):
                    item.setForeground(col, Qt.GlobalColor.gray)
            self.runs.addTopLevelItem(item)
        if not ordered:
            self.runs.addTopLevelItem(QTreeWidgetItem([self.tr("No runs yet"), "", "", "", "", ""]))
        elif ordered[0].status == RUN_UNDER_WAY:
            self.runs.setCurrentItem(self.runs.topLevelItem(0))

    # ---- selection and map ----
    def selected_option(self) -> RestockOption | None:
        item = self.options.currentItem()
        if item is None or self.context is None or self.context.plan is None:
            return None
        return self.context.plan.options[item.data(0, Qt.ItemDataRole.UserRole)]

    def selected_run(self) -> restock.RestockRunView | None:
        item = self.runs.currentItem()
        run = item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None
        return run if isinstance(run, restock.RestockRunView) else None

    def _option_changed(self, current, _previous) -> None:
        self._update_buttons()
        option = self.selected_option()
        tech = self.context.technician if self.context else None
        if option is None or tech is None or tech.lat is None:
            return
        label = f"{option.source_name}  +{_minutes(option.minutes_extra)}"
        route = route_for(option, tech, (self.outage.lat, self.outage.lon), label)
        self.window_.map_view.call("showRoutes", [route], {"fit": False})
        self.window_.map_view.run_js(fit_route_js(route))
        self.route_shown.emit(route)

    def _update_buttons(self) -> None:
        ctx = self.context
        busy = ctx.runs_under_way(ctx.technician_id) if ctx is not None else []
        can_send = (ctx is not None and ctx.plan is not None and bool(ctx.plan.shortage)
                    and self.selected_option() is not None and not busy)
        self.send_button.setEnabled(can_send)
        if busy:
            self.send_button.setToolTip(self.tr("A run is already under way for this technician: "
                                                "mark it picked up or call it off first"))
        else:
            self.send_button.setToolTip(self.tr("Reserve the material at the chosen source and send the "
                                                "technician there"))
        run = self.selected_run()
        active = run is not None and run.status == RUN_UNDER_WAY
        self.complete_button.setEnabled(active)
        self.cancel_button.setEnabled(active)

    # ---- actions ----
    def show_error(self, err: BaseException | str) -> None:
        if not isValid(self):
            return
        text = error_text(err)
        self.error.setText(text)
        self.error.show()
        self._update_buttons()

    def send(self) -> None:
        option = self.selected_option()
        if option is None or not self.send_button.isEnabled():
            return
        self.error.hide()
        self.send_button.setEnabled(False)
        window, outage = self.window_, self.outage

        def sent(result: restock.RestockSendView) -> None:
            # The run is booked even if this dialog was closed meanwhile: the ETA question stays.
            confirm = RevisedEtaDialog(window, outage, result)
            if isValid(self):
                self.confirm = confirm
                self.sent.emit(result)
                self.reload()
            confirm.open()

        window.run_action(restock.send_for_material, outage.id, self.context.technician_id, option,
                          on_done=sent, on_error=self.show_error)

    def _run_action(self, fn) -> None:
        run = self.selected_run()
        if run is None:
            return
        self.error.hide()
        self.complete_button.setEnabled(False)
        self.cancel_button.setEnabled(False)
        self.window_.run_action(fn, run.id, run.version, on_done=lambda _r: isValid(self) and self.reload(),
                                on_error=self.show_error)


class RevisedEtaDialog(_ActionDialog):
    """The second step of "send for material": record the current ETA plus the detour, or not."""

    def __init__(self, window, outage: OutageView, sent: restock.RestockSendView):
        super().__init__(window, self.tr("Revise the ETA of #{id}?").format(id=outage.id))
        self.setObjectName("revisedEtaDialog")
        self.outage = outage
        self.sent_view = sent
        option = sent.option
        extra = _minutes(max(0.0, option.minutes_extra))
        arrival = sent.runs[-1].expected_arrival if sent.runs else option.arrival
        what = _plain(self)
        what.setText(self.tr("{tech} is sent to {source}, there at {at}. The detour adds {extra} "
                             "to the work.").format(tech=sent.runs[0].technician_name if sent.runs else "",
                                                    source=option.source_name, at=local_time(arrival, utcnow()),
                                                    extra=extra))
        zone = QTimeZone(LOCAL_TZ.key.encode())
        self.eta = QDateTimeEdit(self)
        self.eta.setTimeZone(zone)
        self.eta.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.eta.setCalendarPopup(True)
        # Promises are made to the minute: the proposal rounded up to the next whole one.
        self.eta.setDateTime(QDateTime.fromSecsSinceEpoch(-(-int(sent.proposed_eta.timestamp()) // 60) * 60, zone))
        current = format_local(sent.current_eta, "%a %d %b %H:%M") if sent.current_eta else self.tr("not set")
        on_top = sent.current_eta is not None and abs(
            (sent.proposed_eta - sent.current_eta - timedelta(minutes=whole_minutes(option.minutes_extra)))
            .total_seconds()) < 60
        # Without a promise still ahead, the service builds the ETA up from now instead.
        basis = (self.tr("current ETA + {extra}").format(extra=extra) if on_top
                 else self.tr("built up from now: travel, material, repair, darkness"))
        self.note = QPlainTextEdit(self)
        self.note.setFixedHeight(56)
        self.note.setPlainText(self.tr("Restock run to {source} (+{extra})").format(
            source=option.source_name, extra=extra))
        self.told = QCheckBox(self.tr("Customers have been told this ETA"), self)
        self.form.addRow(what)
        self.form.addRow(self.tr("Current ETA"), QLabel(current, self))
        proposed = QHBoxLayout()
        proposed.addWidget(self.eta)
        hint = _plain(self, wrap=False)
        hint.setObjectName("fieldCaption")
        hint.setText(basis)
        proposed.addWidget(hint, 1)
        self.form.addRow(self.tr("Revised ETA"), proposed)
        self.form.addRow(self.tr("Reason"), QLabel(self.tr("Restocking material"), self))
        self.form.addRow(self.tr("Note"), self.note)
        self.form.addRow("", self.told)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("Record revised ETA"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Keep the current ETA"))
        self.resize(560, self.sizeHint().height())

    def proposed(self) -> datetime:
        return _to_utc(self.eta.dateTime())

    def action(self):
        return (eta_service.set_eta, (self.outage.id, self.proposed(), "restock"),
                {"note": self.note.toPlainText(), "customers_told": self.told.isChecked()})
