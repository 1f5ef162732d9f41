"""The dispatcher's actions: new outage, assign a technician, change status, set an ETA.

Each dialog validates lightly for comfort and leaves the rules to the services: the write
runs in a worker through MainWindow.run_action, a rejected input comes back as one line in
the dialog (plain text), and the dialog stays open so nothing typed is lost.

Edits of an outage carry the version the dialog was opened with. When another workstation
saved first, the service refuses (Conflict) and the dialog shows that other change, with the
newest audit rows, and lets the dispatcher re-apply on top of it or discard theirs; nothing is
overwritten silently. When the database cannot be reached the input stays for a Retry.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from PySide6.QtCore import QDateTime, QLocale, Qt, QTimer, QTimeZone
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
)

from shiboken6 import isValid

from console.domain.errors import Conflict, DispatchError, StoreUnavailable
from console.domain.limits import AREA_CHARS
from console.domain.timeutil import LOCAL_TZ, utcnow
from console.services import audit as audit_service
from console.services import eta as eta_service
from console.services import outages as outage_service
from console.services import places
from console.services import nearest as nearest_service
from console.services.readmodels import OutageView

from .labels import (
    cause_label,
    causes,
    duration_text,
    eta_reason_label,
    eta_reasons,
    format_local,
    outage_status_label,
    outage_statuses,
    technician_status_label,
    travel_source_label,
)
from .error_words import error_text, sentence
from .widgets import error_label, fit_header

class ConflictPanel(QFrame):
    """What the other workstation saved, who did it, and the two ways on from here."""

    # Newest audit rows shown: enough to see the other change and what led to it.
    AUDIT_ROWS = 4

    def __init__(self, parent):
        super().__init__(parent)
        self.setObjectName("conflictPanel")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("#conflictPanel { background:#fff7ed; border:1px solid #fdba74; border-radius:4px; }")
        self.heading = QLabel(self.tr("Someone else changed this outage after you opened it. "
                                      "Your change has not been saved."), self)
        self.heading.setWordWrap(True)
        self.heading.setStyleSheet("font-weight:600; color:#9a3412;")
        self.now = QLabel(self)
        self.now.setObjectName("conflictNow")
        self.now.setTextFormat(Qt.TextFormat.PlainText)
        self.now.setWordWrap(True)
        self.history = QLabel(self.tr("Loading who changed what…"), self)
        self.history.setObjectName("conflictHistory")
        self.history.setTextFormat(Qt.TextFormat.PlainText)
        self.history.setWordWrap(True)
        self.reapply = QPushButton(self.tr("Re-apply on top"), self)
        self.reapply.setObjectName("conflictReapply")
        self.reapply.setToolTip(self.tr("Save your change again, on top of the other change"))
        self.discard = QPushButton(self.tr("Discard mine"), self)
        self.discard.setObjectName("conflictDiscard")
        self.discard.setToolTip(self.tr("Close without saving; the other change stays"))
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.discard)
        row.addWidget(self.reapply)
        col = QVBoxLayout(self)
        col.addWidget(self.heading)
        col.addWidget(self.now)
        col.addWidget(self.history)
        col.addLayout(row)
        self.hide()

    def show_conflict(self, current: dict) -> None:
        eta = current.get("current_eta")
        self.now.setText(self.tr("Now: status {status}, ETA {eta} (version {version}).").format(
            status=outage_status_label(current.get("status") or "?"),
            eta=format_local(eta) if isinstance(eta, datetime) else self.tr("not set"),
            version=current.get("version")))
        self.history.setText(self.tr("Loading who changed what…"))
        self.show()

    def show_trail(self, rows) -> None:
        lines = [f"{format_local(r.at, '%a %H:%M')}  {r.who}: {r.summary or r.action}"
                 for r in rows[: self.AUDIT_ROWS]]
        self.history.setText(self.tr("Latest changes:") + "\n" + "\n".join(lines) if lines else "")


class _ActionDialog(QDialog):
    """Common frame: a form, an error line, OK/Cancel; OK runs the action in a worker."""

    def __init__(self, window, title: str):
        super().__init__(window)
        self.window_ = window
        self.outage: OutageView | None = None
        # The outage version this edit is based on; moves to the other change's on "Re-apply on top".
        self.expected_version: int | None = None
        self.conflict_current: dict | None = None
        self.setWindowTitle(title)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.form = QFormLayout()
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.error = error_label(self)
        self.conflict = ConflictPanel(self)
        self.conflict.reapply.clicked.connect(self.reapply_on_top)
        self.conflict.discard.clicked.connect(self.reject)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.retry = self.buttons.addButton(self.tr("Retry"), QDialogButtonBox.ButtonRole.ActionRole)
        self.retry.setObjectName("retryButton")
        self.retry.setToolTip(self.tr("Try the same save again"))
        self.retry.clicked.connect(self._submit)
        self.retry.hide()
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        self.layout_ = QVBoxLayout(self)
        self.layout_.addLayout(self.form)
        self.layout_.addWidget(self.error)
        self.layout_.addWidget(self.conflict)
        self.layout_.addWidget(self.buttons)

    def set_outage(self, outage: OutageView) -> None:
        self.outage = outage
        self.expected_version = outage.version

    def show_error(self, err: BaseException | str) -> None:
        self.buttons.setEnabled(True)
        if isinstance(err, Conflict) and isinstance(err.current, dict) and "version" in err.current:
            self._show_conflict(err)
            return
        text = error_text(err)
        if isinstance(err, StoreUnavailable):
            text = self.tr("Not saved: {reason}. Your input is kept; press Retry when the database is back.").format(
                reason=text)
            self.retry.show()
        self.error.setText(text)
        self.error.show()

    def _show_conflict(self, err: Conflict) -> None:
        self.conflict_current = dict(err.current)
        self.error.hide()
        self.retry.hide()
        # OK would send the same stale version again: the panel's two buttons are the ways on.
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
        self.conflict.show_conflict(self.conflict_current)
        self.on_conflict(self.conflict_current)
        if self.outage is not None:
            self.window_.workers.submit(audit_service.audit_trail, self.window_.db, "outage", self.outage.id,
                                        ConflictPanel.AUDIT_ROWS, on_done=self.conflict.show_trail,
                                        on_error=lambda _e: self.conflict.history.setText(""))

    def on_conflict(self, current: dict) -> None:
        """Show the other change's values next to the dispatcher's input (dialogs override)."""

    def reapply_on_top(self) -> None:
        if self.conflict_current is None:
            return
        self.expected_version = self.conflict_current["version"]
        self.conflict_current = None
        self.conflict.hide()
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(True)
        self._submit()

    def _submit(self) -> None:
        self.error.hide()
        self.retry.hide()
        try:
            call = self.action()
        except DispatchError as err:
            self.show_error(err)
            return
        if call is None:
            return
        fn, args, kwargs = call
        self.buttons.setEnabled(False)
        self.window_.run_action(fn, *args, on_done=self._done, on_error=self.show_error, **kwargs)

    def _done(self, result) -> None:
        self.accept()

    def action(self):
        """(service function, args, kwargs) to run with the database first; raise to refuse."""
        raise NotImplementedError


class NewOutageDialog(_ActionDialog):
    """Where: click the map while the dialog is open, type coordinates, or search a place."""

    def __init__(self, window):
        super().__init__(window, self.tr("New outage"))
        self.setModal(False)  # the dispatcher clicks on the map while this is open
        self.title = QLineEdit(self)
        self.title.setMaxLength(outage_service.MAX_TITLE)
        self.title.setPlaceholderText(self.tr("What is broken, and where"))
        self.customers = QSpinBox(self)
        self.customers.setRange(0, 1_000_000)
        self.customers.setGroupSeparatorShown(True)
        self.cause = QComboBox(self)
        for value in causes():
            self.cause.addItem(cause_label(value), value)
        self.cause.setCurrentIndex(self.cause.findData("unknown"))
        self.area = QLineEdit(self)
        self.area.setMaxLength(AREA_CHARS)
        self.lat = QDoubleSpinBox(self)
        self.lon = QDoubleSpinBox(self)
        for box, low, high in ((self.lat, -90, 90), (self.lon, -180, 180)):
            box.setDecimals(5)
            box.setRange(low, high)
            box.setLocale(QLocale.c())  # a dot as the decimal sign whatever the desktop locale
        centre = window.last_map_click or (57.70, 16.33)
        self.lat.setValue(centre[0])
        self.lon.setValue(centre[1])
        self.where_hint = QLabel(self.tr("Click the map to place the outage, or type its coordinates."), self)
        self.where_hint.setWordWrap(True)
        coords = QHBoxLayout()
        coords.addWidget(QLabel(self.tr("Lat"), self))
        coords.addWidget(self.lat)
        coords.addWidget(QLabel(self.tr("Lon"), self))
        coords.addWidget(self.lon)

        self.place = QLineEdit(self)
        self.place.setPlaceholderText(self.tr("Village, road or address"))
        self.search_button = QPushButton(self.tr("Search place"), self)
        self.search_button.clicked.connect(self.search_place)
        self.place.returnPressed.connect(self.search_place)
        search_row = QHBoxLayout()
        search_row.addWidget(self.place, 1)
        search_row.addWidget(self.search_button)
        self.results = QListWidget(self)
        self.results.setMaximumHeight(110)
        self.results.hide()
        self.results.itemClicked.connect(self._use_result)
        self.search_state = QLabel(self)
        self.search_state.setTextFormat(Qt.TextFormat.PlainText)
        self.search_state.setWordWrap(True)
        self.search_state.hide()

        self.title.setFocus()
        self.form.addRow(self.tr("Title"), self.title)
        self.form.addRow(self.tr("Customers affected"), self.customers)
        self.form.addRow(self.tr("Cause"), self.cause)
        self.form.addRow(self.tr("Area"), self.area)
        self.form.addRow(self.tr("Position"), coords)
        self.form.addRow("", self.where_hint)
        self.form.addRow(self.tr("Find a place"), search_row)
        self.form.addRow("", self.search_state)
        self.form.addRow("", self.results)
        self.resize(520, self.sizeHint().height())
        window.add_map_click_listener(self.set_position)
        self.finished.connect(lambda _r: window.remove_map_click_listener(self.set_position))

    def set_position(self, lat: float, lon: float) -> None:
        self.lat.setValue(lat)
        self.lon.setValue(lon)
        self.where_hint.setText(self.tr("Position taken from the map."))

    def search_place(self) -> None:
        query = self.place.text().strip()
        if not query:
            return
        self.search_button.setEnabled(False)
        self.search_state.setText(self.tr("Searching…"))
        self.search_state.show()
        self.window_.workers.submit(places.find_places, query, on_done=self._found, on_error=self._search_failed)

    def _found(self, found: list[tuple[str, float, float]]) -> None:
        if not isValid(self):
            return
        self.search_button.setEnabled(True)
        self.results.clear()
        if not found:
            self.search_state.setText(self.tr("No place found by that name."))
            self.results.hide()
            return
        self.search_state.setText(self.tr("Pick a place:"))
        for name, lat, lon in found:
            item = QListWidgetItem(name)
            item.setData(Qt.ItemDataRole.UserRole, (lat, lon))
            self.results.addItem(item)
        self.results.show()

    def _search_failed(self, err: BaseException) -> None:
        if not isValid(self):
            return
        self.search_button.setEnabled(True)
        self.results.hide()
        why = error_text(err) if isinstance(err, DispatchError) else self.tr("place search could not reach its server")
        self.search_state.setText(self.tr("{why}. Click the map or type the coordinates instead.").format(
            why=sentence(why.rstrip("."))))
        # A wrapped label in a form row is laid out before its text arrives: give it the lines it needs.
        self.search_state.setMinimumHeight(self.search_state.heightForWidth(max(self.search_state.width(), 300)))
        self.adjustSize()

    def _use_result(self, item: QListWidgetItem) -> None:
        lat, lon = item.data(Qt.ItemDataRole.UserRole)
        self.set_position(lat, lon)
        self.where_hint.setText(self.tr("Position from the place search: {name}").format(name=item.text()))
        if not self.area.text().strip():
            self.area.setText(item.text().split(",")[0])

    def action(self):
        return (outage_service.add_outage,
                (self.title.text(), self.lat.value(), self.lon.value(), self.customers.value()),
                {"cause": self.cause.currentData(), "area": self.area.text()})

    def _done(self, view: OutageView) -> None:
        self.window_.pending_selection = view.id
        self.accept()


class AssignDialog(_ActionDialog):
    """On-duty technicians, those free to go first and each group nearest first.

    Only a free technician is ever preselected: Enter must not take someone off another job.
    Picking someone busy asks first, in the dialog, naming the job they would leave.
    """

    def __init__(self, window, outage: OutageView):
        super().__init__(window, self.tr("Assign a technician to #{id}").format(id=outage.id))
        self.set_outage(outage)
        head = QLabel(self)
        head.setTextFormat(Qt.TextFormat.PlainText)
        head.setWordWrap(True)
        head.setText(f"#{outage.id} {outage.title}")
        self.available_only = QCheckBox(self.tr("Only technicians free to go"), self)
        self.available_only.setChecked(True)
        self.available_only.toggled.connect(lambda _on: self._fill())
        self.list = QTreeWidget(self)
        self.list.setRootIsDecorated(False)
        self.list.setHeaderLabels([self.tr("Technician"), self.tr("Status"), self.tr("Drive"),
                                   self.tr("Current job"), self.tr("Van lacks")])
        fit_header(self.list.header())
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.itemDoubleClicked.connect(lambda *_: self._submit())
        self.candidates: tuple[nearest_service.Candidate, ...] = ()
        self._picked: int | None = None
        self._filling = False
        self._move_confirmed: int | None = None
        self._preferred: int | None = None
        self.list.currentItemChanged.connect(self._picked_now)
        for col, width in enumerate((160, 100, 70, 110, 160)):
            self.list.setColumnWidth(col, width)
        self.note = QLabel(self.tr("Working out drive times…"), self)
        self.note.setWordWrap(True)
        self.move_warning = QLabel(self)
        self.move_warning.setObjectName("moveWarning")
        self.move_warning.setTextFormat(Qt.TextFormat.PlainText)
        self.move_warning.setWordWrap(True)
        self.move_warning.hide()
        self.layout_.insertWidget(0, head)
        self.layout_.insertWidget(1, self.available_only)
        self.layout_.insertWidget(2, self.list, 1)
        self.layout_.insertWidget(3, self.note)
        self.layout_.insertWidget(4, self.move_warning)
        self.resize(640, 420)
        self.list.setFocus()
        # The routing provider may be a road server: asked in a worker, the list fills when it answers.
        window.workers.submit(nearest_service.nearest_technicians, window.db, outage.id,
                              on_done=self._ranked, on_error=self._no_drive_times)

    def _candidate(self, tech_id: int | None):
        return next((c for c in self.candidates if c.technician.id == tech_id), None)

    def prefer(self, tech_id: int) -> None:
        """Start on this technician, picked first (their row's menu); someone busy still asks."""
        self._picked = self._preferred = tech_id

    def _picked_now(self, item, _previous) -> None:
        if not self._filling:
            self._picked = None if item is None else item.data(0, Qt.ItemDataRole.UserRole)
            self._move_confirmed = None
            self.move_warning.hide()
            self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("OK"))

    def _fill(self) -> None:
        keep = self._picked
        self._filling = True
        self.list.clear()
        only_free = self.available_only.isChecked()
        for c in self.candidates:
            if only_free and not c.free_to_go:
                continue
            tech = c.technician
            job = "" if c.busy_with is None else self.tr("#{id} ({n} customers)").format(
                id=c.busy_with, n=c.busy_customers)
            drive = duration_text(int(c.minutes)) if c.minutes is not None else ""
            lacks = ", ".join(f"{line.quantity} {line.name}" for line in c.lacks)
            item = QTreeWidgetItem([tech.name, technician_status_label(tech.status), drive, job, lacks])
            item.setData(0, Qt.ItemDataRole.UserRole, tech.id)
            self.list.addTopLevelItem(item)
            if tech.id == keep:
                self.list.setCurrentItem(item)
        if self.list.currentItem() is None:
            first = self.list.topLevelItem(0)
            if first is not None and self._candidate(first.data(0, Qt.ItemDataRole.UserRole)).free_to_go:
                self.list.setCurrentItem(first)
        current = self.list.currentItem()
        self._picked = None if current is None else current.data(0, Qt.ItemDataRole.UserRole)
        self._filling = False

    def _ranked(self, found: nearest_service.Nearest) -> None:
        if not isValid(self):
            return
        self.candidates = found.candidates
        preferred = self._candidate(self._preferred)
        if not any(c.free_to_go for c in found.candidates) or (preferred is not None and not preferred.free_to_go):
            self.available_only.setChecked(False)  # in a storm nobody may be free: show who is nearest
        self._fill()
        text = self.tr("Drive times: {how}.").format(how=travel_source_label(found.travel_source, found.estimated))
        if not any(c.free_to_go for c in found.candidates):
            text += " " + self.tr("Nobody is free to go: everyone listed is on another job.")
        self.note.setText(text if not found.note else f"{text}\n{found.note}")

    def _no_drive_times(self, err: BaseException) -> None:
        if isValid(self):
            self.note.setText(self.tr("Drive times could not be worked out: {err}").format(err=error_text(err)))

    def action(self):
        item = self.list.currentItem()
        if item is None:
            raise DispatchError(self.tr("Pick a technician first."))
        tech_id = item.data(0, Qt.ItemDataRole.UserRole)
        chosen = self._candidate(tech_id)
        move = chosen is not None and chosen.busy_with is not None
        if move and self._move_confirmed != tech_id:
            self._move_confirmed = tech_id
            self.move_warning.setText(self.tr(
                "{name} is on #{job} ({n} customers, {status}). Moving them leaves that job; "
                "press Move to do it anyway.").format(name=chosen.technician.name, job=chosen.busy_with,
                                                      n=chosen.busy_customers,
                                                      status=technician_status_label(chosen.technician.status)))
            self.move_warning.show()
            self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Move"))
            return None
        return (outage_service.assign_technician, (self.outage.id, tech_id),
                {"expected_version": self.expected_version, "move": move})


