"""The detail pane's ETA chart: the staircase of the selected outage's promises, drawn in a
worker (matplotlib, console/charts) and shown as a picture, so the GUI thread never waits on it.

It draws again when the outage's ledger changes (the window hands it each new Detail), when the
console's clock ticks ("now" moves) and when it is resized, but only while it is in view (else
once it is shown again); a drawing that comes back after the dispatcher moved on is dropped.
"""
from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from console.domain.timeutil import utcnow

from .error_words import error_text
from .labels import ui_language

# Resizing a splitter sends a stream of sizes; draw once it settles.
RESIZE_SETTLE_MS = 150
# The chart's text at the window's own size (points at 96 dpi).
FONT_PT = 8.5


def render_chart_png(outage, revisions, lang: str, now: datetime, width_px: int, height_px: int,
                     ratio: float) -> bytes:
    """Runs in a worker: the model from the read models, then the picture at the label's size."""
    from console.charts.draw import eta_chart_image
    from console.charts.eta_model import chart_for

    chart = chart_for(outage, revisions, lang=lang, now=now)
    dpi = 96 * ratio
    return eta_chart_image(chart, "png", width_px / 96, height_px / 96, dpi=dpi, font_pt=FONT_PT)


class EtaChartView(QWidget):
    def __init__(self, workers=None, parent=None):
        super().__init__(parent)
        self.workers = workers
        self.picture = QLabel(self)
        self.picture.setObjectName("etaChart")
        self.picture.setTextFormat(Qt.TextFormat.PlainText)
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.picture.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.picture.setMinimumSize(240, 160)
        col = QVBoxLayout(self)
        col.setContentsMargins(0, 4, 0, 0)
        col.addWidget(self.picture, 1)
        self._detail = None
        self._now: datetime | None = None
        self._token = 0
        # What the picture shows: the outage, how many promises, and the "now" it was drawn at.
        self.drawn_for: int | None = None
        self.drawn_promises = 0
        self.drawn_now: datetime | None = None
        self._dirty = False
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(RESIZE_SETTLE_MS)
        self._settle.timeout.connect(self.redraw)

    def show_outage(self, detail, now: datetime | None = None) -> None:
        """Draw the chart of `detail` (console.ui.data.Detail): its outage and ETA ledger."""
        changed = self._detail is None or self._detail.outage.id != detail.outage.id
        self._detail = detail
        self._now = now
        if changed:
            self.picture.setPixmap(QPixmap())
            self.picture.setText(self.tr("Drawing the ETA chart…"))
            self.drawn_for = None
        self.redraw()

    def set_now(self, now: datetime) -> None:
        self._now = now
        if self._detail is not None:
            self.redraw()

    def clear(self) -> None:
        self._detail = None
        self._token += 1
        self.drawn_for = None
        self.picture.setPixmap(QPixmap())

    def redraw(self) -> None:
        if self._detail is None or self.workers is None:
            return
        if not self.isVisible():
            # Another tab is in front: draw when this one is shown, not on every tick meanwhile.
            self._dirty = True
            return
        self._dirty = False
        self._token += 1
        token, detail, now = self._token, self._detail, self._now or utcnow()
        size = self.picture.size()
        if size.width() < 50 or size.height() < 50:
            size = QSize(720, 300)
        ratio = self.devicePixelRatioF()
        self.workers.submit(render_chart_png, detail.outage, list(detail.eta_history), ui_language(),
                            now, size.width(), size.height(), ratio,
                            on_done=lambda png: self._drawn(token, detail, now, png, ratio),
                            on_error=lambda err: self._failed(token, err))

    def _drawn(self, token: int, detail, now: datetime, png: bytes, ratio: float) -> None:
        if token != self._token:
            return  # a newer drawing is on its way
        pixmap = QPixmap()
        pixmap.loadFromData(png, "PNG")
        pixmap.setDevicePixelRatio(ratio)
        self.picture.setPixmap(pixmap)
        self.drawn_for, self.drawn_promises, self.drawn_now = detail.outage.id, len(detail.eta_history), now

    def _failed(self, token: int, err: BaseException) -> None:
        if token == self._token:
            self.picture.setPixmap(QPixmap())
            self.picture.setText(self.tr("The ETA chart could not be drawn: {error}").format(error=error_text(err)))

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        if self._dirty:
            self.redraw()

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        if self._detail is not None:
            self._settle.start()
