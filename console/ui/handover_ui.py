"""The shift handover from the window: export the PDF, print it, write the handover notes.

Collecting and rendering run in a worker (at storm scale they take a while); the worker's
progress comes back through a queued signal into a progress dialog, so the window keeps
working. Cancelling hides the dialog and forgets the job: the worker may still finish, but
its file is thrown away rather than appearing where the dispatcher no longer expects it.

Printing renders the same PDF to a temporary file, then sends it to the printer one page
per event-loop turn (QPdfDocument draws each page as an image at the printer's resolution).

The shift: notes are filed under a shift start, and the handover covers from that start
until now. The start is remembered on this workstation (QSettings); without one it is
twelve hours ago, which is one shift.
"""
from __future__ import annotations

import contextlib
import itertools
import logging
import os
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

from PySide6.QtCore import (
    QDateTime,
    QObject,
    QRectF,
    QSettings,
    QSize,
    Qt,
    QTimer,
    QTimeZone,
    Signal,
)
from PySide6.QtGui import QKeySequence, QPainter, QShortcut
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QProgressDialog,
    QPushButton,
    QVBoxLayout,
)

from console.domain.errors import DispatchError, ValidationError
from console.domain.timeutil import LOCAL_TZ, as_utc, utcnow
from console.reports.handover_pdf import HandoverPdf, render_handover
from console.services.handover import (
    DEFAULT_SHIFT,
    MAX_NOTE,
    MAX_SHIFT,
    collect_handover,
    save_shift_note,
    shift_notes,
)

from .error_words import error_text
from .labels import format_local, ui_language
from .qt_check import printing_problem
from .widgets import error_label

SHIFT_KEY = "handover/shift_start"
FOLDER_KEY = "handover/folder"
log = logging.getLogger(__name__)
# A page image at 300 dpi is ~35 MB; at a 1200 dpi printer's full resolution it would be
# over half a gigabyte per page, for no visible gain on a handover.
MAX_PRINT_DPI = 300


# ---------------------------------------------------------------- the shift
def shift_start(now: datetime | None = None) -> datetime:
    """The remembered shift start if it is still a plausible one, else now − 12 h (UTC)."""
    now = now or utcnow()
    raw = QSettings().value(SHIFT_KEY, "")
    if raw:
        try:
            start = as_utc(datetime.fromisoformat(str(raw)))
        except (TypeError, ValueError):
            start = None
        if start is not None and now - MAX_SHIFT < start < now:
            return start
    return now - DEFAULT_SHIFT


def remember_shift_start(start: datetime | None) -> None:
    """None forgets it: the handover goes back to the last twelve hours."""
    if start is None:
        QSettings().remove(SHIFT_KEY)
    else:
        QSettings().setValue(SHIFT_KEY, as_utc(start).isoformat())


def has_remembered_shift() -> bool:
    return bool(QSettings().value(SHIFT_KEY, ""))


def default_file_name(lang: str, now: datetime | None = None) -> str:
    stem = "overlamning" if lang == "sv" else "handover"
    return f"{stem}-{format_local(now or utcnow(), '%Y-%m-%d-%H%M')}.pdf"


def _to_qdatetime(value: datetime) -> QDateTime:
    local = value.astimezone(LOCAL_TZ)
    return QDateTime.fromSecsSinceEpoch(int(local.timestamp()), QTimeZone(b"Europe/Stockholm"))


def _from_qdatetime(value: QDateTime) -> datetime:
    return datetime.fromtimestamp(value.toSecsSinceEpoch(), LOCAL_TZ)


# ---------------------------------------------------------------- the worker's job
def _prepare(db, out_path: str, lang: str, since: datetime, dispatcher: str, progress) -> HandoverPdf:
    progress(0.0, "…")
    data = collect_handover(db, since=since, dispatcher=dispatcher)
    return render_handover(data, out_path, lang, progress=progress)


class _ProgressRelay(QObject):
    # (job, fraction, message); emitted in the worker, delivered queued on the GUI thread.
    progress = Signal(int, float, str)


