"""The window offers a notice at the moment one is due: at restoration, and when an outage turns long.

Edge-triggered from the live state: an outage seen open and then restored offers the "service
restored" message; an outage that crosses the loaner-router threshold (domain/loans.py, judged by
the one clock on every delta and tick) offers the loaner message. An offer stays until it is sent
(the notice dialog queues or records it, or the outage's customers are told after the offer) or
put aside; neither offer is made twice for the same outage in one session, and a restoration
whose customers were already told after it is not offered at all.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton

from console.domain.loans import DEFAULT_LOAN_SETTINGS, should_suggest_loaners
from console.domain.timeutil import utcnow
from console.services.readmodels import OutageView

RESTORED = "restored"
LOANER = "loaner"
SEND_KEY = "Ctrl+Shift+I"


@dataclass(frozen=True)
class Offer:
    outage_id: int
    kind: str  # RESTORED or LOANER
    made_at: datetime


class OfferBar(QFrame):
    """One line above the detail pane: what is due, [Send…] and [Not now]."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("noticeOffer")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("#noticeOffer { background:#ecfdf5; border:1px solid #10b981; border-radius:4px; }"
                           "#noticeOffer QLabel { color:#064e3b; font-weight:600; }")
        self.text = QLabel(self)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setWordWrap(True)
        self.send = QPushButton(self.tr("Send…"), self)
        self.send.setObjectName("offerSend")
        self.send.setToolTip(self.tr("Open the notice for these customers ({key})").format(
            key=QKeySequence(SEND_KEY).toString(QKeySequence.SequenceFormat.NativeText)))
        self.later = QPushButton(self.tr("Not now"), self)
        self.later.setObjectName("offerLater")
        row = QHBoxLayout(self)
        row.setContentsMargins(10, 4, 6, 4)
        row.addWidget(self.text, 1)
        row.addWidget(self.send)
        row.addWidget(self.later)
        # Only while the bar is shown (a hidden widget's shortcut does not fire).
        self.shortcut = QShortcut(QKeySequence(SEND_KEY), self, context=Qt.ShortcutContext.WindowShortcut)
        self.shortcut.activated.connect(self.send.click)
        self.hide()


