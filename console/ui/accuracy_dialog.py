"""How good the promised ETAs were: the accuracy chart by cause for a chosen period, read and
drawn in a worker (the same report and chart as `accuracy --chart` and the handover)."""
from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QVBoxLayout

from console.domain.timeutil import utcnow

from .error_words import error_text
from .labels import ui_language

PERIOD_DAYS = (7, 30, 90, 365)
DEFAULT_DAYS = 30


def read_and_draw(db, days: int, lang: str, width_px: int, ratio: float):
    """Runs in a worker: the report of the last `days` days and its chart as PNG bytes."""
    from console.charts.accuracy_model import accuracy_chart
    from console.charts.draw import accuracy_chart_image
    from console.services.accuracy import eta_accuracy

    until = utcnow()
    report = eta_accuracy(db, until - timedelta(days=days), until)
    chart = accuracy_chart(report.errors, report.since, report.until, lang=lang)
    height_in = 1.6 + 0.8 * max(1, len(chart.rows))
    png = accuracy_chart_image(chart, "png", width_px / 96, height_in, dpi=96 * ratio, font_pt=9)
    return report, png


class AccuracyDialog(QDialog):
    def __init__(self, window):
        super().__init__(window)
        self.window_ = window
        self.setWindowTitle(self.tr("ETA accuracy"))
        self.setObjectName("accuracyDialog")
        self.resize(860, 520)
        self.period = QComboBox(self)
        for days in PERIOD_DAYS:
            self.period.addItem(self.tr("Last %n day(s)", "", days), days)
        self.period.setCurrentIndex(PERIOD_DAYS.index(DEFAULT_DAYS))
        self.period.currentIndexChanged.connect(lambda _i: self.reload())
        self.summary = QLabel(self)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        self.picture = QLabel(self.tr("Reading the restored outages…"), self)
        self.picture.setObjectName("accuracyChart")
        self.picture.setTextFormat(Qt.TextFormat.PlainText)
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.picture.setMinimumHeight(240)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Restored in"), self))
        top.addWidget(self.period)
        top.addStretch(1)
        col = QVBoxLayout(self)
        col.addLayout(top)
        col.addWidget(self.summary)
        col.addWidget(self.picture, 1)
        col.addWidget(buttons)
        self.report = None
        self._token = 0

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        if self.report is None:
            self.reload()

    def reload(self) -> None:
        self._token += 1
        token = self._token
        days = self.period.currentData()
        width = max(600, self.width() - 40)
        self.window_.workers.submit(read_and_draw, self.window_.db, days, ui_language(), width,
                                    self.devicePixelRatioF(), on_done=lambda result: self._shown(token, result),
                                    on_error=lambda err: self._failed(token, err))

    def _shown(self, token: int, result) -> None:
        if token != self._token:
            return
        self.report, png = result
        r = self.report
        self.summary.setText(self.tr("%n outage(s) restored in the period; {none} without a promised ETA. "
                                     "Each dot is one outage: how late (+) or early (−) it was restored against "
                                     "its first and its last promise.", "", r.restored).format(none=r.without_promise))
        pixmap = QPixmap()
        pixmap.loadFromData(png, "PNG")
        pixmap.setDevicePixelRatio(self.devicePixelRatioF())
        self.picture.setPixmap(pixmap)

    def _failed(self, token: int, err: BaseException) -> None:
        if token == self._token:
            self.picture.setText(self.tr("The accuracy could not be read: {error}").format(error=error_text(err)))
