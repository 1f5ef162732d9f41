"""The settings dialog: this workstation's own settings (QSettings) and the operator-wide ones
every workstation shares (the database, through console.services.settings).

Workstation settings that are read when the console starts (database, map tiles, language)
say so; the dispatcher's name applies at once. Operator-wide values are checked here with
the service's own rules before anything is written, then saved in a worker in one
transaction; a rejected value is named in the dialog, which stays open.
"""
from __future__ import annotations

import logging
import os
from dataclasses import fields, replace
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, QSettings, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from console.domain.errors import DispatchError, ValidationError
from console.services import settings as operator_settings
from console.domain.travel_fit import MIN_TRIPS
from console.services import travel_calibration
from console.services.uow import default_actor

from . import workstation
from .error_words import error_text

log = logging.getLogger(__name__)


def _is_text(key: str) -> bool:
    return next(f for f in fields(operator_settings.OperatorSettings) if f.name == key).metadata["kind"] is str


def _operator_labels() -> dict[str, tuple[str, str]]:
    """key -> (label, unit) in the interface language."""
    # Written out in full: lupdate finds only literal translate() calls.
    return {
        "info_gap_minutes": (
            QCoreApplication.translate("SettingsDialog", "Customers not told after"),
            QCoreApplication.translate("SettingsDialog", "min")),
        "loaner_suggest_after_hours": (
            QCoreApplication.translate("SettingsDialog", "Suggest loaner routers when the outage is expected to last over"),
            QCoreApplication.translate("SettingsDialog", "h")),
        "loan_due_days": (
            QCoreApplication.translate("SettingsDialog", "Loaner routers due back after restoration"),
            QCoreApplication.translate("SettingsDialog", "days")),
        "stale_position_minutes": (
            QCoreApplication.translate("SettingsDialog", "Technician position stale after"),
            QCoreApplication.translate("SettingsDialog", "min")),
        "travel_circuity": (
            QCoreApplication.translate("SettingsDialog", "Road distance / straight line"),
            QCoreApplication.translate("SettingsDialog", "×")),
        "travel_speed_kmh": (
            QCoreApplication.translate("SettingsDialog", "Average driving speed"),
            QCoreApplication.translate("SettingsDialog", "km/h")),
        "osrm_url": (
            QCoreApplication.translate("SettingsDialog", "Road travel times from the OSRM server"),
            QCoreApplication.translate("SettingsDialog", "(empty: straight-line estimates)")),
        "travel_stop_minutes": (
            QCoreApplication.translate("SettingsDialog", "Time per stop (parking, loading)"),
            QCoreApplication.translate("SettingsDialog", "min")),
        "darkness_factor": (
            QCoreApplication.translate("SettingsDialog", "Work after dark takes"),
            QCoreApplication.translate("SettingsDialog", "× as long")),
        "repair_minutes_excavation_damage": (
            QCoreApplication.translate("SettingsDialog", "Repair time, excavation damage"),
            QCoreApplication.translate("SettingsDialog", "min")),
        "repair_minutes_cable_fault": (
            QCoreApplication.translate("SettingsDialog", "Repair time, cable fault"),
            QCoreApplication.translate("SettingsDialog", "min")),
        "repair_minutes_equipment_failure": (
            QCoreApplication.translate("SettingsDialog", "Repair time, equipment failure"),
            QCoreApplication.translate("SettingsDialog", "min")),
        "repair_minutes_power": (
            QCoreApplication.translate("SettingsDialog", "Repair time, power failure"),
            QCoreApplication.translate("SettingsDialog", "min")),
        "repair_minutes_weather": (
            QCoreApplication.translate("SettingsDialog", "Repair time, weather"),
            QCoreApplication.translate("SettingsDialog", "min")),
        "repair_minutes_unknown": (
            QCoreApplication.translate("SettingsDialog", "Repair time, unknown cause"),
            QCoreApplication.translate("SettingsDialog", "min")),
        "smtp_host": (
            QCoreApplication.translate("SettingsDialog", "SMTP server for e-mailed notices"),
            QCoreApplication.translate("SettingsDialog", "(empty: no e-mail)")),
        "smtp_port": (QCoreApplication.translate("SettingsDialog", "SMTP server port"), ""),
        "smtp_from": (QCoreApplication.translate("SettingsDialog", "Sender address of e-mailed notices"), ""),
        "smtp_user": (
            QCoreApplication.translate("SettingsDialog", "SMTP login name"),
            QCoreApplication.translate("SettingsDialog", "(empty: no login)")),
        "smtp_starttls": (
            QCoreApplication.translate("SettingsDialog", "Encrypt the SMTP connection (STARTTLS)"),
            QCoreApplication.translate("SettingsDialog", "1: yes, 0: no")),
        "sms_api_url": (
            QCoreApplication.translate("SettingsDialog", "SMS API (46elks-compatible)"),
            QCoreApplication.translate("SettingsDialog", "(empty: no SMS)")),
        "sms_user": (QCoreApplication.translate("SettingsDialog", "SMS API user name"), ""),
        "sms_from": (QCoreApplication.translate("SettingsDialog", "SMS sender name or number"), ""),
    }


