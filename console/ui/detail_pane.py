"""The selected outage in full: its facts, the ETA history as a timeline, crew, material, events.

Everything from the database goes into plain-text labels and item views: a title such as
`<img src=x onerror=alert(1)>` is shown as those characters, never interpreted.
"""
from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QStackedWidget,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from console.domain.timeutil import format_local, utcnow

from .data import Detail
from .labels import (
    OVERDUE_FG,
    STALE_FIX_MINUTES,
    STALE_FG,
    STATUS_COLORS,
    UNTOLD_FG,
    UNTOLD_LIMIT_MINUTES,
    cause_label,
    duration_text,
    eta_reason_label,
    local_time,
    outage_status_label,
    technician_status_label,
)


def plain_label(text: str = "", parent=None, wrap: bool = False) -> QLabel:
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setWordWrap(wrap)
    label.setText(text)
    return label


def _shift_text(minutes: int) -> str:
    sign = "+" if minutes >= 0 else "\u2212"
    return sign + duration_text(abs(minutes))


def _tree(parent, headers: list[str], widths: list[int]) -> QTreeWidget:
    tree = QTreeWidget(parent)
    tree.setRootIsDecorated(False)
    tree.setAlternatingRowColors(True)
    tree.setUniformRowHeights(False)
    tree.setWordWrap(True)
    tree.setHeaderLabels(headers)
    tree.setSelectionMode(QTreeWidget.SelectionMode.NoSelection)
    for i, w in enumerate(widths):
        tree.setColumnWidth(i, w)
    return tree