class HandoverController(QObject):
    """The window's handover commands.

    exported(HandoverPdf): the PDF is at its final path.
    printed(int): that many pages went to the printer.
    progressed(float, str): each progress report, as the dialog shows it.
    failed(str): the export or print did not happen.
    """

    exported = Signal(object)
    printed = Signal(int)
    progressed = Signal(float, str)
    failed = Signal(str)

    def __init__(self, window, lang: str | None = None):
        super().__init__(window)
        self.window_ = window
        # None: the window's own language, so an English window prints an English handover.
        self.lang = lang
        self._jobs = itertools.count(1)
        self._current = 0            # the job the dialog shows; results of others are dropped
        self._relay = _ProgressRelay(self)
        self._relay.progress.connect(self._on_progress, Qt.ConnectionType.QueuedConnection)
        # Made when the first handover starts: a QProgressDialog shows itself a few seconds after
        # it is constructed unless something resets it, so one made at start-up pops up empty.
        self._progress_dialog: QProgressDialog | None = None
        self._printing: _PagePrinter | None = None

    @property
    def progress_dialog(self) -> QProgressDialog:
        if self._progress_dialog is None:
            dialog = QProgressDialog(self.window_)
            dialog.setObjectName("handoverProgress")
            dialog.setWindowTitle(self.tr("Shift handover"))
            dialog.setRange(0, 100)
            dialog.setAutoClose(False)
            dialog.setAutoReset(False)
            dialog.setMinimumDuration(0)
            dialog.setMinimumWidth(380)
            # Not modal: during a storm the dispatcher keeps working while the handover renders.
            dialog.setWindowModality(Qt.WindowModality.NonModal)
            dialog.canceled.connect(self.cancel)
            dialog.reset()
            dialog.hide()
            self._progress_dialog = dialog
        return self._progress_dialog

    def _hide_progress(self) -> None:
        if self._progress_dialog is not None:
            self._progress_dialog.hide()

    # ---- export ----
    def language(self) -> str:
        return self.lang or ui_language()

    def export_choices(self) -> list[tuple[str, str]]:
        """(file-dialog filter, language) pairs, the window's language first: the filter is where
        the save dialog lets the dispatcher print the handover in the other language."""
        choices = [(self.tr("PDF in English (*.pdf)"), "en"), (self.tr("PDF in Swedish (*.pdf)"), "sv")]
        return sorted(choices, key=lambda c: c[1] != self.language())

    def export_pdf(self) -> None:
        folder = str(QSettings().value(FOLDER_KEY, "") or Path.home())
        choices = self.export_choices()
        path, chosen = QFileDialog.getSaveFileName(
            self.window_, self.tr("Export handover PDF"),
            str(Path(folder) / default_file_name(choices[0][1])), ";;".join(c[0] for c in choices))
        if path:
            if not path.lower().endswith(".pdf"):
                path += ".pdf"
            QSettings().setValue(FOLDER_KEY, str(Path(path).parent))
            lang = next((c[1] for c in choices if c[0] == chosen), choices[0][1])
            self.export_to(path, lang)

    def export_to(self, path: str | os.PathLike, lang: str | None = None) -> int:
        """Collect and render into `path` in a worker (in `lang`, else the window's language);
        returns the job number."""
        target = Path(path).absolute()
        if not target.parent.is_dir():
            self._fail(self.tr("The folder {folder} does not exist").format(folder=str(target.parent)))
            return 0
        # Rendered beside the target under a hidden name and moved into place when done, so a
        # cancelled export leaves nothing behind.
        fd, tmp = tempfile.mkstemp(prefix=".handover-", suffix=".pdf", dir=target.parent)
        os.close(fd)

        def done(result: HandoverPdf) -> None:
            # The hidden file was made private; the handover is as readable as any saved file.
            mode = target.stat().st_mode & 0o777 if target.exists() else 0o644
            with contextlib.suppress(OSError):
                os.chmod(tmp, mode)
            os.replace(tmp, target)
            self._finish()
            final = HandoverPdf(str(target), result.pages)
            self.window_.statusBar().showMessage(
                self.tr("Handover saved as {name} (%n page(s))", "", result.pages).format(name=target.name),
                10_000)
            self.exported.emit(final)

        return self._start(tmp, done, self.tr("Preparing the handover PDF…"), lang or self.language())

    # ---- print ----
    def print_handover(self) -> None:
        problem = printing_problem()
        if problem is not None:
            # Said before the print dialog, not after the dispatcher has chosen a printer.
            self._fail(self.tr("The handover cannot be printed: this installation lacks Qt's PDF and print "
                               "modules ({problem})").format(problem=problem))
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self.window_)
        dialog.setWindowTitle(self.tr("Print handover"))
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.print_to(printer)

    def print_to(self, printer: QPrinter) -> int:
        """Render to a temporary PDF in a worker, then send its pages to `printer`."""
        problem = printing_problem()
        if problem is not None:
            self._fail(self.tr("The handover cannot be printed: this installation lacks Qt's PDF and print "
                               "modules ({problem})").format(problem=problem))
            return 0
        fd, tmp = tempfile.mkstemp(prefix="handover-print-", suffix=".pdf")
        os.close(fd)
        job_holder = {}

        def done(result: HandoverPdf) -> None:
            job = job_holder["job"]
            self.progress_dialog.setLabelText(self.tr("Sending the handover to the printer…"))
            self._printing = _PagePrinter(self, job, tmp, printer, result.pages)
            self._printing.start()

        job_holder["job"] = self._start(tmp, done, self.tr("Preparing the handover for printing…"), self.language())
        return job_holder["job"]

    def _pages_printed(self, job: int, pages: int, error: str | None) -> None:
        self._printing = None
        if job != self._current:
            return
        if error:
            self._fail(error)
            return
        self._finish()
        self.window_.statusBar().showMessage(self.tr("Handover sent to the printer (%n page(s))", "", pages), 10_000)
        self.printed.emit(pages)

    # ---- the shared job ----
    def _start(self, tmp: str, done, label: str, lang: str) -> int:
        job = next(self._jobs)
        self._current = job
        self.progress_dialog.setLabelText(label)
        self.progress_dialog.setValue(0)
        self.progress_dialog.show()

        def progress(fraction: float, message: str) -> None:  # runs in the worker thread
            self._relay.progress.emit(job, float(fraction), str(message))

        def finished(result: HandoverPdf) -> None:
            if job != self._current:
                # Cancelled or replaced by a newer request: nobody wants this file any more.
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
                return
            done(result)

        def failed(err: BaseException) -> None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            if job == self._current:
                if isinstance(err, DispatchError):
                    self._fail(self.tr("The handover could not be prepared: {err}").format(err=error_text(err)))
                else:
                    log.error("preparing the handover failed", exc_info=err)
                    self._fail(self.tr("The handover could not be prepared: something unexpected went wrong; "
                                       "the details are in the log."))

        since = shift_start()
        self.window_.workers.submit(_prepare, self.window_.db, tmp, lang, since, self.window_.db.actor,
                                    progress, on_done=finished, on_error=failed)
        return job

    def _on_progress(self, job: int, fraction: float, message: str) -> None:
        if job != self._current or self._progress_dialog is None or self._progress_dialog.isHidden():
            return
        self.progress_dialog.setValue(round(fraction * 100))
        if message and message != "…":
            self.progress_dialog.setLabelText(message)
        self.progressed.emit(fraction, message)

    def cancel(self) -> None:
        self._current = 0
        if self._printing is not None:
            self._printing.abort()
        self._hide_progress()
        self.window_.statusBar().showMessage(self.tr("Handover cancelled"), 5000)

    def busy(self) -> bool:
        return self._current != 0

    def _finish(self) -> None:
        self._current = 0
        self._hide_progress()

    def _fail(self, message: str) -> None:
        self._finish()
        self.window_._show_error(ValidationError(message), self.tr("Shift handover"))
        self.failed.emit(message)