_NEXT_STATUS = {"reported": "assigned", "assigned": "en_route", "en_route": "on_site",
                "on_site": "restored", "waiting_for_material": "on_site"}


class StatusDialog(_ActionDialog):
    def __init__(self, window, outage: OutageView):
        super().__init__(window, self.tr("Change status of #{id}").format(id=outage.id))
        self.set_outage(outage)
        self.status = QComboBox(self)
        for value in outage_statuses():
            if value == outage.status or (value == "assigned" and not outage.technician_ids):
                continue  # "assigned" to nobody is refused anyway; not offered
            self.status.addItem(outage_status_label(value), value)
        # The next step of the usual flow, so Enter moves the job forward, never back.
        ahead = _NEXT_STATUS.get(outage.status)
        if ahead == "assigned" and not outage.technician_ids:
            ahead = None
        self.status.setCurrentIndex(self.status.findData(ahead) if ahead else -1)
        self.status.setPlaceholderText(self.tr("Pick the new status"))
        self.status.setFocus()
        current = self.current_status = QLabel(outage_status_label(outage.status), self)
        title = QLabel(self)
        title.setTextFormat(Qt.TextFormat.PlainText)
        title.setText(outage.title)
        self.form.addRow(self.tr("Outage"), title)
        self.form.addRow(self.tr("Now"), current)
        self.form.addRow(self.tr("New status"), self.status)

    def action(self):
        if self.status.currentData() is None:
            raise DispatchError(self.tr("Pick the new status first."))
        return (outage_service.set_status, (self.outage.id, self.status.currentData()),
                {"expected_version": self.expected_version})

    def on_conflict(self, current: dict) -> None:
        self.current_status.setText(outage_status_label(current.get("status") or "?"))