def _error_label(parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setObjectName("dialogError")
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setStyleSheet("color:#9f1239; font-weight:600;")
    label.hide()
    return label


def _note(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setObjectName("fieldCaption")
    return label


class SettingsDialog(QDialog):
    """loaded(OperatorSettings): the shared values arrived from the database.
    saved(OperatorSettings): everything was written; the dialog then closes."""

    loaded = Signal(object)
    saved = Signal(object)
    fit_shown = Signal(object)  # the road factor fitted from driven trips (RoadFactorFit)
    fit_accepted = Signal(object)  # OperatorSettings after the fitted factor was written

    TILE_KINDS = ("osm", "mbtiles", "none")

    def __init__(self, window, qsettings: QSettings | None = None):
        super().__init__(window)
        self.window_ = window
        self.qsettings = qsettings if qsettings is not None else QSettings()
        self.current: operator_settings.OperatorSettings | None = None
        self.setObjectName("settingsDialog")
        self.setWindowTitle(self.tr("Settings"))
        self.setMinimumWidth(640)

        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._build_workstation_tab(), self.tr("This workstation"))
        self.tabs.addTab(self._build_operator_tab(), self.tr("All workstations"))
        self.error = _error_label(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setEnabled(False)  # until the shared values are in

        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self._fill_workstation(workstation.load(self.qsettings))
        self._load_operator()
        self._load_fit()

    # ------------------------------------------------------------------ this workstation
    def _build_workstation_tab(self) -> QWidget:
        page = QWidget(self)
        form = QFormLayout(page)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)

        self.name_edit = QLineEdit(page)
        self.name_edit.setObjectName("dispatcherName")
        self.name_edit.setMaxLength(workstation.MAX_NAME_CHARS)
        self.name_edit.setPlaceholderText(default_actor())
        form.addRow(self.tr("Your name"), self.name_edit)
        form.addRow("", _note(self.tr("Written in the log with every change you make."), page))

        self.db_url_edit = QLineEdit(page)
        self.db_url_edit.setObjectName("databaseUrl")
        self.db_url_edit.setPlaceholderText(self.tr("Local file on this computer"))
        form.addRow(self.tr("Database"), self.db_url_edit)
        form.addRow("", _note(self.tr("For example postgresql://dispatch@dbserver/dispatch to share one database "
                                      "between workstations. Takes effect when the console is restarted."), page))

        self.tiles_combo = QComboBox(page)
        self.tiles_combo.setObjectName("tileSource")
        for kind, text in zip(self.TILE_KINDS, (self.tr("OpenStreetMap (online)"),
                                                self.tr("Offline map file (MBTiles)"),
                                                self.tr("No background map"))):
            self.tiles_combo.addItem(text, kind)
        self.mbtiles_edit = QLineEdit(page)
        self.mbtiles_edit.setObjectName("mbtilesFile")
        self.mbtiles_edit.setPlaceholderText(self.tr("Choose an .mbtiles file"))
        self.browse_button = QPushButton(self.tr("Browse…"), page)
        self.browse_button.clicked.connect(self._browse_mbtiles)
        file_row = QHBoxLayout()
        file_row.setContentsMargins(0, 0, 0, 0)
        file_row.addWidget(self.mbtiles_edit, 1)
        file_row.addWidget(self.browse_button)
        self.tiles_combo.currentIndexChanged.connect(self._tiles_kind_changed)
        form.addRow(self.tr("Background map"), self.tiles_combo)
        form.addRow(self.tr("Map file"), file_row)
        form.addRow("", _note(self.tr("Takes effect when the console is restarted."), page))

        self.language_combo = QComboBox(page)
        self.language_combo.setObjectName("language")
        self.language_combo.addItem(self.tr("As the computer (system language)"), "")
        # Each language in its own name, so it can be found whatever the current one is.
        self.language_combo.addItem("Svenska", "sv")
        self.language_combo.addItem("English", "en")
        form.addRow(self.tr("Language"), self.language_combo)
        form.addRow("", _note(self.tr("Takes effect when the console is restarted."), page))
        return page

    def _fill_workstation(self, values: workstation.WorkstationSettings) -> None:
        self.name_edit.setText(values.dispatcher)
        self.db_url_edit.setText(values.db_url)
        tiles = values.tiles.strip()
        kind = "mbtiles" if tiles.lower().startswith("mbtiles:") else (tiles.lower() or "osm")
        self.tiles_combo.setCurrentIndex(max(0, self.tiles_combo.findData(kind)))
        self.mbtiles_edit.setText(tiles[len("mbtiles:"):] if kind == "mbtiles" else "")
        self._tiles_kind_changed()
        self.language_combo.setCurrentIndex(max(0, self.language_combo.findData(values.language)))

    def _tiles_kind_changed(self) -> None:
        on = self.tiles_combo.currentData() == "mbtiles"
        self.mbtiles_edit.setEnabled(on)
        self.browse_button.setEnabled(on)

    def _browse_mbtiles(self) -> None:
        start = self.mbtiles_edit.text().strip() or str(Path.home())
        path, _filter = QFileDialog.getOpenFileName(self, self.tr("Offline map file"), start,
                                                    self.tr("MBTiles map files (*.mbtiles);;All files (*)"))
        if path:
            self.mbtiles_edit.setText(path)

    def workstation_values(self) -> workstation.WorkstationSettings:
        """The workstation tab as typed; raises ValidationError (translated) when it cannot be saved."""
        kind = self.tiles_combo.currentData()
        tiles = kind
        if kind == "mbtiles":
            path = self.mbtiles_edit.text().strip()
            if not path:
                raise ValidationError(self.tr("Choose the offline map file, or another background map."))
            if not Path(path).is_file():
                raise ValidationError(self.tr("The map file {path} does not exist.").format(path=path))
            tiles = f"mbtiles:{path}"
        url = self.db_url_edit.text().strip()
        if url and "://" not in url:
            raise ValidationError(self.tr("The database must be a URL such as postgresql://user@host/dispatch "
                                          "or sqlite:///path/to/file.sqlite3."))
        name = " ".join(self.name_edit.text().split())
        return workstation.WorkstationSettings(db_url=url, tiles=tiles, dispatcher=name,
                                               language=self.language_combo.currentData() or "")

    # ------------------------------------------------------------------ all workstations
    def _build_operator_tab(self) -> QWidget:
        page = QWidget(self)
        outer = QVBoxLayout(page)
        outer.addWidget(_note(self.tr("Shared by every workstation; changes are logged under your name."), page))
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        outer.addLayout(form)
        outer.addStretch(1)
        labels = _operator_labels()
        self.operator_fields: dict[str, QLineEdit] = {}
        for key, help_text, _default in operator_settings.describe():
            label, unit = labels.get(key, (help_text, ""))
            edit = QLineEdit(page)
            edit.setObjectName(f"setting_{key}")
            if _is_text(key):
                edit.setMaxLength(operator_settings.MAX_URL_CHARS)
                edit.setMinimumWidth(260)
            else:
                edit.setMaxLength(operator_settings.MAX_VALUE_CHARS)
                edit.setMaximumWidth(110)
            edit.setEnabled(False)
            edit.setToolTip(help_text)
            row = QHBoxLayout()
            row.setContentsMargins(0, 0, 0, 0)
            row.addWidget(edit)
            row.addWidget(QLabel(unit, page))
            if key == "travel_circuity":
                self._add_fitted_factor(row, page)
            row.addStretch(1)
            form.addRow(label, row)
            self.operator_fields[key] = edit
        return page

    # ------------------------------------------------------------------ calibrated travel
    def _add_fitted_factor(self, row: QHBoxLayout, page: QWidget) -> None:
        self.fitted_label = QLabel(self.tr("Fitting from driven trips…"), page)
        self.fitted_label.setObjectName("fittedRoadFactor")
        self.fitted_label.setTextFormat(Qt.TextFormat.PlainText)
        self.accept_fit_button = QPushButton(self.tr("Accept"), page)
        self.accept_fit_button.setObjectName("acceptRoadFactor")
        self.accept_fit_button.setToolTip(self.tr("Write the fitted factor into the shared setting now"))
        self.accept_fit_button.setEnabled(False)
        self.accept_fit_button.clicked.connect(self._accept_fit)
        self.fit = None
        row.addSpacing(12)
        row.addWidget(self.fitted_label)
        row.addWidget(self.accept_fit_button)

    def _load_fit(self) -> None:
        self.window_.workers.submit(travel_calibration.calibrate, self.window_.db,
                                    on_done=self._fit_loaded, on_error=self._fit_failed)

    def _fit_loaded(self, fit) -> None:
        self.fit = fit
        if fit.fitted is None:
            self.fitted_label.setText(self.tr("Too few driven trips to fit ({n} of {needed})").format(
                n=fit.overall.trips, needed=MIN_TRIPS))
            self.accept_fit_button.setEnabled(False)
        else:
            self.fitted_label.setText(self.tr("Fitted from {n} trips: {factor}").format(
                n=fit.overall.trips, factor=self._number_text(round(fit.fitted, 2))))
            self.accept_fit_button.setEnabled(self.current is None
                                              or round(fit.fitted, 3) != self.current.travel_circuity)
        self.fit_shown.emit(fit)

    def _fit_failed(self, err: BaseException) -> None:
        self.fitted_label.setText(self.tr("No fit: {err}").format(err=error_text(err)))
        self.accept_fit_button.setEnabled(False)

    def _accept_fit(self) -> None:
        if self.fit is None or self.fit.fitted is None:
            return
        self.accept_fit_button.setEnabled(False)
        self.window_.workers.submit(travel_calibration.accept, self.window_.db, self.fit,
                                    on_done=self._fit_written, on_error=self._failed)

    def _fit_written(self, fit) -> None:
        value = round(fit.fitted, 3)
        if self.current is not None:
            self.current = replace(self.current, travel_circuity=value)
        self.operator_fields["travel_circuity"].setText(self._number_text(value))
        self.fit_accepted.emit(self.current)

    def _load_operator(self) -> None:
        self.window_.workers.submit(operator_settings.get_settings, self.window_.db,
                                    on_done=self._operator_loaded, on_error=self._operator_failed)

    def _operator_failed(self, err: BaseException) -> None:
        # This workstation's settings can still be saved: a wrong database URL is fixed here.
        self.save_button.setEnabled(True)
        self.error.setText(self.tr("The shared settings could not be read: {err}").format(err=error_text(err)))
        self.error.show()

    def _number_text(self, value) -> str:
        if isinstance(value, str):
            return value
        text = str(value)
        if isinstance(value, float):
            text = f"{value:g}"
        return text.replace(".", QLocale().decimalPoint())

    def _operator_loaded(self, current) -> None:
        self.current = current
        for key, edit in self.operator_fields.items():
            edit.setText(self._number_text(getattr(current, key)))
            edit.setEnabled(True)
        self.save_button.setEnabled(True)
        self.loaded.emit(current)

    def operator_changes(self) -> dict:
        """Changed shared values, checked; raises ValidationError naming the field."""
        if self.current is None:
            return {}
        labels = _operator_labels()
        meta = {f.name: f.metadata for f in fields(operator_settings.OperatorSettings)}
        changes = {}
        for key, edit in self.operator_fields.items():
            label = labels.get(key, (key, ""))[0]
            try:
                value = operator_settings.coerce(key, edit.text())
            except ValidationError:
                self._mark(edit)
                if meta[key]["kind"] is str:
                    raise ValidationError(self.tr("“{label}” must be an http(s) URL such as "
                                                  "http://localhost:5000, or empty.").format(label=label)) from None
                if meta[key]["minimum"] is not None:
                    raise ValidationError(self.tr("“{label}” must be at least {minimum}.").format(
                        label=label, minimum=f"{meta[key]['minimum']:g}")) from None
                kind = self.tr("a whole number") if meta[key]["kind"] is int else self.tr("a number")
                limit = self.tr("0 or more") if meta[key]["allow_zero"] else self.tr("more than 0")
                raise ValidationError(self.tr("“{label}” must be {kind}, {limit}.").format(
                    label=label, kind=kind, limit=limit)) from None
            if value != getattr(self.current, key):
                changes[key] = value
        candidate = replace(self.current, **changes)
        candidate.travel_settings  # noqa: B018 - the domain's own range checks, before writing
        candidate.eta_settings  # noqa: B018
        return changes

    def _mark(self, edit: QLineEdit) -> None:
        self.tabs.setCurrentIndex(1)
        edit.setStyleSheet("border: 1px solid #9f1239;")
        edit.setFocus()
        edit.selectAll()

    # ------------------------------------------------------------------ saving
    def submit(self) -> None:
        self.error.hide()
        for edit in self.operator_fields.values():
            edit.setStyleSheet("")
        try:
            local = self.workstation_values()
        except ValidationError as err:
            self.tabs.setCurrentIndex(0)
            self._failed(err)
            return
        try:
            changes = self.operator_changes()
        except ValidationError as err:
            self._failed(err)
            return
        self.buttons.setEnabled(False)
        if not changes:
            self._save_local(local)
            self._finish(self.current)
            return

        def done(result) -> None:
            self._save_local(local)
            self._finish(result)

        # Logged under the name just typed, like every later write from this window.
        db = replace(self.window_.db, actor=self._actor_for(local))
        self.window_.workers.submit(operator_settings.update_settings, db, on_done=done,
                                    on_error=self._failed, **changes)

    @staticmethod
    def _actor_for(values: workstation.WorkstationSettings) -> str:
        if os.environ.get("DISPATCH_USER", "").strip():
            return default_actor()
        return values.dispatcher or default_actor()

    def _save_local(self, values: workstation.WorkstationSettings) -> None:
        workstation.save(values, self.qsettings)
        # The name applies at once: later writes from this window are logged under it.
        actor = self._actor_for(values)
        if getattr(self.window_, "db", None) is not None and self.window_.db.actor != actor:
            self.window_.db = replace(self.window_.db, actor=actor)

    def _finish(self, result) -> None:
        self.saved.emit(result)
        self.accept()

    def _failed(self, err: BaseException | str) -> None:
        self.buttons.setEnabled(True)
        if isinstance(err, BaseException) and not isinstance(err, DispatchError):
            log.error("saving the settings failed", exc_info=err)
            text = self.tr("The settings could not be saved: something unexpected went wrong; "
                           "the details are in the log.")
        else:
            text = error_text(err)
        self.error.setText(text)
        self.error.show()
