"""Telling customers: draft a notice from the outage's state, edit it, record it as sent.

The console does not send anything itself; the dispatcher sends the text through the SMS
tool, the web page or the phone, and records it here. Recording is what resets the
outage's information gap on every workstation (through the change feed).
"""
from __future__ import annotations

import shiboken6
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLocale, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
)

from console.domain.timeutil import utcnow
from console.services import notices as notice_service
from console.services import outbox
from console.services.readmodels import OutageView

from .delivery_runner import DeliveryRunner
from .labels import UNTOLD_FG, duration_text, local_time
from .error_words import error_text
from .widgets import error_label

_CHANNELS = {
    "sms": QT_TRANSLATE_NOOP("Vocabulary", "SMS"),
    "email": QT_TRANSLATE_NOOP("Vocabulary", "E-mail"),
    "web": QT_TRANSLATE_NOOP("Vocabulary", "Web"),
    "phone": QT_TRANSLATE_NOOP("Vocabulary", "Phone"),
}


FAILURES_SHOWN = 3


def channel_label(value: str) -> str:
    return QCoreApplication.translate("Vocabulary", _CHANNELS[value]) if value in _CHANNELS else value


# GSM 03.38: the 7-bit alphabet every phone reads. Swedish å, ä, ö are in it; a text with
# any character outside it goes as UCS-2 and fits less than half as much per message.
_GSM_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡"
    "ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
_GSM_EXTENDED = set("^{}\\[~]|€\f")  # sent with an escape: two septets each