class NoticeOffers(QObject):
    """Watches the live state and keeps the offer bar; `offered(outage_id, kind)` when one is made."""

    offered = Signal(int, str)

    def __init__(self, window):
        super().__init__(window)
        self.window_ = window
        self.bar = OfferBar(window.detail)
        window.detail.layout().insertWidget(0, self.bar)
        self._known: dict[int, OutageView] = {}
        self._long: set[int] = set()
        self._pending: list[Offer] = []
        self._done: set[tuple[int, str]] = set()
        self.bar.send.clicked.connect(self.send_current)
        self.bar.later.clicked.connect(self.put_aside)
        live = window.live
        live.snapshot.connect(lambda snap: self._seen(snap.outages, full=True))
        live.outages.connect(self._seen)
        live.tick.connect(lambda _now: self._judge_long(list(self._known.values())))

    # ---- what is due ----
    def pending(self) -> list[Offer]:
        return list(self._pending)

    def current(self) -> Offer | None:
        return self._pending[0] if self._pending else None

    def _loan_rule(self):
        settings = self.window_.live.settings
        return settings.loan_settings if settings is not None else DEFAULT_LOAN_SETTINGS

    def _is_long(self, view: OutageView, now: datetime) -> bool:
        return view.is_open and should_suggest_loaners(view.started_at, view.current_eta, self._loan_rule(), now=now)

    def _seen(self, views: list, full: bool = False) -> None:
        first = not self._known
        now = utcnow()
        for view in views:
            before = self._known.get(view.id)
            self._known[view.id] = view
            if before is None:
                if first or full:
                    if self._is_long(view, now):
                        self._long.add(view.id)  # long before the window saw it: not news now
                    continue
            elif before.is_open and view.status == "restored" and not _told_since(view, view.restored_at):
                self._drop(view.id, LOANER)
                self._offer(view.id, RESTORED, now)
        if not first:
            self._judge_long(views, now)
        self._satisfied(views)
        self._show()

    def _judge_long(self, views: list, now: datetime | None = None) -> None:
        now = now or utcnow()
        for view in views:
            if self._is_long(view, now):
                if view.id not in self._long:
                    self._long.add(view.id)
                    self._offer_loaners(view.id, now)
            else:
                self._long.discard(view.id)
        self._show()

    def _offer_loaners(self, outage_id: int, now: datetime) -> None:
        """Only when the pool has a router free (as `notices send --kind loaner` checks): read in a worker."""
        from console.services.notices import notice_context

        def known(context) -> None:
            if context.loaners_available:
                self._offer(outage_id, LOANER, now)
                self._show()

        self.window_.workers.submit(notice_context, self.window_.db, outage_id, on_done=known,
                                    on_error=lambda _err: None)  # gone meanwhile: nothing to offer

    def _offer(self, outage_id: int, kind: str, now: datetime) -> None:
        if (outage_id, kind) in self._done or any(o.outage_id == outage_id and o.kind == kind for o in self._pending):
            return
        self._pending.append(Offer(outage_id, kind, now))
        self.offered.emit(outage_id, kind)

    def _satisfied(self, views: list) -> None:
        """Customers told after the offer (here or on another workstation): it has been sent."""
        by_id = {v.id: v for v in views}
        for offer in list(self._pending):
            view = by_id.get(offer.outage_id)
            if view is not None and _told_since(view, offer.made_at):
                self._finish(offer)

    def _drop(self, outage_id: int, kind: str) -> None:
        self._pending = [o for o in self._pending if not (o.outage_id == outage_id and o.kind == kind)]

    def _finish(self, offer: Offer) -> None:
        self._done.add((offer.outage_id, offer.kind))
        self._drop(offer.outage_id, offer.kind)

    # ---- the bar ----
    def _show(self) -> None:
        offer = self.current()
        if offer is None:
            self.bar.hide()
            return
        view = self._known.get(offer.outage_id)
        n = view.customers_affected if view is not None else 0
        title = view.title if view is not None else ""
        if offer.kind == RESTORED:
            text = self.tr("#{id} {title}: service restored. Tell the %n customer(s)?", "", n)
        else:
            hours = self._loan_rule().suggest_after_hours
            text = self.tr("#{id} {title} will last over {hours} h. Offer the %n customer(s) a loaner 4G router?",
                           "", n)
            text = text.replace("{hours}", f"{hours:g}")
        text = text.replace("{id}", str(offer.outage_id)).replace("{title}", title)  # title last: it is data
        more = len(self._pending) - 1
        if more > 0:
            text += " " + self.tr("(%n more waiting)", "", more)
        self.bar.text.setText(text)
        self.bar.show()

    def send_current(self) -> None:
        """The notice dialog for the offered outage; its draft says what the outage's state calls for."""
        from .notices_dialog import NoticeDialog

        offer = self.current()
        view = self._known.get(offer.outage_id) if offer is not None else None
        if view is None:
            return
        dialog = NoticeDialog(self.window_, self.window_.outage_model.outage(view.id) or view, kind=offer.kind)
        dialog.setObjectName("offeredNotice")
        dialog.queued.connect(lambda _result: self._sent(offer))
        dialog.recorded.connect(lambda _notice: self._sent(offer))
        self.window_.commands.notice_dialog = dialog
        dialog.open()

    def _sent(self, offer: Offer) -> None:
        self._finish(offer)
        self._show()

    def put_aside(self) -> None:
        """Not now: this offer is not made again (the Customers menu still drafts any notice)."""
        offer = self.current()
        if offer is not None:
            self._finish(offer)
        self._show()


def _told_since(view: OutageView, moment: datetime | None) -> bool:
    return moment is not None and view.customers_told_at is not None and view.customers_told_at >= moment
