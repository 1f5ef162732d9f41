"""The detail pane's "Loaners and stock" tab: the routers lent for this outage (lend, return),
and where the material the job still lacks can be fetched, nearest depot first.

The tab reads console.services.outage_supply in a worker whenever its outage is shown again or a
loan changes; Lend and Plan restock are the window's own commands (same keys, same dialogs).
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from console.domain.timeutil import utcnow
from console.services.outage_supply import OutageSupply, outage_supply

from .labels import OVERDUE_FG, duration_text, local_time
from .widgets import list_tree




class OutageSupplyTab(QWidget):
    """supply_shown(OutageSupply): the tab shows a fresh read (tests and the window wait on it).
    return_requested(LoanView): the dispatcher asked to take back the selected router."""

    supply_shown = Signal(object)
    return_requested = Signal(object)

    def __init__(self, workers, parent=None):
        super().__init__(parent)
        self.setObjectName("supplyTab")
        self.workers = workers
        self.outage_id: int | None = None
        self.supply: OutageSupply | None = None
        self._token = 0

        self.loans_caption = QLabel(self.tr("Loaner routers lent for this outage"), self)
        self.loans_caption.setObjectName("fieldCaption")
        self.loans = list_tree(self, [self.tr("Customer"), self.tr("Router"), self.tr("Lent"),
                                      self.tr("Due back"), self.tr("Returned")],
                               [110, 80, 135, 175, 120], "outageLoans")
        self.loans.setSelectionMode(QTreeWidget.SelectionMode.SingleSelection)
        self.loans.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.lend_button = QPushButton(self.tr("Lend router…"), self)
        self.lend_button.setObjectName("detailLend")
        self.return_button = QPushButton(self.tr("&Return"), self)
        self.return_button.setObjectName("detailReturn")
        self.return_button.setToolTip(self.tr("The selected router is back from the customer"))
        self.return_button.setEnabled(False)
        self.return_button.clicked.connect(self._return_selected)
        loan_bar = QHBoxLayout()
        loan_bar.setContentsMargins(0, 0, 0, 0)
        loan_bar.addWidget(self.loans_caption, 1)
        loan_bar.addWidget(self.lend_button)
        loan_bar.addWidget(self.return_button)

        self.stock_caption = QLabel(self)
        self.stock_caption.setObjectName("fieldCaption")
        self.stock_caption.setTextFormat(Qt.TextFormat.PlainText)
        self.stock_caption.setWordWrap(True)
        self.stock = list_tree(self, [self.tr("Material"), self.tr("Lacking"), self.tr("Depot"),
                                      self.tr("At the depot"), self.tr("Drive")],
                               [170, 80, 130, 110, 80], "nearestDepotStock")
        self.stock.setSelectionMode(QTreeWidget.SelectionMode.NoSelection)
        self.restock_button = QPushButton(self.tr("Plan restock…"), self)
        self.restock_button.setObjectName("detailRestock")
        stock_bar = QHBoxLayout()
        stock_bar.setContentsMargins(0, 0, 0, 0)
        stock_bar.addWidget(self.stock_caption, 1)
        stock_bar.addWidget(self.restock_button, 0, Qt.AlignmentFlag.AlignTop)

        col = QVBoxLayout(self)
        col.setContentsMargins(0, 4, 0, 0)
        col.setSpacing(4)
        col.addLayout(loan_bar)
        col.addWidget(self.loans)
        col.addLayout(stock_bar)
        col.addWidget(self.stock, 1)

    # ---- the window's commands ----
    def use_commands(self, lend_action, restock_action) -> None:
        """Lend and Plan restock run the window's actions: the same dialog, key and enabled state."""
        self.lend_button.clicked.connect(lend_action.trigger)
        self.restock_button.clicked.connect(restock_action.trigger)
        for button, action in ((self.lend_button, lend_action), (self.restock_button, restock_action)):
            keys = action.shortcut().toString()
            button.setToolTip(f"{action.statusTip()} ({keys})" if keys else action.statusTip())

    # ---- data ----
    def show_outage(self, outage_id: int | None) -> None:
        self.outage_id = outage_id
        if outage_id is None:
            self.loans.clear()
            self.stock.clear()
            return
        self.reload()

    def reload(self) -> None:
        db = getattr(self.window(), "db", None)  # the main window's database
        if self.outage_id is None or self.workers is None or db is None:
            return
        self._token += 1
        token, outage_id = self._token, self.outage_id
        self.workers.submit(outage_supply, db, outage_id,
                            on_done=lambda supply: self._show(token, supply),
                            on_error=lambda _err: None)  # gone meanwhile: the pane says so

    def _show(self, token: int, supply: OutageSupply) -> None:
        if token != self._token or supply.outage_id != self.outage_id:
            return
        self.supply = supply
        self._fill_loans(supply)
        self._fill_stock(supply)
        self.supply_shown.emit(supply)

    def _fill_loans(self, supply: OutageSupply) -> None:
        keep = self.selected_loan()
        self.loans.clear()
        now = utcnow()
        bold = QFont()
        bold.setBold(True)
        for loan in supply.loans:
            due = local_time(loan.due_at, now) if loan.due_at else "\u2014"
            overdue = loan.is_overdue(now)
            if overdue:
                due = self.tr("{due} (overdue)").format(due=due)
            item = QTreeWidgetItem([loan.customer_ref or "", loan.serial, local_time(loan.lent_at, now), due,
                                    local_time(loan.returned_at, now) if loan.returned_at else ""])
            item.setData(0, Qt.ItemDataRole.UserRole, loan)
            if overdue:
                item.setForeground(3, OVERDUE_FG)
                item.setFont(3, bold)
                item.setToolTip(3, self.tr("Due back date has passed"))
            if not loan.is_out:
                for c in range(5):
                    item.setForeground(c, Qt.GlobalColor.gray)
            self.loans.addTopLevelItem(item)
            if keep is not None and keep.serial == loan.serial:
                self.loans.setCurrentItem(item)
        if not supply.loans:
            self.loans.addTopLevelItem(QTreeWidgetItem([self.tr("No router has been lent for this outage.")]))
            self.loans.topLevelItem(0).setFirstColumnSpanned(True)
        elif self.loans.currentItem() is None:
            self.loans.setCurrentItem(self.loans.topLevelItem(0))
        # As tall as its rows (up to four): the depot stock below gets the rest of the pane.
        rows = max(1, min(self.loans.topLevelItemCount(), 4))
        row_height = max(self.loans.sizeHintForRow(0), self.loans.fontMetrics().height() + 6)
        self.loans.setMaximumHeight(self.loans.header().sizeHint().height() + rows * row_height
                                    + 2 * self.loans.frameWidth() + 2)
        out = sum(1 for v in supply.loans if v.is_out)
        self.loans_caption.setText(self.tr("Loaner routers lent for this outage: %n out", "", out)
                                   if supply.loans else self.tr("Loaner routers lent for this outage"))
        self.lend_button.setEnabled(supply.is_open)
        self._update_buttons()

    def _fill_stock(self, supply: OutageSupply) -> None:
        self.stock.clear()
        if not supply.is_open:
            self.stock_caption.setText(self.tr("The outage is over: no material to fetch."))
        elif not supply.lacking:
            self.stock_caption.setText(self.tr("{name}'s van has everything this job needs.").format(
                name=supply.technician_name) if supply.technician_name
                else self.tr("This job needs no material."))
        elif supply.technician_name:
            self.stock_caption.setText(self.tr(
                "What {name}'s van lacks for this job, at the nearest depots (drive from the technician)").format(
                name=supply.technician_name))
        else:
            self.stock_caption.setText(self.tr(
                "Nobody assigned: what the job needs, at the depots nearest the site"))
        shown: set[str] = set()
        for line in supply.depots:
            first = line.material not in shown
            shown.add(line.material)
            drive = duration_text(int(round(line.minutes))) if line.minutes is not None else ""
            item = QTreeWidgetItem([line.material_name if first else "",
                                    f"{line.lacking:g} {line.unit}" if first else "",
                                    line.depot_name, f"{line.available:g} {line.unit}", drive])
            if first:
                item.setForeground(1, OVERDUE_FG)
            self.stock.addTopLevelItem(item)
        for code, name, unit, qty in supply.lacking:
            if code not in shown:
                item = QTreeWidgetItem([name, f"{qty:g} {unit}", self.tr("no depot has it"), "", ""])
                item.setForeground(2, OVERDUE_FG)
                self.stock.addTopLevelItem(item)
        self.restock_button.setEnabled(bool(supply.lacking) and supply.technician_name is not None)

    # ---- selection and return ----
    def selected_loan(self):
        item = self.loans.currentItem()
        return item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None

    def _update_buttons(self) -> None:
        loan = self.selected_loan()
        self.return_button.setEnabled(loan is not None and loan.is_out)

    def _return_selected(self) -> None:
        loan = self.selected_loan()
        if loan is not None and loan.is_out:
            self.return_requested.emit(loan)


def wire_supply_tab(window) -> None:
    """The tab's buttons are the window's commands; a loan written anywhere reads it again."""
    tab = window.detail.supply
    tab.use_commands(window.commands.lend, window.commands.restock)

    def take_back(loan) -> None:
        from .loans_panel import ReturnDialog

        tab.return_dialog = ReturnDialog(window.loans_panel, loan)
        tab.return_dialog.open()

    tab.return_requested.connect(take_back)
    window.live.loans.connect(lambda delta: tab.reload() if delta.touches("loan", "loaner_router") else None)
