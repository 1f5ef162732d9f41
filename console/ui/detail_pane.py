"""The selected outage in full: its facts, the ETA history as a timeline, crew, material, events.

Everything from the database goes into plain-text labels and item views: a title such as
`<img src=x onerror=alert(1)>` is shown as those characters, never interpreted.
"""
from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QStackedWidget,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from console.domain.timeutil import utcnow

from .data import Detail
from .eta_chart_view import EtaChartView
from .labels import (
    OVERDUE_FG,
    STALE_FG,
    STATUS_COLORS,
    UNTOLD_FG,
    cause_label,
    duration_text,
    eta_reason_label,
    format_local,
    local_time,
    outage_status_label,
    technician_status_label,
)
from .widgets import fit_header


def plain_label(text: str = "", parent=None, wrap: bool = False) -> QLabel:
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setWordWrap(wrap)
    label.setText(text)
    return label


def _clock(iso: str | None) -> str:
    """HH:MM of an ISO time with offset (already Stockholm time), or a dash when there is none."""
    return datetime.fromisoformat(iso).strftime("%H:%M") if iso else "\u2014"


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
    fit_header(tree.header())  # Swedish titles run longer than the widths chosen for English
    return tree


class DetailPane(QWidget):
    """Shows one outage. The window feeds it `show_detail(Detail)`; `clear()` empties it."""

    technician_activated = Signal(int)
    # ("complete" | "cancel", RestockRunView): the dispatcher acts on a material run from the list.
    run_requested = Signal(str, object)

    def __init__(self, parent=None, workers=None):
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

        # Daylight at the site: when the crew loses the light, and whether the job needs lighting.
        day_row = QHBoxLayout()
        day_row.setSpacing(10)
        day_caption = QLabel(self.tr("Daylight"), body)
        day_caption.setObjectName("fieldCaption")
        self.daylight = plain_label("", body, wrap=True)
        self.daylight.setObjectName("field_daylight")
        self.darkness = plain_label("", body)
        self.darkness.setObjectName("field_darkness")
        self.dark_flag = plain_label("", body)
        self.dark_flag.setObjectName("darknessFlag")
        hours_row = QHBoxLayout()
        hours_row.setSpacing(10)
        hours_row.addWidget(self.darkness)
        hours_row.addWidget(self.dark_flag)
        hours_row.addStretch(1)
        day_col = QVBoxLayout()
        day_col.setSpacing(2)
        day_col.addWidget(self.daylight)
        day_col.addLayout(hours_row)
        day_row.addWidget(day_caption, 0, Qt.AlignmentFlag.AlignTop)
        day_row.addLayout(day_col, 1)
        col.addLayout(day_row)

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
        self.notices = _tree(self, [self.tr("Sent"), self.tr("Channel"), self.tr("Language"), self.tr("By"),
                                    self.tr("Text")], [120, 70, 86, 120, 420])
        self.notices.setObjectName("noticeList")
        self.customers = _tree(self, [self.tr("Customer"), self.tr("Name"), self.tr("Address"), self.tr("Node"),
                                      self.tr("Language"), self.tr("Can be told by")], [100, 150, 220, 90, 70, 110])
        self.customers.setObjectName("affectedCustomers")
        self.customers.setUniformRowHeights(True)  # a node can feed thousands: keep the tree quick
        crew_box = QWidget(self)
        crew_col = QVBoxLayout(crew_box)
        crew_col.setContentsMargins(0, 4, 0, 0)
        crew_col.addWidget(self.crew, 1)
        self.materials_caption = plain_label("", crew_box, wrap=True)
        self.materials_caption.setObjectName("fieldCaption")
        crew_col.addWidget(self.materials_caption)
        crew_col.addWidget(self.materials, 1)
        self.runs_caption = plain_label(self.tr("Material runs (right-click a run under way to close it)"), crew_box)
        self.runs_caption.setObjectName("fieldCaption")
        self.runs = _tree(self, [self.tr("Technician"), self.tr("From"), self.tr("Material"), self.tr("At source"),
                                 self.tr("Status")], [130, 130, 200, 100, 90])
        self.runs.setObjectName("restockRunList")
        self.runs.setSelectionMode(QTreeWidget.SelectionMode.SingleSelection)
        self.runs.setMaximumHeight(96)
        self.runs.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.runs.customContextMenuRequested.connect(self._runs_menu)
        crew_col.addWidget(self.runs_caption)
        crew_col.addWidget(self.runs)
        # The chart first: the shape of a slipping ETA is what a dispatcher takes in at a glance.
        self.eta_chart = EtaChartView(workers, self)
        self.tabs.addTab(self.eta_chart, self.tr("ETA chart"))
        self.tabs.addTab(self.timeline, self.tr("ETA history"))
        self.tabs.addTab(crew_box, self.tr("Crew and material"))
        from .detail_supply import OutageSupplyTab

        self.supply = OutageSupplyTab(workers, self)
        self.tabs.addTab(self.supply, self.tr("Loaners and stock"))
        self.tabs.addTab(self.notices, self.tr("Notices"))
        self.tabs.addTab(self.customers, self.tr("Customers"))
        self.tabs.addTab(self.events, self.tr("Event log"))
        col.addWidget(self.tabs, 1)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self._stack)
        self.clear()

    # ---- public ----
    def clear(self) -> None:
        self.outage_id = None
        self.eta_chart.clear()
        self.supply.show_outage(None)
        self._stack.setCurrentWidget(self._empty)

    def set_now(self, now: datetime) -> None:
        """The console's clock ticked: "now" moves on the chart."""
        if self.outage_id is not None:
            self.eta_chart.set_now(now)

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
            overdue = o.eta_overdue_at(now)
            text = local_time(o.current_eta)
            if overdue:
                text += "  " + self.tr("(passed)")
            eta_label.setText(text)
            eta_label.setStyleSheet(f"color:{OVERDUE_FG.name()}; font-weight:600;" if overdue else "font-weight:600;")
        self.fields["first_eta"].setText(
            (local_time(o.first_eta) + "  " + self.tr("%n revision(s)", "", o.eta_revisions))
            if o.first_eta else "\u2014")
        gap = o.untold_minutes_at(now)
        told = self.fields["told"]
        if gap is None:
            told.setText("\u2014")
            told.setStyleSheet("")
        else:
            when = local_time(o.customers_told_at) if o.customers_told_at else self.tr("never")
            told.setText(self.tr("{when}; silent for {gap}").format(when=when, gap=duration_text(gap)))
            told.setStyleSheet(f"color:{UNTOLD_FG.name()}; font-weight:600;"
                               if o.info_gap_at(now) else "")
        self.fields["crew"].setText(", ".join(o.technician_names) or self.tr("nobody assigned"))

        self._fill_timeline(detail)
        self.eta_chart.show_outage(detail, now)
        self._fill_crew(detail, now)
        self._fill_daylight(detail)
        self._fill_runs(detail)
        self._fill_events(detail)
        self._fill_customers(detail)
        self.supply.show_outage(o.id)
        self._stack.setCurrentIndex(1)

    def _fill_customers(self, detail: Detail) -> None:
        """Who the register says the outage affects; which channel reaches them, never the contact."""
        shown = (detail.outage.id, detail.customers)
        if getattr(self, "_customers_shown", None) == shown:
            return  # thousands of rows: not rebuilt for a delta that changed something else
        self._customers_shown = shown
        self.customers.clear()
        channel = {"sms": self.tr("SMS"), "email": self.tr("e-mail"), "sms+email": self.tr("SMS and e-mail")}
        items = [QTreeWidgetItem([c.ref, c.name, c.address, c.node, c.lang, channel.get(c.channels, "\u2014")])
                 for c in detail.customers]
        if not items:
            items.append(QTreeWidgetItem(["", "", self.tr("No customers in the register are tied to this outage.")]))
        self.customers.addTopLevelItems(items)
        n = len(detail.customers)
        self.tabs.setTabText(self.tabs.indexOf(self.customers),
                             self.tr("Customers ({n})").format(n=n) if n else self.tr("Customers"))

    def show_notices(self, outage_id: int, notices) -> None:
        """The notices sent for outage_id (NoticeView, oldest first), newest shown on top."""
        if outage_id != self.outage_id:
            return  # the dispatcher moved on while they loaded
        from .notices_dialog import channel_label

        self.notices.clear()
        items = []
        for n in reversed(list(notices)):
            text = " ".join(n.text.split())
            item = QTreeWidgetItem([format_local(n.sent_at, "%a %d %b %H:%M"), channel_label(n.channel),
                                    n.lang, n.sent_by, text])
            item.setToolTip(4, n.text)
            items.append(item)
        if not items:
            items.append(QTreeWidgetItem(["", "", "", "", self.tr("Customers have not been sent any notice yet.")]))
        self.notices.addTopLevelItems(items)
        self.tabs.setTabText(self.tabs.indexOf(self.notices),
                             self.tr("Notices ({n})").format(n=len(notices)) if notices else self.tr("Notices"))

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
            minutes, stale = tech.position_age_at(now), tech.position_stale_at(now)
            if minutes is None:
                fix = self.tr("no fix")
            else:
                fix = duration_text(minutes) + (" " + self.tr("(stale)") if stale else "")
            item = QTreeWidgetItem([tech.name, technician_status_label(tech.status), fix, tech.phone, tech.vehicle])
            item.setData(0, Qt.ItemDataRole.UserRole, tech.id)
            if stale:
                item.setForeground(2, STALE_FG)
            self.crew.addTopLevelItem(item)
        self.materials.clear()
        if detail.materials is not None:
            self.materials_caption.setText(
                self.tr("Material a job of this cause usually needs, against the crew's vans")
                if detail.materials_default else self.tr("Material the job needs, against the crew's vans"))
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
        names = dict(detail.material_names)
        for event in detail.events:
            self.events.addTopLevelItem(QTreeWidgetItem([
                format_local(event.at, "%a %d %b %H:%M"), event.who, self._event_text(event, names, detail.outage.id)]))
        for column in (0, 1):
            self.events.resizeColumnToContents(column)

    def _event_text(self, event, materials: dict[str, str] | None = None, outage_id: int | None = None) -> str:
        """The event in the window's words: statuses, causes and reasons as the board says them,
        materials by name, times in full; the stored summary only for rows of other kinds."""
        p = event.payload
        if event.kind == "eta":
            text = self.tr("ETA set to {eta} ({reason})").format(
                eta=format_local(p.eta, "%a %d %b %H:%M"), reason=eta_reason_label(p.reason))
            return f"{text}: {p.note}" if p.note else text
        if event.kind == "notice":
            return self.tr("Customers told by {channel}: {text}").format(channel=p.channel, text=p.text)
        if event.kind == "audit":
            text = self._audit_text(p, materials or {}, outage_id)
            if text:
                return text
        return str(getattr(p, "summary", "") or getattr(p, "action", ""))

    def _audit_text(self, row, materials: dict[str, str], wanted: int | None) -> str:
        before, after = row.before or {}, row.after or {}

        def when(key: str, side: dict) -> str:
            value = side.get(key)
            if not isinstance(value, str):
                return ""
            try:
                return format_local(datetime.fromisoformat(value), "%a %d %b %H:%M")
            except ValueError:
                return value

        def items(listed) -> str:
            if not isinstance(listed, list):
                return ""
            return ", ".join(f"{i.get('quantity', '?')} \u00d7 {materials.get(i.get('material'), i.get('material'))}"
                             for i in listed if isinstance(i, dict))

        key = (row.entity, row.action)
        if key == ("outage", "create"):
            return self.tr("Reported: {title} ({n} customers, {cause})").format(
                title=after.get("title", ""), n=after.get("customers_affected", "?"),
                cause=cause_label(str(after.get("cause", "unknown"))))
        if key == ("outage", "status") and before.get("status") != after.get("status"):
            return self.tr("Status: {old} \u2192 {new}").format(
                old=outage_status_label(str(before.get("status"))), new=outage_status_label(str(after.get("status"))))
        if key == ("outage", "eta"):
            text = self.tr("ETA set to {eta} ({reason})").format(
                eta=when("eta", after), reason=eta_reason_label(str(after.get("reason", ""))))
            return f"{text}: {after['note']}" if after.get("note") else text
        if key == ("outage", "notice"):
            return self.tr("Customers told by {channel}").format(channel=after.get("channel", "?"))
        if key == ("technician", "assign"):
            who = row.subject or self.tr("A technician")
            if wanted is None or after.get("outage_id") == wanted:
                return self.tr("{who} assigned").format(who=who)
            return self.tr("{who} moved to outage #{n}").format(who=who, n=after.get("outage_id"))
        if key == ("restock_run", "send"):
            return self.tr("Material run: {items} from {source}, there about {at}").format(
                items=items(after.get("items")), source=after.get("source_name", "?"),
                at=when("expected_arrival", after))
        if key == ("restock_run", "complete"):
            return self.tr("Material run from {source} completed: the material is in the van").format(
                source=before.get("source_name", "?"))
        if key == ("restock_run", "cancel"):
            return self.tr("Material run from {source} cancelled").format(source=before.get("source_name", "?"))
        if key == ("loaner_router", "lend"):
            return self.tr("Loaner router {serial} lent to {customer}, due back {due}").format(
                serial=row.entity_id, customer=after.get("customer_ref", "?"), due=when("due_at", after))
        if key == ("loaner_router", "return"):
            return self.tr("Loaner router {serial} returned by {customer}").format(
                serial=row.entity_id, customer=before.get("customer_ref", "?"))
        return ""

    def _fill_daylight(self, detail: Detail) -> None:
        dark = detail.darkness
        if dark is None:
            self.daylight.setText("\u2014")
            self.darkness.setText("")
            self.dark_flag.hide()
            return
        sun = dark.sun_today
        polar = sun.get("polar")
        if polar == "day":
            sun_text = self.tr("Midnight sun today: it does not get dark")
        elif polar == "night":
            sun_text = self.tr("Polar night today: the sun does not rise")
        else:
            sun_text = self.tr("Today: dawn {dawn} · sunrise {sunrise} · sunset {sunset} · dusk {dusk}").format(
                **{key: _clock(sun.get(key)) for key in ("dawn", "sunrise", "sunset", "dusk")})
        until = (self.tr("until the ETA") if dark.window_from_eta
                 else self.tr("in the usual repair time (no ETA ahead)"))
        hours = self.tr("{h} h of darkness {until}").format(h=QLocale().toString(float(dark.dark_hours), "f", 1), until=until) \
            if dark.runs_into_darkness else self.tr("daylight all the way {until}").format(until=until)
        self.daylight.setText(sun_text)
        self.darkness.setText(hours)
        if dark.runs_into_darkness:
            self.dark_flag.setText(self.tr("Work runs into darkness \u2014 lighting kit needed"))
            self.dark_flag.setStyleSheet("background:#fef3c7; color:#92400e; border:1px solid #f59e0b;"
                                         "border-radius:9px; padding:2px 10px; font-weight:600;")
            self.dark_flag.show()
        else:
            self.dark_flag.hide()

    def _fill_runs(self, detail: Detail) -> None:
        from .restock_dialog import run_status_label

        self.runs.clear()
        names = dict(detail.material_names)
        names.update((line.material, line.name) for tech in detail.crew for line in tech.van_stock)
        now = utcnow()
        ordered = sorted(detail.runs, key=lambda r: (r.status != "under_way", -r.id))
        for run in ordered:
            material = ", ".join(f"{q:g} \u00d7 {names.get(m, m)}" for m, q in run.items)
            item = QTreeWidgetItem([run.technician_name, run.source_name, material,
                                    local_time(run.expected_arrival, now), run_status_label(run.status)])
            item.setData(0, Qt.ItemDataRole.UserRole, run)
            if run.status != "under_way":
                for c in range(5):
                    item.setForeground(c, Qt.GlobalColor.gray)
            self.runs.addTopLevelItem(item)
        self.runs_caption.setVisible(bool(ordered))
        self.runs.setVisible(bool(ordered))

    def _runs_menu(self, pos) -> None:
        item = self.runs.itemAt(pos)
        run = item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None
        if run is None or run.status != "under_way":
            return
        self.runs.setCurrentItem(item)
        menu = QMenu(self)
        menu.addAction(self.tr("Material picked up"), lambda: self.run_requested.emit("complete", run))
        menu.addAction(self.tr("Call off run"), lambda: self.run_requested.emit("cancel", run))
        menu.popup(self.runs.viewport().mapToGlobal(pos))

    def _crew_activated(self, item, _col) -> None:
        tech_id = item.data(0, Qt.ItemDataRole.UserRole)
        if tech_id is not None:
            self.technician_activated.emit(int(tech_id))
