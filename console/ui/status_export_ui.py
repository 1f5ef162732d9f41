"""The public status page from the window: export once into a folder, or after every change.

The web team publishes whatever is in the folder; re-exporting after each applied change
batch keeps it current. Changes come in bursts (an ETA, a notice, a status in a row), so
exports wait for a quiet moment, and never run two at a time.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox

from console.reports.status_export import export_status

from .error_words import error_text

FOLDER_KEY = "status_export/folder"
AUTO_KEY = "status_export/auto"
DEBOUNCE_MS = 2000


class StatusExporter(QObject):
    """exported(StatusExport) after each successful export; failed(str) otherwise."""

    exported = Signal(object)
    failed = Signal(str)

    def __init__(self, window, lang: str = "sv", debounce_ms: int = DEBOUNCE_MS):
        super().__init__(window)
        self.window_ = window
        self.lang = lang
        self.auto_action = None          # the checkable menu action, set by the window
        self._running = False
        self._again: tuple[str, bool] | None = None   # asked for while an export ran
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(debounce_ms)
        self._debounce.timeout.connect(self._auto_export)
        window.delta_applied.connect(self._changed)
        # Switched on in an earlier session: the page is brought up to date once the data is in.
        window.snapshot_applied.connect(lambda: self._changed(None))

    # ---- remembered choices ----
    def folder(self) -> str | None:
        value = QSettings().value(FOLDER_KEY, "")
        return str(value) if value else None

    def set_folder(self, folder: str) -> None:
        QSettings().setValue(FOLDER_KEY, folder)

    def auto(self) -> bool:
        return str(QSettings().value(AUTO_KEY, "false")).lower() == "true"

    # ---- commands ----
    def choose_and_export(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self.window_, self.tr("Export the public status page into…"), self.folder() or str(Path.home()))
        if folder:
            self.set_folder(folder)
            self.export_to(folder, announce=True)

    def set_auto(self, on: bool) -> None:
        if on and not self.folder():
            folder = QFileDialog.getExistingDirectory(
                self.window_, self.tr("Re-export the public status page into…"), str(Path.home()))
            if not folder:
                self._sync_action(False)
                return
            self.set_folder(folder)
        QSettings().setValue(AUTO_KEY, "true" if on else "false")
        self._sync_action(on)
        if on:
            self.window_.statusBar().showMessage(
                self.tr("The status page is re-exported into {folder} after every change").format(
                    folder=self.folder()), 6000)
            self._debounce.start()

    def export_to(self, folder: str, announce: bool = False) -> None:
        """Export in a worker; `announce` tells the dispatcher where the files went."""
        if self._running:
            self._again = (folder, announce or bool(self._again and self._again[1]))
            return
        self._running = True

        def done(result) -> None:
            self._running = False
            where = str(Path(result.index_html).parent)
            self.window_.statusBar().showMessage(self.tr("Status page exported to {folder}").format(folder=where),
                                                 6000)
            if announce:
                box = QMessageBox(QMessageBox.Icon.Information, self.tr("Status page exported"),
                                  self.tr("Written to {folder}:\nindex.html, status.json, feed.atom").format(
                                      folder=where), QMessageBox.StandardButton.Ok, self.window_)
                box.setTextFormat(Qt.TextFormat.PlainText)
                box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
                box.open()
            self.exported.emit(result)
            self._maybe_again()

        def failed(err: BaseException) -> None:
            self._running = False
            message = self.tr("The status page could not be exported: {err}").format(err=error_text(err))
            if announce:
                self.window_._show_error(err, self.tr("Status page not exported"))
            else:
                # A box after every change would bury the dispatcher; the status bar says it.
                self.window_.statusBar().showMessage(message, 15_000)
            self.failed.emit(message)
            self._maybe_again()

        self.window_.workers.submit(export_status, self.window_.db, folder, self.lang, on_done=done, on_error=failed)

    # ---- after changes ----
    def _changed(self, _delta) -> None:
        if self.auto() and self.folder():
            self._debounce.start()  # restarts: one export after the burst

    def _auto_export(self) -> None:
        folder = self.folder()
        if self.auto() and folder:
            self.export_to(folder)

    def _maybe_again(self) -> None:
        if self._again is not None:
            folder, announce = self._again
            self._again = None
            self.export_to(folder, announce)

    def _sync_action(self, on: bool) -> None:
        if self.auto_action is not None and self.auto_action.isChecked() != on:
            self.auto_action.blockSignals(True)
            self.auto_action.setChecked(on)
            self.auto_action.blockSignals(False)