class DetailPane(QWidget):
    """Shows one outage. The window feeds it `show_detail(Detail)`; `clear()` empties it."""

    technician_activated = Signal(int)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.outage_id: int | None = None
        self._stack = QStackedWidget(self)
        self._empty = plain_label(self.tr("Select an outage on the board or on the map."), self)
        self._empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._empty.setObjectName("detailEmpty")
        self._stack.addWidget(self._empty)

        body = QWidget(self)
        self._stack.addWidget(body)
        col = QVBoxLayout(body)
        col.setContentsMargins(10, 8, 10, 6)
        col.setSpacing(6)

        head = QHBoxLayout()
        self.title = plain_label("", body, wrap=True)
        self.title.setObjectName("detailTitle")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setWeight(QFont.Weight.DemiBold)
        self.title.setFont(font)
        self.status = plain_label("", body)
        self.status.setObjectName("statusChip")
        self.status.setAlignment(Qt.AlignmentFlag.AlignCenter)
        head.addWidget(self.title, 1)
        head.addWidget(self.status, 0, Qt.AlignmentFlag.AlignTop)
        col.addLayout(head)

        facts = QHBoxLayout()
        facts.setSpacing(24)
        left, right = QFormLayout(), QFormLayout()
        for form in (left, right):
            form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
            form.setHorizontalSpacing(10)
            form.setVerticalSpacing(2)
        self.fields: dict[str, QLabel] = {}
        for form, rows in (
            (left, [("customers", self.tr("Customers")), ("cause", self.tr("Cause")),
                    ("area", self.tr("Area")), ("started", self.tr("Started"))]),
            (right, [("eta", self.tr("Current ETA")), ("first_eta", self.tr("First ETA")),
                     ("told", self.tr("Customers told")), ("crew", self.tr("Technicians"))]),
        ):
            for key, caption in rows:
                value = plain_label("", body, wrap=True)
                value.setObjectName(f"field_{key}")
                self.fields[key] = value
                caption_label = QLabel(caption, body)
                caption_label.setObjectName("fieldCaption")
                form.addRow(caption_label, value)
        facts.addLayout(left, 1)
        facts.addLayout(right, 1)
        col.addLayout(facts)

        line = QFrame(body)
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Plain)
        line.setObjectName("separator")
        col.addWidget(line)

        self.tabs = QTabWidget(body)
        self.tabs.setDocumentMode(True)
        self.timeline = _tree(self, [self.tr("Recorded"), self.tr("ETA"), self.tr("Moved"), self.tr("Reason"),
                                     self.tr("By"), self.tr("Note")], [130, 140, 70, 140, 110, 200])
        self.timeline.setObjectName("etaTimeline")
        self.crew = _tree(self, [self.tr("Technician"), self.tr("Status"), self.tr("Last fix"), self.tr("Phone"),
                                 self.tr("Vehicle")], [150, 110, 110, 130, 120])
        self.crew.setSelectionMode(QTreeWidget.SelectionMode.SingleSelection)
        self.crew.itemActivated.connect(self._crew_activated)
        self.materials = _tree(self, [self.tr("Material"), self.tr("Needed"), self.tr("In the vans"),
                                      self.tr("Short")], [200, 80, 90, 80])
        self.events = _tree(self, [self.tr("Time"), self.tr("Who"), self.tr("What")], [120, 110, 400])
        self.events.setObjectName("eventLog")
        crew_box = QWidget(self)
        crew_col = QVBoxLayout(crew_box)
        crew_col.setContentsMargins(0, 4, 0, 0)
        crew_col.addWidget(self.crew, 1)
        self.materials_caption = plain_label("", crew_box, wrap=True)
        self.materials_caption.setObjectName("fieldCaption")
        crew_col.addWidget(self.materials_caption)
        crew_col.addWidget(self.materials, 1)
        self.tabs.addTab(self.timeline, self.tr("ETA history"))
        self.tabs.addTab(crew_box, self.tr("Crew and material"))
        self.tabs.addTab(self.events, self.tr("Event log"))
        col.addWidget(self.tabs, 1)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self._stack)
        self.clear()

    # ---- public ----
    def clear(self) -> None:
        self.outage_id = None
        self._stack.setCurrentWidget(self._empty)

    def show_detail(self, detail: Detail, now: datetime | None = None) -> None:
        now = now or utcnow()
        o = detail.outage
        self.outage_id = o.id
        self.title.setText(f"#{o.id}  {o.title}")
        self.status.setText(outage_status_label(o.status))
        color = STATUS_COLORS.get(o.status, "#64748b")
        self.status.setStyleSheet(f"background:{color}; color:white; border-radius:9px; padding:2px 10px;"
                                  "font-weight:600;")
        self.fields["customers"].setText(str(o.customers_affected))
        self.fields["cause"].setText(cause_label(o.cause))
        self.fields["area"].setText(o.area or "\u2014")
        started = local_time(o.started_at)
        end = o.restored_at or now
        self.fields["started"].setText(
            f"{started}  ({duration_text(int((end - o.started_at).total_seconds() // 60))})")
        eta_label = self.fields["eta"]
        if o.current_eta is None:
            eta_label.setText(self.tr("not set") if o.is_open else "\u2014")
            eta_label.setStyleSheet("")
        else:
            overdue = o.is_open and o.current_eta < now
            text = local_time(o.current_eta)
            if overdue:
                text += "  " + self.tr("(passed)")
            eta_label.setText(text)
            eta_label.setStyleSheet(f"color:{OVERDUE_FG.name()}; font-weight:600;" if overdue else "font-weight:600;")
        self.fields["first_eta"].setText(
            (local_time(o.first_eta) + "  " + self.tr("%n revision(s)", "", o.eta_revisions))
            if o.first_eta else "\u2014")
        gap = o.minutes_since_customers_told
        if gap is not None:
            gap += max(0, int((now - o.as_of).total_seconds() // 60))
        told = self.fields["told"]
        if gap is None:
            told.setText("\u2014")
            told.setStyleSheet("")
        else:
            when = local_time(o.customers_told_at) if o.customers_told_at else self.tr("never")
            told.setText(self.tr("{when}; silent for {gap}").format(when=when, gap=duration_text(gap)))
            told.setStyleSheet(f"color:{UNTOLD_FG.name()}; font-weight:600;"
                               if gap > UNTOLD_LIMIT_MINUTES else "")
        self.fields["crew"].setText(", ".join(o.technician_names) or self.tr("nobody assigned"))

        self._fill_timeline(detail)
        self._fill_crew(detail, now)
        self._fill_events(detail)
        self._stack.setCurrentIndex(1)

    # ---- sections ----
    def _fill_timeline(self, detail: Detail) -> None:
        self.timeline.clear()
        previous = None
        items = []
        for i, rev in enumerate(detail.eta_history):
            moved = "" if previous is None else _shift_text(int((rev.eta - previous).total_seconds() // 60))
            item = QTreeWidgetItem([
                format_local(rev.recorded_at, "%a %d %b %H:%M"),
                format_local(rev.eta, "%a %d %b %H:%M"),
                moved,
                eta_reason_label(rev.reason),
                rev.recorded_by,
                rev.note,
            ])
            item.setToolTip(5, rev.note)
            if previous is not None and rev.eta > previous:
                item.setForeground(2, OVERDUE_FG)
            if i == len(detail.eta_history) - 1:
                font = item.font(1)
                font.setBold(True)
                item.setFont(1, font)
            previous = rev.eta
            items.append(item)
        if not items:
            items.append(QTreeWidgetItem(["", self.tr("No ETA has been promised yet."), "", "", "", ""]))
        self.timeline.addTopLevelItems(items)

    def _fill_crew(self, detail: Detail, now: datetime) -> None:
        self.crew.clear()
        for tech in detail.crew:
            if tech.fix_at is None:
                fix, stale = self.tr("no fix"), True
            else:
                minutes = max(0, int((now - tech.fix_at).total_seconds() // 60))
                stale = minutes > STALE_FIX_MINUTES
                fix = duration_text(minutes) + (" " + self.tr("(stale)") if stale else "")
            item = QTreeWidgetItem([tech.name, technician_status_label(tech.status), fix, tech.phone, tech.vehicle])
            item.setData(0, Qt.ItemDataRole.UserRole, tech.id)
            if stale:
                item.setForeground(2, STALE_FG)
            self.crew.addTopLevelItem(item)
        self.materials.clear()
        if detail.materials is not None:
            self.materials_caption.setText(self.tr("Material the job needs, against the crew's vans"))
            self.materials.setHeaderLabels([self.tr("Material"), self.tr("Needed"), self.tr("In the vans"),
                                            self.tr("Short")])
            for name, unit, needed, have in detail.materials:
                short = max(0.0, needed - have)
                item = QTreeWidgetItem([name, f"{needed:g} {unit}", f"{have:g} {unit}",
                                        f"{short:g} {unit}" if short else ""])
                if short:
                    item.setForeground(3, OVERDUE_FG)
                self.materials.addTopLevelItem(item)
        else:
            self.materials_caption.setText(self.tr("Van stock of the assigned technicians"))
            self.materials.setHeaderLabels([self.tr("Material"), self.tr("Technician"), self.tr("In the van"), ""])
            for tech in detail.crew:
                for line in tech.van_stock:
                    item = QTreeWidgetItem([line.name, tech.name, f"{line.available:g} {line.unit}", ""])
                    if line.available <= 0:
                        item.setForeground(2, OVERDUE_FG)
                    self.materials.addTopLevelItem(item)

    def _fill_events(self, detail: Detail) -> None:
        self.events.clear()
        for event in detail.events:
            self.events.addTopLevelItem(QTreeWidgetItem([
                format_local(event.at, "%a %d %b %H:%M"), event.who, self._event_text(event)]))

    def _event_text(self, event) -> str:
        p = event.payload
        if event.kind == "eta":
            text = self.tr("ETA set to {eta} ({reason})").format(
                eta=format_local(p.eta, "%a %d %b %H:%M"), reason=eta_reason_label(p.reason))
            return f"{text}: {p.note}" if p.note else text
        if event.kind == "notice":
            return self.tr("Customers told by {channel}: {text}").format(channel=p.channel, text=p.text)
        return str(getattr(p, "summary", "") or getattr(p, "action", ""))

    def _crew_activated(self, item, _col) -> None:
        tech_id = item.data(0, Qt.ItemDataRole.UserRole)
        if tech_id is not None:
            self.technician_activated.emit(int(tech_id))
