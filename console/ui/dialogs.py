"""The dispatcher's actions: new outage, assign a technician, change status, set an ETA.

Each dialog validates lightly for comfort and leaves the rules to the services: the write
runs in a worker through MainWindow.run_action, a rejected input comes back as one line in
the dialog (plain text), and the dialog stays open so nothing typed is lost.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from PySide6.QtCore import QDateTime, QLocale, Qt, QTimeZone
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
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

from console import __version__
from console.domain.errors import DispatchError
from console.domain.timeutil import LOCAL_TZ, format_local, utcnow
from console.domain.travel import estimate
from console.services import eta as eta_service
from console.services import outages as outage_service
from console.services.readmodels import OutageView

from .labels import (
    cause_label,
    causes,
    duration_text,
    eta_reason_label,
    eta_reasons,
    outage_status_label,
    outage_statuses,
    technician_status_label,
)

GEOCODER_AGENT = f"DispatchConsole/{__version__} (fiber outage dispatch console)"


def _error_label(parent) -> QLabel:
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setObjectName("dialogError")
    label.setStyleSheet("color:#9f1239;")
    label.hide()
    return label


class _ActionDialog(QDialog):
    """Common frame: a form, an error line, OK/Cancel; OK runs the action in a worker."""

    def __init__(self, window, title: str):
        super().__init__(window)
        self.window_ = window
        self.setWindowTitle(title)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.form = QFormLayout()
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.error = _error_label(self)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        self.layout_ = QVBoxLayout(self)
        self.layout_.addLayout(self.form)
        self.layout_.addWidget(self.error)
        self.layout_.addWidget(self.buttons)

    def show_error(self, err: BaseException | str) -> None:
        self.buttons.setEnabled(True)
        if isinstance(err, BaseException) and not isinstance(err, DispatchError):
            text = f"{type(err).__name__}: {err}"
        else:
            text = str(err)
        self.error.setText(text)
        self.error.show()

    def _submit(self) -> None:
        self.error.hide()
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
        self.window_.workers.submit(geocode, query, on_done=self._found, on_error=self._search_failed)

    def _found(self, places: list[tuple[str, float, float]]) -> None:
        self.search_button.setEnabled(True)
        self.results.clear()
        if not places:
            self.search_state.setText(self.tr("No place found by that name."))
            self.results.hide()
            return
        self.search_state.setText(self.tr("Pick a place:"))
        for name, lat, lon in places:
            item = QListWidgetItem(name)
            item.setData(Qt.ItemDataRole.UserRole, (lat, lon))
            self.results.addItem(item)
        self.results.show()

    def _search_failed(self, err: BaseException) -> None:
        self.search_button.setEnabled(True)
        self.results.hide()
        self.search_state.setText(self.tr(
            "Place search needs the internet and could not reach it ({err}). "
            "Click the map or type the coordinates instead.").format(err=type(err).__name__))

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


def geocode(query: str, timeout: float = 6.0) -> list[tuple[str, float, float]]:
    """Nominatim search, Sweden first (runs in a worker; raises when offline)."""
    from geopy.geocoders import Nominatim

    geocoder = Nominatim(user_agent=GEOCODER_AGENT, timeout=timeout)
    found = geocoder.geocode(query, exactly_one=False, limit=6, country_codes="se") or []
    return [(p.address, float(p.latitude), float(p.longitude)) for p in found]


class AssignDialog(_ActionDialog):
    """On-duty technicians, nearest first, with their current job."""

    def __init__(self, window, outage: OutageView):
        super().__init__(window, self.tr("Assign a technician to #{id}").format(id=outage.id))
        self.outage = outage
        head = QLabel(self)
        head.setTextFormat(Qt.TextFormat.PlainText)
        head.setWordWrap(True)
        head.setText(f"#{outage.id} {outage.title}")
        self.list = QTreeWidget(self)
        self.list.setRootIsDecorated(False)
        self.list.setHeaderLabels([self.tr("Technician"), self.tr("Status"), self.tr("Drive"),
                                   self.tr("Current job")])
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.itemDoubleClicked.connect(lambda *_: self._submit())
        rows = []
        for tech in window.tech_model.technicians():
            if not tech.on_duty or outage.id in (tech.outage_id,):
                continue
            minutes = None if tech.lat is None else estimate(tech.lat, tech.lon, outage.lat, outage.lon).minutes
            rows.append((minutes if minutes is not None else float("inf"), tech))
        rows.sort(key=lambda r: (r[0], r[1].name))
        for minutes, tech in rows:
            job = "" if tech.outage_id is None else f"#{tech.outage_id}"
            drive = "" if minutes == float("inf") else duration_text(int(minutes))
            item = QTreeWidgetItem([tech.name, technician_status_label(tech.status), drive, job])
            item.setData(0, Qt.ItemDataRole.UserRole, tech.id)
            self.list.addTopLevelItem(item)
        for col, width in enumerate((170, 110, 80, 80)):
            self.list.setColumnWidth(col, width)
        if self.list.topLevelItemCount():
            self.list.setCurrentItem(self.list.topLevelItem(0))
        self.note = QLabel(self.tr("Drive times are straight-line estimates on rural roads. "
                                   "A technician on another job is moved off it."), self)
        self.note.setWordWrap(True)
        self.layout_.insertWidget(0, head)
        self.layout_.insertWidget(1, self.list, 1)
        self.layout_.insertWidget(2, self.note)
        self.resize(520, 420)

    def action(self):
        item = self.list.currentItem()
        if item is None:
            raise DispatchError(self.tr("Pick a technician first."))
        return outage_service.assign_technician, (self.outage.id, item.data(0, Qt.ItemDataRole.UserRole)), {}


class StatusDialog(_ActionDialog):
    def __init__(self, window, outage: OutageView):
        super().__init__(window, self.tr("Change status of #{id}").format(id=outage.id))
        self.outage = outage
        self.status = QComboBox(self)
        for value in outage_statuses():
            if value != outage.status:
                self.status.addItem(outage_status_label(value), value)
        current = QLabel(outage_status_label(outage.status), self)
        title = QLabel(self)
        title.setTextFormat(Qt.TextFormat.PlainText)
        title.setText(outage.title)
        self.form.addRow(self.tr("Outage"), title)
        self.form.addRow(self.tr("Now"), current)
        self.form.addRow(self.tr("New status"), self.status)

    def action(self):
        return (outage_service.set_status, (self.outage.id, self.status.currentData()),
                {"expected_version": self.outage.version})


class EtaDialog(_ActionDialog):
    """A new promised restoration time, always with a reason (the ledger keeps every one)."""

    def __init__(self, window, outage: OutageView):
        super().__init__(window, self.tr("Set ETA for #{id}").format(id=outage.id))
        self.outage = outage
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
        self.reason.setCurrentIndex(self.reason.findData("initial" if outage.current_eta is None else "assessment"))
        self.note = QPlainTextEdit(self)
        self.note.setPlaceholderText(self.tr("Why it moved, in a sentence the next shift understands"))
        self.note.setFixedHeight(70)
        self.told = QCheckBox(self.tr("Customers have been told this ETA"), self)
        title = QLabel(self)
        title.setTextFormat(Qt.TextFormat.PlainText)
        title.setText(outage.title)
        current = format_local(outage.current_eta) if outage.current_eta else self.tr("not set")
        self.form.addRow(self.tr("Outage"), title)
        self.form.addRow(self.tr("Current ETA"), QLabel(current, self))
        self.form.addRow(self.tr("New ETA"), self.eta)
        self.form.addRow(self.tr("Reason"), self.reason)
        self.form.addRow(self.tr("Note"), self.note)
        self.form.addRow("", self.told)
        self.resize(460, self.sizeHint().height())

    def action(self):
        when = _to_utc(self.eta.dateTime())
        return (eta_service.set_eta, (self.outage.id, when, self.reason.currentData()),
                {"note": self.note.toPlainText(), "customers_told": self.told.isChecked(),
                 "expected_version": self.outage.version})


def _to_utc(value: QDateTime) -> datetime:
    return datetime.fromtimestamp(value.toSecsSinceEpoch(), tz=timezone.utc)