class _PagePrinter(QObject):
    """Draws a PDF onto a printer one page per event-loop turn, then reports to the controller."""

    def __init__(self, controller: HandoverController, job: int, pdf_path: str, printer: QPrinter, pages: int):
        super().__init__(controller)
        from PySide6.QtPdf import QPdfDocument

        self.controller = controller
        self.job = job
        self.pdf_path = pdf_path
        self.printer = printer
        self.doc = QPdfDocument(self)
        self.expected = pages
        self.page = 0
        self.painter: QPainter | None = None
        self._image = None
        self._aborted = False

    def start(self) -> None:
        error = self.doc.load(self.pdf_path)
        if error != self.doc.Error.None_ or self.doc.pageCount() == 0:
            self._end(self.tr("The handover PDF could not be read for printing ({err})").format(
                err=getattr(error, "name", str(error))))
            return
        # The PDF has its own margins: map its page onto the whole sheet, scale 1:1.
        self.printer.setFullPage(True)
        self.printer.setDocName("Handover")
        self.painter = QPainter()
        if not self.painter.begin(self.printer):
            self.painter = None
            self._end(self.tr("The printer could not be opened"))
            return
        QTimer.singleShot(0, self._next)

    def abort(self) -> None:
        self._aborted = True

    def _next(self) -> None:
        # Two event-loop turns per page, rendering then drawing: each holds the GUI thread
        # for about half of what one page takes.
        if self._aborted:
            self.printer.abort()
            self._end(None)
            return
        if self._image is None:
            self._image = self._render(self.page)
            QTimer.singleShot(0, self._next)
            return
        count = self.doc.pageCount()
        if self.page > 0:
            self.printer.newPage()
        self._draw(self.page, self._image)
        self._image = None
        self.page += 1
        if self.page < count:
            self.controller._on_progress(self.job, self.page / count,
                                         self.tr("Printing page {n} of {total}").format(
                                             n=self.page + 1, total=count))
            QTimer.singleShot(0, self._next)
        else:
            self._end(None)

    def _render(self, index: int):
        points = self.doc.pagePointSize(index)
        dpi = min(self.printer.resolution(), MAX_PRINT_DPI)
        return self.doc.render(index, QSize(max(1, round(points.width() / 72 * dpi)),
                                            max(1, round(points.height() / 72 * dpi))))

    def _draw(self, index: int, image) -> None:
        paper = self.printer.paperRect(QPrinter.Unit.DevicePixel)
        points = self.doc.pagePointSize(index)
        # Fit the page into the sheet keeping its proportions (A4 on Letter gets a margin).
        scale = min(paper.width() / points.width(), paper.height() / points.height())
        w, h = points.width() * scale, points.height() * scale
        target = QRectF((paper.width() - w) / 2, (paper.height() - h) / 2, w, h)
        self.painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        self.painter.drawImage(target, image)

    def _end(self, error: str | None) -> None:
        if self.painter is not None and self.painter.isActive():
            self.painter.end()
        pages = self.page
        self.doc.close()
        with contextlib.suppress(OSError):
            os.unlink(self.pdf_path)
        if not self._aborted:
            self.controller._pages_printed(self.job, pages, error)
        self.deleteLater()


