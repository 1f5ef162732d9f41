"""Translatable names for stored vocabulary values, and the shared colours of the window."""
from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLocale
from PySide6.QtGui import QColor

from console.domain.timeutil import to_local
from console.map.palette import STATUS_COLORS  # noqa: F401 - re-exported for the ui


def format_local(value: datetime | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    """Stockholm time as console.domain.timeutil.format_local, but with the weekday and month
    names (%a %A %b %B) of the interface language ('sön 29 nov 04:50' in Swedish): strftime
    would give the C locale's English ones."""
    if value is None:
        return ""
    local = to_local(value)
    locale = QLocale()
    short = QLocale.FormatType.ShortFormat
    names = {
        "%a": locale.dayName(local.isoweekday(), short).rstrip("."),
        "%A": locale.dayName(local.isoweekday()),
        "%b": locale.monthName(local.month, short).rstrip("."),
        "%B": locale.monthName(local.month),
    }
    for code, name in names.items():
        fmt = fmt.replace(code, name.replace("%", "%%"))
    return local.strftime(fmt)


def _tr(text: str) -> str:
    return QCoreApplication.translate("Vocabulary", text)


_OUTAGE_STATUS = {
    "reported": QT_TRANSLATE_NOOP("Vocabulary", "Reported"),
    "assigned": QT_TRANSLATE_NOOP("Vocabulary", "Assigned"),
    "en_route": QT_TRANSLATE_NOOP("Vocabulary", "En route"),
    "on_site": QT_TRANSLATE_NOOP("Vocabulary", "On site"),
    "waiting_for_material": QT_TRANSLATE_NOOP("Vocabulary", "Waiting for material"),
    "restored": QT_TRANSLATE_NOOP("Vocabulary", "Restored"),
    "cancelled": QT_TRANSLATE_NOOP("Vocabulary", "Cancelled"),
}
_TECH_STATUS = {
    "available": QT_TRANSLATE_NOOP("Vocabulary", "Available"),
    "assigned": QT_TRANSLATE_NOOP("Vocabulary", "Assigned"),
    "en_route": QT_TRANSLATE_NOOP("Vocabulary", "En route"),
    "on_site": QT_TRANSLATE_NOOP("Vocabulary", "On site"),
    "restocking": QT_TRANSLATE_NOOP("Vocabulary", "Restocking"),
    "off_duty": QT_TRANSLATE_NOOP("Vocabulary", "Off duty"),
}
_CAUSE = {
    "excavation_damage": QT_TRANSLATE_NOOP("Vocabulary", "Excavation damage"),
    "cable_fault": QT_TRANSLATE_NOOP("Vocabulary", "Cable fault"),
    "equipment_failure": QT_TRANSLATE_NOOP("Vocabulary", "Equipment failure"),
    "power": QT_TRANSLATE_NOOP("Vocabulary", "Power failure"),
    "weather": QT_TRANSLATE_NOOP("Vocabulary", "Weather"),
    "unknown": QT_TRANSLATE_NOOP("Vocabulary", "Unknown"),
}
_ETA_REASON = {
    "initial": QT_TRANSLATE_NOOP("Vocabulary", "Initial estimate"),
    "assessment": QT_TRANSLATE_NOOP("Vocabulary", "Assessment on site"),
    "travel": QT_TRANSLATE_NOOP("Vocabulary", "Travel"),
    "restock": QT_TRANSLATE_NOOP("Vocabulary", "Restocking material"),
    "darkness": QT_TRANSLATE_NOOP("Vocabulary", "Darkness"),
    "access": QT_TRANSLATE_NOOP("Vocabulary", "Access to site"),
    "weather": QT_TRANSLATE_NOOP("Vocabulary", "Weather"),
    "scope": QT_TRANSLATE_NOOP("Vocabulary", "Larger scope"),
    "other": QT_TRANSLATE_NOOP("Vocabulary", "Other"),
}

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


def local_time(value: datetime | None, now: datetime | None = None) -> str:
    """Within a few days of now the weekday says enough ('Tue 21:00'); further off, the date."""
    if value is None:
        return ""
    if now is not None and abs((value - now).total_seconds()) < 5 * 86400:
        return format_local(value, "%a %H:%M")
    return format_local(value, "%a %d %b %H:%M")


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
