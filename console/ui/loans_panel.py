"""Loaner 4G routers in the window: the pool, lending, returning, what to collect, and when to offer.

The panel reads the pool in a worker after every applied change batch (a lend or a return
also changes its outage, so other workstations' loans arrive the same way). Which outages
deserve loaners is a heavier read (every open outage), so it is refreshed at most twice a
minute and after the dispatcher's own actions.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

import shiboken6
from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from console.domain.errors import NeedsConfirmation
from console.domain.limits import REFERENCE_CHARS
from console.domain.timeutil import utcnow
from console.services import loans as loan_service
from console.services.loans import LoanerSuggestion, LoanView
from console.services.readmodels import OutageView

from .error_words import error_text
from .labels import (
    MUTED_FG,
    OVERDUE_BG,
    OVERDUE_FG,
    UNTOLD_BG,
    UNTOLD_FG,
    duration_text,
    format_local,
    local_time,
)
from .widgets import RecordTableModel, error_label, row_table, warning_banner

COL_SERIAL = 0
COL_WHERE = 1
COL_OUTAGE = 2
COL_CUSTOMER = 3
COL_LENT = 4
COL_DUE = 5
COL_RETURNED = 6
COLUMN_COUNT = 7

LOAN_ROLE = Qt.ItemDataRole.UserRole + 1
SERIAL_ROLE = Qt.ItemDataRole.UserRole + 2

_HEADERS = {
    COL_SERIAL: QT_TRANSLATE_NOOP("LoansPanel", "Router"),
    COL_WHERE: QT_TRANSLATE_NOOP("LoansPanel", "Where"),
    COL_OUTAGE: QT_TRANSLATE_NOOP("LoansPanel", "Outage"),
    COL_CUSTOMER: QT_TRANSLATE_NOOP("LoansPanel", "Customer"),
    COL_LENT: QT_TRANSLATE_NOOP("LoansPanel", "Lent"),
    COL_DUE: QT_TRANSLATE_NOOP("LoansPanel", "Due back"),
    COL_RETURNED: QT_TRANSLATE_NOOP("LoansPanel", "Returned"),
}

SUGGESTIONS_AFTER_LOAD_MS = 2_000
SUGGESTIONS_EVERY_MS = 30_000
REFRESH_DELAY_MS = 300


@dataclass(frozen=True)
class LoansState:
    loans: list[LoanView]
    counts: dict[str, int]
    to_collect: frozenset[str]                    # serials out for outages that are over
    suggestions: list[LoanerSuggestion] | None    # None: not read this time, keep the last


def load_loans_state(db, with_suggestions: bool) -> LoansState:
    """Runs in a worker: the pool, its counts, what to collect and (optionally) suggestions."""
    loans = loan_service.list_loans(db)
    counts = loan_service.loan_counts(db)
    collect = frozenset(v.serial for v in loan_service.to_collect(db))
    suggestions = loan_service.suggest_loaners(db) if with_suggestions else None
    return LoansState(loans, counts, collect, suggestions)


def _tr(text: str) -> str:
    return QCoreApplication.translate("LoansPanel", text)


class LoanTableModel(RecordTableModel):
    CONTEXT = "LoansPanel"
    HEADERS = _HEADERS

    def __init__(self, title_of, parent=None):
        super().__init__(parent)
        self._rows: list[LoanView] = []
        self._collect: frozenset[str] = frozenset()
        self._title_of = title_of        # outage id -> title, or None
        self._now = utcnow()
        self._bold = QFont()
        self._bold.setBold(True)

    def set_loans(self, loans: Iterable[LoanView], to_collect: frozenset[str], now: datetime | None = None) -> None:
        self.beginResetModel()
        self._rows = list(loans)
        self._collect = to_collect
        self._now = now or utcnow()
        self.endResetModel()

    def loans(self) -> list[LoanView]:
        return list(self._rows)

    def loan(self, serial: str) -> LoanView | None:
        return next((v for v in self._rows if v.serial == serial), None)

    def is_to_collect(self, serial: str) -> bool:
        return serial in self._collect

    def row_of(self, serial: str) -> int | None:
        return next((i for i, v in enumerate(self._rows) if v.serial == serial), None)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        v = self._rows[index.row()]
        col = index.column()
        collect = v.serial in self._collect
        overdue = v.is_overdue(self._now)
        if role == Qt.ItemDataRole.DisplayRole:
            if col == COL_SERIAL:
                return v.serial
            if col == COL_WHERE:
                if v.is_out:
                    return _tr(QT_TRANSLATE_NOOP("LoansPanel", "To collect")) if collect else _tr(QT_TRANSLATE_NOOP("LoansPanel", "With customer"))
                return v.depot or "\u2014"
            if col == COL_OUTAGE:
                if v.outage_id is None:
                    return ""
                title = self._title_of(v.outage_id)
                return f"#{v.outage_id} {title}" if title else f"#{v.outage_id}"
            if col == COL_CUSTOMER:
                return v.customer_ref or ""
            if col == COL_LENT:
                return local_time(v.lent_at, self._now)
            if col == COL_DUE:
                return local_time(v.due_at, self._now) if v.is_out else ""
            if col == COL_RETURNED:
                return local_time(v.returned_at, self._now)
            return None
        if role == LOAN_ROLE:
            return v
        if role == SERIAL_ROLE:
            return v.serial
        if role == Qt.ItemDataRole.BackgroundRole:
            if col == COL_DUE and overdue:
                return QBrush(OVERDUE_BG)
            if col == COL_WHERE and collect:
                return QBrush(UNTOLD_BG)
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            if col == COL_DUE and overdue:
                return OVERDUE_FG
            if col == COL_WHERE and collect:
                return UNTOLD_FG
            if not v.is_out and col != COL_SERIAL and col != COL_WHERE:
                return MUTED_FG  # an old, returned loan: history, not work
            return None
        if role == Qt.ItemDataRole.FontRole and ((col == COL_DUE and overdue) or (col == COL_WHERE and collect)):
            return self._bold
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == COL_OUTAGE and v.outage_id is not None:
                return self._title_of(v.outage_id) or ""
            if col == COL_DUE and overdue:
                return _tr(QT_TRANSLATE_NOOP("LoansPanel", "Due back date has passed"))
            if col == COL_WHERE and collect:
                return _tr(QT_TRANSLATE_NOOP("LoansPanel", "The outage is over: fetch the router back from the customer"))
            if col == COL_SERIAL and v.model:
                return v.model
        return None


class _CollectFilter(QSortFilterProxyModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.only_collect = False

    def set_only_collect(self, on: bool) -> None:
        self.beginFilterChange()
        self.only_collect = on
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, row, parent) -> bool:
        if not self.only_collect:
            return True
        model = self.sourceModel()
        return model.is_to_collect(model.index(row, 0, parent).data(SERIAL_ROLE))


class LoansPanel(QWidget):
    """The "Loaners" tab. `state_loaded(LoansState)` after each read (the status bar listens)."""

    state_loaded = Signal(object)

    def __init__(self, window, parent=None):
        super().__init__(parent)
        self.window_ = window
        self.model = LoanTableModel(self._title_of, self)
        self.proxy = _CollectFilter(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(Qt.ItemDataRole.DisplayRole)
        self.suggestions: list[LoanerSuggestion] = []
        self.counts: dict[str, int] = {}
        self._loading = False
        self._again = False
        self._suggest_due = True

        self.banner = warning_banner(self, "loanerBanner", UNTOLD_BG, UNTOLD_FG)

        self.lend_button = QPushButton(self.tr("Lend…"), self)
        self.lend_button.setObjectName("lendRouter")
        self.lend_button.setToolTip(self.tr("Lend a router to a customer of an outage"))
        self.return_button = QPushButton(self.tr("Return"), self)
        self.return_button.setObjectName("returnRouter")
        self.return_button.setToolTip(self.tr("The selected router is back from the customer"))
        self.return_button.setEnabled(False)
        self.collect_only = QCheckBox(self.tr("To collect only"), self)
        self.collect_only.setToolTip(self.tr("Routers still with customers although their outage is over"))
        self.summary = QLabel(self)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setObjectName("fieldCaption")
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(self.lend_button)
        bar.addWidget(self.return_button)
        bar.addSpacing(10)
        bar.addWidget(self.collect_only)
        bar.addStretch(1)
        bar.addWidget(self.summary)

        self.table = row_table(self, self.proxy, "loanTable", COL_SERIAL, {
            COL_SERIAL: 74, COL_WHERE: 120, COL_OUTAGE: 170, COL_CUSTOMER: 96, COL_LENT: 82, COL_DUE: 82,
            COL_RETURNED: 82})

        col = QVBoxLayout(self)
        col.setContentsMargins(6, 6, 4, 0)
        col.setSpacing(6)
        col.addWidget(self.banner)
        col.addLayout(bar)
        col.addWidget(self.table, 1)

        self.lend_button.clicked.connect(self.open_lend)
        self.return_button.clicked.connect(self.open_return)
        self.collect_only.toggled.connect(self.proxy.set_only_collect)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.table.doubleClicked.connect(self._activated)

        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(REFRESH_DELAY_MS)
        self._refresh_timer.timeout.connect(self.refresh)
        self._suggest_timer = QTimer(self)
        self._suggest_timer.setInterval(SUGGESTIONS_EVERY_MS)
        self._suggest_timer.timeout.connect(self._suggestions_due)
        self._suggest_timer.start()
        # Suggestions read every open outage: after a full load they wait a moment, so the first paint of
        # a storm-sized board does not compete with them for the interpreter.
        window.snapshot_applied.connect(self.refresh)
        window.snapshot_applied.connect(lambda: QTimer.singleShot(SUGGESTIONS_AFTER_LOAD_MS, self._suggestions_due))
        window.live.loans.connect(self._delta)

    def _delta(self, delta) -> None:
        """Read the loans again only when the change is theirs: a loan or router written, a setting
        that moves due dates or suggestions, or an outage some router is lent for (restored: to collect)."""
        lent_for = {v.outage_id for v in self.model.loans() if v.outage_id is not None}
        # A suggestion for an outage that has just closed is no longer true: drop it now, and ask
        # again with the next read instead of waiting for the suggestion timer.
        suggested = set(self.suggested_ids())
        closed = {o.id for o in delta.outages if o.id in suggested and not o.is_open}
        if closed:
            self.suggestions = [s for s in self.suggestions if s.outage_id not in closed]
            self._show_banner()
        if any(o.id in suggested for o in delta.outages):
            self._suggest_due = True
        if (delta.touches("loan", "loaner_router") or delta.settings is not None
                or any(o.id in lent_for or o.id in suggested for o in delta.outages)):
            self._refresh_timer.start()

    # ---- data ----
    def refresh(self, suggestions: bool = False) -> None:
        if suggestions:
            self._suggest_due = True
        if self._loading:
            self._again = True
            return
        self._loading = True
        with_suggestions, self._suggest_due = self._suggest_due, False
        self.window_.workers.submit(load_loans_state, self.window_.db, with_suggestions,
                                    on_done=self._apply, on_error=self._failed)

    def _suggestions_due(self) -> None:
        self.refresh(suggestions=True)

    def _apply(self, state: LoansState) -> None:
        self._loading = False
        current = self.selected_serial()
        self.model.set_loans(state.loans, state.to_collect)
        self.counts = state.counts
        if state.suggestions is not None:
            self.suggestions = state.suggestions
        self._show_banner()
        # Out and to collect are in the status bar; here what can still be lent.
        self.summary.setText(self.tr("{available} of {total} routers at depots").format(
            available=state.counts.get("available", 0), total=state.counts.get("routers", 0)))
        if current is not None:
            self.select_serial(current)
        self._current_changed(self.table.currentIndex(), None)
        self.state_loaded.emit(state)
        if self._again:
            self._again = False
            self.refresh()

    def _failed(self, err: BaseException) -> None:
        self._loading = False
        self.window_.statusBar().showMessage(
            self.tr("Loaner routers could not be read: {err}").format(err=error_text(err)), 10_000)

    def _title_of(self, outage_id: int) -> str | None:
        view = self.window_.outage_model.outage(outage_id)
        return view.title if view else None

    def _show_banner(self) -> None:
        if not self.suggestions:
            self.banner.hide()
            return
        lines = []
        for s in self.suggestions[:3]:
            title = self._title_of(s.outage_id) or ""
            lines.append(f"#{s.outage_id} {title}: {s.reason}")
        more = len(self.suggestions) - 3
        text = self.tr("Offer loaner routers for %n outage(s):", "", len(self.suggestions)) + "\n" + "\n".join(lines)
        if more > 0:
            text += "\n" + self.tr("…and %n more", "", more)
        self.banner.setText(text)
        self.banner.show()

    def suggested_ids(self) -> list[int]:
        return [s.outage_id for s in self.suggestions]

    # ---- selection ----
    def selected_serial(self) -> str | None:
        index = self.table.currentIndex()
        return index.data(SERIAL_ROLE) if index.isValid() else None

    def select_serial(self, serial: str) -> bool:
        row = self.model.row_of(serial)
        if row is None:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():
            return False
        self.table.selectRow(index.row())
        return True

    def _current_changed(self, current, _previous) -> None:
        loan = current.data(LOAN_ROLE) if current is not None and current.isValid() else None
        self.return_button.setEnabled(loan is not None and loan.is_out)

    def _activated(self, index) -> None:
        loan = index.data(LOAN_ROLE)
        if loan is not None and loan.outage_id is not None and index.column() == COL_OUTAGE:
            self.window_.select_outage(loan.outage_id)

    # ---- actions ----
    def open_lend(self) -> LendDialog:
        outage_id = self.window_.selected_outage_id()
        if outage_id is None and self.suggestions:
            outage_id = self.suggestions[0].outage_id
        serial = self.selected_serial()
        loan = self.model.loan(serial) if serial else None
        dialog = LendDialog(self, outage_id, serial if loan is not None and not loan.is_out else None)
        dialog.open()
        return dialog

    def open_return(self) -> ReturnDialog | None:
        serial = self.selected_serial()
        loan = self.model.loan(serial) if serial else None
        if loan is None:
            return None
        dialog = ReturnDialog(self, loan)
        dialog.open()
        return dialog

    def after_action(self) -> None:
        self.refresh(suggestions=True)


class _LoanDialog(QDialog):
    """The frame both loan dialogs share: a form, an error line, the action button."""

    succeeded = Signal(object)

    def __init__(self, panel: LoansPanel, title: str, action_text: str):
        super().__init__(panel.window_)
        self.panel = panel
        self.window_ = panel.window_
        self.setWindowTitle(title)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setMinimumWidth(460)
        self.form = QFormLayout()
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.error = error_label(self)
        self.buttons = QDialogButtonBox(self)
        self.ok = self.buttons.addButton(action_text, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        col = QVBoxLayout(self)
        col.addLayout(self.form)
        col.addWidget(self.error)
        col.addWidget(self.buttons)

    def show_error(self, err: BaseException | str) -> None:
        self.ok.setEnabled(True)
        text = error_text(err)
        # The service refused before writing anything: say so, so nobody checks twice.
        self.error.setText(self.tr("{err}. Nothing was changed.").format(err=text.rstrip(".")))
        self.error.show()

    def _submit(self) -> None:
        self.error.hide()
        call = self.call()
        if call is None:
            return
        fn, args = call
        self.ok.setEnabled(False)
        self.window_.run_action(fn, *args, on_done=self._finished, on_error=self.show_error)

    def _finished(self, result) -> None:
        self.panel.after_action()
        self.succeeded.emit(result)
        self.accept()

    def call(self):
        raise NotImplementedError


class LendDialog(_LoanDialog):
    """Router (pick from the depots, or type the serial on the box), outage, customer reference."""

    def __init__(self, panel: LoansPanel, outage_id: int | None = None, serial: str | None = None):
        super().__init__(panel, self.tr("Lend a loaner router"), self.tr("Lend"))
        self.choices_loaded = 0  # how many times the nearest-first list has arrived
        self._picked = False  # a router chosen by hand (or preselected) stays chosen when the list arrives
        self.router = QComboBox(self)
        self.router.setObjectName("lendSerial")
        self.router.setEditable(True)
        self.router.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        available = [v for v in panel.model.loans() if not v.is_out]
        for v in available:
            self.router.addItem(v.serial, v.serial)
        self.router.lineEdit().setPlaceholderText(self.tr("Serial on the router, e.g. LR-0001"))
        self._where = {v.serial: v.depot or "" for v in available}
        self.router_where = QLabel(self)
        self.router_where.setTextFormat(Qt.TextFormat.PlainText)
        self.router_where.setObjectName("fieldCaption")
        self.router.currentTextChanged.connect(self._router_changed)

        self.outage = QComboBox(self)
        self.outage.setObjectName("lendOutage")
        suggested = set(panel.suggested_ids())
        open_outages: list[OutageView] = sorted((o for o in self.window_.outage_model.outages() if o.is_open),
                                                key=lambda o: (o.id not in suggested, o.id))
        for o in open_outages:
            mark = "  " + self.tr("(loaners suggested)") if o.id in suggested else ""
            self.outage.addItem(f"#{o.id} {o.title}{mark}", o.id)
        self.outage.setMaxVisibleItems(15)
        self.customer = QLineEdit(self)
        self.customer.setObjectName("lendCustomer")
        self.customer.setPlaceholderText(self.tr("Customer number, e.g. KUND-10432"))
        self.customer.setMaxLength(REFERENCE_CHARS)

        router_box = QHBoxLayout()
        router_box.addWidget(self.router, 1)
        router_box.addWidget(self.router_where)
        self.form.addRow(self.tr("Router"), router_box)
        self.form.addRow(self.tr("Outage"), self.outage)
        self.form.addRow(self.tr("Customer"), self.customer)
        note = QLabel(self.tr("Due back a few days after the outage is restored (a setting); "
                              "until then the due date follows the current ETA."), self)
        note.setWordWrap(True)
        note.setObjectName("fieldCaption")
        self.form.addRow("", note)

        # A customer with a router out already: the dialog says which and since when, and the
        # next Lend (the button says so) lends a second one, until the customer is changed.
        self._second_for: str | None = None
        self._lend_text = self.ok.text()
        self.second_warning = warning_banner(self, "secondRouterWarning", UNTOLD_BG, UNTOLD_FG)
        self.form.addRow(self.second_warning)
        self.customer.textChanged.connect(self._customer_changed)

        if outage_id is not None:
            at = self.outage.findData(outage_id)
            if at >= 0:
                self.outage.setCurrentIndex(at)
        if serial is not None:
            self.set_serial(serial)
        self._router_changed(self.router.currentText())
        self.customer.setFocus()
        # Which router to take depends on where it is: each depot's driving time to the outage,
        # read in a worker (it may ask the routing server), nearest first.
        self.router.activated.connect(self._picked_by_hand)
        self.router.lineEdit().textEdited.connect(self._picked_by_hand)
        self.outage.currentIndexChanged.connect(self._load_choices)
        self._load_choices()

    def _picked_by_hand(self, *_args) -> None:
        self._picked = True

    def _load_choices(self, *_args) -> None:
        outage_id = self.outage_id()
        if outage_id is not None:
            self.window_.workers.submit(loan_service.router_choices, self.window_.db, outage_id,
                                        on_done=lambda found, o=outage_id: self._show_choices(o, found),
                                        on_error=lambda _err: None)

    def _show_choices(self, outage_id: int, choices) -> None:
        if not shiboken6.isValid(self) or outage_id != self.outage_id():
            return  # an answer for an outage no longer chosen
        keep = self.serial() if self._picked else None
        self.router.blockSignals(True)
        self.router.clear()
        for c in choices:
            if c.minutes is None:
                text = c.serial if not c.depot else f"{c.serial} — {c.depot}"
            else:
                text = self.tr("{serial} — {depot}, {km} km, {time}").format(
                    serial=c.serial, depot=c.depot, km=f"{c.km:.0f}", time=duration_text(round(c.minutes)))
            self.router.addItem(text, c.serial)
            self.router.setItemData(self.router.count() - 1, text, Qt.ItemDataRole.ToolTipRole)
        self.router.blockSignals(False)
        if keep and self.router.findData(keep) >= 0:
            self.router.setCurrentIndex(self.router.findData(keep))
        elif keep:
            self.router.setEditText(keep)
        else:
            self.router.setCurrentIndex(0 if self.router.count() else -1)
        self.choices_loaded += 1
        self._router_changed(self.router.currentText())

    def serial(self) -> str:
        """The chosen router's serial: the listed one, or what was typed from the box."""
        text = self.router.currentText().strip()
        at = self.router.currentIndex()
        if at >= 0 and self.router.itemText(at).strip() == text:
            return self.router.itemData(at)
        return text

    def show_error(self, err: BaseException | str) -> None:
        if isinstance(err, NeedsConfirmation):
            facts = err.facts
            self.ok.setEnabled(True)
            self._second_for = self.customer.text().strip()
            self.second_warning.setText(self.tr(
                "{customer} already has router {serial} out, since {since} (outage #{outage}). "
                "Lend a second router to the same customer?").format(
                customer=facts["customer"], serial=facts["serial"],
                since=format_local(facts["since"], "%a %d %b %H:%M"), outage=facts["outage_id"]))
            self.second_warning.show()
            self.ok.setText(self.tr("Lend a second router"))
            return
        super().show_error(err)

    def _customer_changed(self, text: str) -> None:
        if self._second_for is not None and text.strip() != self._second_for:
            self._second_for = None
            self.second_warning.hide()
            self.ok.setText(self._lend_text)

    def set_serial(self, serial: str) -> None:
        self._picked = True
        at = self.router.findData(serial)
        if at >= 0:
            self.router.setCurrentIndex(at)
        else:
            self.router.setEditText(serial)

    def outage_id(self) -> int | None:
        return self.outage.currentData()

    def _router_changed(self, text: str) -> None:
        # A listed router names its depot in the list itself.
        where = None if self.choices_loaded and self.router.findData(self.serial()) >= 0 else self._where.get(self.serial())
        self.router_where.setText(self.tr("at {depot}").format(depot=where) if where else "")

    def call(self):
        serial = self.serial()
        outage_id = self.outage_id()
        if outage_id is None:
            self.show_error(self.tr("There is no open outage to lend for"))
            return None
        second = self._second_for is not None and self._second_for == self.customer.text().strip()
        return loan_service.lend, (serial, outage_id, self.customer.text(), second)


class ReturnDialog(_LoanDialog):
    """Back from the customer: to the depot it came from, or another one."""

    def __init__(self, panel: LoansPanel, loan: LoanView):
        super().__init__(panel, self.tr("Return a loaner router"), self.tr("Return"))
        self.loan = loan
        what = QLabel(self)
        what.setTextFormat(Qt.TextFormat.PlainText)
        what.setWordWrap(True)
        title = panel._title_of(loan.outage_id) if loan.outage_id is not None else None
        what.setText(self.tr("{serial}, lent to {customer} for #{outage} {title}").format(
            serial=loan.serial, customer=loan.customer_ref or "?", outage=loan.outage_id, title=title or ""))
        self.depot = QComboBox(self)
        self.depot.setObjectName("returnDepot")
        self.depot.addItem(self.tr("Where it was lent from"), None)
        for d in sorted(self.window_.depot_model.depots(), key=lambda d: d.name):
            self.depot.addItem(d.name, d.id)
        self.form.addRow(self.tr("Router"), what)
        self.form.addRow(self.tr("Back to"), self.depot)

    def call(self):
        return loan_service.return_router, (self.loan.serial, self.depot.currentData())