# ---------------------------------------------------------------- the notes
class HandoverNotesDialog(QDialog):
    """What the next dispatcher should know, filed under this shift; printed in the handover."""

    saved = Signal(object)
    deleted = Signal(object)
    notes_loaded = Signal(list)

    def __init__(self, window):
        super().__init__(window)
        self.window_ = window
        self.setWindowTitle(self.tr("Handover notes"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resize(620, 560)

        explain = QLabel(self.tr(
            "Notes are printed in the handover of the shift they are filed under. The handover covers "
            "from the shift start to the moment it is printed. This workstation remembers the start you "
            "set here; without one it is twelve hours before now."), self)
        explain.setWordWrap(True)
        explain.setObjectName("fieldCaption")

        self.shift = QDateTimeEdit(self)
        self.shift.setObjectName("shiftStart")
        self.shift.setTimeZone(QTimeZone(b"Europe/Stockholm"))
        self.shift.setDisplayFormat("ddd d MMM yyyy HH:mm")
        self.shift.setCalendarPopup(True)
        now = utcnow()
        self.shift.setMaximumDateTime(_to_qdatetime(now))
        self.shift.setMinimumDateTime(_to_qdatetime(now - MAX_SHIFT + timedelta(minutes=1)))
        self.shift.setDateTime(_to_qdatetime(shift_start(now)))
        self.starts_now = QPushButton(self.tr("My shift starts now"), self)
        self.default_shift = QPushButton(self.tr("Last 12 hours"), self)
        self.default_shift.setToolTip(self.tr("Forget the remembered start: the shift is the last twelve hours"))
        self.shift_state = QLabel(self)
        self.shift_state.setObjectName("fieldCaption")
        self.shift_state.setTextFormat(Qt.TextFormat.PlainText)
        shift_row = QHBoxLayout()
        shift_row.addWidget(QLabel(self.tr("Shift started:"), self))
        shift_row.addWidget(self.shift)
        shift_row.addWidget(self.starts_now)
        shift_row.addWidget(self.default_shift)
        shift_row.addStretch(1)

        self.notes_caption = QLabel(self.tr("Notes of this shift"), self)
        self.notes_caption.setObjectName("sectionCaption")
        # One row per note: F2 or Enter edits it, Delete deletes it (ui/note_list.py).
        from .note_list import NoteList

        self.notes = NoteList(self)
        self.notes.edit_requested.connect(self.start_edit)
        self.notes.delete_requested.connect(self.delete_note)
        self.editing = None  # the ShiftNoteView being edited, else a new note is written

        self.editor = QPlainTextEdit(self)
        self.editor.setObjectName("noteEditor")
        self.editor.setPlaceholderText(self.tr(
            "For the next dispatcher: what is promised, what to watch, who to call…"))
        self.editor.setMaximumHeight(130)
        self.count = QLabel(self)
        self.count.setObjectName("fieldCaption")
        self.error = error_label(self)
        self.save_button = QPushButton(self.tr("Save note"), self)
        self.save_button.setObjectName("saveNote")
        self.save_button.setDefault(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.cancel_edit_button = QPushButton(self.tr("Cancel edit"), self)
        self.cancel_edit_button.setObjectName("cancelNoteEdit")
        self.cancel_edit_button.hide()
        self.cancel_edit_button.clicked.connect(self.cancel_edit)
        buttons.addButton(self.cancel_edit_button, QDialogButtonBox.ButtonRole.ActionRole)

        col = QVBoxLayout(self)
        col.addWidget(explain)
        col.addLayout(shift_row)
        col.addWidget(self.shift_state)
        col.addWidget(self.notes_caption)
        col.addWidget(self.notes, 1)
        col.addLayout(self.notes.buttons)
        self.editor_caption = QLabel(self.tr("New note"), self)
        col.addWidget(self.editor_caption)
        col.addWidget(self.editor)
        col.addWidget(self.count)
        col.addWidget(self.error)
        col.addWidget(buttons)

        self.shift.dateTimeChanged.connect(self._shift_edited)
        self.starts_now.clicked.connect(lambda: self.shift.setDateTime(_to_qdatetime(utcnow())))
        self.default_shift.clicked.connect(self._forget_shift)
        self.editor.textChanged.connect(self._update_count)
        self.save_button.clicked.connect(self.save)
        # Enter in the editor is a new line; Ctrl+Enter saves, as in a mail program.
        QShortcut(QKeySequence("Ctrl+Return"), self.editor, self.save,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self._update_count()
        self._show_shift_state()
        self.editor.setFocus()
        self.reload()

    def shift_start(self) -> datetime:
        return as_utc(_from_qdatetime(self.shift.dateTime()))

    def _shift_edited(self, _value) -> None:
        remember_shift_start(self.shift_start())
        self._show_shift_state()
        self.reload()

    def _forget_shift(self) -> None:
        remember_shift_start(None)
        self.shift.blockSignals(True)
        self.shift.setDateTime(_to_qdatetime(shift_start()))
        self.shift.blockSignals(False)
        self._show_shift_state()
        self.reload()

    def _show_shift_state(self) -> None:
        self.shift_state.setText(
            self.tr("Remembered on this workstation; the handover covers {start} until it is printed.").format(
                start=format_local(self.shift_start(), "%a %d %b %H:%M"))
            if has_remembered_shift() else
            self.tr("No shift start set: the handover covers the last twelve hours."))

    def _update_count(self) -> None:
        n = len(self.editor.toPlainText().strip())
        self.count.setText(self.tr("{n} of {max} characters").format(n=n, max=MAX_NOTE))
        self.count.setStyleSheet("color:#9f1239;" if n > MAX_NOTE else "")

    def reload(self) -> None:
        self.window_.workers.submit(shift_notes, self.window_.db, self.shift_start(),
                                    on_done=self._show_notes, on_error=self._show_error)

    def _show_notes(self, notes: list) -> None:
        self.notes.set_notes(notes)
        self.notes_caption.setText(self.tr("Notes of this shift (%n)", "", len(notes)))
        self.notes_loaded.emit(notes)

    def save(self) -> None:
        text = self.editor.toPlainText()
        if not text.strip():
            self._show_error(self.tr("Write the note first."))
            return
        self.error.hide()
        self.save_button.setEnabled(False)
        if self.editing is not None:
            from console.services.shift_note_edits import edit_shift_note

            self.window_.run_action(edit_shift_note, self.editing.id, text, self.editing.version,
                                    on_done=self._saved, on_error=self._show_error)
            return
        remember_shift_start(self.shift_start())
        self._show_shift_state()
        self.window_.run_action(save_shift_note, text, self.shift_start(),
                                on_done=self._saved, on_error=self._show_error)

    # ---- correcting a note ----
    def start_edit(self, note) -> None:
        """The note's text goes into the editor; Save replaces it, Esc in the editor gives up."""
        self.editing = note
        self.editor_caption.setText(self.tr("Editing the note of {when} by {who}").format(
            when=format_local(note.written_at, "%a %d %b %H:%M"), who=note.written_by))
        self.save_button.setText(self.tr("Save changes"))
        self.cancel_edit_button.show()
        self.editor.setPlainText(note.text)
        self.editor.selectAll()
        self.editor.setFocus()

    def cancel_edit(self) -> None:
        self.editing = None
        self.editor_caption.setText(self.tr("New note"))
        self.save_button.setText(self.tr("Save note"))
        self.cancel_edit_button.hide()
        self.editor.clear()
        self.error.hide()

    def delete_note(self, note) -> None:
        from console.services.shift_note_edits import delete_shift_note

        ask = QMessageBox(QMessageBox.Icon.Question, self.tr("Delete handover note"),
                          self.tr("Delete the note of {when} by {who}? It is no longer printed in the handover; "
                                  "the audit log keeps what it said.").format(
                              when=format_local(note.written_at, "%a %d %b %H:%M"), who=note.written_by),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        ask.setObjectName("deleteNoteQuestion")
        ask.setDefaultButton(QMessageBox.StandardButton.No)  # Enter must not delete what was written
        ask.setTextFormat(Qt.TextFormat.PlainText)

        def answered(button: int) -> None:
            if button == QMessageBox.StandardButton.Yes:
                if self.editing is not None and self.editing.id == note.id:
                    self.cancel_edit()
                self.window_.run_action(delete_shift_note, note.id, note.version,
                                        on_done=self._deleted, on_error=self._show_error)

        ask.finished.connect(lambda _r: answered(ask.standardButton(ask.clickedButton())
                                                 if ask.clickedButton() else QMessageBox.StandardButton.No))
        self.delete_question = ask
        ask.open()

    def _deleted(self, note) -> None:
        self.window_.statusBar().showMessage(self.tr("Handover note deleted"), 5000)
        self.deleted.emit(note)
        self.reload()

    def _saved(self, note) -> None:
        self.save_button.setEnabled(True)
        edited = self.editing is not None
        self.cancel_edit()
        self.window_.statusBar().showMessage(self.tr("Handover note changed") if edited
                                             else self.tr("Handover note saved"), 5000)
        self.saved.emit(note)
        self.reload()

    def _show_error(self, err) -> None:
        self.save_button.setEnabled(True)
        if isinstance(err, BaseException) and not isinstance(err, DispatchError):
            log.error("saving the handover note failed", exc_info=err)
            text = self.tr("The note could not be saved: something unexpected went wrong; the details are in the log.")
        else:
            text = error_text(err)
        self.error.setText(text)
        self.error.show()