def sms_parts(text: str) -> tuple[int, int, bool]:
    """(length as the network counts it, number of messages, fits the GSM 7-bit alphabet)."""
    if all(c in _GSM_BASIC or c in _GSM_EXTENDED for c in text):
        units = sum(2 if c in _GSM_EXTENDED else 1 for c in text)
        single, part = 160, 153
        gsm = True
    else:
        units = len(text.encode("utf-16-le")) // 2
        single, part = 70, 67
        gsm = False
    if units == 0:
        return 0, 0, gsm
    return units, 1 if units <= single else -(-units // part), gsm


class NoticeDialog(QDialog):
    """Draft (in a worker), edit, and record a customer notice for one outage.

    `recorded(NoticeView)` is emitted once the notice is stored.
    """

    recorded = Signal(object)
    queued = Signal(object)  # outbox.Queued: the notice is on its way through the outbox
    drafted = Signal(str)

    def __init__(self, window, outage: OutageView, lang: str = "sv", kind: str | None = None):
        super().__init__(window)
        self.window_ = window
        self.outage = outage
        self.setWindowTitle(self.tr("Inform customers"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setMinimumWidth(560)
        self._draft_token = 0
        self._last_draft: str | None = None

        title = QLabel(self)
        title.setTextFormat(Qt.TextFormat.PlainText)
        title.setWordWrap(True)
        title.setText(f"#{outage.id}  {outage.title}")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setWeight(QFont.Weight.DemiBold)
        title.setFont(font)
        self.kind = QLabel(self)
        self.kind.setObjectName("noticeKind")
        self.kind.setTextFormat(Qt.TextFormat.PlainText)
        self.kind.setStyleSheet("color:#065f46; font-weight:600;")
        kinds = {"restored": self.tr("Service restored: the draft tells the customers it works again."),
                 "loaner": self.tr("Long outage: the draft offers a loaner 4G router.")}
        self.kind.setText(kinds.get(kind or "", ""))
        self.kind.setVisible(bool(self.kind.text()))
        self.told = QLabel(self)
        self.told.setTextFormat(Qt.TextFormat.PlainText)
        self.told.setWordWrap(True)
        self._show_gap()

        self.lang_sv = QRadioButton(self.tr("Swedish"), self)
        self.lang_en = QRadioButton(self.tr("English"), self)
        self.langs = QButtonGroup(self)
        self.langs.addButton(self.lang_sv)
        self.langs.addButton(self.lang_en)
        (self.lang_en if lang == "en" else self.lang_sv).setChecked(True)
        self.channel = QComboBox(self)
        self.channel.setObjectName("noticeChannel")
        for value in _CHANNELS:
            self.channel.addItem(channel_label(value), value)
        self.redraft = QPushButton(self.tr("Draft again"), self)
        self.redraft.setToolTip(self.tr("Replace the text with a fresh draft from the outage as it is now"))
        options = QHBoxLayout()
        options.addWidget(QLabel(self.tr("Language:"), self))
        options.addWidget(self.lang_sv)
        options.addWidget(self.lang_en)
        options.addSpacing(18)
        options.addWidget(QLabel(self.tr("Channel:"), self))
        options.addWidget(self.channel)
        options.addStretch(1)
        options.addWidget(self.redraft)

        self.text = QPlainTextEdit(self)
        self.text.setObjectName("noticeText")
        self.text.setMinimumHeight(150)
        self.text.setPlaceholderText(self.tr("Drafting…"))
        self.counter = QLabel(self)
        self.counter.setObjectName("smsCounter")
        self.counter.setTextFormat(Qt.TextFormat.PlainText)
        self.hint = QLabel(self.tr(
            "Send by e-mail or SMS delivers to every affected customer with that contact, each in their own "
            "language unless you edited the text. Told them another way (web, phone)? Record it as sent, so "
            "every workstation sees that customers were told."), self)
        self.hint.setWordWrap(True)
        self.hint.setObjectName("fieldCaption")
        self.error = error_label(self)

        self.buttons = QDialogButtonBox(self)
        self.record_button = self.buttons.addButton(self.tr("Record as sent"),
                                                    QDialogButtonBox.ButtonRole.AcceptRole)
        self.record_button.setObjectName("recordNotice")
        # Delivered by the console itself (the outbox): each customer in their own language,
        # unless the dispatcher edited the text, which then goes to everyone as written.
        self.send_email = self.buttons.addButton(self.tr("Send by e-mail"), QDialogButtonBox.ButtonRole.ActionRole)
        self.send_email.setObjectName("sendEmail")
        self.send_sms = self.buttons.addButton(self.tr("Send by SMS"), QDialogButtonBox.ButtonRole.ActionRole)
        self.send_sms.setObjectName("sendSms")
        self.send_email.clicked.connect(lambda: self.send("email"))
        self.send_sms.clicked.connect(lambda: self.send("sms"))
        self.deliveries = QLabel(self)
        self.deliveries.setObjectName("deliveryCounts")
        self.deliveries.setTextFormat(Qt.TextFormat.PlainText)
        self.deliveries.setStyleSheet("font-weight:600;")
        self.delivery_bar = QProgressBar(self)
        self.delivery_bar.setObjectName("deliveryProgress")
        self.delivery_bar.setTextVisible(True)
        self.delivery_bar.hide()
        self.failures = QLabel(self)
        self.failures.setObjectName("deliveryFailures")
        self.failures.setTextFormat(Qt.TextFormat.PlainText)
        self.failures.setWordWrap(True)
        self.failures.setStyleSheet("color:#9f1239;")
        self.failures.hide()
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.record)
        self.buttons.rejected.connect(self.reject)

        col = QVBoxLayout(self)
        col.addWidget(title)
        col.addWidget(self.kind)
        col.addWidget(self.told)
        col.addLayout(options)
        col.addWidget(self.text, 1)
        col.addWidget(self.counter)
        col.addWidget(self.hint)
        col.addWidget(self.error)
        col.addWidget(self.delivery_bar)
        col.addWidget(self.deliveries)
        col.addWidget(self.failures)
        col.addWidget(self.buttons)

        self.text.textChanged.connect(self._update_counter)
        self.channel.currentIndexChanged.connect(self._options_changed)
        self.langs.buttonToggled.connect(lambda _b, on: on and self._options_changed())
        self.redraft.clicked.connect(self.draft)
        self._update_counter()
        self.draft()
        self._counts_timer = QTimer(self)
        self._counts_timer.setInterval(700)
        self._counts_timer.timeout.connect(self.refresh_deliveries)
        self._counts_timer.start()
        self.finished.connect(lambda _result: self._counts_timer.stop())
        self.refresh_deliveries()
        live = getattr(window, "live", None)
        if live is not None:  # the first delivery tells the customers: "last told" follows it
            live.outages.connect(self._outages_changed)
            self.finished.connect(lambda _result: live.outages.disconnect(self._outages_changed))

    # ---- state ----
    def lang(self) -> str:
        return "en" if self.lang_en.isChecked() else "sv"

    def channel_value(self) -> str:
        return self.channel.currentData()

    def set_lang(self, lang: str) -> None:
        (self.lang_en if lang == "en" else self.lang_sv).setChecked(True)

    def set_channel(self, value: str) -> None:
        self.channel.setCurrentIndex(self.channel.findData(value))

    def edited(self) -> bool:
        return self._last_draft is not None and self.text.toPlainText() != self._last_draft

    # ---- drafting ----
    def draft(self) -> None:
        self._draft_token += 1
        token = self._draft_token
        self.redraft.setEnabled(False)
        self.record_button.setEnabled(False)
        self.error.hide()

        def done(text: str) -> None:
            if token != self._draft_token:
                return
            self._last_draft = text
            self.text.setPlainText(text)
            self.redraft.setEnabled(True)
            self.record_button.setEnabled(True)
            self.drafted.emit(text)

        def failed(err: BaseException) -> None:
            if token == self._draft_token:
                self.redraft.setEnabled(True)
                self.record_button.setEnabled(bool(self.text.toPlainText().strip()))
                self._show_error(err)

        self.window_.workers.submit(notice_service.draft_for_outage, self.window_.db, self.outage.id,
                                    self.lang(), self.channel_value(), on_done=done, on_error=failed)

    def _options_changed(self) -> None:
        self._update_counter()
        if self.edited():
            # Never throw away what the dispatcher wrote; a fresh draft is one click away.
            self.error.setText(self.tr("Your edits are kept. Press “Draft again” for a fresh draft in this "
                                       "language and channel."))
            self.error.setStyleSheet("color:#92400e;")
            self.error.show()
        else:
            self.draft()

    def _update_counter(self) -> None:
        text = self.text.toPlainText()
        if self.channel_value() == "sms":
            units, parts, gsm = sms_parts(text.strip())
            alphabet = self.tr("GSM 7-bit") if gsm else self.tr("Unicode: fewer characters per SMS")
            self.counter.setText(self.tr("{n} characters · {parts} · {alphabet}").format(
                n=units, parts=self.tr("%n SMS", "", parts), alphabet=alphabet))
            warn = parts > 1
        else:
            self.counter.setText(self.tr("%n character(s)", "", len(text.strip())))
            warn = False
        self.counter.setStyleSheet(f"color:{UNTOLD_FG.name()}; font-weight:600;" if warn else "color:#4b5563;")

    def _outages_changed(self, views: list) -> None:
        for view in views:
            if view.id == self.outage.id and shiboken6.isValid(self.told):
                self.outage = view
                self._show_gap()

    def _show_gap(self) -> None:
        o = self.outage
        now = utcnow()
        gap = o.untold_minutes_at(now)
        if gap is None:
            self.told.setText(self.tr("The outage is closed."))
            return
        when = local_time(o.customers_told_at) if o.customers_told_at else self.tr("never")
        self.told.setText(self.tr("Customers last told: {when} · silent for {gap}").format(
            when=when, gap=duration_text(gap)))
        self.told.setStyleSheet(f"color:{UNTOLD_FG.name()}; font-weight:600;" if o.info_gap_at(now) else "")

    # ---- recording ----
    def record(self) -> None:
        text = self.text.toPlainText().strip()
        if not text:
            self._show_error(self.tr("The notice text is empty."))
            return
        self.error.hide()
        self.record_button.setEnabled(False)
        self.window_.run_action(notice_service.record_notice, self.outage.id, text, self.channel_value(),
                                self.lang(), on_done=self._recorded, on_error=self._record_failed)

    def _recorded(self, notice) -> None:
        self.window_.statusBar().showMessage(
            self.tr("Notice recorded: customers of #{id} count as told now").format(id=notice.outage_id), 6000)
        self.recorded.emit(notice)
        self.accept()

    def _record_failed(self, err: BaseException) -> None:
        self.record_button.setEnabled(True)
        self._show_error(err)

    # ---- delivering ----
    def send(self, channel: str) -> None:
        text = self.text.toPlainText().strip() if self.edited() else None
        self.error.hide()
        self.send_email.setEnabled(False)
        self.send_sms.setEnabled(False)

        def queued(result) -> None:
            self.send_email.setEnabled(True)
            self.send_sms.setEnabled(True)
            self.window_.statusBar().showMessage(self.tr("%n message(s) queued for delivery", "", result.queued), 6000)
            runner = delivery_runner_of(self.window_)
            runner.start()
            self.refresh_deliveries()
            self.queued.emit(result)

        def refused(err) -> None:
            self.send_email.setEnabled(True)
            self.send_sms.setEnabled(True)
            self._show_error(err)

        self.window_.run_action(outbox.queue_notice, self.outage.id, channel, None, text,
                                on_done=queued, on_error=refused)

    def refresh_deliveries(self) -> None:
        def shown(counts) -> None:
            if not shiboken6.isValid(self.deliveries):
                return  # the dialog closed while the counts were read
            self.show_deliveries(counts)

        self.window_.workers.submit(outbox.delivery_counts, self.window_.db, self.outage.id,
                                    on_done=shown, on_error=lambda _err: None)

    def show_deliveries(self, counts: dict) -> None:
        """A bar of how much of the outage's outbox is done, the counts, and why the first ones failed."""
        queued, sent, failed = counts["queued"], counts["sent"], counts["failed"]
        total = queued + sent + failed
        if not total:
            self.deliveries.setText("")
            self.delivery_bar.hide()
            self.failures.hide()
            return
        self.delivery_bar.setRange(0, total)
        self.delivery_bar.setValue(sent + failed)
        self.delivery_bar.setFormat(self.tr("%v of %m messages done"))
        grow = self.delivery_bar.isHidden() or (bool(counts.get("failures")) and self.failures.isHidden())
        self.delivery_bar.show()
        self.deliveries.setText(self.tr("Delivery: {sent} sent · {failed} failed · {queued} still to send").format(
            sent=QLocale().toString(sent), failed=QLocale().toString(failed), queued=QLocale().toString(queued)))
        self.deliveries.setStyleSheet("font-weight:600; color:#9f1239;" if failed else "font-weight:600;")
        shown = counts.get("failures", [])[:FAILURES_SHOWN]
        if not shown:
            self.failures.hide()
            if grow:
                self._make_room()
            return
        # The customer's reference, never the address: this window is often on a shared screen.
        lines = [f"{f['customer_ref']} ({channel_label(f['channel'])}): {f['error']}" for f in shown]
        if failed > len(shown):
            lines.append(self.tr("… and %n more (notices deliveries --outage {id})", "", failed - len(shown))
                         .format(id=self.outage.id))
        self.failures.setText("\n".join(lines))
        self.failures.show()
        if grow:
            self._make_room()

    def _make_room(self) -> None:
        """The delivery lines appear after the dialog was laid out: grow it rather than squeeze the text."""
        self.layout().activate()
        self.resize(self.width(), max(self.height(), self.sizeHint().height()))

    def _show_error(self, err: BaseException | str) -> None:
        text = error_text(err)
        self.error.setStyleSheet("color:#9f1239;")
        self.error.setText(text)
        self.error.show()


class DeliveryStatus(QObject):
    """The status bar says how a delivery run goes while the notice dialog is closed: sent, failed."""

    def __init__(self, window, runner: DeliveryRunner):
        super().__init__(window)
        self.window_ = window
        self.label = QLabel(window)
        self.label.setObjectName("deliveryStatus")
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        window.statusBar().insertPermanentWidget(0, self.label)
        self.label.hide()
        self.last = None
        runner.progress.connect(self.show_progress)
        runner.finished.connect(self.ended)

    def _text(self, progress) -> str:
        n = QLocale()
        text = self.tr("Sending notices: {sent} sent").format(sent=n.toString(progress.sent))
        if progress.failed:
            text += " · " + self.tr("{failed} failed").format(failed=n.toString(progress.failed))
        if progress.retrying:
            text += " · " + self.tr("{retrying} to retry").format(retrying=n.toString(progress.retrying))
        return text

    def show_progress(self, progress) -> None:
        self.last = progress
        self.label.setText(self._text(progress))
        self.label.setStyleSheet("color:#9f1239; font-weight:600;" if progress.failed else "font-weight:600;")
        self.label.setMinimumWidth(self.label.sizeHint().width())  # the counts are never cut off
        self.label.show()

    def ended(self) -> None:
        self.label.hide()
        if self.last is not None:
            n = QLocale()
            text = self.tr("Notices delivered: {sent} sent").format(sent=n.toString(self.last.sent))
            if self.last.failed:
                text += " · " + self.tr("{failed} failed").format(failed=n.toString(self.last.failed))
            self.window_.statusBar().showMessage(text, 15000)
        self.last = None


def delivery_runner_of(window) -> DeliveryRunner:
    """One delivery loop per window, made on first use and stopped when the window goes."""
    runner = getattr(window, "delivery_runner", None)
    if runner is None:
        runner = DeliveryRunner(window.db, window)
        runner.failed.connect(lambda why: window.statusBar().showMessage(why, 10000))
        window.delivery_runner = runner
        window.delivery_status = DeliveryStatus(window, runner)
    return runner