class EtaDialog(_ActionDialog):
    """A new promised restoration time, always with a reason (the ledger keeps every one)."""

    def __init__(self, window, outage: OutageView):
        super().__init__(window, self.tr("Set ETA for #{id}").format(id=outage.id))
        self.set_outage(outage)
        zone = QTimeZone(LOCAL_TZ.key.encode())
        start = outage.current_eta or (utcnow() + timedelta(hours=4))
        self.eta = QDateTimeEdit(self)
        self.eta.setTimeZone(zone)
        self.eta.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.eta.setCalendarPopup(True)
        self.eta.setDateTime(QDateTime.fromSecsSinceEpoch(int(start.timestamp()), zone))
        self.reason = QComboBox(self)
        for value in eta_reasons():
            self.reason.addItem(eta_reason_label(value), value)
        # A first promise is "initial"; a moved one has no default: the ledger must say why it moved.
        self.reason.setPlaceholderText(self.tr("Pick why it moved"))
        self.reason.setCurrentIndex(self.reason.findData("initial") if outage.current_eta is None else -1)
        self.note = QPlainTextEdit(self)
        self.note.setPlaceholderText(self.tr("Why it moved, in a sentence the next shift understands"))
        self.note.setFixedHeight(70)
        self.told = QCheckBox(self.tr("Customers have been told this ETA"), self)
        title = QLabel(self)
        title.setTextFormat(Qt.TextFormat.PlainText)
        title.setText(outage.title)
        current = format_local(outage.current_eta) if outage.current_eta else self.tr("not set")
        self.form.addRow(self.tr("Outage"), title)
        self.current_eta = QLabel(current, self)
        self.form.addRow(self.tr("Current ETA"), self.current_eta)
        self.form.addRow(self.tr("New ETA"), self.eta)
        # The suggestion sits right under the dispatcher's own time; it is only advice.
        from .eta_advice import SuggestionPanel, reason_hint

        self.advice = SuggestionPanel(window, outage.id, self)
        self.advice.use_suggestion.connect(self.use_suggestion)
        if outage.current_eta is None:
            # A first promise: the conservative time fills the field unless the dispatcher typed one.
            self._typed = False
            self.eta.dateTimeChanged.connect(self._mark_typed)
            self.advice.loaded.connect(self._first_promise)
        self.form.addRow(self.tr("Suggestion"), self.advice)
        self.form.addRow(self.tr("Reason"), self.reason)
        self.reason_hint = QLabel(self)
        self.reason_hint.setObjectName("fieldCaption")
        self.reason_hint.setWordWrap(True)
        self.reason.currentIndexChanged.connect(
            lambda _i: self.reason_hint.setText(reason_hint(self.reason.currentData())))
        self.reason_hint.setText(reason_hint(self.reason.currentData()))
        self.form.addRow("", self.reason_hint)
        self.form.addRow(self.tr("Note"), self.note)
        self.form.addRow("", self.told)
        self.resize(560, self.sizeHint().height())
        # Typing a time is the first thing a dispatcher does here: the hours are ready to overtype.
        self.eta.setFocus()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        # After show: focusing the editor would otherwise select its first section, the year.
        QTimer.singleShot(0, self._select_hours)

    def _select_hours(self) -> None:
        if isValid(self):
            self.eta.setSelectedSection(QDateTimeEdit.Section.HourSection)

    def use_suggestion(self, when: datetime) -> None:
        self.eta.setDateTime(QDateTime.fromSecsSinceEpoch(int(when.timestamp()), self.eta.timeZone()))

    def _mark_typed(self, _value) -> None:
        self._typed = True

    def _first_promise(self, _view) -> None:
        if not self._typed and self.advice.suggested is not None:
            self.eta.dateTimeChanged.disconnect(self._mark_typed)
            self.use_suggestion(self.advice.suggested)

    def action(self):
        when = _to_utc(self.eta.dateTime())
        if self.reason.currentData() is None:
            raise DispatchError(self.tr("Pick why the ETA moved first."))
        current = self.outage.current_eta
        if current is not None and abs((when - current).total_seconds()) < 60:
            raise DispatchError(self.tr("That is the current ETA. Type the new time, or Cancel."))
        return (eta_service.set_eta, (self.outage.id, when, self.reason.currentData()),
                {"note": self.note.toPlainText(), "customers_told": self.told.isChecked(),
                 "expected_version": self.expected_version})

    def on_conflict(self, current: dict) -> None:
        eta = current.get("current_eta")
        self.current_eta.setText(self.tr("{eta} (just set elsewhere)").format(eta=format_local(eta))
                                 if isinstance(eta, datetime) else self.tr("not set"))


def _to_utc(value: QDateTime) -> datetime:
    return datetime.fromtimestamp(value.toSecsSinceEpoch(), tz=timezone.utc)
