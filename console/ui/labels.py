"""Translatable names for stored vocabulary values, and the shared colours of the window."""
from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor

from console.domain.timeutil import format_local


def _tr(text: str) -> str:
    return QCoreApplication.translate("Vocabulary", text)


_OUTAGE_STATUS = {
    "reported": "Reported",
    "assigned": "Assigned",
    "en_route": "En route",
    "on_site": "On site",
    "waiting_for_material": "Waiting for material",
    "restored": "Restored",
    "cancelled": "Cancelled",
}
_TECH_STATUS = {
    "available": "Available",
    "assigned": "Assigned",
    "en_route": "En route",
    "on_site": "On site",
    "restocking": "Restocking",
    "off_duty": "Off duty",
}
_CAUSE = {
    "excavation_damage": "Excavation damage",
    "cable_fault": "Cable fault",
    "equipment_failure": "Equipment failure",
    "power": "Power failure",
    "weather": "Weather",
    "unknown": "Unknown",
}
_ETA_REASON = {
    "initial": "Initial estimate",
    "assessment": "Assessment on site",
    "travel": "Travel",
    "restock": "Restocking material",
    "darkness": "Darkness",
    "access": "Access to site",
    "weather": "Weather",
    "scope": "Larger scope",
    "other": "Other",
}

# The strings above must be visible to lupdate; these calls only mark them.
if False:  # pragma: no cover
    for _t in (*_OUTAGE_STATUS.values(), *_TECH_STATUS.values(), *_CAUSE.values(), *_ETA_REASON.values()):
        QCoreApplication.translate("Vocabulary", _t)


def outage_status_label(value: str) -> str:
    return _tr(_OUTAGE_STATUS[value]) if value in _OUTAGE_STATUS else value


def technician_status_label(value: str) -> str:
    return _tr(_TECH_STATUS[value]) if value in _TECH_STATUS else value


def cause_label(value: str) -> str:
    return _tr(_CAUSE[value]) if value in _CAUSE else value


def eta_reason_label(value: str) -> str:
    return _tr(_ETA_REASON[value]) if value in _ETA_REASON else value


def outage_statuses() -> list[str]:
    return list(_OUTAGE_STATUS)


def causes() -> list[str]:
    return list(_CAUSE)


def eta_reasons() -> list[str]:
    return list(_ETA_REASON)


# The same hues as the map's legend, so a status reads the same on the board and the map.
STATUS_COLORS = {
    "reported": "#dc2626",
    "assigned": "#ea580c",
    "en_route": "#f59e0b",
    "on_site": "#2563eb",
    "waiting_for_material": "#7c3aed",
    "restored": "#16a34a",
    "cancelled": "#9ca3af",
}
TECH_STATUS_COLORS = {
    "available": "#16a34a",
    "assigned": "#ea580c",
    "en_route": "#f59e0b",
    "on_site": "#2563eb",
    "restocking": "#7c3aed",
    "off_duty": "#9ca3af",
}

OVERDUE_BG = QColor("#fde2e1")
OVERDUE_FG = QColor("#9f1239")
UNTOLD_BG = QColor("#fdf0d5")
UNTOLD_FG = QColor("#92400e")
STALE_FG = QColor("#9a6b00")
MUTED_FG = QColor("#6b7280")

UNTOLD_LIMIT_MINUTES = 60
STALE_FIX_MINUTES = 10


def local_time(value: datetime | None) -> str:
    return format_local(value, "%a %d %b %H:%M") if value is not None else ""


def duration_text(minutes: int | None) -> str:
    """Short, readable durations: '45 min', '3 h 05', '2 d 4 h'."""
    if minutes is None:
        return ""
    minutes = max(0, int(minutes))
    if minutes < 60:
        return QCoreApplication.translate("Duration", "%n min", "", minutes)
    hours, mins = divmod(minutes, 60)
    if hours < 48:
        return QCoreApplication.translate("Duration", "{h} h {m:02d}").format(h=hours, m=mins)
    days, hours = divmod(hours, 24)
    return QCoreApplication.translate("Duration", "{d} d {h} h").format(d=days, h=hours)
